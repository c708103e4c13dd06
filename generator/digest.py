"""What shapes a document, as one hash: a document whose inputs have not changed
since it was last built is not laid out again.

Inputs: safeprint's version, its templates, styles, national content and
translations, the font files, the school file and every file it names, the
school's own templates and translations, and the variant (product, size, band,
languages, marks, sheet).
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from generator import __version__, fonts
from generator.paths import content_dir, styles_dir, templates_dir
from generator.products import Variant
from generator.resolve import Pack


@cache
def package_digest() -> str:
    """safeprint's own inputs, hashed once per process."""
    digest = hashlib.sha256(__version__.encode())
    folders = (
        templates_dir(),
        styles_dir(),
        content_dir() / "national",
        content_dir() / "nations",
        content_dir() / "languages",
    )
    for folder in folders:
        _add_tree(digest, folder)
    for face in fonts.faces():
        digest.update(
            f"{face.family}:{face.weight}:{face.path.name}:"
            f"{face.path.stat().st_size}".encode()
        )
    return digest.hexdigest()


def school_digest(pack: Pack) -> str:
    """The school's inputs on top of safeprint's."""
    digest = hashlib.sha256(package_digest().encode())
    digest.update(pack.source.read_bytes())
    for path in sorted(_named_files(pack)):
        digest.update(str(path.relative_to(pack.base.resolve())).encode())
        digest.update(path.read_bytes())
    _add_tree(digest, pack.base / "templates")
    _add_tree(digest, pack.base / "languages")
    return digest.hexdigest()


def document_key(school: str, variant: Variant) -> str:
    """One document's inputs: the school's, and what this file is."""
    return hashlib.sha256(f"{school}|{variant!r}".encode()).hexdigest()


def _named_files(pack: Pack) -> set[Path]:
    school = pack.school
    people = [*school.team, *school.trusted_adults]
    named = [school.school.logo, *(p.photo for p in people)]
    return {Path(p) for p in named if p is not None}


def _add_tree(digest: hashlib._Hash, folder: Path) -> None:
    if not folder.is_dir():
        return
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
