"""Photos and logos sent from the page: checked as any school image is, and
kept in the school's ``assets/`` folder under a name made here, never one the
browser chose."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.errors import SafeprintError

MAX_UPLOAD = 5_000_000


def kind_of(head: bytes) -> str | None:
    """The image's type from its first bytes (its name is not trusted)."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return ".png"
    if head.startswith(b"\xff\xd8\xff"):
        return ".jpg"
    start = head.lstrip()[:512].lower()
    if start.startswith(b"<?xml") or start.startswith(b"<svg"):
        return ".svg"
    return None


@dataclass(frozen=True)
class Crop:
    """The square of a photo the circle shows: its centre (fractions of the
    width and height) and how far it is zoomed in (1: the short side)."""

    x: float = 0.5
    y: float = 0.5
    zoom: float = 1.0

    @classmethod
    def parse(cls, x: str | None, y: str | None, zoom: str | None) -> Crop | None:
        try:
            crop = cls(float(x or ""), float(y or ""), float(zoom or ""))
        except ValueError:
            return None
        ok = 0 <= crop.x <= 1 and 0 <= crop.y <= 1 and 1 <= crop.zoom <= 8
        return crop if ok else None


def cropped(path: Path, crop: Crop) -> None:
    """Cut the photo at ``path`` to the square its circle shows, in place."""
    from PIL import Image, ImageOps

    with Image.open(path) as original:
        kind = original.format
        image = ImageOps.exif_transpose(original)
        side = min(image.width, image.height) / crop.zoom
        left = min(max(crop.x * image.width - side / 2, 0), image.width - side)
        top = min(max(crop.y * image.height - side / 2, 0), image.height - side)
        square = image.crop(
            (round(left), round(top), round(left + side), round(top + side))
        )
    if kind == "JPEG":
        square.convert("RGB").save(path, format="JPEG", quality=92)
    else:
        square.save(path, format="PNG")


def store(
    school_folder: Path, data: bytes, wanted: str, crop: Crop | None = None
) -> str:
    """Keep an uploaded image in ``school_folder/assets`` (a photo cut to the
    square its circle shows, with ``crop``); its path as the school file names
    it (``assets/khan.jpg``)."""
    from generator.resolve.pack import slugify
    from generator.validate.fields import image_problem

    if len(data) > MAX_UPLOAD:
        raise SafeprintError.single(
            f"the picture is larger than {MAX_UPLOAD // 1_000_000} MB — save a "
            "smaller copy (a photo for print needs about 1000 × 1000 pixels)"
        )
    suffix = kind_of(data[:1024])
    if suffix is None:
        raise SafeprintError.single(
            "this is not a PNG, JPEG or SVG picture — export it as one of those"
        )
    folder = school_folder / "assets"
    folder.mkdir(exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".upload.", suffix=suffix, dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        problem = image_problem(Path(tmp))
        if problem:
            raise SafeprintError.single(f"the picture {problem}")
        if crop is not None and suffix != ".svg":
            cropped(Path(tmp), crop)
        target = _free_name(folder, slugify(Path(wanted).stem) or "photo", suffix, data)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return f"assets/{target.name}"


def _free_name(folder: Path, stem: str, suffix: str, data: bytes) -> Path:
    """``stem.jpg``, or the same picture already there, or ``stem-2.jpg``..."""
    stem = stem[:40]
    n = 1
    while True:
        name = f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}"
        path = folder / name
        if not path.exists() or _same(path, data):
            return path
        n += 1


def _same(path: Path, data: bytes) -> bool:
    digest = hashlib.sha256(data).digest()
    return path.is_file() and hashlib.sha256(path.read_bytes()).digest() == digest
