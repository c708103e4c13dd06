"""Lay out HTML with WeasyPrint and make it fit its pages.

One :class:`Renderer` per process keeps WeasyPrint's costly state warm: the font
configuration, the parsed stylesheets and decoded images are shared by every
document it lays out.
"""

from __future__ import annotations

import atexit
import base64
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, partial
from itertools import pairwise
from pathlib import Path
from typing import Any

from generator.errors import SafeprintError
from generator.paths import styles_dir
from generator.products import BLEED_MM, Variant
from generator.render import fonts
from generator.render.cmyk import Press, cmyk_css
from generator.units import PX_TO_MM

SEARCH_STEPS = 6
SEARCH_TOLERANCE = 0.03
# A fit is kept when the largest type that fits is, by its length, within
# the search's tolerance of it: at least (1 - SEARCH_TOLERANCE) ** power of
# the page full (0.93 for a staff poster: type within 3 % of the largest, which
# no reader tells apart). Each guess aims at the middle of that window.
JUMP = 1.1
# How a document's length grows with its type scale (length ~ scale ** POWER),
# until the document's own tries measure it: the middle of what the products
# measure between the design size and 0.8 of it (1.2 to 2.4, a block
# pushed over a page break aside).
POWER = 1.5
POWER_RANGE = (0.8, 3.0)
# Estimated length at the floor beyond which a search is pointless.
HOPELESS = 1.25


@dataclass
class Laid:
    """A laid-out document and the type scale it fitted at."""

    document: Any
    scale: float


