"""The staff pocket card: print-shop file and office sheet, read back from PDFs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest

from generator.build import build
from generator.load import load_file
from generator.make import Options
from generator.paths import example_schools_dir
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


@pytest.mark.parametrize("school", SCHOOLS)
def test_type_sizes(examples_built, school: str) -> None:
    """Nothing under 6.5 pt; phone numbers at least 9 pt bold."""
    data = load_file(example_schools_dir() / school / "school.yaml").data
    phones = {m["phone"].replace(" ", "") for m in data["team"]}
    with pdfplumber.open(_card(examples_built, school)) as pdf:
        for page in pdf.pages:
            chars = [c for c in page.chars if c["text"].strip()]
            assert min(c["size"] for c in chars) >= 6.5 - 0.01
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
    assert len(fronts) == len(backs) == 10
    mirrored = sorted((210 - x - 85, y) for x, y in fronts)
    for (fx, fy), (bx, by) in zip(mirrored, backs, strict=True):
        assert fx == pytest.approx(bx, abs=0.5)
        assert fy == pytest.approx(by, abs=0.5)


def test_sheet_marks_stay_outside_the_cards_and_printable(examples_built) -> None:
    path = _card(examples_built, "oakfield-primary", "staff-card-sheet-a4.pdf")
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        hairlines = [
            r
            for r in page.rects + page.lines
            if min(r["width"], r["height"]) < 1 and max(r["width"], r["height"]) > 5
        ]
    assert len(hairlines) >= 12
    grid = (20, 11, 190, 286)  # the 2 × 5 cards, in mm
    for line in hairlines:
        x0, top = line["x0"] * PT_TO_MM, line["top"] * PT_TO_MM
        x1, bottom = line["x1"] * PT_TO_MM, line["bottom"] * PT_TO_MM
        inside = (
            x1 > grid[0] + 0.2
            and x0 < grid[2] - 0.2
            and (bottom > grid[1] + 0.2 and top < grid[3] - 0.2)
        )
        assert not inside, f"a crop mark over a card at {x0:.1f}, {top:.1f} mm"
        assert min(x0, top) >= 5 - 0.1 and x1 <= 205 + 0.1 and bottom <= 292 + 0.1


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
