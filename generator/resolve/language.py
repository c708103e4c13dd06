"""Languages: translation files, and a school's words in one language.

A translation (``content/languages/cy.yaml``, or ``languages/cy.yaml`` in a
school's folder) mirrors English by id: ``strings`` for the words of the
templates, ``content`` for the national content by section, id and field, and
``nations`` for a nation's own names and wording. Which ids a language must have
depends on what it covers (every product, or the pupil products only) and on the
school: wording a nation or the school changed must be translated in its changed
form, so it is looked up in ``nations.<nation>.content`` or the school's own
``translations:`` instead. What a translation covers, unit by unit, is in
:mod:`generator.resolve.units`; its ``{placeholders}`` in
:mod:`generator.resolve.placeholders`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from generator.audiences import AUDIENCES, Audience
from generator.errors import Problem, SafeprintError
from generator.load.confine import own_folder
from generator.load.reader import Loaded, load_file
from generator.paths import content_dir, products_dir
from generator.resolve.placeholders import nation_word_names, placeholder_names
from generator.resolve.units import Key, content_units, leaves, nation_units
from generator.validate.base import LanguageCode, Strict, Text
from generator.validate.report import validate

ENGLISH = "en"


class Translation(Strict):
    """One language's file."""

    language: LanguageCode
    name: Text  # in the language itself: Cymraeg, Polski, اردو
    english_name: Text
    direction: Literal["ltr", "rtl"] = "ltr"
    # Every product, or those of one audience only: the pupil posters and
    # leaflets (generator.audiences says what that audience reads).
    covers: Literal["all", "pupils"]
    # Has a fluent speaker checked it? Say who and when.
    reviewed: bool
    reviewed_by: Text | None = None
    reviewed_on: dt.date | None = None
    # "This translation has not yet been checked by a fluent speaker", in the language.
    notice: Text
    strings: dict[str, Text | list[Text]] = Field(default_factory=dict)
    content: dict[str, dict[str, Any]] = Field(default_factory=dict)
    nations: dict[str, dict[str, Any]] = Field(default_factory=dict)


class ProductStrings(Strict):
    """A product's own words in one language (``products/<id>/strings/cy.yaml``)."""

    strings: dict[str, Text | list[Text]] = Field(default_factory=dict)


@dataclass(frozen=True)
class Language:
    # Its strings are the file's and, for one of safeprint's languages, each
    # product's own (``products/<id>/strings/<code>.yaml``).
    translation: Translation
    loaded: Loaded
    # The products' files, by the ids each gives.
    homes: Mapping[str, Loaded] = field(default_factory=dict)

    def home(self, key: str) -> Loaded:
        """The file a string id is in."""
        return self.homes.get(key, self.loaded)

    @property
    def code(self) -> str:
        return self.translation.language

    @property
    def rtl(self) -> bool:
        return self.translation.direction == "rtl"

    def covers(self, audience: Audience) -> bool:
        return self.translation.covers in ("all", audience.id)

    def in_scope(self, key: Key) -> bool:
        """Whether this language must translate ``key``: everything, or what
        the one audience it covers reads."""
        if self.translation.covers == "all":
            return True
        audience = AUDIENCES[self.translation.covers]
        if key[0] == "strings":
            return key[1].startswith(audience.strings)
        if key[:2] == ("content", "helplines"):
            return key[3:] == ("hours",) and key[2] in _lines_for(audience.id)
        return key[0] == "content" and key[1] in audience.content


@lru_cache(maxsize=4)
def _lines_for(audience: str) -> frozenset[str]:
    """The national lines printed on an audience's products, with their hours."""
    from generator.resolve.content import national_content

    return frozenset(
        h.id for h in national_content().helplines if h.audience == audience
    )


def language_files(base: Path | None) -> dict[str, Path]:
    """Every language a school can use: its own folder's files first."""
    folders = [content_dir() / "languages"]
    if base is not None:
        # A languages/ folder that links out of the school's folder gives none.
        own = own_folder(base / "languages", base)
        folders += [own] if own else []
    found: dict[str, Path] = {}
    for folder in folders:
        if folder.is_dir():
            found.update({p.stem: p for p in sorted(folder.glob("*.yaml"))})
    return found


