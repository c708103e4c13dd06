"""The spreadsheet's columns: where each one's value goes in a school file, the
order a trust fills them in, the example row of a new sheet; and one row's
cells as a school file's data."""

from __future__ import annotations

import re
from typing import Any

MAX_PEOPLE = 6  # deputy1..deputy5 and trusted1..trusted6


# Column → where its value goes in the school file.
SINGLE = {
    "school_name": ("school", "name"),
    "school_reference": ("school", "reference"),
    "nation": ("school", "nation"),
    "phase": ("school", "phase"),
    "website": ("school", "website"),
    "logo": ("school", "logo"),
    "bands": ("school", "bands"),
    "languages": ("languages",),
    "language_layout": ("language_layout",),
    "headteacher_name": ("school", "headteacher", "name"),
    "headteacher_phone": ("school", "headteacher", "phone"),
    "headteacher_email": ("school", "headteacher", "email"),
    "chair_name": ("school", "chair_of_governors", "name"),
    "chair_phone": ("school", "chair_of_governors", "phone"),
    "chair_email": ("school", "chair_of_governors", "email"),
    "brand_primary": ("brand", "primary"),
    "brand_accent": ("brand", "accent"),
    "children_services_name": ("local_contacts", "children_services", "name"),
    "children_services_phone": ("local_contacts", "children_services", "phone"),
    "out_of_hours": ("local_contacts", "children_services", "out_of_hours"),
    "lado_name": ("local_contacts", "lado", "name"),
    "lado_phone": ("local_contacts", "lado", "phone"),
    "lado_email": ("local_contacts", "lado", "email"),
    "worry_box": ("worry_box",),
    "reviewed_on": ("review", "reviewed_on"),
    "review_by": ("review", "review_by"),
}


PEOPLE = {
    "dsl": ("team", ("name", "phone", "email", "where", "photo")),
    "deputy": ("team", ("name", "phone", "email", "where", "photo")),
    "trusted": ("trusted_adults", ("name", "role", "photo")),
}


# Columns that hold a list: its entries parted by spaces or commas ("cy en").
LISTS = ("bands", "languages")


_PERSON = re.compile(r"^(dsl|deputy|trusted)(\d*)_(\w+)$")


def columns() -> list[str]:
    """Every column the spreadsheet may have, in the order a trust fills them
    in: the school, its staff, the local contacts, then the pupils' page."""
    contacts = [c for c in SINGLE if SINGLE[c][0] == "local_contacts"]
    last = ["worry_box", "reviewed_on", "review_by"]
    names = [c for c in SINGLE if c not in contacts + last]
    names += [f"dsl_{f}" for f in PEOPLE["dsl"][1]]
    names += [
        f"deputy{i}_{f}" for i in range(1, MAX_PEOPLE) for f in PEOPLE["deputy"][1]
    ]
    names += contacts
    names += [
        f"trusted{i}_{f}"
        for i in range(1, MAX_PEOPLE + 1)
        for f in PEOPLE["trusted"][1]
    ]
    return names + last


# The example row of a new sheet: a made-up school, with numbers from the range
# Ofcom keeps for drama (never a real line).
EXAMPLE = {
    "school_name": "Example Primary School",
    "nation": "england",
    "phase": "primary",
    "website": "https://example.sch.uk/safeguarding",
    "headteacher_name": "Mrs Ruth Okafor",
    "headteacher_phone": "01632 960100",
    "chair_name": "Mr Tom Reid",
    "chair_email": "chair@example.sch.uk",
    "dsl_name": "Ms Aisha Khan",
    "dsl_phone": "01632 960101",
    "dsl_where": "Office 2",
    "deputy1_name": "Mr Ben Hughes",
    "deputy1_phone": "01632 960102",
    "deputy1_where": "Year 6 classroom",
    "children_services_name": "Anytown Children's Front Door",
    "children_services_phone": "01632 960000",
    "out_of_hours": "01632 960999",
    "lado_name": "Anytown LADO",
    "lado_phone": "01632 960555",
    "trusted1_name": "Mrs Dale",
    "trusted1_role": "Teaching assistant",
    "worry_box": "Outside the library",
}


# Columns of words a school may write per language: the column with the
# language's code after it (worry_box_cy) holds that language's words.
WORDS = re.compile(
    r"^(worry_box|children_services_name|lado_name|dsl_where|deputy\d_where|"
    r"trusted\d_role)_([a-z]{2,3})$"
)


def in_language(column: str) -> re.Match[str] | None:
    """A column of words in one language (``trusted1_role_cy``), if it is one."""
    found = WORDS.match(column)
    return found if found and found[1] in columns() else None


def nest(row: dict[str, str]) -> tuple[dict[str, Any], dict[tuple, str]]:
    """A flat row as a school file's nested data; and, for messages, the column
    each value came from."""
    data: dict[str, Any] = {}
    where: dict[tuple, str] = {}
    people: dict[tuple[str, int], dict[str, str]] = {}
    languages: dict[str, dict[str, str]] = {}
    for column, value in row.items():
        if value and (found := in_language(column)):
            languages.setdefault(found[1], {})[found[2]] = value
    for column, value in row.items():
        if in_language(column):
            continue
        if column in languages:  # English in the column itself
            english = {"en": value} if value else {}
            value = {**languages[column], **english}  # type: ignore[assignment]
        if not value:
            continue
        if column in SINGLE:
            path = SINGLE[column]
            node = data
            for key in path[:-1]:
                node = node.setdefault(key, {})
            node[path[-1]] = (
                value.replace(",", " ").split() if column in LISTS else value
            )
            where[path] = column
        elif match := _PERSON.match(column):
            kind, index, name = match[1], int(match[2] or 0), match[3]
            people.setdefault((kind, index), {})[name] = value
    for (kind, index), person in sorted(people.items(), key=_order):
        section = PEOPLE[kind][0]
        if kind == "dsl":
            person["role"] = "dsl"
        elif kind == "deputy":
            person["role"] = "deputy-dsl"
        entries = data.setdefault(section, [])
        for name in person:
            prefix = kind if kind == "dsl" else f"{kind}{index}"
            where[(section, len(entries), name)] = f"{prefix}_{name}"
        entries.append(person)
    data.setdefault("languages", ["en"])
    return data, where


def _order(item: tuple[tuple[str, int], dict]) -> tuple[int, int]:
    (kind, index), _ = item
    return ({"dsl": 0, "deputy": 1, "trusted": 2}[kind], index)


# Where a missing section is filled in, for messages.
SECTIONS = {
    ("team",): "dsl_name",
    ("local_contacts",): "children_services_name",
    ("review",): "reviewed_on",
    ("school",): "school_name",
}
