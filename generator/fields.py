"""Field types for the school file: phone numbers, colours, local files, web pages.

Each validator raises ``ValueError`` with wording a safeguarding lead understands;
:mod:`generator.validate` adds the file, line and column.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

import phonenumbers
from phonenumbers import shortnumberinfo
from pydantic import AfterValidator, BeforeValidator, ValidationInfo

# Ofcom keeps these ranges for drama and examples; they are never connected, and
# phonenumbers (rightly) calls them invalid. Example schools use them.
_FICTIONAL = re.compile(
    r"^(1632 96[01]\d{3}|7700 900\d{3}|20 7946 0\d{3}|"
    r"113 496 0\d{3}|114 496 0\d{3}|115 496 0\d{3}|"
    r"117 496 0\d{3}|118 496 0\d{3}|121 496 0\d{3}|"
    r"131 496 0\d{3}|141 496 0\d{3}|151 496 0\d{3}|"
    r"161 496 0\d{3}|191 498 0\d{3}|28 9649 6\d{3}|"
    r"29 2018 0\d{3}|808 157 0\d{3}|909 879 0\d{3})$"
)

IMAGE_SIGNATURES = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".svg": (),
}


def _text(value: object) -> object:
    """Numbers typed without quotes still reach the phone check as text."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


@lru_cache(maxsize=4096)
def format_phone(text: str, *, allow_short: bool = False) -> str:
    """A UK phone number in its standard grouping, e.g. ``01632 960123``."""
    example = "write it as you would dial it, e.g. 01632 960123"
    if not text.strip():
        raise ValueError(f"is empty — {example}")
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        raise ValueError(f'"{text}" is not a phone number — {example}') from None
    if allow_short and shortnumberinfo.is_valid_short_number(number):
        return str(number.national_number)
    national = phonenumbers.format_number(
        number, phonenumbers.PhoneNumberFormat.NATIONAL
    )
    if phonenumbers.is_valid_number(number):
        if number.country_code != 44:
            return phonenumbers.format_number(
                number, phonenumbers.PhoneNumberFormat.INTERNATIONAL
            )
        return national
    if number.country_code == 44 and _FICTIONAL.match(national.removeprefix("0")):
        return national
    raise ValueError(f'"{text}" is not a UK phone number — {example}')


def _phone(value: str) -> str:
    return format_phone(value)


def _short_phone(value: str) -> str:
    return format_phone(value, allow_short=True)


def _colour(value: str) -> str:
    if not re.fullmatch(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})", value):
        raise ValueError(
            f'"{value}" is not a colour — write it as a hex code in quotes, '
            'e.g. "#1d3c78"'
        )
    if len(value) == 4:
        value = "#" + "".join(c * 2 for c in value[1:])
    return value.lower()


def _web(value: str) -> str:
    scheme, found, rest = value.partition("://")
    candidate = f"{scheme.lower()}://{rest}" if found else f"https://{value}"
    try:
        parts = urlsplit(candidate)
        host, _ = parts.hostname or "", parts.port
    except ValueError:
        host = ""
    if not candidate.startswith(("http://", "https://")) or "." not in host:
        raise ValueError(
            f'"{value}" is not a web address — write it like '
            "https://yourschool.sch.uk/safeguarding"
        )
    return candidate


def _local_file(value: object, info: ValidationInfo) -> Path:
    """A file inside the school's folder: relative, existing, a PNG, JPEG or SVG."""
    if not isinstance(value, str):
        raise ValueError("write the path to a file, e.g. assets/photo.jpg")
    base: Path = (info.context or {})["base"]
    hint = "give a path inside the school's folder, e.g. assets/logo.svg"
    if "://" in value or value.startswith(("/", "\\", "~")) or ":" in value[:3]:
        raise ValueError(f'"{value}" must be a file beside the school file — {hint}')
    try:
        path = (base / value).resolve()
        inside = path.is_relative_to(base.resolve())
        exists = inside and path.is_file()
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or "not a usable file name"
        raise ValueError(f'"{value}" cannot be read ({reason}) — {hint}') from None
    if not inside:
        raise ValueError(f'"{value}" points outside the school\'s folder — {hint}')
    if not exists:
        what = "is a folder, not a file" if path.is_dir() else "does not exist"
        raise ValueError(f'"{value}" {what} — {hint}')
    suffix = path.suffix.lower()
    if suffix not in IMAGE_SIGNATURES:
        raise ValueError(f'"{value}" is not a PNG, JPEG or SVG image — save it as one')
    _check_signature(path, value, suffix)
    problem = image_problem(path)
    if problem:
        raise ValueError(f'"{value}" {problem}')
    return path


