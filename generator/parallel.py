"""Where schools are laid out: here, in worker processes, or on a Dask cluster.

Each worker keeps one warm renderer (WeasyPrint imported, fonts configured,
stylesheets parsed, images cached) for every school it is given.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from generator.errors import SafeprintError
from generator.layout import Renderer, warm_renderer
from generator.make import Options
from generator.school import Outcome, make_school


def outcomes(
    sources: list[Path],
    options: Options,
    jobs: int,
    previous: dict[str, dict],
    out: Path,
) -> Iterator[Outcome]:
    """Each school's outcome, in order: here, or in worker processes."""
    if jobs <= 1 or len(sources) <= 1:
        renderer = warm_renderer()
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


def _start_worker() -> None:
    """Each worker warms one renderer and keeps it for every school it makes."""
    global _WORKER
    _WORKER = Renderer()


def _make_in_worker(
    source: Path, options: Options, previous: dict[str, dict], out: Path
) -> Outcome:
    assert _WORKER is not None
    return make_school(source, options, _WORKER, previous, out)
