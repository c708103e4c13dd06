"""User-facing problems: what is wrong, where, and how to fix it.

A :class:`SafeprintError` is a mistake in someone's input (a school file, a content
file, a command-line value). It prints as clean lines and exits 1. Anything else
raised inside safeprint is a bug and keeps its traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

# Characters that would act on a terminal rather than show (escape sequences,
# a bell, a carriage return that hides the start of a line), and the invisible
# ones that reorder or hide text.
_UNSHOWN = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` safe to show on a terminal: a control character from a file or
    folder name is written as its escape (``\\x1b``), never sent as itself."""
    return _UNSHOWN.sub(lambda m: ascii(m.group())[1:-1], text)


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
        return printable(f"{where}{kind}{what}{self.message}")


@dataclass
class SafeprintError(Exception):
    """One or more problems in the user's input; nothing is built from it."""

    problems: list[Problem] = field(default_factory=list)
    # The command's exit code: 1 for a mistake in the input, 2 for how it was
    # asked (see :class:`UsageProblem`).
    exit_code = 1

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    @classmethod
    def single(cls, message: str, **where: object) -> SafeprintError:
        return cls([Problem(message, **where)])  # type: ignore[arg-type]


class UsageProblem(SafeprintError):
    """Something the command line named that cannot be used (a Dask scheduler
    that does not answer, say): a usage error, exit code 2."""

    exit_code = 2


def display_path(path: Path) -> str:
    """A path as a person would type it: relative to here when it is below here
    (any control character in it escaped, see :func:`printable`)."""
    try:
        return printable(str(path.resolve().relative_to(Path.cwd().resolve())))
    except (ValueError, OSError, RuntimeError):
        return printable(str(path))
