"""The school file is described once, on its model: what lists its fields
elsewhere is made from it or held to it here."""

from __future__ import annotations

import re
from pathlib import Path

from generator import importer
from generator.describe import fields, markdown_table
from generator.models import SchoolFile, localised_fields
from generator.translate import LOCALISED

README = Path(__file__).parent.parent / "README.md"
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
        "`python -c 'from generator.describe import markdown_table as t; "
        "print(t(), end=\"\")'` between its markers"
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
