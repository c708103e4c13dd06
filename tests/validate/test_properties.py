"""Property tests: any input gives data or a clean SafeprintError, never a traceback."""

from __future__ import annotations

import datetime as dt
import io
import typing
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st
from PIL import Image
from pydantic import BaseModel

from generator.errors import SafeprintError
from generator.load.reader import Loaded, load_text
from generator.resolve.pack import Pack, load_school
from generator.validate.models import SchoolFile, TeamMember
from generator.validate.national import Step

SETTINGS = settings(max_examples=150, deadline=None)
SOURCE = Path("school.yaml")

# Whole pieces of YAML, so that generated text is often nearly valid.
FRAGMENTS = [
    "school:\n",
    "  name: Oakfield\n",
    "team:\n",
    "  - ",
    "- ",
    "{",
    "}",
    "[",
    "]",
    ", ",
    ": ",
    "\n",
    "  ",
    "---\n",
    "...\n",
    "# note\n",
    "&a ",
    "*a",
    "<<: *a\n",
    "? ",
    "|\n",
    ">-\n",
    "'quoted'",
    '"dq \\u00e9"',
    "phone: 01632960123\n",
    "time: 12:30\n",
    "reviewed_on: 2026-09-01\n",
    "yes\n",
    "~\n",
    "0123456\n",
    "%YAML 1.1\n",
    "\t",
    "\ufeff",
]


def yaml_ish(text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    pieces = st.one_of(st.sampled_from(FRAGMENTS), text)
    return st.lists(pieces, max_size=30).map("".join)


def assert_clean(text: str) -> None:
    try:
        loaded = load_text(text, SOURCE)
    except SafeprintError as exc:
        assert exc.problems
        assert all(p.message and p.file == SOURCE for p in exc.problems)
    else:
        assert isinstance(loaded, Loaded)


@SETTINGS
@given(st.one_of(st.text(), yaml_ish(st.text(max_size=10))))
@example("\x00")
@example("")
@example("a: 1\na: 2\n")
@example("a: [1, 2\n")
@example("a:\n\tb: 1\n")
@example("a: &x {b: 1}\nc: {<<: *x}\n")
@example("a: !!timestamp nope\n")
@example("[" * 500 + "]" * 500)
def test_load_text_raises_only_safeprint_error(text: str) -> None:
    assert_clean(text)


# --- whole school files ------------------------------------------------------------


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def field_names(model: type[BaseModel], seen: set[type[BaseModel]]) -> set[str]:
    """Every key a school file may use below ``model`` (aliases as written)."""
    seen.add(model)
    names: set[str] = set()
    for name, info in model.model_fields.items():
        names.add(info.alias or name)
        for inner in _models_in(info.annotation):
            if inner not in seen:
                names |= field_names(inner, seen)
    return names


KEYS = sorted(field_names(SchoolFile, set()) | set(Step.model_fields) | {"id"})
TOP_KEYS = sorted(SchoolFile.model_fields)  # none of the top-level fields has an alias
SECTIONS = ["steps", "do", "dont", "record", "ted", "helplines", "categories"]

# Values that pass one check or another, so generated files get past the first.
USEFUL = [
    "dsl",
    "deputy-dsl",
    "other",
    "england",
    "wales",
    "primary",
    "a3",
    "a4",
    "en",
    "01632 960123",
    "12345",
    "#abc",
    "red",
    "assets/logo.png",
    "assets/logo.svg",
    "assets/missing.png",
    "../outside.png",
    "https://oakfield.example.sch.uk",
    "head@oakfield.example.sch.uk",
    "record",
    "childline",
    "",
    " ",
]

leaves = st.one_of(
    st.text(max_size=300),
    st.sampled_from(USEFUL),
    st.integers(),
    st.none(),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
)
values = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(KEYS), inner, max_size=4),
    ),
    max_leaves=12,
)

VALID: dict[str, Any] = {
    "school": {
        "name": "Oakfield Primary School",
        "nation": "england",
        "phase": "primary",
    },
    "team": [{"name": "Ms Aisha Khan", "role": "dsl", "phone": "01632 960123"}],
    "local_contacts": {
        "children_services": {"name": "Anytown Front Door", "phone": "01632 960000"}
    },
    "review": {"reviewed_on": dt.date(2026, 9, 1), "review_by": dt.date(2027, 9, 1)},
}

member = st.dictionaries(
    st.sampled_from(sorted(TeamMember.model_fields)), values | leaves, max_size=7
)
overrides = st.dictionaries(
    st.sampled_from(SECTIONS),
    st.lists(st.dictionaries(st.sampled_from(KEYS), leaves, max_size=4), max_size=2),
    max_size=2,
)

