"""One school, from its file to its laid-out documents (nothing written).

The unit of work a build hands to a worker process or a cluster: it returns an
:class:`Outcome` that pickles, and never raises for a school's own mistakes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import Problem, SafeprintError
from generator.layout.budget import budget, collect_after_school
from generator.options import Options
from generator.render.images import warm_imports
from generator.resolve.pack import Pack, load_school
from generator.runner.outcome import Outcome
from generator.validate.rulebook import Context
from generator.validate.rulebook import run as run_rules

if TYPE_CHECKING:
    from generator.layout.engine import Renderer
    from generator.runner.fitted import Built, Fitted
    from generator.write.manifest import Memory


def prepare(
    source: Path,
    options: Options | None = None,
    text: str | None = None,
    today: dt.date | None = None,
) -> tuple[Pack, list[Problem]]:
    """Load a school (from ``text``, when given, as if it were the file's) and
    run the rules that need no layout, as on ``today`` (by default, today)."""
    today = today or dt.date.today()
    pack = load_school(source, text)
    context = Context(
        source, today, options or Options(), pack.loaded, pack.school, pack
    )
    return pack, [_located(w, source) for w in run_rules("school", context)]


def _located(problem: Problem, source: Path) -> Problem:
    """A warning with no file of its own belongs to the school being built."""
    return problem if problem.file else replace(problem, file=source)


def make_school(
    source: Path,
    options: Options,
    renderer: Renderer | None,
    memory: Memory | None = None,
) -> Outcome:
    """Load, check and (with a renderer) lay out every document of one school.

    With ``memory`` (the last build into the output folder), documents whose
    inputs are unchanged and whose files are intact are kept, not laid out.
    """
    # The day the checks ran: a review or verified date may pass tomorrow.
    today = dt.date.today()
    try:
        # A school file can be slow to read on purpose (many pictures, aliases):
        # its loading has the same limits as the layout of one document. What
        # loading imports is imported first: a module stopped half-imported
        # would be broken for the schools after.
        warm_imports()
        with budget(source.name, options.time_limit, options.memory_limit, "load"):
            pack, warnings = prepare(source, options, today=today)
        if renderer is None:
            return Outcome(
                source, pack.slug, pack.school.school.name, warnings=warnings
            )
        return _laid_out(source, pack, warnings, options, renderer, memory, today)
    except SafeprintError as exc:
        return Outcome(source, errors=exc.problems)


def _laid_out(
    source: Path,
    pack: Pack,
    warnings: list[Problem],
    options: Options,
    renderer: Renderer,
    memory: Memory | None,
    today: dt.date,
) -> Outcome:
    """Every document of a loaded school laid out, or kept from ``memory``."""
    # Imported here: checking a school lays nothing out, and starts faster
    # without the layout engine and the writers.
    from generator.runner.document import make_all
    from generator.runner.variants import variants
    from generator.write.digest import document_key, inputs_digest, named_files
    from generator.write.manifest import Memory

    named = named_files(pack)
    inputs = inputs_digest(source, named)
    memory = memory or Memory()
    found = variants(pack, options)
    keys = {v.filename: document_key(inputs, v) for v in found}
    kept = memory.kept_documents(pack.slug, found, keys, options)
    hints = _hints(pack, keys, memory)
    built: list[Built] = []
    failed: dict[str, list[Problem]] = {}
    try:
        built = make_all(pack, options, renderer, frozenset(kept), hints, failed)
    finally:
        # This school's images (and QR code) are not needed again, nor its
        # layouts: a worker that builds thousands of schools keeps flat memory.
        renderer.forget_images()
        collect_after_school(max(1, len(built)))
    _refuse_strict(options, warnings, built)
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
        checked_on=today.isoformat(),
        failed=failed,
    )


def _hints(pack: Pack, keys: dict[str, str], memory: Memory) -> dict[str, Fitted]:
    """Fits found before for documents whose inputs have not changed since."""
    from generator.runner.fitted import fit_from

    hints = {}
    for filename, key in keys.items():
        record = memory.fitted(pack.slug, filename, key)
        fitted = fit_from(pack, record) if record else None
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
