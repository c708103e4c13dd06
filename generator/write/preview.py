"""Proofs: a PNG of every page, and one proof sheet to review a whole build.

``output/<school>/preview/<file>-<page>.png`` is each page at screen size;
``output/index.html`` shows, for each school, every product's pages as
thumbnails with the warnings found for it and links to the PDFs. The sheet is
a plain file: it opens in any browser, without a server.
"""

from __future__ import annotations

import io
from collections import defaultdict
from pathlib import Path
from typing import Any

from generator.errors import Problem, display_path
from generator.write.files import atomic_write

PREVIEW_DPI = 60
# The picture a thumbnail opens: sharp enough to proofread every word, the
# card's small type included (its paper at least LARGE_PX wide, and at least
# LARGE_DPI).
LARGE_DPI = 150
LARGE_PX = 1000
INDEX = "index.html"


def page_pngs(pdf: bytes, dpi: int = PREVIEW_DPI) -> list[bytes]:
    """Each page of a PDF as a PNG."""
    return [small for small, _ in page_pictures(pdf, dpi, large=False)]


def page_pictures(
    pdf: bytes, dpi: int = PREVIEW_DPI, large: bool = True
) -> list[tuple[bytes, bytes]]:
    """Each page of a PDF as a thumbnail PNG, and (with ``large``) as a PNG to
    proofread: at ``LARGE_DPI``, or wider for a small page (a card)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        pictures = []
        for page in document:
            small = _png(page.render(scale=dpi / 72).to_pil())
            big = b""
            if large:
                left, _, right, _ = page.get_trimbox()  # the paper, not the marks
                trim = (right - left) or page.get_width()
                scale = max(LARGE_DPI / 72, LARGE_PX / trim)
                big = _png(page.render(scale=scale).to_pil())
            pictures.append((small, big))
        return pictures
    finally:
        document.close()


def _png(image: Any) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def write_previews(out: Path, entries: list[dict]) -> dict[str, list[str]]:
    """A PNG of every page of every file in ``entries`` (the manifest's), made
    again only when its PDF changed; old pictures of a school are removed."""
    made: dict[str, list[str]] = {}
    wanted: dict[Path, set[str]] = defaultdict(set)
    for entry in entries:
        pdf = out / entry["path"]
        if not pdf.is_file():
            continue
        folder = pdf.parent / "preview"
        stem = pdf.stem
        names = [f"{stem}-{n}.png" for n in range(1, int(entry["pages"]) + 1)]
        stamp = folder / f".{stem}.sha256"
        current = stamp.is_file() and stamp.read_text() == entry["sha256"]
        if not (current and all((folder / n).is_file() for n in _both(names))):
            pictures = page_pictures(pdf.read_bytes())
            names = [f"{stem}-{n}.png" for n in range(1, len(pictures) + 1)]
            for name, (small, large) in zip(names, pictures, strict=True):
                atomic_write(folder / name, small)
                atomic_write(folder / _large(name), large)
            atomic_write(stamp, entry["sha256"].encode())
        wanted[folder].update(_both(names) + [stamp.name])
        made[entry["path"]] = [(folder / n).relative_to(out).as_posix() for n in names]
    for folder, keep in wanted.items():
        for old in folder.iterdir():
            if old.name not in keep and not old.name.endswith(".tmp"):
                old.unlink()
    return made


def _large(name: str) -> str:
    """The name of a page's picture to proofread, beside its thumbnail's."""
    return name.removesuffix(".png") + "-large.png"


def _both(names: list[str]) -> list[str]:
    return names + [_large(name) for name in names]


def proof_sheet(
    entries: list[dict],
    previews: dict[str, list[str]],
    failures: dict[Path, list[Problem]],
) -> str:
    """The proof sheet's HTML: schools in order, each with its documents."""
    from generator.render.sandbox import environment

    schools: dict[str, dict[str, Any]] = {}
    for entry in sorted(entries, key=lambda e: e["path"]):
        slug = entry["path"].split("/")[0]
        school = schools.setdefault(
            slug, {"name": entry["school"], "source": entry["source"], "files": []}
        )
        shown = previews.get(entry["path"], [])
        large = [_large(png) for png in shown]
        school["files"].append({**entry, "previews": shown, "large": large})
    failed = [
        {"source": display_path(source), "problems": [str(p) for p in problems]}
        for source, problems in failures.items()
    ]
    template = environment(None).get_template("proof-sheet.html.j2")
    return template.render(schools=list(schools.values()), failed=failed)


def write_proof_sheet(
    out: Path, entries: list[dict], failures: dict[Path, list[Problem]]
) -> Path:
    previews = write_previews(out, entries)
    path = out / INDEX
    atomic_write(path, proof_sheet(entries, previews, failures).encode())
    return path
