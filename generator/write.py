"""The only step that writes files: atomically, then the manifest.

A file is written beside its destination under a temporary name, flushed to disk
and renamed over the old one, so a reader (or a crash) only ever sees the previous
complete file or the new complete one.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from generator.errors import SafeprintError

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Entry:
    """One built file, as listed in ``manifest.json``."""

    school: str
    source: str
    product: str
    variant: list[str]
    language: str
    path: str
    pages: int
    page_size_mm: list[float]
    sha256: str
    type_scale: float = 1.0
    warnings: list[str] = field(default_factory=list)


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
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise _cannot_write(path, exc) from exc


def _cannot_write(path: Path, exc: OSError) -> SafeprintError:
    return SafeprintError.single(
        f"cannot write here: {exc.strerror or exc} — check there is free space and "
        "that you may write to this folder, or choose another with --out",
        file=path,
    )


def write_manifest(out: Path, entries: list[Entry]) -> Path:
    """Merge ``entries`` into ``out/manifest.json``.

    Entries from earlier builds of other schools stay while their files exist, so
    building one school does not forget the rest.
    """
    path = out / MANIFEST
    kept = {e["path"]: e for e in read_manifest(out) if (out / e["path"]).is_file()}
    kept.update({e.path: asdict(e) for e in entries})
    files = sorted(kept.values(), key=lambda e: e["path"])
    text = json.dumps({"files": files}, indent=2, ensure_ascii=False) + "\n"
    atomic_write(path, text.encode())
    return path


def read_manifest(out: Path) -> list[dict]:
    try:
        data = json.loads((out / MANIFEST).read_text())
        return [e for e in data.get("files", []) if isinstance(e, dict) and "path" in e]
    except (OSError, ValueError, AttributeError):
        return []
