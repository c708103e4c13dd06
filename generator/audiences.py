"""Who reads a product, and the rules its pages are held to for them.

A product names its audience (``audience: pupils``); everything that differs
between staff and pupil products, apart from the product's own layout, is
declared here: the contrast its text needs, the smallest type it may print, whether
it comes once per age band, whether words may break at a line end, and what a
translation made for this audience alone must translate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.validate.colours import PUPIL_RATIO, TEXT_RATIO


@dataclass(frozen=True)
class Audience:
    id: str
    # Text's contrast with its background, at least (WCAG: 4.5 is AA, 7 AAA),
    # and large text's (18 pt, or 14 pt bold: 3 is AA, 4.5 AAA).
    contrast: float
    large_contrast: float
    # The smallest type (pt) on its pages: for every file (``""``) or, on a
    # product made per age band, for each band.
    min_pt: Mapping[str, float]
    # Fine print for adults (a translation's "not yet checked" notice) may be
    # smaller than the type above, never smaller than this.
    fine_print_pt: float | None = None
    # Plain upright text only: no italics or underlining (bold for emphasis).
    upright: bool = False
    # One file per age band the school teaches (the words chosen for the band).
    banded: bool = False
    # A word may break at a line end with a hyphen (never on a child's page).
    hyphenate: bool = True
    # A translation that covers this audience alone (``covers: pupils``) must
    # translate the strings whose ids start so and these sections of the
    # national content (the hours of the helplines for this audience too).
    strings: tuple[str, ...] = ()
    content: tuple[str, ...] = ()
    # The school's own fields printed on this audience's products alone.
    fields: tuple[str, ...] = field(default=())


# The smallest type on any staff product, fine print included.
STAFF = Audience("staff", contrast=TEXT_RATIO, large_contrast=3.0, min_pt={"": 6.5})
PUPILS = Audience(
    "pupils",
    contrast=PUPIL_RATIO,
    large_contrast=4.5,
    # No text on a pupil product is smaller than this, on any paper.
    min_pt={"early": 20.0, "primary": 16.0, "secondary": 12.0},
    fine_print_pt=8.0,
    upright=True,
    banded=True,
    hyphenate=False,
    strings=("common.", "pupil."),
    content=("pupil_texts",),
    fields=("trusted_adults", "worry_box"),
)
AUDIENCES: dict[str, Audience] = {a.id: a for a in (STAFF, PUPILS)}
