"""User-facing problems: what is wrong, where, and how to fix it.

A :class:`SafeprintError` is a mistake in someone's input (a school file, a content
file, a command-line value). It prints as clean lines and exits 1. Anything else
raised inside safeprint is a bug and keeps its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong, located as precisely as we can."""

    message: str
    file: Path | None = None
    line: int | None = None
    column: int | None = None
    field: str = ""
    warning: bool = False

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = display_path(self.file)
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        what = f"{self.field}: " if self.field else ""
        kind = "warning: " if self.warning else ""
        return f"{where}{kind}{what}{self.message}"


@dataclass
class SafeprintError(Exception):
    """One or more problems in the user's input; nothing is built from it."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    @classmethod
    def single(cls, message: str, **where: object) -> SafeprintError:
        return cls([Problem(message, **where)])  # type: ignore[arg-type]


def display_path(path: Path) -> str:
    """A path as a person would type it: relative to here when it is below here."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
