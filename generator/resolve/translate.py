"""A school's pack in another language, and what stops it being complete."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from generator.audiences import AUDIENCES, STAFF, Audience
from generator.errors import Problem, SafeprintError
from generator.load.confine import file_problem
from generator.load.reader import dotted
from generator.resolve.content import nation_content, national_content
from generator.resolve.language import (
    ENGLISH,
    Language,
    english,
    key_problems,
    language_files,
    load_language,
)
from generator.resolve.placeholders import in_words, word_values
from generator.resolve.units import (
    WORDS,
    Key,
    content_units,
    leaves,
    lookup,
    nation_units,
    optional,
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


def language_problems(pack: Pack) -> list[Problem]:
    """Unknown languages, missing translations, unreviewed ones: errors and warnings."""
    school = pack.school
    loaded = pack.loaded
    files = language_files(pack.base)
    problems: list[Problem] = []
    for i, code in enumerate(school.languages):
        where = ("languages", i)
        if code not in files:
            problems.append(
                loaded.problem(
                    where,
                    f"safeprint has no {code} translation — available: "
                    f"{', '.join(sorted(files))}; or add languages/{code}.yaml "
                    "beside the school file (copy content/languages/en.yaml, "
                    "and each product's products/<id>/strings/en.yaml under "
                    "its strings:)",
                )
            )
            continue
        if files[code].is_relative_to(pack.base.resolve()):
            why = file_problem(files[code], pack.base)
            if why:
                name = f"languages/{files[code].name}"
                problems.append(loaded.problem(where, f"{name} {why}"))
                continue
        language = school_language(pack, code)
        if code == ENGLISH:
            continue
        t = language.translation
        if not t.reviewed:
            problems.append(
                loaded.problem(
                    where,
                    f"the {t.english_name} translation has not been checked by a "
                    f"fluent speaker; {_said_where(language)} — ask one to review "
                    "it, then set `reviewed: true` with `reviewed_by` and "
                    "`reviewed_on`",
                    warning=True,
                )
            )
        problems += _missing_problems(pack, language, where)
    problems += _school_translation_problems(pack)
    problems += _localised_problems(pack)
    return problems


def _said_where(language: Language) -> str:
    """Which printed products carry the notice of an unchecked translation."""
    if language.covers(STAFF):
        return (
            "the staff poster and briefing and the pupil posters and leaflets say "
            "so in print (the pocket card has no room for it)"
        )
    return (
        "the pupil posters and leaflets say so in print (staff products are in English)"
    )


def _missing_problems(pack: Pack, language: Language, where: Key) -> list[Problem]:
    missing = [u for u in needed(pack, language) if u.found is None]
    missing = [u for u in missing if not optional(u.key)]
    if not missing:
        return []
    by_home: dict[str, list[str]] = {}
    for unit in missing:
        by_home.setdefault(unit.home, []).append(dotted(_short(unit.key)))
    listed = "; ".join(f"in {home} {', '.join(ids)}" for home, ids in by_home.items())
    name = language.translation.english_name
    fallback = pack.school.english_fallback
    what = "shown in English" if fallback else "missing"
    advice = (
        "add them to print them in " + name
        if fallback
        else "add them, or set `english_fallback: true` to print those in English"
    )
    return [
        pack.loaded.problem(
            where,
            f"{len(missing)} {name} translation(s) {what}: {listed} — {advice}",
            warning=fallback,
        )
    ]


def _short(key: Key) -> Key:
    return key[1:] if key[0] in ("content", "strings") else key


def _school_translation_problems(pack: Pack) -> list[Problem]:
    """Ids in the school's `translations:` that its content does not have."""
    known = {key[1:]: value for key, value in content_units(pack.content)}
    problems = []
    for code, words in (pack.school.translations or {}).items():
        if code not in pack.school.languages:
            problems.append(
                pack.loaded.problem(
                    ("translations", code),
                    f"{code} is not one of the school's `languages:` — add it "
                    "there, or remove these translations",
                )
            )
            continue
        given = list(leaves(words))
        located = [(("translations", code, *k), v) for k, v in given]
        shifted = {("translations", code, *k): v for k, v in known.items()}
        problems += key_problems(pack.loaded, shifted, located)
    return problems


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


# The school's own fields that may be given per language.
LOCALISED = (
    ("school", "chair_of_governors", "title"),
    ("team", "title"),
    ("team", "where"),
    ("trusted_adults", "role"),
    ("worry_box",),
    ("local_contacts", "children_services", "name"),
    ("local_contacts", "lado", "name"),
    ("products", "staff-card", "note"),
)


def _localised_problems(pack: Pack) -> list[Problem]:
    """A field given per language must have each of the school's languages."""
    problems = []
    codes = pack.school.languages
    for loc, value in _located(pack.loaded.data, LOCALISED):
        if not isinstance(value, dict):
            problems += _written_once(pack, loc, value)
            continue
        for code in codes:
            if code not in value:
                problems.append(
                    pack.loaded.problem(
                        loc,
                        f"has no {code} text — add `{code}: …` "
                        f"(the school's languages are {', '.join(codes)})",
                        warning=pack.school.english_fallback,
                    )
                )
        for code in value:
            if code not in codes:
                problems.append(
                    pack.loaded.problem(
                        (*loc, code),
                        f"{code} is not one of the school's `languages:` — add it "
                        "there, or remove this line",
                        warning=True,
                    )
                )
    return problems


def _written_once(pack: Pack, loc: Key, value: Any) -> list[Problem]:
    """A warning for a field written once (not per language) in a school
    whose products it is printed on come in another language too: those
    pages would print it as it is, in English most likely, without a word."""
    audience = next((a for a in AUDIENCES.values() if loc[0] in a.fields), STAFF)
    files = language_files(pack.base)  # an unknown language is an error of its own
    others = [
        code
        for code in pack.school.languages
        if code != ENGLISH and code in files and _prints(pack, code, audience)
    ]
    if not others or not isinstance(value, str):
        return []
    names = [school_language(pack, c).translation.english_name for c in others]
    key = str(loc[-1])
    example = ", ".join(f"{code}: …" for code in others)
    return [
        pack.loaded.problem(
            loc,
            f"is written once, so the {' and '.join(names)} pages print it as it "
            f"is — write it per language: `{key}: {{{example}, en: {value}}}`",
            warning=True,
        )
    ]


def _prints(pack: Pack, code: str, audience: Audience) -> bool:
    """Whether a language prints products for ``audience``; not one that
    cannot be read (that is a problem of its own, named already)."""
    try:
        return school_language(pack, code).covers(audience)
    except SafeprintError:
        return False


def _located(
    data: Any, paths: tuple[tuple[str, ...], ...]
) -> Iterator[tuple[Key, Any]]:
    """The values at each path in raw school data, lists expanded."""

    def walk(node: Any, rest: tuple[str, ...], loc: tuple) -> Iterator[tuple[Key, Any]]:
        if not rest:
            yield loc, node
        elif isinstance(node, list):
            for i, item in enumerate(node):
                yield from walk(item, rest, (*loc, i))
        elif isinstance(node, dict) and rest[0] in node:
            yield from walk(node[rest[0]], rest[1:], (*loc, rest[0]))

    for path in paths:
        yield from walk(data, path, ())
