"""Colour for a print shop: the output condition (a CMYK ICC profile) and every
CSS colour converted to it.

How a colour is converted (the method the README documents):

- greys (red = green = blue), black and white included, print in black ink
  alone: K = 1 − grey, no cyan, magenta or yellow, so small text has no colour
  fringes when the plates are slightly out of register;
- every other colour goes from sRGB to the press's profile with LittleCMS
  (Pillow's ImageCms), relative colorimetric intent with black point
  compensation: the usual choice for brand colours, which keeps those inside
  the press's gamut exactly and moves the rest to the nearest it can print.

Photos, logos and the QR code keep their RGB; the PDF declares them sRGB
(``/DefaultRGB``), which PDF/X-4 allows, and the print shop's RIP converts them.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from generator.errors import SafeprintError

# CMYK output profiles a Debian or Ubuntu machine may already have (Ghostscript's
# generic one, from the libgs-common package); a print shop's own is better.
SYSTEM_PROFILES = (Path("/usr/share/color/icc/ghostscript/default_cmyk.icc"),)
MAX_PROFILE_BYTES = 10_000_000


@dataclass(frozen=True)
class Press:
    """A print shop's output condition: its CMYK profile, known by its digest
    (which is what a document's inputs record)."""

    sha256: str
    path: Path = field(repr=False, compare=False)
    name: str = field(repr=False, compare=False)
    # The profile as read, so that what is embedded is what was digested.
    data: bytes = field(repr=False, compare=False, default=b"")


def find_press(icc: Path | None) -> Press:
    """The press profile ``icc`` names, else one the machine has; a clear
    error when it is not a CMYK printer profile or there is none."""
    if icc is None:
        found = [path for path in SYSTEM_PROFILES if path.is_file()]
        if not found:
            raise SafeprintError.single(
                "--profile print-shop needs the print shop's CMYK colour profile "
                "(an .icc file; in the UK usually ISO Coated v2 / FOGRA39) — "
                "pass it with --icc FILE, or install Ghostscript's generic one "
                "(apt-get install libgs-common)"
            )
        icc = found[0]
    return _press(icc.resolve())


@lru_cache(maxsize=8)
def _press(path: Path) -> Press:
    from PIL import ImageCms

    data = _read(path)
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(data)).profile
    except (OSError, ValueError, TypeError) as exc:
        raise SafeprintError.single(
            "this is not an ICC colour profile — ask the print shop for theirs "
            "(an .icc or .icm file)",
            file=path,
        ) from exc
    if profile.xcolor_space.strip() != "CMYK" or profile.device_class != "prtr":
        raise SafeprintError.single(
            f"this profile is for {profile.xcolor_space.strip()} "
            f"({profile.device_class}), not a CMYK printer — ask the print shop "
            "for their CMYK output profile",
            file=path,
        )
    name = (profile.profile_description or profile.model or path.stem).strip()
    return Press(hashlib.sha256(data).hexdigest(), path, name, data)


