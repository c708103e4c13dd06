"""Preflight rules of the pupil products, on the laid-out boxes.

On the early-years hand no name may touch a photo (a child reads the name
against the face it belongs to); on a leaflet no panel may end in an empty band
taller than a fifth of the panel. Each finding says what to change in the school
file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.audiences import PUPILS
from generator.errors import Problem
from generator.layout import boxes
from generator.layout.boxes import descendants, element_attribute, page_box
from generator.products import Variant

# The most of a leaflet panel's height that may be left empty at its foot.
MOST_EMPTY = 0.20
# Space kept between a name and a photo on the hand (px: about 0.3 mm).
CLEARANCE = 1.0

Rect = tuple[float, float, float, float]  # left, top, right, bottom (px)


def pupil_problems(document: Any, variant: Variant, source: Path) -> list[Problem]:
    """Findings for a pupil product's hand and, where its product declares
    the check (``checks: [panels]``), a leaflet's panels."""
    hand = variant.product.audience is PUPILS
    panels = "panels" in variant.product.checks
    if not (hand or panels):
        return []
    found = []
    for number, page in enumerate(document.pages, start=1):
        box = page_box(page)
        where = f"{variant.filename}, page {number}"
        if hand:
            found += [
                Problem(f"{where}: {m}", file=source) for m in _hand_problems(box)
            ]
        if panels:
            found += [
                Problem(f"{where}: {m}", file=source)
                for m in _panel_problems(box, page.height)
            ]
    return found


def _classes(box: Any) -> list[str]:
    return (element_attribute(box, "class") or "").split()


def _text(box: Any) -> str:
    return " ".join(
        boxes.text(b).strip() for b in descendants(box) if boxes.is_text(b)
    ).strip()


def _touch(a: Rect, b: Rect) -> bool:
    return not (
        a[2] + CLEARANCE <= b[0]
        or b[2] + CLEARANCE <= a[0]
        or a[3] + CLEARANCE <= b[1]
        or b[3] + CLEARANCE <= a[1]
    )


def _hand_problems(page_box: Any) -> Iterator[str]:
    for hand in descendants(page_box):
        if "hand" not in _classes(hand) or boxes.tag(hand) != "div":
            continue
        photos = []
        labels = []
        seen = set()
        for finger in descendants(hand):
            element = boxes.element(finger)
            if element is None or element in seen:
                continue  # an element's first box only (not its line's)
            seen.add(element)
            classes = _classes(finger)
            if "avatar" in classes and boxes.tag(finger) in ("img", "span"):
                photos.append(boxes.border_rect(finger))
            elif "finger-name" in classes and boxes.tag(finger) == "p":
                # The name's own boxes (its span on each line), not its column.
                parts = [
                    boxes.border_rect(b)
                    for b in descendants(finger)
                    if boxes.is_inline(b)
                ]
                labels.append((_text(finger), parts))
        for name, parts in labels:
            if any(_touch(part, photo) for part in parts for photo in photos):
                yield (
                    f'the name "{name}" on the hand touches a photo — shorten it '
                    "in the school file (`trusted_adults: name:`), e.g. a title "
                    'and surname ("Mrs Campbell") without a first name'
                )


def _panel_problems(page_box: Any, page_height: float) -> Iterator[str]:
    for panel in descendants(page_box):
        part = element_attribute(panel, "data-panel")
        if part is None or "panel" not in _classes(panel):
            continue
        lowest = max((_ink_bottom(b) for b in descendants(panel)), default=0.0)
        # The panel runs to the foot of the trim (the page here, without bleed).
        empty = (page_height - lowest) / page_height
        if empty > MOST_EMPTY:
            yield (
                f"the {part} panel is {empty:.0%} empty at its foot (at most "
                f"{MOST_EMPTY:.0%}) — what the school file gives it is short: add "
                "trusted adults or wording (`content: pupil_texts:`), or tell us "
                "what you left out"
            )


def _ink_bottom(box: Any) -> float:
    """Where a box's ink ends (px), or 0 for a box that draws nothing."""
    style = boxes.style(box)
    # A background left out after layout (a drawing too small to print) draws
    # nothing, whatever its style says.
    painted = boxes.painted(box)
    draws = (
        boxes.text(box).strip()
        or boxes.is_picture(box)
        or (painted and any(kind != "none" for kind, _ in style["background_image"]))
        or (painted and style["background_color"].alpha > 0)
        or style["border_bottom_width"] > 0
    )
    if not draws:
        return 0.0
    return boxes.border_rect(box)[3]
