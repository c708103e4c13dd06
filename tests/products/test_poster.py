"""The staff poster, read back from real PDFs: pages, sizes, text, fonts, tags, QR."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
import zxingcpp

from generator.load.reader import load_file
from generator.paths import example_schools_dir
from generator.products import PAPER_MM
from generator.runner.build import BuildResult
from generator.validate.pdf import pdf_problems
from tests import pdfread

SCHOOLS = ("oakfield-primary", "riverside-academy")


def _entries(built: tuple[BuildResult, Path], school: str) -> list[dict]:
    _, out = built
    files = json.loads((out / "manifest.json").read_text())["files"]
    return [
        e
        for e in files
        if e["path"].startswith(f"{school}/") and e["product"] == "staff-poster"
    ]


@pytest.mark.parametrize("school", SCHOOLS)
@pytest.mark.parametrize("size", sorted(PAPER_MM))
def test_one_page_at_the_paper_size(examples_built, school: str, size: str) -> None:
    _, out = examples_built
    pdf = out / school / f"staff-poster-{size}.pdf"
    boxes = pdfread.trim_boxes_mm(pdf)
    assert len(boxes) == 1
    width, height = PAPER_MM[size]
    assert boxes[0] == pytest.approx((width, height), abs=0.5)


@pytest.mark.parametrize("school", SCHOOLS)
def test_every_name_and_phone_number_is_printed(examples_built, school: str) -> None:
    _, out = examples_built
    data = load_file(_source(school)).data
    printed = pdfread.text(out / school / "staff-poster-a3.pdf")
    wanted = [m["name"] for m in data["team"]] + [m["phone"] for m in data["team"]]
    local = data["local_contacts"]
    wanted += [local["children_services"]["phone"], local["lado"]["phone"]]
    wanted += [local["children_services"]["out_of_hours"], data["school"]["name"]]
    missing = [w for w in wanted if w not in printed]
    assert not missing
    assert "999" in printed and "0808 800 5000" in printed


def _source(school: str) -> Path:
    from generator.paths import example_schools_dir

    return example_schools_dir() / school / "school.yaml"


@pytest.mark.parametrize("school", SCHOOLS)
def test_fonts_embedded_tagged_titled(examples_built, school: str) -> None:
    _, out = examples_built
    pdf = (out / school / "staff-poster-a3.pdf").read_bytes()
    assert pdf_problems(pdf, "poster") == []
    with pikepdf.open(out / school / "staff-poster-a3.pdf") as doc:
        assert str(doc.Root.Lang) == "en"
        assert bool(doc.Root.MarkInfo.Marked)
        assert "Worried about a child?" in str(doc.docinfo["/Title"])
        assert str(doc.docinfo["/Author"]).endswith(("School", "Academy"))


def test_photos_logo_and_qr_have_alt_text(examples_built) -> None:
    _, out = examples_built
    alts = pdfread.alt_texts(out / "oakfield-primary" / "staff-poster-a3.pdf")
    assert "Oakfield Primary School logo" in alts
    assert "Photo of Ms Aisha Khan, Designated Safeguarding Lead" in alts
    assert any(a.startswith("QR code linking to https://oakfield") for a in alts)
    assert all(alts), f"a figure without alt text: {alts}"


def test_a_drawn_figure_stands_in_for_a_missing_photo(examples_built) -> None:
    _, out = examples_built
    printed = pdfread.text(out / "riverside-academy" / "staff-poster-a3.pdf")
    # Dr Sarah Whitfield has no photo: a figure is drawn, not her initials.
    assert "Sarah Whitfield" in printed
    assert not re.search(r"\bSW\b", printed)
    assert not any(
        "Photo of" in a
        for a in pdfread.alt_texts(out / "riverside-academy" / "staff-poster-a3.pdf")
    )


@pytest.mark.parametrize("school", SCHOOLS)
@pytest.mark.parametrize("size", ["a4", "a3"])
def test_qr_code_reads_back_as_the_website(
    examples_built, school: str, size: str
) -> None:
    _, out = examples_built
    image = pdfread.render_png(out / school / f"staff-poster-{size}.pdf", dpi=150)
    codes = zxingcpp.read_barcodes(image)
    website = load_file(_source(school)).data["school"]["website"]
    assert [c.text for c in codes] == [website]


def test_role_titles_come_from_the_nation_profile(examples_built) -> None:
    _, out = examples_built
    printed = pdfread.text(out / "oakfield-primary" / "staff-poster-a3.pdf")
    # The short title beside each name, the full one in the strap above them.
    assert "Deputy DSL" in printed
    assert "Tell the Designated Safeguarding Lead at once" in printed


def test_manifest_lists_each_file_with_its_hash(examples_built) -> None:
    result, out = examples_built
    entries = _entries(examples_built, "oakfield-primary")
    assert {e["variant"][0] for e in entries} == {"a2", "a3", "a4"}
    for entry in entries:
        data = (out / entry["path"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["pages"] == 1
        assert entry["product"] == "staff-poster"
        assert entry["languages"] == ["en"]
        assert entry["source"].endswith("oakfield-primary/school.yaml")
        assert entry["page_size_mm"] == list(PAPER_MM[entry["variant"][0]])
    schools = len(list(example_schools_dir().glob("*/school.yaml")))
    # A bilingual A4 poster (two A5 halves) is made only when the school lists a4.
    bilingual = {"ysgol-bryn-derw"}
    made = [e for e in result.entries if e.product == "staff-poster"]
    assert len(made) == 3 * schools - len(bilingual)
    assert "ysgol-bryn-derw/staff-poster-a2-cy-en.pdf" in {e.path for e in made}


def test_review_dates_are_in_the_footer(examples_built) -> None:
    _, out = examples_built
    printed = pdfread.text(out / "oakfield-primary" / "staff-poster-a3.pdf")
    assert "Contacts checked 1 September 2026" in printed
    assert "Review by 1 September 2027" in printed


def test_a_bilingual_a4_poster_is_refused_with_its_reason(tmp_path: Path) -> None:
    from generator.runner.build import build, check
    from generator.runner.document import Options

    source = example_schools_dir() / "ysgol-bryn-derw" / "school.yaml"
    options = Options(only=("staff-poster",), sizes=("a4",))
    result = build([source], tmp_path / "out", options)
    message = str(result.failures[source])
    assert "staff-poster is not made on A4 in Welsh and English side by side" in message
    assert "list a4 under products: staff-poster: sizes:" in message
    assert str(check([source], options=options).failures[source]) == message
    # Asked beside a size that is made: the others are built, with the reason.
    both = build(
        [source], tmp_path / "out", Options(only=("staff-poster",), sizes=("a4", "a3"))
    )
    assert both.ok and any("not made on A4" in str(w) for w in both.warnings)


def _sizes(path: Path) -> tuple[float, list[tuple[float, str, float, float]]]:
    """The body size (most of the characters) and each word: size, text, left
    and top (mm)."""
    import collections

    import pdfplumber

    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        counts = collections.Counter(
            round(c["size"], 1) for c in page.chars if c["text"].strip()
        )
        words = [
            (round(w["size"], 1), w["text"], w["x0"] * MM, w["top"] * MM)
            for w in page.extract_words(extra_attrs=["size"])
        ]
    return counts.most_common(1)[0][0], words


MM = 25.4 / 72


@pytest.mark.parametrize("school", [*SCHOOLS, "glenburn-primary"])
def test_the_a3_poster_is_read_across_a_room(examples_built, school: str) -> None:
    """Body 18 pt and up; the 999 line 32 pt and up, larger than all but the
    headline; the team's names and numbers 24 pt and up."""
    _, out = examples_built
    body, words = _sizes(out / school / "staff-poster-a3.pdf")
    assert body >= 18.0
    danger = max(size for size, text, _, _ in words if text == "999")
    assert danger >= 32.0
    others = sorted({size for size, *_ in words}, reverse=True)
    assert others.index(danger) == 1  # the headline, then the 999 line
    data = load_file(example_schools_dir() / school / "school.yaml").data
    for member in data["team"][:2]:
        surname = member["name"].split()[-1]
        assert min(s for s, t, _, _ in words if t == surname) >= 24.0
        last = str(member["phone"]).split()[-1]
        assert min(s for s, t, _, _ in words if t == last) >= 24.0


