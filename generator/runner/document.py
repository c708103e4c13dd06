"""Make one document: choose its variants, render, lay out, fit and check it.

Nothing here writes a file; :mod:`generator.runner.build` does that with the results.
The template engine and the QR code are imported where a document is made, so
that checking a school (which only asks for its variants) loads neither.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from generator.audiences import Audience
from generator.errors import Problem, SafeprintError
from generator.layout.budget import budget
from generator.layout.drawings import hide_specks
from generator.layout.engine import (
    Laid,
    Overflow,
    Renderer,
    WarningsCaught,
    content_length,
    descendants,
    element_attribute,
    finish_pdf,
    fullness,
    import_engine,
    page_box,
    section_fullness,
)
from generator.options import Options
from generator.products import (
    A4_CARDS,
    PRODUCTS,
    PUPIL_LEAFLET,
    PUPIL_POSTER,
    STAFF_CARD,
    STAFF_POSTER,
    Variant,
)
from generator.resolve.pack import Pack
from generator.runner.balance import balanced
from generator.validate.checks import html_glyph_problems
from generator.validate.models import TeamMember
from generator.validate.rulebook import Context, register
from generator.validate.rulebook import collect as collect_rules
from generator.write.digest import readable
from generator.write.impose import impose_pdf

LEADS = ("dsl", "deputy-dsl")


@dataclass(frozen=True)
class Fitted:
    """How a document was made to fit: its type scale and who is on it."""

    scale: float
    members: tuple[TeamMember, ...] = ()
    compact: bool = False
    # A poster's grade of leaving off (see generator.runner.poster), and
    # whether its languages, too long side by side, each take a page.
    cut: int = 0
    apart: bool = False


@dataclass
class Built:
    """One document laid out and checked, not yet written."""

    variant: Variant
    pdf: bytes
    pages: int
    warnings: list[Problem]
    fitted: Fitted
    # The fit as the manifest keeps it (see ``fit_record``).
    record: dict[str, Any] = field(default_factory=dict)

    @property
    def scale(self) -> float:
        return self.fitted.scale


def fit_record(pack: Pack, fitted: Fitted) -> dict[str, Any]:
    """A fit as plain data: the exact scale, and the card's people by position."""
    return {
        "scale": fitted.scale,
        "team": [pack.school.team.index(m) for m in fitted.members],
        "compact": fitted.compact,
        "cut": fitted.cut,
        "apart": fitted.apart,
    }


def fit_from(pack: Pack, record: dict[str, Any]) -> Fitted | None:
    """The fit a manifest recorded, if it still names people of this team."""
    try:
        members = tuple(pack.school.team[i] for i in record.get("team", []))
        return Fitted(
            float(record["scale"]),
            members,
            bool(record.get("compact")),
            int(record.get("cut", 0)),
            bool(record.get("apart")),
        )
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def variants(pack: Pack, options: Options) -> list[Variant]:
    """Every file to make for one school, in an order where a sheet follows the
    single pages it imposes."""
    made = []
    for variant in _sizes(pack, options):
        groups = language_groups(pack, variant.product.audience)
        # Names carry the language where the product is in more than English.
        named = groups != [("en",)]
        made += [replace(variant, languages=g, named=named) for g in groups]
    made = [v for v in made if not _too_small(pack, v)]
    if options.band is not None:
        made = [v for v in made if v.band == options.band]
    if options.press is not None:
        # For a print shop: every page with bleed and marks, and no office sheet
        # of cards (the shop imposes the single card on its own sheets).
        made = [
            replace(v, press=options.press, marks=True) for v in made if v.sheet is None
        ]
    return _alike(made)


def _alike(made: list[Variant]) -> list[Variant]:
    """Each document made again on other paper names the size made first, whose
    fit its search starts from."""
    first: dict[tuple[str, str | None, tuple[str, ...]], str] = {}
    for i, variant in enumerate(made):
        if variant.sheet is None:
            key = (variant.product.id, variant.band, variant.languages)
            if first.setdefault(key, variant.size) != variant.size:
                made[i] = replace(variant, like=first[key])
    return made


