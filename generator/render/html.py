"""Render a product to HTML: Jinja2 with autoescape, StrictUndefined and a sandbox.

Templates are looked up in the school's own ``templates/`` folder first, then in the
built-in ones; ``builtin/NAME`` always reaches the built-in, so a school's override
can ``{% extends "builtin/staff-poster.html.j2" %}`` and change one block.
"""

from __future__ import annotations

import re
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from generator.errors import SafeprintError
from generator.load.confine import own_folder
from generator.products import MARKS_MARGIN_MM, SAFE_MM, Variant
from generator.render import fonts
from generator.render.cmyk import cmyk_css
from generator.render.figures import Art
from generator.render.hyphenation import register as register_hyphenation
from generator.render.sandbox import environment
from generator.render.typeset import typeset
from generator.units import MM_PER_PT
from generator.validate.colours import palette

if TYPE_CHECKING:
    from generator.resolve.pack import Pack


def render_html(
    pack: Pack,
    variant: Variant,
    *,
    scale: float = 1.0,
    extra: dict[str, Any] | None = None,
) -> str:
    """The HTML of one variant, with its page geometry and type size set: each of
    its languages rendered in turn, then put on the page together."""
    packs = [pack.in_language(code) for code in variant.languages]
    pages = [
        _render_one(one, variant, scale, _in_language(pack, one, extra or {}))
        for one in packs
    ]
    return pages[0] if len(pages) == 1 else _together(pages, packs, variant)


def _in_language(pack: Pack, one: Pack, extra: dict[str, Any]) -> dict[str, Any]:
    """Extra context with the card's people as this language has them."""
    if not extra.get("card_team"):
        return extra
    index = [pack.school.team.index(m) for m in extra["card_team"]]
    return {**extra, "card_team": [one.school.team[i] for i in index]}


def _render_one(
    pack: Pack, variant: Variant, scale: float, extra: dict[str, Any]
) -> str:
    # One shared environment (and its compiled templates) for schools without
    # templates of their own; a school with its own gets one for its folder.
    env = environment(own_folder(pack.base / "templates", pack.base))
    context = {
        "pack": pack,
        "school": pack.school,
        "nation": pack.nation,
        "content": pack.content,
        "variant": variant,
        "product": variant.product,
        "lang": pack.code,
        "dir": pack.direction,
        "t": pack.t,
        # safeprint's drawings (and the figures of adults without photos) in
        # the school's colours.
        "art": Art(pack.school),
        # Generated from validated numbers and hex colours only: safe to inline.
        "page_css": Markup(page_css(pack, variant, scale)),
        # A print-shop PDF must carry dates: the day its details were checked
        # (not the day it was built, so the same inputs give the same file).
        "dated": (
            f"{pack.school.review.reviewed_on.isoformat()}T00:00:00Z"
            if variant.press
            else None
        ),
        **extra,
    }
    try:
        html = env.get_template(variant.product.template).render(context)
    except Exception as exc:
        problem = _school_template_problem(exc, pack.base / "templates")
        if problem is None:
            raise  # our own template failed: a bug, keep the traceback
        raise problem from exc
    register_hyphenation()
    return typeset(html, pack.code, hyphenate=variant.product.audience.hyphenate)


BODY = re.compile(r"<!--safeprint:body-->(.*)<!--/safeprint:body-->", re.S)
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
SUBJECT = re.compile(r'<meta name="description" content="(.*?)">', re.S)
BODY_TAG = re.compile(r'<body class="(.*?)">')


def _together(pages: list[str], packs: list[Pack], variant: Variant) -> str:
    """One document holding each language's page in a block of its own, in
    order: side by side on a poster, one after another elsewhere."""
    bodies = []
    for html in pages:
        found = BODY.search(html)
        if found is None:
            raise SafeprintError.single(
                f"{variant.filename}: a document in several languages needs its "
                "template to extend base.html.j2 and fill its `body` block"
            )
        bodies.append(found.group(1))
    blocks = _in_rows(bodies, packs) if variant.layout == "side-by-side" else None
    blocks = blocks or "".join(
        f'<div class="lang-block" lang="{one.code}" dir="{one.direction}">{body}</div>'
        for one, body in zip(packs, bodies, strict=True)
    )
    titles = " / ".join(TITLE.search(html).group(1) for html in pages)  # type: ignore[union-attr]
    subjects = " / ".join(
        found.group(1) for html in pages if (found := SUBJECT.search(html))
    )
    first = pages[0]
    first = TITLE.sub(lambda _: f"<title>{titles}</title>", first, count=1)
    first = SUBJECT.sub(
        lambda _: f'<meta name="description" content="{subjects}">', first, count=1
    )
    first = BODY_TAG.sub(
        lambda m: f'<body class="{m.group(1)} languages {variant.layout}">',
        first,
        count=1,
    )
    return BODY.sub(lambda _: blocks, first, count=1)


