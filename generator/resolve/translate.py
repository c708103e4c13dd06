"""A school's pack in another language: the units of text it needs, and the
pack with each in that language. What stops a language being complete is in
:mod:`generator.resolve.completeness`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from generator.resolve.content import nation_content, national_content
from generator.resolve.language import (
    ENGLISH,
    Language,
    english,
    language_files,
    load_language,
)
from generator.resolve.placeholders import in_words, word_values
from generator.resolve.units import (
    WORDS,
    Key,
    content_units,
    lookup,
    nation_units,
)
from generator.validate.models import SchoolFile
from generator.validate.national import Content, NationProfile

if TYPE_CHECKING:
    from generator.resolve.pack import Pack


@dataclass(frozen=True)
class Unit:
    """One piece of English a language needs, and where its translation lives."""

    key: Key  # as in a translation file
    english: Any
    found: Any  # the translation, or None
    home: str  # where a translator adds it


def school_language(pack: Pack, code: str) -> Language:
    return load_language(language_files(pack.base)[code])


def units(pack: Pack, language: Language) -> Iterator[Unit]:
    """Every unit of text this school's products need in ``language``."""
    t = language.translation
    name = f"{language.code}.yaml"
    for key, value in english().translation.strings.items():
        found = t.strings.get(key)
        home = language.home(key).path
        # A product's own words: products/<id>/strings/<code>.yaml.
        file = "/".join(home.parts[-4:]) if key in language.homes else name
        yield Unit(("strings", key), value, found, f"{file} under strings:")
    nation_id = pack.nation.id
    ours = t.nations.get(nation_id, {})
    nation_layer = dict(content_units(nation_content(nation_id)))
    national_layer = dict(content_units(national_content()))
    school_words = (pack.school.translations or {}).get(language.code, {})
    for key, value in content_units(pack.content):
        if nation_layer.get(key) != value:
            found = lookup(school_words, key[1:])
            home = f"the school file under translations: {language.code}:"
        elif national_layer.get(key) != value:
            found = lookup(ours.get("content", {}), key[1:])
            home = f"{name} under nations: {nation_id}: content:"
        else:
            found = lookup(t.content, key[1:])
            home = f"{name} under content:"
        yield Unit(key, value, found, home)
    for key, value in nation_units(pack.nation):
        yield Unit(
            ("nations", nation_id, *key),
            value,
            lookup(ours, key),
            f"{name} under nations: {nation_id}:",
        )


def needed(pack: Pack, language: Language) -> list[Unit]:
    return [u for u in units(pack, language) if language.in_scope(u.key)]


# --- the pack in a language -------------------------------------------------------


def translated(pack: Pack, code: str) -> Pack:
    """``pack`` with every word in ``code``: English where a translation is
    missing (allowed by ``english_fallback``, or outside the language's scope)."""
    if code == ENGLISH:
        language = english()
        found: dict[Key, Any] = {}
    else:
        language = school_language(pack, code)
        found = {u.key: u.found for u in units(pack, language) if u.found is not None}
    strings = dict(english().translation.strings)
    strings.update({k[1]: v for k, v in found.items() if k[0] == "strings"})
    nation = _nation(
        pack.nation, {k[2:]: v for k, v in found.items() if k[0] == "nations"}
    )
    chair = pack.school.school.chair_of_governors
    if chair is not None and chair.title:
        words = nation.words.model_copy(update={"chair": pick(chair.title, code)})
        nation = nation.model_copy(update={"words": words})
    words = word_values(nation.words)
    nation = nation.model_copy(update={"duties": _worded(nation.duties, words)})
    return replace(
        pack,
        school=localise(pack.school, code),
        content=_worded(_content(pack.content, found), words),
        nation=nation,
        language=language,
        strings=strings,
    )


def _worded(value: Any, words: dict[str, str]) -> Any:
    """Content with the nation's words in place of ``{lead}``, ``{head}``..."""
    if isinstance(value, str):
        return in_words(value, words)
    if isinstance(value, list):
        return [_worded(item, words) for item in value]
    if isinstance(value, BaseModel):
        changes = {
            name: _worded(getattr(value, name), words)
            for name in type(value).model_fields
        }
        return value.model_copy(update=changes)
    return value


def _content(content: Content, found: dict[Key, Any]) -> Content:
    if not found:
        return content
    updates: dict[str, Any] = {}
    for section, fields in WORDS.items():
        fields = fields + ("name",)
        updates[section] = [
            _updated(entry, found, ("content", section, entry.id), fields)
            for entry in getattr(content, section)
        ]
    intro = found.get(("content", "case_reviews", "intro"))
    if intro:
        updates["case_reviews"] = content.case_reviews.model_copy(
            update={"intro": intro}
        )
    texts = []
    for text in content.pupil_texts:
        value = found.get(("content", "pupil_texts", text.id))
        field = "text" if text.text is not None else "items"
        texts.append(text.model_copy(update={field: value}) if value else text)
    updates["pupil_texts"] = texts
    return content.model_copy(update=updates)


def _updated(
    entry: Any, found: dict[Key, Any], key: Key, fields: tuple[str, ...]
) -> Any:
    change = {f: found[(*key, f)] for f in fields if (*key, f) in found}
    return entry.model_copy(update=change) if change else entry


def _nation(nation: NationProfile, found: dict[Key, Any]) -> NationProfile:
    if not found:
        return nation
    roles = {
        role: _updated(words, found, ("roles", role), ("title", "short"))
        for role, words in nation.roles.items()
    }
    labels = {
        label: found.get(("contact_labels", label), words)
        for label, words in nation.contact_labels.items()
    }
    guidance = [
        _updated(guide, found, ("guidance", guide.id), ("title", "short"))
        for guide in nation.guidance
    ]
    duties = [
        _updated(duty, found, ("duties", duty.id), ("title", "text"))
        for duty in nation.duties
    ]
    words = nation.words.model_copy(
        update={
            name: found[("words", name)]
            for name, _ in nation.words
            if ("words", name) in found
        }
    )
    return nation.model_copy(
        update={
            "name": found.get(("name",), nation.name),
            "words": words,
            "roles": roles,
            "contact_labels": labels,
            "guidance": guidance,
            "duties": duties,
        }
    )


# --- the school's own words -------------------------------------------------------


def pick(value: Any, code: str) -> Any:
    """One language's text of a field that may be given per language."""
    if not isinstance(value, dict):
        return value
    return value.get(code) or value.get(ENGLISH) or next(iter(value.values()))


def localise(school: SchoolFile, code: str) -> SchoolFile:
    """The school file with its per-language text in one language."""
    local = school.local_contacts
    services = local.children_services
    return school.model_copy(
        update={
            "team": [
                m.model_copy(
                    update={"title": pick(m.title, code), "where": pick(m.where, code)}
                )
                for m in school.team
            ],
            "trusted_adults": [
                a.model_copy(update={"role": pick(a.role, code)})
                for a in school.trusted_adults
            ],
            "worry_box": pick(school.worry_box, code),
            "local_contacts": local.model_copy(
                update={
                    "children_services": services.model_copy(
                        update={"name": pick(services.name, code)}
                    ),
                    "lado": local.lado
                    and local.lado.model_copy(
                        update={"name": pick(local.lado.name, code)}
                    ),
                }
            ),
            "products": school.products.model_copy(
                update={
                    "staff_card": school.products.staff_card.model_copy(
                        update={"note": pick(school.products.staff_card.note, code)}
                    )
                }
            ),
        }
    )
