"""Build and check schools: the library's entry points.

``build`` runs the whole pipeline for each school file and writes the results;
``check`` runs it as far as asked without writing anything. A school that fails
fails alone: the others are still built.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.checks import (
    adult_problems,
    brand_problems,
    readability_problems,
    review_problems,
)
from generator.colours import PUPIL_RATIO, TEXT_RATIO
from generator.digest import document_key, school_digest
from generator.errors import Problem, SafeprintError, display_path
from generator.layout import Renderer
from generator.make import Built, Options, make_all, variants
from generator.paths import example_schools_dir
from generator.products import PRODUCTS
from generator.resolve import Pack, load_school, stale_facts
from generator.write import Entry, atomic_write, read_manifest, write_manifest


@dataclass
class BuildResult:
    """What a build made, what it skipped and what went wrong."""

    entries: list[Entry] = field(default_factory=list)
    failures: dict[Path, SafeprintError] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    manifest: Path | None = None

    @property
    def ok(self) -> bool:
        return not self.failures


def find_schools(paths: Iterable[Path]) -> list[Path]:
    """School files named directly, or every ``school.yaml`` below a folder."""
    found: list[Path] = []
    for path in paths or [example_schools_dir()]:
        if path.is_dir():
            inside = sorted(path.rglob("school.yaml"))
            if not inside:
                raise SafeprintError.single(
                    "no school.yaml below this folder — name a school file, or make "
                    "one with `safeprint new DIR`",
                    file=path,
                )
            found += inside
        else:
            found.append(path)
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def prepare(source: Path, options: Options | None = None) -> tuple[Pack, list[Problem]]:
    """Load a school and run the checks that need no layout."""
    pack = load_school(source)
    notes = review_problems(pack.loaded, pack.school.review)
    wanted = (options or Options()).only or tuple(PRODUCTS)
    if any(PRODUCTS[p].audience == "pupils" for p in wanted):
        notes += adult_problems(pack.loaded, pack.school)
    errors = [p for p in notes if not p.warning]
    if errors:
        raise SafeprintError(errors)
    brand = pack.school.brand
    notes += readability_problems(pack, pack.school.school.pupil_bands)
    for ratio in (TEXT_RATIO, PUPIL_RATIO):
        notes += brand_problems(pack.loaded, brand.primary, brand.accent, ratio)
    return pack, [_located(w, source) for w in notes + stale_facts(pack)]


def _located(problem: Problem, source: Path) -> Problem:
    """A warning with no file of its own belongs to the school being built."""
    return problem if problem.file else replace(problem, file=source)


@dataclass
class Outcome:
    """One school made (or not): its documents, warnings and errors, unwritten."""

    source: Path
    slug: str = ""
    school: str = ""
    built: list[Built] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # the school's own
    errors: list[Problem] = field(default_factory=list)
    # Files found up to date (their manifest entries), and each variant's inputs.
    kept: list[dict] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)

    @property
    def all_warnings(self) -> list[Problem]:
        return self.warnings + [w for doc in self.built for w in doc.warnings]


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
    try:
        pack, warnings = prepare(source, options)
        if renderer is None:
            return Outcome(
                source, pack.slug, pack.school.school.name, warnings=warnings
            )
        keys, kept = _unchanged(pack, options, previous or {}, out)
        built = make_all(pack, options, renderer, frozenset(kept))
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
    )


def _unchanged(
    pack: Pack, options: Options, previous: dict[str, dict], out: Path | None
) -> tuple[dict[str, str], dict[str, dict]]:
    """Each file's inputs, and the files (by name) that need no new build.

    A product's files (a card and its sheet, say) are kept or rebuilt together.
    """
    school = school_digest(pack)
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
            and _intact(out, entry)
        ):
            kept[variant.filename] = entry
    stale = {(v.product.id, v.band) for v in found if v.filename not in kept}
    kept = {
        v.filename: kept[v.filename]
        for v in found
        if v.filename in kept and (v.product.id, v.band) not in stale
    }
    return keys, kept


def _intact(out: Path, entry: dict) -> bool:
    path = out / entry["path"]
    return path.is_file() and hashlib.sha256(
        path.read_bytes()
    ).hexdigest() == entry.get("sha256")


def build(
    paths: Iterable[Path] = (),
    out: Path = Path("output"),
    options: Options | None = None,
    progress: Callable[[Outcome, int, int], None] | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
) -> BuildResult:
    """Build every product of every school file in ``paths`` into ``out``.

    With ``jobs`` > 1, schools are laid out in that many worker processes, each
    with its own warm renderer; with ``scheduler`` (a Dask scheduler's address),
    on that cluster's workers. Files are written here, one school at a time.
    """
    options = options or Options()
    result = BuildResult()
    slugs: dict[str, Path] = {}
    previous = {entry["path"]: entry for entry in read_manifest(out)}
    sources = find_schools(paths)
    outcomes = (
        _on_cluster(scheduler, sources, options, previous, out)
        if scheduler
        else _outcomes(sources, options, jobs, previous, out)
    )
    for done, outcome in enumerate(outcomes, start=1):
        if not outcome.errors:
            outcome.errors = _slug_problems(slugs, outcome)
        if outcome.errors:
            result.failures[outcome.source] = SafeprintError(outcome.errors)
        else:
            result.warnings += outcome.all_warnings
            for doc in outcome.built:
                result.entries.append(_write(out, outcome, doc))
            for entry in outcome.kept:
                result.entries.append(Entry(**{**entry, "skipped": True}))
        if progress:
            progress(outcome, done, len(sources))
    if result.entries:
        result.manifest = write_manifest(out, result.entries)
    return result


def _outcomes(
    sources: list[Path],
    options: Options,
    jobs: int,
    previous: dict[str, dict],
    out: Path,
) -> Iterator[Outcome]:
    """Each school's outcome, in order: here, or in worker processes."""
    if jobs <= 1 or len(sources) <= 1:
        renderer = Renderer()
        for source in sources:
            yield make_school(source, options, renderer, previous, out)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_start_worker
    ) as pool:
        count = len(sources)
        yield from pool.map(
            _make_in_worker,
            sources,
            [options] * count,
            [previous] * count,
            [out] * count,
        )


