"""The pupil leaflet composed panel by panel, and the preflight rules of the
pupil products, read back from the PDFs with pdfplumber."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from generator.products import LEAFLET_PANELS
from generator.runner.build import build
from generator.runner.document import Options
from tests import pdfread
from tests.conftest import school_adding

MM_PER_PT = 25.4 / 72
LEAFLETS = {
    "glenburn-primary": ["early", "primary"],
    "oakfield-primary": [
        f"{b}-{c}" for b in ("early", "primary") for c in ("en", "pl", "ur")
    ],
    "riverside-academy": ["secondary-en", "secondary-ar"],
    "ysgol-bryn-derw": ["early-cy-en", "primary-cy-en"],
}
CASES = [(s, v) for s, variants in LEAFLETS.items() for v in variants]


def _panels(side: str, rtl: bool) -> list[tuple[float, float]]:
    """Each panel's left and right edge (mm from the trim's left edge)."""
    widths = LEAFLET_PANELS[side]
    widths = tuple(reversed(widths)) if rtl else widths
    edges, x = [], 0.0
    for width in widths:
        edges.append((x, x + width))
        x += width
    return edges


@pytest.mark.parametrize(("school", "variant"), CASES)
def test_no_leaflet_panel_ends_in_an_empty_band(
    examples_built, school: str, variant: str
) -> None:
    path = examples_built[1] / school / f"pupil-leaflet-{variant}.pdf"
    rtl = variant.endswith(("-ur", "-ar"))
    pages = len(pdfread.page_texts(path))
    for page in range(pages):
        side = "outside" if page % 2 == 0 else "inside"
        for left, right in _panels(side, rtl):
            # 1 mm in from each fold, where the next panel's drawing may reach.
            empty = pdfread.empty_foot(path, page, left + 1, right - 1)
            assert empty <= 0.20, (page, left, f"{empty:.0%} empty at its foot")


def _words(path: Path, page: int, left: float, right: float) -> list[dict]:
    with pdfplumber.open(path) as pdf:
        sheet = pdf.pages[page]
        crop = sheet.crop((left / MM_PER_PT, 0, right / MM_PER_PT, sheet.height))
        return crop.extract_words()


@pytest.mark.parametrize(("school", "variant"), CASES)
def test_outside_has_the_school_once_and_childline_at_the_foot_of_the_back(
    examples_built, school: str, variant: str
) -> None:
    path = examples_built[1] / school / f"pupil-leaflet-{variant}.pdf"
    rtl = variant.endswith(("-ur", "-ar"))
    outside = pdfread.page_texts(path)[0]
    name = {
        "glenburn-primary": "Glenburn Primary School",
        "oakfield-primary": "Oakfield Primary School",
        "riverside-academy": "Riverside Academy",
        "ysgol-bryn-derw": "Ysgol Bryn Derw",
    }[school]
    assert outside.count(name) == 1
    back = _panels("outside", rtl)[1]
    words = _words(path, 0, *back)
    number = [w for w in words if w["text"] == "1111"]
    assert number, "no Childline number on the back"
    with pdfplumber.open(path) as pdf:
        height = pdf.pages[0].height
    # The number is in the lowest third of the panel (the block it ends ends
    # with the 999 line), and nothing but that block is below it.
    assert number[0]["bottom"] > 0.5 * height
    assert max(w["bottom"] for w in words) > 0.85 * height  # the block's foot
    below = [w["text"] for w in words if w["bottom"] > number[0]["bottom"] + 1]
    # Only its web address (which may break after a slash) and the 999 line
    # the Childline block ends with.
    rest = "".join(below).replace("childline.org.uk/kids", "")
    rest = rest.replace("childline.org.uk", "")
    assert rest == "" or "999" in rest or "Meic" in rest, below


def test_the_cover_title_strands_no_word(examples_built) -> None:
    for school in ("glenburn-primary", "riverside-academy"):
        for leaflet in (examples_built[1] / school).glob("pupil-leaflet-*.pdf"):
            if leaflet.stem.endswith("-ar"):
                continue
            with pdfplumber.open(leaflet) as pdf:
                sheet = pdf.pages[0]
                cover = sheet.crop((197 / MM_PER_PT, 0, sheet.width, sheet.height))
                lines = [
                    " ".join(ln["text"].split()) for ln in cover.extract_text_lines()
                ]
            title = lines[:1] if lines[0].endswith("?") else lines[:2]
            assert " ".join(title) == "Who can I talk to?", lines
            assert len(title[-1].split()) >= 2, title  # no word alone


def test_the_youngest_get_an_activity(examples_built) -> None:
    path = examples_built[1] / "glenburn-primary" / "pupil-leaflet-early.pdf"
    inside = pdfread.page_texts(path)[1]
    assert "Draw your hand" in inside
    assert "On each finger, write the name of a grown-up you can tell." in inside
    # The box to draw in runs down to the foot of the last panel.
    assert pdfread.empty_foot(path, 1, 201, 296) <= 0.06


def test_how_to_print_is_beyond_the_trim_with_marks(
    write_school, tmp_path: Path
) -> None:
    from tests.conftest import MINIMAL

    source = write_school(MINIMAL)
    result = build(
        [source], tmp_path / "out", Options(only=("pupil-leaflet",), marks=True)
    )
    assert result.ok, str(result.failures)
    path = tmp_path / "out" / "minimal" / "pupil-leaflet-primary.pdf"
    with pikepdf.open(path) as pdf:
        trims = [[float(v) for v in page.obj["/TrimBox"]] for page in pdf.pages]
    for number, side in enumerate(("Outside", "Inside")):
        _, bottom, _, top = trims[number]  # PDF space, as pypdfium2's boxes
        chars = pdfread.char_boxes(path, number)
        above = "".join(c for c, box in chars if box[1] > top)
        below = "".join(c for c, box in chars if box[3] < bottom)
        assert above == f"{side}:printbothsidesofoneA4sheet,flipontheshortedge."
        assert below == "Foldtheflapinonthedashedmarks,thenthecoveroverit."
    plain = build([source], tmp_path / "plain", Options(only=("pupil-leaflet",)))
    assert plain.ok
    text = pdfread.text(tmp_path / "plain" / "minimal" / "pupil-leaflet-primary.pdf")
    assert "flip on the short edge" not in text


def test_a_name_on_a_photo_is_refused(tmp_path: Path) -> None:
    style = "<style>.finger-name { top: -0.6em !important }</style>"
    source = school_adding(tmp_path / "s", style, "pupil-poster")
    result = build([source], tmp_path / "out", Options(only=("pupil-poster",)))
    message = str(result.failures[source])
    assert 'the name "Mrs Ada Byron" on the hand touches a photo' in message
    assert "shorten it in the school file (`trusted_adults: name:`)" in message


def test_an_empty_panel_is_refused(tmp_path: Path) -> None:
    style = "<style>.fill, .panel-foot, .pants { display: none }</style>"
    source = school_adding(tmp_path / "s", style, "pupil-leaflet")
    result = build([source], tmp_path / "out", Options(only=("pupil-leaflet",)))
    message = str(result.failures[source])
    assert "pupil-leaflet-early.pdf, page 1: the flap panel is" in message
    assert "empty at its foot (at most 20%)" in message