def _read(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_PROFILE_BYTES:
            raise SafeprintError.single(
                "this file is too large for a colour profile", file=path
            )
        return path.read_bytes()
    except OSError as exc:
        raise SafeprintError.single(
            f"cannot read the colour profile: {exc.strerror}", file=path
        ) from exc


def to_cmyk(press: Press, rgb: tuple[int, int, int]) -> tuple[float, ...]:
    """An sRGB colour (0–255 channels) as the press's C, M, Y, K (0–1)."""
    red, green, blue = rgb
    if red == green == blue:
        return (0.0, 0.0, 0.0, round(1 - red / 255, 4))
    return _converted(press, rgb)


@lru_cache(maxsize=1024)
def _converted(press: Press, rgb: tuple[int, int, int]) -> tuple[float, ...]:
    from PIL import Image, ImageCms

    pixel = Image.new("RGB", (1, 1), rgb)
    out = ImageCms.applyTransform(pixel, _transform(press, "RGB", "CMYK"))
    return tuple(round(v / 255, 4) for v in out.getpixel((0, 0)))  # type: ignore[union-attr]


@lru_cache(maxsize=1024)
def to_rgb(press: Press, cmyk: tuple[float, ...]) -> tuple[float, float, float]:
    """How the press's C, M, Y, K look in sRGB (0–1): for contrast checks."""
    from PIL import Image, ImageCms

    pixel = Image.new("CMYK", (1, 1), tuple(round(v * 255) for v in cmyk))
    out = ImageCms.applyTransform(pixel, _transform(press, "CMYK", "RGB"))
    r, g, b = out.getpixel((0, 0))  # type: ignore[misc]
    return (r / 255, g / 255, b / 255)


@lru_cache(maxsize=16)
def _transform(press: Press, source: str, target: str) -> Any:
    from PIL import ImageCms

    srgb = ImageCms.createProfile("sRGB")
    device = ImageCms.ImageCmsProfile(io.BytesIO(press.data))
    profiles = (srgb, device) if source == "RGB" else (device, srgb)
    return ImageCms.buildTransform(
        *profiles,
        source,
        target,
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
    )


def cmyk_css(css: str, press: Press) -> str:
    """``css`` with every colour in a declaration written as ``device-cmyk()``."""
    import tinycss2

    rules = tinycss2.parse_stylesheet(css)
    return tinycss2.serialize(_rules(rules, press))


def _rules(nodes: list[Any], press: Press) -> list[Any]:
    import tinycss2

    kept = []
    for node in nodes:
        if node.type not in ("qualified-rule", "at-rule"):
            continue  # a parse error (or a comment): dropped, as a browser would
        if node.content is not None and not (
            node.type == "at-rule" and node.lower_at_keyword == "color-profile"
        ):
            contents = tinycss2.parse_blocks_contents(node.content)
            converted = []
            for item in contents:
                if item.type == "declaration":
                    if _carries_colour(item.lower_name):
                        item.value = _values(item.value, press)
                    converted.append(item)
                elif item.type in ("qualified-rule", "at-rule"):
                    converted += _rules([item], press)
            node.content = _joined(converted)
        kept.append(node)
    return kept


# Properties whose values hold colours (and custom properties, which hold the
# brand palette); elsewhere a word like `orange` or `tan` is a name, not a colour.
_COLOUR_WORDS = ("color", "background", "border", "outline", "shadow", "fill")
_COLOUR_WORDS += ("stroke", "text-decoration", "column-rule", "caret")


def _carries_colour(name: str) -> bool:
    return name.startswith("--") or any(word in name for word in _COLOUR_WORDS)


def _joined(items: list[Any]) -> list[Any]:
    """Declarations and nested rules back into one block's tokens."""
    import tinycss2

    text = ""
    for item in items:
        if item.type == "declaration":
            important = " !important" if item.important else ""
            text += f"{item.name}: {tinycss2.serialize(item.value)}{important}; "
        elif item.type in ("qualified-rule", "at-rule"):
            text += item.serialize() + " "
    return tinycss2.parse_component_value_list(text)


def _values(tokens: list[Any], press: Press) -> list[Any]:
    """Colour tokens (#hex, rgb(), named colours) replaced, others kept; inside
    functions (var() fallbacks, gradients) too."""
    import tinycss2
    from tinycss2.color4 import parse_color

    out = []
    for token in tokens:
        if token.type == "function" and token.lower_name not in COLOUR_FUNCTIONS:
            token.arguments = _values(token.arguments, press)
        elif token.type in ("hash", "ident", "function"):
            colour = parse_color(token)
            # (currentcolor has no value of its own; transparent stays so.)
            if hasattr(colour, "to") and colour.alpha > 0:
                out += tinycss2.parse_component_value_list(_device_cmyk(colour, press))
                continue
        out.append(token)
    return out


COLOUR_FUNCTIONS = ("rgb", "rgba", "hsl", "hsla")


def _device_cmyk(colour: Any, press: Press) -> str:
    red, green, blue = (
        round(min(max(v, 0.0), 1.0) * 255) for v in colour.to("srgb").coordinates
    )
    c, m, y, k = to_cmyk(press, (red, green, blue))
    alpha = colour.alpha
    if alpha < 1:
        return f"device-cmyk({c:g} {m:g} {y:g} {k:g} / {alpha:g})"
    return f"device-cmyk({c:g} {m:g} {y:g} {k:g})"
