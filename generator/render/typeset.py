"""Type set by each language's rules, on the rendered HTML of one language.

What CSS in WeasyPrint cannot say: a heading or a short label never ends on a
line of one word (its last two words are joined by a no-break space); Polish
single-letter words (a, i, o, u, w, z) stay with the word after them; a
short number (999, 101) stays with the word before it, in every language; a
sentence of Urdu or Arabic never starts a line with its short last word and its
full stop. A long Welsh word may break only between syllables, never
inside one of the letters written with two (ch, dd, ff, ng, ll, ph, rh, th):
:func:`welsh_syllables` is that rule, which ``generator.render.hyphenation``
gives WeasyPrint as a dictionary (staff products only; pupil products never
break a word).
"""

from __future__ import annotations

import re
import unicodedata
from html import unescape

NBSP = "\u00a0"
SHY = "\u00ad"

# Text that is not printed words: left as it is.
_RAW = re.compile(
    r"(<(?:style|script|title)\b.*?</(?:style|script|title)>)", re.S | re.I
)
_TAG = re.compile(r"(<[^>]*>)")

# Headings and the short labels of a page: elements of these tags, or with one
# of these classes (the pupil pages' large statements read as headings too).
HEADING_TAGS = ("h1", "h2", "h3", "h4", "dt", "th", "figcaption")
LABEL_CLASSES = frozenset(
    {
        "label",
        "step-title",
        "card-title",
        "card-heading",
        "col-head",
        "role",
        "adult-role",
        "childline-title",
        "school-name",
        "keep-last",
        "big-line",
    }
)
_OPEN = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b([^>]*)>")
_CLASS = re.compile(r"""\bclass\s*=\s*["']([^"']*)["']""")


def typeset(html: str, code: str, *, hyphenate: bool) -> str:
    """``html`` (one language, ``code``) with its words bound as that language
    sets them; ``hyphenate``: the page may hyphenate (a staff product), so a
    heading's last two words are joined even when longer."""
    parts = _RAW.split(html)
    for i in range(0, len(parts), 2):
        parts[i] = _set_text(parts[i], code, hyphenate)
    return "".join(parts)


def _set_text(html: str, code: str, hyphenate: bool) -> str:
    pieces = _TAG.split(html)
    for i in range(0, len(pieces), 2):
        text = pieces[i]
        if code == "pl":
            text = _POLISH_SINGLE.sub(lambda m: m.group(1) + NBSP, text)
        if code in ("ur", "ar"):
            text = _SHORT_ENDING.sub(lambda m: NBSP + m.group(1), text)
        text = _SHORT_NUMBER.sub(NBSP, text)
        pieces[i] = text
    return _keep_last_words("".join(pieces), pupils=not hyphenate)


# A single-letter word (after a space, a bracket or a quote) and the spaces after it.
_POLISH_SINGLE = re.compile(r"(?<![\w\u00ad&;-])([aiouwzAIOUWZ]) +(?=\S)")


# The space before a number to call of three digits (999, 101, 111) after a
# word: "Call 999." never leaves the number alone on a line, nor "Ffoniwch"
# alone above it. Not the groups of a longer number (0800 1111), which a
# phone's own markup keeps together.
_SHORT_NUMBER = re.compile(r"(?<=[^\W\d_])[ \t\n]+(?=\d{3}(?![\w\u00a0]| \d))")


# A sentence's short last word and its stop (Urdu's ہے۔ "is", نہیں۔ "not"):
# kept with the word before it, never alone at the start of a line.
_SHORT_ENDING = re.compile(r"[ \t\n]+([\u0600-\u06ff]{1,4}[\u06d4\u061f.!?])")


def _keep_last_words(html: str, pupils: bool) -> str:
    """Each heading's and label's last two words joined, where it has three or
    more (two words that do not fit one line can only break between them)."""
    out: list[str] = []
    pos = 0
    for match in _OPEN.finditer(html):
        if match.start() < pos:
            continue
        tag = match.group(1).lower()
        classes = set((_CLASS.search(match.group(2)) or [None, ""])[1].split())
        if tag not in HEADING_TAGS and not classes & LABEL_CLASSES:
            continue
        end = _closing(html, tag, match.end())
        if end is None:
            continue
        out.append(html[pos : match.end()])
        out.append(_join_last(html[match.end() : end], longest_join(tag, pupils)))
        pos = end
    out.append(html[pos:])
    return "".join(out)


def _closing(html: str, tag: str, start: int) -> int | None:
    """Where the element opened just before ``start`` closes."""
    depth = 1
    pattern = re.compile(rf"<(/?){tag}\b[^>]*?(/?)>", re.I)
    for found in pattern.finditer(html, start):
        if found.group(2):
            continue
        depth += -1 if found.group(1) else 1
        if depth == 0:
            return found.start()
    return None