def load_language(path: Path) -> Language:
    """A translation file, read again only when it has changed."""
    stat = path.stat()
    return _load_language(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _load_language(path: Path, _mtime: int, _size: int) -> Language:
    loaded = load_file(path, ours=path.is_relative_to(content_dir()))
    translation = validate(loaded, Translation)
    if translation.language != path.stem:
        raise SafeprintError(
            [
                loaded.problem(
                    ("language",),
                    f"says {translation.language}, but the file is named "
                    f"{path.name} — name the file after its language code",
                )
            ]
        )
    language = Language(translation, loaded)
    if path.parent == content_dir() / "languages":
        language = with_products(language, products_dir())
    problems = shape_problems(language)
    if problems:
        raise SafeprintError(problems)
    return language


def with_products(language: Language, products: Path) -> Language:
    """One of safeprint's languages with the own words of each product in
    ``products`` (``<id>/strings/<code>.yaml``) in it."""
    strings = dict(language.translation.strings)
    homes: dict[str, Loaded] = {}
    problems = []
    for path in sorted(products.glob(f"*/strings/{language.code}.yaml")):
        loaded = load_file(path, ours=True)
        for key, value in validate(loaded, ProductStrings).strings.items():
            if key in strings:
                other = homes.get(key, language.loaded).path
                problems.append(
                    loaded.problem(
                        ("strings", key),
                        f"is also in {other} — keep each id in one file",
                    )
                )
            strings[key] = value
            homes[key] = loaded
    if problems:
        raise SafeprintError(problems)
    translation = language.translation.model_copy(update={"strings": strings})
    return Language(translation, language.loaded, homes)


def english() -> Language:
    return load_language(content_dir() / "languages" / "en.yaml")


def same_shape(english_value: Any, value: Any, key: Key = ()) -> str | None:
    """Why ``value`` cannot stand in for ``english_value``; None if it can."""
    if isinstance(english_value, list):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return "should be a list, as in English"
        if len(value) != len(english_value):
            return (
                f"has {len(value)} items; English has {len(english_value)} — "
                "translate each item once, in the same order"
            )
        return None
    if not isinstance(value, str):
        return "should be one piece of text, as in English"
    if not value.strip() and key[-1:] != ("pupil.pants-letters",):
        return "is empty — translate it, or delete the line to report it missing"
    try:
        names = placeholder_names(value)
    except ValueError:
        return (
            "has a { or } that is not a plain {placeholder} (a name in braces, "
            "nothing more) — write {{ or }} for a brace"
        )
    wanted = placeholder_names(english_value)
    # A nation's word ({lead}, {Head}...) may be written out where the language's
    # grammar needs a form of it the word list cannot give (a Welsh mutation).
    words = nation_word_names()
    if not wanted - words <= names <= wanted | words:
        shown = ", ".join("{" + n + "}" for n in sorted(wanted)) or "none"
        return f"has the placeholders {sorted(names) or 'none'}; English has {shown}"
    return None


def shape_problems(language: Language) -> list[Problem]:
    """Ids a translation has that English does not, and values of the wrong shape."""
    from generator.resolve.content import load_nation, nation_content, national_content

    if language.code == ENGLISH:
        return []
    en = english().translation.strings
    known: dict[Key, Any] = {("strings", k): v for k, v in en.items()}
    known.update(content_units(national_content()))
    t = language.translation
    for nation_id in t.nations:
        try:
            profile = load_nation(nation_id)
        except SafeprintError:
            continue  # reported below, as an unknown id
        known.update(
            (("nations", nation_id, *key), value)
            for key, value in nation_units(profile)
        )
        known.update(
            (("nations", nation_id, *key), value)
            for key, value in content_units(nation_content(nation_id))
        )
    given = [
        *((("strings", k), v) for k, v in t.strings.items() if k not in language.homes),
        *leaves(t.content, ("content",)),
        *leaves(t.nations, ("nations",)),
    ]
    problems = key_problems(language.loaded, known, given)
    for key, loaded in language.homes.items():
        problems += key_problems(loaded, known, [(("strings", key), t.strings[key])])
    return problems


# Fields a translation may not give: what is dialled or typed is never translated,
# so a typo in a translation can never print another number.
UNTRANSLATED = ("phone", "out_of_hours", "email", "web", "web_kids", "url")


def key_problems(
    loaded: Loaded, known: Mapping[Key, Any], given: list[tuple[Key, Any]]
) -> list[Problem]:
    problems = []
    for key, value in given:
        english_value = known.get(key)
        if english_value is None and key[-1].rsplit(".", 1)[-1] in UNTRANSLATED:
            problems.append(
                loaded.problem(
                    key,
                    "numbers and addresses are the same in every language and are "
                    "not translated — remove this line; to change one, change it "
                    "in the school file (under `content:`)",
                )
            )
            continue
        if english_value is None:
            problems.append(
                loaded.problem(
                    key,
                    "English has no such id — check the spelling against "
                    "content/languages/en.yaml and content/national",
                )
            )
            continue
        why = same_shape(english_value, value, key)
        if why:
            problems.append(loaded.problem(key, why))
    return problems