# Where a poster's template starts a row of the page, and the row's name.
ROW = re.compile(r"<!--safeprint:row ([a-z-]+)-->")


def _in_rows(bodies: list[str], packs: list[Pack]) -> str | None:
    """Languages side by side in one table whose rows are the template's rows
    (its sections): each row as tall as its taller language, so every section
    starts level with its other language's. None when a template does not
    mark the same rows in every language."""
    split = [ROW.split(body)[1:] for body in bodies]
    names = split[0][0::2]
    if len(names) < 2 or any(s[0::2] != names for s in split):
        return None
    rows = "".join(
        f'<div class="lang-row row-{name}">'
        + "".join(
            f'<div class="lang-cell" lang="{one.code}" dir="{one.direction}">'
            f"{cells[1::2][index]}</div>"
            for one, cells in zip(packs, split, strict=True)
        )
        + "</div>"
        for index, name in enumerate(names)
    )
    return f'<div class="lang-rows">{rows}</div>'


def _school_template_problem(exc: Exception, folder: Path) -> SafeprintError | None:
    """Where in a school's own template it went wrong, and what; None if the
    error did not come from one."""
    frames = [(f.filename, f.lineno) for f in traceback.extract_tb(exc.__traceback__)]
    if getattr(exc, "filename", None):
        frames.append((exc.filename, getattr(exc, "lineno", None)))  # type: ignore[attr-defined]
    inside = folder.resolve()
    ours = [
        (name, line)
        for name, line in frames
        if name and Path(name).resolve().is_relative_to(inside)
    ]
    if not ours:
        return None
    name, line = ours[-1]
    what = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    if isinstance(exc, MemoryError):
        what = "it needs more memory than --memory-limit allows"
    return SafeprintError.single(
        f"template error: {what} — fix the template", file=Path(name), line=line
    )


def page_css(pack: Pack, variant: Variant, scale: float) -> str:
    """Per-document CSS: paper, bleed, type size, safe edge and brand colours.

    Every value here is generated from validated data (numbers and hex colours).
    """
    brand = pack.school.brand
    width, height = variant.page_mm
    # WeasyPrint draws crop marks inside the bleed, where backgrounds that run
    # into it would hide them: the page gets room for marks beyond the 3 mm bleed,
    # and write.finish.set_print_boxes() records the true 3 mm bleed box afterwards.
    bleed = f"bleed: {MARKS_MARGIN_MM}mm; marks: crop cross;" if variant.marks else ""
    colours = "".join(
        f"--{name}: {value}; "
        for name, value in palette(
            brand.primary, brand.accent, variant.product.audience.contrast
        ).items()
    )
    size, edge = _type_size(variant, scale)
    css = (
        f"@page {{ size: {width}mm {height}mm; {bleed} }}\n"
        f":root {{ {colours}--edge: {edge}; "
        f"font-family: {fonts.font_family_css()}; }}\n"
        f"html {{ font-size: {size}; }}"
    )
    return cmyk_css(css, variant.press) if variant.press else css


def scale_css(variant: Variant, scale: float) -> str:
    """CSS that sets a document at another type scale over its own page CSS
    (a user sheet, so it needs ``!important`` to win): the search for a fit
    lays out one parsed document at each scale it tries."""
    size, edge = _type_size(variant, scale)
    return (
        f":root {{ --edge: {edge} !important; }} "
        f"html {{ font-size: {size} !important; }}"
    )


# Arabic script's letters are small on their body (a short x-height beside the
# Latin face's): set this much larger, they look the size of the Latin text.
APPARENT_SIZE = {"ar": 1.15, "ur": 1.15}


def apparent_size(variant: Variant) -> float:
    """How much larger than its scale says a document's type is set."""
    if len(variant.languages) == 1:
        return APPARENT_SIZE.get(variant.languages[0], 1.0)
    return 1.0


def floor_scale(variant: Variant) -> float:
    """The type scale that sets a document's type at its floor, whatever
    makes it look larger than its scale says."""
    return variant.floor_pt / (variant.design_pt * apparent_size(variant))


def _type_size(variant: Variant, scale: float) -> tuple[str, str]:
    """The body type size at a scale, and the safe edge that goes with it."""
    size_pt = variant.design_pt * scale
    # Text keeps at least 5 mm from the trim, more on big paper (1.2 rem).
    edge_mm = max(SAFE_MM, 1.2 * size_pt * MM_PER_PT)
    size_pt *= apparent_size(variant)
    return f"{size_pt:.3f}pt", f"{edge_mm:.2f}mm"
