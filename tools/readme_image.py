"""Render the README's pictures of what safeprint makes.

    python tools/readme_image.py   # docs/*.png

Builds the example schools' posters into a temporary folder and saves the first
page of some as small PNGs (pypdfium2), so the README always shows what
safeprint really makes.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pypdfium2
from PIL import Image

from generator.paths import example_schools_dir
from generator.runner.build import build
from generator.runner.document import Options

ROOT = Path(__file__).resolve().parent.parent
PICTURES = {
    "staff-poster.png": "oakfield-primary/staff-poster-a3.pdf",
    "pupil-poster.png": "oakfield-primary/pupil-poster-early-a4-en.pdf",
    "bilingual-poster.png": "ysgol-bryn-derw/staff-poster-a3-cy-en.pdf",
    "pupil-poster-ur.png": "oakfield-primary/pupil-poster-early-a4-ur.pdf",
}
WIDTH_PX = 527


def main() -> None:
    schools = [
        example_schools_dir() / folder / "school.yaml"
        for folder in sorted({path.split("/")[0] for path in PICTURES.values()})
    ]
    with tempfile.TemporaryDirectory() as out:
        only = ("staff-poster", "pupil-poster")
        result = build(schools, Path(out), Options(only=only, sizes=("a3", "a4")))
        if not result.ok:
            raise SystemExit(str(next(iter(result.failures.values()))))
        for picture, path in PICTURES.items():
            save(Path(out) / path, ROOT / "docs" / picture)


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
