"""The products safeprint makes, their sizes and the files they become."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, InstanceOf, field_validator

from generator.audiences import AUDIENCES, Audience
from generator.load.reader import load_file
from generator.paths import DEFINITION, STYLESHEET, products_dir
from generator.render.cmyk import Press
from generator.validate.base import Band, Strict
from generator.validate.models import Products
from generator.validate.report import validate
from generator.vocabulary import PAPER_MM

BLEED_MM = 3.0
# Text stays this far inside the trim.
SAFE_MM = 5.0
# Room around the trim for bleed plus crop marks.
MARKS_MARGIN_MM = 8.0


@dataclass(frozen=True)
class Sheet:
    """Imposition: copies of a small page laid out on a sheet of office paper.

    Pages sit in a centred grid with a gutter between neighbours (two cuts, so
    that a cut a little off shows the page's own bleed, never its neighbour);
    crop marks are drawn in the margin and in the gutters, outside every page.
    Backs are placed for long-edge duplex: mirrored left to right, so each back
    lands behind its front.
    """

    name: str
    columns: int
    rows: int
    # Between neighbouring pages; each page's bleed fills its half of it.
    gutter_mm: float = 0.0
    # A desktop printer cannot print this close to the paper's edge.
    unprintable_mm: float = 5.0

    @property
    def paper(self) -> tuple[float, float]:
        return PAPER_MM[self.name]


class Crowded(Strict):
    """The first try of a page whose lists take another row or line."""

    when: dict[str, int]
    """The school's lists that grow the page (a school pack's, by name:
    ``safeguarding_team``, ``contact_lines``, ``school.trusted_adults``), each
    with how many entries take it another row or line: any one reached
    crowds the page."""
    start: float | None = None
    """The first try then (when it differs from the product's own)."""
    band_start: dict[str, float] = {}
    """The first try then, per age band (only where it differs)."""


# The checks a product may declare (see ``Product.checks``).
Check = Literal["poster-type", "panels", "blank-foot", "own-wording"]


def _audience(value: Any) -> Any:
    if isinstance(value, str) and value not in AUDIENCES:
        raise ValueError(f"is not one of the audiences: {', '.join(AUDIENCES)}")
    return AUDIENCES.get(value, value) if isinstance(value, str) else value


def _sizes(value: Any) -> Any:
    """Paper sizes by name (``[a4, a3]``), or each named with its own size."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return {name: PAPER_MM.get(name, name) for name in value}
    return value


class Product(Strict):
    """A kind of document: one template, one stylesheet, a fixed page count,
    defined in its folder, ``products/<id>/``: ``product.yaml`` (the fields
    below), ``template.html.j2``, ``style.css`` and ``strings/<code>.yaml``."""

    id: str
    """The folder's name: in each file's name, and in ``--only``."""
    title: str
    """What the product is called, e.g. in ``safeprint serve``."""
    audience: Annotated[InstanceOf[Audience], BeforeValidator(_audience)]
    """Who reads it: staff or pupils (the contrast, smallest type, age bands,
    word breaks and translations its pages need: see generator.audiences)."""
    order: int
    """Where it comes among the products: built, listed and printed in order."""
    pages: int = Field(ge=1)
    design_pt: float
    """Body type in pt at design size, at the reference size (posters) or the
    product's own size."""
    floor_pt: float
    """The smallest the body type shrinks to, measured as ``design_pt``."""
    sizes: Annotated[dict[str, tuple[float, float]], BeforeValidator(_sizes)]
    """Its paper sizes: names of paper (``[a4, a3]``), or each with its own
    width and height in mm (``{card: [85.0, 55.0]}``)."""
    reference: str | None = None
    """Type grows with the paper from this size up (posters), or stays put."""
    shared_floor_pt: float | None = None
    """The smallest body type (pt, at the reference size) of one language's half
    of a page shared side by side, where it is larger than the paper's floor."""
    size_floor_pt: dict[str, float] = Field(default_factory=dict)
    """The smallest body type (pt) on a paper size read closer than the reference."""
    min_pt: float | None = None
    """The smallest type on its pages (fine print included), where its
    audience's is smaller."""
    band_pt: dict[Band, tuple[float, float]] = Field(default_factory=dict)
    """Per age band (pupil products): (design_pt, floor_pt) instead of the above."""
    parts: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    """Where in the school file each part of the page comes from (for messages)."""
    power: float = 1.5
    """How its length grows with the type scale near its fit (length ~ scale
    ** power), as measured on made-up schools' documents
    (benchmarks/powers.py): how full a fit must be to be kept (its type could
    grow by no more than the search's tolerance), and the next guesses of a
    search, until two tries of the document measure its own."""
    start: float = 1.0
    """The type scale a first layout tries: the design size, or, for a product
    whose national content alone fills more than its page, the scale most
    schools' documents fit at (`python benchmarks/fits.py` prints it). A
    constant of the product: a school's documents never depend on others'."""
    printing: str = ""
    """How to print it (``{files}``: its files), in the pack's PRINTING.txt."""
    band_start: dict[str, float] = {}
    """The same for an age band whose documents fit elsewhere (pupil products)."""
    shared_start: float = 1.0
    """How much smaller than one language's a document in several tends to fit
    (side by side, each gets half the paper; in sequence, the longer sets the
    size): its first try is the start times this."""
    crowded: Crowded | None = None
    """Where its people take another row from so many on (pupil posters:
    rows of three, of two for four), the first try of a page in one language
    then: the row takes room the type must give up."""
    translated_start: float = 1.0
    """How much smaller than English it tends to fit in another language (a
    translation runs longer): its first try is the start times this."""
    follows_type: bool = True
    """Whether its length follows its type (mostly text): type set larger than
    its scale says (Arabic script) then starts as much smaller. A leaflet's
    panels are filled by drawings, whatever the type."""

    # What it does that not every product does, declared here and asked of the
    # declaration (a copy of its folder does the same under its new id).
    settings: str | None = None
    """The entry under ``products:`` in the school file it reads (``staff-card``):
    the paper sizes the school chose, the people it puts on it. A copy of a
    product names its original's. Without one, it is made on all its sizes."""
    sheet: Sheet | None = None
    """An office sheet its page is repeated on (``{name: a4, columns: 2, rows:
    4, gutter_mm: 3.0}``): it is then made twice, as the sheet for the office
    printer and as the single page with bleed and crop marks for a print shop."""
    fewer_people: bool = False
    """Crowded at its smallest type, it keeps fewer of the team: first the
    safeguarding lead and deputies alone, then without where to find them,
    then fewer of those, warning who is left off (generator.runner.fitting)."""
    cuts: bool = False
    """Crowded at its smallest type, it leaves off what a poster may, a grade at
    a time (generator.runner.poster); its template reads the grade as ``cut``."""
    balance: bool = False
    """In several languages one after another, its shorter languages are opened
    up so that no front page ends in a wide blank band
    (generator.runner.balance)."""
    checks: tuple[Check, ...] = ()
    """The checks of its own it is held to, beside every product's:
    ``poster-type``, type large enough to read across a room
    (generator.verify.poster); ``panels``, no leaflet panel ending in a wide
    empty band (generator.verify.pupil); ``blank-foot``, no front page ending
    in a wide blank band (generator.verify.briefing); ``own-wording``, a
    warning while its "what we do here" is still the national wording."""

    @field_validator("settings")
    @classmethod
    def _known_settings(cls, value: str | None) -> str | None:
        known = [f.alias or name for name, f in Products.model_fields.items()]
        if value is not None and value not in known:
            raise ValueError(
                f"is not an entry of the school file's products: {', '.join(known)}"
            )
        return value

    def school_settings(self, school: Any) -> Any:
        """The school file's ``products:`` entry it reads (see ``settings``),
        or None."""
        products = school.products
        for name, info in type(products).model_fields.items():
            if self.settings is not None and info.alias == self.settings:
                return getattr(products, name)
        return None

    @property
    def folder(self) -> Path:
        return products_dir() / self.id

    @property
    def template(self) -> str:
        """Its template's name, as a school's own ``templates/`` overrides it
        (``staff-poster.html.j2``), or extends it (``builtin/...``)."""
        return f"{self.id}.html.j2"

    @property
    def stylesheet(self) -> Path:
        return self.folder / STYLESHEET


@dataclass(frozen=True)
class Variant:
    """One file of a product: at a size, in a language, for a printer."""

    product: Product
    size: str
    marks: bool = False
    sheet: Sheet | None = None
    band: str | None = None
    # Its languages, in reading order: one, or Welsh then English.
    languages: tuple[str, ...] = ("en",)
    # Whether the file name says its languages (a school with more than English).
    named: bool = False
    # One language's part of a page shared side by side by this many languages:
    # laid out alone to find the type size that fits, never written.
    share: int = 1
    # For a print shop: its CMYK output condition (a PDF/X-4 file), else RGB.
    press: Press | None = None
    # The size of the same document made first in the same build, whose fit
    # this one's search starts from (a poster is drawn alike on A4 and A3).
    # Part of the document's inputs: made alone, it is searched from the design
    # size and may settle a hair elsewhere.
    like: str | None = None
    # Languages of a poster too long side by side, each on a page of its own.
    apart: bool = False

    @property
    def start(self) -> float:
        """The type scale a first layout tries (see ``Product.start``)."""
        product = self.product
        start = product.band_start.get(self.band or "", product.start)
        if len(self.languages) > 1:
            start *= product.shared_start
        return start * (product.translated_start if self.languages != ("en",) else 1.0)

    @property
    def layout(self) -> str:
        """How several languages share the file: ``side-by-side`` on a poster
        (the paper turned to landscape, one language a half), ``sequence``
        elsewhere (the pages of one language, then of the next)."""
        if len(self.languages) == 1:
            return "single"
        if self.product.reference and not self.apart:
            return "side-by-side"
        return "sequence"

    @property
    def pages(self) -> int:
        """Pages of the PDF."""
        if self.layout == "sequence":
            return self.product.pages * len(self.languages)
        return self.product.pages

    @property
    def turned(self) -> bool:
        """Paper turned to landscape, for languages side by side."""
        return self.share > 1 or self.layout == "side-by-side"

    @property
    def width_mm(self) -> float:
        """Width of one finished page (the trim), not of the sheet it is on."""
        width, height = self.product.sizes[self.size]
        return height / self.share if self.turned else width

    @property
    def height_mm(self) -> float:
        width, height = self.product.sizes[self.size]
        return width if self.turned else height

    @property
    def block_mm(self) -> float:
        """Width of one language's part of the page."""
        if self.layout == "side-by-side":
            return self.width_mm / len(self.languages)
        return self.width_mm

    @property
    def page_mm(self) -> tuple[float, float]:
        """The paper the PDF's pages are: the trim, or the imposition sheet."""
        return self.sheet.paper if self.sheet else (self.width_mm, self.height_mm)

    @property
    def paper_factor(self) -> float:
        """How much bigger than the reference size this page is (posters)."""
        reference = self.product.reference
        if reference is None:
            return 1.0
        return self.block_mm / self.product.sizes[reference][0]

    @property
    def design_pt(self) -> float:
        """Body type at design size on this paper, for this band."""
        design = self.product.band_pt.get(self.band or "", (self.product.design_pt,))
        return design[0] * self.paper_factor

    @property
    def floor_pt(self) -> float:
        """The smallest body type allowed on this paper, for this band."""
        floor = self.product.band_pt.get(self.band or "", (0, self.product.floor_pt))
        shared = self.product.shared_floor_pt
        if shared and self.turned and self.product.reference:
            # Each half of a sheet read as a whole: its floor grows with the sheet.
            sheet = self.product.sizes[self.size][1]
            return shared * sheet / self.product.sizes[self.product.reference][1]
        if self.size in self.product.size_floor_pt and not self.turned:
            return self.product.size_floor_pt[self.size]
        return floor[1] * self.paper_factor

    @property
    def parts(self) -> tuple[str, ...]:
        """What tells this file apart from the product's others, in its name."""
        parts = (self.band,) if self.band else ()
        parts += (self.size,) if len(self.product.sizes) > 1 else ()
        if self.sheet:
            parts += ("sheet", self.sheet.name)
        if self.named:
            parts += self.languages
        return parts

    @property
    def filename(self) -> str:
        return "-".join((self.product.id, *self.parts)) + ".pdf"


def load_products(root: Path) -> dict[str, Product]:
    """Every product in ``root``: each folder with a ``product.yaml``, in order."""
    found = []
    for path in sorted(root.glob(f"*/{DEFINITION}")):
        loaded = load_file(path, ours=True)
        if isinstance(loaded.data, dict):
            # Named by its folder.
            loaded.data = {**loaded.data, "id": path.parent.name}
        found.append(validate(loaded, Product))
    return {p.id: p for p in sorted(found, key=lambda p: (p.order, p.id))}


@cache
def products() -> dict[str, Product]:
    """safeprint's products, by id, in order: read from their folders the first
    time they are asked for, so that a command which needs none (``--help``)
    does not read them."""
    return load_products(products_dir())


# The products by name, and the card's sheet of eight (see its product.yaml).
_NAMED = {
    "STAFF_POSTER": "staff-poster",
    "STAFF_CARD": "staff-card",
    "STAFF_BRIEFING": "staff-briefing",
    "PUPIL_POSTER": "pupil-poster",
    "PUPIL_LEAFLET": "pupil-leaflet",
}


def __getattr__(name: str) -> Any:
    # PRODUCTS, STAFF_POSTER and the like: read on first use (see products()).
    if name == "PRODUCTS":
        return products()
    if name in _NAMED:
        return products()[_NAMED[name]]
    if name == "A4_CARDS":
        return products()["staff-card"].sheet
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Roll fold, A4 to DL: panel widths in mm, left to right, on each printed side.
# Outside: inside flap, back, front cover. Inside: the three panels read in order.
LEAFLET_PANELS = {"outside": (97.0, 100.0, 100.0), "inside": (100.0, 100.0, 97.0)}