@dataclass
class Renderer:
    """WeasyPrint, warmed once per process."""

    cache: dict[str, Any] = field(default_factory=dict)
    _css: dict[str, Any] = field(default_factory=dict)
    _profiles: dict[str, dict[str, Any]] = field(default_factory=dict)

    @cached_property
    def font_config(self) -> Any:
        from weasyprint.text.fonts import FontConfiguration

        return FontConfiguration()

    @cached_property
    def package_fetcher(self) -> Any:
        from generator.render.fetch import SafeFetcher

        return SafeFetcher((styles_dir(), *fonts.font_dirs()))

    def stylesheets(self, product_sheet: Path, press: Press | None = None) -> list[Any]:
        """Fonts, the shared base and the product's sheet, each parsed once (and
        once more in CMYK for each press). A product's sheet, in its folder,
        links to images from the shared styles folder (``icons/tick.svg``)."""
        sheets = [
            self._sheet("fonts", press, fonts.font_face_css()),
            self._sheet("base.css", press),
            self._sheet(product_sheet, press),
        ]
        if press is not None:
            sheets.append(self._sheet("output-intent", press, _output_intent(press)))
        return sheets

    def _sheet(
        self, name: str | Path, press: Press | None, text: str | None = None
    ) -> Any:
        """A sheet of the shared styles folder (by name), or a product's (by
        path), or ``text``."""
        key = f"{name}|{press.sha256}" if press else str(name)
        if key not in self._css:
            from weasyprint import CSS

            path = name if isinstance(name, Path) else styles_dir() / name
            source = text if text is not None else path.read_text()
            profiles = self.colour_profiles(press)
            self._css[key] = CSS(
                string=cmyk_css(source, press) if press else source,
                base_url=str(styles_dir()) + "/",
                url_fetcher=self.package_fetcher,
                font_config=self.font_config,
                color_profiles=profiles,
            )
        return self._css[key]

    def colour_profiles(self, press: Press | None) -> dict[str, Any]:
        """The colour profiles a document's stylesheets declared: the press's
        CMYK profile, which WeasyPrint writes as the PDF's output intent."""
        return self._profiles.setdefault(press.sha256 if press else "", {})

    def forget_images(self) -> None:
        """Empty the image cache (only between documents: a laid-out document
        reads its images from it when it is written)."""
        self.cache.clear()

    def parse(self, html: str, base: Path, reads: tuple[Path, ...] = ()) -> Any:
        """A document's HTML, parsed once, to be laid out one or more times.
        Its links start from ``base``; it reads only ``reads`` (files, and
        folders with what is in them), safeprint's styles and the fonts."""
        from weasyprint import HTML

        from generator.render.fetch import SafeFetcher

        fetcher = SafeFetcher((*reads, styles_dir(), *fonts.font_dirs()), base)
        return HTML(
            string=html, base_url=str(base.resolve()) + "/", url_fetcher=fetcher
        )

    def render(
        self,
        html: str | Any,
        variant: Variant,
        base: Path,
        restyle: str = "",
        reads: tuple[Path, ...] = (),
    ) -> Any:
        """Lay out HTML (a string, or as :meth:`parse` gave it, reading
        ``reads``), with ``restyle``, CSS that wins over the document's own,
        added."""
        from weasyprint import CSS

        from generator.render.fetch import Refused

        document = self.parse(html, base, reads) if isinstance(html, str) else html
        sheets = self.stylesheets(variant.product.stylesheet, variant.press)
        if restyle:
            sheets = [*sheets, CSS(string=restyle)]
        try:
            return document.render(
                stylesheets=sheets,
                font_config=self.font_config,
                # A copy: a school's template may declare profiles of its own,
                # which must not reach the next document.
                color_profiles=dict(self.colour_profiles(variant.press)),
                cache=self.cache,
                pdf_variant=pdf_variant(variant),
            )
        except Refused as exc:
            raise SafeprintError.single(f"{variant.filename}: {exc}") from None

    def fit(
        self,
        make_html: Callable[[float], str],
        variant: Variant,
        base: Path,
        start: float = 1.0,
        ceiling: float = 1.0,
        settled: bool = False,
        restyle: Callable[[float], str] | None = None,
        reads: tuple[Path, ...] = (),
        measure: Callable[[Laid], tuple[float, bool]] | None = None,
    ) -> Laid:
        """The largest type scale, at most ``ceiling``, at which the document
        fits its pages (within the search's tolerance).

        Tries ``start`` first: the product's first try, or the scale a search
        for a document drawn alike ``settled`` on (the same poster on other
        paper). When it fits and fills the page, is the ceiling, or was
        settled on, that is one layout. Otherwise it searches between the
        legible floor and the ceiling, guessing each next scale from how full
        the last tries were (one or two more layouts, usually). With
        ``restyle`` (the CSS that sets a scale, winning over the document's
        own), the HTML is made and parsed once, and each try restyled; a
        document laid out at its fit directly must then carry the same sheet,
        to come out the same. ``measure`` says how full a layout is (1: just
        full) and whether it keeps to its pages (:func:`fullness`, unless the
        document's languages are measured each on its own).
        """
        # Long on purpose: one search, whose tries (the first, the floor, the
        # guesses) share the best layout so far and the largest on its pages;
        # split up, each part would hand all of them back and forth.
        from generator.render.html import apparent_size

        # The floor is the type's size, whatever scale sets it there.
        floor = variant.floor_pt / (variant.design_pt * apparent_size(variant))
        start = max(floor, min(start, ceiling))
        parsed = self.parse(make_html(start), base, reads) if restyle else None
        measure = measure or partial(fullness, pages=variant.pages)
        product = variant.product

        def lay_out(scale: float) -> Laid:
            if restyle is None:
                html = make_html(scale)
                return Laid(self.render(html, variant, base, "", reads), scale)
            return Laid(self.render(parsed, variant, base, restyle(scale)), scale)

        def judge(laid: Laid) -> tuple[float, bool, bool]:
            """How full, whether over its pages, whether it fits."""
            full, on_pages = measure(laid)
            return full, not on_pages, on_pages and _whole_words(laid, variant)

        first = lay_out(start)
        full, over, fits = judge(first)
        enough = full_enough(product.power)
        if fits and (settled or start >= ceiling or full >= enough):
            return first
        search = _Search(1.0, floor, ceiling, power=product.power)
        best = None
        if over and full * (floor / start) ** 2 > HOPELESS:
            # Far too long even at the floor, by its length; laid out there once
            # before it is said (a row of columns split across pages can
            # measure far longer than it runs).
            at_floor = first if start <= floor else lay_out(floor)
            floor_full, floor_over, whole = judge(at_floor)
            if floor_over:
                raise measure_overflow(at_floor, variant)
            search.tried(floor, floor_full, whole)
            best = at_floor if whole else None
        # The largest that is on its pages, should no size keep every word whole
        # (preflight then names the word).
        on_pages = None if over else first
        if not fits and start <= floor:
            if over:
                raise measure_overflow(first, variant)
            return first
        search.tried(start, full, fits)
        best = first if fits else best
        for _ in range(SEARCH_STEPS):
            guess = search.guess()
            trial = lay_out(guess)
            full, over, fits = judge(trial)
            if not over and (on_pages is None or trial.scale > on_pages.scale):
                on_pages = trial
            if not fits and guess <= floor:
                if over:
                    raise measure_overflow(trial, variant)
                break
            search.tried(guess, full, fits)
            best = trial if fits else best
            if search.done():
                break
        if best is None:
            best = on_pages or lay_out(floor)
            if not measure(best)[1]:
                raise measure_overflow(best, variant)
        return best