@register("school", step=1)
def _sizes_asked_for(context: Context) -> list[Problem]:
    """A rule of the school phase (see generator.validate.rulebook): the sizes
    asked for on the command line that are not made."""
    assert context.pack is not None
    return refused_sizes(context.pack, context.options)


def refused_sizes(pack: Pack, options: Options) -> list[Problem]:
    """A size asked for on the command line that is not made, with the reason:
    an error where it was all that was asked of its product, else a warning."""
    problems = []
    for variant in _sizes(pack, options):
        for group in language_groups(pack, variant.product.audience):
            one = replace(variant, languages=group)
            # Only a size asked for by name: a school's own list is its choice.
            if one.size not in options.sizes or not _too_small(pack, one):
                continue
            alone = all(size == one.size for size in options.sizes)
            settings = "pupil-poster" if one.product is PUPIL_POSTER else "staff-poster"
            problems.append(
                Problem(
                    f"{one.product.id} is not made on {one.size.upper()} in "
                    f"{' and '.join(_language_names(group))} side by side: each "
                    "language would get an A5 half, too small to read across a "
                    "room — build A3 or A2, or list a4 under products: "
                    f"{settings}: sizes: in the school file to make it anyway",
                    file=pack.source,
                    warning=not alone,
                )
            )
    return list(dict.fromkeys(problems))


def _language_names(codes: tuple[str, ...]) -> list[str]:
    names = {"cy": "Welsh", "en": "English"}
    return [names.get(code, code) for code in codes]


def _too_small(pack: Pack, variant: Variant) -> bool:
    """An A4 poster in two languages side by side gives each an A5 half: too
    small to read across a room, unless the school's file lists a4 for that
    poster (a `--size a4` on the command line does not)."""
    if variant.layout != "side-by-side" or variant.size != "a4":
        return False
    products = pack.school.products
    poster = variant.product is PUPIL_POSTER
    settings = products.pupil_poster if poster else products.staff_poster
    return "a4" not in settings.sizes or "sizes" not in settings.model_fields_set


def language_groups(pack: Pack, audience: Audience) -> list[tuple[str, ...]]:
    """The languages of a product's files: Welsh and English together when the
    school is bilingual, each other language on its own. A language that
    covers only pupil products gives staff products in English."""
    from generator.resolve.translate import school_language

    school = pack.school
    codes = [
        code
        for code in school.languages
        if code == "en" or school_language(pack, code).covers(audience)
    ] or ["en"]
    if school.language_layout == "bilingual" and {"cy", "en"} <= set(codes):
        rest = [(code,) for code in codes if code not in ("cy", "en")]
        at = min(codes.index("cy"), codes.index("en"))
        return rest[:at] + [("cy", "en")] + rest[at:]
    return [(code,) for code in codes]


def _sizes(pack: Pack, options: Options) -> list[Variant]:
    made: list[Variant] = []
    settings = pack.school.products
    bands = pack.school.school.pupil_bands
    for product_id in options.only or tuple(PRODUCTS):
        product = PRODUCTS[product_id]
        if product is STAFF_CARD:
            # The print-shop file always has bleed and marks; the office sheet never.
            made += [
                Variant(product, "card", marks=True),
                Variant(product, "card", sheet=A4_CARDS),
            ]
        elif product is STAFF_POSTER:
            sizes = options.sizes or tuple(settings.staff_poster.sizes)
            made += [Variant(product, size, marks=options.marks) for size in sizes]
        elif product is PUPIL_POSTER:
            asked = [size for size in options.sizes if size in product.sizes]
            sizes = asked or settings.pupil_poster.sizes
            made += [
                Variant(product, size, marks=options.marks, band=band)
                for band in bands
                for size in sizes
            ]
        elif product is PUPIL_LEAFLET:
            made += [
                Variant(product, "a4", marks=options.marks, band=band) for band in bands
            ]
        else:
            made += [
                Variant(product, size, marks=options.marks) for size in product.sizes
            ]
    return made