# The most letters two joined words may have (a wider pair may not fit a column):
# fewer on pupil products, whose type is larger and never hyphenated. A staff
# label's "for Safeguarding" (15) is joined; a heading's "cymorth
# cenedlaethol" (19) is not: a poster set a language a page may give it a
# column narrower than the pair.
LONGEST_JOIN = 16
LONGEST_JOIN_PUPILS = 10


def longest_join(tag: str, pupils: bool) -> int:
    """The most letters the last two words of an element of ``tag`` may have
    to be joined."""
    return LONGEST_JOIN_PUPILS if pupils else LONGEST_JOIN


def _join_last(inner: str, longest: int) -> str:
    pieces = _TAG.split(inner)
    text = " ".join(pieces[0::2])
    # Three words or more, of which at least two stay apart after the join:
    # the element is never made one unbreakable run.
    words = text.split()
    if len(words) < 3 or len(re.findall(r"\S[ \t\n]+\S", text.strip())) < 2:
        return inner
    # Two long words joined may be wider than a narrow column: left to break.
    # Counted as printed ("O'Neill", not the "O&#39;Neill" of the HTML).
    if len(unescape(words[-2] + words[-1])) > longest:
        return inner
    for i in range(len(pieces) - 1, -1, -2):
        text = pieces[i]
        stripped = text.rstrip()
        if not stripped:
            continue
        gap = re.search(r"[ \t\n]+(?=[^ \t\n]+$)", stripped)
        if gap is None:
            # The last word starts this piece: join it to the piece before it.
            before = i - 2
            if before >= 0 and re.search(r"[ \t\n]+$", pieces[before]):
                pieces[before] = re.sub(r"[ \t\n]+$", NBSP, pieces[before])
            elif re.match(r"[ \t\n]", text):
                pieces[i] = re.sub(r"^[ \t\n]+", NBSP, text)
            break
        pieces[i] = (
            stripped[: gap.start()]
            + NBSP
            + stripped[gap.end() :]
            + text[len(stripped) :]
        )
        break
    return "".join(pieces)


# --- Welsh syllables ---------------------------------------------------------------

# Letters written with two characters, each one letter of the Welsh alphabet.
DIGRAPHS = ("ch", "dd", "ff", "ng", "ll", "ph", "rh", "th")
VOWELS = frozenset("aeiouwyâêîôûŵŷáéíóúẃýàèìòùẁỳäëïöüẅÿ")
# The fewest letters kept before and after a break.
_LEFT, _RIGHT = 2, 3


def _letters(word: str) -> list[str]:
    """The Welsh letters of ``word`` (a digraph is one letter)."""
    letters, i = [], 0
    while i < len(word):
        pair = word[i : i + 2].lower()
        if pair in DIGRAPHS:
            letters.append(word[i : i + 2])
            i += 2
        else:
            letters.append(word[i])
            i += 1
    return letters


def _vowel(letter: str) -> bool:
    return letter.lower() in VOWELS


def _onset_w(letters: list[str]) -> bool:
    """Whether a word starts with a consonant and a w before a consonant
    (gwr-, gwl-, chwr-): that w is a consonant there."""
    return (
        not _vowel(letters[0]) and letters[1].lower() == "w" and not _vowel(letters[2])
    )


def welsh_syllables(word: str) -> str:
    """``word`` with soft hyphens where it may break: before the last consonant
    of a run between vowels (a digraph counts as one consonant), never within
    the first two or the last three characters, nor after a consonant and w
    that start a word (the w of "gwrandewch" is a consonant: not "gw-ran")."""
    letters = _letters(word)
    breaks: set[int] = set()
    # A consonant and w at the start are one run of consonants.
    i = 2 if len(letters) > 2 and _onset_w(letters) else 0
    while i < len(letters):
        if not _vowel(letters[i]):
            i += 1
            continue
        j = i + 1
        while j < len(letters) and not _vowel(letters[j]):
            j += 1
        if j < len(letters) and j > i + 1:
            breaks.add(j - 1)  # before the consonant that starts the next syllable
        i = j
    out, length = [], 0
    total = len(word)
    for index, letter in enumerate(letters):
        if index in breaks and length >= _LEFT and total - length >= _RIGHT:
            out.append(SHY)
        out.append(letter)
        length += len(letter)
    return "".join(out)


def direction_of(text: str) -> str:
    """``ltr`` or ``rtl``: the direction of the first letter of ``text`` with
    one, as a browser reads ``dir="auto"`` (which WeasyPrint does not). A
    Latin name on a right-to-left page keeps its own order: its hyphen at
    the end of a line, not before the word."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"
