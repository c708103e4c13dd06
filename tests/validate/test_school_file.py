"""The school file is described once, on its model: what lists its fields
elsewhere is made from it or held to it here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.load import columns as importer
from generator.resolve.translate import LOCALISED
from generator.validate.describe import fields, markdown_table
from generator.validate.models import SchoolFile, localised_fields

README = Path(__file__).parent.parent.parent / "README.md"
PATHS = {field.path for field in fields()}


def test_every_field_says_what_it_is() -> None:
    assert [".".join(f.path) for f in fields() if not f.description] == []


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
