"""``safeprint new``: a commented school file for a safeguarding lead to fill in."""

from __future__ import annotations

from pathlib import Path

from generator.errors import SafeprintError
from generator.paths import content_dir
from generator.write import atomic_write

ASSETS_NOTE = """Put your school's logo and the team's photos here (PNG, JPEG or SVG),
then name them in school.yaml, e.g.  photo: assets/khan.jpg
Photos are printed in a circle: a head-and-shoulders picture works best.
"""


def scaffold(directory: Path) -> Path:
    """Write ``directory/school.yaml`` and ``directory/assets/``; never overwrite."""
    target = directory / "school.yaml"
    if target.exists():
        raise SafeprintError.single(
            "already exists — safeprint new never overwrites a school file; "
            "choose another folder",
            file=target,
        )
    template = (content_dir() / "scaffold" / "school.yaml").read_bytes()
    atomic_write(target, template)
    note = directory / "assets" / "README.txt"
    if not note.exists():
        atomic_write(note, ASSETS_NOTE.encode())
    return target
