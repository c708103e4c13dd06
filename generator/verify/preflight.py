"""Preflight: what a reader's eye and a print shop check, on the laid-out pages.

The rules run on WeasyPrint's boxes after layout, so they see what will print:
the size each piece of text was set at after fitting, the colour behind it, the
size each photo prints at. Each finding names the file, the page and the text or
image it is about.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from generator.audiences import PUPILS
from generator.errors import Problem, display_path
from generator.layout import boxes
from generator.layout.boxes import descendants, page_box, page_content
from generator.products import BLEED_MM, SAFE_MM, Variant
from generator.render.cmyk import Press, to_rgb
from generator.units import PX_PER_MM, PX_PER_PT
from generator.validate import colours
from generator.verify.briefing import briefing_problems, has_blank_foot
from generator.verify.poster import poster_problems
from generator.verify.pupil import pupil_problems

MIN_PPI = 150


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
        behind = _rgb(background, press)
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
            colour=_rgb(style["color"], press),
            background=behind,
            box=boxes.placed(box),
            fine_print=fine,
            line=line,
            cmyk=style["color"].space == "device-cmyk",
        )
    for child in boxes.children(box):
        yield from _walk(child, page, behind, fine, line, press)


def _rgb(colour: Any, press: Press | None) -> tuple[float, float, float]:
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


def minimum_pt(variant: Variant) -> float:
    """The smallest type allowed on this file: the band's minimum on pupil
    products, the product's own where it has one (the card), else its
    audience's."""
    audience = variant.product.audience
    if variant.band in audience.min_pt:
        return audience.min_pt[variant.band]
    return variant.product.min_pt or audience.min_pt[""]


def preflight(document: Any, variant: Variant, source: Path) -> list[Problem]:
    """Errors and warnings for one laid-out document: its text's own, then
    those of each check in :data:`CHECKS`."""
    found = text_problems(document, variant, source)
    return found + [p for check in CHECKS for p in check(document, variant, source)]


def text_problems(document: Any, variant: Variant, source: Path) -> list[Problem]:
    """Each run of text: its size, contrast, colour and style, and its margin."""
    audience = variant.product.audience
    smallest = minimum_pt(variant)
    found: list[Problem] = []

    def say(page: int, message: str, warning: bool = False) -> None:
        problem = Problem(
            f"{variant.filename}, page {page}: {message}", file=source, warning=warning
        )
        if problem not in found:
            found.append(problem)

    laid_out = list(texts(document, variant.press))
    for text in laid_out:
        quoted = _quote(text.text)
        floor = (audience.fine_print_pt if text.fine_print else None) or smallest
        if text.size_pt < floor - 0.05:
            say(
                text.page,
                f"{quoted} is set at {text.size_pt:.1f} pt; the smallest allowed "
                f"here is {floor:g} pt — safeprint never sets its own type smaller, "
                "so a template or stylesheet in the school's templates/ folder "
                f"does: take that size out, or make it {floor:g} pt or more",
            )
        if text.background is not None:
            ratio = contrast(text.colour, text.background)
            wanted = audience.large_contrast if large(text) else audience.contrast
            if ratio < wanted - 0.01:
                say(
                    text.page,
                    f"{quoted} has a contrast of {ratio:.1f}:1 with what is behind "
                    f"it; it needs {wanted:g}:1 — choose a darker text colour or a "
                    "lighter background (brand colours: `brand:` in the school file)",
                )
        if variant.press and not text.cmyk:
            say(
                text.page,
                f"{quoted} is coloured in RGB, which the print shop will convert "
                "its own way — a colour in the school's template should be one of "
                "the brand colours (var(--primary), …), which safeprint converts",
                warning=True,
            )
        if (
            audience.upright
            and not text.fine_print
            and (text.italic or text.underlined)
        ):
            kind = "italic" if text.italic else "underlined"
            say(
                text.page,
                f"{quoted} is {kind}; children's pages use plain upright text — "
                "use bold for emphasis",
            )
    found += _edge_problems(document, laid_out, variant, source)
    return found


def _lone_word_problems(document: Any, variant: Variant, source: Path) -> list[Problem]:
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
                    f"{_quote(' '.join(words))} ends on a line of one word, "
                    f"{_quote(last[0])} — shorten it in the school file, or join "
                    "its last two words with a no-break space",
                    file=source,
                    line=_line_of(" ".join(words[-2:]), source),
                )
                if problem not in problems:
                    problems.append(problem)
    return problems


# A line may end inside a word after these, and the word goes on below. Not
# after a soft hyphen alone: that line end prints no hyphen (WeasyPrint may
# break there without adding one), so the word reads as two.
BREAKS_AFTER = "-\u2010\u2011\u2013\u2014/"
SOFT_HYPHEN = "\u00ad"


