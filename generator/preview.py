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
from generator.write import atomic_write

PREVIEW_DPI = 60
INDEX = "index.html"


def page_pngs(pdf: bytes, dpi: int = PREVIEW_DPI) -> list[bytes]:
    """Each page of a PDF as a PNG."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        pngs = []
        for page in document:
            image = page.render(scale=dpi / 72).to_pil()
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", optimize=False)
            pngs.append(buffer.getvalue())
        return pngs
    finally:
        document.close()


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
        if not (current and all((folder / n).is_file() for n in names)):
            pngs = page_pngs(pdf.read_bytes())
            names = [f"{stem}-{n}.png" for n in range(1, len(pngs) + 1)]
            for name, png in zip(names, pngs, strict=True):
                atomic_write(folder / name, png)
            atomic_write(stamp, entry["sha256"].encode())
        wanted[folder].update(names + [stamp.name])
        made[entry["path"]] = [(folder / n).relative_to(out).as_posix() for n in names]
    for folder, keep in wanted.items():
        for old in folder.iterdir():
            if old.name not in keep and not old.name.endswith(".tmp"):
                old.unlink()
    return made


def proof_sheet(
    entries: list[dict],
    previews: dict[str, list[str]],
    failures: dict[Path, list[Problem]],
) -> str:
    """The proof sheet's HTML: schools in order, each with its documents."""
    from generator.sandbox import environment

    schools: dict[str, dict[str, Any]] = {}
    for entry in sorted(entries, key=lambda e: e["path"]):
        slug = entry["path"].split("/")[0]
        school = schools.setdefault(
            slug, {"name": entry["school"], "source": entry["source"], "files": []}
        )
        school["files"].append({**entry, "previews": previews.get(entry["path"], [])})
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
