"""Placeholders: the ``{name}`` a translation may hold (a name in braces,
nothing more), filled in plainly, and a nation's words (``{lead}``,
``{Head}``) put in their place."""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from typing import Any


def placeholder_names(text: str) -> set[str]:
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
