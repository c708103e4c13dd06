"""What a laid-out document is made of: WeasyPrint's boxes, read here and
nowhere else.

WeasyPrint keeps a page's boxes private (``Page._page_box``, the box classes,
their positions): what safeprint needs of them (a page's content, the boxes in
its flow, the element a box was made for, how far the content runs) is asked
through these functions, so that a new WeasyPrint is met in one module.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.layout.search import Laid


def page_box(page: Any) -> Any:
    """The root box of a laid-out page. WeasyPrint keeps it private
    (``Page._page_box``): it is read here, and nowhere else."""
    return page._page_box


def page_content(page_box: Any) -> list[Any]:
    """A page's own boxes, without its margin boxes (running heads, numbers)."""
    return [c for c in page_box.children if type(c).__name__ != "MarginBox"]


def in_flow(page_box: Any) -> Any:
    """The boxes of a page's content, without its margin boxes or what is
    positioned out of the flow (labels on a picture)."""
    for child in page_content(page_box):
        yield from _in_flow(child)


def _in_flow(box: Any) -> Any:
    if box.style["position"] in ("absolute", "fixed"):
        return
    if element_attribute(box, "data-anchored") is not None:
        # Set at the foot of a panel as tall as the page (a leaflet's
        # Childline, say): where it lands says nothing of how long the words
        # above it run. A panel it pushes past its page still adds a page.
        return
    yield box
    for child in getattr(box, "children", ()):
        yield from _in_flow(child)


def descendants(box: Any) -> Any:
    yield box
    for child in getattr(box, "children", ()):
        yield from descendants(child)


def element_attribute(box: Any, name: str) -> str | None:
    """An attribute of the element a box was made for (none for a page's)."""
    element = getattr(box, "element", None)
    return element.get(name) if element is not None else None


def _part_of(box: Any) -> str | None:
    return element_attribute(box, "data-part")


def _element_boxes(box: Any, parent: Any = None, code: str = "") -> Any:
    """A box and those below it, each element once (not the anonymous boxes an
    element's box holds, the line of a list of inline blocks, say, which
    carry the same element), with the language of the block of one
    language it sits in ("" outside any)."""
    element = getattr(box, "element", None)
    if element is None or element is not parent:
        yield box, code
        classes = (element_attribute(box, "class") or "").split()
        if "lang-cell" in classes or "lang-block" in classes:
            code = element_attribute(box, "lang") or code
    for child in getattr(box, "children", ()):
        yield from _element_boxes(child, element, code)


def _is_ink(box: Any) -> bool:
    from weasyprint.formatting_structure.boxes import LineBox, ReplacedBox

    return isinstance(box, LineBox | ReplacedBox)


def section_fullness(document: Any, pages: list[Any], count: int) -> float:
    """How full ``pages`` (meant to be ``count`` pages) are. Where the
    template breaks them into ``count`` sections of a page each (a card's
    front and back, a leaflet's outside and inside), the fullest section's
    share of its page: a front that runs over then measures by how much,
    not by the page it pushes the back onto."""
    sections: list[list[Any]] = [[pages[0]]]
    for before, page in pairwise(pages):
        if _forced_break(before, page):
            sections.append([page])
        else:
            sections[-1].append(page)
    if count > 1 and len(sections) == count:
        one = fit_target(document, 1)
        return max(pages_length(section) / one for section in sections)
    return pages_length(pages) / fit_target(document, count)


def content_length(laid: Laid) -> float:
    """How far the content runs, in CSS px, as if it ran on with no page
    breaks: the foot of the last line, picture or named part on each page,
    and of the page margin below it, less the top margin of the next (from
    which it goes on). A page the template ends with a forced break counts
    in full: what is left of it stays empty at any type size."""
    return pages_length(laid.document.pages)


def pages_length(pages: list[Any]) -> float:
    """:func:`content_length` of some pages of a document, one after another
    (the first counted from its top)."""
    # A page counts from its top when it is the first, or the template broke
    # the page before it; else from its top margin, where the content goes on.
    forced = [True] + [_forced_break(a, b) for a, b in pairwise(pages)]
    length = 0.0
    for number, page in enumerate(pages):
        box = page._page_box
        top = 0.0 if forced[number] else box.content_box_y()
        if number == len(pages) - 1:
            used = _bottom(box)
        elif forced[number + 1]:
            used = page.height
        else:
            used = _bottom(box) + _bottom_margin(page)
        length += max(0.0, used - top)
    return length


def fit_target(document: Any, pages: int) -> float:
    """The length (as :func:`content_length` measures it) that ``pages``
    pages hold: all but the last page's bottom margin, and a hair."""
    first = document.pages[0]
    return (pages * first.height - _bottom_margin(first)) * 0.998


def _bottom_margin(page: Any) -> float:
    box = page._page_box
    return page.height - box.content_box_y() - box.height


def _bottom(page_box: Any) -> float:
    """The foot of the last line, picture or named part on a page."""
    return max(
        (
            box.position_y + box.margin_height()
            for box in in_flow(page_box)
            if _part_of(box) or _is_ink(box)
        ),
        default=0.0,
    )


FORCED = {"page", "left", "right", "recto", "verso"}


