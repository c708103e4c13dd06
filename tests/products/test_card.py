"""The staff pocket card: print-shop file and office sheet, read back from PDFs."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pdfplumber
import pytest

from generator.load.reader import load_file
from generator.paths import example_schools_dir
from generator.runner.build import build
from generator.runner.document import Options
from tests import pdfread
from tests.conftest import MINIMAL

PT_TO_MM = 25.4 / 72
CARD = Options(only=("staff-card",))
SCHOOLS = ("oakfield-primary", "riverside-academy")


def _card(built: tuple, school: str, name: str = "staff-card.pdf") -> Path:
    return built[1] / school / name


@pytest.mark.parametrize("school", SCHOOLS)
def test_print_file_is_two_pages_at_trim_size(examples_built, school: str) -> None:
    boxes = pdfread.trim_boxes_mm(_card(examples_built, school))
    assert boxes == [pytest.approx((85, 55), abs=0.1)] * 2


@pytest.mark.parametrize("school", SCHOOLS)
def test_sheet_is_two_a4_pages(examples_built, school: str) -> None:
    boxes = pdfread.trim_boxes_mm(
        _card(examples_built, school, "staff-card-sheet-a4.pdf")
    )
    assert boxes == [pytest.approx((210, 297), abs=0.5)] * 2


@pytest.mark.parametrize("school", SCHOOLS)
def test_front_has_every_lead_and_deputy_phone(examples_built, school: str) -> None:
    data = load_file(example_schools_dir() / school / "school.yaml").data
    with pdfplumber.open(_card(examples_built, school)) as pdf:
        front = " ".join(pdf.pages[0].extract_text().split())
        back = " ".join(pdf.pages[1].extract_text().split())
    for member in data["team"]:
        assert member["phone"] in front
    assert "999" in front
    assert data["local_contacts"]["children_services"]["phone"] in front
    assert "0800 028 0285" in back  # NSPCC whistleblowing line
    assert "Tell me what happened." in back


CARD_FILES = [
    ("oakfield-primary", "staff-card.pdf"),
    ("riverside-academy", "staff-card.pdf"),
    ("glenburn-primary", "staff-card.pdf"),
    ("loughview-primary", "staff-card.pdf"),
    ("ysgol-bryn-derw", "staff-card-cy-en.pdf"),
]


def smallest_pt(path: Path) -> list[float]:
    """The size of the smallest character on each page, as pdfplumber reads it."""
    with pdfplumber.open(path) as pdf:
        return [
            min(c["size"] for c in page.chars if c["text"].strip())
            for page in pdf.pages
        ]


@pytest.mark.parametrize(("school", "name"), CARD_FILES)
def test_nothing_on_either_face_is_under_7_pt(
    examples_built, school: str, name: str
) -> None:
    """Every character on every face of every example's card, Welsh included,
    and on the sheet it is imposed on."""
    sheet = name.replace("staff-card", "staff-card-sheet-a4")
    for path in (
        _card(examples_built, school, name),
        _card(examples_built, school, sheet),
    ):
        sizes = smallest_pt(path)
        assert len(sizes) == (4 if "cy-en" in name else 2)
        assert min(sizes) >= 7 - 0.01, f"{path.name}: {sizes}"


@pytest.mark.parametrize("school", SCHOOLS)
def test_type_sizes(examples_built, school: str) -> None:
    """Phone numbers on the front at least 9 pt bold."""
    data = load_file(example_schools_dir() / school / "school.yaml").data
    phones = {m["phone"].replace(" ", "") for m in data["team"]}
    with pdfplumber.open(_card(examples_built, school)) as pdf:
        words = pdf.pages[0].extract_words(extra_attrs=["size", "fontname"])
    digits = [
        w
        for w in words
        if w["text"].isdigit() and (len(w["text"]) >= 5 or w["text"] == "999")
    ]
    assert any(w["text"] == "999" for w in digits)
    joined = {a["text"] + b["text"] for a, b in zip(digits, digits[1:], strict=False)}
    assert phones <= joined
    for word in digits:
        assert word["size"] >= 9 - 0.01
        assert "Bold" in word["fontname"]


def test_the_translation_notice_is_not_on_the_card(examples_built) -> None:
    """The card's faces are for what staff act on: the "not yet checked"
    notice of an unreviewed Welsh translation is left off it (the English card
    is made with it, and the poster and briefing carry the notice)."""
    texts = pdfread.page_texts(
        _card(examples_built, "ysgol-bryn-derw", "staff-card-cy-en.pdf")
    )
    assert "Yn poeni am blentyn?" in texts[0] and "Worried about a child?" in texts[2]
    for text in texts:
        assert "fluent speaker" not in text and "siaradwr Cymraeg" not in text


def test_the_longest_note_fits_the_back_in_welsh_and_english(tmp_path: Path) -> None:
    """A note as long as the school file allows, in Welsh and English, fits on
    the back of the Welsh school's card with nothing under 7 pt."""
    import shutil

    folder = tmp_path / "ysgol"
    shutil.copytree(example_schools_dir() / "ysgol-bryn-derw", folder)
    cy = "Darllenwch y polisi ar hysbysfwrdd yr ystafell staff cyn gweithredu."
    en = "Read the policy on the staffroom noticeboard before you act, please."
    assert len(cy) <= 70 and len(en) <= 70
    with (folder / "school.yaml").open("a", encoding="utf-8") as file:
        file.write(f'products:\n  staff-card:\n    note: {{cy: "{cy}", en: "{en}"}}\n')
    result = build([folder / "school.yaml"], tmp_path / "out", CARD)
    assert result.ok, str(result.failures)
    card = tmp_path / "out" / "ysgol-bryn-derw" / "staff-card-cy-en.pdf"
    texts = pdfread.page_texts(card)
    assert cy in texts[1] and en in texts[3]
    assert min(smallest_pt(card)) >= 7 - 0.01


