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

from generator.confine import walk
from generator.digest import inputs_digest
from generator.errors import Problem
from generator.write import intact

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
    # Documents that could not be made, by file name, with why; the school's
    # other documents are still made and written.
    failed: dict[str, list[Problem]] = field(default_factory=dict)
    # Files found up to date (their manifest entries), and each variant's inputs.
    kept: list[dict] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)
    # The school's inputs (see ``digest.inputs_digest``), the files it names,
    # and the day its checks ran (ISO).
    inputs: str = ""
    named: list[str] = field(default_factory=list)
    checked_on: str = ""

    @property
    def all_warnings(self) -> list[Problem]:
        """The school's warnings, and those of each document, made or kept."""
        made = [w for doc in self.built for w in doc.warnings]
        kept = [problem_from(note) for entry in self.kept for note in _notes(entry)]
        return self.warnings + made + [w for w in kept if w is not None]


def problem_record(problem: Problem) -> dict:
    """A warning as the manifest keeps it: its file absolute, so that it reads
    right from any folder."""
    file = str(problem.file.resolve()) if problem.file else None
    return {**asdict(problem), "file": file}


def problem_from(record: dict) -> Problem | None:
    """A warning the manifest kept; ``None`` if the record was edited out of
    shape."""
    try:
        file = record["file"]
        return Problem(**{**record, "file": Path(file) if file else None})
    except (KeyError, TypeError):
        return None


def _notes(entry: dict) -> list[dict]:
    notes = entry.get("notes")
    return [n for n in notes if isinstance(n, dict)] if isinstance(notes, list) else []


def school_record(outcome: Outcome, options: Options, files: dict[str, str]) -> dict:
    """What the manifest keeps of a school built without errors, so that the
    next build the same day can find it unchanged without loading it (see
    :func:`unchanged_school`); ``files`` are the path and sha256 of everything
    it made."""
    return {
        "source": str(outcome.source.resolve()),
        "inputs": _stamp(outcome.inputs, options),
        "named": outcome.named,
        "checked_on": outcome.checked_on,
        "slug": outcome.slug,
        "school": outcome.school,
        "warnings": [problem_record(w) for w in outcome.warnings],
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
    inputs and options as when it was last built without errors, checked the
    same day (its checks of review and verified dates give the same answers all
    day), and every file it made still in the manifest and on disk as it made
    it. Its warnings are those it had then. ``None`` when anything differs, or
    the school's folder holds links (which could point elsewhere since): the
    school is loaded and checked as usual."""
    today = dt.date.today().isoformat()
    if options.force or not record or record["checked_on"] != today:
        return None
    named = record["named"]
    if any(Path(name).is_absolute() or ".." in Path(name).parts for name in named):
        return None  # a hand-edited manifest: only files inside the school's folder
    files: dict[str, str] = record["files"]
    try:
        if _has_links(source.parent):
            return None
        inputs = inputs_digest(source, named)
    except OSError:
        return None
    warnings = [problem_from(w) for w in record["warnings"]]
    if None in warnings:
        return None
    entries = [previous.get(path) for path in files]
    if _stamp(inputs, options) != record["inputs"] or not all(
        entry and entry.get("sha256") == sha256 and intact(out, entry)
        for entry, sha256 in zip(entries, files.values(), strict=True)
    ):
        return None
    return Outcome(
        source,
        record["slug"],
        record["school"],
        warnings=[w for w in warnings if w is not None],
        kept=entries,
        inputs=inputs,
    )


def _has_links(folder: Path) -> bool:
    """Whether anything in ``folder`` is a symbolic link."""
    return any(path.is_symlink() for path in walk(folder))


def _stamp(inputs: str, options: Options) -> str:
    return hashlib.sha256(f"{inputs}|{options.output_key()}".encode()).hexdigest()
