"""What shapes a document, as one hash: a document whose inputs have not changed
since it was last built is not laid out again.

Inputs: safeprint's code and version, WeasyPrint's version, safeprint's
products, templates, styles, national content and translations, the font files, the
school file and every file it names, the school's own templates and
translations, and the variant (product, size, band, languages, marks, sheet).
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from generator import __version__
from generator.load.confine import own_folder, plain_files
from generator.paths import content_dir, products_dir, styles_dir, templates_dir
from generator.render import fonts

if TYPE_CHECKING:
    from generator.products import Variant
    from generator.resolve.pack import Pack


@cache
def package_digest() -> str:
    """safeprint's own inputs, hashed once per process: its code and version,
    WeasyPrint's version, its products, templates, styles, content and fonts."""
    from importlib import metadata

    digest = hashlib.sha256(__version__.encode())
    digest.update(metadata.version("weasyprint").encode())
    package = Path(__file__).parent.parent
    for code in sorted(package.rglob("*.py")):
        digest.update(str(code.relative_to(package)).encode())
        digest.update(code.read_bytes())
    folders = (
        products_dir(),
        templates_dir(),
        styles_dir(),
        content_dir() / "national",
        content_dir() / "nations",
        content_dir() / "languages",
    )
    for folder in folders:
        _add_tree(digest, folder, folder)
    for face in fonts.faces():
        digest.update(
            f"{face.family}:{face.weight}:{face.path.name}:"
            f"{face.path.stat().st_size}".encode()
        )
    return digest.hexdigest()


def inputs_digest(source: Path, named: list[str]) -> str:
    """safeprint's inputs, the school file, the files it names (``named``,
    relative to its folder) and the school's own templates and translations:
    read again from disk, so a build can tell that nothing changed without
    loading the school. Only what can shape a document is read: the plain
    files of its templates/ folder, the ``.yaml`` files of its languages/
    folder, and nothing through a link out of the school's folder."""
    base = source.parent
    digest = hashlib.sha256(package_digest().encode())
    digest.update(source.read_bytes())
    for name in sorted(named):
        digest.update(name.encode())
        digest.update((base / name).read_bytes())
    _add_tree(digest, base / "templates", base)
    languages = own_folder(base / "languages", base)
    for path in sorted(languages.glob("*.yaml")) if languages else ():
        if path.resolve().is_relative_to(languages) and path.is_file():
            digest.update(path.name.encode())
            digest.update(_content(path))
    return digest.hexdigest()


def document_key(school: str, variant: Variant) -> str:
    """One document's inputs: the school's, and what this file is."""
    return hashlib.sha256(f"{school}|{variant!r}".encode()).hexdigest()


def named_files(pack: Pack) -> list[str]:
    """The files the school file names (logo, photos), relative to its folder."""
    school = pack.school
    people = [*school.team, *school.trusted_adults]
    named = [school.school.logo, *(p.photo for p in people)]
    base = pack.base.resolve()
    return sorted({str(Path(p).relative_to(base)) for p in named if p is not None})


def readable(pack: Pack) -> tuple[Path, ...]:
    """All a school's documents may read from its folder: its own templates
    (and what they keep beside them) and the files its school file names.
    The inputs hash exactly these, so a change to any of them is seen."""
    base = pack.base.resolve()
    # A templates/ folder that links out of the school's folder gives nothing.
    own = own_folder(base / "templates", base)
    return (*((own,) if own else ()), *(base / name for name in named_files(pack)))


def _add_tree(digest: hashlib._Hash, folder: Path, base: Path) -> None:
    for path in plain_files(folder, base):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(_content(path))


def _content(path: Path) -> bytes:
    """A file's bytes; for one that cannot be read, why (reading it for the
    document says so to the school, with its name)."""
    try:
        return path.read_bytes()
    except OSError as exc:
        return f"unreadable: {exc.strerror}".encode()
