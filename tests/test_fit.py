"""Fitting a document to its pages: how long it runs, and the search for the
largest type that fits, on real WeasyPrint layouts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.layout import Laid, Overflow, Renderer, content_length
from generator.products import STAFF_POSTER, Variant

A4 = Variant(STAFF_POSTER, "a4")
DESIGN_PT = 17.0


def page(scale: float, lines: int, footer_alone: bool = False) -> str:
    """A poster of ``lines`` lines of text and a footer, at a type scale."""
    size = f"font-size: {DESIGN_PT * scale:.3f}pt; margin: 0"
    body = "".join(
        f'<p style="{size}">Line {i}: tell the safeguarding lead today</p>'
        for i in range(lines)
    )
    foot = "break-before: page" if footer_alone else ""
    return (
        '<html lang="en"><head><title>Fit</title></head><body>'
        f'{body}<footer style="{foot}"><p style="{size}">Footer</p></footer>'
        "</body></html>"
    )


class Counting(Renderer):
    """A renderer that counts its layouts."""

    def __init__(self) -> None:
        super().__init__()
        self.layouts = 0

    def render(self, html: str, variant: Variant, base: Path) -> Any:
        self.layouts += 1
        return super().render(html, variant, base)


def test_the_length_counts_a_footer_pushed_alone_onto_the_next_page(
    tmp_path: Path,
) -> None:
    laid = Laid(Renderer().render(page(1.0, 3, footer_alone=True), A4, tmp_path), 1)
    height = laid.document.pages[0].height
    assert len(laid.document.pages) == 2
    # The footer's line on page 2 is part of the length, not just page 1 in full.
    assert content_length(laid) > height + DESIGN_PT


@pytest.mark.parametrize("lines", [40, 42, 44])
def test_the_search_finds_nearly_the_largest_type_that_fits_in_few_layouts(
    tmp_path: Path, lines: int
) -> None:
    renderer = Counting()
    laid = renderer.fit(lambda s: page(s, lines), A4, tmp_path)
    assert len(laid.document.pages) == 1
    assert laid.scale < 1.0
    # Type 4 % larger would no longer fit: the search left little on the table.
    larger = renderer.render(page(min(1.0, laid.scale * 1.04), lines), A4, tmp_path)
    assert len(larger.pages) > 1
    assert renderer.layouts - 1 <= 5  # the design size, then at most four tries


def test_a_document_too_long_even_at_the_floor_is_an_overflow(tmp_path: Path) -> None:
    with pytest.raises(Overflow):
        Renderer().fit(lambda s: page(s, 200), A4, tmp_path)
