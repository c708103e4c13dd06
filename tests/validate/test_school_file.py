"""The school file is described once, on its model: what lists its fields
elsewhere is made from it or held to it here."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from generator.load import columns as importer
from generator.resolve.completeness import LOCALISED
from generator.validate.base import annotation_parts, localised_fields
from generator.validate.describe import fields, markdown_table
from generator.validate.models import SchoolFile

README = Path(__file__).parent.parent.parent / "README.md"
PATHS = {field.path for field in fields()}


def test_every_field_says_what_it_is() -> None:
    assert [".".join(f.path) for f in fields() if not f.description] == []


def test_every_field_has_an_example() -> None:
    assert [".".join(f.path) for f in fields() if not f.examples] == []


def _annotated(model: type[BaseModel], name: str) -> object:
    info = model.model_fields[name]
    return (
        Annotated[(info.annotation, *info.metadata)]
        if info.metadata
        else (info.annotation)
    )


def _models(model: type[BaseModel]) -> list[type[BaseModel]]:
    inner = [
        part
        for info in model.model_fields.values()
        for part in annotation_parts(info.annotation)
        if isinstance(part, type) and issubclass(part, BaseModel)
    ]
    return [model, *(m for i in inner for m in _models(i))]


def test_every_example_is_a_value_the_field_takes() -> None:
    """An example in `safeprint schema` or beside a field of the scaffold
    passes the check it illustrates (a file named is not looked for)."""
    wrong = []
    for model in dict.fromkeys(_models(SchoolFile)):
        for name, info in model.model_fields.items():
            if Path in annotation_parts(info.annotation):  # a LocalFile
                continue
            adapter = TypeAdapter(_annotated(model, name))
            for example in info.examples or ():
                try:
                    adapter.validate_python(example)
                except ValidationError as error:
                    wrong.append(f"{model.__name__}.{name}: {example!r}: {error}")
    assert wrong == []


def test_the_schema_gives_every_field_its_description_and_example() -> None:
    """`safeprint schema` prints both, for every property of every part."""
    from click.testing import CliRunner

    from generator.cli.commands import cli

    schema = json.loads(CliRunner().invoke(cli, ["schema"]).stdout)
    parts = [schema, *schema["$defs"].values()]
    missing = [
        f"{part.get('title')}.{key}: {need}"
        for part in parts
        for key, spec in part.get("properties", {}).items()
        for need in ("description", "examples")
        if not spec.get(need)
    ]
    assert missing == []
    name = schema["$defs"]["School"]["properties"]["name"]
    assert name["description"] == "The school's full name."
    assert name["examples"] == ["Oakfield Primary School"]


def test_the_readme_lists_every_field_as_the_model_describes_it() -> None:
    block = re.search(
        r"<!-- school-fields[^>]*-->\n(.*?)<!-- /school-fields -->",
        README.read_text(encoding="utf-8"),
        re.S,
    )
    assert block, "README.md has no table of the school file's fields"
    assert block.group(1) == markdown_table(), (
        "README.md's table of fields is not the model's: paste "
        "`python -c 'from generator.validate.describe import markdown_table as t; "
        'print(t(), end="")\'` between its markers'
    )


def test_the_fields_given_per_language_are_those_the_model_marks() -> None:
    assert sorted(LOCALISED) == sorted(localised_fields(SchoolFile))
    assert ("team", "where") in LOCALISED


def test_every_spreadsheet_column_is_a_field_of_the_model() -> None:
    single = {column: path for column, path in importer.SINGLE.items()}
    assert {c: p for c, p in single.items() if p not in PATHS} == {}
    people = [
        (section, name)
        for section, names in importer.PEOPLE.values()
        for name in names
        if (section, name) not in PATHS
    ]
    assert people == []
    sections = [path for path in importer.SECTIONS if path not in PATHS]
    assert sections == []


def test_the_example_row_fills_only_columns_the_sheet_has() -> None:
    assert set(importer.EXAMPLE) - set(importer.columns()) == set()


# Columns the help leaves to "...": deputy1_name ... deputy5_photo.
ELIDED = (
    r"deputy[2-4]_|trusted[2-5]_|deputy1_(?!name)|deputy5_(?!photo)"
    r"|trusted6_(?!photo)"
)


def test_the_import_help_names_every_column_in_the_sheets_order() -> None:
    from generator.cli.commands import cli

    help_text = " ".join((cli.commands["import"].help or "").split())
    # A run of numbered people is shown by its first and last columns.
    shown = [column for column in importer.columns() if not re.match(ELIDED, column)]
    places = [help_text.find(column) for column in shown]
    assert [c for c, at in zip(shown, places, strict=True) if at < 0] == []
    assert places == sorted(places)


@pytest.mark.parametrize("nation", ["england", "wales", "scotland", "northern-ireland"])
def test_every_key_of_the_scaffold_is_a_field_of_the_model(nation: str) -> None:
    import yaml

    from generator.cli.scaffold import scaffold_text
    from generator.paths import content_dir

    template = (content_dir() / "scaffold" / "school.yaml").read_text("utf-8")
    data = yaml.safe_load(scaffold_text(template, nation))

    def keys(node: object, path: tuple[str, ...]) -> list[tuple[str, ...]]:
        if isinstance(node, list):
            return [k for item in node for k in keys(item, path)]
        if not isinstance(node, dict) or path[:1] == ("content",):
            return []
        return [
            k
            for key, value in node.items()
            for k in [(*path, key), *keys(value, (*path, key))]
        ]

    written = keys(data, ())
    assert [".".join(k) for k in written if k not in PATHS] == []
    required = {f.path for f in fields() if f.required}
    # Every field that must be given, inside each section the scaffold writes.
    missing = [
        ".".join(path)
        for path in required
        if path[:-1] in set(written) | {()} and path not in written
    ]
    assert missing == []


# A field's line in the scaffold, left out (`# logo: ...`) or not, and the
# comment beside it.
FIELD_LINE = re.compile(
    r"^(?P<field>(?P<indent> *)(?:# +)?(?:- )?(?P<key>[a-z][a-z_-]*):(?P<value>.*?))"
    r"(?:(?P<gap> {2,})# (?P<beside>.*))?$"
)


@pytest.mark.parametrize("nation", ["england", "wales", "scotland", "northern-ireland"])
def test_every_field_the_scaffold_writes_is_commented_from_the_model(
    nation: str,
) -> None:
    """Beside each field (or on the lines above it, where it is long) the
    scaffold says what the model says of it, and gives the model's example
    where the field is left to fill in: no field's help is written by hand a
    second time."""
    from generator.cli.scaffold import scaffold_text
    from generator.paths import content_dir

    template = (content_dir() / "scaffold" / "school.yaml").read_text("utf-8")
    lines = scaffold_text(template, nation).splitlines()
    by_key: dict[str, list] = {}
    for field in fields():
        by_key.setdefault(field.path[-1], []).append(field)
    seen, wrong, under = [], [], set()
    for number, line in enumerate(lines):
        found = FIELD_LINE.match(line)
        if not found or number in under:
            continue
        if found["beside"] is not None:
            # Beside it, and on the lines under it at the same column.
            column = len(found["field"]) + len(found["gap"])
            words = [found["beside"]]
            for more in lines[number + 1 :]:
                if more[:column].strip() or not more[column:].startswith("# "):
                    break
                words.append(more[column + 2 :])
            under |= set(range(number + 1, number + len(words)))
        else:  # on the comment lines just above it
            words = []
            for back in reversed(lines[:number]):
                if not back.lstrip().startswith("# ") or FIELD_LINE.match(back):
                    break
                words.insert(0, back.lstrip()[2:])
        text = " ".join(" ".join(words).split()).lower()
        blank = found["value"].strip() == '""'
        said = [
            field
            for field in by_key.get(found["key"], [])
            if field.description.rstrip(".").lower() in text
            and (not blank or "e.g. " in text)
        ]
        seen.append(found["key"])
        if not said:
            wrong.append(line)
    assert wrong == []
    assert len(seen) > 30
