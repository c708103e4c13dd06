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


# --- SVG ----------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


SVG_ELEMENTS = _words(
    """svg g defs symbol use path rect circle ellipse line polyline polygon text
    tspan textPath title desc metadata linearGradient radialGradient stop
    clipPath mask pattern marker style switch filter feGaussianBlur feOffset
    feBlend feFlood feMerge feMergeNode feColorMatrix feComposite"""
)
# What drawing programs keep about a drawing (Inkscape's page settings, RDF
# licence data): never drawn.
METADATA_ELEMENTS = _words(
    """namedview grid guide pagecheck page RDF Work format type date creator
    Agent publisher rights license License source language subject Bag Seq Alt
    li description contributor relation coverage identifier Permits Requires
    Prohibits"""
)
SVG_ATTRIBUTES = _words(
    """id class style transform viewBox width height x y x1 y1 x2 y2 cx cy r rx
    ry d points fill fill-opacity fill-rule stroke stroke-width stroke-opacity
    stroke-linecap stroke-linejoin stroke-miterlimit stroke-dasharray
    stroke-dashoffset opacity clip-path clip-rule mask preserveAspectRatio
    version baseProfile gradientUnits gradientTransform spreadMethod offset
    stop-color stop-opacity fx fy fr font-family font-size font-weight
    font-style font-variant font-stretch text-anchor dominant-baseline
    alignment-baseline baseline-shift letter-spacing word-spacing dx dy rotate
    textLength lengthAdjust display visibility color href space lang
    patternUnits patternContentUnits patternTransform markerWidth markerHeight
    markerUnits refX refY orient clipPathUnits maskUnits maskContentUnits
    overflow vector-effect paint-order shape-rendering text-rendering
    color-interpolation color-interpolation-filters filter filterUnits
    primitiveUnits stdDeviation in in2 result mode type values operator k1 k2
    k3 k4 flood-color flood-opacity text-decoration writing-mode direction
    unicode-bidi marker-start marker-mid marker-end startOffset method spacing
    side pathLength enable-background mix-blend-mode isolation
    transform-origin"""
)
SVG = "http://www.w3.org/2000/svg"
# Attributes in these namespaces are read by WeasyPrint as their plain names.
READ_AS_PLAIN = (
    "",
    SVG,
    "http://www.w3.org/1999/xlink",
    "http://www.w3.org/XML/1998/namespace",
)

DRAWING_ONLY = "save it as plain shapes (in Inkscape: Save As → Plain SVG)"


def svg_problem(data: bytes) -> str | None:
    """Why SVG data is not plain drawing; None when it is."""
    import xml.etree.ElementTree as ET

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        root = fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        return "declares a DOCTYPE or entities — " + DRAWING_ONLY
    except (ET.ParseError, ValueError, LookupError):
        return "is damaged or not an SVG — export it again as SVG, PNG or JPEG"
    if _local(root.tag) != "svg":
        return "is not an SVG drawing — export it again as SVG, PNG or JPEG"
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # a comment or processing instruction
        name = _local(element.tag)
        if name not in SVG_ELEMENTS and name not in METADATA_ELEMENTS:
            return f"contains <{name}>, which is not plain drawing — " + DRAWING_ONLY
        if name == "style" and _css_problem(element.text or ""):
            return "has a style with " + _css_problem(element.text or "")  # type: ignore[operator]
        for attribute, value in element.attrib.items():
            found = _attribute_problem(attribute, value, name in METADATA_ELEMENTS)
            if found:
                return found
    return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _attribute_problem(attribute: str, value: str, notes: bool) -> str | None:
    """What is wrong with an attribute; ``notes``: of an element never drawn
    (a drawing program's settings), whose attributes may be any."""
    if _namespace(attribute) not in READ_AS_PLAIN:
        return None  # a drawing program's own note (inkscape:label), never read
    name = _local(attribute)
    if name not in SVG_ATTRIBUTES and not notes:
        return f"has a `{name}` attribute, which is not plain drawing — " + DRAWING_ONLY
    if name == "href" and not value.strip().startswith("#"):
        return (
            "refers to another file or address — save it with everything "
            "embedded as shapes"
        )
    found = _css_problem(value)
    return f"has a `{name}` with {found}" if found else None


def _css_problem(text: str) -> str | None:
    """What in CSS (a style sheet, a style attribute or any attribute value)
    could reach outside the drawing: at-rules, and ``url()`` but to its parts."""
    import tinycss2

    pending = list(tinycss2.parse_component_value_list(text))
    for token in pending:  # grows as blocks and functions are opened
        if token.type == "at-keyword":
            return f"@{token.value} — " + DRAWING_ONLY
        if token.type == "url" and not token.value.strip().startswith("#"):
            return "a url() to another file or address — " + DRAWING_ONLY
        if token.type == "function" and token.lower_name in ("url", "src"):
            inner = "".join(t.serialize() for t in token.arguments).strip(" \"'")
            if not inner.startswith("#"):
                return "a url() to another file or address — " + DRAWING_ONLY
        pending += getattr(token, "content", None) or []
        pending += getattr(token, "arguments", None) or []
    return None
