"""What the models of safeprint's files are built from: the strict base
(unknown keys are errors), text a school may give per language, and the plain
choices (nations, phases, age bands, paper sizes, language codes).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Annotated, Any, Literal, TypeVar, get_args, get_origin

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    WithJsonSchema,
    model_validator,
)

from generator.validate.docstrings import attribute_docstrings
from generator.validate.fields import blank_is_none
from generator.vocabulary import BANDS, PAPER_SIZES

M = TypeVar("M", bound=BaseModel)
Nation = Literal["england", "wales", "scotland", "northern-ireland"]
Phase = Literal["primary", "secondary", "all-through", "special"]
Band = Literal[BANDS]  # type: ignore[valid-type]
PaperSize = Literal[PAPER_SIZES]  # type: ignore[valid-type]
Text = str
# ISO 639-1 (or -3) code of a language safeprint has a translation for: en, cy, pl.
LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]


def localised(max_length: int) -> object:
    """Text a school writes itself that may differ by language: one string for
    every language (a name, a room number), or one per language code
    (``{cy: Athrawes dosbarth, en: Class teacher}``)."""

    def one(text: object) -> str:
        if isinstance(text, (int, float, bool)):
            raise ValueError(f"{text} should be text — put it in quotes")
        if not isinstance(text, str):
            raise ValueError(
                "should be text, or text per language like {cy: Athrawes, en: Teacher}"
            )
        text = text.strip()
        if not text:
            raise ValueError("is empty — fill it in")
        if len(text) > max_length:
            raise ValueError(
                f"is too long ({len(text)} characters) — shorten it to at most "
                f"{max_length} so it fits on the page"
            )
        return text

    def check(value: object) -> str | dict[str, str]:
        if not isinstance(value, dict):
            return one(value)
        if not value:
            raise ValueError("is empty — fill it in")
        for code in value:
            if not isinstance(code, str) or not re.fullmatch(r"[a-z]{2,3}", code):
                raise ValueError(
                    f"{code!r} is not a language code — use codes like cy, en, pl"
                )
        return {code: one(text) for code, text in value.items()}

    schema = {
        "anyOf": [
            {"type": "string", "maxLength": max_length},
            {"type": "object", "additionalProperties": {"type": "string"}},
        ]
    }
    return Annotated[
        str | dict[str, str], PlainValidator(check), WithJsonSchema(schema), LOCALISED
    ]


class _Localised:
    """Marks a field of :func:`localised` text, found by :func:`localised_fields`."""


LOCALISED = _Localised()


def localised_fields(model: type[BaseModel]) -> list[tuple[str, ...]]:
    """The path (by the keys a school file uses) of every field of ``model``
    that may be given per language, lists passed through: ``("team",
    "where")``."""
    found = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        for inner in [*annotation_parts(info.annotation), *info.metadata]:
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                found += [(key, *rest) for rest in localised_fields(inner)]
            elif inner is LOCALISED:
                found.append((key,))
    return list(dict.fromkeys(found))


def annotation_parts(annotation: Any) -> list[Any]:
    """The types (and marks) an annotation is made of: through unions, lists,
    dicts and ``Annotated``."""
    if get_origin(annotation) is Annotated:
        return [*annotation_parts(get_args(annotation)[0]), *annotation.__metadata__]
    if get_args(annotation):
        return [a for arg in get_args(annotation) for a in annotation_parts(arg)]
    return [annotation]


class Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        frozen=True,
        str_strip_whitespace=True,
        # Built when first used: a command builds only the models it uses.
        defer_build=True,
    )

    @model_validator(mode="before")
    @classmethod
    def _blank_optional(cls, data: object) -> object:
        """``""`` in an optional field means "not given" (the scaffold's blanks)."""
        if not isinstance(data, dict):
            return data
        optional = _optional_keys(cls)
        return {
            key: blank_is_none(value) if key in optional else value
            for key, value in data.items()
        }


@cache
def _optional_keys(model: type[BaseModel]) -> frozenset[str]:
    """The keys (names and aliases) of ``model``'s fields that may be left out."""
    return frozenset(
        key
        for name, field in model.model_fields.items()
        if not field.is_required()
        for key in (name, field.alias)
        if key
    )


@cache
def described(model: type[M]) -> type[M]:
    """``model``, and every model it holds, with each field described by the
    line under it (as pydantic's ``use_attribute_docstrings`` would), for the
    JSON schema, the form of ``safeprint serve`` and the scaffold's comments.

    Read when asked for, not when the models are made: checking a school needs
    no descriptions, and parsing the modules for them took a good part of
    ``safeprint check``'s start. The models held are described first, since a
    model's schema is made from theirs."""
    for field in model.__pydantic_fields__.values():
        for inner in annotation_parts(field.annotation):
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                described(inner)
    docs: dict[str, str] = {}
    for cls in reversed(model.__mro__):  # a field written in a base is its base's
        if issubclass(cls, BaseModel) and cls is not BaseModel:
            docs.update(attribute_docstrings(cls))
    for name, field in model.__pydantic_fields__.items():
        if field.description is None and name in docs:
            field.description = docs[name]
    model.model_rebuild(force=True)
    return model
