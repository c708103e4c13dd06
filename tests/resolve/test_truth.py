"""What is printed is what the school wrote and what the sources say: no number is
ever changed on its way to the page, and every route printed leads somewhere."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli.commands import cli
from generator.errors import SafeprintError
from generator.load.spreadsheet import import_csv
from generator.options import Options
from generator.paths import content_dir, example_schools_dir
from generator.resolve.completeness import language_problems
from generator.resolve.content import available_nations, load_nation, national_content
from generator.resolve.pack import load_school
from generator.runner.build import BuildResult, build
from generator.validate.checks import stale_facts
from tests import pdfread
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
    from generator.validate.fields import format_phone

    assert format_phone("(01632) 960-123") == "01632 960123"
    assert format_phone("+44 1632 960123") == "01632 960123"
    assert format_phone("01632\u00a0960123") == "01632 960123"


# --- every nation in its own words --------------------------------------------------

EXAMPLES = {
    "england": "oakfield-primary",
    "wales": "ysgol-bryn-derw",
    "scotland": "glenburn-primary",
    "northern-ireland": "loughview-primary",
}
# Words for roles, routes and reviews that one nation uses and another must not.
OTHERS = {
    "england": [
        "Designated Safeguarding Person",
        "DSP",
        "Child Protection Coordinator",
        "Designated Teacher",
        "principal",
        "Gateway Team",
        "learning review",
        "Board of Governors",
    ],
    "wales": [
        "Designated Safeguarding Lead",
        "DSL",
        "Child Protection Coordinator",
        "Designated Teacher",
        "principal",
        "LADO",
        "children's social care",
        "learning review",
        "Gateway Team",
        "safeguarding lead",
    ],
    "scotland": [
        "Designated Safeguarding Lead",
        "DSL",
        "DSP",
        "Designated Teacher",
        "principal",
        "LADO",
        "chair of governors",
        "Gateway Team",
        "safeguarding lead",
        "children's social care",
    ],
    "northern-ireland": [
        "headteacher",
        "head teacher",
        "Prevent",
        "LADO",
        "DSL",
        "DSP",
        "Child Protection Coordinator",
        "safeguarding lead",
        "children's social care",
        "learning review",
        "{",
    ],
}


def _printed(folder: Path) -> dict[str, str]:
    return {pdf.name: pdfread.text(pdf) for pdf in sorted(folder.glob("*.pdf"))}


@pytest.mark.parametrize("nation", EXAMPLES)
def test_a_school_prints_only_its_own_nations_words(
    examples_built: tuple[BuildResult, Path], nation: str
) -> None:
    printed = _printed(examples_built[1] / EXAMPLES[nation])
    assert len(printed) >= 8
    found = [
        (name, word)
        for name, text in printed.items()
        for word in OTHERS[nation]
        if re.search(rf"(?<![\w-]){re.escape(word)}(?!\w)", text, re.IGNORECASE)
        or (word == "{" and word in text)
    ]
    assert not found, found
    # No placeholder is ever printed as it is written.
    assert not [n for n, t in printed.items() if re.search(r"\{[A-Za-z_]+\}", t)]


def test_each_nation_names_its_own_people_and_reviews(
    examples_built: tuple[BuildResult, Path],
) -> None:
    out = examples_built[1]
    ni = _printed(out / "loughview-primary")
    assert "Tell the principal" in ni["staff-poster-a3.pdf"]
    assert "chair of the Board of Governors" in ni["staff-poster-a3.pdf"]
    assert "Lessons from case management reviews" in ni["staff-briefing.pdf"]
    scotland = _printed(out / "glenburn-primary")
    assert "Lessons from learning reviews" in scotland["staff-briefing.pdf"]
    assert "child protection procedures" in scotland["staff-poster-a3.pdf"]
    wales = _printed(out / "ysgol-bryn-derw")
    assert "Anyone can report to social services" in wales["staff-poster-a3-cy-en.pdf"]


# --- guidance printed, and printed right --------------------------------------------


def test_the_pants_lines_are_the_nspccs_own(
    examples_built: tuple[BuildResult, Path],
) -> None:
    leaflet = pdfread.text(
        examples_built[1] / "oakfield-primary" / "pupil-leaflet-early-en.pdf"
    )
    for line in (
        "Privates are private",
        "Always remember your body belongs to you",
        "No means no",
        "Talk about secrets that upset you",
        "Speak up, someone can help",
    ):
        assert line in leaflet


def test_helpline_hours_and_the_helplines_email_are_printed(
    examples_built: tuple[BuildResult, Path],
) -> None:
    folder = examples_built[1] / "oakfield-primary"
    # On the briefing, which staff keep; the poster gives the numbers across a room.
    printed = pdfread.text(folder / "staff-briefing.pdf")
    assert "Weekdays 8am to 10pm, weekends 9am to 6pm; email any time" in printed
    assert "help@nspcc.org.uk" in printed
    assert "Weekdays 8am to 8pm" in printed
    primary = pdfread.text(folder / "pupil-poster-primary-a3-en.pdf")
    assert "It is free to call, any time, day or night." in primary
    assert "If you are in danger right now, call 999." in primary


def test_meic_is_beside_childline_for_a_school_in_wales_only(
    examples_built: tuple[BuildResult, Path],
) -> None:
    out = examples_built[1]
    for pdf in (out / "ysgol-bryn-derw").glob("pupil-*.pdf"):
        printed = pdfread.text(pdf)
        assert printed.count("Meic") == 2 and "0808 802 3456" in printed, pdf.name
    for school in ("oakfield-primary", "glenburn-primary", "loughview-primary"):
        for pdf in (out / school).glob("pupil-*.pdf"):
            assert "Meic" not in pdfread.text(pdf), pdf.name


def test_the_fgm_duty_is_on_the_briefing_in_england_and_wales_only(
    examples_built: tuple[BuildResult, Path],
) -> None:
    out = examples_built[1]
    duty = "report it to the police yourself"
    assert duty in pdfread.text(out / "oakfield-primary" / "staff-briefing.pdf")
    welsh = pdfread.text(out / "ysgol-bryn-derw" / "staff-briefing-cy-en.pdf")
    assert duty in welsh and "rhowch wybod i'r heddlu eich hun" in welsh
    for school in ("glenburn-primary", "loughview-primary"):
        assert duty not in pdfread.text(out / school / "staff-briefing.pdf")


def test_the_chairs_way_to_be_reached_is_on_the_poster_and_the_card(
    examples_built: tuple[BuildResult, Path],
) -> None:
    folder = examples_built[1] / "riverside-academy"
    poster = pdfread.text(folder / "staff-poster-a3.pdf")
    assert "Tell the chair of trustees, Mrs Beverley Nwosu" in poster
    assert "chair@riverside.example.sch.uk" in poster
    card = pdfread.text(folder / "staff-card.pdf")
    assert "chair of trustees" in card
    assert "chair@riverside.example.sch.uk" in card


# --- routes that lead somewhere -----------------------------------------------------


def test_check_refuses_a_chair_with_no_way_to_reach_them(tmp_path: Path) -> None:
    folder = tmp_path / "school"
    folder.mkdir()
    (folder / "school.yaml").write_text(
        MINIMAL.replace(
            "  phase: primary\n",
            "  phase: primary\n  chair_of_governors: {name: Mr Tom Reid}\n",
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["check", str(folder)])
    assert result.exit_code == 1
    assert "school.yaml:5:" in result.output
    assert "Mr Tom Reid has no phone or email" in result.output


def test_check_warns_on_someone_in_the_team_who_does_not_take_disclosures(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "school"
    folder.mkdir()
    (folder / "school.yaml").write_text(
        MINIMAL.replace(
            "team:\n",
            "team:\n  - {name: Mrs Gwen Hill, role: other, title: Safeguarding "
            'governor, phone: "01632 960002"}\n',
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["check", str(folder)])
    assert result.exit_code == 0, result.output
    assert "team[0].role: Mrs Gwen Hill is not the lead or a deputy" in result.output
    built = build([folder], tmp_path / "out", Options(only=("staff-poster",)))
    poster = pdfread.text(tmp_path / "out" / "minimal" / "staff-poster-a3.pdf")
    assert built.ok
    team_part = poster.split("Tell one of us at once")[1].split("What to do")[0]
    assert "Gwen Hill" not in team_part
    assert "Safeguarding governor: Mrs Gwen Hill" in poster


# --- sources and dates on everything ------------------------------------------------


def test_every_national_fact_has_a_source_and_a_date() -> None:
    content = national_content()
    files = {p.stem for p in (content_dir() / "national").glob("*.yaml")}
    assert set(content.about) == files
    for about in content.about.values():
        assert about.sources and about.verified
    for line in content.helplines:
        assert line.source.url and line.verified
    for theme in content.case_review_themes:
        assert theme.source.url
    for nation in available_nations():
        profile = load_nation(nation)
        assert profile.about.sources and profile.about.verified
        for duty in profile.duties:
            assert duty.source.url and duty.verified


def test_facts_checked_before_englands_guidance_was_reissued_are_stale() -> None:
    pack = load_school(example_schools_dir() / "oakfield-primary" / "school.yaml")
    fresh = stale_facts(pack, today=dt.date(2027, 8, 31))
    assert not fresh
    reissued = [str(p) for p in stale_facts(pack, today=dt.date(2027, 9, 2))]
    assert any("nation: " in p and "Keeping children safe" in p for p in reissued)
    year_on = {p.field for p in stale_facts(pack, today=dt.date(2028, 1, 1))}
    assert {"helplines.childline", "duties.fgm", "pupils", "nation"} <= year_on
