"""QR codes as vector SVG, so they stay sharp at any print size."""

from __future__ import annotations

from functools import lru_cache

import segno


# Every document of a school carries the same code: made once per school.
@lru_cache(maxsize=64)
def qr_data_uri(url: str) -> str:
    """A ``data:`` URI of an SVG QR code for ``url`` (error correction M)."""
    code = segno.make(url, error="m", micro=False)
    return code.svg_data_uri(
        scale=10,
        border=4,
        dark="#000000",
        light="#ffffff",
        xmldecl=False,
        svgns=True,
        nl=False,
    )
