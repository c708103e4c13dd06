"""Colour arithmetic for legible text: WCAG relative luminance and contrast."""

from __future__ import annotations

INK = "#111111"
PAPER = "#ffffff"
# The light panel some text sits on (the briefing's steps), with a text colour
# of its own.
TINT = "#f1f3f7"


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio between two ``#rrggbb`` colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_on(background: str) -> str:
    """Near-black or white, whichever reads better on ``background``."""
    return INK if contrast(INK, background) >= contrast(PAPER, background) else PAPER


TEXT_RATIO = 4.5  # WCAG AA for body text
PUPIL_RATIO = 7.0  # WCAG AAA: children's materials


def darken(colour: str, amount: float) -> str:
    """``colour`` moved ``amount`` (0 to 1) of the way to black."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c * (1 - amount)):02x}" for c in (r, g, b))


def legible_on(colour: str, background: str, ratio: float = TEXT_RATIO) -> str:
    """``colour``, or the lightest darker shade of it that reaches ``ratio``."""
    for step in range(101):
        shade = darken(colour, step / 100)
        if contrast(shade, background) >= ratio:
            return shade
    return INK


def band_for(colour: str, ratio: float = TEXT_RATIO) -> str:
    """A background for a band of text: ``colour`` if black or white text reads on
    it, else the lightest darker shade on which white text does."""
    if contrast(text_on(colour), colour) >= ratio:
        return colour
    return legible_on(colour, PAPER, ratio)


def palette(primary: str, accent: str, ratio: float = TEXT_RATIO) -> dict[str, str]:
    """The colours a document uses, each legible where it is used (``ratio``:
    4.5:1 for staff, 7:1 for pupils): a text colour for the paper and one
    for the tint, band colours under their text."""
    band = band_for(primary, ratio)
    accent_band = band_for(accent, ratio)
    return {
        "primary": band,
        "on-primary": text_on(band),
        "primary-text": legible_on(primary, PAPER, ratio),
        "tint": TINT,
        "tint-text": legible_on(primary, TINT, ratio),
        "accent": accent,
        "accent-band": accent_band,
        "on-accent": text_on(accent_band),
    }


# Which palette colour is text on which background: every pair the stylesheets
# use, so that a test (and ``pairs_below``) can hold each to the ratio.
TEXT_PAIRS = (
    ("on-primary", "primary"),
    ("primary-text", "paper"),
    ("tint-text", "tint"),
    ("on-accent", "accent-band"),
)


def pairs_below(colours: dict[str, str], ratio: float) -> list[tuple[str, str, float]]:
    """Text and background pairs of a palette under ``ratio``, with their ratio."""
    colours = {**colours, "paper": PAPER}
    found = []
    for text, background in TEXT_PAIRS:
        measured = contrast(colours[text], colours[background])
        if measured < ratio - 0.005:
            found.append((text, background, measured))
    return found


def suggestion(primary: str) -> str:
    """A shade of ``primary`` that every product prints as it is: text in it
    reads on paper for pupils (7:1), and white text reads on it."""
    return legible_on(primary, PAPER, PUPIL_RATIO)
