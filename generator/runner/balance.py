"""Languages one after another at one type size: a shorter language's pages
opened up, so that its last page does not end in a wide blank band.

Welsh and English are set at one size (equal prominence), the size the longer
language fits at; the shorter then ends its last page well short of the foot
(the English back of the Welsh briefing, 31 % blank). The space between its
parts (``--air`` in the stylesheet) grows until its last page is at most
:data:`MOST_EMPTY` blank, while every language keeps to its own pages and the
front page keeps its own rule.

How much is worked out from the layout in hand: the spaces that ``--air``
sets are read off its boxes, so the air that takes up the blank band is known
before a layout tries it (one layout, usually; a page that then breaks
otherwise is corrected from what that layout measured).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.layout.boxes import page_box, spaces_set_by
from generator.layout.search import Laid

if TYPE_CHECKING:
    from generator.layout.engine import Renderer
    from generator.products import Variant
    from generator.resolve.pack import Pack
    from generator.runner.fitted import Fitted

# The most of a last page that may be left blank at its foot.
MOST_EMPTY = 0.20
# What the air aims at: a little under the most, so that a page whose blocks
# move a few points from the estimate still keeps within it.
AIM = 0.17
# The most the space between parts may grow (times its design size).
MOST_AIR = 3.0
STEPS = 6


def balanced(
    pack: Pack, variant: Variant, renderer: Renderer, laid: Laid, fitted: Fitted
) -> Laid:
    """``laid``, or the same document with its shorter languages opened up."""
    # Kept whole (80 lines): the estimate, its correction and the choice of
    # layout share one search's bounds (the last sound air and blank, the air
    # that broke a page) and the HTML made once; apart, they would hand those
    # six values back and forth.
    if variant.layout != "sequence" or len(variant.languages) < 2:
        return laid
    if not variant.product.balance:
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

    def group(document: Any, index: int) -> list[Any]:
        return _language_pages(Laid(document, fitted.scale))[index]

    def empty(document: Any, index: int) -> float:
        return blank_foot(page_box(group(document, index)[-1]))

    def sound(document: Any) -> bool:
        laid_out = _language_pages(Laid(document, fitted.scale))
        return [len(g) for g in laid_out] == pages and not has_blank_foot(
            document, variant
        )

    best = laid.document
    for index, code in enumerate(variant.languages):
        blank = empty(best, index)
        if blank <= MOST_EMPTY:
            continue
        last = page_box(group(best, index)[-1])
        # Each unit of air adds the spaces it sets once more; content runs on
        # from page to page, so a space on any of the language's pages lifts
        # the foot of its last.
        opened = sum(
            spaces_set_by(page_box(page), "--air") for page in group(best, index)
        )
        if opened <= 0:
            continue
        per_air = opened / last.height  # share of the page per unit of air
        low: tuple[float, float] = (1.0, blank)  # (air, blank) of a sound page
        high = MOST_AIR + 1e-9
        found: tuple[float, float, Any] | None = None  # (blank, air, document)
        guess = 1.0 + (blank - AIM) / per_air
        for _ in range(STEPS):
            guess = min(max(guess, low[0] + 0.01), high - 0.01, MOST_AIR)
            if guess <= low[0]:
                break
            document = lay_out({**air, code: guess})
            if not sound(document):
                # Too much: a page ran over, or left a gap. Halfway back.
                high = guess
                guess = (low[0] + high) / 2
                continue
            measured = empty(document, index)
            if _better(measured, guess, found):
                found = (measured, guess, document)
            if measured <= MOST_EMPTY:
                break
            # Short still: on from the two sound pages, by how much a unit of
            # air took up between them.
            step = (low[1] - measured) / (guess - low[0])
            low = (guess, measured)
            rate = step if step > 0 else per_air
            guess = guess + (measured - AIM) / rate
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
