"""Render the README's pictures of what safeprint makes.

    python tools/readme_image.py   # docs/staff-poster.png and docs/pupil-poster.png

Builds Oakfield Primary's A3 staff poster and early-years pupil poster into a
temporary folder and saves each first page as a small PNG (pypdfium2), so the
README always shows what safeprint really makes.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pypdfium2
from PIL import Image

from generator.build import build
from generator.make import Options
from generator.paths import example_schools_dir

ROOT = Path(__file__).resolve().parent.parent
PICTURES = {
    "staff-poster.png": ("staff-poster", "staff-poster-a3.pdf"),
    "pupil-poster.png": ("pupil-poster", "pupil-poster-early-a4.pdf"),
}
WIDTH_PX = 527


def main() -> None:
    school = example_schools_dir() / "oakfield-primary" / "school.yaml"
    with tempfile.TemporaryDirectory() as out:
        only = tuple(product for product, _ in PICTURES.values())
        result = build([school], Path(out), Options(only=only, sizes=("a3", "a4")))
        if not result.ok:
            raise SystemExit(str(next(iter(result.failures.values()))))
        for picture, (_, filename) in PICTURES.items():
            save(Path(out) / "oakfield-primary" / filename, ROOT / "docs" / picture)


def save(pdf_path: Path, target: Path) -> None:
    pdf = pypdfium2.PdfDocument(pdf_path)
    page = pdf[0]
    image = page.render(scale=WIDTH_PX / page.get_width()).to_pil()
    pdf.close()
    image = image.convert("P", palette=Image.Palette.ADAPTIVE, colors=128)
    target.parent.mkdir(exist_ok=True)
    image.save(target, optimize=True)
    print(f"wrote {target.relative_to(ROOT)} ({image.width}×{image.height})")


if __name__ == "__main__":
    main()
