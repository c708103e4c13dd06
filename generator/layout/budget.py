"""Limits for one document: the time it may take to lay out, and the memory its
worker may reach meanwhile. A school template can ask for a page WeasyPrint takes
minutes or gigabytes over; that document is stopped with a message, its school
fails, and the other schools go on.

Both work through a timer signal, so only in a process's main thread (the serial
build and each worker process); in a Dask worker's thread there is no limit.

A build also collects garbage less often than Python does by default
(:func:`batch_collection`).
"""

from __future__ import annotations

import gc
import os
import resource
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from generator.errors import Problem, SafeprintError

CHECK_EVERY_S = 0.05
# Allocations between two collections of the youngest objects (Python: 700).
BATCH_THRESHOLD = 50_000
# Documents between two full collections in a build.
COLLECT_EVERY = 25
STATM = Path("/proc/self/statm")


def rss_mb() -> float | None:
    """This process's resident memory in MB (Linux), or None where unknown."""
    try:
        pages = int(STATM.read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


class _Stopped(BaseException):
    """Raised from the timer into the layout: a BaseException, so that code in
    WeasyPrint which catches every Exception does not swallow it."""


@contextmanager
def budget(
    filename: str, seconds: float, megabytes: float, doing: str = "lay out"
) -> Iterator[None]:
    """Stop the document laid out inside this block when it runs past either
    limit (0: none). One interval timer ticks in the main thread and checks
    both; no second thread contends with the layout for the interpreter. Once
    past a limit, every tick raises again until the block is left, in case a
    handler in the layout caught the first."""
    watch_memory = megabytes > 0 and rss_mb() is not None
    if threading.current_thread() is not threading.main_thread() or not (
        seconds > 0 or watch_memory
    ):
        yield
        return
    deadline = time.monotonic() + seconds
    why: list[str] = []

    def tick(_signum: int, _frame: object) -> None:
        if not why and seconds > 0 and time.monotonic() >= deadline:
            why.append(f"took longer than {seconds:g} s to {doing}")
        if not why and watch_memory:
            used = rss_mb()
            if used is not None and used > megabytes:
                why.append(f"needed more than {megabytes:g} MB of memory")
        if why:
            raise _Stopped

    previous = signal.signal(signal.SIGALRM, tick)
    # One allocation can pass the limit between two ticks ('x' * 3000000000 in
    # a school's template): the process's address space is capped meanwhile,
    # so that such an allocation fails at once.
    space = _cap_address_space(megabytes) if watch_memory else None
    first = min(CHECK_EVERY_S, seconds) if watch_memory and seconds > 0 else None
    outer = signal.setitimer(
        signal.ITIMER_REAL,
        first or (CHECK_EVERY_S if watch_memory else seconds),
        CHECK_EVERY_S,
    )
    try:
        yield
    except (_Stopped, MemoryError) as exc:
        if isinstance(exc, MemoryError) and not why:
            why.append(f"needed more than {megabytes:g} MB of memory")
        raise SafeprintError(
            [
                Problem(
                    f"{filename}: {why[0]}, and was stopped — look for very long "
                    "text or a template that repeats too much (or allow more with "
                    "--time-limit / --memory-limit)"
                )
            ]
        ) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        if space is not None:
            resource.setrlimit(resource.RLIMIT_AS, space)
        signal.signal(signal.SIGALRM, previous)
        if outer[0] > 0:
            signal.setitimer(signal.ITIMER_REAL, *outer)


def _cap_address_space(megabytes: float) -> tuple[int, int] | None:
    """Let this process map at most ``megabytes`` more than it has now; the
    limits before, to put back (None when they cannot be changed)."""
    try:
        size = int(STATM.read_text().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        before = resource.getrlimit(resource.RLIMIT_AS)
        cap = size + int(megabytes * 2**20)
        if before[1] != resource.RLIM_INFINITY:
            cap = min(cap, before[1])
        if before[0] != resource.RLIM_INFINITY and before[0] <= cap:
            return None
        resource.setrlimit(resource.RLIMIT_AS, (cap, before[1]))
    except (OSError, ValueError, IndexError):
        return None
    return before


@contextmanager
def batch_collection() -> Iterator[None]:
    """Look for garbage less often while a build lays out documents.

    WeasyPrint makes hundreds of thousands of short-lived objects for each
    document, so at Python's default threshold the collector runs thousands of
    times a document and takes a fifth of the build. Collecting every
    ``BATCH_THRESHOLD`` allocations instead, and everything every
    ``COLLECT_EVERY`` documents (:func:`collect_after_school`), keeps memory
    flat. What is alive when the build starts (modules, fonts, parsed
    stylesheets) is frozen out of every collection, and shared, not copied, by
    forked workers; unless the program that called the build froze objects of
    its own, which stay as they were. A build inside a build changes nothing.
    """
    if _BATCH["depth"]:
        _BATCH["depth"] += 1
        try:
            yield
        finally:
            _BATCH["depth"] -= 1
        return
    before = gc.get_threshold()
    ours = gc.get_freeze_count() == 0
    if ours:
        gc.freeze()
    gc.set_threshold(BATCH_THRESHOLD, *before[1:])
    _BATCH.update(depth=1, settled=not ours, made=0)
    try:
        yield
    finally:
        _BATCH.update(depth=0, settled=None, made=0)
        gc.set_threshold(*before)
        if ours:
            gc.unfreeze()


# Inside a build (depth > 0): whether what a warm process keeps has been frozen
# yet, and the documents made since the last collection.
_BATCH: dict[str, Any] = {"depth": 0, "settled": None, "made": 0}


def collect_after_school(documents: int) -> None:
    """In a build, free what the last schools' documents left in cycles, once
    every ``COLLECT_EVERY`` documents: the build's lazier collector would leave
    it to pile up (memory grew by 60 MB over a thousand documents). The first
    time in a build's process, what is still alive afterwards (WeasyPrint's
    modules, fonts and parsed stylesheets: the warm renderer) is frozen too,
    so later collections pass it by. Outside a build, Python's own collector
    is at work and this does nothing."""
    if _BATCH["settled"] is None:
        return
    _BATCH["made"] += documents
    if _BATCH["made"] < COLLECT_EVERY:
        return
    _BATCH["made"] = 0
    gc.collect()
    if not _BATCH["settled"]:
        gc.freeze()
        _BATCH["settled"] = True
