"""How a document is made to fit its pages: the search for its type scale,
and what is tried when even the smallest legible type runs over (a card's
fewer people, a poster's graded cuts, languages each fitted alone).

Every way returns the layout, the fit it settled on and its warnings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

from generator.errors import Problem, SafeprintError
from generator.layout.boxes import (
    content_length,
    descendants,
    element_attribute,
    page_box,
    section_fullness,
)
from generator.layout.engine import Renderer
from generator.layout.overflow import Overflow
from generator.layout.search import Laid, fullness
from generator.products import Variant
from generator.resolve.pack import Pack
from generator.runner.fitted import LEADS, Fitted, card_team, drawn
from generator.runner.notes import (
    _hint_notes,
    _left_off,
    _overflow_problem,
    _poster_notes,
)
from generator.runner.setting import _html, _render
from generator.verify.preflight import well_set
from generator.write.digest import readable


def _lay_out(
    pack: Pack,
    variant: Variant,
    renderer: Renderer,
    start: float = 1.0,
    settled: bool = False,
    ceiling: float = 1.0,
) -> tuple[Laid, Fitted, list[Problem]]:
    """Fit the document (from ``start``, up to ``ceiling``: see
    :meth:`Renderer.fit`); a crowded card first drops the "where" lines, then
    everyone but the lead and deputies (with a warning). A document in
    several languages is fitted whole, each language measured on its own;
    should that fail, each language is fitted alone, which says what is too
    long where."""

    product = variant.product
    members = card_team(pack, product) if product.fewer_people else []
    leads = [m for m in members if m.role in LEADS]
    # Too many for the front: first everyone but the lead and deputies goes (the
    # issue's rule), then the "where to find them" lines.
    tries = [(members, False)]
    if leads != members:
        tries.append((leads, False))
    if members:
        tries.append((leads or members, True))
        # Still too many: the first of them, in order of contact.
        first = leads or members
        tries += [(first[:n], True) for n in range(len(first) - 1, 0, -1)]
    for chosen, compact in tries:
        try:
            laid = _search(
                pack,
                variant,
                renderer,
                _html(pack, variant, chosen, compact),
                (start, ceiling, settled),
                MEASURES[variant.layout](variant),
            )
        except Overflow as overflow:
            last = overflow
            continue
        fitted = Fitted(laid.scale, tuple(chosen), compact)
        return laid, fitted, _left_off(pack, variant, members, chosen, compact)
    if product.cuts:
        # A poster too long for its page leaves off what it must, least first.
        found = _cut(pack, variant, renderer, (start, ceiling, settled), last)
        if not isinstance(found, Overflow):
            return found
        if variant.layout == "side-by-side":
            return _apart(pack, variant, renderer, start, settled)
        last = found
    if variant.layout == "side-by-side":
        return _side_by_side(pack, variant, renderer, start, settled)
    if variant.layout == "sequence":
        return _in_sequence(pack, variant, renderer, start, settled)
    raise SafeprintError([_overflow_problem(pack, last)])


def _search(
    pack: Pack,
    variant: Variant,
    renderer: Renderer,
    make_html: Callable[[float], str],
    bounds: tuple[float, float, bool],
    measure: Callable[[Laid], tuple[float, bool]] | None = None,
    known: Laid | None = None,
) -> Laid:
    """The school's document fitted (:meth:`Renderer.fit` from ``start`` up to
    ``ceiling``, ``settled`` or not, from ``known``: a layout at the floor
    made before), restyled at each try by the variant's type-scale sheet and
    reading the school's own files, every word whole."""
    from generator.render.html import scale_css

    start, ceiling, settled = bounds
    return renderer.fit(
        make_html,
        variant,
        pack.base,
        start,
        ceiling,
        settled,
        partial(scale_css, variant),
        readable(pack),
        measure,
        lambda laid: well_set(laid.document, variant),
        known,
    )


