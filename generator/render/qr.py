"""QR codes as vector SVG, so they stay sharp at any print size."""

from __future__ import annotations

from functools import lru_cache

import segno

from generator.errors import SafeprintError


# Every document of a school carries the same code: made once per school.
@lru_cache(maxsize=64)
def qr_data_uri(url: str) -> str:
    """A ``data:`` URI of an SVG QR code for ``url`` (error correction M)."""
    try:
        code = segno.make(url, error="m", micro=False)
    except segno.DataOverflowError:
        raise SafeprintError.single(
            f"the web address {url[:60]}… is too long for a QR code — give a "
            "shorter one"
        ) from None
    return code.svg_data_uri(
        scale=10,
        border=4,
        dark="#000000",
        light="#ffffff",
        xmldecl=False,
        svgns=True,
        nl=False,
    )
