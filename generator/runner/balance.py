"""Languages one after another at one type size: a shorter language's pages
opened up, so that its last page does not end in a wide blank band.

Welsh and English are set at one size (equal prominence), the size the longer
language fits at; the shorter then ends its last page well short of the foot
(the English back of the Welsh briefing, 31 % blank). The space between its
parts (``--air`` in the stylesheet) grows until its last page is at most
:data:`MOST_EMPTY` blank, while every language keeps to its own pages and the
front page keeps its own rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.layout.boxes import page_box
from generator.layout.search import Laid

if TYPE_CHECKING:
    from generator.layout.engine import Renderer
    from generator.products import Variant
    from generator.resolve.pack import Pack
    from generator.runner.fitted import Fitted

# The most of a last page that may be left blank at its foot.
MOST_EMPTY = 0.20
# The most the space between parts may grow (times its design size).
MOST_AIR = 3.0
STEPS = 6


def balanced(
    pack: Pack, variant: Variant, renderer: Renderer, laid: Laid, fitted: Fitted
) -> Laid:
    """``laid``, or the same document with its shorter languages opened up."""
    if variant.layout != "sequence" or len(variant.languages) < 2:
        return laid
    if variant.product.id != "staff-briefing":
        return laid
    from generator.render.html import scale_css
    from generator.runner.fitting import _language_pages
    from generator.runner.setting import _html
    from generator.verify.briefing import blank_foot, has_blank_foot
    from generator.write.digest import readable

    members = list(fitted.members)
    html = _html(pack, variant, members, fitted.compact, fitted.cut)(fitted.scale)
    base_css = scale_css(variant, fitted.scale)
    pages = [len(group) for group in _language_pages(laid)]
    air = dict.fromkeys(variant.languages, 1.0)

    def lay_out(airs: dict[str, float]) -> Any:
        css = "".join(
            f'.lang-block[lang="{code}"] {{ --air: {value:.3f} }}'
            for code, value in airs.items()
            if value != 1.0
        )
        return renderer.render(html, variant, pack.base, base_css + css, readable(pack))

    def empty(document: Any, index: int) -> float:
        group = _language_pages(Laid(document, fitted.scale))[index]
        return blank_foot(page_box(group[-1]))

    def sound(document: Any) -> bool:
        laid_out = _language_pages(Laid(document, fitted.scale))
        return [len(g) for g in laid_out] == pages and not has_blank_foot(
            document, variant
        )

    best = laid.document
    for index, code in enumerate(variant.languages):
        if empty(best, index) <= MOST_EMPTY:
            continue
        # The least air that fills the page; else the fullest sound page found.
        low, high = 1.0, MOST_AIR
        found: tuple[float, float, Any] | None = None  # (blank, air, document)
        for _ in range(STEPS):
            middle = (low + high) / 2
            document = lay_out({**air, code: middle})
            if not sound(document):
                high = middle  # too much: a page ran over, or left a gap
                continue
            blank = empty(document, index)
            if blank > MOST_EMPTY:
                low = middle
            else:
                high = middle
            if _better(blank, middle, found):
                found = (blank, middle, document)
        if found is not None:
            air[code], best = found[1], found[2]
    return laid if best is laid.document else Laid(best, fitted.scale)


def _better(blank: float, air: float, found: tuple[float, float, Any] | None) -> bool:
    """Whether a layout (its last page ``blank``, at ``air``) beats the one
    found so far: a full enough page with less air, or a fuller page."""
    if found is None:
        return True
    if blank <= MOST_EMPTY:
        return found[0] > MOST_EMPTY or air < found[1]
    return found[0] > MOST_EMPTY and blank < found[0]
