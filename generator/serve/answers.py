"""The form's answers, put back into the school file's YAML tree, in place.

Inputs are named by dotted path (``team[0].phone``); a row of a list carries
the position it had in the file (``team[0]._from``), so moved rows keep their
comments. A value not changed is not touched, and keeps its quoting.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from generator.serve.form import LEFT_IN_FILE, Form, _kind, _spec, schema

ROW = re.compile(r"^(?P<list>.+)\[(?P<i>\d+)\]\.")


def apply(document: Any, form: Form) -> None:
    """Put the form's answers into the school file's YAML tree, in place:
    changed values replace old ones (keeping their quoting), blank fields that
    were not in the file stay out of it, rows keep the comments of the row
    they were."""
    _apply(schema(), document, form, "", "")


def _apply(
    node: dict[str, Any], target: Any, form: Form, prefix: str, parent: str
) -> None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    for key, raw in node.get("properties", {}).items():
        if key in LEFT_IN_FILE:
            continue
        spec, _ = _spec(raw)
        kind = _kind(key, spec, parent)
        name = f"{prefix}.{key}" if prefix else key
        if kind == "group":
            child = target.get(key)
            if not isinstance(child, dict):
                if not _filled(form, name):
                    continue
                child = CommentedMap()
                target[key] = child
            _apply(spec, child, form, name, key)
        elif kind == "rows":
            items, _ = _spec(spec["items"])
            old = target.get(key)
            before = list(old) if isinstance(old, list) else []
            rows = []
            for i in _row_indexes(form, name):
                start = _first(form, f"{name}[{i}]._from")
                row = (
                    before[int(start)]
                    if start.isdigit() and int(start) < len(before)
                    else CommentedMap()
                )
                _apply(items, row, form, f"{name}[{i}]", key)
                rows.append(row)
            if isinstance(old, CommentedSeq):
                _replace_items(old, rows)
            elif rows or key in target:
                target[key] = CommentedSeq(rows)
        elif kind == "localised":
            _apply_localised(target, key, form, name)
        elif kind != "skip" and (name in form or kind in ("bool", "checks")):
            value = _value(kind, form, name)
            if key not in target and value == spec.get("default"):
                continue  # the default, left unsaid as before
            _set(target, key, value)


def _replace_items(seq: Any, items: list[Any]) -> None:
    if list(seq) == items and all(a is b for a, b in zip(seq, items, strict=True)):
        return
    comments = {id(item): seq.ca.items.get(i) for i, item in enumerate(seq)}
    trailing = _take_trailing(seq[-1]) if len(seq) and items else None
    del seq[:]
    seq.ca.items.clear()
    for i, item in enumerate(items):
        seq.append(item)
        if comments.get(id(item)) is not None:
            seq.ca.items[i] = comments[id(item)]
    if trailing is not None:
        _give_trailing(seq[-1], trailing)


def _take_trailing(item: Any) -> Any:
    """The comment and blank lines after a list's last row (they introduce
    what follows the list, but belong to the row's last value); taken off it."""
    if not isinstance(item, dict) or not item or not hasattr(item, "ca"):
        return None
    key = list(item)[-1]
    slots = item.ca.items.get(key)
    token = slots[2] if slots and len(slots) > 2 else None
    if token is None or token.value.count("\n") < 2:
        return None  # only the line's own comment
    first, rest = token.value.split("\n", 1)
    token.value = first + "\n"
    return rest


def _give_trailing(item: Any, rest: str) -> None:
    """Put comment lines taken from the old last row after the new one."""
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    if not isinstance(item, CommentedMap) or not item:
        return
    key = list(item)[-1]
    slots = item.ca.items.setdefault(key, [None, None, None, None])
    token = slots[2]
    if token is None:
        slots[2] = CommentToken("\n" + rest, CommentMark(0), None)
    else:
        token.value = token.value.rstrip("\n") + "\n" + rest


def _row_indexes(form: Form, name: str) -> list[int]:
    found = set()
    for key in form:
        match = ROW.match(key)
        if match and match["list"] == name:
            found.add(int(match["i"]))
    return sorted(found)


def _filled(form: Form, name: str) -> bool:
    return any(
        k.startswith((name + ".", name + "["))
        and not k.endswith("._from")
        and any(v.strip() for v in vs)
        for k, vs in form.items()
    )


def _first(form: Form, name: str) -> str:
    values = form.get(name) or [""]
    return values[-1]


def _value(kind: str, form: Form, name: str) -> Any:
    if kind == "checks":
        return [v for v in form.get(name, []) if v]
    if kind == "bool":
        return _first(form, name) == "true"
    text = _first(form, name).strip()
    if kind == "words":
        return [w for w in re.split(r"[\s,]+", text) if w]
    if kind == "lines":
        return [line.strip() for line in text.splitlines() if line.strip()]
    if kind == "date" and text:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    return text


def _apply_localised(target: Any, key: str, form: Form, name: str) -> None:
    """One text for every language, or (as the file had it) one per language."""
    from ruamel.yaml.comments import CommentedMap

    if name in form:
        _set(target, key, _value("text", form, name))
        return
    codes = {k[len(name) + 1 :]: k for k in form if k.startswith(name + ".")}
    if not codes:
        return
    old = target.get(key)
    texts = old if isinstance(old, dict) else CommentedMap()
    for code, input_name in codes.items():
        if re.fullmatch(r"[a-z]{2,3}", code):
            _set(texts, code, _value("text", form, input_name))
    if texts is not old:
        target[key] = texts


def _set(target: Any, key: str, value: Any) -> None:
    """Set one value, leaving the file untouched where nothing changed."""
    from ruamel.yaml.comments import CommentedSeq
    from ruamel.yaml.scalarstring import (
        DoubleQuotedScalarString,
        SingleQuotedScalarString,
    )

    old = target.get(key)
    if _same(old, value):
        return
    if value in ("", [], False) and key not in target:
        return
    if value == [] and key in target:
        del target[key]
        return
    if isinstance(old, CommentedSeq) and isinstance(value, list):
        old[:] = value
        return
    if isinstance(value, str):
        for style in (DoubleQuotedScalarString, SingleQuotedScalarString):
            if isinstance(old, style):
                value = style(value)
    target[key] = value


def _same(old: Any, new: Any) -> bool:
    if old is None:
        return new in ("", None)
    if isinstance(old, list) and isinstance(new, list):
        return [str(o) for o in old] == [str(n) for n in new]
    if isinstance(old, bool) or isinstance(new, bool):
        return old is new
    if isinstance(old, (dt.date, int, float)):
        return str(old) == str(new)
    return old == new
