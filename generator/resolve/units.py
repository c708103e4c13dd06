"""The units of text a translation covers: every translatable value of the
national content and of a nation, keyed as in a translation file
(``("content", "steps", "record", "text")``), and how to find one in a
nested mapping."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from generator.validate.national import Content, NationProfile

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
