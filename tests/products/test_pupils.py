"""Pupil posters and leaflets, per age band, read back from the PDFs."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from generator.load.reader import load_file
from generator.paths import example_schools_dir
from generator.products import LEAFLET_PANELS
from generator.resolve.pack import load_school
from generator.runner.build import build
from generator.runner.document import Options
from generator.validate.colours import contrast
from generator.validate.reading import READING_GRADE, readability_problems
from tests import pdfread
from tests.conftest import MINIMAL

PT_TO_MM = 25.4 / 72
# Each example school builds the bands its phase calls for.
BANDS = {"oakfield-primary": ("early", "primary"), "riverside-academy": ("secondary",)}
CASES = [(school, band) for school, bands in BANDS.items() for band in bands]
MINIMUM_PT = {"early": 20, "primary": 16, "secondary": 12}


def _files(built: tuple, school: str, band: str) -> list[Path]:
    folder = built[1] / school
    return [
        folder / f"pupil-poster-{band}-a4-en.pdf",
        folder / f"pupil-poster-{band}-a3-en.pdf",
        folder / f"pupil-leaflet-{band}-en.pdf",
    ]


def _adults(school: str) -> list[dict]:
    return load_file(example_schools_dir() / school / "school.yaml").data[
        "trusted_adults"
    ]


@pytest.mark.parametrize(("school", "band"), CASES)
def test_pages_and_sizes(examples_built, school: str, band: str) -> None:
    poster_a4, poster_a3, leaflet = _files(examples_built, school, band)
    assert pdfread.trim_boxes_mm(poster_a4) == [pytest.approx((210, 297), abs=0.5)]
    assert pdfread.trim_boxes_mm(poster_a3) == [pytest.approx((297, 420), abs=0.5)]
    assert pdfread.trim_boxes_mm(leaflet) == [pytest.approx((297, 210), abs=0.5)] * 2


def test_only_the_schools_bands_are_built(examples_built) -> None:
    made = sorted(
        p.name
        for p in (examples_built[1] / "riverside-academy").iterdir()
        if p.name.startswith("pupil-") and p.name.endswith("-en.pdf")
    )
    assert made == [
        "pupil-leaflet-secondary-en.pdf",
        "pupil-poster-secondary-a3-en.pdf",
        "pupil-poster-secondary-a4-en.pdf",
    ]


@pytest.mark.parametrize(("school", "band"), CASES)
def test_every_trusted_adult_and_childline(
    examples_built, school: str, band: str
) -> None:
    for path in _files(examples_built, school, band):
        printed = pdfread.text(path)
        for adult in _adults(school):
            assert adult["name"] in printed, (path.name, adult["name"])
        assert "0800 1111" in printed, path.name


@pytest.mark.parametrize(("school", "band"), CASES)
def test_type_is_never_below_the_band_minimum(
    examples_built, school: str, band: str
) -> None:
    for path in _files(examples_built, school, band):
        with pdfplumber.open(path) as pdf:
            chars = [c for p in pdf.pages for c in p.chars if c["text"].strip()]
        smallest = min(c["size"] for c in chars)
        assert smallest >= MINIMUM_PT[band] - 0.05, (path.name, smallest)
        assert not [c for c in chars if "Italic" in c["fontname"]], path.name


@pytest.mark.parametrize(("school", "band"), CASES)
def test_text_on_white_is_at_least_seven_to_one(
    examples_built, school: str, band: str
) -> None:
    for path in _files(examples_built, school, band):
        with pdfplumber.open(path) as pdf:
            colours = {
                tuple(round(v * 255) for v in c["non_stroking_color"])
                for p in pdf.pages
                for c in p.chars
                if isinstance(c["non_stroking_color"], tuple | list)
                and len(c["non_stroking_color"]) == 3
            }
        for rgb in colours - {(255, 255, 255)}:
            hex_colour = "#" + "".join(f"{v:02x}" for v in rgb)
            assert contrast(hex_colour, "#ffffff") >= 7, (path.name, hex_colour)


def _panel_edges(side: str, reverse: bool = False) -> list[tuple[float, float]]:
    edges, x = [], 0.0
    widths = LEAFLET_PANELS[side]
    for width in reversed(widths) if reverse else widths:
        edges.append((x, x + width))
        x += width
    return edges


# Every language each example school's leaflets come in; right to left, the
# panels run the other way across the sheet.
LEAFLET_LANGUAGES = {
    "oakfield-primary": ("en", "pl", "ur"),
    "riverside-academy": ("en", "ar"),
}
RIGHT_TO_LEFT = {"ar", "ur"}


@pytest.mark.parametrize(
    ("school", "band", "language"),
    [(s, b, lang) for s, b in CASES for lang in LEAFLET_LANGUAGES[s]],
)
def test_leaflet_text_stays_inside_its_panels(
    examples_built, school: str, band: str, language: str
) -> None:
    leaflet = examples_built[1] / school / f"pupil-leaflet-{band}-{language}.pdf"
    for number, side in enumerate(("outside", "inside")):
        panels = _panel_edges(side, reverse=language in RIGHT_TO_LEFT)
        # Joined Urdu letters report boxes up to half a millimetre past where
        # their line starts (the text's edge is right; the box is wider).
        slack = 0.6 if language in RIGHT_TO_LEFT else 0.3
        seen = set()
        for char, (left, _, right, _) in pdfread.char_boxes(leaflet, number):
            x0, x1 = left * PT_TO_MM, right * PT_TO_MM
            home = [
                i
                for i, (a, b) in enumerate(panels)
                if x0 >= a + 5 - slack and x1 <= b - 5 + slack
            ]
            assert home, f"{char!r} at {x0:.1f}–{x1:.1f} mm crosses a fold ({side})"
            seen.add(home[0])
        assert seen == {0, 1, 2}, f"an empty panel on the {side}"


@pytest.mark.parametrize(("school", "band"), CASES)
def test_leaflet_cover_and_back_are_where_the_fold_puts_them(
    examples_built, school: str, band: str
) -> None:
    leaflet = _files(examples_built, school, band)[2]
    with pdfplumber.open(leaflet) as pdf:
        outside = pdf.pages[0]
        cover = outside.crop((197 / PT_TO_MM, 0, outside.width, outside.height))
        back = outside.crop((97 / PT_TO_MM, 0, 197 / PT_TO_MM, outside.height))
        assert "Who can I talk to?" in " ".join(cover.extract_text().split())
        assert "0800 1111" in back.extract_text()


def test_photos_have_alt_text_and_others_get_figures(examples_built) -> None:
    path = examples_built[1] / "oakfield-primary" / "pupil-poster-primary-a4-en.pdf"
    alts = pdfread.alt_texts(path)
    assert "Photo of Mrs Patel, learning mentor" in alts
    assert all(alts)
    printed = pdfread.text(
        examples_built[1] / "riverside-academy" / "pupil-poster-secondary-a4-en.pdf"
    )
    assert "Ms Bennett" in printed  # no photo: a drawn figure and the name


@pytest.mark.parametrize("band", sorted(READING_GRADE))
def test_shipped_wording_reads_young_enough(band: str) -> None:
    """Every shipped sentence for the band (a school's check reads only the
    wording the school or its nation changed)."""
    from generator.resolve.content import national_content
    from generator.validate.reading import _sentences, reading_grade

    texts = [
        entry
        for entry in national_content().pupil_texts
        if entry.id.split(".")[0] == band and not entry.quoted
    ]
    sentences = [s for e in texts for s in _sentences(e.items or [e.text])]
    assert len(sentences) > 5
    hard = [s for s in sentences if reading_grade(s) > READING_GRADE[band]]
    assert hard == []
    pack = load_school(example_schools_dir() / "oakfield-primary" / "school.yaml")
    assert readability_problems(pack, [band]) == []


def test_a_check_of_shipped_wording_opens_no_dictionary_or_font() -> None:
    """The check answers at once: the hyphenation dictionary (syllables for the
    reading age) and the font files (characters of Latin text) stay closed."""
    import subprocess
    import sys

    school = example_schools_dir() / "glenburn-primary" / "school.yaml"
    code = (
        "import sys\n"
        "from generator.runner.build import check\n"
        f"assert check([__import__('pathlib').Path({str(school)!r})]).ok\n"
        "print(sorted(m for m in ('pyphen', 'fontTools.ttLib') if m in sys.modules))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert run.stdout.strip() == "[]", run.stderr


def test_a_hard_override_is_flagged_at_its_line(
    write_school: Callable[[str], Path], tmp_path: Path
) -> None:
    hard = (
        "Notwithstanding institutional considerations, safeguarding "
        "responsibilities necessitate comprehensive multidisciplinary "
        "communication."
    )
    source = write_school(
        _adults_school(2)
        + (f"content:\n  pupil_texts:\n    - id: primary.intro\n      text: {hard}\n")
    )
    result = build([source], tmp_path / "out", Options(only=("pupil-poster",)))
    assert result.ok, str(result.failures)
    flagged = [str(w) for w in result.warnings if "reads at about age" in str(w)]
    assert len(flagged) == 1
    assert "content.pupil_texts[0]" in flagged[0] and hard in flagged[0]
    assert "primary pupils need age 9 or below" in flagged[0]


def test_a_secondary_school_can_choose_its_bands(
    write_school: Callable[[str], Path], tmp_path: Path
) -> None:
    source = write_school(
        _adults_school(2).replace(
            "phase: primary", "phase: special\n  bands: [primary, secondary]"
        )
    )
    result = build([source], tmp_path / "out", Options(only=("pupil-leaflet",)))
    assert result.ok, str(result.failures)
    assert sorted(e.path for e in result.entries) == [
        "minimal/pupil-leaflet-primary.pdf",
        "minimal/pupil-leaflet-secondary.pdf",
    ]


def test_reading_grade_agrees_with_textstat() -> None:
    """Our sum is textstat's Flesch-Kincaid with British syllables."""
    from textstat.textstat import textstatistics

    from generator.resolve.content import national_content
    from generator.validate.reading import _sentences, reading_grade

    stats = textstatistics()
    stats.set_lang("en-GB")  # Pyphen syllables: nothing is downloaded
    sentences = [
        s
        for entry in national_content().pupil_texts
        for s in _sentences(entry.items or [entry.text])
    ]
    assert len(sentences) > 60
    for sentence in sentences:
        assert reading_grade(sentence) == pytest.approx(
            stats.flesch_kincaid_grade(sentence), abs=0.01
        ), sentence