def test_type_a_school_template_sets_under_7_pt_is_named(tmp_path: Path) -> None:
    from tests.conftest import school_adding

    source = school_adding(
        tmp_path / "school",
        "<style>.card-strap { font-size: 6.5pt }</style>",
        "staff-card",
    )
    result = build([source], tmp_path / "out", CARD)
    message = str(result.failures[source])
    assert "is set at 6.5 pt; the smallest allowed here is 7 pt" in message
    assert "templates/ folder" in message


def _card_origins(
    page: pdfplumber.page.Page, word: str, offset: tuple[float, float]
) -> list[tuple[float, float]]:
    """Top-left corner (mm) of every card on a sheet, found by one of its words."""
    return sorted(
        (w["x0"] * PT_TO_MM - offset[0], w["top"] * PT_TO_MM - offset[1])
        for w in page.extract_words()
        if w["text"] == word
    )


def _offset(
    page: pdfplumber.page.Page, word: str, trim_left: float, trim_top: float
) -> tuple[float, float]:
    found = next(w for w in page.extract_words() if w["text"] == word)
    return found["x0"] * PT_TO_MM - trim_left, found["top"] * PT_TO_MM - trim_top


@pytest.mark.parametrize("school", SCHOOLS)
def test_each_back_lands_behind_its_front(examples_built, school: str) -> None:
    """Long-edge duplex flips the sheet left to right: a back must sit at its
    front's position mirrored about the page's vertical centre line."""
    # In the print file, pdfplumber measures x from the trim's left edge (the
    # user-space origin) and "top" from the media box, which reaches 8 mm above it.
    with pdfplumber.open(_card(examples_built, school)) as single:
        front_offset = _offset(single.pages[0], "Worried", 0, 8)
        back_offset = _offset(single.pages[1], "If", 0, 8)
    with pdfplumber.open(
        _card(examples_built, school, "staff-card-sheet-a4.pdf")
    ) as pdf:
        fronts = _card_origins(pdf.pages[0], "Worried", front_offset)
        backs = _card_origins(pdf.pages[1], "If", back_offset)
    assert len(fronts) == len(backs) == 8
    mirrored = sorted((210 - x - 85, y) for x, y in fronts)
    for (fx, fy), (bx, by) in zip(mirrored, backs, strict=True):
        assert fx == pytest.approx(bx, abs=0.5)
        assert fy == pytest.approx(by, abs=0.5)


def _sheet_geometry(built: tuple) -> tuple[list[tuple[float, float]], list[dict]]:
    """Each front's trim (top-left corner, mm) on the Oakfield sheet, found by
    its title's place on the card, and the hairlines drawn on the sheet."""
    with pdfplumber.open(_card(built, "oakfield-primary")) as single:
        # pdfplumber measures x in user space (the trim's left edge is 0) and
        # "top" down from the media box's height, as if it started at 0.
        x0, y0, x1, y1 = (float(v) for v in single.pages[0].page_obj.attrs["MediaBox"])
        trim_top = y1 - y0 - float(single.pages[0].page_obj.attrs["TrimBox"][3])
        offset = _offset(single.pages[0], "Worried", 0, trim_top * PT_TO_MM)
    path = _card(built, "oakfield-primary", "staff-card-sheet-a4.pdf")
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        origins = _card_origins(page, "Worried", offset)
        hairlines = [
            r
            for r in page.rects + page.lines
            if min(r["width"], r["height"]) < 1 and max(r["width"], r["height"]) > 1
        ]
    return origins, hairlines


