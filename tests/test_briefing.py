"""The staff briefing: two A4 pages, every theme, the school's own words."""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pdfplumber
import pytest

from generator.build import build
from generator.make import Options
from generator.paths import example_schools_dir
from generator.resolve import load_nation, load_school, national_content
from tests import pdfread
from tests.conftest import MINIMAL

SCHOOLS = ("oakfield-primary", "riverside-academy")


@pytest.mark.parametrize("school", SCHOOLS)
def test_two_a4_pages_with_every_theme(examples_built, school: str) -> None:
    path = examples_built[1] / school / "staff-briefing.pdf"
    assert pdfread.trim_boxes_mm(path) == [pytest.approx((210, 297), abs=0.5)] * 2
    printed = pdfread.text(path)
    assert "Lessons from case reviews: what they mean in our school" in printed
    pack = load_school(example_schools_dir() / school / "school.yaml")
    for theme in pack.in_language("en").content.case_review_themes:
        assert theme.title in printed
        assert theme.here in printed
    for guide in ("Keeping children safe in education", "Working together"):
        assert guide in printed


def _starts(page, part: str) -> list[tuple[float, float]]:
    """Where the first two words of ``part`` appear on a page: (top, left)."""
    words = " ".join(part.split()[:2])
    return [(m["top"], m["x0"]) for m in page.search(words, regex=False)]


@pytest.mark.parametrize("school", SCHOOLS)
def test_each_theme_is_one_row_of_three_columns(examples_built, school: str) -> None:
    # The title, what reviews found and what this school does, side by side: a
    # column too wide for its row would drop below the others.
    path = examples_built[1] / school / "staff-briefing.pdf"
    with pdfplumber.open(path) as pdf:
        for theme in national_content().case_review_themes:
            rows = [
                (title, found, here)
                for page in pdf.pages
                for title in _starts(page, theme.title)
                for found in _starts(page, theme.found)
                for here in _starts(page, theme.here)
                if abs(title[0] - found[0]) < 2 and abs(found[0] - here[0]) < 2
            ]
            assert rows, f"{theme.title!r} is not one row"
            title, found, here = rows[0]
            assert title[1] + 100 < found[1] < here[1] - 100, theme.title


@pytest.mark.parametrize("school", SCHOOLS)
def test_a_web_address_breaks_after_a_slash_never_at_its_hyphens(
    examples_built, school: str
) -> None:
    # A line ending in "safe-" reads as a word broken across two lines, and
    # whoever types the address leaves the hyphen out.
    path = examples_built[1] / school / "staff-briefing.pdf"
    with pdfplumber.open(path) as pdf:
        lines = [
            line for page in pdf.pages for line in page.extract_text().splitlines()
        ]
    broken = [
        (address.group(), following)
        for line, following in pairwise(lines)
        if (address := re.search(r"https://\S+$", line))
        and " " not in following  # the address goes on on the next line
    ]
    assert broken, "no address runs over a line: nothing was tested"
    for start, rest in broken:
        assert start.endswith("/"), (start, rest)
    printed = " ".join(start + rest for start, rest in broken)
    for guide in load_nation("england").guidance:
        assert guide.url in printed


def test_body_type_is_never_below_the_floor(examples_built) -> None:
    path = examples_built[1] / "riverside-academy" / "staff-briefing.pdf"
    with pdfplumber.open(path) as pdf:
        sizes = [c["size"] for p in pdf.pages for c in p.chars if c["text"].strip()]
    # The footer is the smallest text: 0.8 of a body that is at least 9.5 pt.
    assert min(sizes) >= 9.5 * 0.8 - 0.05


def test_what_we_do_here_comes_from_the_school_file(
    write_school: Callable[[str], Path], tmp_path: Path
) -> None:
    ours = "Every absence after 9.30 gets a phone call home the same morning."
    source = write_school(
        MINIMAL
        + (
            "content:\n  case_review_themes:\n"
            f"    - id: behaviour-attendance\n      here: {ours}\n"
        )
    )
    result = build([source], tmp_path / "out", Options(only=("staff-briefing",)))
    assert result.ok, str(result.failures)
    printed = pdfread.text(tmp_path / "out" / "minimal" / "staff-briefing.pdf")
    assert ours in printed
    default = national_content().case_review_themes[0].here
    assert default not in printed
