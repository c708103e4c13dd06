"""What the reader would see: legible colours, the safe edge, whole images, every
character printable, dates and facts that are current."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from PIL import Image

from generator.errors import SafeprintError
from generator.paths import example_schools_dir
from generator.resolve.pack import load_school
from generator.runner.build import build
from generator.runner.document import Options
from generator.validate.colours import contrast
from tests import pdfread
from tests.conftest import MINIMAL, POSTER, school_with_template

PT_TO_MM = 25.4 / 72


def _hex(colour: object) -> str | None:
    if not isinstance(colour, tuple | list) or len(colour) != 3:
        return None
    return "#" + "".join(f"{round(c * 255):02x}" for c in colour)


def test_a_pale_brand_colour_is_darkened_for_text(
    write_school: Callable[[str], Path], tmp_path: Path
) -> None:
    source = write_school(MINIMAL + 'brand: {primary: "#ffd23f", accent: "#00606b"}\n')
    result = build([source], tmp_path / "out", POSTER)
    assert result.ok, str(result.failures)
    warnings = [str(w) for w in result.warnings]
    assert any(
        "brand.primary: #ffd23f is too light to print text in (1.4:1 on white" in w
        for w in warnings
    ), warnings
    with pdfplumber.open(tmp_path / "out" / "minimal" / "staff-poster-a3.pdf") as pdf:
        colours = {_hex(c["non_stroking_color"]) for c in pdf.pages[0].chars}
    on_white = {c for c in colours if c and c != "#ffffff"}
    # Text on the yellow masthead is near-black; everything else sits on white.
    assert all(contrast(c, "#ffffff") >= 4.5 for c in on_white), on_white


@pytest.mark.parametrize("school", ["oakfield-primary", "riverside-academy"])
@pytest.mark.parametrize(
    "name",
    [
        "staff-poster-a4.pdf",
        "staff-poster-a3.pdf",
        "staff-poster-a2.pdf",
        "staff-briefing.pdf",
        "staff-card.pdf",
    ],
)
def test_text_keeps_five_mm_inside_the_trim(
    examples_built, school: str, name: str
) -> None:
    path = examples_built[1] / school / name
    with pikepdf.open(path) as doc:
        trims = [[float(v) for v in page.obj.TrimBox] for page in doc.pages]
    for number, (x0, y0, x1, y1) in enumerate(trims):
        # pypdfium2 gives character boxes in PDF user space, like the trim box.
        for char, (left, bottom, right, top) in pdfread.char_boxes(path, number):
            nearest = min(left - x0, x1 - right, bottom - y0, y1 - top) * PT_TO_MM
            assert nearest >= 5 - 0.3, (
                f"{char!r} is {nearest:.1f} mm from the trim on page {number + 1}"
            )


def _with_photo(
    write_school: Callable[[str], Path], make: Callable[[Path], None], name: str
) -> Path:
    source = write_school(
        MINIMAL.replace(
            'phone: "01632 960001"}', f'phone: "01632 960001", photo: {name}}}'
        )
    )
    make(source.parent / name)
    return source


def test_a_damaged_photo_is_refused_at_its_line(
    write_school: Callable[[str], Path],
) -> None:
    original = example_schools_dir() / "oakfield-primary" / "assets" / "khan.jpg"
    source = _with_photo(
        write_school, lambda p: p.write_bytes(original.read_bytes()[:1500]), "khan.jpg"
    )
    with pytest.raises(SafeprintError) as caught:
        load_school(source)
    assert 'team[0].photo: "khan.jpg" is damaged or not a complete image' in str(
        caught.value
    )
    assert ":6:" in str(caught.value)


def test_a_decompression_bomb_is_refused(write_school: Callable[[str], Path]) -> None:
    source = _with_photo(
        write_school, lambda p: Image.new("1", (20000, 20000)).save(p), "big.png"
    )
    with pytest.raises(SafeprintError, match="has far too many pixels"):
        load_school(source)


def test_an_svg_that_points_elsewhere_is_refused(
    write_school: Callable[[str], Path],
) -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        'xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<image xlink:href="file:///etc/hostname" width="9" height="9"/></svg>'
    )
    source = _with_photo(write_school, lambda p: p.write_text(svg), "logo.svg")
    with pytest.raises(SafeprintError, match="contains <image>, which is not plain"):
        load_school(source)


def test_a_character_from_a_template_that_no_font_has(tmp_path: Path) -> None:
    source = school_with_template(
        tmp_path / "school",
        '{% extends "builtin/staff-poster.html.j2" %}'
        "{% block subject %}\ue000{% endblock %}{% block body %}<p>\ue000</p>"
        "{% endblock %}",
    )
    result = build([source], tmp_path / "out", POSTER)
    assert "'\\ue000' (U+E000) cannot be printed" in str(result.failures[source])


def test_review_dates_passed_soon_and_in_the_future(
    write_school: Callable[[str], Path], tmp_path: Path
) -> None:
    """Passed: an error (the poster could send someone to the wrong person);
    within 30 days: a warning; a check dated in the future: an error."""
    old = MINIMAL.replace(
        "reviewed_on: 2026-09-01, review_by: 2027-09-01",
        "reviewed_on: 2023-09-01, review_by: 2024-09-01",
    )
    source = write_school(old)
    result = build([source], tmp_path / "out", POSTER)
    assert "review.review_by: these contacts were due for review on 2024-09-01" in str(
        result.failures[source]
    )
    soon = dt.date.today() + dt.timedelta(days=20)
    close = MINIMAL.replace(
        "reviewed_on: 2026-09-01, review_by: 2027-09-01",
        f"reviewed_on: 2025-01-01, review_by: {soon}",
    )
    result = build([write_school(close)], tmp_path / "out2", POSTER)
    assert result.ok
    assert any(
        w.warning and f"due for review on {soon}, within 30 days" in w.message
        for w in result.warnings
    )
    strict = build(
        [write_school(close)],
        tmp_path / "out3",
        Options(only=("staff-poster",), strict=True),
    )
    assert not strict.ok
    future = dt.date.today() + dt.timedelta(days=30)
    ahead = MINIMAL.replace(
        "reviewed_on: 2026-09-01, review_by: 2027-09-01",
        f"reviewed_on: {future}, review_by: 2099-01-01",
    )
    source = write_school(ahead)
    result = build([source], tmp_path / "out4", POSTER)
    assert f"review.reviewed_on: {future} is in the future" in str(
        result.failures[source]
    )


LOCAL_HELPLINE = """\
content:
  helplines:
    - id: anytown-family-line
      name: Anytown Family Line
      phone: "01632 960777"
      audience: staff
      purpose: Local early help for families
      source: {{title: Anytown Council, url: "https://anytown.example.gov.uk"}}
      verified: {verified}
