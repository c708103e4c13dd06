"""Render a product to HTML: Jinja2 with autoescape, StrictUndefined and a sandbox.

Templates are looked up in the school's own ``templates/`` folder first, then in the
built-in ones; ``builtin/NAME`` always reaches the built-in, so a school's override
can ``{% extends "builtin/staff-poster.html.j2" %}`` and change one block.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any

from markupsafe import Markup

from generator import fonts
from generator.colours import palette, ratio_for
from generator.errors import SafeprintError
from generator.products import MARKS_MARGIN_MM, SAFE_MM, Variant
from generator.resolve import Pack
from generator.sandbox import environment

MM_PER_PT = 25.4 / 72


def render_html(
    pack: Pack,
    variant: Variant,
    *,
    scale: float = 1.0,
    extra: dict[str, Any] | None = None,
) -> str:
    """The HTML of one variant, with its page geometry and type size set."""
    env = environment((pack.base / "templates").resolve())
    context = {
        "pack": pack,
        "school": pack.school,
        "nation": pack.nation,
        "content": pack.content,
        "variant": variant,
        "product": variant.product,
        "lang": variant.language,
        # Generated from validated numbers and hex colours only: safe to inline.
        "page_css": Markup(page_css(pack, variant, scale)),
        **(extra or {}),
    }
    try:
        return env.get_template(variant.product.template).render(context)
    except Exception as exc:
        problem = _school_template_problem(exc, pack.base / "templates")
        if problem is None:
            raise  # our own template failed: a bug, keep the traceback
        raise problem from exc


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
    return SafeprintError.single(
        f"template error: {what} — fix the template", file=Path(name), line=line
    )


def page_css(pack: Pack, variant: Variant, scale: float) -> str:
    """Per-document CSS: paper, bleed, type size, safe edge and brand colours.

    Every value here is generated from validated data (numbers and hex colours).
    """
    brand = pack.school.brand
    width, height = variant.page_mm
    size_pt = variant.design_pt * scale
    # Text keeps at least 5 mm from the trim, more on big paper (1.2 rem).
    edge_mm = max(SAFE_MM, 1.2 * size_pt * MM_PER_PT)
    # WeasyPrint draws crop marks inside the bleed, where backgrounds that run
    # into it would hide them: the page gets room for marks beyond the 3 mm bleed,
    # and layout.set_print_boxes() records the true 3 mm bleed box afterwards.
    bleed = f"bleed: {MARKS_MARGIN_MM}mm; marks: crop cross;" if variant.marks else ""
    colours = "".join(
        f"--{name}: {value}; "
        for name, value in palette(
            brand.primary, brand.accent, ratio_for(variant.product.audience)
        ).items()
    )
    return (
        f"@page {{ size: {width}mm {height}mm; {bleed} }}\n"
        f":root {{ {colours}--edge: {edge_mm:.2f}mm; "
        f"font-family: {fonts.font_family_css()}; }}\n"
        f"html {{ font-size: {size_pt:.3f}pt; }}"
    )
