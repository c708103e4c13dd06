"""The fonts every product uses, installed as Python packages (OFL licensed).

Atkinson Hyperlegible is the face; Noto Sans covers what it lacks (Welsh ŵ and ŷ,
most accented Latin, Greek, Cyrillic) and IBM Plex Sans Arabic the Arabic
script (Arabic and Urdu): unlike Noto Sans Arabic, whose letters are built from
shared dot glyphs, its glyphs map back to the letters, so the PDF's text can be
read. A character none has is an error: it would print as an
empty box.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import fontpkg


@dataclass(frozen=True)
class Face:
    family: str
    path: Path
    weight: str
    style: str = "normal"


STACK = ("Atkinson Hyperlegible", "Noto Sans", "IBM Plex Sans Arabic")


@cache
def faces() -> tuple[Face, ...]:
    """Upright faces of the stack, in fallback order."""
    found: list[Face] = []
    for name in STACK:
        for file in fontpkg.family(name).files:
            if file.style != "normal" or file.weight not in (None, 400, 700):
                continue  # upright regular and bold are all we use
            # WeasyPrint takes one weight per rule: a variable font is declared
            # once for each weight we use.
            weights = ("400", "700") if file.variable else (str(file.weight),)
            found += [Face(name, file.path, weight) for weight in weights]
    return tuple(found)


def css_family(family: str) -> str:
    """The name a face has inside our documents.

    Prefixed so that a system font of the same name can never stand in for it, and
    so a PDF's font list shows at a glance that only our faces were used.
    """
    return f"SP {family}"


def font_family_css() -> str:
    """The ``font-family`` value: the stack, in order."""
    return ", ".join(f'"{css_family(name)}"' for name in STACK)


def font_dirs() -> tuple[Path, ...]:
    """Folders the renderer may read font files from."""
    return tuple(sorted({face.path.parent for face in faces()}))


def font_face_css() -> str:
    """``@font-face`` rules for the stack, pointing at the packaged files."""
    rules = [
        f'@font-face {{ font-family: "{css_family(f.family)}"; '
        f'src: url("{f.path.as_uri()}"); '
        f"font-weight: {f.weight}; font-style: {f.style}; }}"
        for f in faces()
    ]
    return "\n".join(rules)


@cache
def _cmaps() -> tuple[frozenset[int], ...]:
    from fontTools.ttLib import TTFont

    maps = []
    # A variable font is two faces in one file: each file is read once.
    for path in dict.fromkeys(face.path for face in faces()):
        with TTFont(path, lazy=True) as font:
            # Only the code points are wanted: numbered glyphs spare decoding
            # every glyph's name (the `post` table), which took most of the time.
            font.setGlyphOrder([f"g{i}" for i in range(font["maxp"].numGlyphs)])
            maps.append(frozenset(font.getBestCmap()))
    return tuple(maps)


@cache
def covered() -> frozenset[int]:
    """Every code point some font of the stack can draw."""
    return frozenset().union(*_cmaps())


# Latin letters (Welsh, Polish, most of Europe's), punctuation and the euro:
# the stack draws every one (a test reads the fonts to hold it), so text in
# them alone (and line breaks) is checked without opening a font file.
DRAWN = frozenset(
    "\t\n\r"
    + "".join(
        map(chr, [*range(0x20, 0x7F), *range(0xA0, 0x250), *range(0x2010, 0x205F)])
    )
    + "\u20ac"
)


def missing_glyphs(text: str) -> list[str]:
    """Characters of ``text`` that no font of the stack has (spaces excepted)."""
    if DRAWN.issuperset(text):
        return []
    have = covered()
    return sorted(
        {
            c
            for c in text
            if not c.isspace() and ord(c) not in have and ord(c) not in _IGNORABLE
        }
    )


# Shaping controls that draw nothing (soft hyphen, joiners): no glyph needed.
_IGNORABLE = frozenset({0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF})


@cache
def font_epoch() -> int:
    """The latest date our font files were made (their ``head.modified``), in
    seconds since 1970: the date every font saved into a PDF carries."""
    from fontTools.misc.timeTools import epoch_diff
    from fontTools.ttLib import TTFont

    dates = []
    for face in faces():
        with TTFont(face.path, lazy=True) as font:
            dates.append(font["head"].modified + epoch_diff)
    return int(max(dates))


_DATING = threading.Lock()


@contextmanager
def fonts_dated() -> Iterator[None]:
    """Fonts written into a PDF inside this block are dated by the font files,
    not by the clock.

    WeasyPrint makes a static instance of a variable font (Noto Sans, which
    covers what Atkinson Hyperlegible lacks) for each PDF, and, without
    HarfBuzz's subsetter, subsets every font with fontTools; fontTools stamps
    each font it saves with the time, unless ``SOURCE_DATE_EPOCH`` says
    otherwise. Set here, the same school gives the same bytes on any day (and
    on any machine of a cluster). One block at a time in a process, as the
    environment is the whole process's.
    """
    with _DATING:
        before = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = str(font_epoch())
        try:
            yield
        finally:
            if before is None:
                del os.environ["SOURCE_DATE_EPOCH"]
            else:
                os.environ["SOURCE_DATE_EPOCH"] = before