def _forced_break(page: Any, following: Any) -> bool:
    """Whether the template broke the page here: the last box on ``page`` asks
    for a break after it, or the first on ``following`` for one before it."""
    ends = page_content(page._page_box)[-1:]
    starts = page_content(following._page_box)[:1]
    return any(
        box.style["break_after"] in FORCED for end in ends for box in _edge(end, -1)
    ) or any(
        box.style["break_before"] in FORCED for top in starts for box in _edge(top, 0)
    )


def _edge(box: Any, index: int) -> Any:
    """A box, and its first (``index`` 0) or last (-1) block, and so on down."""
    while True:
        yield box
        children = [c for c in getattr(box, "children", ()) if not _is_ink(c)]
        if not children:
            return
        box = children[index]


def named_parts(page: Any) -> Iterator[tuple[str, str, float, float]]:
    """Each named part (``data-part``) of a laid-out page: its name, the
    language of the block of one language it sits in ("" outside any), its
    height and where its foot lies (in CSS px)."""
    for box, code in _element_boxes(page._page_box):
        part = _part_of(box)
        if part:
            yield part, code, box.margin_height(), box.position_y + box.margin_height()


# Reading one box. What a box is (its class), where it lies, what element it
# was made for and how it is styled are WeasyPrint's own attributes: asked here.


def children(box: Any) -> Any:
    """A box's children (none for a box of text or a picture)."""
    return getattr(box, "children", ())


def element(box: Any) -> Any:
    """The element a box was made for, or None (a page's, an anonymous box's)."""
    return getattr(box, "element", None)


def tag(box: Any) -> str | None:
    """The tag of the element a box was made for (``div``, ``p``...), or None."""
    return getattr(box, "element_tag", None)


def style(box: Any) -> Any:
    """A box's computed style: values by property name (``font_size`` in px,
    ``color`` a colour with ``space`` and ``coordinates``)."""
    return box.style


def is_line(box: Any) -> bool:
    """Whether a box is a line of a block's text."""
    return type(box).__name__ == "LineBox"


def is_text(box: Any) -> bool:
    """Whether a box is a run of text."""
    return type(box).__name__ == "TextBox"


def is_inline(box: Any) -> bool:
    """Whether a box is an inline element's box on one line (a span's)."""
    return type(box).__name__ == "InlineBox"


def is_picture(box: Any) -> bool:
    """Whether a box is a picture (an image, an inline SVG)."""
    return type(box).__name__.endswith("ReplacedBox")


def is_page(box: Any) -> bool:
    """Whether a box is a page's own (its margins and printable area)."""
    return type(box).__name__ == "PageBox"


def text(box: Any) -> str:
    """The words of a run of text ("" for any other box)."""
    return box.text if is_text(box) else ""


def lines(box: Any) -> list[Any]:
    """The lines a block's text runs over."""
    return [child for child in children(box) if is_line(child)]


def line_text(line: Any) -> str:
    """The words on a line, as printed."""
    return "".join(text(box) for box in descendants(line))


def placed(box: Any) -> tuple[float, float, float, float]:
    """Where a box lies on its page: x, y, width and height (px)."""
    return (box.position_x, box.position_y, box.width, box.height)


def border_rect(box: Any) -> tuple[float, float, float, float]:
    """A box's border edges: left, top, right, bottom (px)."""
    left = box.position_x + box.margin_left
    top = box.position_y + box.margin_top
    return (left, top, left + box.border_width(), top + box.border_height())


def picture(box: Any) -> Any:
    """The picture a box shows, or None."""
    return getattr(box, "replacement", None)


def pixels(box: Any) -> tuple[float, float] | None:
    """The width and height in pixels of the photo a box shows (None for a
    drawing, or a box that shows no picture)."""
    image = picture(box)
    if type(image).__name__ != "RasterImage":
        return None
    return (image.width, image.height)


def painted(box: Any) -> bool:
    """Whether a box paints its background (WeasyPrint drops it, after
    layout, for a box that has none; :func:`unpaint` does too)."""
    return getattr(box, "background", None) is not None


def unpaint(box: Any) -> None:
    """Leave a box's background out of the page."""
    box.background = None  # WeasyPrint's own "nothing to paint"


def printable_area(page_box: Any) -> tuple[float, float]:
    """Where a page's printable area starts, and how tall it is (px)."""
    return page_box.content_box_y(), page_box.height


def outer_height(box: Any) -> float:
    """A box's height with its margins (px)."""
    return box.margin_height()


def outer_width(box: Any) -> float:
    """A box's width with its margins (px)."""
    return box.margin_width()


def bottom_margin(page: Any) -> float:
    """The margin at the foot of a laid-out page (px)."""
    return _bottom_margin(page)


SPACES = ("margin_top", "margin_bottom", "padding_top", "padding_bottom")


def spaces_set_by(box: Any, name: str) -> float:
    """The space (px) a box and those inside it take in margins and paddings
    that their stylesheet gives in terms of the custom property ``name``
    (``--air``): WeasyPrint keeps such a declared value pending, with its
    tokens, in the box's cascaded style."""
    total = 0.0
    for inner in descendants(box):
        cascaded = getattr(inner.style, "cascaded", {})
        for space in SPACES:
            value = cascaded.get(space)
            tokens = getattr(value[0], "tokens", ()) if value else ()
            if any(name in token.serialize() for token in tokens):
                total += getattr(inner, space, 0.0) or 0.0
    return total
