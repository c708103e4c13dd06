"""Validation of the school file: every problem at once, located, in plain words."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from generator.errors import Problem, SafeprintError
from generator.load.reader import load_file
from generator.resolve.pack import Pack, load_school
from generator.validate.models import SchoolFile
from generator.validate.report import validate

WriteSchool = Callable[..., Path]

# A complete, valid school in block style so that every line:col below is easy to
# count. Tests replace one line at a time.
SCHOOL = """\
school:
  name: Oakfield Primary School
  nation: england
  phase: primary
  website: https://oakfield.example.sch.uk/safeguarding
team:
  - name: Ms Aisha Khan
    role: dsl
    phone: "01632 960123"
    where: Office 2
local_contacts:
  children_services:
    name: Anytown Front Door
    phone: "01632 960000"
review:
  reviewed_on: 2026-09-01
  review_by: 2027-09-01
"""

PHONE_HINT = "write it as you would dial it, e.g. 01632 960123"
PATH_HINT = "give a path inside the school's folder, e.g. assets/logo.svg"


def school(*changes: tuple[str, str], extra: str = "") -> str:
    """``SCHOOL`` with each ``(old, new)`` replaced once, plus ``extra`` lines."""
    text = SCHOOL
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text + extra


def problems(path: Path) -> list[Problem]:
    """Every problem ``load_school`` reports for ``path``."""
    with pytest.raises(SafeprintError) as caught:
        load_school(path)
    found = caught.value.problems
    assert found, "a SafeprintError must carry at least one problem"
    return found


def only_problem(path: Path) -> Problem:
    found = problems(path)
    assert len(found) == 1, "\n".join(map(str, found))
    return found[0]


def test_the_base_school_is_valid(write_school: WriteSchool) -> None:
    pack = load_school(write_school(SCHOOL))
    assert isinstance(pack, Pack)
    assert pack.slug == "oakfield-primary"
    assert pack.school.team[0].phone == "01632 960123"


def test_fixture_schools_are_valid(minimal_school: Path, full_school: Path) -> None:
    assert load_school(minimal_school).slug == "minimal"
    full = load_school(full_school)
    assert [m.role for m in full.school.team] == ["dsl", "deputy-dsl", "deputy-dsl"]
    assert full.school.school.logo == full_school.parent.resolve() / "assets/logo.svg"


# --- every problem at once, located ------------------------------------------------


def test_four_mistakes_give_four_located_problems(write_school: WriteSchool) -> None:
    path = write_school(
        school(
            ("phase: primary", "phase: primry"),
            ("  website:", "  webiste:"),
            ('phone: "01632 960123"', 'phone: "12345"'),
            ("review_by: 2027-09-01", "review_by: 2025-09-01"),
        )
    )
    found = sorted(problems(path), key=lambda p: (p.line or 0, p.column or 0))
    assert [(p.line, p.column, p.field) for p in found] == [
        (4, 3, "school.phase"),
        (5, 3, "school.webiste"),
        (9, 5, "team[0].phone"),
        (17, 3, "review.review_by"),
    ]
    assert all(p.file == path for p in found)
    assert [p.message for p in found] == [
        "\"primry\" is not allowed here — did you mean 'primary'? (one of "
        "'primary', 'secondary', 'all-through' or 'special')",
        "`webiste` is not a field here — did you mean `website`?",
        f'"12345" is not a UK phone number — {PHONE_HINT}',
        "2025-09-01 is not after `reviewed_on` (2026-09-01) — the next review "
        "comes after the last one, usually a year later",
    ]


def test_message_format_is_file_line_col_field_message(
    write_school: WriteSchool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = write_school(school(('phone: "01632 960123"', 'phone: "12345"')))
    problem = only_problem(path)
    assert str(problem) == (
        'school/school.yaml:9:5: team[0].phone: "12345" is not a UK phone number '
        "— write it as you would dial it, e.g. 01632 960123"
    )


def test_the_error_prints_one_line_per_problem(
    write_school: WriteSchool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = write_school(
        school(("nation: england", "nation: france"), ("where: Office 2", "where: 7"))
    )
    with pytest.raises(SafeprintError) as caught:
        load_school(path)
    assert str(caught.value).splitlines() == [
        'school/school.yaml:3:3: school.nation: "france" is not allowed here — use '
        "one of 'england', 'wales', 'scotland' or 'northern-ireland'",
        "school/school.yaml:10:5: team[0].where: 7 should be text — put it in quotes",
    ]


def test_missing_field_points_at_its_parent(write_school: WriteSchool) -> None:
    path = write_school(school(('    phone: "01632 960123"\n', "")))
    problem = only_problem(path)
    assert (problem.line, problem.column, problem.field) == (7, 5, "team[0].phone")
    assert problem.message == (
        "is missing — add it (see `safeprint new` for an example)"
    )


def test_top_level_list_is_refused(write_school: WriteSchool) -> None:
    path = write_school("- school\n- team\n")
    with pytest.raises(SafeprintError) as caught:
        validate(load_file(path), SchoolFile, context={"base": path.parent})
    [problem] = caught.value.problems
    assert problem.message.startswith("should be a set of `key: value` lines")
    assert (problem.line, problem.column) == (1, 1)


def test_text_too_long_says_how_long(write_school: WriteSchool) -> None:
    path = write_school(school(("where: Office 2", "where: " + "x" * 81)))
    problem = only_problem(path)
    assert problem.field == "team[0].where"
    assert problem.message == (
        "is too long (81 characters) — shorten it to at most 80 so it fits on the page"
    )


# --- unknown keys ------------------------------------------------------------------


def test_unknown_key_suggests_the_closest(write_school: WriteSchool) -> None:
    path = write_school(school(("  website:", "  webiste:")))
    problem = only_problem(path)
    assert problem.message == "`webiste` is not a field here — did you mean `website`?"


def test_unknown_key_in_a_list_item_suggests_the_closest(
    write_school: WriteSchool,
) -> None:
    path = write_school(school(("    where: Office 2", "    wher: Office 2")))
    problem = only_problem(path)
    assert (problem.line, problem.field) == (10, "team[0].wher")
    assert problem.message == "`wher` is not a field here — did you mean `where`?"


def test_far_off_key_lists_the_valid_fields(write_school: WriteSchool) -> None:
    path = write_school(school(("    where: Office 2", "    favourite: Tea")))
    problem = only_problem(path)
    assert problem.message == (
        "`favourite` is not a field here — the fields are `name`, `role`, `title`, "
        "`phone`, `email`, `photo`, `figure`, `where`"
    )


def test_far_off_top_level_key_lists_the_top_level_fields(
    write_school: WriteSchool,
) -> None:
    path = write_school(school(extra="quokka: 1\n"))
    problem = only_problem(path)
    assert (problem.line, problem.column, problem.field) == (18, 1, "quokka")
    assert problem.message == (
        "`quokka` is not a field here — the fields are `school`, `brand`, `team`, "
        "`local_contacts`, `trusted_adults`, `worry_box`, `languages`, "
        "`language_layout`, `english_fallback`, `translations`, `review`, "
        "`products`, `content`"
    )


def test_unknown_key_under_an_alias_suggests_from_the_aliased_model(
    write_school: WriteSchool,
) -> None:
    path = write_school(school(extra="products:\n  staff-poster:\n    size: [a4]\n"))
    problem = only_problem(path)
    assert problem.field == "products.staff-poster.size"
    assert problem.message == "`size` is not a field here — did you mean `sizes`?"


# --- phone numbers -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ('"01632960123"', "01632 960123"),
        ("01632960123", "01632 960123"),  # unquoted: the loader keeps the 0
        ('"+44 1632 960123"', "01632 960123"),
        ('"0044 1632 960123"', "01632 960123"),
        ('"(01632) 960123"', "01632 960123"),
        ('"020 7946 0000"', "020 7946 0000"),
        ('"0207 946 0000"', "020 7946 0000"),
        ('"07700900123"', "07700 900123"),
    ],
)
def test_phone_numbers_are_normalised(
    write_school: WriteSchool, written: str, stored: str
) -> None:
    path = write_school(school(('phone: "01632 960123"', f"phone: {written}")))
    assert load_school(path).school.team[0].phone == stored


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ('"12345"', f'"12345" is not a UK phone number — {PHONE_HINT}'),
        ('"999"', f'"999" is not a UK phone number — {PHONE_HINT}'),
        (
            '"call the office"',
            f'"call the office" is not a phone number — {PHONE_HINT}',
        ),
        ('""', f"is empty — {PHONE_HINT}"),
    ],
)
def test_bad_phone_numbers_are_refused(
    write_school: WriteSchool, written: str, message: str
) -> None:
    path = write_school(school(('phone: "01632 960123"', f"phone: {written}")))
    problem = only_problem(path)
    assert (problem.field, problem.message) == ("team[0].phone", message)


# --- colours -----------------------------------------------------------------------


def test_short_hex_colour_is_expanded_and_lowercased(write_school: WriteSchool) -> None:
    path = write_school(
        school(extra='brand:\n  primary: "#ABC"\n  accent: "#FFD23F"\n')
    )
    brand = load_school(path).school.brand
    assert (brand.primary, brand.accent) == ("#aabbcc", "#ffd23f")


@pytest.mark.parametrize("written", ["red", '"#12345"', '"#gggggg"', '"1d3c78"'])
def test_colour_that_is_not_hex_is_refused(
    write_school: WriteSchool, written: str
) -> None:
    path = write_school(school(extra=f"brand:\n  primary: {written}\n"))
    problem = only_problem(path)
    assert (problem.line, problem.column, problem.field) == (19, 3, "brand.primary")
    assert problem.message.endswith(
        'is not a colour — write it as a hex code in quotes, e.g. "#1d3c78"'
    )


# --- dates -------------------------------------------------------------------------


@pytest.mark.parametrize("review_by", ["2025-09-01", "2026-09-01"])
def test_review_by_must_come_after_reviewed_on(
    write_school: WriteSchool, review_by: str
) -> None:
    path = write_school(school(("review_by: 2027-09-01", f"review_by: {review_by}")))
    problem = only_problem(path)
    assert (problem.line, problem.column, problem.field) == (
        17,
        3,
        "review.review_by",
    )
    assert problem.message == (
        f"{review_by} is not after `reviewed_on` (2026-09-01) — the next review "
        "comes after the last one, usually a year later"
    )


def test_impossible_quoted_date_says_there_is_no_such_month(
    write_school: WriteSchool,
) -> None:
    path = write_school(
        school(("reviewed_on: 2026-09-01", 'reviewed_on: "2026-13-01"'))
    )
    problem = only_problem(path)
    assert (problem.line, problem.column) == (16, 3)
    assert problem.field == "review.reviewed_on"
    assert problem.message == (
        '"2026-13-01" is not a date: there is no month 13 — write it as '
        "YYYY-MM-DD or DD/MM/YYYY, e.g. 2026-09-01 or 01/09/2026"
    )


@pytest.mark.parametrize("written", ["25/11/2026", '"25/11/2026"', "2026-11-25"])
def test_a_uk_date_is_read_as_import_reads_it(
    write_school: WriteSchool, written: str
) -> None:
    path = write_school(school(("reviewed_on: 2026-09-01", f"reviewed_on: {written}")))
    assert load_school(path).school.review.reviewed_on == dt.date(2026, 11, 25)


@pytest.mark.parametrize("written", ["31/02/2027", "2027-02-31", '"2027-02-31"'])
def test_a_day_no_calendar_has_is_named_as_such(
    write_school: WriteSchool, written: str
) -> None:
    path = write_school(school(("review_by: 2027-09-01", f"review_by: {written}")))
    problem = only_problem(path)
    assert problem.field == "review.review_by"
    assert problem.message == (
        f'"{written.strip(chr(34))}" is not a date: no such day (February 2027 '
        "has 28 days) — check the day and the month"
    )


def test_a_date_in_no_known_order_gets_the_format_hint(
    write_school: WriteSchool,
) -> None:
    path = write_school(school(("reviewed_on: 2026-09-01", "reviewed_on: 1 Sep 2026")))
    problem = only_problem(path)
    assert problem.field == "review.reviewed_on"
    assert problem.message == (
        '"1 Sep 2026" is not a date — write it as YYYY-MM-DD or DD/MM/YYYY, '
        "e.g. 2026-09-01 or 01/09/2026"
    )


# --- local files -------------------------------------------------------------------


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (2, 2), "red").save(out, "PNG")
    return out.getvalue()


def jpeg_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (2, 2), "blue").save(out, "JPEG")
    return out.getvalue()


def gif_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (2, 2), "green").save(out, "GIF")
    return out.getvalue()


SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>\n'


@pytest.fixture
def assets(tmp_path: Path) -> Path:
    """A school folder with good and bad images, and one image outside it."""
    folder = tmp_path / "school" / "assets"
    folder.mkdir(parents=True)
    (folder / "photo.png").write_bytes(png_bytes())
    (folder / "photo.jpg").write_bytes(jpeg_bytes())
    (folder / "photo.jpeg").write_bytes(jpeg_bytes())
    (folder / "logo.svg").write_text(SVG, encoding="utf-8")
    (folder / "logo-xml.svg").write_text('<?xml version="1.0"?>\n' + SVG)
    (folder / "animated.gif").write_bytes(gif_bytes())
    (folder / "fake.jpg").write_text("this is a note, not a photo\n")
    (folder / "fake.png").write_bytes(jpeg_bytes())
    (folder / "fake.svg").write_text("just text\n")
    (folder / "folder.png").mkdir()
    outside = tmp_path / "outside.png"
    outside.write_bytes(png_bytes())
    (folder / "link.png").symlink_to(outside)
    return folder


def with_photo(value: str) -> str:
    return school(
        ("    where: Office 2\n", f"    where: Office 2\n    photo: {value}\n")
    )


@pytest.mark.parametrize(
    "value", ["assets/photo.png", "assets/photo.jpg", "assets/photo.jpeg"]
)
def test_real_png_and_jpeg_photos_are_accepted(
    write_school: WriteSchool, assets: Path, value: str
) -> None:
    pack = load_school(write_school(with_photo(value)))
    assert pack.school.team[0].photo == (assets.parent / value).resolve()


@pytest.mark.parametrize("value", ["assets/logo.svg", "assets/logo-xml.svg"])
def test_real_svg_logo_is_accepted(
    write_school: WriteSchool, assets: Path, value: str
) -> None:
    text = school(("  website:", f"  logo: {value}\n  website:"))
    pack = load_school(write_school(text))
    assert pack.school.school.logo == (assets.parent / value).resolve()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("assets/missing.png", f'"assets/missing.png" does not exist — {PATH_HINT}'),
        (
            "../outside.png",
            f'"../outside.png" points outside the school\'s folder — {PATH_HINT}',
        ),
        (
            "assets/../../outside.png",
            '"assets/../../outside.png" points outside '
            f"the school's folder — {PATH_HINT}",
        ),
        (
            "/etc/hostname",
            f'"/etc/hostname" must be a file beside the school file — {PATH_HINT}',
        ),
        (
            "https://example.org/photo.png",
            '"https://example.org/photo.png" must be a '
            f"file beside the school file — {PATH_HINT}",
        ),
        (
            "C:/photos/khan.png",
            f'"C:/photos/khan.png" must be a file beside the school file — {PATH_HINT}',
        ),
        (
            "~/khan.png",
            f'"~/khan.png" must be a file beside the school file — {PATH_HINT}',
        ),
        (
            "assets/link.png",
            f'"assets/link.png" points outside the school\'s folder — {PATH_HINT}',
        ),
        (
            "assets/folder.png",
            f'"assets/folder.png" is a folder, not a file — {PATH_HINT}',
        ),
        ("assets", f'"assets" is a folder, not a file — {PATH_HINT}'),
        (
            "assets/animated.gif",
            '"assets/animated.gif" is not a PNG, JPEG or SVG image — save it as one',
        ),
        (
            "assets/fake.jpg",
            '"assets/fake.jpg" is not really a JPG file — open it '
            "and save it again as PNG, JPEG or SVG",
        ),
        (
            "assets/fake.png",
            '"assets/fake.png" is not really a PNG file — open it '
            "and save it again as PNG, JPEG or SVG",
        ),
        (
            "assets/fake.svg",
            '"assets/fake.svg" is not really a SVG file — open it '
            "and save it again as PNG, JPEG or SVG",
        ),
        ("42", "write the path to a file, e.g. assets/photo.jpg"),
    ],
)
def test_bad_file_paths_are_refused(
    write_school: WriteSchool, assets: Path, value: str, message: str
) -> None:
    problem = only_problem(write_school(with_photo(value)))
    assert (problem.line, problem.column) == (11, 5)
    assert (problem.field, problem.message) == ("team[0].photo", message)


@pytest.mark.parametrize(
    ("value", "meant"),
    [
        ("assets/mcleod.jpeg", "assets/mcleod.jpg"),
        ("assets/McLeod.JPG", "assets/mcleod.jpg"),
        ("assets/mcloed.jpg", "assets/mcleod.jpg"),
        ("./assets/logo.png", "./assets/logo.svg"),
    ],
)
def test_a_photo_named_nearly_right_suggests_the_file_there(
    write_school: WriteSchool, assets: Path, value: str, meant: str
) -> None:
    (assets / "mcleod.jpg").write_bytes(jpeg_bytes())
    problem = only_problem(write_school(with_photo(value)))
    assert (problem.line, problem.field) == (11, "team[0].photo")
    assert problem.message == f'"{value}" does not exist — did you mean "{meant}"?'


def test_absolute_path_is_refused_even_inside_the_folder(
    write_school: WriteSchool, assets: Path
) -> None:
    absolute = str(assets / "photo.png")
    problem = only_problem(write_school(with_photo(absolute)))
    assert problem.message == (
        f'"{absolute}" must be a file beside the school file — {PATH_HINT}'
    )


def test_the_outside_file_is_real(assets: Path) -> None:
    # Guards the escape tests above: they are refused for being outside, not missing.
    assert (assets.parent.parent / "outside.png").is_file()
    assert (assets / "link.png").resolve() == assets.parent.parent / "outside.png"


def test_overlong_file_name_is_refused(write_school: WriteSchool) -> None:
    problem = only_problem(write_school(with_photo("a" * 300 + ".png")))
    assert problem.field == "team[0].photo"


# --- blanks and the team -----------------------------------------------------------


def test_blank_optional_fields_become_none(write_school: WriteSchool) -> None:
    path = write_school(
        school(
            ("where: Office 2", 'where: ""\n    email: "  "\n    photo: ""'),
            (
                "  website: https://oakfield.example.sch.uk/safeguarding",
                '  website: ""',
            ),
            extra='worry_box: ""\n',
        )
    )
    pack = load_school(path)
    lead = pack.school.team[0]
    assert (lead.where, lead.email, lead.photo) == (None, None, None)
    assert pack.school.school.website is None
    assert pack.school.worry_box is None


def test_blank_required_field_is_an_error(write_school: WriteSchool) -> None:
    path = write_school(school(("name: Ms Aisha Khan", 'name: ""')))
    problem = only_problem(path)
    assert (problem.line, problem.field) == (7, "team[0].name")
    assert problem.message == "is empty — fill it in"


def test_team_without_a_lead_is_an_error(write_school: WriteSchool) -> None:
    path = write_school(school(("role: dsl", "role: deputy-dsl")))
    problem = only_problem(path)
    assert problem.file == path
    assert problem.message == (
        "the team needs its safeguarding lead — give one member `role: dsl`"
    )


def test_two_leads_are_refused_by_name(write_school: WriteSchool) -> None:
    """The scaffold says one lead; a second `role: dsl` is a mistake (the
    card and posters print one lead)."""
    path = write_school(school(extra=""))
    text = path.read_text()
    second = '  - {name: Mr Tom Reed, role: dsl, phone: "01632 960124"}\n'
    path.write_text(text.replace("local_contacts:", second + "local_contacts:", 1))
    problem = only_problem(path)
    assert problem.field == "team"
    assert problem.message == (
        "Ms Aisha Khan and Mr Tom Reed both have `role: dsl`, and a school has one "
        "lead — give the others `role: deputy-dsl`"
    )


def test_team_without_a_lead_points_at_the_team(write_school: WriteSchool) -> None:
    path = write_school(school(("role: dsl", "role: deputy-dsl")))
    problem = only_problem(path)
    assert (problem.line, problem.column, problem.field) == (6, 1, "team")


def test_empty_team_is_an_error(write_school: WriteSchool) -> None:
    text = (
        SCHOOL.split("team:")[0]
        + "team: []\n"
        + SCHOOL.split("    where: Office 2\n")[1]
    )
    problem = only_problem(write_school(text))
    assert (problem.line, problem.field) == (6, "team")
    assert problem.message == "needs at least 1 entry"


def test_role_other_needs_a_title(write_school: WriteSchool) -> None:
    extra_member = "  - name: Mr Osei\n    role: other\n    phone: '01632 960124'\n"
    path = write_school(
        school(("local_contacts:\n", extra_member + "local_contacts:\n"))
    )
    problem = only_problem(path)
    assert (problem.line, problem.column, problem.field) == (11, 5, "team[1]")
    assert problem.message == (
        "a team member with role `other` needs a `title`, "
        "e.g. title: Safeguarding governor"
    )


def test_role_other_with_a_title_is_fine(write_school: WriteSchool) -> None:
    extra_member = (
        "  - name: Mr Osei\n    role: other\n    title: Safeguarding governor\n"
        "    phone: '01632 960124'\n"
    )
    path = write_school(
        school(("local_contacts:\n", extra_member + "local_contacts:\n"))
    )
    pack = load_school(path)
    assert pack.role_title(pack.school.team[1]) == "Safeguarding governor"


# --- content overrides -------------------------------------------------------------


def step_texts(pack: Pack) -> dict[str, str]:
    return {step.id: step.text for step in pack.content.steps}


def test_override_changes_a_national_entry(write_school: WriteSchool) -> None:
    path = write_school(
        school(
            extra="content:\n  steps:\n    - id: record\n"
            "      text: Write it on a blue form the same day.\n"
        )
    )
    pack = load_school(path)
    texts = step_texts(pack)
    assert texts["record"] == "Write it on a blue form the same day."
    assert [s.id for s in pack.content.steps] == [
        "recognise",
        "respond",
        "record",
        "refer",
    ]
    # The title comes from the national entry; only `text` was replaced.
    assert next(s for s in pack.content.steps if s.id == "record").title == "Record"


def test_without_overrides_the_national_text_is_used(write_school: WriteSchool) -> None:
    texts = step_texts(load_school(write_school(SCHOOL)))
    assert texts["record"] == (
        "Write down what you saw and heard the same day, in the child's own words."
    )


def test_override_with_a_new_id_adds_an_entry(write_school: WriteSchool) -> None:
    path = write_school(
        school(
            extra="content:\n  steps:\n    - id: follow-up\n      title: Follow up\n"
            "      text: Ask the lead what happened next.\n"
        )
    )
    steps = load_school(path).content.steps
    assert [s.id for s in steps][-1] == "follow-up"
    assert len(steps) == 5
    assert (steps[-1].title, steps[-1].text) == (
        "Follow up",
        "Ask the lead what happened next.",
    )


def test_override_with_a_bad_field_is_reported_at_its_line(
    write_school: WriteSchool,
) -> None:
    path = write_school(
        school(extra="content:\n  steps:\n    - id: record\n      txt: Write it.\n")
    )
    problem = only_problem(path)
    assert problem.file == path
    assert (problem.line, problem.column) == (21, 7)
    assert problem.field == "content.steps[0].txt"
    assert problem.message == "`txt` is not a field here — did you mean `text`?"


def test_new_entry_missing_fields_is_reported(write_school: WriteSchool) -> None:
    path = write_school(
        school(
            extra="content:\n  steps:\n    - id: follow-up\n      title: Follow up\n"
        )
    )
    problem = only_problem(path)
    assert (problem.line, problem.field) == (20, "content.steps[0].text")
    assert problem.message.startswith("is missing")


def test_override_without_an_id_is_reported(write_school: WriteSchool) -> None:
    path = write_school(school(extra="content:\n  steps:\n    - text: Write it.\n"))
    problem = only_problem(path)
    assert (problem.line, problem.field) == (20, "content.steps[0]")
    assert problem.message.startswith("each entry needs an `id`")


def test_unknown_content_section_suggests_the_closest(
    write_school: WriteSchool,
) -> None:
    path = write_school(school(extra="content:\n  stepz: []\n"))
    problem = only_problem(path)
    assert (problem.line, problem.field) == (19, "content.stepz")
    assert problem.message == "`stepz` is not a field here — did you mean `steps`?"
