"""Each field's description is the line under it, read as pydantic would."""

from __future__ import annotations

import importlib

import pytest
from pydantic._internal._docs_extraction import extract_docstrings_from_cls

from generator.validate.base import Strict, described
from generator.validate.docstrings import attribute_docstrings

MODULES = (
    "generator.validate.models",
    "generator.validate.national",
    "generator.validate.overrides",
    "generator.products",
    "generator.resolve.language",
)


def _models() -> list[type[Strict]]:
    for module in MODULES:
        importlib.import_module(module)
    found, todo = [], [Strict]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.append(sub)
            todo.append(sub)
    return [m for m in found if m.__module__ in MODULES]


@pytest.mark.parametrize("model", _models(), ids=lambda m: m.__qualname__)
def test_as_pydantic_reads_them(model: type[Strict]) -> None:
    expected = extract_docstrings_from_cls(model, use_inspect=True)
    assert attribute_docstrings(model) == expected
    for name, field in described(model).model_fields.items():
        if name in expected:
            assert field.description == expected[name]


def test_a_model_made_inside_a_function_is_described() -> None:
    class Local(Strict):
        name: str
        """Its name,
        on two lines."""
        phone: str = "01632 960000"
        """Its number."""
        note: str | None = None

    fields = described(Local).model_fields
    assert fields["name"].description == "Its name,\non two lines."
    assert fields["phone"].description == "Its number."
    assert fields["note"].description is None
    assert Local(name="A").phone == "01632 960000"
