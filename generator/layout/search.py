"""The search for a document's type size: the largest at which it fits its
pages, in as few layouts as can be.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.layout.boxes import section_fullness
from generator.layout.overflow import measure_overflow
from generator.products import Variant

if TYPE_CHECKING:
    from generator.layout.engine import Renderer

SEARCH_STEPS = 6
SEARCH_TOLERANCE = 0.03
# A fit is kept when the largest type that fits is, by its length, within
# the search's tolerance of it: at least (1 - SEARCH_TOLERANCE) ** power of
# the page full (0.92 for a staff poster: type within 3 % of the largest, which
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
# Estimated length of a first try, from a layout at the floor that fitted,
# beyond which it is not made: it would run over, and the floor is as far as
# the search would go.
SURELY_OVER = 1.03


@dataclass
class Laid:
    """A laid-out document and the type scale it fitted at."""

    document: Any
    scale: float


def fit(
    renderer: Renderer,
    make_html: Callable[[float], str],
    variant: Variant,
    base: Path,
    start: float = 1.0,
    ceiling: float = 1.0,
    settled: bool = False,
    restyle: Callable[[float], str] | None = None,
    reads: tuple[Path, ...] = (),
    measure: Callable[[Laid], tuple[float, bool]] | None = None,
    well_set: Callable[[Laid], bool] | None = None,
    known: Laid | None = None,
) -> Laid:
    """The largest type scale, at most ``ceiling``, at which the document
    fits its pages (within the search's tolerance), laid out by ``renderer``.

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
    document's languages are measured each on its own). ``well_set`` says
    whether a layout on its pages is set as a fit must be (every word whole:
    the checks of :mod:`generator.verify` that a smaller size may pass); any
    is, without it. ``known`` is a layout of the same document at the
    floor, made before: when it fits, the search starts from it, and starts
    there outright when the first try would surely run over.
    """
    # Long on purpose: one search, whose tries (the first, the floor, the
    # guesses) share the best layout so far and the largest on its pages;
    # split up, each part would hand all of them back and forth.
    from generator.render.html import floor_scale

    # The floor is the type's size, whatever scale sets it there.
    floor = floor_scale(variant)
    start = max(floor, min(start, ceiling))
    parsed = renderer.parse(make_html(start), base, reads) if restyle else None
    measure = measure or partial(fullness, pages=variant.pages)
    product = variant.product

    def lay_out(scale: float) -> Laid:
        if restyle is None:
            html = make_html(scale)
            return Laid(renderer.render(html, variant, base, "", reads), scale)
        return Laid(renderer.render(parsed, variant, base, restyle(scale)), scale)

    def judge(laid: Laid) -> tuple[float, bool, bool]:
        """How full, whether over its pages, whether it fits."""
        full, on_pages = measure(laid)
        return full, not on_pages, on_pages and (well_set is None or well_set(laid))

    floor_fit = None
    if known is not None:
        known_full, _, known_fits = judge(known)
        floor_fit = (known_full, known) if known_fits else None
    if floor_fit and floor_fit[0] * (start / floor) ** product.power > SURELY_OVER:
        start = floor
    first = floor_fit[1] if floor_fit and start <= floor else lay_out(start)
    full, over, fits = judge(first)
    enough = full_enough(product.power)
    # A fit within the tolerance of the ceiling is as large as the type may be.
    if fits and (settled or ceiling - start < SEARCH_TOLERANCE or full >= enough):
        return first
    search = _Search(1.0, floor, ceiling, power=product.power, near=product.power)
    best = None
    if floor_fit and first is not floor_fit[1]:
        search.tried(floor, floor_fit[0], True)
        best = floor_fit[1]
    if over and full * (floor / start) ** 2 > HOPELESS and not floor_fit:
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
    on_pages = on_pages or (floor_fit[1] if floor_fit else None)
    if not fits and start <= floor:
        if over:
            raise measure_overflow(first, variant)
        return first
    search.tried(start, full, fits)
    best = first if fits else best
    for _ in range(SEARCH_STEPS):
        if floor_fit and search.done():
            break  # the floor, laid out before, was the answer
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
    # The product's near its fit, which says how full is full enough: two tries
    # on one side, far apart, measure the document's length where it is not.
    near: float = POWER
    crept: bool = False  # a guess made just below a miss that pushed a block

    def guess(self) -> float:
        aim = self.target * (1 - SEARCH_TOLERANCE / 2) ** self.power
        margin = SEARCH_TOLERANCE / 4
        if self.low is not None and self.high is not None:
            (s0, l0), (s1, l1) = self.low, self.high
            if self.pushed():
                # The miss ran far longer than type that size could: a block was
                # pushed whole onto the next page, so its length says little.
                # Once, just inside the tolerance below it (a fit there ends
                # the search: a panel pushed at one size is often pushed no
                # more a hair below it); else halfway.
                below = s1 - SEARCH_TOLERANCE * 0.99
                if not self.crept and below > (s0 + s1) / 2:
                    self.crept = True
                    return below
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
        only the tolerance tells), or is a hair below the ceiling or the
        smallest miss."""
        if self.low is None:
            return False
        return (
            (self.low[1] >= self.target * full_enough(self.near) and not self.pushed())
            or self.ceiling - self.low[0] < SEARCH_TOLERANCE
            or (self.high is not None and self.high[0] - self.low[0] < SEARCH_TOLERANCE)
        )