def _adults_school(count: int, photos: bool = False) -> str:
    adults = "\n".join(f'  - {{name: "Adult {i}", role: Mentor}}' for i in range(count))
    base = MINIMAL.split("trusted_adults:")[0]
    return base + (f"trusted_adults:\n{adults}\n" if count else "")


def test_pupil_products_need_a_trusted_adult(
    write_school: Callable[[str], Path], tmp_path: Path
) -> None:
    source = write_school(_adults_school(0))
    result = build([source], tmp_path / "out", Options(only=("pupil-poster",)))
    assert "pupil posters and leaflets need at least one trusted adult" in str(
        result.failures[source]
    )
    staff = build([source], tmp_path / "out2", Options(only=("staff-poster",)))
    assert staff.ok  # staff products do not need them


def test_more_than_five_adults_warn_for_the_hand(
    write_school: Callable[[str], Path], tmp_path: Path
) -> None:
    source = write_school(_adults_school(7))
    result = build(
        [source], tmp_path / "out", Options(only=("pupil-poster", "pupil-leaflet"))
    )
    assert result.ok, str(result.failures)
    warned = " ".join(str(w) for w in result.warnings)
    assert "the early-years hand has five fingers: Adult 5, Adult 6" in warned
    leaflet = pdfread.text(tmp_path / "out" / "minimal" / "pupil-leaflet-early.pdf")
    assert all(f"Adult {i}" in leaflet for i in range(7))


