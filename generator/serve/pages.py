"""What the pages show of a school: how it stands, its problems in check's
words, its brand colours' contrast, and labels in its nation's words."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator.errors import Problem, SafeprintError
from generator.serve.proof import for_page


def problems(path: Path, text: str) -> dict[str, Any]:
    """Everything ``safeprint check`` says of the edited school, for the page."""
    from generator.runner.school import prepare

    try:
        _, warnings = prepare(path, text=text)
        found: list[Problem] = warnings
    except SafeprintError as exc:
        found = exc.problems
    return {"problems": [for_page(p) for p in found], "contrast": contrast(text)}


def contrast(text: str) -> dict[str, str]:
    """For each brand colour: the text colour printed on it, and its contrast."""
    import yaml

    from generator.validate.colours import PUPIL_RATIO, TEXT_RATIO, text_on
    from generator.validate.colours import contrast as ratio_of

    try:
        brand = (yaml.safe_load(text) or {}).get("brand") or {}
    except (yaml.YAMLError, AttributeError):
        return {}
    shown = {}
    for key in ("primary", "accent"):
        colour = str(brand.get(key, ""))
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
            continue
        ink = text_on(colour)
        ratio = ratio_of(ink, colour)
        verdict = (
            "enough for pupils' and staff's text"
            if ratio >= PUPIL_RATIO
            else "enough for staff's text"
            if ratio >= TEXT_RATIO
            else "too little: text on it is printed darker"
        )
        words = "white" if ink.lower() in ("#fff", "#ffffff") else ink
        shown[f"brand.{key}"] = f"Text on it in {words}: {ratio:.1f}:1, {verdict}"
    return shown


def state(sid: str, path: Path) -> dict[str, Any]:
    """A school's line on the list: its name and how it stands."""
    from generator.runner.school import prepare

    name, state, count = sid, "ready", 0
    try:
        pack, warnings = prepare(path)
        name = pack.school.school.name
        if any(w.field.startswith("review") for w in warnings):
            state, count = "review due", len(warnings)
        elif warnings:
            state, count = "warnings", len(warnings)
    except SafeprintError as exc:
        state, count = "errors", len(exc.problems)
    return {"id": sid, "name": name, "state": state, "count": count}


def nation_words(data: Any) -> tuple[dict[str, str], dict[str, str]]:
    """Labels in the school's nation's words: its role titles, its names for
    children's services and the officer for allegations."""
    from generator.resolve.content import load_nation

    try:
        nation = load_nation(str(data["school"]["nation"]))
    except (SafeprintError, KeyError, TypeError):
        return {}, {}
    roles = {role: r.title for role, r in nation.roles.items()}
    roles["other"] = "Someone else (give their title)"
    words = nation.contact_labels
    labels = {
        "local_contacts.children_services": words.get("children_services", ""),
        "local_contacts.children_services.out_of_hours": words.get("out_of_hours", ""),
        "local_contacts.lado": words.get("lado", ""),
        "team": f"Safeguarding team (the {roles['dsl']} first)",
    }
    return {k: v for k, v in labels.items() if v}, roles


def products() -> list[tuple[str, str]]:
    from generator.products import products

    return [(p.id, p.title) for p in products().values()]
