"""The reading order: the order of the HTML, which a screen reader and copy
and paste follow, runs down each column as printed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import Problem
from generator.layout import boxes
from generator.layout.boxes import descendants, page_box, page_content
from generator.products import Variant
from generator.verify.texts import quote


@dataclass
class _Block:
    """A paragraph as printed: its text and the box its lines fill."""

    text: str
    left: float
    right: float
    top: float
    bottom: float


def order_problems(document: Any, variant: Variant, source: Path) -> list[Problem]:
    """The reading order (the order of the HTML, which is the PDF's tag order and
    what a screen reader or copy and paste follows) runs down each column: a
    paragraph printed wholly above an earlier one it shares a column with has
    been moved by CSS. Labels pinned on a picture (absolutely positioned) are
    not paragraphs of the page and are left out; imposed sheets repeat a page."""
    if variant.sheet is not None:
        return []
    problems = []
    for number, page in enumerate(document.pages, start=1):
        blocks = [b for box in page_content(page_box(page)) for b in _blocks(box)]
        for i, later in enumerate(blocks):
            earlier = next((b for b in blocks[:i] if _printed_above(later, b)), None)
            if earlier is None:
                continue
            problems.append(
                Problem(
                    f"{variant.filename}, page {number}: {quote(later.text)} comes "
                    f"after {quote(earlier.text)} in reading order (a screen reader, "
                    "copy and paste) but is printed above it — in the template, put "
                    "it earlier in the HTML instead of moving it with CSS (order, "
                    "grid placement, position)",
                    file=source,
                )
            )
            break  # one per page says it; the rest usually follow from it
    return problems


def _printed_above(later: _Block, earlier: _Block) -> bool:
    """Wholly above, and in the same column (overlapping by most of the
    narrower one's width)."""
    overlap = min(later.right, earlier.right) - max(later.left, earlier.left)
    narrower = min(later.right - later.left, earlier.right - earlier.left)
    return later.bottom <= earlier.top + 1 and overlap > 0.5 * max(narrower, 1)


def _blocks(box: Any) -> Iterator[_Block]:
    """Each block of lines on a page, in the order of the HTML."""
    if boxes.style(box)["position"] in ("absolute", "fixed"):
        return
    lines = boxes.lines(box)
    words = " ".join(
        boxes.text(t).strip()
        for line in lines
        for t in descendants(line)
        if boxes.text(t).strip()
    )
    if words:
        spans = [boxes.placed(line) for line in lines]
        yield _Block(
            words,
            min(x for x, _, _, _ in spans),
            max(x + width for x, _, width, _ in spans),
            min(y for _, y, _, _ in spans),
            max(y + height for _, y, _, height in spans),
        )
    for child in boxes.children(box):
        if not boxes.is_line(child):
            yield from _blocks(child)
