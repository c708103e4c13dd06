"""The staff briefing: two A4 pages, every theme, the school's own words."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest
import zxingcpp

from generator.paths import example_schools_dir
from generator.render.sandbox import short_address
from generator.resolve.content import national_content
from generator.resolve.pack import load_school
from generator.runner.build import build
from generator.runner.document import Options
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


def _addresses(school: str) -> set[str]:
    pack = load_school(example_schools_dir() / school / "school.yaml")
    wanted = {g.url for g in pack.nation.guidance if g.url}
    wanted |= {t.source.url for t in pack.content.case_review_themes}
    return wanted | {pack.school.school.website}


@pytest.mark.parametrize("school", SCHOOLS)
def test_each_address_is_a_qr_code_and_never_a_broken_line(
    examples_built, school: str
) -> None:
    # A long address broken across lines is one nobody types right: each is a
    # QR code, with a short form that stays on one line.
    path = examples_built[1] / school / "staff-briefing.pdf"
    image = pdfread.render_png(path, page=1, dpi=200)
    codes = {c.text for c in zxingcpp.read_barcodes(image)}
    assert codes == _addresses(school)
    printed = pdfread.text(path)
    assert "https://" not in printed
    with pdfplumber.open(path) as pdf:
        lines = [
            line for page in pdf.pages for line in page.extract_text().splitlines()
        ]
    for short in ("gov.uk", "learning.nspcc.org.uk"):
        assert any(line.endswith(short) for line in lines), short


def test_short_addresses() -> None:
    assert short_address("https://www.safeguarding.wales/") == "safeguarding.wales"
    assert short_address("https://gov.wales/keeping-learners-safe") == "gov.wales"
    assert (
        short_address("https://oakfield.example.sch.uk/safeguarding")
        == "oakfield.example.sch.uk"
    )
    assert short_address("https://a.example/help") == "a.example/help"


@pytest.mark.parametrize(
    ("school", "name"),
    [
        ("oakfield-primary", "staff-briefing.pdf"),
        ("glenburn-primary", "staff-briefing.pdf"),
        ("loughview-primary", "staff-briefing.pdf"),
        ("ysgol-bryn-derw", "staff-briefing-cy-en.pdf"),
    ],
)
def test_999_is_under_the_title_larger_than_the_body(
    examples_built, school: str, name: str
) -> None:
    path = examples_built[1] / school / name
    with pdfplumber.open(path) as pdf:
        # The first page of each language: Welsh, then English.
        for page in pdf.pages[::2]:
            words = page.extract_words(extra_attrs=["size"])
            body = Counter(round(w["size"], 1) for w in words).most_common(1)[0][0]
            first = min(
                (w for w in words if "999" in w["text"]), key=lambda w: w["top"]
            )
            assert first["top"] < page.height * 0.2, (page.page_number, first)
            assert first["size"] >= body * 1.15


@pytest.mark.parametrize(
    ("school", "name", "language"),
    [
        ("oakfield-primary", "staff-briefing.pdf", "en"),
        ("ysgol-bryn-derw", "staff-briefing-cy-en.pdf", "cy"),
        ("ysgol-bryn-derw", "staff-briefing-cy-en.pdf", "en"),
    ],
)
def test_every_sign_of_every_category_is_printed(
    examples_built, school: str, name: str, language: str
) -> None:
    # The poster has room for one key sign a category: the briefing prints them all.
    # A word with a hyphen of its own may break after it ("cyd-" / "fynd"),
    # which pdfium reads back as a line-end hyphen: compared without hyphens.
    printed = pdfread.text(examples_built[1] / school / name).replace("-", "")
    pack = load_school(example_schools_dir() / school / "school.yaml")
    categories = pack.in_language(language).content.categories
    assert sum(len(c.key_signs) for c in categories) >= 12
    for category in categories:
        assert category.title.replace("-", "") in printed
        for sign in category.key_signs:
            assert sign.replace("-", "") in printed, sign


def test_what_we_do_here_is_set_in_the_body_weight(examples_built) -> None:
    # Bold means something (a name, a number, a heading): a whole column of it
    # means nothing.
    path = examples_built[1] / "oakfield-primary" / "staff-briefing.pdf"
    here = national_content().case_review_themes[0].here.replace("{lead}", "the DSL")
    first = " ".join(here.split()[:4])
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        found = page.search(first, regex=False, return_chars=True)
        assert found, first
        fonts = {c["fontname"] for c in found[0]["chars"]}
    assert not any("Bold" in f for f in fonts), fonts


def test_a_numbered_title_hangs_from_its_number(examples_built) -> None:
    # Every line of a title starts where its first word does, right of the number.
    path = examples_built[1] / "oakfield-primary" / "staff-briefing.pdf"
    themes = national_content().case_review_themes
    with pdfplumber.open(path) as pdf:
        checked = 0
        for page in pdf.pages:
            words = page.extract_words()
            for theme in themes:
                title = theme.title.split()
                hits = page.search(" ".join(title[:2]), regex=False)
                if not hits:
                    continue
                top, left = hits[0]["top"], hits[0]["x0"]
                below = [
                    w
                    for w in words
                    if top + 2 < w["top"] < top + 30
                    and w["x1"] < left + 150
                    and w["text"] in title
                ]
                # Where each line below the first starts.
                starts = {}
                for word in below:
                    line = round(word["top"])
                    starts[line] = min(starts.get(line, word["x0"]), word["x0"])
                for start in starts.values():
                    assert abs(start - left) < 0.5, (theme.title, start, left)
                checked += bool(starts)
    assert checked >= 3  # titles that run to a second line were seen


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


def test_a_front_page_ending_in_a_blank_band_is_refused(tmp_path: Path) -> None:
    # A school's own template that leaves most of the front empty: no size
    # fills it, so the briefing is refused, naming the page.
    school = tmp_path / "school"
    school.mkdir()
    (school / "school.yaml").write_text(MINIMAL)
    (school / "templates").mkdir()
    (school / "templates" / "staff-briefing.html.j2").write_text(
        '{% extends "builtin/staff-briefing.html.j2" %}{% block body %}'
        '<p data-part="intro">Short.</p>'
        '<div style="break-before: page"><p>The back.</p></div>{% endblock %}'
    )
    source = school / "school.yaml"
    result = build([source], tmp_path / "out", Options(only=("staff-briefing",)))
    assert "staff-briefing.pdf, page 1: ends in a blank band" in str(
        result.failures[source]
    )


def test_check_warns_while_what_we_do_here_is_the_national_wording(
    write_school: Callable[[str], Path],
) -> None:
    from generator.runner.build import check

    source = write_school(MINIMAL)
    warnings = [str(w) for w in check([source]).warnings]
    said = [w for w in warnings if "what we do here" in w]
    assert len(said) == 1
    assert "still the national wording for 10 of its 10 themes" in said[0]
    assert "content: case_review_themes:" in said[0]
    assert ":1:" in said[0] or re.search(r"school\.yaml:\d+", said[0])

    ours = "".join(
        f"    - id: {t.id}\n      here: Our own words for {t.id}.\n"
        for t in national_content().case_review_themes[1:]
    )
    source = write_school(MINIMAL + "content:\n  case_review_themes:\n" + ours)
    warnings = [str(w) for w in check([source]).warnings]
    said = [w for w in warnings if "what we do here" in w]
    assert len(said) == 1 and "for 1 of its 10 themes (behaviour-attendance)" in said[0]
    line = MINIMAL.count("\n") + 2  # the line of `case_review_themes:`
    assert f"school.yaml:{line}:" in said[0]

    ours += "    - id: behaviour-attendance\n      here: We ring home.\n"
    source = write_school(MINIMAL + "content:\n  case_review_themes:\n" + ours)
    assert not [w for w in check([source]).warnings if "what we do" in str(w)]


def test_the_shorter_language_of_a_bilingual_briefing_fills_its_back_page(
    examples_built,
) -> None:
    """Welsh and English share one type size, the size the longer Welsh fits
    at; the English back page then ended 31 % blank. The space between its
    parts opens up until no page of either language is more than a fifth blank
    at its foot (measured from its lowest letter, within the page's 12 mm
    margins), while each language keeps to its two pages."""
    path = examples_built[1] / "ysgol-bryn-derw" / "staff-briefing-cy-en.pdf"
    margin = 12 / pdfread.MM_PER_PT
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) == 4
        sizes = Counter(round(c["size"], 1) for p in pdf.pages for c in p.chars)
        for page in pdf.pages:
            lowest = max(c["bottom"] for c in page.chars if c["text"].strip())
            area = float(page.height) - 2 * margin
            blank = (float(page.height) - margin - lowest) / area
            assert blank <= 0.20, (page.page_number, f"{blank:.1%}")
        welsh = Counter(round(c["size"], 1) for p in pdf.pages[:2] for c in p.chars)
    # One body size for both languages.
    assert welsh.most_common(1)[0][0] == sizes.most_common(1)[0][0]
