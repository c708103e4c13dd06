"""One school, from its file to its laid-out documents (nothing written).

The unit of work a build hands to a worker process or a cluster: it returns an
:class:`Outcome` that pickles, and never raises for a school's own mistakes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from generator.budget import budget, collect_after_school
from generator.checks import (
    adult_problems,
    brand_problems,
    contact_problems,
    default_wording_problems,
    readability_problems,
    review_problems,
)
from generator.confine import folder_problem
from generator.digest import document_key, inputs_digest, named_files
from generator.errors import Problem, SafeprintError
from generator.images import warm_imports
from generator.layout import Renderer
from generator.make import (
    Built,
    Fitted,
    fit_from,
    make_all,
    refused_sizes,
    variants,
)
from generator.options import Options
from generator.outcome import Outcome
from generator.products import PRODUCTS
from generator.resolve import Pack, load_school, stale_facts
from generator.translate import language_problems
from generator.write import intact


def prepare(
    source: Path, options: Options | None = None, text: str | None = None
) -> tuple[Pack, list[Problem]]:
    """Load a school (from ``text``, when given, as if it were the file's) and
    run the checks that need no layout."""
    pack = load_school(source, text)
    notes = [
        Problem(f"{name}/ {why}", file=source)
        for name in ("templates", "languages")
        if (why := folder_problem(pack.base / name, pack.base))
    ]
    notes += review_problems(pack.loaded, pack.school.review)
    notes += language_problems(pack)
    notes += contact_problems(pack)
    wanted = (options or Options()).only or tuple(PRODUCTS)
    # In the order of the products they are about: a build shared out by
    # product gives its warnings in that order.
    if "staff-briefing" in wanted:
        notes += default_wording_problems(pack)
    if any(PRODUCTS[p].audience == "pupils" for p in wanted):
        notes += adult_problems(pack.loaded, pack.school)
    errors = [p for p in notes if not p.warning]
    if errors:
        raise SafeprintError(errors)
    notes += refused_sizes(pack, options or Options())
    errors = [p for p in notes if not p.warning]
    if errors:
        raise SafeprintError(errors)
    brand = pack.school.brand
    notes += readability_problems(pack, pack.school.school.pupil_bands)
    notes += brand_problems(pack.loaded, brand.primary, brand.accent)
    return pack, [_located(w, source) for w in notes + stale_facts(pack)]


def _located(problem: Problem, source: Path) -> Problem:
    """A warning with no file of its own belongs to the school being built."""
    return problem if problem.file else replace(problem, file=source)


def make_school(
    source: Path,
    options: Options,
    renderer: Renderer | None,
    previous: dict[str, dict] | None = None,
    out: Path | None = None,
) -> Outcome:
    """Load, check and (with a renderer) lay out every document of one school.

    With ``previous`` (the last manifest's entries) and ``out``, documents whose
    inputs are unchanged and whose files are intact are kept, not laid out.
    """
    # The day the checks ran: a review or verified date may pass tomorrow.
    checked_on = dt.date.today().isoformat()
    try:
        # A school file can be slow to read on purpose (many pictures, aliases):
        # its loading has the same limits as the layout of one document. What
        # loading imports is imported first: a module stopped half-imported
        # would be broken for the schools after.
        warm_imports()
        with budget(source.name, options.time_limit, options.memory_limit, "load"):
            pack, warnings = prepare(source, options)
        if renderer is None:
            return Outcome(
                source, pack.slug, pack.school.school.name, warnings=warnings
            )
        named = named_files(pack)
        inputs = inputs_digest(source, named)
        keys, kept = _unchanged(pack, inputs, options, previous or {}, out)
        hints = _hints(pack, keys, previous or {})
        built: list[Built] = []
        failed: dict[str, list[Problem]] = {}
        try:
            built = make_all(pack, options, renderer, frozenset(kept), hints, failed)
        finally:
            # This school's images (and QR code) are not needed again, nor its
            # layouts: a worker that builds thousands of schools keeps flat
            # memory.
            renderer.forget_images()
            collect_after_school(max(1, len(built)))
        _refuse_strict(options, warnings, built)
    except SafeprintError as exc:
        return Outcome(source, errors=exc.problems)
    return Outcome(
        source,
        pack.slug,
        pack.school.school.name,
        built,
        warnings,
        kept=list(kept.values()),
        keys=keys,
        inputs=inputs,
        named=named,
        checked_on=checked_on,
        failed=failed,
    )


def _unchanged(
    pack: Pack,
    school: str,
    options: Options,
    previous: dict[str, dict],
    out: Path | None,
) -> tuple[dict[str, str], dict[str, dict]]:
    """Each file's inputs (``school``'s, and what the file is), and the files
    (by name) that need no new build.

    A product's files (a card and its sheet, say) are kept or rebuilt together.
    With ``--strict``, a file that had warnings is made again, so that they
    are found and refuse it as they would have at first.
    """
    found = variants(pack, options)
    keys = {v.filename: document_key(school, v) for v in found}
    if out is None or options.force:
        return keys, {}
    kept = {}
    for variant in found:
        entry = previous.get(f"{pack.slug}/{variant.filename}")
        if (
            entry
            and entry.get("inputs") == keys[variant.filename]
            and intact(out, entry)
            and not (options.strict and entry.get("warnings"))
        ):
            kept[variant.filename] = entry
    stale = {(v.product.id, v.band) for v in found if v.filename not in kept}
    kept = {
        v.filename: kept[v.filename]
        for v in found
        if v.filename in kept and (v.product.id, v.band) not in stale
    }
    return keys, kept


def _hints(
    pack: Pack, keys: dict[str, str], previous: dict[str, dict]
) -> dict[str, Fitted]:
    """Fits found before for documents whose inputs have not changed since."""
    hints = {}
    for filename, key in keys.items():
        entry = previous.get(f"{pack.slug}/{filename}") or {}
        if entry.get("inputs") == key and entry.get("fitted"):
            fitted = fit_from(pack, entry["fitted"])
            if fitted is not None:
                hints[filename] = fitted
    return hints


def _refuse_strict(
    options: Options, warnings: list[Problem], built: list[Built]
) -> None:
    every = warnings + [w for b in built for w in b.warnings]
    if options.strict and every:
        raise SafeprintError(
            [Problem(str(w).replace("warning: ", "", 1)) for w in every]
        )
