"""The paper: text kept clear of the trim, colour run on into the bleed,
photos with pixels enough for their printed size.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from generator.errors import Problem, display_path
from generator.layout import boxes
from generator.layout.boxes import descendants, page_box
from generator.products import BLEED_MM, SAFE_MM, Variant
from generator.units import PX_PER_MM, PX_PER_PT
from generator.verify.texts import Text, line_of, printed_rgb, quote

MIN_PPI = 150


def edge_problems(
    document: Any, laid_out: list[Text], variant: Variant, source: Path
) -> list[Problem]:
    """Text keeps 5 mm inside the trim (not checked on imposed sheets, whose
    pages sit edge to edge). Boxes are placed from the trim; a bleed lies
    outside it."""
    if variant.sheet is not None:
        return []
    safe = SAFE_MM * PX_PER_MM - 0.5
    problems: list[Problem] = []
    for text in laid_out:
        page = document.pages[text.page - 1]
        width, height = page.width, page.height
        x, y, w, h = text.box
        # The letters, not the line: half the leading above and below is air.
        em = text.size_pt * PX_PER_PT
        y, h = y + max(h - em, 0) / 2, min(h, em)
        if text.line is not None and text.line[1] - text.line[0] >= h:
            # A font with tall ascents and descents (Arabic's) centres its em
            # low in its text box: the letters are moved back onto their line
            # (where the leading is tighter than the type, they stay put).
            y = min(max(y, text.line[0]), text.line[1] - h)
        if x < safe or y < safe or x + w > width - safe or y + h > height - safe:
            problems.append(
                Problem(
                    f"{variant.filename}, page {text.page}: {quote(text.text)} is "
                    f"closer than {SAFE_MM:g} mm to the edge of the paper, where a "
                    "trimmer or a printer may cut it off",
                    file=source,
                )
            )
    return list(dict.fromkeys(problems))


def bleed_problems(document: Any, variant: Variant, source: Path) -> list[Problem]:
    """With --marks, a colour that meets the trim runs on into the 3 mm bleed, or
    a white sliver shows wherever the cut wanders."""
    if not variant.marks or variant.sheet is not None:
        return []
    bleed = BLEED_MM * PX_PER_MM - 0.5
    touch = 0.5 * PX_PER_MM
    problems = []
    for number, page in enumerate(document.pages, start=1):
        for box in descendants(page_box(page)):
            background = boxes.style(box)["background_color"]
            if (
                background.alpha < 0.5
                or min(printed_rgb(background, variant.press)) > 0.97
            ):
                continue  # no colour, or the paper's own white
            if boxes.is_text(box) or boxes.is_line(box):
                continue
            left, top, right, bottom = boxes.border_rect(box)
            edges = {
                "left": (left, -left),
                "top": (top, -top),
                "right": (page.width - right, right - page.width),
                "bottom": (page.height - bottom, bottom - page.height),
            }
            short = [
                side
                for side, (gap, beyond) in edges.items()
                if abs(gap) <= touch and beyond < bleed
            ]
            if short:
                element = boxes.element(box)
                name = (
                    element.get("class") if element is not None else None
                ) or "a box"
                problems.append(
                    Problem(
                        f"{variant.filename}, page {number}: the colour of {name} "
                        f"stops at the {' and '.join(short)} edge of the trim — run "
                        f"it {BLEED_MM:g} mm beyond, into the bleed",
                        file=source,
                    )
                )
    return list(dict.fromkeys(problems))


def image_problems(document: Any, variant: Variant, source: Path) -> list[Problem]:
    """Photos and logos print sharp: at least 150 pixels to the inch."""
    problems = []
    for number, page in enumerate(document.pages, start=1):
        for box in descendants(page_box(page)):
            size = boxes.pixels(box)
            if size is None:
                continue
            _, _, width, height = boxes.placed(box)
            if width <= 0:
                continue
            inches = width / 96
            ppi = size[0] / inches
            if ppi >= MIN_PPI:
                continue
            wanted = math.ceil(MIN_PPI * inches)
            wanted_h = math.ceil(MIN_PPI * height / 96)
            name = _image_name(box, source)
            problems.append(
                Problem(
                    f"{variant.filename}, page {number}: {name} is "
                    f"{size[0]:.0f} × {size[1]:.0f} px, printed "
                    f"{width / PX_PER_MM:.0f} mm wide: {ppi:.0f} pixels to the "
                    f"inch, so it will look blurred — use a photo of at least "
                    f"{wanted} × {wanted_h} px",
                    file=source,
                    line=line_of(name, source) if name != "an image" else None,
                    warning=True,
                )
            )
    return list(dict.fromkeys(problems))


def _image_name(box: Any, source: Path) -> str:
    element = boxes.element(box)
    src = element.get("src") if element is not None else ""
    if src and src.startswith("file:"):
        path = Path(unquote(urlparse(src).path))
        try:
            return display_path(path.relative_to(source.parent.resolve()))
        except ValueError:
            return path.name
    return "an image"
