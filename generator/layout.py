"""Lay out HTML with WeasyPrint and make it fit its pages.

One :class:`Renderer` per process keeps WeasyPrint's costly state warm: the font
configuration, the parsed stylesheets and decoded images are shared by every
document it lays out.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from generator import fonts
from generator.errors import Problem, SafeprintError
from generator.fetch import Refused, SafeFetcher
from generator.paths import data_root, styles_dir
from generator.products import Variant

PX_TO_MM = 25.4 / 96
SEARCH_STEPS = 6


@dataclass
class Laid:
    """A laid-out document and the type scale it fitted at."""

    document: Any
    scale: float


@dataclass
class Renderer:
    """WeasyPrint, warmed once per process."""

    cache: dict[str, Any] = field(default_factory=dict)
    _css: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def font_config(self) -> Any:
        from weasyprint.text.fonts import FontConfiguration

        return FontConfiguration()

    @cached_property
    def package_fetcher(self) -> SafeFetcher:
        return SafeFetcher((data_root(), *fonts.font_dirs()))

    def stylesheets(self, product_sheet: str) -> list[Any]:
        """Fonts, the shared base and the product's sheet, each parsed once."""
        return [
            self._sheet("fonts", fonts.font_face_css()),
            self._sheet("base.css"),
            self._sheet(product_sheet),
        ]

    def _sheet(self, name: str, text: str | None = None) -> Any:
        if name not in self._css:
            from weasyprint import CSS

            source = text if text is not None else (styles_dir() / name).read_text()
            self._css[name] = CSS(
                string=source,
                base_url=str(styles_dir()) + "/",
                url_fetcher=self.package_fetcher,
                font_config=self.font_config,
            )
        return self._css[name]

    def render(self, html: str, variant: Variant, base: Path) -> Any:
        from weasyprint import HTML

        fetcher = SafeFetcher((base, data_root(), *fonts.font_dirs()))
        document = HTML(
            string=html, base_url=str(base.resolve()) + "/", url_fetcher=fetcher
        )
        try:
            return document.render(
                stylesheets=self.stylesheets(variant.product.stylesheet),
                font_config=self.font_config,
                cache=self.cache,
                pdf_variant="pdf/ua-1",
            )
        except Refused as exc:
            raise SafeprintError.single(str(exc)) from None

    def fit(
        self, make_html: Callable[[float], str], variant: Variant, base: Path
    ) -> Laid:
        """The largest type scale, at most 1, at which the document fits its pages.

        Tries the design size first (the usual case: one render); otherwise a
        binary search between the legible floor and the design size.
        """
        pages = variant.product.pages
        laid = Laid(self.render(make_html(1.0), variant, base), 1.0)
        if len(laid.document.pages) <= pages:
            return laid
        low = variant.product.floor_pt / variant.product.design_pt
        smallest = Laid(self.render(make_html(low), variant, base), low)
        if len(smallest.document.pages) > pages:
            raise SafeprintError([overflow_problem(smallest, variant)])
        best, high = smallest, 1.0
        for _ in range(SEARCH_STEPS):
            middle = (low + high) / 2
            trial = Laid(self.render(make_html(middle), variant, base), middle)
            if len(trial.document.pages) <= pages:
                best, low = trial, middle
            else:
                high = middle
        return best


def overflow_problem(laid: Laid, variant: Variant) -> Problem:
    """Name what spilled past the last page, and by how much."""
    product = variant.product
    spilled: list[str] = []
    depth_px = 0.0
    for page in laid.document.pages[product.pages :]:
        for box in _descendants(page._page_box):
            part = _part_of(box)
            if part and part not in spilled:
                spilled.append(part)
            depth_px = max(depth_px, box.position_y + box.margin_height())
    where = spilled[0] if spilled else "the content"
    floor = product.floor_pt * variant.paper_factor
    label = where.replace("-", " ")
    return Problem(
        f"{variant.filename}: does not fit on {product.pages} page(s) even with the "
        f"smallest legible type ({floor:.0f} pt body): the {label} section runs "
        f"{depth_px * PX_TO_MM:.0f} mm onto another page — shorten it, or build a "
        "larger size (e.g. --size a2)",
        field=".".join(str(p) for p in product.parts.get(where, ())),
    )


def _descendants(box: Any) -> Any:
    yield box
    for child in getattr(box, "children", ()):
        yield from _descendants(child)


def _part_of(box: Any) -> str | None:
    element = getattr(box, "element", None)
    return element.get("data-part") if element is not None else None


class WarningsCaught(logging.Handler):
    """Collects WeasyPrint's warnings (unsupported CSS, missing images) as errors."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
