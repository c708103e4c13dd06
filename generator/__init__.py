"""safeprint: a school's safeguarding details in, print-ready PDFs out.

The library is usable without the command line::

    from pathlib import Path
    from generator import build, check

    result = build([Path("my-school/school.yaml")], out=Path("output"))
    assert result.ok, result.failures
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["BuildResult", "Problem", "SafeprintError", "build", "check", "__version__"]


def __getattr__(name: str) -> Any:
    # Imported on first use so `safeprint --help` does not pay for the pipeline.
    if name in ("BuildResult", "build", "check"):
        from generator.runner import build as module

        return getattr(module, name)
    if name in ("Problem", "SafeprintError"):
        from generator import errors

        return getattr(errors, name)
    raise AttributeError(name)