@pytest.mark.parametrize("school", [*SCHOOLS, "glenburn-primary", "loughview-primary"])
def test_the_999_line_never_ends_on_a_word_of_its_own(
    examples_built, school: str
) -> None:
    """ "— then tell the CP Coordinator." broken before its last word leaves
    "Coordinator." alone under the 999 line, read across a room as a stray."""
    _, out = examples_built
    with pdfplumber.open(out / school / "staff-poster-a3.pdf") as pdf:
        lines = [line["text"] for line in pdf.pages[0].extract_text_lines()]
    start = next(i for i, line in enumerate(lines) if "999" in line)
    end = next(line for line in lines[start:] if line.endswith("."))
    assert len(end.split()) >= 2, lines[start : start + 2]


@pytest.mark.parametrize("school", SCHOOLS)
def test_the_a4_desk_copy_and_the_a2_scale_with_the_paper(
    examples_built, school: str
) -> None:
    _, out = examples_built
    a4, _ = _sizes(out / school / "staff-poster-a4.pdf")
    a3, _ = _sizes(out / school / "staff-poster-a3.pdf")
    a2, _ = _sizes(out / school / "staff-poster-a2.pdf")
    assert a4 >= 12.0
    assert a2 >= 18.0 * 2**0.5 - 0.1 and a2 > a3


