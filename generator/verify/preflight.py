"""Preflight: what a reader's eye and a print shop check, on the laid-out pages.

The rules run on WeasyPrint's boxes after layout, so they see what will print:
the size each piece of text was set at after fitting, the colour behind it, the
size each photo prints at. Each finding names the file, the page and the text or
image it is about.

The checks each live in a module of their own: the text as printed
(:mod:`~generator.verify.texts`), words the lines break
(:mod:`~generator.verify.words`), the reading order
(:mod:`~generator.verify.order`), the trim, bleed and photos
(:mod:`~generator.verify.paper`), and the products' own
(:mod:`~generator.verify.briefing`, :mod:`~generator.verify.poster`,
:mod:`~generator.verify.pupil`). :data:`CHECKS` lists them in order.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.errors import Problem
from generator.products import Variant
from generator.verify.briefing import briefing_problems, has_blank_foot
from generator.verify.order import order_problems
from generator.verify.paper import bleed_problems, edge_problems, image_problems
from generator.verify.poster import poster_problems
from generator.verify.pupil import pupil_problems
from generator.verify.texts import contrast, large, quote, texts
from generator.verify.words import (
    broken_word_problems,
    has_broken_word,
    lone_word_problems,
)


def minimum_pt(variant: Variant) -> float:
    """The smallest type allowed on this file: the band's minimum on pupil
    products, the product's own where it has one (the card), else its
    audience's."""
    audience = variant.product.audience
    if variant.band in audience.min_pt:
        return audience.min_pt[variant.band]
    return variant.product.min_pt or audience.min_pt[""]


def preflight(document: Any, variant: Variant, source: Path) -> list[Problem]:
    """Errors and warnings for one laid-out document: its text's own, then
    those of each check in :data:`CHECKS`."""
    found = text_problems(document, variant, source)
    return found + [p for check in CHECKS for p in check(document, variant, source)]


def text_problems(document: Any, variant: Variant, source: Path) -> list[Problem]:
    """Each run of text: its size, contrast, colour and style, and its margin."""
    audience = variant.product.audience
    smallest = minimum_pt(variant)
    found: list[Problem] = []

    def say(page: int, message: str, warning: bool = False) -> None:
        problem = Problem(
            f"{variant.filename}, page {page}: {message}", file=source, warning=warning
        )
        if problem not in found:
            found.append(problem)

    laid_out = list(texts(document, variant.press))
    for text in laid_out:
        quoted = quote(text.text)
        floor = (audience.fine_print_pt if text.fine_print else None) or smallest
        if text.size_pt < floor - 0.05:
            say(
                text.page,
                f"{quoted} is set at {text.size_pt:.1f} pt; the smallest allowed "
                f"here is {floor:g} pt — safeprint never sets its own type smaller, "
                "so a template or stylesheet in the school's templates/ folder "
                f"does: take that size out, or make it {floor:g} pt or more",
            )
        if text.background is not None:
            ratio = contrast(text.colour, text.background)
            wanted = audience.large_contrast if large(text) else audience.contrast
            if ratio < wanted - 0.01:
                say(
                    text.page,
                    f"{quoted} has a contrast of {ratio:.1f}:1 with what is behind "
                    f"it; it needs {wanted:g}:1 — choose a darker text colour or a "
                    "lighter background (brand colours: `brand:` in the school file)",
                )
        if variant.press and not text.cmyk:
            say(
                text.page,
                f"{quoted} is coloured in RGB, which the print shop will convert "
                "its own way — a colour in the school's template should be one of "
                "the brand colours (var(--primary), …), which safeprint converts",
                warning=True,
            )
        if (
            audience.upright
            and not text.fine_print
            and (text.italic or text.underlined)
        ):
            kind = "italic" if text.italic else "underlined"
            say(
                text.page,
                f"{quoted} is {kind}; children's pages use plain upright text — "
                "use bold for emphasis",
            )
    found += edge_problems(document, laid_out, variant, source)
    return found


def well_set(document: Any, variant: Variant) -> bool:
    """Every word whole (a word wider than its column is broken where it has
    no break, so a smaller size is tried instead), and no front of a briefing
    ending in a blank band (a smaller size may let the block pushed over fit):
    what a fit keeps to besides its pages."""
    if has_blank_foot(document, variant):
        return False
    return not has_broken_word(document, variant)


# The checks of a laid-out document after its text's own, in order: each is a
# rule of the document phase (see generator.validate.rulebook).
CHECKS: tuple[Callable[[Any, Variant, Path], list[Problem]], ...] = (
    bleed_problems,
    image_problems,
    order_problems,
    broken_word_problems,
    lone_word_problems,
    pupil_problems,
    poster_problems,
    briefing_problems,
)