def make_all(
    pack: Pack,
    options: Options,
    renderer: Renderer,
    skip: frozenset[str] = frozenset(),
    hints: dict[str, Fitted] | None = None,
    failed: dict[str, list[Problem]] | None = None,
) -> list[Built]:
    """Every document of one school but those in ``skip``; a sheet is the
    single pages made just before it, imposed. With ``failed``, a document that
    cannot be made is recorded there (its problems by its file name) and the
    others are still made; without it, the first such document stops the
    school. ``hints`` are fits found before
    for documents with the same inputs: tried first, they save the search. A
    document made again on other paper starts its search from the fit the
    first size settled on (posters on A4 and A3 are drawn alike, so fit
    alike)."""
    import_engine()  # before any time limit starts
    built: list[Built] = []
    # The single documents made so far of each product, band and languages.
    alike: dict[tuple[str, str | None, tuple[str, ...]], list[Built]] = {}
    for variant in variants(pack, options):
        if variant.filename in skip:
            continue
        key = (variant.product.id, variant.band, variant.languages)
        earlier = alike.setdefault(key, [])
        try:
            with budget(variant.filename, options.time_limit, options.memory_limit):
                if variant.sheet and not earlier:
                    raise SafeprintError.single(
                        f"{variant.filename}: not made, since the page it "
                        "repeats could not be made (see above)"
                    )
                if variant.sheet:
                    doc = make_sheet(pack, variant, earlier[-1], renderer)
                else:
                    first = earlier[0].scale if variant.like and earlier else None
                    doc = make(
                        pack,
                        variant,
                        renderer,
                        hint=(hints or {}).get(variant.filename),
                        start=(first, True) if first else None,
                    )
                    earlier.append(doc)
        except SafeprintError as exc:
            if failed is None:
                raise
            failed[variant.filename] = exc.problems
            continue
        built.append(doc)
    return built


def make_sheet(
    pack: Pack, variant: Variant, single: Built, renderer: Renderer
) -> Built:
    """The sheet a single document's pages are imposed on: the document's own
    PDF, each page cut to its trim box and placed in every slot (its tags,
    title and languages kept), so nothing is laid out again. Checked as any
    PDF is; its fit and warnings are the single document's."""
    pdf = impose_pdf(single.pdf, variant.sheet)  # type: ignore[arg-type]
    found = collect_rules("document", Context(pack.source, pdf=pdf, variant=variant))
    if found:
        raise SafeprintError(found)
    return Built(variant, pdf, single.pages, [], single.fitted, single.record)


def make(
    pack: Pack,
    variant: Variant,
    renderer: Renderer,
    hint: Fitted | None = None,
    start: tuple[float, bool] | None = None,
) -> Built:
    """Render, lay out, fit and check one document.

    A ``hint`` is the fit an earlier build found for the same inputs: the search
    gives the same answer, so it is laid out once at that fit, and searched only
    if it does not fit after all. A search tries ``start`` first (a scale, and
    whether a search for a document drawn alike settled on it), else the
    product's own first try.
    """
    if start is None:
        from generator.render.html import apparent_size

        # Type set larger than its scale says runs longer: it starts as small.
        larger = apparent_size(variant) if variant.product.follows_type else 1.0
        start = (variant.start / larger, False)
    caught = WarningsCaught()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(caught)
    try:
        laid, fitted, notes = _set(pack, variant, renderer, hint, start)
        variant = drawn(variant, fitted)
        laid = balanced(pack, variant, renderer, laid, fitted)
        hide_specks(laid.document)  # a drawing squeezed to a few mm: left out
        pdf = finish_pdf(laid.document, variant)
    except Exception as exc:
        raise _engine_problem(pack, variant, exc) from exc
    finally:
        logger.removeHandler(caught)
    context = Context(
        pack.source,
        variant=variant,
        pdf=pdf,
        document=laid.document,
        messages=tuple(caught.messages),
    )
    found = collect_rules("document", context)
    errors = [p for p in found if not p.warning]
    if errors:
        raise SafeprintError(errors)
    notes = notes + found
    return Built(
        variant, pdf, len(laid.document.pages), notes, fitted, fit_record(pack, fitted)
    )


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

    members = card_team(pack) if variant.product is STAFF_CARD else []
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
    if variant.product is STAFF_POSTER:
        # A poster too long for its page leaves off what it must, least first.
        found = _cut(pack, variant, renderer, start, settled, ceiling)
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
) -> Laid:
    """The school's document fitted (:meth:`Renderer.fit` from ``start`` up to
    ``ceiling``, ``settled`` or not), restyled at each try by the variant's
    type-scale sheet and reading the school's own files."""
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
    )


