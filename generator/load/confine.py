"""What safeprint may open for a school: files inside the school's folder,
judged by where they really are.

Every file opened for a school (its school file, languages, templates and
images, and whatever its templates show) is checked here on its resolved path,
so that neither a symbolic link nor ``..`` leads out of the folder; it must be
a plain file (not a pipe, a device or a folder), and one with a single name:
a hard link to a file elsewhere looks like any other file from inside the
folder, so a file that has other names is refused. Folders are walked here
too, a level at a time and without following links, however deep they go.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from generator.errors import SafeprintError

# A school's templates/ folder holds templates and the pictures they show:
# more files than this is a folder copied there by mistake.
MAX_FILES = 2000


def file_problem(path: Path, base: Path) -> str | None:
    """Why ``path`` may not be opened for the school whose folder is ``base``,
    in words that follow the file's name; None when it may."""
    try:
        real = path.resolve(strict=True)
        inside = real.is_relative_to(base.resolve())
        found = os.stat(real)
    except (OSError, RuntimeError) as exc:
        reason = getattr(exc, "strerror", None) or "a link that goes round in a loop"
        return f"cannot be read ({reason})"
    if not inside:
        return (
            f"is a link to {real}, outside the school's folder — put the file "
            "itself there"
        )
    if not stat.S_ISREG(found.st_mode):
        kind = "a folder" if stat.S_ISDIR(found.st_mode) else "a pipe or a device"
        return f"is {kind}, not a file — give a file"
    if found.st_nlink > 1:
        return (
            "is a hard link (the same file has another name, maybe outside the "
            "school's folder) — put a copy of the file there instead"
        )
    if not os.access(real, os.R_OK):
        return "cannot be read (permission denied) — let safeprint's user read it"
    return None


def check_file(path: Path, base: Path) -> Path:
    """``path`` resolved, or a :class:`SafeprintError` naming it."""
    problem = file_problem(path, base)
    if problem:
        raise SafeprintError.single(problem, file=path)
    return path.resolve()


def own_folder(folder: Path, base: Path) -> Path | None:
    """``folder`` (resolved) when it is a folder inside ``base``; None when it
    is missing, or a link out of it."""
    try:
        real = folder.resolve()
        if real.is_relative_to(base.resolve()) and real.is_dir():
            return real
    except (OSError, RuntimeError):
        pass
    return None


def folder_problem(folder: Path, base: Path) -> str | None:
    """Why a folder a school keeps files in (``templates/``, ``languages/``)
    cannot be used; None when it can, or is not there."""
    if not os.path.lexists(folder) or own_folder(folder, base) is not None:
        return None
    try:
        real = folder.resolve()
    except (OSError, RuntimeError):
        return "cannot be read — make it a plain folder"
    if not real.is_dir():
        return "is not a folder — make it one, or delete it"
    return (
        f"is a link to {real}, outside the school's folder — copy the folder in instead"
    )


def walk(folder: Path) -> Iterator[Path]:
    """Every entry below ``folder``, folders before what they hold, links
    listed but not followed; one level at a time, so depth costs no stack."""
    pending = [folder]
    while pending:
        here = pending.pop()
        try:
            with os.scandir(here) as entries:
                found = sorted(entries, key=lambda e: e.name, reverse=True)
        except OSError:
            continue
        for entry in found:
            path = Path(entry.path)
            yield path
            if entry.is_dir(follow_symlinks=False):
                pending.append(path)


def plain_files(folder: Path, base: Path) -> list[Path]:
    """The plain files below ``folder`` that may be opened for the school in
    ``base`` (see :func:`file_problem`), in a stable order; none when the
    folder is a link out of ``base``. More than ``MAX_FILES`` is an error."""
    if own_folder(folder, base) is None:
        return []
    found = []
    for path in walk(folder):
        if path.is_symlink() or not path.is_file():
            continue
        found.append(path)
        if len(found) > MAX_FILES:
            raise SafeprintError.single(
                f"holds more than {MAX_FILES} files — keep there only the "
                "templates and the pictures they show",
                file=folder,
            )
    return sorted(found)
