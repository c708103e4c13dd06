"""What stops a school's languages being complete: a language safeprint has
no file for, a translation not yet reviewed, ids a translation lacks, the
school's own translations of ids its content does not have, and its fields
given per language without one of its languages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from generator.audiences import AUDIENCES, STAFF, Audience
from generator.errors import Problem, SafeprintError
from generator.load.confine import file_problem
from generator.load.reader import dotted
from generator.resolve.language import ENGLISH, Language, key_problems, language_files
from generator.resolve.translate import needed, school_language
from generator.resolve.units import Key, content_units, leaves, optional

if TYPE_CHECKING:
    from generator.resolve.pack import Pack


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