def _broken_word_problems(
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
            shown = [_quote(part) for part in parts]
            word = _quote("".join(parts))
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
                line=_line_of("".join(parts), source),
            )
            if problem not in problems:
                problems.append(problem)
    return problems


def well_set(document: Any, variant: Variant) -> bool:
    """Every word whole (a word wider than its column is broken where it has
    no break, so a smaller size is tried instead), and no front of a briefing
    ending in a blank band (a smaller size may let the block pushed over fit):
    what a fit keeps to besides its pages."""
    if has_blank_foot(document, variant):
        return False
    return not has_broken_word(document, variant)


def has_broken_word(document: Any, variant: Variant) -> bool:
    """Whether a word of the document is broken where it has no break."""
    if variant.sheet is not None:
        return False
    return any(
        next(_broken_words(page_box(page)), None) is not None for page in document.pages
    )


def _line_of(word: str, source: Path) -> int | None:
    """The first line of the school file that holds ``word``, if one does."""
    try:
        lines = source.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((n for n, line in enumerate(lines, start=1) if word in line), None)


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


@dataclass
class _Block:
    """A paragraph as printed: its text and the box its lines fill."""

    text: str
    left: float
    right: float
    top: float
    bottom: float


def _order_problems(document: Any, variant: Variant, source: Path) -> list[Problem]:
    """The reading order (the order of the HTML, which is the PDF's tag order and
    what a screen reader or copy and paste follows) runs down each column: a
    paragraph printed wholly above an earlier one it shares a column with has
    been moved by CSS. Labels pinned on a picture (absolutely positioned) are
    not paragraphs of the page and are left out; imposed sheets repeat a page."""
    if variant.sheet is not None:
        return []
    problems = []
    for number, page in enumerate(document.pages, start=1):
        blocks = [b for box in page_content(page_box(page)) for b in _blocks(box)]
        for i, later in enumerate(blocks):
            earlier = next((b for b in blocks[:i] if _printed_above(later, b)), None)
            if earlier is None:
                continue
            problems.append(
                Problem(
                    f"{variant.filename}, page {number}: {_quote(later.text)} comes "
                    f"after {_quote(earlier.text)} in reading order (a screen reader, "
                    "copy and paste) but is printed above it — in the template, put "
                    "it earlier in the HTML instead of moving it with CSS (order, "
                    "grid placement, position)",
                    file=source,
                )
            )
            break  # one per page says it; the rest usually follow from it
    return problems


def _printed_above(later: _Block, earlier: _Block) -> bool:
    """Wholly above, and in the same column (overlapping by most of the
    narrower one's width)."""
    overlap = min(later.right, earlier.right) - max(later.left, earlier.left)
    narrower = min(later.right - later.left, earlier.right - earlier.left)
    return later.bottom <= earlier.top + 1 and overlap > 0.5 * max(narrower, 1)


def _blocks(box: Any) -> Iterator[_Block]:
    """Each block of lines on a page, in the order of the HTML."""
    if boxes.style(box)["position"] in ("absolute", "fixed"):
        return
    lines = boxes.lines(box)
    words = " ".join(
        boxes.text(t).strip()
        for line in lines
        for t in descendants(line)
        if boxes.text(t).strip()
    )
    if words:
        spans = [boxes.placed(line) for line in lines]
        yield _Block(
            words,
            min(x for x, _, _, _ in spans),
            max(x + width for x, _, width, _ in spans),
            min(y for _, y, _, _ in spans),
            max(y + height for _, y, _, height in spans),
        )
    for child in boxes.children(box):
        if not boxes.is_line(child):
            yield from _blocks(child)


def _quote(text: str) -> str:
    return f'"{text[:40]}…"' if len(text) > 40 else f'"{text}"'


def _edge_problems(
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
                    f"{variant.filename}, page {text.page}: {_quote(text.text)} is "
                    f"closer than {SAFE_MM:g} mm to the edge of the paper, where a "
                    "trimmer or a printer may cut it off",
                    file=source,
                )
            )
    return list(dict.fromkeys(problems))


def _bleed_problems(document: Any, variant: Variant, source: Path) -> list[Problem]:
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
            if background.alpha < 0.5 or min(_rgb(background, variant.press)) > 0.97:
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


def _image_problems(document: Any, variant: Variant, source: Path) -> list[Problem]:
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
                    line=_line_of(name, source) if name != "an image" else None,
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


# The checks of a laid-out document after its text's own, in order: each is a
# rule of the document phase (see generator.validate.rulebook).
CHECKS: tuple[Callable[[Any, Variant, Path], list[Problem]], ...] = (
    _bleed_problems,
    _image_problems,
    _order_problems,
    _broken_word_problems,
    _lone_word_problems,
    pupil_problems,
    poster_problems,
    briefing_problems,
)
