"""Where schools are laid out: here, in worker processes, or on a Dask cluster.

Each worker keeps one warm renderer (WeasyPrint imported, fonts configured,
stylesheets parsed, images cached) for every school it is given. Worker
processes are given a school at a time, or, when there are few schools, a
school's products one at a time (a pupil product one age band at a time), so
that even one school keeps every core busy; its parts come back together
before it is written.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from itertools import groupby
from pathlib import Path

from generator.errors import SafeprintError
from generator.layout import Renderer, warm_renderer
from generator.options import Options
from generator.outcome import Outcome
from generator.products import BANDS, PRODUCTS
from generator.school import make_school

# Fewer schools than this many per worker: each is shared out between workers.
SHARE_BELOW = 4


def outcomes(
    sources: list[Path],
    options: Options,
    jobs: int,
    previous: dict[str, dict],
    out: Path,
) -> Iterator[Outcome]:
    """Each school's outcome, in order: here, or in worker processes."""
    products = options.only or tuple(PRODUCTS)
    if jobs <= 1 or len(sources) * len(products) <= 1:
        renderer = warm_renderer()
        for source in sources:
            yield make_school(source, options, renderer, previous, out)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # A few schools are shared out by product and age band, so that every core
    # has work; many go a school a task, which costs less per task (each task
    # reads and checks its school again).
    if len(sources) < SHARE_BELOW * jobs:
        shares = [replace(options, only=(p,), band=b) for p, b in _parts(products)]
    else:
        shares = [options]
    tasks = [(source, share) for source in sources for share in shares]
    context = multiprocessing.get_context("fork")
    # The last manifest reaches the workers as they fork, not with each task
    # (for hundreds of schools it is large, and tasks are many).
    global _PREVIOUS
    _PREVIOUS = previous
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_start_worker
    ) as pool:
        parts = pool.map(
            _make_in_worker,
            [source for source, _ in tasks],
            [share for _, share in tasks],
            [out] * len(tasks),
        )
        for _, school in groupby(parts, key=lambda part: part.source):
            yield joined(list(school))


def _parts(products: tuple[str, ...]) -> list[tuple[str, str | None]]:
    """A school's work in shares: each staff product, and each pupil product
    age band by age band (a band the school does not teach makes nothing)."""
    return [
        (product, band)
        for product in products
        for band in (BANDS if PRODUCTS[product].audience == "pupils" else (None,))
    ]


def joined(parts: list[Outcome]) -> Outcome:
    """One school's outcome from the outcomes of its products, in order."""
    first = parts[0]
    # Every share reads the same school file: each problem is kept once.
    errors = list(dict.fromkeys(e for part in parts for e in part.errors))
    if errors:
        return Outcome(first.source, errors=errors)
    return Outcome(
        first.source,
        first.slug,
        first.school,
        [doc for part in parts for doc in part.built],
        list(dict.fromkeys(w for part in parts for w in part.warnings)),
        kept=[entry for part in parts for entry in part.kept],
        keys={k: v for part in parts for k, v in part.keys.items()},
        # A school file changed while its parts were made is not recorded as one.
        inputs=first.inputs if len({p.inputs for p in parts}) == 1 else "",
        named=first.named,
        checked_on=min(part.checked_on for part in parts),
    )


def on_cluster(
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
_PREVIOUS: dict[str, dict] = {}


def _start_worker() -> None:
    """Each worker warms one renderer and keeps it for every school it makes."""
    global _WORKER
    _WORKER = Renderer()


def _make_in_worker(source: Path, options: Options, out: Path) -> Outcome:
    assert _WORKER is not None
    return make_school(source, options, _WORKER, _PREVIOUS, out)
