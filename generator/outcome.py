"""What making one school gives back, and a school found unchanged without
making it.

A build records each school it made without errors (``school_record``); the
next build the same day, with the same options, keeps a school whose inputs
and files are as recorded without loading it again (``unchanged_school``).
Nothing here loads a school or lays anything out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.digest import inputs_digest
from generator.errors import Problem

if TYPE_CHECKING:
    from generator.make import Built
    from generator.options import Options


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
    # The school's inputs (see ``digest.inputs_digest``) and the files it names.
    inputs: str = ""
    named: list[str] = field(default_factory=list)

    @property
    def all_warnings(self) -> list[Problem]:
        return self.warnings + [w for doc in self.built for w in doc.warnings]


def school_record(outcome: Outcome, options: Options, files: list[str]) -> dict:
    """What the manifest keeps of a school built without errors, so that the
    next build today can find it unchanged without loading it (see
    :func:`unchanged_school`); ``files`` are the paths of everything it made."""
    return {
        "source": str(outcome.source.resolve()),
        "inputs": _stamp(outcome.inputs, options),
        "named": outcome.named,
        "checked_on": dt.date.today().isoformat(),
        "slug": outcome.slug,
        "school": outcome.school,
        "warnings": [
            {**asdict(w), "file": str(w.file) if w.file else None}
            for w in outcome.warnings
        ],
        "files": files,
    }


def unchanged_school(
    source: Path,
    options: Options,
    record: dict | None,
    previous: dict[str, dict],
    out: Path,
) -> Outcome | None:
    """A school with nothing to build, known without loading it: the same
    inputs, options and day (its checks of review and verified dates give the
    same answers all day) as when it was last built without errors, and every
    file it made intact. Its warnings are those it had then. ``None`` when
    anything differs: the school is loaded and checked as usual."""
    if options.force or not record or record.get("checked_on") != str(dt.date.today()):
        return None
    named = [str(name) for name in record.get("named", [])]
    if any(Path(name).is_absolute() or ".." in Path(name).parts for name in named):
        return None  # a hand-edited manifest: only files inside the school's folder
    try:
        inputs = inputs_digest(source, named)
        entries = [previous[path] for path in record["files"]]
        warnings = [
            Problem(**{**w, "file": Path(w["file"]) if w["file"] else None})
            for w in record["warnings"]
        ]
    except (OSError, KeyError, TypeError):
        return None
    if _stamp(inputs, options) != record.get("inputs") or not all(
        intact(out, entry) for entry in entries
    ):
        return None
    return Outcome(
        source, record["slug"], record["school"], warnings=warnings, kept=entries
    )


def _stamp(inputs: str, options: Options) -> str:
    return hashlib.sha256(f"{inputs}|{options.output_key()}".encode()).hexdigest()


def intact(out: Path, entry: dict) -> bool:
    """Whether the file an entry lists is there, as it was written."""
    path = out / entry["path"]
    return path.is_file() and hashlib.sha256(
        path.read_bytes()
    ).hexdigest() == entry.get("sha256")
