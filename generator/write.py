"""The only step that writes files: atomically, then the manifest.

A file is written beside its destination under a temporary name, flushed to disk
and renamed over the old one, so a reader (or a crash) only ever sees the previous
complete file or the new complete one.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from generator.errors import SafeprintError

MANIFEST = "manifest.json"
LOCK = ".safeprint-build.lock"


@dataclass(frozen=True)
class Entry:
    """One built file, as listed in ``manifest.json``."""

    school: str
    source: str
    product: str
    variant: list[str]
    languages: list[str]
    path: str
    pages: int
    page_size_mm: list[float]
    sha256: str
    type_scale: float = 1.0
    warnings: list[str] = field(default_factory=list)
    # The document's own warnings (not its school's) as records: a build that
    # keeps the file repeats them.
    notes: list[dict] = field(default_factory=list)
    # A hash of everything that shaped the file; unchanged inputs are not rebuilt.
    inputs: str = ""
    # True when this build found the file up to date and left it as it was.
    skipped: bool = False
    # How it was fitted (exact scale, the card's people): a rebuild with the same
    # inputs starts from it.
    fitted: dict = field(default_factory=dict)
    # The inputs of its school as a whole (see ``digest.inputs_digest``): a build
    # of some of the school's products keeps the others while these are the same.
    school_inputs: str = ""
    # The school file's full path: however a build names it, a school built again
    # finds the files it made before (and removes those it no longer makes).
    school_file: str = ""
    # For a print shop: the CMYK colour profile the file was made for (its
    # description and file).
    profile: str = ""


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


def write_manifest(
    out: Path,
    entries: list[Entry],
    schools: dict[str, dict] | None = None,
    judge: Callable[[dict], str] | None = None,
) -> tuple[Path, list[tuple[dict, str]]]:
    """Merge ``entries`` into ``out/manifest.json``, and ``schools`` (each
    school's record, by its file's path; empty for one that failed) into its
    list of schools.

    Entries from earlier builds of other schools stay while their files exist, so
    building one school does not forget the rest. A school just built replaces
    all its earlier files: one it no longer makes (a size dropped, a school
    renamed) is deleted, so no out-of-date poster is left to print.

    A build of some products only passes ``judge``, which says why such a file
    goes (or nothing, when it may stay). Returns the manifest's path, and each
    file it judged gone, with the reason.
    """
    path = out / MANIFEST
    new = {e.path: asdict(e) for e in entries}
    folders = {e.path.split("/")[0] for e in entries}
    sources = {e.source for e in entries}
    school_files = {e.school_file for e in entries if e.school_file}
    kept = {}
    gone = []
    before = _parsed(out)
    for old in _entries(before):
        replaced = (
            old["path"].split("/")[0] in folders
            or old.get("school_file") in school_files
            or old.get("source") in sources
        )
        if replaced and old["path"] not in new:
            reason = judge(old) if judge else ""
            if judge and not reason:
                if (out / old["path"]).is_file():
                    kept[old["path"]] = old
                continue
            if reason and (out / old["path"]).is_file():
                gone.append((old, reason))
            _remove(out, old["path"])
        elif (out / old["path"]).is_file():
            kept[old["path"]] = old
    kept.update(new)
    files = sorted(kept.values(), key=lambda e: e["path"])
    records = {**_records(before), **(schools or {})}
    listed = [
        record
        for _, record in sorted(records.items())
        if record and all(path in kept for path in record.get("files", ()))
    ]
    manifest = {"files": files, "schools": listed}
    text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    atomic_write(path, text.encode())
    return path, gone


def intact(out: Path, entry: dict) -> bool:
    """Whether the file an entry lists is there, as it was written."""
    path = out / entry["path"]
    return path.is_file() and hashlib.sha256(
        path.read_bytes()
    ).hexdigest() == entry.get("sha256")


def _remove(out: Path, relative: str) -> None:
    """Delete a file the manifest listed, if it is really inside ``out``."""
    target = (out / relative).resolve()
    if target.is_relative_to(out.resolve()) and target.is_file():
        target.unlink()
        if not any(target.parent.iterdir()):
            target.parent.rmdir()


def read_previous(out: Path) -> tuple[list[dict], dict[str, dict]]:
    """What the manifest in ``out`` lists, read once: the files' entries, and
    each school's record (see ``outcome.school_record``) by its file's path."""
    data = _parsed(out)
    return _entries(data), _records(data)


def _records(data: dict) -> dict[str, dict]:
    """A record not in the shape a build writes (edited by hand) is left out."""
    listed = data.get("schools", [])
    if not isinstance(listed, list):
        return {}
    return {record["source"]: record for record in listed if _well_formed(record)}


RECORD = {"source": str, "inputs": str, "checked_on": str, "slug": str, "school": str}


def _well_formed(record: object) -> bool:
    if not isinstance(record, dict):
        return False
    named, files, warnings = (record.get(k) for k in ("named", "files", "warnings"))
    return (
        all(isinstance(record.get(key), kind) for key, kind in RECORD.items())
        and isinstance(named, list)
        and all(isinstance(name, str) for name in named)
        and isinstance(files, dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in files.items())
        and isinstance(warnings, list)
        and all(isinstance(w, dict) for w in warnings)
    )


def read_manifest(out: Path) -> list[dict]:
    return _entries(_parsed(out))


def _entries(data: dict) -> list[dict]:
    listed = data.get("files", [])
    if not isinstance(listed, list):
        return []
    return [e for e in listed if isinstance(e, dict) and "path" in e]


def _parsed(out: Path) -> dict:
    """The manifest in ``out``, or nothing when there is none or it is broken."""
    try:
        data = json.loads((out / MANIFEST).read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
