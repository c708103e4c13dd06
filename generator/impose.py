"""Imposition: where each copy of a small page sits on a sheet, and the crop marks.

Not special to any product: it works from a trim size and a :class:`Sheet`.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.errors import SafeprintError
from generator.products import Sheet

MARK_GAP_MM = 1.5  # between the cut line's end and the start of its mark


@dataclass(frozen=True)
class Box:
    """A rectangle in mm from the sheet's top-left corner."""

    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Layout:
    """Fronts, backs (mirrored for long-edge duplex) and crop marks on a sheet."""

    fronts: list[Box]
    backs: list[Box]
    marks: list[Box]


def impose(sheet: Sheet, width: float, height: float) -> Layout:
    """A centred grid of ``width`` × ``height`` pages with marks in the margin."""
    paper_w, paper_h = sheet.paper
    left = (paper_w - sheet.columns * width) / 2
    top = (paper_h - sheet.rows * height) / 2
    if min(left, top) < sheet.unprintable_mm + MARK_GAP_MM + 1:
        raise SafeprintError.single(
            f"{sheet.columns} × {sheet.rows} pages of {width:g} × {height:g} mm do "
            f"not fit on {sheet.name.upper()} inside a printer's "
            f"{sheet.unprintable_mm:g} mm margin — choose a smaller grid"
        )
    fronts = [
        Box(left + c * width, top + r * height, width, height)
        for r in range(sheet.rows)
        for c in range(sheet.columns)
    ]
    backs = [Box(paper_w - b.x - b.width, b.y, width, height) for b in fronts]
    return Layout(fronts, backs, _marks(sheet, left, top, width, height))


def _marks(
    sheet: Sheet, left: float, top: float, width: float, height: float
) -> list[Box]:
    """Hairlines in the margins, continuing every cut line; none over a page."""
    paper_w, paper_h = sheet.paper
    edge = sheet.unprintable_mm
    xs = [left + c * width for c in range(sheet.columns + 1)]
    ys = [top + r * height for r in range(sheet.rows + 1)]
    right, bottom = xs[-1], ys[-1]
    vertical = [
        Box(x, y0, 0, y1 - y0)
        for x in xs
        for y0, y1 in (
            (edge, top - MARK_GAP_MM),
            (bottom + MARK_GAP_MM, paper_h - edge),
        )
    ]
    horizontal = [
        Box(x0, y, x1 - x0, 0)
        for y in ys
        for x0, x1 in (
            (edge, left - MARK_GAP_MM),
            (right + MARK_GAP_MM, paper_w - edge),
        )
    ]
    return vertical + horizontal
