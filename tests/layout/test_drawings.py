"""A leaflet's filling drawing squeezed into a few millimetres is left out, and
its room stays blank: measured on the laid-out boxes and on the printed page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.layout.drawings import SMALLEST_MM, drawn, fills, hide_specks
from generator.layout.engine import Renderer
from generator.paths import example_schools_dir
from generator.products import PUPIL_LEAFLET, Variant
from generator.runner import fitting, variants
from generator.runner.build import build
from generator.runner.document import Options
from generator.runner.school import prepare
from generator.units import PX_PER_MM
from tests import pdfread

DOT = (
    "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'"
    "%3E%3Crect width='10' height='10' fill='%23c00'/%3E%3C/svg%3E"
)


def _ink(image: Any, box: tuple[float, float, float, float], dpi: int) -> int:
    """How many non-white pixels a box (x, y, width, height in px) holds."""
    scale = dpi / 96
    x, y, w, h = (round(v * scale) for v in box)
    region = image.convert("L").crop((x, y, x + w, y + h))
    return sum(region.histogram()[:200])


def _area(box: Any) -> tuple[float, float, float, float]:
    return (box.content_box_x(), box.content_box_y(), box.width, box.height)


def test_a_drawing_under_the_smallest_height_is_left_out(tmp_path: Path) -> None:
    html = (
        '<html lang="en"><head><title>Fills</title></head><body>'
        + "".join(
            f'<div class="fill" style="height: {mm}mm; width: 60mm; margin: 5mm 0; '
            f'background: url(&quot;{DOT}&quot;) no-repeat center / contain"></div>'
            for mm in (SMALLEST_MM - 1, SMALLEST_MM + 1)
        )
        + "</body></html>"
    )
    laid = Renderer().render(html, Variant(PUPIL_LEAFLET, "a4"), tmp_path)
    small, large = (box for _, box in fills(laid))
    assert small.height < SMALLEST_MM * PX_PER_MM <= large.height
    assert hide_specks(laid) == 1
    assert not drawn(small) and drawn(large)
    image = pdfread.render_png(laid.write_pdf(), dpi=72)
    assert _ink(image, _area(small), 72) == 0
    assert _ink(image, _area(large), 72) > 100


def test_no_leaflet_prints_a_drawing_squeezed_to_a_speck(tmp_path: Path) -> None:
    """Riverside's Arabic leaflet leaves its laptop drawing about 6 mm: laid out
    as the build lays it out, the drawing's box is that small, and on the built
    page its room is blank."""
    source = example_schools_dir() / "riverside-academy" / "school.yaml"
    only = Options(only=("pupil-leaflet",))
    pack, _ = prepare(source, only)
    (variant,) = [v for v in variants.variants(pack, only) if v.languages == ("ar",)]
    laid, _, _ = fitting._set(pack, variant, Renderer(), None, (1.0, False))
    specks = [
        (number, box)
        for number, box in fills(laid.document)
        if drawn(box) and box.height < SMALLEST_MM * PX_PER_MM
    ]
    assert specks, "no drawing was squeezed: nothing was tested"
    result = build([source], tmp_path / "out", only)
    assert result.ok, str(result.failures)
    pdf = tmp_path / "out" / "riverside-academy" / variant.filename
    for number, box in specks:
        image = pdfread.render_png(pdf, number - 1, dpi=96)
        assert _ink(image, _area(box), 96) == 0, (number, box.height / PX_PER_MM)