"""


def test_a_helpline_the_school_adds_is_printed(
    write_school: Callable[[str], Path], tmp_path: Path
) -> None:
    source = write_school(MINIMAL + LOCAL_HELPLINE.format(verified="2026-10-01"))
    result = build([source], tmp_path / "out", POSTER)
    assert result.ok, str(result.failures)
    printed = pdfread.text(tmp_path / "out" / "minimal" / "staff-poster-a3.pdf")
    assert "Anytown Family Line" in printed and "01632 960777" in printed


def test_changing_a_national_number_needs_a_source(
    write_school: Callable[[str], Path],
) -> None:
    source = write_school(
        MINIMAL
        + """\
content:
  helplines:
    - {id: nspcc-helpline, phone: "0808 800 5001"}
"""
    )
    with pytest.raises(SafeprintError) as caught:
        load_school(source)
    assert (
        "content.helplines[0]: changing phone of nspcc-helpline changes a fact"
        in str(caught.value)
    )


def test_every_problem_at_once(write_school: Callable[[str], Path]) -> None:
    source = write_school(
        MINIMAL.replace('"01632 960001"', '"12345"').replace(
            "Anytown Front Door", "Anytown 中 Door"
        )
    )
    with pytest.raises(SafeprintError) as caught:
        load_school(source)
    fields = [p.field for p in caught.value.problems]
    assert fields == ["team[0].phone", "local_contacts.children_services.name"]


def test_example_schools_copy_cleanly(tmp_path: Path) -> None:
    """The examples carry everything they need: they build from anywhere."""
    shutil.copytree(example_schools_dir(), tmp_path / "schools")
    result = build([tmp_path / "schools"], tmp_path / "out", POSTER)
    schools = len(list(example_schools_dir().glob("*/school.yaml")))
    assert result.ok and len(result.entries) == schools
    # The one warning they give: their translations await a fluent speaker.
    assert [w for w in result.warnings if "fluent speaker" not in w.message] == []


def test_a_word_too_long_for_any_line_is_refused_at_its_line(
    write_school: Callable[[str], Path], tmp_path: Path
) -> None:
    """A word is never broken without a hyphen: one that no size fits is
    named, with the line of the school file it comes from."""
    long_name = "Ms " + "Wolfeschlegelsteinhausenbergerdorff" * 2
    source = write_school(MINIMAL.replace("Ms Ada Lovelace", long_name))
    result = build([source], tmp_path / "out", Options(only=("staff-card",)))
    message = str(result.failures[source])
    assert "school.yaml:6: staff-card.pdf, page 1: " in message
    assert "is too wide for its column even at the smallest type allowed" in message
    assert not (tmp_path / "out" / "minimal" / "staff-card.pdf").exists()


def test_an_a2_overflow_does_not_suggest_a2(
    write_school: Callable[[str], Path], tmp_path: Path
) -> None:
    people = "\n".join(
        f'  - {{name: "Person {i}", role: {"dsl" if i == 0 else "deputy-dsl"}, '
        f'phone: "01632 9600{i:02d}", where: "{"Room " * 12}"}}'
        for i in range(60)
    )
    head, rest = MINIMAL.split("team:\n")
    source = write_school(head + "team:\n" + people + "\n" + rest.split("\n", 1)[1])
    result = build(
        [source], tmp_path / "out", Options(only=("staff-poster",), sizes=("a2",))
    )
    message = str(result.failures[source])
    assert "staff-poster-a2.pdf: does not fit" in message
    assert message.endswith("— shorten it")


def test_a_helpline_verified_over_a_year_ago_is_a_warning_naming_it(
    write_school: Callable[[str], Path], tmp_path: Path
) -> None:
    source = write_school(MINIMAL + LOCAL_HELPLINE.format(verified="2024-01-01"))
    result = build([source], tmp_path / "out", POSTER)
    assert result.ok, str(result.failures)
    warned = [w.message for w in result.warnings]
    assert any(
        "Anytown Family Line (01632 960777) was last verified on 2024-01-01" in m
        for m in warned
    ), warned
    # The national helplines, verified this year, are not named.
    assert not any("NSPCC" in m and "last verified" in m for m in warned)
