"""Every rule safeprint holds a school to, phase by phase, in the order they run
(see :mod:`generator.validate.rules` for the phases and steps).

Each rule here reads the context its phase gives and hands it to the check
that knows the subject (the checks of the school's text, of its translations,
of the laid-out pages...).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.errors import Problem
from generator.load.confine import folder_problem
from generator.products import Variant, products
from generator.validate import checks, pdf, reading

# Callers run the rules from here (run, collect), so that they are registered.
from generator.validate.rules import Context, collect, register, run  # noqa: F401

# --- the school file as loaded ----------------------------------------------------


@register("file")
def _printable(context: Context) -> list[Problem]:
    assert context.loaded is not None
    return checks.glyph_problems(context.loaded)


# --- the school file as a model ---------------------------------------------------


@register("model")
def _card_names(context: Context) -> list[Problem]:
    """Names chosen for a product (the staff card's ``team:``) must be people
    in the team."""
    loaded, school = context.loaded, context.school
    assert loaded is not None and school is not None
    known = [m.name for m in school.team]
    found = []
    for field, info in type(school.products).model_fields.items():
        chosen = getattr(getattr(school.products, field), "team", None) or []
        found += [
            loaded.problem(
                ("products", info.alias or field, "team", i),
                f'"{name}" is not in the team — use a name exactly as written '
                f"under `team:` ({', '.join(known)})",
            )
            for i, name in enumerate(chosen)
            if name not in known
        ]
    return found


# --- the resolved school, before layout ---------------------------------------------
# Step 0: what the school file says; step 1: what the command line asks of it;
# step 2: advice (only once there is nothing to fix first).


@register("school")
def _own_folders(context: Context) -> list[Problem]:
    pack = context.pack
    assert pack is not None
    return [
        Problem(f"{name}/ {why}", file=context.source)
        for name in ("templates", "languages")
        if (why := folder_problem(pack.base / name, pack.base))
    ]


@register("school")
def _review_dates(context: Context) -> list[Problem]:
    pack = context.pack
    assert pack is not None
    return checks.review_problems(pack.loaded, pack.school.review, context.day)


@register("school")
def _languages(context: Context) -> list[Problem]:
    from generator.resolve.completeness import language_problems

    assert context.pack is not None
    return language_problems(context.pack)


@register("school")
def _contacts(context: Context) -> list[Problem]:
    return checks.contact_problems(context.pack)


def _wanted(context: Context) -> tuple[str, ...]:
    return context.options.only or tuple(products())


# In the order of the products they are about: a build shared out by product
# gives its warnings in that order.
def _wants_own_wording(context: Context) -> bool:
    return any("own-wording" in products()[p].checks for p in _wanted(context))


@register("school", applies=_wants_own_wording)
def _briefing_wording(context: Context) -> list[Problem]:
    return checks.default_wording_problems(context.pack)


def _shows_adults(context: Context) -> bool:
    return any(
        "trusted_adults" in products()[p].audience.fields for p in _wanted(context)
    )


@register("school", applies=_shows_adults)
def _trusted_adults(context: Context) -> list[Problem]:
    pack = context.pack
    assert pack is not None
    return checks.adult_problems(pack.loaded, pack.school)


# Step 1, the sizes asked for on the command line: registered where the sizes
# are known (generator.runner.variants).


@register("school", step=2)
def _reading_age(context: Context) -> list[Problem]:
    pack = context.pack
    assert pack is not None
    return reading.readability_problems(pack, pack.school.school.pupil_bands)


@register("school", step=2)
def _brand_colours(context: Context) -> list[Problem]:
    pack = context.pack
    assert pack is not None
    brand = pack.school.brand
    return checks.brand_problems(pack.loaded, brand.primary, brand.accent)


@register("school", step=2)
def _stale_facts(context: Context) -> list[Problem]:
    assert context.pack is not None
    return checks.stale_facts(context.pack, context.day)


# --- each laid-out document -------------------------------------------------------


@register("document")
def _pdf(context: Context) -> list[Problem]:
    """Fonts embedded, tags, title and language (the sheet of cards too)."""
    assert context.pdf is not None and context.variant is not None
    return pdf.pdf_problems(context.pdf, context.variant.filename)


def _laid_out(context: Context) -> bool:
    return context.document is not None


# What a reader's eye and a print shop check (generator.verify.preflight): each
# run of text, then the rest, as preflight.CHECKS orders them. Named, not
# imported, so that a check that lays nothing out never loads them.
LAID_OUT_CHECKS = (
    "text_problems",
    "bleed_problems",
    "image_problems",
    "order_problems",
    "broken_word_problems",
    "lone_word_problems",
    "pupil_problems",
    "poster_problems",
    "briefing_problems",
)


def _laid_out_rule(name: str) -> None:
    """A check of the laid-out pages (document, variant, school file), as a
    rule of the document phase under its own name."""

    def rule(context: Context) -> list[Problem]:
        from generator.verify import preflight

        check: Callable[[Any, Variant, Path], list[Problem]] = getattr(preflight, name)
        assert context.variant is not None
        return check(context.document, context.variant, context.source)

    rule.__name__ = name
    register("document", applies=_laid_out)(rule)


for _name in LAID_OUT_CHECKS:
    _laid_out_rule(_name)


@register("document", applies=_laid_out)
def _engine_lost_something(context: Context) -> list[Problem]:
    """WeasyPrint's warnings that mean something would be missing from the
    page: an image, or a character no font has."""
    assert context.variant is not None
    return [
        Problem(f"{context.variant.filename}: {m} — check the file it names")
        for m in context.messages
        if _is_fatal(m)
    ]


def _is_fatal(message: str) -> bool:
    lowered = message.lower()
    return "image" in lowered or "notdef" in lowered or "glyph" in lowered


@register("document", applies=_laid_out)
def _page_count(context: Context) -> list[Problem]:
    """The document has the pages its product has."""
    variant = context.variant
    assert variant is not None
    count = len(context.document.pages)
    if count == variant.pages:
        return []
    return [Problem(f"{variant.filename}: has {count} pages, not {variant.pages}")]


@register("document", applies=_laid_out)
def _engine_warnings(context: Context) -> list[Problem]:
    """Every other WeasyPrint warning, passed on as a warning of the document."""
    assert context.variant is not None
    return [
        Problem(f"{context.variant.filename}: {m}", warning=True, file=context.source)
        for m in context.messages
    ]