def full_enough(power: float) -> float:
    """How full a fit must be to be kept, for a length growing as ``power``."""
    return (1 - SEARCH_TOLERANCE) ** power


def fullness(laid: Laid, pages: int) -> tuple[float, bool]:
    """How full a document's pages are (1: just full; more: it runs over),
    and whether it keeps to ``pages`` pages."""
    document = laid.document
    full = section_fullness(document, document.pages, pages)
    return full, len(document.pages) <= pages


def section_fullness(document: Any, pages: list[Any], count: int) -> float:
    """How full ``pages`` (meant to be ``count`` pages) are. Where the
    template breaks them into ``count`` sections of a page each (a card's
    front and back, a leaflet's outside and inside), the fullest section's
    share of its page: a front that runs over then measures by how much,
    not by the page it pushes the back onto."""
    sections: list[list[Any]] = [[pages[0]]]
    for before, page in pairwise(pages):
        if _forced_break(before, page):
            sections.append([page])
        else:
            sections[-1].append(page)
    if count > 1 and len(sections) == count:
        one = fit_target(document, 1)
        return max(pages_length(section) / one for section in sections)
    return pages_length(pages) / fit_target(document, count)


def _whole_words(laid: Laid, variant: Variant) -> bool:
    """Every word whole (a word wider than its column is broken where it has
    no break, so a smaller size is tried instead), and no front of a briefing
    ending in a blank band (a smaller size may let the block pushed over fit)."""
    from generator.verify.briefing import has_blank_foot
    from generator.verify.preflight import has_broken_word

    if has_blank_foot(laid.document, variant):
        return False

    return not has_broken_word(laid.document, variant)


@dataclass
class _Search:
    """The next type scale to try, from the lengths the last tries ran to.

    Between a scale that fitted and one that ran over, the next guess is drawn
    between them. Beyond them, a length is taken to grow as a power of the
    type scale: text reflows as its size grows (lines longer, and more of
    them), while rules, photos and the QR code keep their size, so the power
    lies between 1 and 2 on our products (``POWER``, until two tries on the
    same side show the document's own). Each guess aims just inside the page,
    so that it usually fits and is kept.
    """

    target: float
    floor: float
    ceiling: float
    high: tuple[float, float] | None = None  # the smallest scale that ran over
    low: tuple[float, float] | None = None  # the largest that fitted
    power: float = POWER  # the product's, until two tries on one side measure it

    def guess(self) -> float:
        aim = self.target * (1 - SEARCH_TOLERANCE / 2) ** self.power
        margin = SEARCH_TOLERANCE / 4
        if self.low is not None and self.high is not None:
            (s0, l0), (s1, l1) = self.low, self.high
            if self.pushed():
                # The miss ran far longer than type that size could: a block was
                # pushed whole onto the next page, so its length says little.
                return (s0 + s1) / 2
            guess = s0 + (aim - l0) * (s1 - s0) / (l1 - l0) if l1 > l0 else s0
            return max(s0 + margin, min(guess, s1 - margin))
        scale, length = self.low or self.high  # type: ignore[misc]
        if length <= 0:  # nothing measurable on the page (a template's own)
            return self.ceiling if self.low else max(self.floor, scale - JUMP / 10)
        guess = scale * (aim / length) ** (1 / self.power)
        if self.low is not None:  # everything so far fitted: larger, up to the ceiling
            return min(self.ceiling, max(guess, scale + margin))
        return max(self.floor, min(guess, scale - SEARCH_TOLERANCE / 2))

    def tried(self, scale: float, length: float, fits: bool) -> None:
        side = self.low if fits else self.high
        if side is not None and side[0] != scale and side[1] > 0 and length > 0:
            measured = math.log(length / side[1]) / math.log(scale / side[0])
            self.power = min(max(measured, POWER_RANGE[0]), POWER_RANGE[1])
        if fits:
            self.low = (scale, length)
        else:
            self.high = (scale, length)

    def pushed(self) -> bool:
        """Whether the smallest miss ran far longer than type that size could
        beside the largest fit: a block was pushed whole onto the next page
        (a leaflet's panel, say), so neither length says how large the type
        can be."""
        if self.low is None or self.high is None:
            return False
        (s0, l0), (s1, l1) = self.low, self.high
        return l1 > l0 * (s1 / s0) ** 2 * JUMP

    def done(self) -> bool:
        """A fit that fills the page (unless a block was pushed past it, when
        only the tolerance tells), is the ceiling, or is a hair below the
        smallest miss."""
        if self.low is None:
            return False
        return (
            (self.low[1] >= self.target * full_enough(self.power) and not self.pushed())
            or self.low[0] >= self.ceiling
            or (self.high is not None and self.high[0] - self.low[0] < SEARCH_TOLERANCE)
        )


