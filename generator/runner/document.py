"""Make one document: choose its variants, render, lay out, fit and check it.

Nothing here writes a file; :mod:`generator.runner.build` does that with the results.
The template engine and the QR code are imported where a document is made, so
that checking a school (which only asks for its variants) loads neither.

The parts: :mod:`~generator.runner.variants` chooses the documents,
:mod:`~generator.runner.fitting` fits one (with :mod:`~generator.runner.setting`
setting it at a fit), :mod:`~generator.runner.notes` words what a fit left off,
and :mod:`~generator.runner.fitted` holds what a fit is.
"""

from __future__ import annotations

import logging
from operator import attrgetter

from generator.errors import Problem, SafeprintError
from generator.layout.budget import budget
from generator.layout.drawings import hide_specks
from generator.layout.engine import Renderer, WarningsCaught, import_engine
from generator.options import Options
from generator.products import Variant
from generator.resolve.pack import Pack
from generator.runner.balance import balanced
from generator.runner.fitted import Built, Fitted, drawn, fit_record
from generator.runner.fitting import _set
from generator.runner.notes import _engine_problem
from generator.runner.variants import variants
from generator.validate.rulebook import Context
from generator.validate.rulebook import collect as collect_rules
from generator.write.finish import finish_pdf
from generator.write.impose import impose_pdf


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
        start = (first_try(pack, variant) / larger, False)
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


def first_try(pack: Pack, variant: Variant) -> float:
    """The type scale a document's search tries first: its product's (see
    ``Product.start``), unless the school's lists crowd a page in one
    language into another row or line (``Product.crowded``)."""
    crowded = variant.product.crowded
    if crowded is None or len(variant.languages) > 1:
        return variant.start
    if all(len(attrgetter(name)(pack)) < most for name, most in crowded.when.items()):
        return variant.start
    return crowded.band_start.get(variant.band or "", crowded.start or variant.start)