def _on_cluster(
    scheduler: str,
    sources: list[Path],
    options: Options,
    previous: dict[str, dict],
    out: Path,
) -> Iterator[Outcome]:
    """The same work on a Dask cluster; results come back in order.

    The workers read the school files (and write nothing): they need the same
    paths as this machine, for example a shared folder.
    """
    try:
        from distributed import Client
    except ImportError:
        raise SafeprintError.single(
            "--scheduler needs Dask: pip install 'safeprint[cluster]'"
        ) from None
    with Client(scheduler) as client:
        futures = client.map(
            _make_on_cluster,
            sources,
            options=options,
            previous=previous,
            out=out,
            pure=False,
        )
        for future in futures:
            yield future.result()


def _make_on_cluster(
    source: Path, options: Options, previous: dict[str, dict], out: Path
) -> Outcome:
    """Run on a Dask worker: one warm renderer per worker process."""
    global _WORKER
    if _WORKER is None:
        _WORKER = Renderer()
    return make_school(source, options, _WORKER, previous, out)


_WORKER: Renderer | None = None


def _start_worker() -> None:
    """Each worker warms one renderer and keeps it for every school it makes."""
    global _WORKER
    _WORKER = Renderer()


def _make_in_worker(
    source: Path, options: Options, previous: dict[str, dict], out: Path
) -> Outcome:
    assert _WORKER is not None
    return make_school(source, options, _WORKER, previous, out)


def check(
    paths: Iterable[Path] = (), *, render: bool = False, options: Options | None = None
) -> BuildResult:
    """Validate (and with ``render`` lay out) every school without writing."""
    options = options or Options()
    result = BuildResult()
    renderer = Renderer() if render else None
    for source in find_schools(paths):
        outcome = make_school(source, options, renderer)
        if outcome.errors:
            result.failures[source] = SafeprintError(outcome.errors)
        else:
            result.warnings += outcome.all_warnings
    return result


def _refuse_strict(
    options: Options, warnings: list[Problem], built: list[Built]
) -> None:
    every = warnings + [w for b in built for w in b.warnings]
    if options.strict and every:
        raise SafeprintError(
            [Problem(str(w).replace("warning: ", "", 1)) for w in every]
        )


def _slug_problems(slugs: dict[str, Path], outcome: Outcome) -> list[Problem]:
    other = slugs.setdefault(outcome.slug, outcome.source)
    if other == outcome.source:
        return []
    return [
        Problem(
            f"would be written to the same folder ({outcome.slug}/) as "
            f"{display_path(other)} — give each school its own name",
            file=outcome.source,
            field="school.name",
        )
    ]


def _write(out: Path, outcome: Outcome, doc: Built) -> Entry:
    relative = Path(outcome.slug) / doc.variant.filename
    atomic_write(out / relative, doc.pdf)
    variant = doc.variant
    return Entry(
        school=outcome.school,
        source=display_path(outcome.source),
        product=variant.product.id,
        variant=list(variant.parts),
        language=variant.language,
        path=relative.as_posix(),
        pages=doc.pages,
        page_size_mm=list(variant.page_mm),
        sha256=hashlib.sha256(doc.pdf).hexdigest(),
        type_scale=round(doc.scale, 3),
        warnings=[str(w) for w in outcome.warnings + doc.warnings],
        inputs=outcome.keys.get(variant.filename, ""),
    )