school_files = st.one_of(
    # Anything at all built from the real keys.
    st.dictionaries(st.sampled_from(KEYS), values, max_size=8),
    # A valid school with a few top-level values replaced.
    st.dictionaries(st.sampled_from(TOP_KEYS), values, max_size=3).map(
        lambda changes: {**VALID, **changes}
    ),
    # A valid school with a generated team.
    st.lists(member, min_size=1, max_size=3).map(lambda team: {**VALID, "team": team}),
    # A valid school with generated content overrides.
    overrides.map(lambda content: {**VALID, "content": content}),
)


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (2, 2), "red").save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def school_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A school folder with real assets, reused by every generated example."""
    folder = tmp_path_factory.mktemp("generated") / "school"
    (folder / "assets").mkdir(parents=True)
    (folder / "assets" / "logo.png").write_bytes(png_bytes())
    (folder / "assets" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8"
    )
    return folder


def test_the_generated_keys_are_the_real_ones() -> None:
    assert {"school", "team", "phone", "reviewed_on", "staff-poster", "where"} <= set(
        KEYS
    )
    assert "staff_poster" not in KEYS


def test_the_valid_base_school_loads(school_folder: Path) -> None:
    path = school_folder / "school.yaml"
    path.write_text(yaml.safe_dump(VALID), encoding="utf-8")
    assert load_school(path).slug == "oakfield-primary"


@SETTINGS
@given(data=school_files)
@example(data={})
@example(data={**VALID, "team": [{"role": "other", "photo": "assets/logo.png"}]})
@example(data={**VALID, "content": {"steps": [{"id": "record", "text": 5}]}})
def test_any_school_file_gives_a_pack_or_a_clean_error(
    school_folder: Path, data: dict[str, Any]
) -> None:
    path = school_folder / "school.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    try:
        pack = load_school(path)
    except SafeprintError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.file is not None
            assert problem.message.strip()
    else:
        assert isinstance(pack, Pack)
        assert pack.school.team


# --- spreadsheet rows ---------------------------------------------------------------

GOOD_ROW = {
    "school_name": "Oakfield Primary School",
    "nation": "england",
    "phase": "primary",
    "dsl_name": "Ms Aisha Khan",
    "dsl_phone": "01632 960123",
    "children_services_name": "Anytown Front Door",
    "children_services_phone": "01632 960000",
    "reviewed_on": "2026-09-01",
    "review_by": "2027-09-01",
}
CELLS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            "  ",
            "01632 960001",
            "999",
            "#ffd23f",
            "red",
            "2026-13-40",
            "=1+1",
            "../../etc/passwd",
            "http://example.com",
            "a,b",
            'say "hi"',
            "line\nbreak",
            "england",
            "wales",
            "secondary",
            "<script>x</script>",
            "{{ 7*7 }}",
        ]
    ),
)


@st.composite
def spreadsheets(draw: st.DrawFn) -> tuple[list[str], list[dict[str, str]]]:
    """A header of known columns (now and then one safeprint does not know) and
    rows that start from a good school and have some cells changed."""
    from generator.load.spreadsheet import columns

    known = columns()
    header = list(GOOD_ROW) + draw(
        st.lists(st.sampled_from(known), max_size=6, unique=True)
    )
    if draw(st.booleans()) and draw(st.booleans()):
        header.append(draw(st.sampled_from(["schol_name", "notes", ""])))
    header = list(dict.fromkeys(header))
    rows = []
    for _ in range(draw(st.integers(1, 3))):
        row = {name: GOOD_ROW.get(name, "") for name in header}
        for name in draw(st.lists(st.sampled_from(header), max_size=4)):
            row[name] = draw(CELLS)
        rows.append(row)
    return header, rows


@SETTINGS
@given(sheet=spreadsheets())
def test_any_spreadsheet_gives_school_files_or_clean_errors(
    tmp_path_factory: pytest.TempPathFactory, sheet: tuple[list[str], list[dict]]
) -> None:
    """Every row becomes a school file that loads, or a problem naming its row;
    nothing is written outside the output folder."""
    import csv
    import io

    from generator.load.spreadsheet import import_csv

    header, rows = sheet
    work = tmp_path_factory.mktemp("sheet")
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=header)
    writer.writeheader()
    writer.writerows(rows)
    source = work / "trust.csv"
    source.write_text(text.getvalue(), encoding="utf-8")
    out = work / "schools"
    try:
        result = import_csv(source, out)
    except SafeprintError as exc:
        assert all(p.file == source and p.message.strip() for p in exc.problems)
        assert not out.exists()
        return
    for problem in result.problems:
        assert problem.file == source and problem.field.startswith("row ")
    for path in result.written:
        assert path.resolve().is_relative_to(out.resolve())
        assert isinstance(load_school(path), Pack)
    outside = {p for p in work.rglob("*") if not p.is_relative_to(out)}
    assert outside == {source}