def test_the_sheet_has_3_mm_gutters_read_back(examples_built) -> None:
    """Eight cards, two columns and four rows, centred, 3 mm apart."""
    origins, _ = _sheet_geometry(examples_built)
    xs = sorted({round(x, 1) for x, _ in origins})
    ys = sorted({round(y, 1) for _, y in origins})
    assert len(origins) == 8 and len(xs) == 2 and len(ys) == 4
    assert xs[1] - (xs[0] + 85) == pytest.approx(3, abs=0.1)
    for above, below in pairwise(ys):
        assert below - (above + 55) == pytest.approx(3, abs=0.1)
    assert xs[0] == pytest.approx(210 - (xs[1] + 85), abs=0.1)
    assert ys[0] == pytest.approx(297 - (ys[-1] + 55), abs=0.1)


def test_sheet_marks_are_in_the_margin_and_gutters_clear_of_every_card(
    examples_built,
) -> None:
    origins, hairlines = _sheet_geometry(examples_built)
    cards = [(x, y, x + 85, y + 55) for x, y in origins]
    in_gutters = 0
    for line in hairlines:
        x0, top = line["x0"] * PT_TO_MM, line["top"] * PT_TO_MM
        x1, bottom = line["x1"] * PT_TO_MM, line["bottom"] * PT_TO_MM
        for left, upper, right, lower in cards:
            # 0.5 mm clear: a guillotine's drift never brings a mark onto a card.
            clear = (
                x1 <= left - 0.5 + 0.05
                or x0 >= right + 0.5 - 0.05
                or bottom <= upper - 0.5 + 0.05
                or top >= lower + 0.5 - 0.05
            )
            assert clear, f"a crop mark at {x0:.1f}, {top:.1f} mm is on a card"
        assert min(x0, top) >= 5 - 0.1 and x1 <= 205 + 0.1 and bottom <= 292 + 0.1
        if max(x1 - x0, bottom - top) < 3:  # the margin's marks run far longer
            between_rows = any(
                a[3] < top - 0.3 and bottom + 0.3 < b[1] for a in cards for b in cards
            )
            between_columns = any(
                a[2] < x0 - 0.3 and x1 + 0.3 < b[0] for a in cards for b in cards
            )
            assert between_rows or between_columns, f"{x0:.1f}, {top:.1f} mm"
            in_gutters += 1
    # Every cut line is marked in the margin at both ends: 2 × 2 vertical lines
    # (one each side of the gutter) and 4 × 2 horizontal ones.
    verticals = {
        round(line["x0"] * PT_TO_MM, 1) for line in hairlines if line["width"] < 1
    }
    assert verticals == {round(x, 1) for card in cards for x in (card[0], card[2])}
    horizontals = {
        round(line["top"] * PT_TO_MM, 1) for line in hairlines if line["height"] < 1
    }
    assert horizontals == {round(y, 1) for card in cards for y in (card[1], card[3])}
    assert in_gutters == 3 * 4 + 8


def test_a_cut_half_a_millimetre_off_shows_the_cards_own_colour(
    examples_built,
) -> None:
    """Each card's bleed runs into its half of the gutter: just above a card's
    top edge is its own brand band, not the white foot of the card above."""
    origins, _ = _sheet_geometry(examples_built)
    path = _card(examples_built, "oakfield-primary", "staff-card-sheet-a4.pdf")
    image = pdfread.render_png(path, 0, dpi=300).convert("RGB")
    px = 300 / 25.4

    def colour(x_mm: float, y_mm: float) -> tuple[int, int, int]:
        return image.getpixel((round(x_mm * px), round(y_mm * px)))

    x, y = sorted(origins, key=lambda o: (o[1], o[0]))[2]  # second row, left
    band = colour(x + 2, y + 1)
    assert band[2] > band[0] + 40, f"no band at the card's top: {band}"
    for drift in (0.3, 0.5, 1.0):
        assert colour(x + 2, y - drift) == pytest.approx(band, abs=12)
        assert colour(x - drift, y + 1) == pytest.approx(band, abs=12)
    # The foot of the card above stays white into its own half of the gutter.
    assert min(colour(x + 2, y - 3 + 0.5)) > 240


