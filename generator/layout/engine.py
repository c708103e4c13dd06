"""Lay out HTML with WeasyPrint.

One :class:`Renderer` per process keeps WeasyPrint's costly state warm: the font
configuration, the parsed stylesheets and decoded images are shared by every
document it lays out. It calls WeasyPrint's public API only; what a layout is
made of (its boxes) is read in :mod:`generator.layout.boxes`, the search for a
document's type size is :mod:`generator.layout.search`.
"""

from __future__ import annotations

import atexit
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from generator.errors import SafeprintError
from generator.layout.search import Laid, fit
from generator.paths import styles_dir
from generator.products import Variant
from generator.render import fonts
from generator.render.cmyk import Press, cmyk_css
from generator.write.finish import output_intent, pdf_variant


@dataclass
class Renderer:
    """WeasyPrint, warmed once per process."""

    cache: dict[str, Any] = field(default_factory=dict)
    _css: dict[str, Any] = field(default_factory=dict)
    _profiles: dict[str, dict[str, Any]] = field(default_factory=dict)

    @cached_property
    def font_config(self) -> Any:
        from weasyprint.text.fonts import FontConfiguration

        return FontConfiguration()

    @cached_property
    def package_fetcher(self) -> Any:
        from generator.render.fetch import SafeFetcher

        return SafeFetcher((styles_dir(), *fonts.font_dirs()))

    def stylesheets(self, product_sheet: Path, press: Press | None = None) -> list[Any]:
        """Fonts, the shared base and the product's sheet, each parsed once (and
        once more in CMYK for each press). A product's sheet, in its folder,
        links to images from the shared styles folder (``icons/tick.svg``)."""
        sheets = [
            self._sheet("fonts", press, fonts.font_face_css()),
            self._sheet("base.css", press),
            self._sheet(product_sheet, press),
        ]
        if press is not None:
            sheets.append(self._sheet("output-intent", press, output_intent(press)))
        return sheets

    def _sheet(
        self, name: str | Path, press: Press | None, text: str | None = None
    ) -> Any:
        """A sheet of the shared styles folder (by name), or a product's (by
        path), or ``text``."""
        key = f"{name}|{press.sha256}" if press else str(name)
        if key not in self._css:
            from weasyprint import CSS

            path = name if isinstance(name, Path) else styles_dir() / name
            source = text if text is not None else path.read_text()
            profiles = self.colour_profiles(press)
            self._css[key] = CSS(
                string=cmyk_css(source, press) if press else source,
                base_url=str(styles_dir()) + "/",
                url_fetcher=self.package_fetcher,
                font_config=self.font_config,
                color_profiles=profiles,
            )
        return self._css[key]

    def colour_profiles(self, press: Press | None) -> dict[str, Any]:
        """The colour profiles a document's stylesheets declared: the press's
        CMYK profile, which WeasyPrint writes as the PDF's output intent."""
        return self._profiles.setdefault(press.sha256 if press else "", {})

    def forget_images(self) -> None:
        """Empty the image cache (only between documents: a laid-out document
        reads its images from it when it is written)."""
        self.cache.clear()

    def parse(self, html: str, base: Path, reads: tuple[Path, ...] = ()) -> Any:
        """A document's HTML, parsed once, to be laid out one or more times.
        Its links start from ``base``; it reads only ``reads`` (files, and
        folders with what is in them), safeprint's styles and the fonts."""
        from weasyprint import HTML

        from generator.render.fetch import SafeFetcher

        fetcher = SafeFetcher((*reads, styles_dir(), *fonts.font_dirs()), base)
        return HTML(
            string=html, base_url=str(base.resolve()) + "/", url_fetcher=fetcher
        )

    def render(
        self,
        html: str | Any,
        variant: Variant,
        base: Path,
        restyle: str = "",
        reads: tuple[Path, ...] = (),
    ) -> Any:
        """Lay out HTML (a string, or as :meth:`parse` gave it, reading
        ``reads``), with ``restyle``, CSS that wins over the document's own,
        added."""
        from weasyprint import CSS

        from generator.render.fetch import Refused

        document = self.parse(html, base, reads) if isinstance(html, str) else html
        sheets = self.stylesheets(variant.product.stylesheet, variant.press)
        if restyle:
            sheets = [*sheets, CSS(string=restyle)]
        try:
            return document.render(
                stylesheets=sheets,
                font_config=self.font_config,
                # A copy: a school's template may declare profiles of its own,
                # which must not reach the next document.
                color_profiles=dict(self.colour_profiles(variant.press)),
                cache=self.cache,
                pdf_variant=pdf_variant(variant),
            )
        except Refused as exc:
            raise SafeprintError.single(f"{variant.filename}: {exc}") from None

    def fit(self, make_html: Callable[[float], str], *args: Any, **kwargs: Any) -> Laid:
        """The largest type scale at which the document fits its pages: see
        :func:`generator.layout.search.fit`, which this renderer lays out for."""
        return fit(self, make_html, *args, **kwargs)


# Modules WeasyPrint imports only when a layout first needs them: imported
# before any document is laid out, so that a document stopped at its time
# limit can never stop an import halfway (which would break every later
# document in the process).
LATE_IMPORTS = (
    "weasyprint.html",
    "weasyprint.images",
    "weasyprint.css.computed_values",
    "weasyprint.css.functions",
    "weasyprint.css.tokens",
    "weasyprint.css.units",
    "weasyprint.css.validation.properties",
    "weasyprint.draw",
    "weasyprint.draw.color",
    "weasyprint.draw.text",
    "weasyprint.layout",
    "weasyprint.layout.absolute",
    "weasyprint.layout.background",
    "weasyprint.layout.block",
    "weasyprint.layout.flex",
    "weasyprint.layout.float",
    "weasyprint.layout.grid",
    "weasyprint.layout.inline",
    "weasyprint.layout.percent",
    "weasyprint.layout.preferred",
    "weasyprint.layout.replaced",
    "weasyprint.layout.table",
    "weasyprint.pdf",
    "weasyprint.svg",
    "weasyprint.svg.bounding_box",
    "weasyprint.svg.defs",
    "weasyprint.svg.text",
    "weasyprint.svg.utils",
    "weasyprint.text.line_break",
)


def import_engine() -> None:
    """Import every module a layout may import on its way (see LATE_IMPORTS)."""
    import importlib

    for name in LATE_IMPORTS:
        importlib.import_module(name)


@lru_cache(maxsize=1)
def warm_renderer() -> Renderer:
    """This process's renderer, kept warm from one build to the next (a watched
    build, a benchmark's rounds). Forgotten when a style changes."""
    return Renderer()


# Let it go before the interpreter winds down: WeasyPrint's font configuration
# removes its temporary folder when collected, which needs modules still there.
atexit.register(warm_renderer.cache_clear)


class WarningsCaught(logging.Handler):
    """Collects WeasyPrint's warnings (unsupported CSS, missing images) as errors."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        # A note about the machine (libharfbuzz-subset0 missing), not about the
        # document: the command says it once a build, as a hint.
        if not message.startswith(SLOW_SUBSET):
            self.messages.append(message)


SLOW_SUBSET = "Using fontTools instead of HarfBuzz-Subset"
