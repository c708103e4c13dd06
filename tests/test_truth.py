"""What is printed is what the school wrote and what the sources say: no number is
ever changed on its way to the page, and every route printed leads somewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import SafeprintError
from generator.importer import import_csv
from generator.resolve import load_school
from generator.translate import language_problems
from tests.conftest import MINIMAL

# Typos and pastes that phonenumbers would quietly turn into another number.
WRONG_NUMBERS = {
    "capital O for zero": "01632 960OOO",
    "O in a national line": "0808 8OO 5OOO",
    "small l for one": "01632 960l23",
    "Arabic-Indic digits": "01632 ٩٦٠١٢٣",
    "full-width digits": "０１６３２ ９６０１２３",
    "zero-width space": "01632\u200b960123",
    "right-to-left mark": "\u200f01632 960123",
}


def _problems(path: Path) -> list[str]:
    """Every error loading ``path`` and checking its translations reports."""
    try:
        pack = load_school(path)
    except SafeprintError as caught:
        return [str(p) for p in caught.problems]
    return [str(p) for p in language_problems(pack) if not p.warning]


@pytest.mark.parametrize("typed", WRONG_NUMBERS.values(), ids=WRONG_NUMBERS.keys())
def test_a_team_number_that_is_not_digits_is_refused_at_its_line(
    tmp_path: Path, typed: str
) -> None:
    path = tmp_path / "school.yaml"
    path.write_text(MINIMAL.replace('"01632 960001"', f'"{typed}"'), encoding="utf-8")
    phone = [p for p in _problems(path) if "team[0].phone" in p]
    assert phone and phone[0].startswith(f"{path}:6:"), phone
    assert "digits only" in phone[0]


@pytest.mark.parametrize("typed", WRONG_NUMBERS.values(), ids=WRONG_NUMBERS.keys())
def test_a_school_helpline_number_that_is_not_digits_is_refused(
    tmp_path: Path, typed: str
) -> None:
    path = tmp_path / "school.yaml"
    path.write_text(
        MINIMAL
        + "content:\n  helplines:\n"
        + "    - id: young-carers\n      name: Anytown Young Carers\n"
        + f'      phone: "{typed}"\n      audience: pupils\n'
        + "      purpose: For young carers\n",
        encoding="utf-8",
    )
    found = [p for p in _problems(path) if "content.helplines[0].phone" in p]
    assert found, _problems(path)


@pytest.mark.parametrize("typed", WRONG_NUMBERS.values(), ids=WRONG_NUMBERS.keys())
def test_a_translated_number_that_is_not_digits_is_refused(
    tmp_path: Path, typed: str
) -> None:
    path = tmp_path / "school.yaml"
    path.write_text(
        MINIMAL.replace("team:", "languages: [en, pl]\nenglish_fallback: true\nteam:")
        + "translations:\n  pl:\n    helplines:\n"
        + f'      childline.phone: "{typed}"\n',
        encoding="utf-8",
    )
    found = [p for p in _problems(path) if "pl.helplines.childline.phone" in p]
    assert found, _problems(path)


@pytest.mark.parametrize("typed", WRONG_NUMBERS.values(), ids=WRONG_NUMBERS.keys())
def test_a_spreadsheet_number_that_is_not_digits_is_refused_by_row(
    tmp_path: Path, typed: str
) -> None:
    sheet = tmp_path / "schools.csv"
    sheet.write_text(
        "school_name,nation,phase,dsl_name,dsl_phone,children_services_name,"
        "children_services_phone,reviewed_on,review_by\n"
        f"Elm Park Primary School,england,primary,Ms Jo Hart,{typed},"
        "Anytown Front Door,01632 960000,2026-09-01,2027-09-01\n",
        encoding="utf-8",
    )
    result = import_csv(sheet, tmp_path / "schools")
    assert not result.written
    assert [p.field for p in result.problems] == ["row 2, column dsl_phone"]
    assert "digits only" in result.problems[0].message


def test_numbers_as_people_write_them_still_read() -> None:
    from generator.fields import format_phone

    assert format_phone("(01632) 960-123") == "01632 960123"
    assert format_phone("+44 1632 960123") == "01632 960123"
    assert format_phone("01632\u00a0960123") == "01632 960123"