def _cut(
    pack: Pack,
    variant: Variant,
    renderer: Renderer,
    bounds: tuple[float, float, bool],
    uncut: Overflow,
) -> tuple[Laid, Fitted, list[Problem]] | Overflow:
    """The poster at the first grade of leaving off (see
    :mod:`generator.runner.poster`) that fits its page at the legible floor,
    fitted; else how far the last grade runs over. The grades that leave off
    less than the poster with nothing left off (``uncut``, at the floor) runs
    over are passed by unseen; from the first that could fit, each is tried
    with one layout at the floor (each that runs over says, as the poster
    with nothing left off did, which grades after it could fit), and the one
    that fits is searched from there."""
    from generator.layout.overflow import measure_overflow
    from generator.render.html import floor_scale
    from generator.runner.poster import cuts, first_possible

    floor = floor_scale(variant)
    measure = MEASURES[variant.layout](variant)
    grades = len(cuts(pack, variant))
    first = 1
    if uncut.laid is not None and abs(uncut.laid.scale - floor) < 1e-9:
        full = measure(uncut.laid)[0]
        first = first_possible(pack, variant, uncut.laid.document, full)
        if first >= grades and variant.layout == "side-by-side":
            return uncut  # each language gets a page of its own instead
        # Laid out all the same, for what its overflow says.
        first = min(first, grades - 1)
    last = uncut
    grade = first
    while grade < grades:
        laid = _render(pack, variant, renderer, Fitted(floor, cut=grade))
        full, on_pages = measure(laid)
        if not on_pages:
            last = measure_overflow(laid, variant)
            if grade == grades - 1:
                break
            # The next that could fit, judged from this layout as the first
            # was from the poster with nothing left off (and the last all
            # the same, for what its overflow says).
            after = first_possible(pack, variant, laid.document, full)
            grade = min(max(grade + 1, after), grades - 1)
            continue
        laid = _search(
            pack,
            variant,
            renderer,
            _html(pack, variant, [], False, grade),
            bounds,
            measure,
            known=laid,
        )
        fitted = Fitted(laid.scale, compact=True, cut=grade)
        return laid, fitted, _poster_notes(pack, variant, fitted)
    return last


def _apart(
    pack: Pack,
    variant: Variant,
    renderer: Renderer,
    start: float,
    settled: bool,
) -> tuple[Laid, Fitted, list[Problem]]:
    """Languages too long side by side even with all a poster may leave off
    (the team's names and numbers are set once in each half): each on a page
    of its own at the size of one language's poster, Welsh first, to hang
    side by side. A larger sheet is no help, since every size grows with it."""
    whole = replace(variant, apart=True)
    # Too long for half a page with all left off, each language's page is
    # full at its floor (unless a size on other paper settled it): tried
    # there first.
    start = start if settled else 0.0
    # Both pages are set with the most either needed left off: its warning
    # is said once, as a hint's fit says it.
    laid, fitted, _ = _in_sequence(pack, whole, renderer, start, settled)
    fitted = replace(fitted, apart=True)
    return laid, fitted, _poster_notes(pack, variant, fitted)


def _one_page(variant: Variant) -> Callable[[Laid], tuple[float, bool]]:
    """Languages side by side: how far the longer runs down the page (each is
    a block that does not break, so it runs on past the page's foot)."""

    def measure(laid: Laid) -> tuple[float, bool]:
        full = fullness(laid, 1)[0]
        return full, len(laid.document.pages) == 1 and full <= 1.0

    return measure


def _each_language(variant: Variant) -> Callable[[Laid], tuple[float, bool]]:
    """Languages one after another, each starting a page: how full the most
    crowded language's pages are, and whether each keeps to its own."""
    pages = variant.product.pages

    def measure(laid: Laid) -> tuple[float, bool]:
        groups = _language_pages(laid)
        full = max(section_fullness(laid.document, group, pages) for group in groups)
        fits = len(groups) == len(variant.languages) and all(
            len(group) <= pages for group in groups
        )
        return full, fits

    return measure


MEASURES: dict[str, Callable[[Variant], Callable[[Laid], tuple[float, bool]]]] = {
    "single": lambda variant: partial(fullness, pages=variant.pages),
    "side-by-side": _one_page,
    "sequence": _each_language,
}


