"""A document that does not fit its pages even at the smallest legible type:
by how much, and how tall each of its parts is, for the message that says
what to shorten.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from generator.layout.boxes import content_length, fit_target, named_parts
from generator.products import Variant
from generator.units import PX_TO_MM

if TYPE_CHECKING:
    from generator.layout.search import Laid


@dataclass
class Overflow(Exception):
    """A document that does not fit its pages even at the smallest legible type."""

    variant: Variant
    excess_mm: float
    # Height in mm of each named part of the page (``data-part``), largest first:
    # with languages side by side, the taller language's.
    heights: dict[str, float]
    # With languages side by side, each part's height in each language.
    languages: dict[str, dict[str, float]] = field(default_factory=dict)
    # The layout measured (at the smallest legible type).
    laid: Laid | None = None

    def largest(self, prefer: Callable[[str], bool] = lambda part: True) -> str:
        """The largest part, among those ``prefer`` picks when it picks any."""
        preferred = [part for part in self.heights if prefer(part)]
        return (preferred or list(self.heights) or ["content"])[0]

    def message(self, part: str) -> str:
        product = self.variant.product
        floor = self.variant.floor_pt
        count = self.variant.pages
        pages = "1 page" if count == 1 else f"{count} pages"
        sizes = list(product.sizes)
        larger = (
            sizes[sizes.index(self.variant.size) + 1 :]
            if (self.variant.size in sizes)
            else []
        )
        advice = (
            f"shorten it, or build a larger size (--size {larger[0]})"
            if larger
            else "shorten it"
        )
        if self.variant.layout == "side-by-side":
            # Each language is a share of the sheet: a larger sheet sets every
            # size larger with it, so it holds no more.
            advice = "shorten it"
        excess = max(1, math.ceil(self.excess_mm))
        tall = f"{self.heights.get(part, 0):.0f} mm"
        each = self.languages.get(part, {})
        if len(each) > 1 and len({round(mm) for mm in each.values()}) == 1:
            tall += " in each language"
        elif len(each) > 1:
            tall = ", ".join(
                f"{mm:.0f} mm in {_NAMES.get(c, c)}" for c, mm in each.items()
            )
        return (
            f"{self.variant.filename}: does not fit on {pages} even at the smallest "
            f"legible type ({floor:.3g} pt body): {excess} mm too long. "
            f"The largest part you can change is the {part.replace('-', ' ')} section "
            f"({tall}) — {advice}"
        )


_NAMES = {"cy": "Welsh", "en": "English"}


def measure_overflow(laid: Laid, variant: Variant, shrink: float = 1.0) -> Overflow:
    """How far a document runs past its pages, and how tall each part is.

    With ``shrink``, an estimate for the same document set smaller: lengths
    scale roughly with its square of the type scale.
    """
    each: dict[str, dict[str, float]] = {}
    excess_px = 0.0
    for number, page in enumerate(laid.document.pages):
        bottom = 0.0
        for part, code, height, foot in named_parts(page):
            tall = each.setdefault(part, {})
            tall[code] = tall.get(code, 0.0) + height * PX_TO_MM
            bottom = max(bottom, foot)
        if number >= variant.pages:
            excess_px += bottom
    # Languages side by side each run down their own half: a part is as tall
    # as it is in the taller language, not the two added up.
    heights = {part: max(tall.values()) for part, tall in each.items()}
    if variant.layout != "side-by-side":
        heights = {part: sum(tall.values()) for part, tall in each.items()}
    if shrink != 1.0:
        available = fit_target(laid.document, variant.pages)
        excess_px = content_length(laid) * shrink - available
        heights = {part: mm * shrink for part, mm in heights.items()}
    ordered = dict(sorted(heights.items(), key=lambda item: -item[1]))
    languages = {
        part: {code: mm * shrink for code, mm in tall.items()}
        for part, tall in each.items()
        if variant.layout == "side-by-side"
    }
    return Overflow(variant, excess_px * PX_TO_MM, ordered, languages, laid)