def test_children_under_twelve_get_childlines_kids_site(examples_built) -> None:
    out = examples_built[1]
    primary = pdfread.text(out / "oakfield-primary" / "pupil-poster-primary-a4-en.pdf")
    secondary = pdfread.text(
        out / "riverside-academy" / "pupil-poster-secondary-a4-en.pdf"
    )
    assert "childline.org.uk/kids" in primary
    assert "childline.org.uk" in secondary and "/kids" not in secondary


def _adult_boxes(source: Path, product: str, band: str, code: str) -> list[Any]:
    """The list of trusted adults, then each adult's outer box, as the document
    is fitted to its pages."""
    from generator.layout.engine import Renderer
    from generator.runner.fitting import _lay_out
    from generator.runner.school import prepare
    from generator.runner.variants import variants

    pack, _ = prepare(source)
    variant = next(
        v
        for v in variants(pack, Options(only=(product,)))
        if v.band == band and v.languages == (code,) and v.like is None
    )
    return _adult_boxes_in(_lay_out(pack, variant, Renderer())[0].document)


def _adult_boxes_in(document: Any) -> list[Any]:
    from generator.layout.boxes import descendants, page_box

    found: dict[int, Any] = {}
    for page in document.pages:
        for box in descendants(page_box(page)):
            element = getattr(box, "element", None)
            kind = (
                (element.get("class") or "").split()[:1] if element is not None else []
            )
            if kind in (["adults"], ["adult"]):
                found.setdefault(id(element), box)  # the outermost comes first
    return list(found.values())