def _cut(
    pack: Pack,
    variant: Variant,
    renderer: Renderer,
    start: float,
    settled: bool,
    ceiling: float,
) -> tuple[Laid, Fitted, list[Problem]] | Overflow:
    """The poster at the first grade of leaving off (see
    :mod:`generator.runner.poster`) that fits its page at the legible floor,
    fitted; else how far the last grade runs over. Each grade is tried with
    one layout at the floor, and only the one that fits is searched."""
    from generator.layout.engine import measure_overflow
    from generator.render.html import apparent_size
    from generator.runner.poster import cuts

    floor = variant.floor_pt / (variant.design_pt * apparent_size(variant))
    measure = MEASURES[variant.layout](variant)
    for grade in range(1, len(cuts(pack, variant))):
        laid = _render(pack, variant, renderer, Fitted(floor, cut=grade))
        if not measure(laid)[1]:
            last = measure_overflow(laid, variant)
            continue
        laid = _search(
            pack,
            variant,
            renderer,
            _html(pack, variant, [], False, grade),
            (start, ceiling, settled),
            measure,
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
    # Both pages are set with the most either needed left off: its warning
    # is said once, as a hint's fit says it.
    laid, fitted, _ = _in_sequence(pack, whole, renderer, start, settled)
    fitted = replace(fitted, apart=True)
    return laid, fitted, _poster_notes(pack, variant, fitted)


def drawn(variant: Variant, fitted: Fitted) -> Variant:
    """The variant as its fit draws it: languages a page each when apart."""
    return replace(variant, apart=True) if fitted.apart else variant


def _poster_notes(pack: Pack, variant: Variant, fitted: Fitted) -> list[Problem]:
    """Warnings for what a poster's fit left off, and set apart."""
    from generator.runner.poster import left_off

    said = []
    if fitted.apart:
        said.append(
            f"{' and '.join(_language_names(variant.languages))} do not fit side "
            f"by side on one {variant.size.upper()} sheet at "
            f"{variant.floor_pt:.3g} pt (the team's names and numbers are set "
            "in each half), so each language has a page of its own, "
            f"{_language_names(variant.languages)[0]} first, to hang side by "
            "side — a shorter team: list puts them on one sheet"
        )
    cut = left_off(pack, drawn(variant, fitted), fitted.cut)
    said += [cut] if cut else []
    return [
        Problem(
            f"{variant.filename}: {note}", warning=True, file=pack.source, field="team"
        )
        for note in said
    ]


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
        code = block.element.get("lang") if block is not None else ""
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
    from generator.render.html import apparent_size

    floor = variant.floor_pt / (variant.design_pt * apparent_size(variant))
    # A hand-edited manifest is never trusted below the legible floor.
    if hint is not None and floor - 1e-9 <= hint.scale <= 1.0:
        laid = _render(pack, variant, renderer, hint)
        if len(laid.document.pages) == drawn(variant, hint).pages:
            return laid, hint, _hint_notes(pack, variant, hint)
    return _lay_out(pack, variant, renderer, *start)


def _engine_problem(pack: Pack, variant: Variant, exc: Exception) -> Exception:
    """WeasyPrint failing on a school's own template is that school's error
    (its CSS, most likely), not a crash; on safeprint's templates it is a bug."""
    own = pack.base / "templates"
    if isinstance(exc, SafeprintError) or not own.is_dir():
        return exc
    return SafeprintError.single(
        f"{variant.filename}: WeasyPrint could not make this document "
        f"({type(exc).__name__}: {exc}) — the school's own templates are the "
        "likely cause: check their HTML and CSS, or remove them to use the "
        "built-in ones",
        file=own,
    )


def _hint_notes(pack: Pack, variant: Variant, hint: Fitted) -> list[Problem]:
    """The warnings the search would have given for this fit."""
    if variant.product is STAFF_POSTER:
        return _poster_notes(pack, variant, hint)
    if variant.product is not STAFF_CARD:
        return []
    return _left_off(pack, variant, card_team(pack), list(hint.members), hint.compact)


def _left_off(
    pack: Pack,
    variant: Variant,
    members: list[TeamMember],
    chosen: list[TeamMember],
    compact: bool,
) -> list[Problem]:
    """Warnings for what a crowded card had to leave out."""
    notes = []
    names = ", ".join(m.name for m in members if m not in chosen)
    everyone = all(m in chosen for m in members if m.role in LEADS)
    if names and everyone:
        notes.append(
            f"only the safeguarding lead and deputies fit on the card; "
            f"left off: {names}"
        )
    elif names:
        notes.append(
            f"only the first {len(chosen)} of the team fit on the card; left off: "
            f"{names} — choose who with products: staff-card: team:"
        )
    if compact and any(m.where for m in chosen):
        notes.append(
            "no room on the card for where to find each person (the "
            "poster still shows it) — choose fewer people with "
            "products: staff-card: team:"
        )
    return [
        Problem(
            f"{variant.filename}: {note}", warning=True, file=pack.source, field="team"
        )
        for note in notes
    ]


def _overflow_problem(pack: Pack, overflow: Overflow) -> Problem:
    """Locate an overflow at the part of the school file the school can shorten."""
    locs = overflow.variant.product.parts

    def in_school_file(part: str) -> bool:
        return locs.get(part, ("?",)) in pack.loaded.positions

    part = overflow.largest(in_school_file)
    return pack.loaded.problem(locs.get(part, ()), overflow.message(part))


def _html(
    pack: Pack,
    variant: Variant,
    members: list[TeamMember],
    compact: bool,
    grade: int = 0,
) -> Callable[[float], str]:
    """The document's HTML at a given type scale; its characters checked once,
    in the first HTML asked for (the words are the same at every scale)."""
    from generator.render.html import render_html

    extra = _context(pack, variant, members)
    extra["compact"] = compact
    if variant.product is STAFF_POSTER:
        from generator.runner.poster import cut_at

        extra["cut"] = cut_at(pack, variant, grade)
    checked = False

    def at(scale: float) -> str:
        nonlocal checked
        html = render_html(pack, variant, scale=scale, extra=extra)
        if not checked:
            errors = html_glyph_problems(html, variant.filename)
            if errors:
                raise SafeprintError(errors)
            checked = True
        return html

    return at


def _render(pack: Pack, variant: Variant, renderer: Renderer, fitted: Fitted) -> Laid:
    """The document at a fit, set as the search sets it: its type size by the
    same sheet (:func:`scale_css`), which a school's own CSS cannot undo."""
    variant = drawn(variant, fitted)
    html = _html(pack, variant, list(fitted.members), fitted.compact, fitted.cut)(
        fitted.scale
    )
    from generator.render.html import scale_css

    restyle = scale_css(variant, fitted.scale)
    laid = renderer.render(html, variant, pack.base, restyle, readable(pack))
    return Laid(laid, fitted.scale)


def _context(pack: Pack, variant: Variant, members: list[TeamMember]) -> dict[str, Any]:
    from generator.render.qr import qr_data_uri
    from generator.runner.poster import cut_at

    website = pack.school.school.website
    return {
        "qr": qr_data_uri(website) if website else None,
        "card_team": members,
        # A poster with nothing left off (see generator.runner.poster).
        "cut": cut_at(pack, variant, 0) if variant.product is STAFF_POSTER else None,
    }


def card_team(pack: Pack) -> list[TeamMember]:
    """The people on the staff card: those the school chose, else the lead and
    deputies."""
    chosen = pack.school.products.staff_card.team
    if chosen is None:
        return pack.safeguarding_team
    by_name = {m.name: m for m in pack.school.team}
    return [by_name[name] for name in chosen]
