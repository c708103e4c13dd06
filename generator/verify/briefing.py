"""Preflight rule of the staff briefing, on the laid-out boxes.

A briefing is read as two sides of one sheet: a front that stops well short of
its foot looks unfinished, and says that a block was pushed over to the back.
So no page that another page of its language follows may end in an empty band
taller than a tenth of its printable height.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.errors import Problem
from generator.layout import boxes
from generator.layout.boxes import descendants, element_attribute, in_flow, page_box
from generator.products import Variant

# The most of a front page's printable height that may be left empty at its foot.
MOST_EMPTY = 0.10
# Boxes that span the page whatever is on it: their background is the paper's.
PAGE_WIDE = {"html", "body"}


def briefing_problems(document: Any, variant: Variant, source: Path) -> list[Problem]:
    """An error for each page of a briefing, but the last of each language,
    that ends in an empty band taller than ``MOST_EMPTY`` of its height."""
    if "blank-foot" not in variant.product.checks:
        return []
    found = []
    pages = document.pages
    for number, page in enumerate(pages, start=1):
        if number % variant.product.pages == 0:
            continue  # a language's last page: it may end where its words do
        empty = blank_foot(page_box(page))
        if empty <= MOST_EMPTY:
            continue
        after = _first_part(page_box(pages[number])) if number < len(pages) else None
        where = variant.product.parts.get(after or "", ())
        change = (
            f"shorten `{': '.join(where)}:` in the school file"
            if where
            else "shorten the wording the school file gives the briefing"
        )
        found.append(
            Problem(
                f"{variant.filename}, page {number}: ends in a blank band "
                f"{empty:.1%} of its height (at most {MOST_EMPTY:.0%}): what "
                f"follows ({after or 'the next block'}) was too tall for the room "
                f"left and moved to the next page — {change}, or tell us",
                file=source,
            )
        )
    return found


def has_blank_foot(document: Any, variant: Variant) -> bool:
    """Whether a page of a briefing that :func:`briefing_problems` checks ends
    in too wide a blank band."""
    return "blank-foot" in variant.product.checks and any(
        blank_foot(page_box(page)) > MOST_EMPTY
        for number, page in enumerate(document.pages, start=1)
        if number % variant.product.pages
    )


def blank_foot(page_box: Any) -> float:
    """The empty band at the foot of a page's printable area, as a share of
    its height (0 for a page filled to its foot)."""
    top, height = boxes.printable_area(page_box)
    lowest = max((_ink_bottom(box) for box in descendants(page_box)), default=top)
    return max(0.0, (top + height - lowest) / height)


def _first_part(page_box: Any) -> str | None:
    """The named part (``data-part``) a page begins with."""
    return next((part for box in in_flow(page_box) if (part := _part(box))), None)


def _part(box: Any) -> str | None:
    return element_attribute(box, "data-part")


def _ink_bottom(box: Any) -> float:
    """Where a box's ink ends (px), or 0 for one that draws nothing on the paper."""
    if boxes.is_page(box) or boxes.tag(box) in PAGE_WIDE:
        return 0.0
    style = boxes.style(box)
    draws = (
        boxes.text(box).strip()
        or boxes.is_picture(box)
        or style["background_color"].alpha > 0
        or style["border_bottom_width"] > 0
    )
    if not draws:
        return 0.0
    return boxes.border_rect(box)[3]
