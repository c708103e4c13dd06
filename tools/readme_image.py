"""Render the README's pictures of what safeprint makes.

    python tools/readme_image.py   # docs/*.png

Builds the example schools' posters, an early-years leaflet and a staff card
into a temporary folder and saves pages of them as small PNGs (pypdfium2), so
the README always shows what safeprint really makes. A picture of several
pages shows them side by side (the leaflet's outside and inside, the card's
front and back).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pypdfium2
from PIL import Image, ImageOps

from generator.paths import example_schools_dir
from generator.runner.build import build
from generator.runner.document import Options

ROOT = Path(__file__).resolve().parent.parent
PICTURES = {
    "staff-poster.png": "oakfield-primary/staff-poster-a3.pdf",
    "pupil-poster.png": "oakfield-primary/pupil-poster-early-a4-en.pdf",
    "bilingual-poster.png": "ysgol-bryn-derw/staff-poster-a3-cy-en.pdf",
    "pupil-poster-ur.png": "oakfield-primary/pupil-poster-early-a4-ur.pdf",
    "pupil-leaflet.png": "glenburn-primary/pupil-leaflet-early.pdf",
    "staff-card.png": "oakfield-primary/staff-card.pdf",
}
# Each page's width in the picture (px); a card is small, so its faces are
# drawn larger than their share of a poster's width would make them.
WIDTH_PX = 527
CARD_WIDTH_PX = 420
GAP_PX = 12


def main() -> None:
    schools = [
        example_schools_dir() / folder / "school.yaml"
        for folder in sorted({path.split("/")[0] for path in PICTURES.values()})
    ]
    with tempfile.TemporaryDirectory() as out:
        only = ("staff-poster", "pupil-poster", "pupil-leaflet", "staff-card")
        result = build(schools, Path(out), Options(only=only, sizes=("a3", "a4")))
        if not result.ok:
            raise SystemExit(str(next(iter(result.failures.values()))))
        for picture, path in PICTURES.items():
            save(Path(out) / path, ROOT / "docs" / picture)


def save(pdf_path: Path, target: Path) -> None:
    """A poster's first page; every page of a leaflet or card, side by side."""
    pdf = pypdfium2.PdfDocument(pdf_path)
    several = "leaflet" in pdf_path.name or "card" in pdf_path.name
    width = CARD_WIDTH_PX if "card" in pdf_path.name else WIDTH_PX
    pages = [pdf[i] for i in range(len(pdf) if several else 1)]
    faces = [_trimmed(p, width) for p in pages]
    if "card" in pdf_path.name:  # its white face edged, as a card on a page
        faces = [ImageOps.expand(f, border=1, fill="#bbbbbb") for f in faces]
    pdf.close()
    image = Image.new(
        "RGB",
        (sum(f.width for f in faces) + GAP_PX * (len(faces) - 1), faces[0].height),
        "white",
    )
    for i, face in enumerate(faces):
        image.paste(face, (i * (face.width + GAP_PX), 0))
    image = image.convert("P", palette=Image.Palette.ADAPTIVE, colors=128)
    target.parent.mkdir(exist_ok=True)
    image.save(target, optimize=True)
    print(f"wrote {target.relative_to(ROOT)} ({image.width}×{image.height})")


def _trimmed(page: pypdfium2.PdfPage, width: int) -> Image.Image:
    """A page drawn ``width`` px wide, cut at its trim (no bleed or marks)."""
    left, bottom, right, top = page.get_mediabox()
    t_left, t_bottom, t_right, t_top = page.get_trimbox()
    crop = (t_left - left, t_bottom - bottom, right - t_right, top - t_top)
    return page.render(scale=width / (t_right - t_left), crop=crop).to_pil()


if __name__ == "__main__":
    main()
