"""Limits for one document: the time it may take to lay out, and the memory its
worker may reach meanwhile. A school template can ask for a page WeasyPrint takes
minutes or gigabytes over; that document is stopped with a message, its school
fails, and the other schools go on.

Both work through signals, so only in a process's main thread (the serial build
and each worker process); in a Dask worker's thread there is no limit.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.errors import Problem, SafeprintError

CHECK_EVERY_S = 0.05
STATM = Path("/proc/self/statm")


def rss_mb() -> float | None:
    """This process's resident memory in MB (Linux), or None where unknown."""
    try:
        pages = int(STATM.read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


@contextmanager
def budget(filename: str, seconds: float, megabytes: float) -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    reason: list[str] = []

    def stop(_signum: int, _frame: object) -> None:
        why = reason[0] if reason else f"took longer than {seconds:g} s to lay out"
        raise SafeprintError(
            [
                Problem(
                    f"{filename}: {why}, and was stopped — look for very long text "
                    "or a template that repeats too much (or allow more with "
                    "--time-limit / --memory-limit)"
                )
            ]
        )

    done = threading.Event()
    main = threading.main_thread().ident

    def watch_memory() -> None:
        while not done.wait(CHECK_EVERY_S):
            used = rss_mb()
            if used is not None and used > megabytes:
                reason.append(f"needed more than {megabytes:g} MB of memory")
                signal.pthread_kill(main, signal.SIGALRM)  # type: ignore[arg-type]
                return

    previous = signal.signal(signal.SIGALRM, stop)
    if seconds > 0:
        signal.setitimer(signal.ITIMER_REAL, seconds)
    watcher = None
    if megabytes > 0 and rss_mb() is not None:
        watcher = threading.Thread(target=watch_memory, daemon=True)
        watcher.start()
    try:
        yield
    finally:
        done.set()
        signal.setitimer(signal.ITIMER_REAL, 0)
        if watcher is not None:
            watcher.join()
        signal.signal(signal.SIGALRM, previous)
