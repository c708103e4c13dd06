"""Render the README's picture of the example staff poster.

    python tools/readme_image.py      # writes docs/staff-poster.png

Builds Oakfield Primary's A3 poster into a temporary folder and saves page 1 as a
small PNG (pypdfium2), so the README always shows what safeprint really makes.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pypdfium2
from PIL import Image

from generator.build import Options, build
from generator.paths import example_schools_dir

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "staff-poster.png"


def main() -> None:
    school = example_schools_dir() / "oakfield-primary" / "school.yaml"
    with tempfile.TemporaryDirectory() as out:
        result = build([school], Path(out), Options(sizes=("a3",)))
        if not result.ok:
            raise SystemExit(str(next(iter(result.failures.values()))))
        pdf = pypdfium2.PdfDocument(Path(out) / result.entries[0].path)
        image = pdf[0].render(scale=45 / 72).to_pil()
        pdf.close()
    TARGET.parent.mkdir(exist_ok=True)
    image = image.convert("P", palette=Image.Palette.ADAPTIVE, colors=128)
    image.save(TARGET, optimize=True)
    print(f"wrote {TARGET.relative_to(ROOT)} ({image.width}×{image.height})")


if __name__ == "__main__":
    main()
