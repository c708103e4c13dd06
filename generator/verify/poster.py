"""Preflight rules of the staff poster's type sizes, on the laid-out boxes.

A staffroom poster is read across the room for what is acted on: the 999 line
is the largest text after the headline, and on A3 at least 32 pt; the team's
names and phone numbers at least 24 pt; the body at least the paper's floor
(18 pt on A3, 12 pt on the A4 desk copy, 14 pt on each half of a bilingual A3).
The sizes grow and shrink with the paper, as the poster does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.errors import Problem
from generator.layout import boxes
from generator.layout.boxes import page_box
from generator.products import Variant
from generator.units import PX_PER_PT

# On A3 (the poster's reference size), in pt.
DANGER_PT = 32.0
TEAM_PT = 24.0
# Sizes are compared to a tenth of a point: what pdf readers round to.
SLACK = 0.05


def poster_problems(document: Any, variant: Variant, source: Path) -> list[Problem]:
    """Type too small for a poster read across a room, each naming its text."""
    if "poster-type" not in variant.product.checks or not document.pages:
        return []
    found: list[Problem] = []
    # A poster whose languages each take a page: each page is a poster.
    for number, page in enumerate(document.pages, start=1):
        runs = list(_runs(page_box(page), ()))
        if runs:
            where = f"{variant.filename}, page {number}"
            found += _page_problems(runs, variant, where, source)
    return found


def _page_problems(
    runs: list[tuple[float, str, set[str]]], variant: Variant, where: str, source: Path
) -> list[Problem]:
    factor = variant.paper_factor
    found = []

    def say(message: str) -> None:
        found.append(Problem(f"{where}: {message}", file=source))

    weights: Counter[float] = Counter()
    for size, text, _ in runs:
        weights[round(size, 1)] += len(text)
    body = weights.most_common(1)[0][0]
    if body < variant.floor_pt - SLACK:
        say(
            f"its body text is set at {body:.1f} pt; this paper needs "
            f"{variant.floor_pt:.3g} pt — make it larger in the template's CSS"
        )
    danger = [size for size, _, at in runs if "danger" in at and "strong" in at]
    headline = max((size for size, _, at in runs if "h1" in at), default=0.0)
    larger = [
        (size, text)
        for size, text, at in runs
        if "h1" not in at and danger and size > max(danger) + SLACK
    ]
    if danger and min(danger) < DANGER_PT * factor - SLACK:
        say(
            f"the 999 line is set at {min(danger):.1f} pt; it needs "
            f"{DANGER_PT * factor:.3g} pt to be read across a room — make it "
            "larger in the template's CSS"
        )
    if danger and (larger or max(danger) > headline + SLACK):
        what = larger[0][1] if larger else "the headline"
        say(
            f'"{what}" is set larger than the 999 line, which must be the largest '
            "text after the headline — make it smaller in the template's CSS"
        )
    for label, kind in (("name", "names"), ("phone", "phone numbers")):
        sizes = [s for s, _, at in runs if "person" in at and label in at]
        if sizes and min(sizes) < TEAM_PT * factor - SLACK:
            say(
                f"the team's {kind} are set at {min(sizes):.1f} pt; they need "
                f"{TEAM_PT * factor:.3g} pt to be read across a room — make "
                "them larger in the template's CSS"
            )
    return found


def _runs(box: Any, above: tuple[str, ...]) -> Iterator[tuple[float, str, set[str]]]:
    """Each run of text: its size in pt, its words, and the tags and classes of
    the elements it sits in."""
    element = boxes.element(box)
    tag = boxes.tag(box)
    if element is not None and tag:
        above = (*above, tag, *(element.get("class") or "").split())
    words = boxes.text(box).strip()
    if words:
        yield boxes.style(box)["font_size"] / PX_PER_PT, words, set(above)
    for child in boxes.children(box):
        yield from _runs(child, above)
