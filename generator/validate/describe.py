"""The school file described from its model: every field, its description, an
example and whether it must be given. The README's table of fields and the
scaffold's comments (``safeprint new``) are made from it, and the tests hold
the importer's columns and the localised fields to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, WithJsonSchema

from generator.validate.base import annotation_parts, described, localised_fields
from generator.validate.models import SchoolFile


@dataclass(frozen=True)
class Described:
    """One field: its path by the keys a school file uses (a list's items
    taken as one), whether it must be given, what it is, examples of it and
    the words it may be (empty when it may be anything)."""

    path: tuple[str, ...]
    required: bool
    description: str
    localised: bool
    examples: tuple[Any, ...] = ()
    choices: tuple[str, ...] = ()


def fields(model: type[BaseModel] = SchoolFile) -> list[Described]:
    """Every field of ``model`` and of the models it holds, in file order."""
    localised = set(localised_fields(model))
    found: list[Described] = []
    for name, info in described(model).model_fields.items():
        key = info.alias or name
        text = " ".join((info.description or "").split())
        parts = annotation_parts(info.annotation)
        found.append(
            Described(
                (key,),
                info.is_required(),
                text,
                (key,) in localised,
                tuple(info.examples or ()),
                choices(parts),
            )
        )
        for inner in parts:
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                found += [
                    Described(
                        (key, *d.path),
                        d.required,
                        d.description,
                        d.localised,
                        d.examples,
                        d.choices,
                    )
                    for d in fields(inner)
                ]
    return found


def choices(parts: list[Any]) -> tuple[str, ...]:
    """The words a field may be: a ``Literal``'s, or a chooser's ``enum``."""
    words = [p for p in parts if isinstance(p, str)]
    for part in parts:
        if isinstance(part, WithJsonSchema) and part.json_schema:
            words += part.json_schema.get("enum", [])
    return tuple(words)


def by_path() -> dict[tuple[str, ...], Described]:
    """Every field of the school file by its path."""
    return {field.path: field for field in fields()}


def example_text(example: Any) -> str:
    """An example as a school file writes it: ``[a3, a4]``, ``Office 2``."""
    if isinstance(example, list):
        return "[" + ", ".join(example_text(item) for item in example) + "]"
    if isinstance(example, bool):
        return "true" if example else "false"
    return str(example)


def plain(example: Any) -> bool:
    """Whether ``example`` is a value or a list of them, not a section."""
    if isinstance(example, list):
        return all(plain(item) for item in example)
    return not isinstance(example, dict)


def markdown_table() -> str:
    """The README's table of the school file's fields."""
    rows = ["| field | | what it is | e.g. |", "|---|---|---|---|"]
    for field in fields():
        need = "required" if field.required else ""
        if field.localised:
            need = f"{need}, per language" if need else "per language"
        example = ""
        if field.examples and plain(field.examples[0]):
            example = f"`{example_text(field.examples[0])}`"
        text = field.description
        if field.choices:
            text += " One of " + ", ".join(f"`{c}`" for c in field.choices) + "."
        rows.append(f"| `{'.'.join(field.path)}` | {need} | {text} | {example} |")
    return "\n".join(rows) + "\n"
