"""The drawings that fill the room a leaflet panel's words leave.

A drawing of this kind (an element of class ``fill``, its picture a background
sized to fit) grows into whatever room the panel's words leave. When they leave
almost none, it shrinks to a few millimetres and reads as a stray mark: such a
drawing is left out, and its room stays blank. What it shows is never needed to
read the panel (it is hidden from screen readers too).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.layout.boxes import (
    descendants,
    element_attribute,
    page_box,
    painted,
    placed,
    unpaint,
)
from generator.units import PX_PER_MM

# The least height a filling drawing is printed at: below it, it is left out.
SMALLEST_MM = 15.0


def fills(document: Any) -> Iterator[tuple[int, Any]]:
    """Each filling drawing's box, with its page number."""
    for number, page in enumerate(document.pages, start=1):
        for box in descendants(page_box(page)):
            if "fill" in (element_attribute(box, "class") or "").split():
                yield number, box


def drawn(box: Any) -> bool:
    """Whether a filling drawing's box paints its picture."""
    return painted(box)


def hide_specks(document: Any) -> int:
    """Leave out every filling drawing under :data:`SMALLEST_MM` tall (its box's
    content height, where the picture is drawn); how many were left out."""
    hidden = 0
    for _, box in fills(document):
        if drawn(box) and placed(box)[3] < SMALLEST_MM * PX_PER_MM:
            unpaint(box)
            hidden += 1
    return hidden
