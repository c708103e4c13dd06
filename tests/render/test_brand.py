"""Brand colours: any colour a school gives builds, text colours pass the very
rule preflight measures, and the colour safeprint suggests prints as it is."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.runner.build import build, check
from generator.runner.document import Options
from generator.validate.colours import PUPIL_RATIO, TEXT_RATIO, pairs_below, palette
from tests.conftest import MINIMAL

# Pale, mid and saturated colours schools use, and the extremes.
COLOURS = (
    "#ffe066",
    "#87ceeb",
    "#00ffff",
    "#808080",
    "#ff6f61",
    "#ffffff",
    "#000000",
    "#c8a2c8",
    "#f4c430",
    "#7fff00",
)


def test_every_palette_passes_its_own_rule() -> None:
    """Every text colour on every background it is printed on, for a grid of
    colours across the whole cube."""
    steps = range(0, 256, 51)
    grid = [f"#{r:02x}{g:02x}{b:02x}" for r in steps for g in steps for b in steps]
    for colour in (*grid, *COLOURS):
        for ratio in (TEXT_RATIO, PUPIL_RATIO):
            assert pairs_below(palette(colour, colour, ratio), ratio) == [], colour


def _brand(primary: str, accent: str = "#1d3c78") -> str:
    return MINIMAL + f'brand: {{primary: "{primary}", accent: "{accent}"}}\n'


@pytest.mark.parametrize("primary", ["#ffe066", "#87ceeb"])
def test_a_light_brand_builds_every_product_and_check_agrees(
    primary: str, write_school: Callable[[str], Path], tmp_path: Path
) -> None:
    source = write_school(_brand(primary))
    checked = check([source])
    assert checked.ok, str(checked.failures)
    result = build([source], tmp_path / "out")
    assert result.ok, str(result.failures)
    assert result.entries


def test_the_suggested_colour_prints_as_it_is(
    write_school: Callable[[str], Path], tmp_path: Path
) -> None:
    source = write_school(_brand("#ffe066"))
    warnings = [str(w) for w in check([source]).warnings]
    brand = [w for w in warnings if "brand.primary" in w]
    assert len(brand) == 1, warnings
    assert "#ffe066 is too light to print text in (1.3:1 on white" in brand[0]
    suggested = re.search(r"set primary to (#[0-9a-f]{6})", brand[0])
    assert suggested, brand[0]
    source.write_text(_brand(suggested.group(1)), encoding="utf-8")
    result = build(
        [source], tmp_path / "out", Options(only=("staff-briefing", "pupil-poster"))
    )
    assert result.ok, str(result.failures)
    assert not [str(w) for w in result.warnings if "brand" in str(w)]