def pdf_variant(variant: Variant) -> str:
    """PDF/UA-1 for the office; PDF/X-4 (tagged all the same) for a print shop."""
    return "pdf/x-4" if variant.press else "pdf/ua-1"


def _output_intent(press: Press) -> str:
    """The press's profile declared as the device CMYK space, inlined: WeasyPrint
    embeds it as the PDF/X output intent."""
    data = base64.b64encode(press.data).decode()
    return (
        "@color-profile device-cmyk { "
        f'src: url("data:application/vnd.iccprofile;base64,{data}"); '
        "components: cyan, magenta, yellow, black; }"
    )


# Modules WeasyPrint imports only when a layout first needs them: imported
# before any document is laid out, so that a document stopped at its time
# limit can never stop an import halfway (which would break every later
# document in the process).
LATE_IMPORTS = (
    "weasyprint.html",
    "weasyprint.images",
    "weasyprint.css.computed_values",
    "weasyprint.css.functions",
    "weasyprint.css.tokens",
    "weasyprint.css.units",
    "weasyprint.css.validation.properties",
    "weasyprint.draw",
    "weasyprint.draw.color",
    "weasyprint.draw.text",
    "weasyprint.layout",
    "weasyprint.layout.absolute",
    "weasyprint.layout.background",
    "weasyprint.layout.block",
    "weasyprint.layout.flex",
    "weasyprint.layout.float",
    "weasyprint.layout.grid",
    "weasyprint.layout.inline",
    "weasyprint.layout.percent",
    "weasyprint.layout.preferred",
    "weasyprint.layout.replaced",
    "weasyprint.layout.table",
    "weasyprint.pdf",
    "weasyprint.svg",
    "weasyprint.svg.bounding_box",
    "weasyprint.svg.defs",
    "weasyprint.svg.text",
    "weasyprint.svg.utils",
    "weasyprint.text.line_break",
)


def import_engine() -> None:
    """Import every module a layout may import on its way (see LATE_IMPORTS)."""
    import importlib

    for name in LATE_IMPORTS:
        importlib.import_module(name)


@lru_cache(maxsize=1)
def warm_renderer() -> Renderer:
    """This process's renderer, kept warm from one build to the next (a watched
    build, a benchmark's rounds). Forgotten when a style changes."""
    return Renderer()


# Let it go before the interpreter winds down: WeasyPrint's font configuration
# removes its temporary folder when collected, which needs modules still there.
atexit.register(warm_renderer.cache_clear)


def content_length(laid: Laid) -> float:
    """How far the content runs, in CSS px, as if it ran on with no page
    breaks: the foot of the last line, picture or named part on each page,
    and of the page margin below it, less the top margin of the next (from
    which it goes on). A page the template ends with a forced break counts
    in full: what is left of it stays empty at any type size."""
    return pages_length(laid.document.pages)


def pages_length(pages: list[Any]) -> float:
    """:func:`content_length` of some pages of a document, one after another
    (the first counted from its top)."""
    # A page counts from its top when it is the first, or the template broke
    # the page before it; else from its top margin, where the content goes on.
    forced = [True] + [_forced_break(a, b) for a, b in pairwise(pages)]
    length = 0.0
    for number, page in enumerate(pages):
        box = page._page_box
        top = 0.0 if forced[number] else box.content_box_y()
        if number == len(pages) - 1:
            used = _bottom(box)
        elif forced[number + 1]:
            used = page.height
        else:
            used = _bottom(box) + _bottom_margin(page)
        length += max(0.0, used - top)
    return length