def test_welsh_and_english_sections_start_level(examples_built) -> None:
    """One grid for both halves: each section's heading (and the 999 line) is
    as high on the page in Welsh as in English, and the body is 14 pt."""
    _, out = examples_built
    path = out / "ysgol-bryn-derw" / "staff-poster-a3-cy-en.pdf"
    body, words = _sizes(path)
    assert body >= 14.0
    middle = PAPER_MM["a3"][1] / 2

    def top(text: str, left: bool) -> float:
        return min(y for _, t, x, y in words if t == text and (x < middle) == left)

    pairs = [
        ("Plentyn", "Child"),  # the danger band
        ("Rhowch", "Tell"),  # the team
        ("Beth", "What"),  # the steps
        ("Cysylltiadau", "Local"),  # the contacts
        ("Llinellau", "National"),  # the national lines
        ("oedolyn?", "adult?"),  # concerns about adults
    ]
    for welsh, english in pairs:
        assert abs(top(welsh, True) - top(english, False)) < 1.0, (welsh, english)


def test_a_template_that_shrinks_what_is_read_across_the_room_is_refused(
    tmp_path: Path,
) -> None:
    from generator.runner.build import build
    from generator.runner.document import Options
    from tests.conftest import school_with_template

    source = school_with_template(
        tmp_path / "school",
        '{% extends "builtin/staff-poster.html.j2" %}{% block body %}<style>'
        ".danger strong { font-size: 1.2rem } .person .name { font-size: 1rem }"
        "</style>{{ super() }}{% endblock %}",
    )
    result = build([source], tmp_path / "out", Options(only=("staff-poster",)))
    message = str(result.failures[source])
    assert "the 999 line is set at" in message and "it needs 32 pt" in message
    assert "larger than the 999 line" in message
    assert "the team's names are set at" in message and "need 24 pt" in message


def test_each_language_cell_of_the_bilingual_poster_says_its_language(
    examples_built,
) -> None:
    _, out = examples_built
    found: list[str] = []

    def walk(node: pikepdf.Object) -> None:
        kids = node.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary):
                if "/Lang" in kid:
                    found.append(str(kid.Lang))
                walk(kid)

    with pikepdf.open(out / "ysgol-bryn-derw" / "staff-poster-a3-cy-en.pdf") as pdf:
        walk(pdf.Root.StructTreeRoot)
    # Every row: its Welsh cell, then its English one.
    assert len(found) >= 10 and found == ["cy", "en"] * (len(found) // 2)


def test_languages_side_by_side_that_overflow_are_measured_each_on_its_half(
    tmp_path: Path,
) -> None:
    """A part's height is its taller language's, not both added up, and no
    larger sheet is offered: every size grows with the sheet."""
    from generator.layout.engine import Renderer
    from generator.layout.overflow import measure_overflow
    from generator.render.html import floor_scale
    from generator.resolve.pack import load_school
    from generator.runner import fitted, notes, setting, variants
    from generator.runner.document import Options
    from tests.schools_factory import schools

    # A bilingual school with a team of six and long names.
    school = schools(tmp_path, 14)[13]
    assert school.languages == ("cy", "en") and school.team == 6
    pack = load_school(school.path)
    variant = variants.variants(pack, Options(only=("staff-poster",)))[0]
    assert variant.layout == "side-by-side"
    floor = floor_scale(variant)
    laid = setting._render(pack, variant, Renderer(), fitted.Fitted(floor, cut=1))
    overflow = measure_overflow(laid, variant)
    half_mm = PAPER_MM["a3"][0]
    assert set(overflow.languages["team"]) == {"cy", "en"}
    assert overflow.heights["team"] == max(overflow.languages["team"].values())
    assert all(mm < half_mm for mm in overflow.heights.values())
    message = str(notes._overflow_problem(pack, overflow))
    assert "team: staff-poster-a3-cy-en.pdf" in message
    assert "team section (" in message
    assert "each language" in message or (
        "in Welsh" in message and "in English" in message
    )
    assert "--size" not in message


def test_the_bilingual_posters_qr_codes_read_back_in_both_halves(
    examples_built,
) -> None:
    """On half a page the QR code sits at the end of the band, smaller: it
    still reads, once in each language."""
    _, out = examples_built
    path = out / "ysgol-bryn-derw" / "staff-poster-a3-cy-en.pdf"
    codes = zxingcpp.read_barcodes(pdfread.render_png(path, dpi=150))
    website = load_file(_source("ysgol-bryn-derw")).data["school"]["website"]
    assert [c.text for c in codes] == [website, website]
