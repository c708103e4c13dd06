"""One policy for every image a school supplies, wherever it is shown from:
the logo and photos its school file names, and pictures its own templates show.

A raster image must be a PNG or JPEG that decodes whole, of at most
``MAX_PIXELS``, and not far larger than its pixels need (a file with something
appended to it); what reaches the PDF is its decoded pixels written afresh, so
nothing else in the file travels with them. An SVG is parsed with a hardened
XML parser (no DOCTYPE, no entities, whatever its encoding) and may hold only
drawing: a known list of elements and attributes, references to its own parts
(``#id``) and CSS without at-rules or ``url()`` beyond its own parts. Each
distinct file is decoded once (by its identity and time of change).
"""

from __future__ import annotations

import io
import os
import warnings
from collections import OrderedDict
from pathlib import Path

from generator.render.svg import svg_problem

MAX_PIXELS = 40_000_000  # a 6000 × 6000 photo; more is a mistake or an attack
# A file may be this many times the size of its raw pixels, plus SLACK bytes
# (a colour profile, a thumbnail), before it is taken to carry something else.
MAX_RATIO = 4
SLACK = 1_000_000

Key = tuple[str, int, int, int]


class ImageRefused(ValueError):
    """Why an image cannot be used, in words that follow its name."""


def warm_imports() -> None:
    """Import what checking an image needs (Pillow, defusedxml, tinycss2)."""
    import defusedxml.ElementTree  # noqa: F401
    import tinycss2  # noqa: F401
    from PIL import Image, ImageFile, ImageOps  # noqa: F401


def key(path: Path) -> Key:
    """What tells one state of a file from another, without reading it."""
    found = os.stat(path)
    return (str(path.resolve()), found.st_ino, found.st_size, found.st_mtime_ns)


def image_problem(path: Path) -> str | None:
    """Why an image cannot be printed safely, or None when it can."""
    try:
        clean_image(path)
    except ImageRefused as exc:
        return str(exc)
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    return None


def clean_image(path: Path) -> tuple[bytes, str]:
    """The image at ``path`` as it may reach a PDF, and its media type: a
    raster image's decoded pixels written afresh, an SVG's checked text."""
    return _clean(key(path))


# Images written afresh, by file: each is decoded once however many people,
# documents and checks show it; the oldest are let go past CACHE_BYTES.
CACHE_BYTES = 256_000_000
_CLEANED: OrderedDict[Key, tuple[bytes, str]] = OrderedDict()
_REFUSED: dict[Key, str] = {}


def _clean(found: Key) -> tuple[bytes, str]:
    if found in _CLEANED:
        _CLEANED.move_to_end(found)
        return _CLEANED[found]
    if found in _REFUSED:
        raise ImageRefused(_REFUSED[found])
    try:
        made = _clean_now(found)
    except ImageRefused as exc:
        if len(_REFUSED) < 4096:
            _REFUSED[found] = str(exc)
        raise
    _CLEANED[found] = made
    while sum(len(data) for data, _ in _CLEANED.values()) > CACHE_BYTES:
        _CLEANED.popitem(last=False)
    return made


def _clean_now(found: Key) -> tuple[bytes, str]:
    kind = _looks_raster(_head(found))
    if kind:
        return _raster(Path(found[0]), found[2]), _RASTER_TYPES[kind]
    data = _text_file(found)
    problem = svg_problem(data)
    if problem:
        raise ImageRefused(problem)
    return data, "image/svg+xml"


_RASTER_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}
_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}


def _looks_raster(data: bytes) -> str | None:
    return next(
        (kind for sig, kind in _SIGNATURES.items() if data.startswith(sig)), None
    )


def served(path: Path) -> tuple[bytes, str | None]:
    """A file of a school's folder as a document may fetch it: an image (by
    what it holds, not its name: WeasyPrint goes by the bytes) under the image
    policy, with its media type; anything else (a style sheet) as it is, with
    none. Raises :class:`ImageRefused`."""
    return _served(key(path))


def _served(found: Key) -> tuple[bytes, str | None]:
    if _looks_raster(_head(found)):
        return _clean(found)
    data = _text_file(found)
    if is_xml(data):
        return _clean(found)
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
    except Exception:  # noqa: BLE001 — what Pillow cannot open is no picture
        return data, None
    raise ImageRefused(
        f"is a {kind} image — give a PNG, JPEG or SVG (save it again as one)"
    )


# Any other file a school's document may read (an SVG, a style sheet): a few
# kB, and a drawing program's largest SVG well under this.
MAX_OTHER_BYTES = 10_000_000


def _head(found: Key) -> bytes:
    with open(found[0], "rb") as handle:
        return handle.read(16)


def _text_file(found: Key) -> bytes:
    if found[2] > MAX_OTHER_BYTES:
        raise ImageRefused(
            f"is {found[2] / 1e6:.0f} MB — far larger than a drawing or a style "
            "sheet; export it again, smaller"
        )
    return Path(found[0]).read_bytes()


def is_xml(data: bytes) -> bool:
    """Whether ``data`` is XML, in whatever encoding (WeasyPrint would try it
    as SVG)."""
    import xml.etree.ElementTree as ET

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        return True
    except (ET.ParseError, ValueError, LookupError):
        return False
    return True


def _raster(path: Path, size: int) -> bytes:
    from PIL import Image, ImageFile, ImageOps

    # WeasyPrint, once imported, tells Pillow to accept truncated files: here we
    # want to know, so the flag is off while this image is read.
    tolerant, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                if image.format not in _RASTER_TYPES:
                    raise ImageRefused(
                        "is not really a PNG or JPEG file — open it and save it "
                        "again as PNG, JPEG or SVG"
                    )
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise ImageRefused(
                        f"is {width} × {height} pixels — too large; save a copy "
                        "under 6000 × 6000"
                    )
                need = width * height * len(image.getbands())
                if size > MAX_RATIO * need + SLACK:
                    raise ImageRefused(
                        f"is {size / 1e6:.1f} MB, far more than its {width} × "
                        f"{height} pixels need: something else is in the file — "
                        "export the picture again as PNG or JPEG"
                    )
                image.load()
                return _afresh(image, ImageOps)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ImageRefused(
            "has far too many pixels — save a copy under 6000 × 6000"
        ) from None
    except ImageRefused:
        raise
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ImageRefused(
            "is damaged or not a complete image — export it again as PNG or JPEG"
        ) from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = tolerant


def _afresh(image: object, image_ops: object) -> bytes:
    """The decoded pixels in a new file of the same kind: the colour profile
    kept, the camera's turn applied, nothing else."""
    out = io.BytesIO()
    kind = image.format  # type: ignore[attr-defined]
    profile = image.info.get("icc_profile")  # type: ignore[attr-defined]
    extra = {"icc_profile": profile} if profile else {}
    turned = image_ops.exif_transpose(image)  # type: ignore[attr-defined]
    if kind == "PNG":
        turned.save(out, "PNG", **extra)
    elif turned is image:
        # The same quantisation as the original: no loss beyond rounding.
        turned.save(out, "JPEG", quality="keep", **extra)
    else:
        turned.save(out, "JPEG", quality=92, **extra)
    return out.getvalue()
