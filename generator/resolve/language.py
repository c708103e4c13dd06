"""Languages: translation files, and a school's words in one language.

A translation (``content/languages/cy.yaml``, or ``languages/cy.yaml`` in a
school's folder) mirrors English by id: ``strings`` for the words of the
templates, ``content`` for the national content by section, id and field, and
``nations`` for a nation's own names and wording. Which ids a language must have
depends on what it covers (every product, or the pupil products only) and on the
school: wording a nation or the school changed must be translated in its changed
form, so it is looked up in ``nations.<nation>.content`` or the school's own
``translations:`` instead.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Iterator, Mapping
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
from generator.validate.base import LanguageCode, Strict, Text
from generator.validate.national import Content, NationProfile
from generator.validate.report import validate

ENGLISH = "en"
# Fields of the national content that are words, by section. A helpline's name
# is often a proper name ("Childline"): a translation may leave it out.
WORDS: dict[str, tuple[str, ...]] = {
    "helplines": ("purpose", "hours"),
    "categories": ("title", "key_signs"),
    "specific_issues": ("title",),
    "steps": ("title", "text"),
    "ted": ("word", "prompt"),
    "do": ("text", "short"),
    "dont": ("text", "short"),
    "staff_concerns": ("concern", "action"),
    "case_review_themes": ("title", "found", "here"),
}
OPTIONAL_WORDS = {"helplines": ("name",)}

Key = tuple[str, ...]


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


# --- the units of text a translation covers ----------------------------------------


def content_units(content: Content) -> Iterator[tuple[Key, Any]]:
    """Every translatable value of some content, keyed as in a translation file."""
    for section, fields in WORDS.items():
        for entry in getattr(content, section):
            for name in fields + OPTIONAL_WORDS.get(section, ()):
                value = getattr(entry, name)
                if value not in (None, [], ""):
                    yield ("content", section, entry.id, name), value
    yield ("content", "case_reviews", "intro"), content.case_reviews.intro
    for text in content.pupil_texts:
        yield (
            ("content", "pupil_texts", text.id),
            (text.text if text.text is not None else text.items),
        )


def nation_units(nation: NationProfile) -> Iterator[tuple[Key, Any]]:
    yield ("name",), nation.name
    for role, words in nation.roles.items():
        yield ("roles", role, "title"), words.title
        yield ("roles", role, "short"), words.short
    for label, words in nation.contact_labels.items():
        yield ("contact_labels", label), words
    for name, words in nation.words:
        yield ("words", name), words
    for duty in nation.duties:
        yield ("duties", duty.id, "title"), duty.title
        yield ("duties", duty.id, "text"), duty.text
    for guide in nation.guidance:
        yield ("guidance", guide.id, "title"), guide.title
        if guide.short:
            yield ("guidance", guide.id, "short"), guide.short


def optional(key: Key) -> bool:
    return len(key) == 4 and key[3] in OPTIONAL_WORDS.get(key[1], ())


def lookup(tree: Mapping[str, Any], key: Key) -> Any:
    """The value at ``key`` in a nested mapping, or None."""
    node: Any = tree
    for part in key:
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def leaves(tree: Any, key: Key = ()) -> Iterator[tuple[Key, Any]]:
    """Every value of a nested mapping that is text or a list of text."""
    if isinstance(tree, Mapping):
        for name, value in tree.items():
            yield from leaves(value, (*key, str(name)))
    else:
        yield key, tree


def _placeholders(text: str) -> set[str]:
    """The ``{name}`` placeholders of a text; ValueError for a stray brace or a
    placeholder with more than a name (``{school:>9999}``, ``{school!r}``,
    ``{school.name}``), which would print something other than the value."""
    names = set()
    for _, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if spec or conversion or not name.isidentifier():
            raise ValueError(name)
        names.add(name)
    return names


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
        names = _placeholders(value)
    except ValueError:
        return (
            "has a { or } that is not a plain {placeholder} (a name in braces, "
            "nothing more) — write {{ or }} for a brace"
        )
    wanted = _placeholders(english_value)
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


class _Plain(string.Formatter):
    """Fills ``{name}`` placeholders and nothing more: no format specs, no
    conversions, no attributes or items of a value."""

    def get_field(self, field_name: str, args: Any, kwargs: Any) -> Any:
        if not field_name.isidentifier():
            raise ValueError(f"not a plain placeholder: {{{field_name}}}")
        return super().get_field(field_name, args, kwargs)

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec:
            raise ValueError(f"not a plain placeholder: {{…:{format_spec}}}")
        return str(value)

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if conversion:
            raise ValueError(f"not a plain placeholder: {{…!{conversion}}}")
        return value


def format_text(text: str, values: Mapping[str, Any]) -> str:
    return _Plain().vformat(text, (), dict(values))


_NAMED = re.compile(r"\{([A-Za-z_]+)\}")


def nation_word_names() -> set[str]:
    """``lead``, ``Lead``, ``head``...: the placeholders a nation's words fill."""
    from generator.validate.national import NationWords

    return {n for name in NationWords.model_fields for n in (name, name.capitalize())}


def word_values(words: Any) -> dict[str, str]:
    """A nation's words by name, and capitalised for a sentence's start:
    ``{lead}`` is "the DSL", ``{Lead}`` "The DSL"."""
    values = dict(words)
    values.update({k.capitalize(): v[:1].upper() + v[1:] for k, v in words})
    return values


def in_words(text: str, values: Mapping[str, str]) -> str:
    """``text`` with the nation's words in place of ``{lead}`` and the like;
    any other braces are left as they are."""
    return _NAMED.sub(lambda m: values.get(m.group(1), m.group(0)), text)
