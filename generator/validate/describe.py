"""The school file described from its model: every field, its description and
whether it must be given. The README's table of fields is made from it, and
the tests hold the importer's columns and the localised fields to it.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from generator.validate.models import SchoolFile, annotation_parts, localised_fields


@dataclass(frozen=True)
class Described:
    """One field: its path by the keys a school file uses (a list's items
    taken as one), whether it must be given, and what it is."""

    path: tuple[str, ...]
    required: bool
    description: str
    localised: bool


def fields(model: type[BaseModel] = SchoolFile) -> list[Described]:
    """Every field of ``model`` and of the models it holds, in file order."""
    localised = set(localised_fields(model))
    found: list[Described] = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        text = " ".join((info.description or "").split())
        found.append(Described((key,), info.is_required(), text, (key,) in localised))
        for inner in annotation_parts(info.annotation):
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                found += [
                    Described((key, *d.path), d.required, d.description, d.localised)
                    for d in fields(inner)
                ]
    return found


def markdown_table() -> str:
    """The README's table of the school file's fields."""
    rows = ["| field | | what it is |", "|---|---|---|"]
    for field in fields():
        need = "required" if field.required else ""
        if field.localised:
            need = f"{need}, per language" if need else "per language"
        rows.append(f"| `{'.'.join(field.path)}` | {need} | {field.description} |")
    return "\n".join(rows) + "\n"
