"""The school file as a form, made from its model's JSON Schema (the one
``safeprint schema`` prints): each field with its description, and its label
in the school's nation's words.

Every input is named by the field's dotted path, as problems name it
(``team[0].phone``), so a problem finds its field; :mod:`.answers` puts the
answers back into the file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

# Advanced parts a form cannot show well; they stay in the file as they are.
LEFT_IN_FILE = frozenset({"translations", "content"})
# Inputs by the field's own name, where the schema says only "string".
WIDGETS = {"phone": "tel", "out_of_hours": "tel", "email": "email", "website": "url"}

Form = Mapping[str, list[str]]


@dataclass
class Field:
    """One input (or group of them) of the form."""

    key: str
    name: str
    kind: str
    label: str
    help: str = ""
    required: bool = False
    options: list[tuple[str, str]] = field(default_factory=list)
    children: list[Field] = field(default_factory=list)
    value: Any = None
    rows: list[list[Field]] = field(default_factory=list)


@cache
def schema() -> dict[str, Any]:
    from generator.validate.base import described
    from generator.validate.models import SchoolFile

    return described(SchoolFile).model_json_schema(by_alias=True)


def _spec(node: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """A property's schema with references followed; and whether it may be
    left out (null)."""
    defs = schema()["$defs"]
    nullable = False
    if "anyOf" in node:
        options = [n for n in node["anyOf"] if n.get("type") != "null"]
        nullable = len(options) < len(node["anyOf"])
        types = {o.get("type") for o in options}
        if types == {"string", "object"}:
            return {**node, "type": "localised"}, nullable
        node = {**options[0], **{k: v for k, v in node.items() if k != "anyOf"}}
    if "$ref" in node:
        node = {**defs[node["$ref"].rsplit("/", 1)[1]], **node}
        node.pop("$ref")
    return node, nullable


def _kind(key: str, spec: dict[str, Any], parent: str) -> str:
    kind = spec.get("type")
    if kind == "localised":
        return "localised"
    if kind == "object":
        return "group" if "properties" in spec else "skip"
    if kind == "array":
        items, _ = _spec(spec["items"])
        if items.get("type") == "object":
            return "rows"
        if "enum" in items:
            return "checks"
        # Codes (languages) go on one line; names, one on each line.
        return "words" if "pattern" in items else "lines"
    if "enum" in spec:
        return "select"
    if kind == "boolean":
        return "bool"
    if spec.get("format") == "date":
        return "date"
    if spec.get("format") == "path":
        return "file"
    if parent == "brand":
        return "colour"
    return WIDGETS.get(key, "text")


def _label(key: str, raw: dict[str, Any]) -> str:
    title = raw.get("title") or key.replace("_", " ").replace("-", " ")
    return title[:1].upper() + title[1:].lower()


def _help(spec: dict[str, Any], raw: dict[str, Any], kind: str) -> str:
    """A field's description, and its example where one is typed in."""
    text = spec.get("description", raw.get("description", ""))
    examples = spec.get("examples", raw.get("examples")) or [None]
    if kind in ("select", "checks", "group", "rows", "bool", "colour", "date", "file"):
        return text
    if isinstance(examples[0], str) and text:
        return f"{text.rstrip('.')}, e.g. {examples[0]}."
    return text


def fields(
    data: Any, labels: Mapping[str, str] | None = None, roles: Mapping[str, str] = {}
) -> list[Field]:
    """The form for a school file's ``data``: each field with its value, label
    (``labels`` by dotted path, the nation's words) and description."""
    return _fields(schema(), data, "", "", labels or {}, roles)


def _fields(
    node: dict[str, Any],
    data: Any,
    prefix: str,
    parent: str,
    labels: Mapping[str, str],
    roles: Mapping[str, str],
) -> list[Field]:
    data = data if isinstance(data, Mapping) else {}
    required = set(node.get("required", ()))
    out = []
    for key, raw in node.get("properties", {}).items():
        if key in LEFT_IN_FILE:
            continue
        spec, nullable = _spec(raw)
        kind = _kind(key, spec, parent)
        if kind == "skip":
            continue
        name = f"{prefix}.{key}" if prefix else key
        made = Field(
            key,
            name,
            kind,
            labels.get(_generic(name)) or _label(key, raw),
            _help(spec, raw, kind),
            key in required,
            value=data.get(key),
        )
        if kind == "group":
            made.children = _fields(spec, made.value, name, key, labels, roles)
        elif kind == "rows":
            items, _ = _spec(spec["items"])
            rows = made.value if isinstance(made.value, list) else []
            made.rows = [
                _fields(items, row, f"{name}[{i}]", key, labels, roles)
                for i, row in enumerate(rows)
            ]
            # The pattern a new row is made from.
            made.children = _fields(items, {}, f"{name}[__i__]", key, labels, roles)
        elif kind in ("select", "checks"):
            values = (
                spec["enum"] if kind == "select" else _spec(spec["items"])[0]["enum"]
            )
            made.options = [(v, roles.get(v, v)) for v in values]
            if kind == "select" and nullable:
                # A choice that may be left out (a figure, say): blank leaves it.
                made.options.insert(0, ("", "—"))
            if made.value is None and "default" in spec:
                made.value = spec["default"]
        elif made.value is None and "default" in spec:
            made.value = spec["default"]
        out.append(made)
    return out


def _generic(name: str) -> str:
    """``team[2].role`` → ``team[].role``: labels hold for every row."""
    return re.sub(r"\[\d+\]", "[]", name)