def _check_signature(path: Path, value: str, suffix: str) -> None:
    head = path.read_bytes()[:512]
    signatures = IMAGE_SIGNATURES[suffix]
    ok = (
        b"<svg" in head or head.lstrip().startswith(b"<?xml")
        if not signatures
        else head.startswith(signatures)
    )
    if not ok:
        raise ValueError(
            f'"{value}" is not really a {suffix[1:].upper()} file — '
            "open it and save it again as PNG, JPEG or SVG"
        )


def blank_is_none(value: object) -> object:
    """An optional value left as ``""`` in the scaffold means "not given"."""
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _email(value: str) -> str:
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise ValueError(
            f'"{value}" is not an email address — write it like name@school.sch.uk'
        )
    return value


def _reference(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9-]{0,19}", value):
        raise ValueError(
            f'"{value}" is not a school reference — use up to 20 letters, digits '
            "and hyphens, e.g. the school's URN: 123456"
        )
    return value


Email = Annotated[str, AfterValidator(_email)]
Reference = Annotated[str, BeforeValidator(_text), AfterValidator(_reference)]
Phone = Annotated[str, BeforeValidator(_text), AfterValidator(_phone)]
ServicePhone = Annotated[str, BeforeValidator(_text), AfterValidator(_short_phone)]
Colour = Annotated[str, AfterValidator(_colour)]
WebAddress = Annotated[str, AfterValidator(_web)]
LocalFile = Annotated[Path, BeforeValidator(_local_file)]


MAX_PIXELS = 40_000_000  # a 6000 × 6000 photo; more is a mistake or an attack


def image_problem(path: Path) -> str | None:
    """Why an image cannot be printed safely, or None when it can."""
    if path.suffix.lower() == ".svg":
        return _svg_problem(path)
    import warnings

    from PIL import Image, ImageFile

    # WeasyPrint, once imported, tells Pillow to accept truncated files: here we
    # want to know, so the flag is off while this image is read.
    tolerant, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                if image.width * image.height > MAX_PIXELS:
                    return (
                        f"is {image.width} × {image.height} pixels — too large; "
                        "save a copy under 6000 × 6000"
                    )
                image.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        return "has far too many pixels — save a copy under 6000 × 6000"
    except (OSError, SyntaxError, ValueError):
        return "is damaged or not a complete image — export it again as PNG or JPEG"
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = tolerant
    return None


def _svg_problem(path: Path) -> str | None:
    """An SVG must be plain vector drawing: no external files, no entities."""
    import xml.etree.ElementTree as ET

    text = path.read_bytes()
    if b"<!DOCTYPE" in text or b"<!ENTITY" in text:
        return "declares a DOCTYPE or entities — save it again as a plain SVG"
    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        return "is damaged or not an SVG — export it again as SVG, PNG or JPEG"
    if not root.tag.endswith("svg"):
        return "is not an SVG drawing — export it again as SVG, PNG or JPEG"
    for element in root.iter():
        for key, ref in element.attrib.items():
            if key.endswith("href") and not ref.startswith("#"):
                return (
                    "refers to another file or address — save it with "
                    "everything embedded as shapes"
                )
        if element.tag.endswith(("}image", "}script", "}foreignObject")):
            return "contains pictures, scripts or web content — save it as shapes only"
    return None