def _side_by_side(
    pack: Pack,
    variant: Variant,
    renderer: Renderer,
    start: float = 1.0,
    settled: bool = False,
) -> tuple[Laid, Fitted, list[Problem]]:
    """Languages side by side at one type size: each is fitted to its half of
    the page alone (WeasyPrint cannot break two columns across pages evenly),
    and the page is set at the smallest of their sizes, so both are equal.
    Each next language is tried first at the size found so far, and searched
    only below it: the page is never set larger. (The page laid out whole is
    no test of a half: a half that runs over its own page may still end
    inside the whole one.)"""

    share = len(variant.languages)
    scale = ceiling = 1.0
    for code in variant.languages:
        half = replace(variant, languages=(code,), share=share)
        try:
            scale = _search(
                pack,
                half,
                renderer,
                _html(pack, half, [], False),
                (start, ceiling, settled),
            ).scale
        except Overflow as overflow:
            raise SafeprintError(
                [_overflow_problem(pack, replace(overflow, variant=variant))]
            ) from None
        start, ceiling, settled = scale, scale, True
    laid = _render(pack, variant, renderer, Fitted(scale))
    if content_length(laid) > laid.document.pages[0].height:
        raise SafeprintError.single(
            f"{variant.filename}: its languages fit alone but not side by side — "
            "build them as separate files with `language_layout: separate`"
        )
    return laid, Fitted(scale), []


def _in_sequence(
    pack: Pack,
    variant: Variant,
    renderer: Renderer,
    start: float = 1.0,
    settled: bool = False,
) -> tuple[Laid, Fitted, list[Problem]]:
    """Languages one after another, at one type size and with the same people:
    each is fitted alone (a page that overflows pushes every later page on, so
    the whole cannot be measured as one flow), then set as the most crowded
    needed. The whole is laid out first as the first language was fitted:
    when every language keeps to its own pages there, that is it. Else each
    next language starts at the size found so far and is not searched above
    it."""
    fits: list[Fitted] = []
    notes: list[Problem] = []
    ceiling = 1.0
    for index, code in enumerate(variant.languages):
        alone = replace(variant, languages=(code,))
        try:
            _, fitted, left_off = _lay_out(
                pack, alone, renderer, start, settled, ceiling
            )
        except SafeprintError as exc:
            raise SafeprintError(
                [
                    replace(
                        p, message=p.message.replace(alone.filename, variant.filename)
                    )
                    for p in exc.problems
                ]
            ) from None
        fits.append(fitted)
        start, ceiling, settled = fitted.scale, fitted.scale, True
        for note in left_off:
            note = replace(
                note, message=note.message.replace(alone.filename, variant.filename)
            )
            notes += [note] if note not in notes else []
        if index == 0:
            laid = _render(pack, variant, renderer, fitted)
            if _pages_per_language(laid) == [alone.pages] * len(variant.languages):
                return laid, fitted, notes
    fewest = max(fits, key=lambda f: (f.cut, f.compact, -len(f.members)))
    fitted = replace(fewest, scale=min(f.scale for f in fits))
    return _render(pack, variant, renderer, fitted), fitted, notes


def _pages_per_language(laid: Laid) -> list[int]:
    """How many pages each language of a document takes, in order (each starts
    a page of its own)."""
    return [len(group) for group in _language_pages(laid)]


def _language_pages(laid: Laid) -> list[list[Any]]:
    """The pages of each language of a document, in order."""
    groups: dict[str, list[Any]] = {}
    for page in laid.document.pages:
        block = next(
            (
                box
                for box in descendants(page_box(page))
                if "lang-block" in (element_attribute(box, "class") or "").split()
            ),
            None,
        )
        code = element_attribute(block, "lang") if block is not None else ""
        groups.setdefault(code, []).append(page)
    return list(groups.values())


def _set(
    pack: Pack,
    variant: Variant,
    renderer: Renderer,
    hint: Fitted | None,
    start: tuple[float, bool] = (1.0, False),
) -> tuple[Laid, Fitted, list[Problem]]:
    """The document laid out: at its recorded fit, or searched for."""
    from generator.render.html import floor_scale

    floor = floor_scale(variant)
    # A hand-edited manifest is never trusted below the legible floor.
    if hint is not None and floor - 1e-9 <= hint.scale <= 1.0:
        laid = _render(pack, variant, renderer, hint)
        if len(laid.document.pages) == drawn(variant, hint).pages:
            return laid, hint, _hint_notes(pack, variant, hint)
    return _lay_out(pack, variant, renderer, *start)
