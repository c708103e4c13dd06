"""Check loaded YAML against the models and report every problem at once.

pydantic's messages are rewritten into words a safeguarding lead understands, each
located at ``file:line:col`` with the dotted path of the field.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.errors import Problem, SafeprintError
from generator.load.reader import Loaded, Loc

M = TypeVar("M", bound=BaseModel)


def validate(
    loaded: Loaded,
    model: type[M],
    *,
    context: dict[str, Any] | None = None,
    data: Any = None,
    loc: Loc = (),
) -> M:
    """Validate ``loaded.data`` (or ``data`` found at ``loc``) as ``model``."""
    value = loaded.data if data is None else data
    if not isinstance(value, dict):
        raise SafeprintError(
            [
                loaded.problem(
                    loc,
                    "should be a set of `key: value` "
                    "lines, not a single value or a list",
                )
            ]
        )
    try:
        return model.model_validate(value, context=context)
    except ValidationError as exc:
        problems = [_problem(loaded, model, loc, err) for err in exc.errors()]
        raise SafeprintError(_unique(problems)) from None


def problems_of(
    loaded: Loaded, model: type[BaseModel], exc: ValidationError, loc: Loc = ()
) -> list[Problem]:
    """Problems for a ``ValidationError`` raised on data found at ``loc``."""
    return _unique([_problem(loaded, model, loc, err) for err in exc.errors()])


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def _problem(loaded: Loaded, model: type[BaseModel], base: Loc, err: Any) -> Problem:
    loc: Loc = (*base, *err["loc"])
    kind = err["type"]
    if kind == "extra_forbidden":
        known = _fields_at(model, err["loc"][:-1])
        return loaded.problem(loc, _unknown_key(str(err["loc"][-1]), known))
    return loaded.problem(loc, friendly_message(err))


def _unknown_key(key: str, known: list[str]) -> str:
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if close:
        return f"`{key}` is not a field here — did you mean `{close[0]}`?"
    listing = ", ".join(f"`{k}`" for k in known)
    return f"`{key}` is not a field here — the fields are {listing}"


DATE_HINT = "YYYY-MM-DD or DD/MM/YYYY, e.g. 2026-09-01 or 01/09/2026"


def friendly_message(err: Any) -> str:
    """pydantic's error, in words a safeguarding lead understands."""
    kind, ctx, value = err["type"], err.get("ctx", {}), err.get("input")
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    if kind == "missing":
        return "is missing — add it (see `safeprint new` for an example)"
    if kind == "literal_error":
        expected = str(ctx.get("expected"))
        allowed = re.findall(r"'([^']*)'", expected)
        close = difflib.get_close_matches(str(value), allowed, n=1, cutoff=0.6)
        if close:
            return (
                f"\"{value}\" is not allowed here — did you mean '{close[0]}'? "
                f"(one of {expected})"
            )
        return f'"{value}" is not allowed here — use one of {expected}'
    if kind in ("string_type", "str_type"):
        return f"{_show(value)} should be text — put it in quotes"
    if kind == "string_too_short":
        return "is empty — fill it in"
    if kind == "string_too_long":
        return (
            f"is too long ({len(value)} characters) — shorten it to at most "
            f"{ctx.get('max_length')} so it fits on the page"
        )
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} entry"
    if kind == "too_long":
        return f"has too many entries — at most {ctx.get('max_length')}"
    if kind.startswith("date") and value == "":
        return f"is empty — write the date as {DATE_HINT}"
    if kind.startswith("date"):
        return f"{_show(value)} is not a date — write it as {DATE_HINT}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"should be a set of `key: value` lines, not {_show(value)}"
    if kind == "list_type":
        return "should be a list: one line per entry, each starting with `- `"
    if kind == "bool_type":
        return f"{_show(value)} should be true or false"
    return str(err["msg"])


def _show(value: Any) -> str:
    if isinstance(value, dt.date):
        value = (
            value.isoformat(sep=" ") if isinstance(value, dt.datetime) else str(value)
        )
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    return text if len(text) <= 40 else text[:37] + "..."


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys a mapping at ``loc`` (inside ``model``) may have."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        target = _model_in(current)
        if target is None:
            return []
        field = _field_named(target, str(part))
        if field is None:
            return []
        current = field.annotation
    target = _model_in(current)
    if target is None:
        return []
    return [f.alias or name for name, f in target.model_fields.items()]


def _field_named(model: type[BaseModel], key: str) -> Any:
    for name, field in model.model_fields.items():
        if key in (name, field.alias):
            return field
    return None


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _model_in(typing.get_args(annotation)[0])
    if origin in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None