# Adults to a row: on the poster three (two for two or four, one alone); on the
# leaflet two (three for more than four on the oldest pupils' leaflet, whose
# smaller type keeps a short name whole in a third); on the early-years one.
def _per_row(product: str, band: str, count: int) -> int:
    if product == "pupil-poster":
        return 1 if count == 1 else 2 if count in (2, 4) else 3
    if band == "early":
        return 1
    return 1 if count == 1 else 3 if count > 4 and band == "secondary" else 2


@pytest.mark.parametrize("code", ["en", "ur"])
@pytest.mark.parametrize("count", [1, 2, 3, 4, 5, 7])
def test_trusted_adults_stand_in_even_rows_from_the_reading_start(
    write_school: Callable[[str], Path], count: int, code: str
) -> None:
    source = write_school(_adults_school(count) + f"languages: [{code}]\n")
    cases = [
        ("pupil-poster", "primary"),
        ("pupil-leaflet", "primary"),
        ("pupil-leaflet", "early"),
    ]
    for product, band in cases:
        where = f"{product} {band}"
        listed, *boxes = _adult_boxes(source, product, band, code)
        assert len(boxes) == count
        per_row = _per_row(product, band, count)
        rows = [boxes[i : i + per_row] for i in range(0, count, per_row)]
        widths = {round(box.border_width(), 1) for box in boxes}
        assert len(widths) == 1, f"{where}: adults of widths {widths}"
        for row in rows:
            # A row has one top, and each next adult stands further from the
            # start of the line (the right, right to left).
            assert len({round(box.position_y, 1) for box in row}) == 1, where
            xs = [box.position_x for box in row]
            assert xs == sorted(xs, reverse=code == "ur"), where
            # Every adult inside the list; a full row spans it.
            left = min(box.position_x for box in row)
            right = max(box.position_x + box.margin_width() for box in row)
            inside = listed.content_box_x(), listed.content_box_x() + listed.width
            assert inside[0] - 0.5 <= left and right <= inside[1] + 0.5, where
            if len(row) == per_row:
                assert right - left == pytest.approx(listed.width, abs=0.5), where
        tops = [row[0].position_y for row in rows]
        assert tops == sorted(set(tops)), where


