"""`safeprint import`: a spreadsheet becomes one school file per row, to review."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli.commands import cli
from generator.errors import SafeprintError
from generator.load.spreadsheet import columns, import_csv
from generator.resolve.pack import load_school

HEADER = (
    "school_name,nation,phase,dsl_name,dsl_phone,dsl_where,deputy1_name,"
    "deputy1_phone,children_services_name,children_services_phone,"
    "trusted1_name,trusted1_role,reviewed_on,review_by\n"
)
GOOD = (
    "Elm Park Primary School,england,primary,Ms Jo Hart,01632960201,Office,"
    "Mr Sam Lee,01632 960202,Anytown Front Door,01632 960000,Mrs Dale,"
    "Teaching assistant,2026-09-01,2027-09-01\n"
)
BAD = (
    "Broken School,englnd,primary,Ms Bad Phone,12345,,,,Anytown Front Door,"
    "01632 960000,,,2026-09-01,2027-09-01\n"
)
SCOTTISH = (
    "Ash Grove Academy,scotland,secondary,Mr Ian Ross,0131 496 0301,,,,"
    "Anytown Social Work,0131 496 0500,Mr Kerr,Guidance teacher,"
    "2026-09-01,2027-09-01\n"
)


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    path = tmp_path / "schools.csv"
    path.write_text(HEADER + GOOD + BAD + SCOTTISH, encoding="utf-8")
    return path


def test_good_rows_become_valid_school_files(sheet: Path, tmp_path: Path) -> None:
    result = import_csv(sheet, tmp_path / "schools")
    assert [p.parent.name for p in result.written] == [
        "elm-park-primary",
        "ash-grove-academy",
    ]
    pack = load_school(result.written[0])
    assert [m.phone for m in pack.school.team] == ["01632 960201", "01632 960202"]
    # As the school file's reviewer reads them: grouped, whatever the sheet had.
    assert "phone: 01632 960201" in result.written[0].read_text()
    assert [m.role for m in pack.school.team] == ["dsl", "deputy-dsl"]
    assert pack.school.trusted_adults[0].role == "Teaching assistant"
    assert load_school(result.written[1]).nation.roles["dsl"].title == (
        "Child Protection Coordinator"
    )
    text = result.written[0].read_text()
    assert text.startswith("# Made by `safeprint import` from schools.csv.\n")
    assert text.index("school:") < text.index("team:") < text.index("review:")


def test_bad_rows_are_named_by_row_and_column(sheet: Path, tmp_path: Path) -> None:
    result = import_csv(sheet, tmp_path / "schools")
    assert [str(p) for p in result.problems] == [
        f'{sheet}: row 3, column nation: "englnd" is not allowed here — did you '
        "mean 'england'? (one of 'england', 'wales', 'scotland' or "
        "'northern-ireland')",
        f'{sheet}: row 3, column dsl_phone: "12345" is not a UK phone number — '
        "write it as you would dial it, e.g. 01632 960123",
    ]
    assert not (tmp_path / "schools" / "broken").exists()


def test_the_command_exits_one_and_never_overwrites(
    sheet: Path, tmp_path: Path
) -> None:
    out = tmp_path / "schools"
    first = CliRunner().invoke(cli, ["import", str(sheet), "--out", str(out)])
    assert first.exit_code == 1
    assert "2 school file(s) written" in first.stdout
    assert "1 row(s) need fixing" in first.stdout
    # The same sheet again (its bad row still bad): the files it wrote before
    # are found as they were, and left.
    again = CliRunner().invoke(cli, ["import", str(sheet), "--out", str(out)])
    assert "0 school file(s) written to" in again.stdout
    assert ", 2 as before; 1 row(s) need fixing" in again.stdout
    edited = out / "elm-park-primary" / "school.yaml"
    # A comment added by hand changes no data: the file is as before.
    edited.write_text(edited.read_text() + "# reviewed by the DSL\n")
    again = CliRunner().invoke(cli, ["import", str(sheet), "--out", str(out)])
    assert ", 2 as before; 1 row(s) need fixing" in again.stdout
    edited.write_text(edited.read_text().replace("where: Office", "where: Office 3"))
    for update in ([], ["--update"]):
        again = CliRunner().invoke(
            cli, ["import", str(sheet), "--out", str(out), *update]
        )
        assert (
            f"{sheet}: row 2: {edited} was edited since it was imported, so "
            "--update leaves it and differs from this row: team[0].where: "
            "'Office 3' in the file, 'Office' in the sheet — copy the sheet's "
            "changes into it by hand, or delete it to import the row again"
        ) in again.stderr
        assert edited.read_text().endswith("# reviewed by the DSL\n")


def test_a_sheet_sorted_or_thinned_imports_as_before_and_update_takes_changes(
    tmp_path: Path,
) -> None:
    """The school's data is compared, not the row it sat on: rows deleted or
    sorted leave every file as it was. An updated sheet names each file that
    differs, with what differs; --update rewrites those nobody edited."""
    out = tmp_path / "schools"
    path = tmp_path / "schools.csv"
    path.write_text(HEADER + GOOD + SCOTTISH)
    assert len(import_csv(path, out).written) == 2
    elm = out / "elm-park-primary" / "school.yaml"
    ash = out / "ash-grove-academy" / "school.yaml"
    written = elm.read_bytes(), ash.read_bytes()
    path.write_text(HEADER + SCOTTISH + GOOD)
    again = import_csv(path, out)
    assert not again.problems and not again.written
    assert again.unchanged == [ash, elm]
    path.write_text(HEADER + GOOD)
    assert import_csv(path, out).unchanged == [elm]
    assert (elm.read_bytes(), ash.read_bytes()) == written
    # The sheet changes the deputy's number and the worry box moves; the
    # Scottish school's file is edited by hand.
    changed = GOOD.replace("01632 960202", "01632 960212")
    path.write_text(HEADER + changed + SCOTTISH)
    ash.write_text(ash.read_text().replace("Guidance teacher", "Pupil support"))
    plain = import_csv(path, out)
    assert [str(p) for p in plain.problems] == [
        f"{path}: row 2: {elm} was imported from an earlier sheet and differs "
        "from this row: team[1].phone: '01632 960202' in the file, '01632 "
        "960212' in the sheet — `safeprint import --update` takes the sheet's "
        "changes into it",
        f"{path}: row 3: {ash} was edited since it was imported, so --update "
        "leaves it and differs from this row: trusted_adults[0].role: 'Pupil "
        "support' in the file, 'Guidance teacher' in the sheet — copy the "
        "sheet's changes into it by hand, or delete it to import the row again",
    ]
    assert elm.read_bytes() == written[0]
    result = CliRunner().invoke(
        cli, ["import", str(path), "--out", str(out), "--update"]
    )
    assert result.exit_code == 1
    assert f"  updated {elm}" in result.stdout
    assert "0 school file(s) written to" in result.stdout
    assert ", 1 updated; 1 row(s) need fixing" in result.stdout
    assert "phone: 01632 960212" in elm.read_text()
    assert "Pupil support" in ash.read_text()
    # Updated, the file is as imported: a later --update may change it again.
    assert import_csv(path, out).unchanged == [elm]


def test_an_unknown_column_suggests_the_right_one(tmp_path: Path) -> None:
    path = tmp_path / "schools.csv"
    path.write_text(HEADER.replace("dsl_phone", "dsl_phon") + GOOD)
    result = CliRunner().invoke(
        cli, ["import", str(path), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 1
    assert "`dsl_phon` is not a column safeprint knows — did you mean dsl_phone?" in (
        result.stderr
    )


def test_every_documented_column_is_accepted() -> None:
    documented = (cli.commands["import"].help or "").replace("\n", " ")
    for column in columns():
        if not column.startswith(("deputy", "trusted")):
            assert column in documented
    for column in ("deputy1_name", "deputy5_photo", "trusted1_name", "trusted6_photo"):
        assert column in columns()
        assert column in documented


@pytest.mark.parametrize(
    ("parted", "encoding"),
    [(",", "utf-8-sig"), (";", "utf-8"), ("\t", "utf-16")],
    ids=["csv-utf-8", "semicolons", "unicode-text"],
)
def test_a_spreadsheet_saved_any_usual_way_is_read(
    tmp_path: Path, parted: str, encoding: str
) -> None:
    # As a spreadsheet saves it: its region's separator, empty rows at the end,
    # and a name with a comma in it, quoted.
    header = HEADER.replace(",", parted).replace(
        "\n", f"{parted}lado_name{parted}lado_phone\n"
    )
    row = GOOD.replace(",", parted).replace(
        "\n", f'{parted}"Doe, Pat"{parted}01632 960555\n'
    )
    path = tmp_path / "schools.csv"
    path.write_bytes((header + row + parted * 14 + "\n\n").encode(encoding))
    result = import_csv(path, tmp_path / "out")
    assert result.problems == []
    [written] = result.written
    lado = load_school(written).school.local_contacts.lado
    assert lado is not None and lado.name == "Doe, Pat"


def test_a_row_with_more_cells_than_columns_is_named_and_the_rest_convert(
    tmp_path: Path,
) -> None:
    path = tmp_path / "schools.csv"
    path.write_text(HEADER + GOOD.replace("Mrs Dale", "Mrs Dale, Mrs Hill") + SCOTTISH)
    result = import_csv(path, tmp_path / "out")
    assert [p.parent.name for p in result.written] == ["ash-grove-academy"]
    assert [str(p) for p in result.problems] == [
        f"{path}: row 2, column O: '2027-09-01' would be lost: this row has 15 "
        "cells, more than the 14 columns the header names — a cell with a comma "
        "in it needs quotes, or the header a column"
    ]


def test_a_column_twice_and_a_sheet_in_an_old_encoding_are_refused(
    tmp_path: Path,
) -> None:
    path = tmp_path / "schools.csv"
    path.write_text(HEADER.replace("dsl_where", "dsl_phone") + GOOD)
    with pytest.raises(
        SafeprintError, match=r"is in the header 2 times \(columns E, F\)"
    ):
        import_csv(path, tmp_path / "out")
    # Row 2 has a cell of three lines; the row after it is row 3 all the same.
    sheet = HEADER + GOOD.replace("Office", '"Office,\nfirst floor,\nby the hall"')
    sheet += SCOTTISH.replace("Mr Ian Ross", "Mr Zoë Ross")
    path.write_bytes(sheet.encode("cp1252"))
    with pytest.raises(SafeprintError, match="row 3 is not UTF-8 text"):
        import_csv(path, tmp_path / "out")
    path.write_bytes((HEADER + GOOD).encode("utf-16")[:-1])
    with pytest.raises(SafeprintError, match="UTF-16.* cut short or damaged"):
        import_csv(path, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_character_no_font_has_is_named_by_row_and_column(tmp_path: Path) -> None:
    """A stray control character from a spreadsheet never reaches a school file."""
    path = tmp_path / "schools.csv"
    path.write_text(HEADER + GOOD.replace("Mrs Dale", "Mrs D\x1bale"), encoding="utf-8")
    result = import_csv(path, tmp_path / "out")
    assert result.written == []
    (problem,) = result.problems
    assert problem.field == "row 2, column trusted1_name"
    assert "control character (U+001B)" in problem.message
    assert not (tmp_path / "out").exists()


def test_a_nul_in_a_cell_is_named_by_row_and_the_other_rows_convert(
    tmp_path: Path,
) -> None:
    path = tmp_path / "schools.csv"
    path.write_text(HEADER + GOOD.replace("Office", "Off\x00ice") + SCOTTISH)
    result = import_csv(path, tmp_path / "out")
    assert [p.parent.name for p in result.written] == ["ash-grove-academy"]
    (problem,) = result.problems
    assert problem.field == "row 2, column dsl_where"
    assert "control character (U+0000)" in problem.message


def test_a_new_sheet_has_every_column_and_an_example_that_imports(
    tmp_path: Path,
) -> None:
    sheet = tmp_path / "trust.csv"
    made = CliRunner().invoke(cli, ["sheet", str(sheet)])
    assert made.exit_code == 0, made.output
    assert sheet.read_bytes().startswith("\ufeffschool_name,".encode())
    result = import_csv(sheet, tmp_path / "schools")
    assert result.problems == []
    [written] = result.written
    pack = load_school(written)
    assert pack.school.school.name == "Example Primary School"
    assert [m.role for m in pack.school.team] == ["dsl", "deputy-dsl"]
    again = CliRunner().invoke(cli, ["sheet", str(sheet)])
    assert again.exit_code == 1
    assert "already exists" in again.stderr


def test_schools_of_one_name_get_a_folder_each_by_their_reference(
    tmp_path: Path,
) -> None:
    header = HEADER.replace("school_name,", "school_name,school_reference,")
    path = tmp_path / "schools.csv"
    path.write_text(
        header
        + GOOD.replace("School,", "School,100001,", 1)
        + GOOD.replace("School,", "School,100002,", 1)
        + GOOD.replace("School,", "School,../../etc,", 1)
    )
    result = import_csv(path, tmp_path / "out")
    assert [p.parent.name for p in result.written] == [
        "elm-park-primary-100001",
        "elm-park-primary-100002",
    ]
    assert load_school(result.written[1]).slug == "elm-park-primary-100002"
    assert [str(p) for p in result.problems] == [
        f'{path}: row 4, column school_reference: "../../etc" is not a school '
        "reference — use up to 20 letters, digits and hyphens, e.g. the "
        "school's URN: 123456"
    ]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "elm-park-primary-100001",
        "elm-park-primary-100002",
    ]


def test_what_a_spreadsheet_adds_or_leaves_is_read_or_named(tmp_path: Path) -> None:
    """Excel's `sep=` line and old Mac line endings are read, UK dates are
    taken as such; a cell under a column with no name, two rows for one
    folder, and a title row above the header are named, never lost."""
    path = tmp_path / "schools.csv"
    header = HEADER.replace("\n", ",\n")
    dated = GOOD.replace("2026-09-01,2027-09-01", "01/09/2026,1/9/2027")
    rows = dated.replace("\n", ",\n") + GOOD.replace("\n", ",Mrs Smith\n")
    path.write_bytes(("sep=,\n" + header + rows).replace("\n", "\r").encode())
    result = import_csv(path, tmp_path / "out")
    [written] = result.written
    review = load_school(written).school.review
    assert (review.reviewed_on.isoformat(), review.review_by.isoformat()) == (
        "2026-09-01",
        "2027-09-01",
    )
    assert [str(p) for p in result.problems] == [
        f"{path}: row 4, column O: 'Mrs Smith' would be lost: the header names no "
        "column here — name the column, or empty the cell"
    ]
    path.write_text(HEADER + GOOD + GOOD.replace("Ms Jo Hart", "Ms Jo Hart-Lee"))
    result = import_csv(path, tmp_path / "again")
    assert [str(p) for p in result.problems] == [
        f"{path}: row 3, column school_name: would be written to the same folder "
        "(elm-park-primary/) as row 2 — give each its school_reference (the "
        "school's URN, say; capitals do not count), which its folder then ends with"
    ]
    path.write_text("Schools of the Anytown Trust,,\n" + HEADER + GOOD)
    with pytest.raises(SafeprintError, match="row 1 is not the header"):
        import_csv(path, tmp_path / "title")


def test_a_website_too_long_for_a_qr_code_is_named_by_row(tmp_path: Path) -> None:
    path = tmp_path / "schools.csv"
    long = "https://elm.example.sch.uk/" + "a" * 3000
    path.write_text(
        HEADER.replace("phase,", "phase,website,")
        + GOOD.replace("primary,", f"primary,{long},", 1)
    )
    result = import_csv(path, tmp_path / "out")
    assert result.written == []
    (problem,) = result.problems
    assert problem.field == "row 2, column website"
    assert "too long for a QR code" in problem.message


def test_a_welsh_school_with_pictures_imports_whole_from_the_sheet(
    tmp_path: Path,
) -> None:
    """Languages, bands, the logo and photos are columns; words per language
    are columns with the language's code; pictures are named relative to the
    sheet and copied beside the school file, which then checks cleanly."""
    from PIL import Image

    (tmp_path / "photos").mkdir()
    Image.new("RGB", (600, 600), "#884422").save(tmp_path / "photos" / "hart.jpg")
    Image.new("RGB", (600, 600), "#224488").save(tmp_path / "photos" / "dale.png")
    logo = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>\n'
    (tmp_path / "photos" / "logo.svg").write_text(logo)
    path = tmp_path / "schools.csv"
    path.write_text(
        "school_name,nation,phase,logo,languages,bands,dsl_name,dsl_phone,"
        "dsl_photo,dsl_where,dsl_where_cy,children_services_name,"
        "children_services_name_cy,children_services_phone,trusted1_name,"
        "trusted1_role,trusted1_role_cy,trusted1_photo,worry_box,worry_box_cy,"
        "reviewed_on,review_by\n"
        "Ysgol Elm,wales,primary,photos/logo.svg,cy en,primary,Ms Jo Hart,"
        "01632960201,photos/hart.jpg,Office,Swyddfa,Anytown Front Door,Drws "
        "Ffrynt,01632 960000,Mrs Dale,Teaching assistant,Cynorthwyydd dysgu,"
        "photos/dale.png,By the library,Ger y llyfrgell,2026-09-01,2027-09-01\n"
    )
    result = import_csv(path, tmp_path / "out")
    assert result.problems == []
    [written] = result.written
    pack = load_school(written)
    school = pack.school
    assert school.languages == ["cy", "en"] and school.school.bands == ["primary"]
    assert school.school.logo == written.parent / "photos" / "logo.svg"
    assert school.team[0].photo == written.parent / "photos" / "hart.jpg"
    assert school.trusted_adults[0].photo == written.parent / "photos" / "dale.png"
    assert school.worry_box == {"cy": "Ger y llyfrgell", "en": "By the library"}
    assert school.trusted_adults[0].role == {
        "cy": "Cynorthwyydd dysgu",
        "en": "Teaching assistant",
    }
    assert school.team[0].where == {"cy": "Swyddfa", "en": "Office"}
    assert (written.parent / "photos" / "hart.jpg").read_bytes() == (
        tmp_path / "photos" / "hart.jpg"
    ).read_bytes()
    assert import_csv(path, tmp_path / "out").unchanged == [written]
    # A picture the sheet names that is not there is named by row and column.
    path.write_text(path.read_text().replace("photos/dale.png", "photos/dale.jpg"))
    [problem] = import_csv(path, tmp_path / "elsewhere").problems
    assert str(problem) == (
        f'{path}: row 2, column trusted1_photo: "photos/dale.jpg" does not exist '
        '— did you mean "photos/dale.png"?'
    )
