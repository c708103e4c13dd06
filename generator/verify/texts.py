"""The text of a laid-out document as it will print: each run's words, size,
weight, colour and the colour behind it, where it lies; how a finding quotes
it and finds it in the school file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.layout import boxes
from generator.layout.boxes import page_box
from generator.render.cmyk import Press, to_rgb
from generator.units import PX_PER_PT
from generator.validate import colours


@dataclass(frozen=True)
class Text:
    """A run of text as laid out."""

    text: str
    page: int
    size_pt: float
    bold: bool
    italic: bool
    underlined: bool
    colour: tuple[float, float, float]
    background: tuple[float, float, float] | None  # None: an image behind it
    box: tuple[float, float, float, float]  # x, y, width, height in px
    fine_print: bool
    # The top and bottom of the line it sits on (px), where it sits on one.
    line: tuple[float, float] | None = None
    # Whether its colour is in the press's inks (print-shop files).
    cmyk: bool = False


def texts(document: Any, press: Press | None = None) -> Iterator[Text]:
    """Every visible run of text, with the colour actually behind it."""
    for number, page in enumerate(document.pages, start=1):
        yield from _walk(page_box(page), number, (1.0, 1.0, 1.0), False, None, press)


def _walk(
    box: Any,
    page: int,
    behind: Any,
    fine: bool,
    line: tuple[float, float] | None,
    press: Press | None,
) -> Iterator[Text]:
    style = boxes.style(box)
    if boxes.is_line(box):
        _, top, _, height = boxes.placed(box)
        line = (top, top + height)
    background = style["background_color"]
    if background.alpha > 0.5:
        behind = printed_rgb(background, press)
    if boxes.picture(box) is not None:
        behind = None  # text drawn over a picture: its contrast is not ours to tell
    element = boxes.element(box)
    classes = (element.get("class") or "").split() if element is not None else []
    if "slug" in classes:
        return  # words for the printer beyond the trim (--marks): cut off
    if "notice" in classes:
        fine = True
    words = boxes.text(box).strip()
    if words:
        yield Text(
            text=words,
            page=page,
            size_pt=style["font_size"] / PX_PER_PT,
            bold=int(style["font_weight"]) >= 600,
            italic=style["font_style"] != "normal",
            underlined="underline" in (style["text_decoration_line"] or ()),
            colour=printed_rgb(style["color"], press),
            background=behind,
            box=boxes.placed(box),
            fine_print=fine,
            line=line,
            cmyk=style["color"].space == "device-cmyk",
        )
    for child in boxes.children(box):
        yield from _walk(child, page, behind, fine, line, press)


def printed_rgb(colour: Any, press: Press | None) -> tuple[float, float, float]:
    if colour.space == "device-cmyk":
        # As the press will print it (a plain formula where there is no press).
        c, m, y, k = colour.coordinates
        if press is not None:
            return to_rgb(press, (c, m, y, k))
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    r, g, b = colour.to("srgb").coordinates
    return (r, g, b)


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """WCAG contrast of two laid-out colours (channels 0 to 1)."""
    return colours.contrast(_hex(a), _hex(b))


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02x}" for c in rgb)


def large(text: Text) -> bool:
    """WCAG's large text: 18 pt, or 14 pt bold."""
    return text.size_pt >= 18 or (text.bold and text.size_pt >= 14)


def quote(text: str) -> str:
    return f'"{text[:40]}…"' if len(text) > 40 else f'"{text}"'


def line_of(word: str, source: Path) -> int | None:
    """The first line of the school file that holds ``word``, if one does."""
    try:
        lines = source.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((n for n, line in enumerate(lines, start=1) if word in line), None)
