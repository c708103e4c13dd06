"""What making one school gives back, unwritten (what a build keeps of it, and
how it finds a school unchanged: :mod:`generator.write.manifest`). Nothing here loads
a school or lays anything out.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import Problem

if TYPE_CHECKING:
    from generator.runner.fitted import Built


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