def test_a_part_of_the_page_is_measured_once(
    write_school: Callable[[str], Path],
) -> None:
    # The list of adults holds a line of inline blocks, which belongs to the
    # list's element too: the height an overflow reports is the list's own.
    from generator.layout.engine import Renderer
    from generator.layout.overflow import measure_overflow
    from generator.layout.search import Laid
    from generator.render.html import scale_css
    from generator.runner.school import prepare
    from generator.runner.setting import _html
    from generator.runner.variants import variants
    from generator.units import PX_TO_MM

    pack, _ = prepare(write_school(_adults_school(5)))
    variant = next(
        v
        for v in variants(pack, Options(only=("pupil-poster",)))
        if v.band == "primary"
    )
    html = _html(pack, variant, [], False)(1.0)
    document = Renderer().render(html, variant, pack.base, scale_css(variant, 1.0))
    listed = next(
        box for box in _adult_boxes_in(document) if box.element.get("data-part")
    )
    heights = measure_overflow(Laid(document, 1.0), variant).heights
    assert heights["adults"] == pytest.approx(listed.margin_height() * PX_TO_MM)


FIVE_ADULTS = """\
trusted_adults:
  - name: Mrs Patel
    role: {en: Learning mentor, ar: مرشدة التعلم}
    photo: assets/patel.jpg
  - name: Mr Montgomery-Wolstenholme
    role: {en: SEN coordinator, ar: منسق الاحتياجات}
    photo: assets/reed.jpg
  - name: Mr Hughes
    role: {en: Caretaker, ar: حارس المدرسة}
    photo: assets/hughes.jpg
  - name: Ms Anne-Marie Cholmondeley
    role: {en: Safeguarding lead and deputy head, ar: مسؤولة الحماية ونائبة المدير}
    photo: assets/khan.jpg
  - name: Mrs Okafor
    role: {en: Nursery nurse, ar: ممرضة الحضانة}
    photo: assets/okafor.jpg
"""


def test_leaflet_text_never_runs_into_the_margin_below_the_panels(
    tmp_path: Path,
) -> None:
    # Five adults with photos and long names fill the Arabic leaflet's panel to
    # its foot: the fit must see the text that would run into the 6 mm below.
    school = tmp_path / "riverside"
    shutil.copytree(example_schools_dir() / "riverside-academy", school)
    for photo in ("patel", "reed", "hughes", "khan", "okafor"):
        shutil.copy(
            example_schools_dir() / "oakfield-primary" / "assets" / f"{photo}.jpg",
            school / "assets",
        )
    text = (school / "school.yaml").read_text()
    start = text.index("trusted_adults:")
    end = text.index("\n\n", start)
    (school / "school.yaml").write_text(text[:start] + FIVE_ADULTS + text[end + 1 :])
    out = tmp_path / "out"
    result = build([school / "school.yaml"], out, Options(only=("pupil-leaflet",)))
    assert result.ok, str(result.failures)
    for leaflet in sorted(out.glob("*/pupil-leaflet-*.pdf")):
        for number in range(2):
            # Boxes measure up from the foot of the page, in points.
            lowest = min(box[1] for _, box in pdfread.char_boxes(leaflet, number))
            assert lowest * PT_TO_MM >= 5.5, f"{leaflet.name}, page {number + 1}"
    # Five adults, one with a word too long for a third of the panel: two to
    # a row, no word broken (build refuses a broken word). On the Arabic page
    # the Latin name keeps its own order: its hyphen after "Montgomery".
    boxes = pdfread.char_boxes(next(out.glob("*/pupil-leaflet-*-ar.pdf")), 1)
    text = "".join(c for c, _ in boxes)
    at = text.index("Montgomery")
    name = [box for _, box in boxes[at : at + len("Montgomery")]]
    hyphen = boxes[at + len("Montgomery")]
    assert hyphen[0] in ("-", pdfread.LINE_END_HYPHEN)
    assert hyphen[1][0] >= max(b[2] for b in name) - 0.5
