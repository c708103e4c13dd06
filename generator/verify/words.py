"""Words as the lines break them: a heading whose last line holds one word, a
word broken where it has no break (too wide for its column, or at a soft
hyphen that prints nothing).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

from generator.audiences import PUPILS
from generator.errors import Problem
from generator.layout import boxes
from generator.layout.boxes import descendants, page_box
from generator.products import Variant
from generator.verify.texts import line_of, quote


def lone_word_problems(document: Any, variant: Variant, source: Path) -> list[Problem]:
    """A heading or label of three or more words whose last line holds one word
    (typeset joins the last two; a school's own template may not): an error on
    every product."""
    from generator.render.typeset import HEADING_TAGS, LABEL_CLASSES, longest_join

    pupils = variant.product.audience is PUPILS

    if variant.sheet is not None:
        return []
    problems = []
    for number, page in enumerate(document.pages, start=1):
        for box in descendants(page_box(page)):
            element = boxes.element(box)
            if element is None or boxes.is_line(box):
                continue
            classes = set((element.get("class") or "").split())
            if element.tag not in HEADING_TAGS and not classes & LABEL_CLASSES:
                continue
            lines = boxes.lines(box)
            words = " ".join("".join(element.itertext()).split()).split()
            if len(lines) < 2 or len(words) < 3:
                continue
            last = boxes.line_text(lines[-1]).split()
            # Two long last words may part (typeset joins only shorter ones).
            longest = longest_join(element.tag, pupils)
            if len(last) == 1 and len("".join(words[-2:])) <= longest:
                problem = Problem(
                    f"{variant.filename}, page {number}: "
                    f"{quote(' '.join(words))} ends on a line of one word, "
                    f"{quote(last[0])} — shorten it in the school file, or join "
                    "its last two words with a no-break space",
                    file=source,
                    line=line_of(" ".join(words[-2:]), source),
                )
                if problem not in problems:
                    problems.append(problem)
    return problems


# A line may end inside a word after these, and the word goes on below. Not
# after a soft hyphen alone: that line end prints no hyphen (WeasyPrint may
# break there without adding one), so the word reads as two.
BREAKS_AFTER = "-\u2010\u2011\u2013\u2014/"


SOFT_HYPHEN = "\u00ad"


def broken_word_problems(
    document: Any, variant: Variant, source: Path
) -> list[Problem]:
    """A word wider than its column, which WeasyPrint breaks where it has no
    break (``overflow-wrap``, so that nothing runs out of its box): a child
    reads "bezpieczeńst" and "wa", or a question mark alone on a line. A
    hyphenated word (at a hyphen of its own, or by ``hyphens: auto``) is not
    broken."""
    if variant.sheet is not None:
        return []
    problems = []
    for number, page in enumerate(document.pages, start=1):
        for parts in _broken_words(page_box(page)):
            soft = any(part.endswith(SOFT_HYPHEN) for part in parts[:-1])
            parts = [part.replace(SOFT_HYPHEN, "") for part in parts]
            shown = [quote(part) for part in parts]
            word = quote("".join(parts))
            at = f"{variant.filename}, page {number}: {word} is "
            problem = Problem(
                at + f"broken into {', '.join(shown[:-1])} and {shown[-1]} at a "
                "soft hyphen, with no hyphen printed — take the soft hyphens "
                "(&shy;) out of the school's own template"
                if soft
                else at + "too wide for its column even at the smallest type "
                f"allowed, and is broken into {', '.join(shown[:-1])} and "
                f"{shown[-1]} — a shorter word (in a role or name in the school "
                "file, say) keeps it whole",
                file=source,
                line=line_of("".join(parts), source),
            )
            if problem not in problems:
                problems.append(problem)
    return problems


def has_broken_word(document: Any, variant: Variant) -> bool:
    """Whether a word of the document is broken where it has no break."""
    if variant.sheet is not None:
        return False
    return any(
        next(_broken_words(page_box(page)), None) is not None for page in document.pages
    )


def _broken_words(box: Any) -> Iterator[list[str]]:
    """Each word a block's lines break where its text has no break, as the
    parts the lines show."""
    lines = boxes.lines(box)
    element = boxes.element(box)
    if len(lines) > 1 and element is not None:
        text = " ".join("".join(element.itertext()).split())
        parts: list[str] = []
        for above, below in pairwise(lines):
            end, start = boxes.line_text(above).strip(), boxes.line_text(below).strip()
            head = end.split()[-1] if end else ""
            tail = start.split()[0] if start else ""
            broken = (
                head
                and tail
                and head[-1] not in BREAKS_AFTER
                and head + tail in text
                and not _address(_word_holding(head + tail, text))
                and f"{head} {tail}" not in text
            )
            if broken and parts and parts[-1] == end:  # a line of one part
                parts.append(tail)
                continue
            if parts:
                yield parts
            parts = [head, tail] if broken else []
        if parts:
            yield parts
    for child in boxes.children(box):  # lines too: they hold inline blocks
        yield from _broken_words(child)


def _word_holding(part: str, text: str) -> str:
    return next((word for word in text.split() if part in word), part)


def _address(word: str) -> bool:
    """A web or email address, which may break anywhere (and has no word to
    keep whole)."""
    return "/" in word or "@" in word or word.lower().startswith("www.")
