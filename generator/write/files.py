"""The only step that writes files: atomically (the manifest too, see
:mod:`generator.write.manifest`).

A file is written beside its destination under a temporary name, flushed to disk
and renamed over the old one, so a reader (or a crash) only ever sees the previous
complete file or the new complete one.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.errors import SafeprintError

LOCK = ".safeprint-build.lock"


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that no partial file is ever visible."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    try:
        # mkstemp makes the file readable by its owner alone; a file a school's
        # colleagues share (on a shared drive, say) gets the permissions
        # open() would give it.
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise _cannot_write(path, exc) from exc


@contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold ``out`` for one build: a second build into the same folder meanwhile
    stops at once and says so, instead of clearing away the first one's
    temporary files or mixing its manifest with the first's. The lock is the
    kernel's (``flock``), so a build that is killed lets go of it."""
    made = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
        while True:
            fd = os.open(out / LOCK, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.read(fd, 32).decode(errors="replace").strip()
                os.close(fd)
                raise SafeprintError.single(
                    "another build is writing to this folder now"
                    + (f" (process {holder})" if holder.isdigit() else "")
                    + " — wait for it to finish, or build into another folder "
                    "with --out",
                    file=out,
                ) from None
            # The file may have been removed by the build that held it last.
            if _same(fd, out / LOCK):
                break
            os.close(fd)
    except OSError as exc:
        raise _cannot_write(out, exc) from exc
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        (out / LOCK).unlink(missing_ok=True)
        os.close(fd)
        if made and not any(out.iterdir()):
            out.rmdir()


def _same(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path, follow_symlinks=False))
    except OSError:
        return False


def _umask() -> int:
    """The process's umask (read by setting it, then putting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def remove_stale_temps(out: Path) -> None:
    """Temporary files a killed build left behind (never a finished file)."""
    if not out.is_dir():
        return
    for folder, subfolders, names in os.walk(out):
        # A folder with a manifest of its own is another build's output (the
        # print-shop files under output/print-shop, say), maybe running now.
        subfolders[:] = [
            name
            for name in subfolders
            if not (Path(folder) / name / "manifest.json").exists()
        ]
        for name in names:
            if name.startswith(".") and name.endswith(".tmp"):
                (Path(folder) / name).unlink(missing_ok=True)


def _cannot_write(path: Path, exc: OSError) -> SafeprintError:
    return SafeprintError.single(
        f"cannot write here: {exc.strerror or exc} — check there is free space and "
        "that you may write to this folder, or choose another with --out",
        file=path,
    )
