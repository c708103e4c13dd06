"""Drawn figures for adults without a photo, the hand's skin tones, and the
school's colours put into safeprint's own drawings.

A child recognises a face, not a letter: an adult with no photo is shown as a
friendly drawn figure, one of a set a school chooses from by name
(``figure: hijab``). Without a choice each adult gets one that no one else on
the same page has, the same one every time.
"""

from __future__ import annotations

import base64
import difflib
import zlib
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Annotated, Any

from pydantic import PlainValidator, WithJsonSchema

from generator.paths import styles_dir
from generator.validate.colours import PAPER, contrast, darken

# Each figure's file is styles/illustrations/figures/<id>.svg. "she" and "he"
# figures go first to adults whose names begin Mrs, Ms, Miss or Mr; any figure
# may be chosen for anyone.
FIGURES: dict[str, str] = {
    "short-hair": "he",
    "long-hair": "she",
    "curly-hair": "any",
    "hijab": "she",
    "beard": "he",
    "bun": "she",
    "turban": "he",
    "braids": "she",
    "glasses": "any",
    "bob": "she",
}

# The hand's skin, fill and outline, lightest first.
SKINS: dict[str, tuple[str, str]] = {
    "light": ("#f7dcc8", "#c99a7a"),
    "medium-light": ("#f1c27d", "#c68642"),
    "medium": ("#d39a5f", "#9c6231"),
    "medium-dark": ("#a86b3c", "#6e4220"),
    "dark": ("#6b4226", "#3f2412"),
}
DEFAULT_SKIN = "medium-light"

_TITLES = {"mr": "he", "mrs": "she", "ms": "she", "miss": "she"}


def _choice(kind: str, known: Sequence[str]) -> Any:
    """A field holding one of ``known``: a wrong word is told the closest."""

    def check(value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"should be the name of a {kind}, e.g. {known[0]}")
        word = value.strip().lower()
        if word in known:
            return word
        close = difflib.get_close_matches(word, known, n=1, cutoff=0.5)
        hint = f"did you mean `{close[0]}`? " if close else ""
        listing = ", ".join(known)
        raise ValueError(f'"{value}" is not a {kind} — {hint}use one of {listing}')

    schema = {"enum": list(known)}
    return Annotated[str, PlainValidator(check), WithJsonSchema(schema)]


Figure = _choice("figure", list(FIGURES))
Skin = _choice("skin tone", list(SKINS))


def figures_for(people: Iterable[Any]) -> dict[str, str]:
    """The figure of each person (by name) who has no photo: their own
    choice, or else one not used by anyone else in ``people`` where the set
    allows, picked from their name so that it never changes between builds."""
    people = list(people)
    chosen = {p.name: p.figure for p in people if getattr(p, "figure", None)}
    used = set(chosen.values())
    for person in people:
        if person.name in chosen or getattr(person, "photo", None):
            continue
        look = _TITLES.get(person.name.split()[0].lower().rstrip("."), "any")
        fitting = [f for f, kind in FIGURES.items() if look in ("any", kind)]
        free = [f for f in fitting if f not in used] or fitting
        pick = free[zlib.crc32(person.name.encode()) % len(free)]
        chosen[person.name] = pick
        used.add(pick)
    return chosen


# Colours in the drawings that stand for the school's: its primary colour, a
# darker shade of it, and a pale tint of its accent behind a figure.
PRIMARY_IN_ART = "#1d3c78"
DARKER_IN_ART = "#0f2140"
PALE_IN_ART = "#fff4cc"
# The hand's own: skin and outline, and the cuff.
SKIN_IN_ART = "#f1c27d"
OUTLINE_IN_ART = "#c68642"
CUFF_IN_ART = "#00606b"


def tint(colour: str, amount: float) -> str:
    """``colour`` moved ``amount`` (0 to 1) of the way to white."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in (r, g, b))


def graphic(colour: str) -> str:
    """``colour``, or a darker shade of it that stands out on white paper
    (3:1, what a drawing's parts need to be seen)."""
    for step in range(101):
        shade = darken(colour, step / 100)
        if contrast(shade, PAPER) >= 3.0:
            return shade
    return "#111111"


def brand_colours(primary: str, accent: str) -> dict[str, str]:
    """What each of the drawings' stand-in colours becomes for a school."""
    main = graphic(primary)
    return {
        PRIMARY_IN_ART: main,
        DARKER_IN_ART: darken(main, 0.45),
        PALE_IN_ART: tint(accent, 0.72),
        CUFF_IN_ART: main,
    }


def recolour(svg: str, colours: dict[str, str]) -> str:
    for old, new in colours.items():
        svg = svg.replace(old, new).replace(old.upper(), new)
    return svg


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


@cache
def _drawing(name: str) -> str:
    return (styles_dir() / "illustrations" / f"{name}.svg").read_text(encoding="utf-8")


class Art:
    """safeprint's drawings in one school's colours, for its templates."""

    def __init__(self, school: Any) -> None:
        brand = school.brand
        self.colours = brand_colours(brand.primary, brand.accent)
        self.figures = figures_for([*school.team, *school.trusted_adults])
        settings = school.products.pupil_poster
        self.skin = SKINS[settings.hand_skin or DEFAULT_SKIN]

    def picture(self, name: str) -> str:
        """The address of a drawing, e.g. ``speech``, in the school's colours."""
        return data_uri(recolour(_drawing(name), self.colours))

    def figure(self, person: Any) -> str:
        """The address of the drawn figure standing for ``person``."""
        chosen = getattr(person, "figure", None) or self.figures.get(person.name)
        return self.picture(f"figures/{chosen or next(iter(FIGURES))}")

    def hand(self) -> str:
        fill, outline = self.skin
        colours = {**self.colours, SKIN_IN_ART: fill, OUTLINE_IN_ART: outline}
        return data_uri(recolour(_drawing("hand"), colours))
