"""Imposition: each back sits behind its own front after a long-edge flip, and
a small document's pages imposed on a sheet."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import SafeprintError
from generator.products import A4_CARDS, Sheet
from generator.write.impose import impose


@pytest.mark.parametrize(("width", "height"), [(85, 55), (90, 50), (60, 40)])
def test_each_back_is_its_front_mirrored(width: float, height: float) -> None:
    layout = impose(A4_CARDS, width, height)
    paper_width = A4_CARDS.paper[0]
    assert len(layout.fronts) == len(layout.backs) == 8
    for front, back in zip(layout.fronts, layout.backs, strict=True):
        # The flip turns the sheet about its vertical centre line: same row,
        # mirrored column.
        assert back.x == pytest.approx(paper_width - front.x - front.width)
        assert back.y == front.y
    # A card in the left column is backed from the right column, and so on.
    assert layout.fronts[0].x < layout.fronts[1].x
    assert layout.backs[0].x > layout.backs[1].x


def test_marks_stay_in_the_printable_margin() -> None:
    layout = impose(A4_CARDS, 85, 55)
    for mark in layout.marks:
        assert mark.x >= A4_CARDS.unprintable_mm and mark.y >= A4_CARDS.unprintable_mm
        assert mark.x + mark.width <= 210 - A4_CARDS.unprintable_mm
        assert mark.y + mark.height <= 297 - A4_CARDS.unprintable_mm
        touches_card = any(
            card.x < mark.x + mark.width
            and mark.x < card.x + card.width
            and card.y < mark.y + mark.height
            and mark.y < card.y + card.height
            for card in layout.fronts
        )
        assert not touches_card


def test_a_grid_that_does_not_fit_is_refused() -> None:
    with pytest.raises(SafeprintError, match="do not fit on A4"):
        impose(Sheet("a4", columns=2, rows=5), 100, 58)
    # Ten cards with 3 mm gutters leave A4 5 mm above and below: no room for
    # the bleed and marks a desktop printer can print.
    with pytest.raises(SafeprintError, match="do not fit on A4"):
        impose(Sheet("a4", columns=2, rows=5, gutter_mm=3), 85, 55, bleed=3)


def test_cards_are_a_gutter_apart_and_show_half_of_it_as_bleed() -> None:
    """3 mm between neighbours; each card's bleed fills its half of a gutter
    (so a cut 0.5 mm off shows the card's own colour) and 3 mm of margin."""
    layout = impose(A4_CARDS, 85, 55, bleed=3)
    left, right = layout.fronts[0], layout.fronts[1]
    below = layout.fronts[2]
    assert right.x - (left.x + left.width) == pytest.approx(3)
    assert below.y - (left.y + left.height) == pytest.approx(3)
    shown = layout.shown(left)
    assert shown.x == pytest.approx(left.x - 3)  # the margin side: all its bleed
    assert shown.y == pytest.approx(left.y - 3)
    assert shown.x + shown.width == pytest.approx(left.x + left.width + 1.5)
    assert shown.y + shown.height == pytest.approx(left.y + left.height + 1.5)
    # Neighbours' bleeds meet in the middle of the gutter and never overlap.
    assert layout.shown(right).x == pytest.approx(shown.x + shown.width)


def test_marks_in_the_gutters_stop_short_of_every_card() -> None:
    """Where a gutter crosses a cut line there is a mark along it, 0.5 mm
    clear of the cards either side (a guillotine's drift)."""
    layout = impose(A4_CARDS, 85, 55, bleed=3)
    # The margin's marks run from the printable edge to the bleed: far longer.
    gutter_marks = [m for m in layout.marks if max(m.width, m.height) < 3]
    # Three gutters between rows, each crossed by 4 vertical cut lines; one
    # gutter between columns, crossed by 8 horizontal cut lines.
    assert len(gutter_marks) == 3 * 4 + 8
    for mark in gutter_marks:
        assert max(mark.width, mark.height) == pytest.approx(2)
        for card in layout.fronts:
            clear = (
                mark.x + mark.width <= card.x - 0.5 + 0.01
                or mark.x >= card.x + card.width + 0.5 - 0.01
                or mark.y + mark.height <= card.y - 0.5 + 0.01
                or mark.y >= card.y + card.height + 0.5 - 0.01
            )
            assert clear, f"a mark within 0.5 mm of a card: {mark}"


def test_a_link_moves_with_its_page_onto_the_sheet(tmp_path: Path) -> None:
    """A card's link lands on its first copy on the sheet, not where the card
    sat on its own page; and no copy lists itself among its drawings."""
    import io

    import pikepdf
    from weasyprint import HTML

    from generator.write.impose import PT_PER_MM, impose, impose_pdf

    card = HTML(
        string="<style>@page { size: 85mm 55mm; margin: 5mm }</style>"
        '<p><a href="https://example.org/safeguarding">Our policy</a></p>'
        '<p style="break-before: page">Back</p>'
    ).write_pdf()
    sheet = impose_pdf(card, A4_CARDS)
    slot = impose(A4_CARDS, 85, 55).fronts[0]
    with pikepdf.open(io.BytesIO(sheet)) as pdf:
        (link,) = pdf.pages[0].obj.Annots
        x0, y0, x1, y1 = (float(v) / PT_PER_MM for v in link.Rect)
        top = 297 - y1  # from the sheet's top, as the slots are
        assert slot.x <= x0 < x1 <= slot.x + slot.width
        assert slot.y <= top <= slot.y + slot.height
        for page in pdf.pages:
            for name, drawing in page.Resources.XObject.items():
                if name.startswith("/Copy"):
                    assert name not in drawing.Resources.XObject
