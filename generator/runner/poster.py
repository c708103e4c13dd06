"""What a staff poster short of room leaves off, a grade at a time.

A poster keeps what is acted on at a glance: the 999 line, the team's names
and numbers, the four steps, the contacts. When those do not fit at the
paper's smallest legible type, the poster leaves off, in this order, where to
find each person (the staff card and briefing give it), then the strap under
the title (the team's heading says the same), then the signs of abuse one
category at a time from the last (the staff briefing lists every sign), and
keeps as many categories as fit. Each grade is one more thing left off.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.products import Variant
from generator.resolve.pack import Pack

# How far a grade's estimate may fall short of what it saves, as a share of
# the page: a grade that comes within it is laid out to see.
SLACK = 0.02


@dataclass(frozen=True)
class Cut:
    """One grade: what the template leaves off (``where``, ``strap``) and how
    many categories of signs it keeps (``signs``)."""

    where: bool
    strap: bool
    signs: int


def cuts(pack: Pack, variant: Variant) -> list[Cut]:
    """The poster's grades, from nothing left off to everything that may be.
    Grades that leave off only what this paper never shows are skipped: the
    strap and signs on languages side by side, the signs on the A4 desk copy."""
    count = len(pack.content.categories)
    halves = variant.layout == "side-by-side"
    grades = [Cut(False, False, count), Cut(True, False, count)]
    if not halves:
        grades.append(Cut(True, True, count))
    if not halves and variant.size != "a4":
        grades += [Cut(True, True, kept) for kept in range(count - 1, -1, -1)]
    return grades


def cut_at(pack: Pack, variant: Variant, grade: int) -> Cut:
    """The template's ``cut`` at a grade (the last, should a recorded grade
    be past it)."""
    grades = cuts(pack, variant)
    return grades[min(grade, len(grades) - 1)]


def left_off(pack: Pack, variant: Variant, grade: int) -> str | None:
    """What a grade leaves off, and where a reader finds it instead."""
    if grade <= 0:
        return None
    cut = cut_at(pack, variant, grade)
    said = []
    if cut.where and any(member.where for member in pack.safeguarding_team):
        said.append("where to find each person (the staff card and briefing give it)")
    if cut.strap:
        said.append("the line under the title (the team's heading says the same)")
    dropped = [c.title for c in pack.content.categories[cut.signs :]]
    if dropped:
        names = ", ".join(f'"{title}"' for title in dropped)
        said.append(f"the signs of {names} (the staff briefing lists every sign)")
    if not said:
        return None
    return (
        "left off to keep the team's names and numbers large enough to read "
        f"across a room: {'; '.join(said)} — a shorter team: list, or shorter "
        "where: lines, keeps them"
    )


def first_possible(pack: Pack, variant: Variant, document: Any, full: float) -> int:
    """The first grade that could fit, from one layout of the poster with
    nothing left off (``document``, at the legible floor, ``full`` as the
    search measures it): each grade before it leaves off less than the poster
    runs over, by the most each part's boxes let it save, or nothing at all,
    so they need no layout. The number of grades when none could."""
    from generator.layout import boxes

    root = boxes.page_box(document.pages[0])
    target = boxes.fit_target(document, variant.pages)
    over = (full - 1) * target - SLACK * target
    if len(document.pages) > variant.pages:
        # A page that runs on counts its bottom margin in the length: room
        # that no grade has to make.
        over -= boxes.bottom_margin(document.pages[0])
    most = {
        "where": _where_lines(root),
        "strap": sum(boxes.outer_height(box) for box in _with_class(root, "strap")),
    }
    signs = _signs_saved(root, len(pack.content.categories))
    grades = cuts(pack, variant)
    if not (signs or most["strap"] or _with_class(root, "person")):
        # Not safeprint's poster (a school's own template): every grade is tried.
        return 1
    for grade, cut in enumerate(grades[1:], start=1):
        saved = (
            most["where"] * cut.where
            + most["strap"] * cut.strap
            + signs.get(cut.signs, 0.0)
        )
        # One that saves nothing lays the poster out as it was: over its page.
        if saved > 0 and saved >= over:
            return grade
    return len(grades)


def _with_class(root: Any, name: str) -> list[Any]:
    """The boxes of the elements of a class (each element's first box)."""
    from generator.layout import boxes

    found, seen = [], set()
    for box in boxes.descendants(root):
        element = boxes.element(box)
        if element is None or id(element) in seen:
            continue
        if name in (boxes.element_attribute(box, "class") or "").split():
            seen.add(id(element))
            found.append(box)
    return found


def _text_blocks(box: Any) -> list[tuple[Any, list[Any]]]:
    """The boxes that hold lines of text, each with its lines: not those
    inside a line (a list's bullet, an inline block, is a line of its own)."""
    from generator.layout import boxes

    lines = [child for child in boxes.children(box) if boxes.is_line(child)]
    found = [(box, lines)] if lines else []
    for child in boxes.children(box):
        if not boxes.is_line(child):
            found += _text_blocks(child)
    return found


def _lines(box: Any) -> list[Any]:
    """The lines of text in a box, one each."""
    return [line for _, lines in _text_blocks(box) for line in lines]


def _classes(box: Any) -> set[str]:
    from generator.layout import boxes

    return {
        name
        for inner in boxes.descendants(box)
        for name in (boxes.element_attribute(inner, "class") or "").split()
    }


def _where_lines(root: Any) -> float:
    """The most leaving off the "where" lines saves: in each row of people,
    how far the tallest person would come down should each lose the lines
    that hold only where to find them (a line that also holds the role
    stays). Each person is as tall as their own lines and photo (a float of
    its own), so one with no such line keeps the row as tall as they are."""
    from generator.layout import boxes

    rows: dict[float, list[tuple[float, float]]] = {}
    for person in _with_class(root, "person"):
        only_where = sum(
            line.height
            for line in _lines(person)
            if "where" in _classes(line) and "role" not in _classes(line)
        )
        row = round(boxes.placed(person)[1], 1)
        rows.setdefault(row, []).append((boxes.outer_height(person), only_where))
    return sum(
        max(tall for tall, _ in people)
        - max(tall - where for tall, where in people)
        for people in rows.values()
    )


def _signs_saved(root: Any, count: int) -> dict[int, float]:
    """The most keeping ``kept`` categories of signs saves, for each ``kept``
    below ``count``: all of the signs' room when none is kept; else the
    tallest category less the least the kept ones could take across their
    wider columns (no fewer lines than their words' width fills)."""
    from generator.layout import boxes

    sections = _with_class(root, "signs")
    if not sections:
        return {}
    section = sections[0]
    categories = _with_class(section, "category")
    saved = {0: boxes.outer_height(section)}
    if not categories:
        return saved
    row = _with_class(section, "categories")[0]
    gutter = boxes.outer_width(categories[0]) - categories[0].width
    tallest = max(boxes.outer_height(c) for c in categories)
    for kept in range(1, count):
        wider = (row.width - (kept - 1) * gutter) / kept - categories[0].width
        least = max(_least_height(c, wider) for c in categories[:kept])
        saved[kept] = max(0.0, tallest - least)
    return saved


def _least_height(category: Any, wider: float) -> float:
    """The least a category could take with each of its blocks ``wider``: its
    lines no fewer than the width of their words over the block's new width."""
    import math

    from generator.layout import boxes

    height = boxes.outer_height(category)
    for block, lines in _text_blocks(category):
        words = sum(
            sum(boxes.outer_width(c) for c in boxes.children(line)) for line in lines
        )
        width = block.width + wider
        fewest = max(1, math.ceil(words / width - 1e-6)) if width > 0 else len(lines)
        height -= (len(lines) - min(fewest, len(lines))) * max(
            line.height for line in lines
        )
    return height
