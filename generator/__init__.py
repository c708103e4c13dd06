"""safeprint: a school's safeguarding details in, print-ready PDFs out.

The library is usable without the command line::

    from generator import build, check
    result = build([Path("my-school/school.yaml")], out=Path("output"))
"""

from generator.build import BuildResult, build, check
from generator.errors import Problem, SafeprintError

__version__ = "0.1.0"
__all__ = ["BuildResult", "Problem", "SafeprintError", "build", "check", "__version__"]
