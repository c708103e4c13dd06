"""A document set at a fit: its HTML at a type scale, and its layout at a
fit, styled as the search styles it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.errors import SafeprintError
from generator.layout.engine import Renderer
from generator.layout.search import Laid
from generator.products import Variant
from generator.resolve.pack import Pack
from generator.runner.fitted import Fitted, drawn
from generator.validate.checks import html_glyph_problems
from generator.validate.models import TeamMember
from generator.write.digest import readable


def _html(
    pack: Pack,
    variant: Variant,
    members: list[TeamMember],
    compact: bool,
    grade: int = 0,
) -> Callable[[float], str]:
    """The document's HTML at a given type scale; its characters checked once,
    in the first HTML asked for (the words are the same at every scale)."""
    from generator.render.html import render_html

    extra = _context(pack, variant, members)
    extra["compact"] = compact
    if variant.product.cuts:
        from generator.runner.poster import cut_at

        extra["cut"] = cut_at(pack, variant, grade)
    checked = False

    def at(scale: float) -> str:
        nonlocal checked
        html = render_html(pack, variant, scale=scale, extra=extra)
        if not checked:
            errors = html_glyph_problems(html, variant.filename)
            if errors:
                raise SafeprintError(errors)
            checked = True
        return html

    return at


def _render(pack: Pack, variant: Variant, renderer: Renderer, fitted: Fitted) -> Laid:
    """The document at a fit, set as the search sets it: its type size by the
    same sheet (:func:`scale_css`), which a school's own CSS cannot undo."""
    variant = drawn(variant, fitted)
    html = _html(pack, variant, list(fitted.members), fitted.compact, fitted.cut)(
        fitted.scale
    )
    from generator.render.html import scale_css

    restyle = scale_css(variant, fitted.scale)
    laid = renderer.render(html, variant, pack.base, restyle, readable(pack))
    return Laid(laid, fitted.scale)


def _context(pack: Pack, variant: Variant, members: list[TeamMember]) -> dict[str, Any]:
    from generator.render.qr import qr_data_uri
    from generator.runner.poster import cut_at

    website = pack.school.school.website
    return {
        "qr": qr_data_uri(website) if website else None,
        "card_team": members,
        # A poster with nothing left off (see generator.runner.poster).
        "cut": cut_at(pack, variant, 0) if variant.product.cuts else None,
    }
