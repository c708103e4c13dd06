"""The words a school file and the products share, each listed once: the
pupils' age bands (youngest first) and the paper sizes (in mm, portrait)."""

from __future__ import annotations

BANDS = ("early", "primary", "secondary")

PAPER_MM: dict[str, tuple[float, float]] = {
    "a4": (210.0, 297.0),
    "a3": (297.0, 420.0),
    "a2": (420.0, 594.0),
}
PAPER_SIZES = tuple(PAPER_MM)
