"""What a build is asked for: which products, at which sizes, with which
checks (the command line's options). Apart from the pipeline, so that a build
that finds every school unchanged need not load it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.render.cmyk import Press


@dataclass(frozen=True)
class Options:
    """What to build: which products, at which sizes, with or without marks."""

    only: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()
    marks: bool = False
    strict: bool = False
    # Lay out every document, even those whose inputs have not changed.
    force: bool = False
    # Seconds one document may take to lay out, and the memory (MB) its worker
    # may reach meanwhile (0: no limit).
    time_limit: float = 120.0
    memory_limit: float = 2048.0
    # The print-shop profile: CMYK for this press, bleed and marks on every page.
    press: Press | None = None
    # Only this age band's pupil products (a worker's share of a school).
    band: str | None = None

    def output_key(self) -> str:
        """What of these options shapes which files a school makes, and how."""
        press = self.press.sha256 if self.press else ""
        return repr((self.only, self.sizes, self.marks, self.strict, press, self.band))
