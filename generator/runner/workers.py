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
from typing import Any

from generator.errors import Problem, SafeprintError, UsageProblem
from generator.layout.engine import Renderer, warm_renderer
from generator.options import Options
from generator.products import products
from generator.runner.outcome import Outcome
from generator.runner.school import make_school
from generator.vocabulary import BANDS
from generator.write.manifest import Memory

# Fewer schools than this many per worker: each is shared out between workers.
SHARE_BELOW = 4


def outcomes(
    sources: list[Path],
    options: Options,
    jobs: int,
    memory: Memory,
) -> Iterator[Outcome]:
    """Each school's outcome, in order: here, or in worker processes."""
    wanted = options.only or tuple(products())
    if jobs <= 1 or len(sources) * len(wanted) <= 1:
        renderer = warm_renderer()
        for source in sources:
            yield make_school(source, options, renderer, memory)
        return
    # A few schools are shared out by product and age band, so that every core
    # has work; many go a school a task, which costs less per task (each task
    # reads and checks its school again).
    if len(sources) < SHARE_BELOW * jobs:
        shares = [replace(options, only=(p,), band=b) for p, b in _parts(wanted)]
    else:
        shares = [options]
    tasks = [(source, share) for source in sources for share in shares]
    parts = _run(tasks, jobs, memory)
    for _, school in groupby(parts, key=lambda part: part.source):
        yield joined(list(school))


def _run(
    tasks: list[tuple[Path, Options]], jobs: int, memory: Memory
) -> Iterator[Outcome]:
    """Each task's outcome, in order, from a pool of ``jobs`` worker processes.

    A worker the system kills (for memory, say) breaks the pool: a new one
    takes the tasks left. Those that were being made when it broke are each
    made again alone, so that the one that kills its worker is known: it is
    reported as failed, and the others go on."""
    import multiprocessing

    global _STARTED
    context = multiprocessing.get_context("fork")
    _STARTED = context.Array("b", len(tasks), lock=False)
    done: dict[int, Outcome] = {}
    given = 0

    def ready() -> Iterator[Outcome]:
        nonlocal given
        while given in done:
            yield done.pop(given)
            given += 1

    left = list(range(len(tasks)))
    while left:
        running = _in_pool(tasks, left, jobs, memory, context, done)
        while (broken := next(running, None)) is None:
            yield from ready()
        if not broken:
            break
        suspects = [i for i in broken if _STARTED[i]]
        if not suspects:
            raise RuntimeError("worker processes stopped before making anything")
        for index in suspects:
            alone = _in_pool(tasks, [index], 1, memory, context, done)
            if list(alone)[-1]:
                done[index] = _killed(tasks[index][0])
            yield from ready()
        left = [i for i in broken if i not in suspects]
    yield from ready()


def _in_pool(
    tasks: list[tuple[Path, Options]],
    indexes: list[int],
    jobs: int,
    memory: Memory,
    context: object,
    done: dict[int, Outcome],
) -> Iterator[list[int] | None]:
    """Make ``indexes`` of ``tasks`` into ``done``, yielding None as each is
    made; last, the list of those a broken pool left (empty when none)."""
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(
        max_workers=min(jobs, len(indexes)),
        mp_context=context,  # type: ignore[arg-type]
        # The last build's memory reaches each worker as it forks (not pickled),
        # not with each task: for hundreds of schools it is large.
        initializer=_start_worker,
        initargs=(memory,),
    ) as pool:
        futures = {pool.submit(_make_in_worker, i, *tasks[i]): i for i in indexes}
        # Made here, whether or not the caller has taken it from ``done`` yet.
        made = set()
        for future in as_completed(futures):
            try:
                done[futures[future]] = future.result()
            except BrokenProcessPool:
                break
            made.add(futures[future])
            yield None
    yield [i for i in indexes if i not in made]


def _killed(source: Path) -> Outcome:
    return Outcome(
        source,
        errors=[
            Problem(
                "the process laying it out was stopped by the system (most "
                "often for want of memory) — look for a very large picture or "
                "a template that repeats too much; the other schools were made",
                file=source,
            )
        ],
    )


def _parts(wanted: tuple[str, ...]) -> list[tuple[str, str | None]]:
    """A school's work in shares: each staff product, and each pupil product
    age band by age band (a band the school does not teach makes nothing)."""
    return [
        (product, band)
        for product in wanted
        for band in (BANDS if products()[product].audience.banded else (None,))
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
        failed={k: v for part in parts for k, v in part.failed.items()},
    )


def on_cluster(
    scheduler: str,
    sources: list[Path],
    options: Options,
    memory: Memory,
    connect_timeout: float = 10.0,
) -> Iterator[Outcome]:
    """The same work on a Dask cluster; results come back in order.

    The workers read the school files (and write nothing): they need the same
    paths as this machine, for example a shared folder. Each is sent as a full
    path, as the workers may have started in any folder.
    """
    try:
        from distributed import Client
    except ImportError:
        raise SafeprintError.single(
            "--scheduler needs Dask: pip install -e '.[cluster]' (or "
            "pip install 'safeprint[cluster]')"
        ) from None
    try:
        client = Client(scheduler, timeout=connect_timeout)
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageProblem.single(
            f"cannot reach the Dask scheduler at {scheduler} ({exc}) — check the "
            "address `dask scheduler` printed, that it is running and that this "
            "machine can reach it (or wait longer with --connect-timeout)"
        ) from None
    with client:
        futures = client.map(
            _make_on_cluster,
            [source.absolute() for source in sources],
            options=options,
            memory=replace(memory, out=memory.out and memory.out.absolute()),
            pure=False,
        )
        for source, future in zip(sources, futures, strict=True):
            outcome = future.result()
            outcome.source = source  # as this build named it
            yield outcome


def _make_on_cluster(source: Path, options: Options, memory: Memory) -> Outcome:
    """Run on a Dask worker: one warm renderer per worker process."""
    global _WORKER
    if _WORKER is None:
        _WORKER = Renderer()
    return make_school(source, options, _WORKER, memory)


# A worker process's own: its warm renderer, and the build's memory it was
# started with.
_WORKER: Renderer | None = None
_MEMORY = Memory()
# Which tasks a worker has begun, shared with the workers (see ``_run``).
_STARTED: Any = None


def _start_worker(memory: Memory) -> None:
    """Each worker warms one renderer and keeps it for every school it makes."""
    global _WORKER, _MEMORY
    _WORKER = Renderer()
    _MEMORY = memory


def _make_in_worker(index: int, source: Path, options: Options) -> Outcome:
    assert _WORKER is not None
    if _STARTED is not None:
        _STARTED[index] = 1
    return make_school(source, options, _WORKER, _MEMORY)
