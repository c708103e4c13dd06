"""Render a product to HTML: Jinja2 with autoescape, StrictUndefined and a sandbox.

Templates are looked up in the school's own ``templates/`` folder first, then in the
built-in ones; ``builtin/NAME`` always reaches the built-in, so a school's override
can ``{% extends "builtin/staff-poster.html.j2" %}`` and change one block.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from generator import fonts
from generator.colours import text_on
from generator.errors import SafeprintError
from generator.paths import templates_dir
from generator.products import MARKS_MARGIN_MM, Variant
from generator.resolve import Pack


@cache
def environment(school_templates: Path | None = None) -> jinja2.Environment:
    """The one place a Jinja environment is made."""
    builtin = jinja2.FileSystemLoader(templates_dir())
    loaders: list[jinja2.BaseLoader] = []
    if school_templates is not None and school_templates.is_dir():
        loaders.append(jinja2.FileSystemLoader(school_templates))
    loaders += [builtin, jinja2.PrefixLoader({"builtin": builtin})]
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["initials"] = initials
    env.filters["file_url"] = file_url
    env.filters["capitalize_first"] = lambda text: text[:1].upper() + text[1:]
    env.filters["long_date"] = lambda day: f"{day.day} {day:%B %Y}"
    env.filters["tel"] = lambda phone: "tel:" + "".join(c for c in phone if c.isdigit())
    return env


def initials(name: str) -> str:
    """``Ms Aisha Khan`` → ``AK``: titles are skipped."""
    titles = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev"}
    words = [w for w in name.replace(".", " ").split() if w.lower() not in titles]
    letters = [w[0] for w in words if w[:1].isalpha()] or [name[:1]]
    return (letters[0] + (letters[-1] if len(letters) > 1 else "")).upper()


def file_url(path: Path) -> str:
    return path.resolve().as_uri()


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
    except jinja2.TemplateError as exc:
        line = getattr(exc, "lineno", None)
        name = getattr(exc, "filename", None) or variant.product.template
        raise SafeprintError.single(
            f"template error: {exc.message} — fix the template",
            file=Path(name),
            line=line,
        ) from exc


def page_css(pack: Pack, variant: Variant, scale: float) -> str:
    """Per-document CSS: paper, bleed, type size and brand colours.

    Every value here is generated from validated data (numbers and hex colours).
    """
    brand = pack.school.brand
    width, height = variant.page_mm
    size_pt = variant.product.design_pt * variant.paper_factor * scale
    # WeasyPrint draws crop marks inside the bleed, where backgrounds that run
    # into it would hide them: the page gets room for marks beyond the 3 mm bleed,
    # and layout.set_print_boxes() records the true 3 mm bleed box afterwards.
    bleed = f"bleed: {MARKS_MARGIN_MM}mm; marks: crop cross;" if variant.marks else ""
    return (
        f"@page {{ size: {width}mm {height}mm; {bleed} }}\n"
        f":root {{ --primary: {brand.primary}; --accent: {brand.accent}; "
        f"--on-primary: {text_on(brand.primary)}; "
        f"--on-accent: {text_on(brand.accent)}; "
        f"--paper: {variant.paper_factor:.4f}; "
        f"font-family: {fonts.font_family_css()}; }}\n"
        f"html {{ font-size: {size_pt:.3f}pt; }}"
    )
