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

from generator.products import Variant
from generator.resolve.pack import Pack


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
