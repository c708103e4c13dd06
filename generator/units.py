"""Units of print and screen, defined once: CSS pixels (96 to the inch), points
(72 to the inch) and millimetres (25.4 to the inch).

Each constant is written as the division it stands for, so a value computed
with it is the same to the last bit wherever it is used.
"""

from __future__ import annotations

MM_PER_INCH = 25.4
PT_PER_INCH = 72
PX_PER_INCH = 96

PX_PER_PT = 96 / 72
PX_PER_MM = 96 / 25.4
PT_PER_MM = 72 / 25.4
MM_PER_PT = 25.4 / 72
PX_TO_MM = 25.4 / 96