def fit_target(document: Any, pages: int) -> float:
    """The length (as :func:`content_length` measures it) that ``pages``
    pages hold: all but the last page's bottom margin, and a hair."""
    first = document.pages[0]
    return (pages * first.height - _bottom_margin(first)) * 0.998


def _bottom_margin(page: Any) -> float:
    box = page._page_box
    return page.height - box.content_box_y() - box.height


def _bottom(page_box: Any) -> float:
    """The foot of the last line, picture or named part on a page."""
    return max(
        (
            box.position_y + box.margin_height()
            for box in in_flow(page_box)
            if _part_of(box) or _is_ink(box)
        ),
        default=0.0,
    )


FORCED = {"page", "left", "right", "recto", "verso"}


def _forced_break(page: Any, following: Any) -> bool:
    """Whether the template broke the page here: the last box on ``page`` asks
    for a break after it, or the first on ``following`` for one before it."""
    ends = page_content(page._page_box)[-1:]
    starts = page_content(following._page_box)[:1]
    return any(
        box.style["break_after"] in FORCED for end in ends for box in _edge(end, -1)
    ) or any(
        box.style["break_before"] in FORCED for top in starts for box in _edge(top, 0)
    )


def _edge(box: Any, index: int) -> Any:
    """A box, and its first (``index`` 0) or last (-1) block, and so on down."""
    while True:
        yield box
        children = [c for c in getattr(box, "children", ()) if not _is_ink(c)]
        if not children:
            return
        box = children[index]


def page_box(page: Any) -> Any:
    """The root box of a laid-out page. WeasyPrint keeps it private
    (``Page._page_box``): it is read here, and nowhere else."""
    return page._page_box


def page_content(page_box: Any) -> list[Any]:
    """A page's own boxes, without its margin boxes (running heads, numbers)."""
    return [c for c in page_box.children if type(c).__name__ != "MarginBox"]


def in_flow(page_box: Any) -> Any:
    """The boxes of a page's content, without its margin boxes or what is
    positioned out of the flow (labels on a picture)."""
    for child in page_content(page_box):
        yield from _in_flow(child)


def _in_flow(box: Any) -> Any:
    if box.style["position"] in ("absolute", "fixed"):
        return
    if element_attribute(box, "data-anchored") is not None:
        # Set at the foot of a panel as tall as the page (a leaflet's
        # Childline, say): where it lands says nothing of how long the words
        # above it run. A panel it pushes past its page still adds a page.
        return
    yield box
    for child in getattr(box, "children", ()):
        yield from _in_flow(child)


def _is_ink(box: Any) -> bool:
    from weasyprint.formatting_structure.boxes import LineBox, ReplacedBox

    return isinstance(box, LineBox | ReplacedBox)


@dataclass
class Overflow(Exception):
    """A document that does not fit its pages even at the smallest legible type."""

    variant: Variant
    excess_mm: float
    # Height in mm of each named part of the page (``data-part``), largest first:
    # with languages side by side, the taller language's.
    heights: dict[str, float]
    # With languages side by side, each part's height in each language.
    languages: dict[str, dict[str, float]] = field(default_factory=dict)

    def largest(self, prefer: Callable[[str], bool] = lambda part: True) -> str:
        """The largest part, among those ``prefer`` picks when it picks any."""
        preferred = [part for part in self.heights if prefer(part)]
        return (preferred or list(self.heights) or ["content"])[0]

    def message(self, part: str) -> str:
        product = self.variant.product
        floor = self.variant.floor_pt
        count = self.variant.pages
        pages = "1 page" if count == 1 else f"{count} pages"
        sizes = list(product.sizes)
        larger = (
            sizes[sizes.index(self.variant.size) + 1 :]
            if (self.variant.size in sizes)
            else []
        )
        advice = (
            f"shorten it, or build a larger size (--size {larger[0]})"
            if larger
            else "shorten it"
        )
        if self.variant.layout == "side-by-side":
            # Each language is a share of the sheet: a larger sheet sets every
            # size larger with it, so it holds no more.
            advice = "shorten it"
        excess = max(1, math.ceil(self.excess_mm))
        tall = f"{self.heights.get(part, 0):.0f} mm"
        each = self.languages.get(part, {})
        if len(each) > 1 and len({round(mm) for mm in each.values()}) == 1:
            tall += " in each language"
        elif len(each) > 1:
            tall = ", ".join(
                f"{mm:.0f} mm in {_NAMES.get(c, c)}" for c, mm in each.items()
            )
        return (
            f"{self.variant.filename}: does not fit on {pages} even at the smallest "
            f"legible type ({floor:.3g} pt body): {excess} mm too long. "
            f"The largest part you can change is the {part.replace('-', ' ')} section "
            f"({tall}) — {advice}"
        )


