"""The ``safeprint`` command, driven through Click's test runner."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator import __version__
from generator.cli.commands import cli
from generator.paths import example_schools_dir
from generator.resolve.pack import load_school

# The values that fill the scaffold's 21 blanks (`: ""`), in file order.
SCAFFOLD_ANSWERS = [
    "Oakfield Primary School",  # school.name
    "https://oakfield.example.sch.uk/safeguarding",  # school.website
    "Mrs Helen Brooks",  # headteacher.name
    "01632 960100",  # headteacher.phone
    "Mr David Osei",  # chair_of_governors.name
    "chair@oakfield.example.sch.uk",  # chair_of_governors.email
    "chair of governors",  # chair_of_governors.title
    "Ms Aisha Khan",  # team[0].name
    "01632 960123",  # team[0].phone
    "Office 2",  # team[0].where
    "Mr Tom Reed",  # team[1].name
    "01632 960124",  # team[1].phone
    "Year 6 classroom",  # team[1].where
    "Anytown Front Door",  # children_services.name
    "01632 960000",  # children_services.phone
    "01632 960999",  # children_services.out_of_hours
    "01632 960555",  # lado.phone
    "lado@anytown.example.gov.uk",  # lado.email
    "Mrs Patel",  # trusted_adults[0].name
    "Learning mentor",  # trusted_adults[0].role
    "Outside the library",  # worry_box
    "2026-09-01",  # review.reviewed_on
    "2027-09-01",  # review.review_by
]


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in ``tmp_path`` so that messages show short relative paths."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- help and version --------------------------------------------------------------


def test_the_commands_are_the_documented_ones() -> None:
    assert sorted(cli.commands) == [
        "build",
        "check",
        "import",
        "new",
        "preview",
        "schema",
        "serve",
        "sheet",
    ]


@pytest.mark.parametrize("name", sorted(cli.commands))
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_every_command_has_help_with_an_example(name: str, flag: str) -> None:
    result = run(name, flag)
    assert result.exit_code == 0, result.output
    assert f"Usage: cli {name}" in result.output
    assert "Example: safeprint " in result.output


def test_the_group_has_help_with_an_example() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "Example: safeprint build my-school/school.yaml" in result.output
    for name in cli.commands:
        assert name in result.output


def test_the_command_list_is_whole_and_each_help_says_only_what_is_there() -> None:
    """No command's line is cut off with "..."; check's help names no --out
    (it writes nothing); --watch says styles too; import lists its columns in
    the order a new sheet has them."""
    from generator.load.spreadsheet import columns

    listed = run("--help").output.split("Commands:\n")[1].splitlines()
    assert len(listed) == len(cli.commands)
    assert not [line for line in listed if line.endswith("...") or len(line) > 79]
    assert "--out" not in run("check", "--help").output
    watch = " ".join(run("build", "--help").output.split("--watch")[1].split())
    assert watch.startswith("Keep running: build again after a school file, image, ")
    assert "template or style changes." in watch
    documented = " ".join((cli.commands["import"].help or "").split())
    named = re.findall(r"\b[a-z_0-9]+\b", documented.split("(2026-09-01")[0])
    order = [columns().index(n) for n in named if n in columns()]
    assert len(order) > 30 and order == sorted(order)


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.output == f"safeprint, version {__version__}\n"


# --- check -------------------------------------------------------------------------


def _with_photo(school: Path) -> Path:
    """The school with a photo of its trusted adult (without one, a warning)."""
    photo = example_schools_dir() / "oakfield-primary" / "assets" / "patel.jpg"
    shutil.copy(photo, school.parent / "byron.jpg")
    text = school.read_text().replace(
        "role: Learning mentor}", "role: Learning mentor, photo: byron.jpg}"
    )
    school.write_text(text)
    return school


def _in_own_words(school: Path) -> Path:
    """The school with its own "what we do here" for every theme of the
    briefing (while one is the national wording, a warning)."""
    from generator.resolve.content import national_content

    themes = "".join(
        f"    - id: {t.id}\n      here: What we do about {t.id}.\n"
        for t in national_content().case_review_themes
    )
    school.write_text(school.read_text() + "content:\n  case_review_themes:\n" + themes)
    return school


def test_check_good_file_says_all_good(minimal_school: Path) -> None:
    result = run("check", str(_in_own_words(_with_photo(minimal_school))))
    assert result.exit_code == 0, result.output
    assert result.stdout == "All good: no problems found.\n"


def test_check_bad_file_prints_the_located_message(here: Path) -> None:
    bad = here / "bad" / "school.yaml"
    bad.parent.mkdir()
    bad.write_text(
        "school:\n"
        "  name: Bad School\n"
        "  nation: england\n"
        "  phase: primary\n"
        "team:\n"
        "  - name: Ms Ada Lovelace\n"
        "    role: dsl\n"
        '    phone: "12345"\n'
        "local_contacts:\n"
        '  children_services: {name: Anytown Front Door, phone: "01632 960000"}\n'
        "review: {reviewed_on: 2026-09-01, review_by: 2027-09-01}\n",
        encoding="utf-8",
    )
    result = run("check", "bad/school.yaml")
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert result.stderr.splitlines() == [
        "✗ bad/school.yaml:",
        'bad/school.yaml:8:5: team[0].phone: "12345" is not a UK phone number — '
        "write it as you would dial it, e.g. 01632 960123",
    ]
    assert "Traceback" not in result.output
    assert "All good" not in result.output


def test_check_reports_every_school_and_fails_if_any_fails(
    here: Path, minimal_school: Path
) -> None:
    bad = here / "other" / "school.yaml"
    bad.parent.mkdir()
    bad.write_text("school: [\n", encoding="utf-8")
    good = _in_own_words(_with_photo(minimal_school))
    result = run("check", str(good), "other/school.yaml")
    assert result.exit_code == 1
    assert "✗ other/school.yaml:" in result.stderr
    assert "school/school.yaml" not in result.stderr  # the good one is not listed


def test_check_folder_without_a_school_file_is_a_user_error(here: Path) -> None:
    (here / "empty").mkdir()
    result = run("check", "empty")
    assert result.exit_code == 1
    assert result.stderr == (
        "empty: no school.yaml below this folder — name a school file, or make one "
        "with `safeprint new DIR`\n"
    )
    assert "Traceback" not in result.output


def test_check_impossible_date_is_a_clean_error(here: Path) -> None:
    (here / "s").mkdir()
    (here / "s" / "school.yaml").write_text("review: {reviewed_on: 2026-13-01}\n")
    result = run("check", "s/school.yaml")
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "s/school.yaml:1:" in result.stderr


@pytest.mark.parametrize("command", ["build", "check"])
def test_nonexistent_path_is_a_usage_error(here: Path, command: str) -> None:
    result = run(command, "no-such-school/school.yaml")
    assert result.exit_code == 2
    assert "Path 'no-such-school/school.yaml' does not exist." in result.output
    assert not (here / "output").exists()


# --- new ---------------------------------------------------------------------------


def test_new_writes_the_scaffold_and_the_assets_note(here: Path) -> None:
    result = run("new", "my-school")
    assert result.exit_code == 0, result.output
    written = here / "my-school" / "school.yaml"
    assert written.read_text(encoding="utf-8").startswith("# safeprint school file")
    note = here / "my-school" / "assets" / "README.txt"
    assert "PNG, JPEG or SVG" in note.read_text(encoding="utf-8")
    assert result.stdout == (
        "Wrote my-school/school.yaml. Fill it in, then run:\n"
        "  safeprint check my-school/school.yaml\n"
        "  safeprint build my-school/school.yaml\n"
    )


def test_new_never_overwrites(here: Path) -> None:
    assert run("new", "my-school").exit_code == 0
    written = here / "my-school" / "school.yaml"
    written.write_text(written.read_text() + "# my own notes\n")
    before = written.read_bytes()
    result = run("new", "my-school")
    assert result.exit_code == 1
    assert result.stderr == (
        "my-school/school.yaml: already exists — safeprint new never overwrites a "
        "school file; choose another folder\n"
    )
    assert written.read_bytes() == before


def test_check_on_a_fresh_scaffold_lists_the_blanks(here: Path) -> None:
    assert run("new", "my-school").exit_code == 0
    result = run("check", "my-school/school.yaml")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "✗ my-school/school.yaml:"
    fields = [line.split(": ")[1] for line in lines[1:]]
    assert fields == [
        "school.name",
        "school.headteacher.name",
        "school.chair_of_governors.name",
        "team[0].name",
        "team[0].phone",
        "team[1].name",
        "team[1].phone",
        "local_contacts.children_services.name",
        "local_contacts.children_services.phone",
        "local_contacts.lado.phone",
        "trusted_adults[0].name",
        "review.reviewed_on",
        "review.review_by",
    ]
    assert "my-school/school.yaml:18:3: school.name: is empty — fill it in" in lines
    assert (
        "my-school/school.yaml:59:5: team[0].phone: is empty — write it as you "
        "would dial it, e.g. 01632 960123"
    ) in lines


@pytest.mark.parametrize(
    ("nation", "words", "absent"),
    [
        (
            "scotland",
            [
                "nation: scotland",
                "your Child Protection Coordinator.",
                "each a Depute Child Protection Coordinator",
                "# Social work services\n",
                "    # Out of hours social work\n    out_of_hours:",
                "Education authority (allegations about staff)",
                "No chair_of_governors",
            ],
            ["LADO", "Designated Safeguarding Lead", "chair_of_governors:\n"],
        ),
        (
            "northern-ireland",
            [
                "your Designated Teacher for Child Protection.",
                "the principal.\n  headteacher:",
                "Gateway Team (HSC Trust)",
                "Employing authority (allegations about staff)",
                "the chair of the Board of Governors",
            ],
            ["LADO", "headteacher, shown"],
        ),
    ],
)
def test_new_writes_the_scaffold_in_the_nation_s_words(
    here: Path, nation: str, words: list[str], absent: list[str]
) -> None:
    result = run("new", "my-school", "--nation", nation)
    assert result.exit_code == 0, result.output
    text = (here / "my-school" / "school.yaml").read_text()
    assert [w for w in words if w not in text] == []
    assert [w for w in absent if w in text] == []
    assert "Optional (delete the block to leave it out)" in text
    assert "$" not in text
    # Filled in, it checks cleanly as a school of that nation.
    chair = (4, 5, 6) if nation == "scotland" else ()  # no chair of governors
    answers = [a for i, a in enumerate(SCAFFOLD_ANSWERS) if i not in chair]
    assert text.count(': ""') == len(answers)
    for answer in answers:
        text = text.replace(': ""', f': "{answer}"', 1)
    (here / "my-school" / "school.yaml").write_text(text)
    checked = run("check", "my-school/school.yaml")
    assert checked.exit_code == 0, checked.output
    assert load_school(here / "my-school" / "school.yaml").school.school.nation == (
        nation
    )


def test_check_passes_once_the_scaffold_is_filled_in(here: Path) -> None:
    assert run("new", "my-school").exit_code == 0
    path = here / "my-school" / "school.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(': ""') == len(SCAFFOLD_ANSWERS)
    for answer in SCAFFOLD_ANSWERS:
        text = text.replace(': ""', f': "{answer}"', 1)
    path.write_text(text, encoding="utf-8")

    result = run("check", "my-school/school.yaml")
    assert result.exit_code == 0, result.output
    # Left to look at: the briefing's "what we do here" is still the national
    # wording, and the trusted adult has no photo yet.
    assert result.stdout == "No errors; 2 warning(s) above to look at.\n"
    assert "warning: content.case_review_themes: the staff briefing's" in result.stderr
    assert "warning: trusted_adults[0]: no photo of Mrs Patel" in result.stderr
    # The answers landed where the comments in this test say they did.
    school = load_school(path).school
    assert school.school.name == "Oakfield Primary School"
    assert school.team[1].where == "Year 6 classroom"
    assert school.local_contacts.lado is not None
    assert school.local_contacts.lado.email == "lado@anytown.example.gov.uk"
    assert school.worry_box == "Outside the library"


# --- schema ------------------------------------------------------------------------


def test_schema_is_json_of_the_school_file() -> None:
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert {"school", "team", "local_contacts", "review"} <= set(schema["properties"])
    assert schema["additionalProperties"] is False
    assert sorted(schema["required"]) == ["local_contacts", "review", "school", "team"]
    # by_alias: the key a school writes, not the Python name.
    products = schema["$defs"]["Products"]["properties"]
    assert "staff-poster" in products


# --- build -------------------------------------------------------------------------


def test_build_minimal_school(minimal_school: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("build", str(minimal_school), "--out", str(out))
    assert result.exit_code == 0, result.output
    pdf = out / "minimal" / "staff-poster-a3.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [entry["path"] for entry in manifest["files"]] == [
        "minimal/pupil-leaflet-early.pdf",
        "minimal/pupil-leaflet-primary.pdf",
        "minimal/pupil-poster-early-a3.pdf",
        "minimal/pupil-poster-early-a4.pdf",
        "minimal/pupil-poster-primary-a3.pdf",
        "minimal/pupil-poster-primary-a4.pdf",
        "minimal/staff-briefing.pdf",
        "minimal/staff-card-sheet-a4.pdf",
        "minimal/staff-card.pdf",
        "minimal/staff-poster-a3.pdf",
    ]
    assert {entry["school"] for entry in manifest["files"]} == {"Minimal School"}
    assert "[1/1] minimal: ok, 10 built, 0 up to date" in result.stdout


def test_progress_on_a_terminal_is_one_bar_redrawn_in_place(capsys) -> None:
    """Documents done of the expected total, their rate, and the time left."""
    from generator.cli.output import Progress
    from generator.runner.outcome import Outcome

    progress = Progress(bar=True)
    # A school whose ten documents were all up to date.
    school = Outcome(Path("a/school.yaml"), "a", "A", kept=[{}] * 10)
    progress(school, 1, 4)
    progress(school, 2, 4)
    shown = capsys.readouterr().out
    assert "\n" not in shown  # redrawn in place until the last school
    last = shown.split("\r")[-1]
    assert last.startswith("[" + "#" * 12 + "-" * 12 + "]")
    assert "20/~40 documents · 2/4 schools" in last and "s left" in last


@pytest.mark.weasyprint_warns
def test_without_harfbuzz_subset_the_hint_is_given_once_and_not_per_document(
    here: Path, minimal_school: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a machine without libharfbuzz-subset0 WeasyPrint subsets with
    fontTools, and says so for every font of every PDF: the build says it once,
    as a hint, and keeps it out of the documents' warnings and the manifest."""
    import ctypes.util

    import weasyprint.pdf.fonts

    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
    found = ctypes.util.find_library
    monkeypatch.setattr(
        ctypes.util,
        "find_library",
        lambda name: None if name == "harfbuzz-subset" else found(name),
    )
    result = run(
        "build", str(minimal_school), "--out", "out", "--only", "staff-card", "-j", "1"
    )
    assert result.exit_code == 0, result.output
    assert result.stderr.count("hint: install libharfbuzz-subset0") == 1, result.stderr
    assert "fontTools" not in result.output + result.stderr
    assert "fontTools" not in (here / "out" / "manifest.json").read_text()


def test_build_with_no_path_in_a_school_folder_builds_that_school_and_says_so(
    here: Path, minimal_school: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(minimal_school.parent)
    result = run("build", "--only", "staff-card", "--out", str(here / "out"))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "No PATH given: using school.yaml, the school file here.\n"
    )
    assert sorted(p.name for p in (here / "out").iterdir()) == [
        "manifest.json",
        "minimal",
    ]
    # Elsewhere, the examples are checked, and said to be.
    monkeypatch.chdir(here)
    checked = run("check")
    assert checked.exit_code == 0, checked.output
    assert checked.stdout.startswith(
        "No PATH given and no school.yaml here: using safeprint's 5 example "
        "schools (glenburn-primary, loughview-primary, oakfield-primary, "
        "riverside-academy, ysgol-bryn-derw)."
    )