def _team(leads: int, others: int) -> str:
    people = [
        f'  - {{name: "Lead {i}", role: {"dsl" if i == 0 else "deputy-dsl"}, '
        f'phone: "01632 9600{i:02d}", where: "Room {i}"}}'
        for i in range(leads)
    ]
    people += [
        f'  - {{name: "Helper {i}", role: other, title: Mentor, '
        f'phone: "01632 9601{i:02d}"}}'
        for i in range(others)
    ]
    head, rest = MINIMAL.split("team:\n")
    return head + "team:\n" + "\n".join(people) + "\n" + rest.split("\n", 1)[1]


def test_a_big_team_keeps_leads_and_says_who_was_left_off(
    write_school: Callable[[str], Path], tmp_path: Path
) -> None:
    source = write_school(_team(3, 6))
    result = build([source], tmp_path / "out", CARD)
    assert result.ok, str(result.failures)
    front = pdfread.text(tmp_path / "out" / "minimal" / "staff-card.pdf")
    for i in range(3):
        assert f"01632 9600{i:02d}" in front
    # Others in the team never take a disclosure: they are not on the card, and
    # check says where they are printed instead.
    assert "Helper" not in front
    warnings = " ".join(str(w) for w in result.warnings)
    assert "Helper 0 is not the lead or a deputy" in warnings
    assert (
        len(pdfread.trim_boxes_mm(tmp_path / "out" / "minimal" / "staff-card.pdf")) == 2
    )


def test_too_many_leads_keep_the_first_and_name_the_rest(
    write_school: Callable[[str], Path], tmp_path: Path
) -> None:
    """A team too large for the card keeps the first of it, in order of
    contact, and says who was left off and how to choose."""
    source = write_school(_team(12, 0))
    result = build([source], tmp_path / "out", CARD)
    assert result.ok, str(result.failures)
    warning = next(str(w) for w in result.warnings if "of the team fit" in str(w))
    assert "Lead 11" in warning.split("left off:")[1]
    assert "choose who with products: staff-card: team:" in warning
    with pdfplumber.open(tmp_path / "out" / "minimal" / "staff-card.pdf") as pdf:
        front = pdf.pages[0].extract_text()
    assert "Lead 0" in front and "Lead 11" not in front


def test_the_school_chooses_who_is_on_the_card_and_adds_a_note(
    write_school: Callable[[str], Path], tmp_path: Path
) -> None:
    text = _team(3, 0) + (
        'products:\n  staff-card:\n    team: ["Lead 2", "Lead 0"]\n'
        "    note: Policy on the staffroom noticeboard\n"
    )
    result = build([write_school(text)], tmp_path / "out", CARD)
    assert result.ok, str(result.failures)
    with pdfplumber.open(tmp_path / "out" / "minimal" / "staff-card.pdf") as pdf:
        front = pdf.pages[0].extract_text()
        back = " ".join(pdf.pages[1].extract_text().split())
    assert "01632 960001" not in front
    assert front.index("Lead 2") < front.index("Lead 0")
    assert "Policy on the staffroom noticeboard" in back


def test_an_unknown_name_for_the_card_is_located(
    write_school: Callable[[str], Path], tmp_path: Path
) -> None:
    text = _team(2, 0) + 'products:\n  staff-card:\n    team: ["Lead 0", "Lead 9"]\n'
    source = write_school(text)
    result = build([source], tmp_path / "out", CARD)
    assert (
        f'{source.name}:14:22: products.staff-card.team[1]: "Lead 9" is not in the team'
    ) in str(result.failures[source])


def _structure(path: Path) -> list[str]:
    """The roles of a PDF's structure tree, depth first."""
    import pikepdf

    roles = []
    with pikepdf.open(path) as pdf:
        stack = [pdf.Root.StructTreeRoot]
        while stack:
            node = stack.pop()
            kids = node.get("/K")
            kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
            for kid in reversed(kids):
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    roles.append(str(kid.S))
                    stack.append(kid)
    return roles


@pytest.mark.parametrize("school", SCHOOLS)
def test_the_sheet_is_the_card_imposed_and_tagged_once(
    examples_built, school: str
) -> None:
    """The office sheet is the card's own pages placed in each slot: its tags
    are the card's, once (a screen reader reads one card, not ten), and its
    text is the card's text."""
    card = _card(examples_built, school)
    sheet = _card(examples_built, school, "staff-card-sheet-a4.pdf")
    assert _structure(sheet) == _structure(card)
    assert len(_structure(card)) > 10
    card_text = pdfread.page_texts(card)
    sheet_text = pdfread.page_texts(sheet)
    for single, imposed in zip(card_text, sheet_text, strict=True):
        assert imposed.count(single.split()[0]) >= 10