_NAMES = {"cy": "Welsh", "en": "English"}


def measure_overflow(laid: Laid, variant: Variant, shrink: float = 1.0) -> Overflow:
    """How far a document runs past its pages, and how tall each part is.

    With ``shrink``, an estimate for the same document set smaller: lengths
    scale roughly with its square of the type scale.
    """
    each: dict[str, dict[str, float]] = {}
    excess_px = 0.0
    for number, page in enumerate(laid.document.pages):
        bottom = 0.0
        for box, code in _element_boxes(page._page_box):
            part = _part_of(box)
            if part:
                tall = each.setdefault(part, {})
                tall[code] = tall.get(code, 0.0) + box.margin_height() * PX_TO_MM
                bottom = max(bottom, box.position_y + box.margin_height())
        if number >= variant.pages:
            excess_px += bottom
    # Languages side by side each run down their own half: a part is as tall
    # as it is in the taller language, not the two added up.
    heights = {part: max(tall.values()) for part, tall in each.items()}
    if variant.layout != "side-by-side":
        heights = {part: sum(tall.values()) for part, tall in each.items()}
    if shrink != 1.0:
        available = fit_target(laid.document, variant.pages)
        excess_px = content_length(laid) * shrink - available
        heights = {part: mm * shrink for part, mm in heights.items()}
    ordered = dict(sorted(heights.items(), key=lambda item: -item[1]))
    languages = {
        part: {code: mm * shrink for code, mm in tall.items()}
        for part, tall in each.items()
        if variant.layout == "side-by-side"
    }
    return Overflow(variant, excess_px * PX_TO_MM, ordered, languages)


def descendants(box: Any) -> Any:
    yield box
    for child in getattr(box, "children", ()):
        yield from descendants(child)


def _element_boxes(box: Any, parent: Any = None, code: str = "") -> Any:
    """A box and those below it, each element once (not the anonymous boxes an
    element's box holds, the line of a list of inline blocks, say, which
    carry the same element), with the language of the block of one
    language it sits in ("" outside any)."""
    element = getattr(box, "element", None)
    if element is None or element is not parent:
        yield box, code
        classes = (element_attribute(box, "class") or "").split()
        if "lang-cell" in classes or "lang-block" in classes:
            code = element_attribute(box, "lang") or code
    for child in getattr(box, "children", ()):
        yield from _element_boxes(child, element, code)


def _part_of(box: Any) -> str | None:
    return element_attribute(box, "data-part")


def element_attribute(box: Any, name: str) -> str | None:
    """An attribute of the element a box was made for (none for a page's)."""
    element = getattr(box, "element", None)
    return element.get(name) if element is not None else None


def finish_pdf(document: Any, variant: Variant) -> bytes:
    """The laid-out document as PDF bytes, with what WeasyPrint leaves out: the
    3 mm bleed box, each language block's /Lang, and for a print shop the sRGB
    its photos and drawings are in."""
    from generator.render.fetch import Refused
    from generator.render.fonts import fonts_dated

    try:  # attachments are fetched as the PDF is written
        with fonts_dated():
            pdf = document.write_pdf(pdf_variant=pdf_variant(variant), pdf_tags=True)
    except Refused as exc:
        raise SafeprintError.single(f"{variant.filename}: {exc}") from None
    if not (variant.marks or len(variant.languages) > 1 or variant.press):
        return pdf
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        if variant.marks:
            set_print_boxes(doc)
        if len(variant.languages) > 1:
            tag_languages(doc, variant.languages)
        if variant.press:
            declare_srgb(doc)
            identify(doc)
        out = io.BytesIO()
        doc.save(out, deterministic_id=True)
    return out.getvalue()


def set_print_boxes(doc: Any) -> None:
    """Set each page's BleedBox to its TrimBox plus the 3 mm bleed.

    The MediaBox keeps the wider margin where the crop marks are drawn.
    """
    import pikepdf

    bleed = BLEED_MM / 25.4 * 72
    for page in doc.pages:
        x0, y0, x1, y1 = (float(v) for v in page.obj.TrimBox)
        page.obj.BleedBox = pikepdf.Array(
            [x0 - bleed, y0 - bleed, x1 + bleed, y1 + bleed]
        )


def tag_languages(doc: Any, languages: tuple[str, ...]) -> None:
    """Give each language block of a multi-language PDF its own /Lang.

    WeasyPrint sets the document's language only: the blocks are the first
    ``Div`` elements under the body, one per language, in order (or on a
    poster in rows, the cells of each row).
    """
    import pikepdf

    node = doc.Root.StructTreeRoot
    for _ in range(6):
        kids = _kids(node)
        divs = [k for k in kids if k.get("/S") == "/Div"]
        if len(divs) > len(languages):
            # Rows of a poster, each holding a cell in each language.
            rows = [[k for k in _kids(d) if k.get("/S") == "/Div"] for d in divs]
            if all(len(cells) == len(languages) for cells in rows):
                divs = [cell for cells in rows for cell in cells]
                languages = languages * len(rows)
        if len(divs) >= len(languages):
            for div, code in zip(divs, languages, strict=False):
                div.Lang = pikepdf.String(code)
            return
        if not kids:
            break
        node = kids[0]
    raise ValueError("no language blocks in the PDF's structure")


def identify(doc: Any) -> None:
    """Replace the random document ID WeasyPrint puts in a PDF/X file's XMP,
    and the trailer's, with ones drawn from its content: the same inputs give
    the same bytes, and a changed photo a new ID."""
    import hashlib
    import re
    import uuid

    import pikepdf

    # Every stream but the XMP itself: pages, fonts, photos, the profile.
    digest = hashlib.sha256()
    metadata = doc.Root.Metadata.objgen
    for obj in doc.objects:
        if isinstance(obj, pikepdf.Stream) and obj.objgen != metadata:
            digest.update(obj.read_raw_bytes())
    ident = uuid.UUID(bytes=digest.digest()[:16])
    xmp = doc.Root.Metadata.read_bytes()
    xmp = re.sub(rb"xmp\.did:[0-9a-fA-F-]+", f"xmp.did:{ident}".encode(), xmp)
    doc.Root.Metadata.write(xmp)
    doc.trailer.ID = pikepdf.Array([pikepdf.String(ident.bytes)] * 2)


def declare_srgb(doc: Any) -> None:
    """Say that the RGB of photos, logos and the QR code is sRGB: a
    ``/DefaultRGB`` colour space on every page, which PDF/X-4 accepts beside a
    CMYK output intent (the print shop's RIP converts them)."""
    from importlib.resources import files

    import pikepdf

    icc = (files("weasyprint.pdf") / "sRGB2014.icc").read_bytes()
    stream = doc.make_stream(icc)
    stream.N = 3
    default_rgb = pikepdf.Array([pikepdf.Name.ICCBased, stream])
    for page in doc.pages:
        resources = page.obj.get("/Resources")
        if resources is None:
            continue
        spaces = resources.get("/ColorSpace")
        if spaces is None:
            resources.ColorSpace = spaces = pikepdf.Dictionary()
        spaces.DefaultRGB = default_rgb


def _kids(node: Any) -> list[Any]:
    import pikepdf

    kids = node.get("/K")
    if kids is None:
        return []
    kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    return [k for k in kids if isinstance(k, pikepdf.Dictionary)]


class WarningsCaught(logging.Handler):
    """Collects WeasyPrint's warnings (unsupported CSS, missing images) as errors."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        # A note about the machine (libharfbuzz-subset0 missing), not about the
        # document: the command says it once a build, as a hint.
        if not message.startswith(SLOW_SUBSET):
            self.messages.append(message)


SLOW_SUBSET = "Using fontTools instead of HarfBuzz-Subset"
