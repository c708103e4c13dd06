"""The products safeprint makes, their sizes and the files they become."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.audiences import PUPILS, STAFF, Audience
from generator.paths import STYLESHEET, products_dir
from generator.render.cmyk import Press
from generator.vocabulary import PAPER_MM

CARD_MM = {"card": (85.0, 55.0)}
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


# Eight cards with 3 mm gutters: a fifth row would leave A4 no margin a desktop
# printer can print in, for the outer bleed and marks.
A4_CARDS = Sheet("a4", columns=2, rows=4, gutter_mm=3.0)


@dataclass(frozen=True)
class Product:
    """A kind of document: one template, one stylesheet, a fixed page count.

    Its template and stylesheet are in its folder, ``products/<id>/``."""

    id: str
    title: str
    # Who reads it: the contrast, smallest type, age bands, word breaks and
    # translations its pages need (see generator.audiences).
    audience: Audience
    pages: int
    # Body type in pt at design size and the smallest we shrink it to, at the
    # reference size (posters) or the product's own size.
    design_pt: float
    floor_pt: float
    sizes: dict[str, tuple[float, float]]
    # Type grows with the paper from this size up (posters), or stays put.
    reference: str | None = None
    # The smallest body type (pt, at the reference size) of one language's half
    # of a page shared side by side, where it is larger than the paper's floor.
    shared_floor_pt: float | None = None
    # The smallest body type (pt) on a paper size read closer than the reference.
    size_floor_pt: dict[str, float] = field(default_factory=dict)
    # The smallest type on its pages (fine print included), where its
    # audience's is smaller.
    min_pt: float | None = None
    # Per age band (pupil products): (design_pt, floor_pt) instead of the above.
    band_pt: dict[str, tuple[float, float]] = field(default_factory=dict)
    # Where in the school file each part of the page comes from (for messages).
    parts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # How its length grows with the type scale (length ~ scale ** power), as
    # measured on made-up schools' documents (benchmarks/fits.py): the first
    # guess of a search, until two tries of the document measure its own.
    power: float = 1.5
    # The type scale a first layout tries: the design size, or, for a product
    # whose national content alone fills more than its page, the scale most
    # schools' documents fit at (`python benchmarks/fits.py` prints it). A
    # constant of the product: a school's documents never depend on others'.
    start: float = 1.0

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


STAFF_POSTER = Product(
    id="staff-poster",
    title="Worried about a child?",
    audience=STAFF,
    pages=1,
    design_pt=20.0,
    floor_pt=18.0,
    sizes=PAPER_MM,
    reference="a3",
    # Welsh and English side by side on A3: 14 pt, each half an A4 page.
    shared_floor_pt=14.0,
    # The A4 copy is a desk copy, read at arm's length.
    size_floor_pt={"a4": 12.0},
    parts={
        "header": ("school",),
        "team": ("team",),
        "steps": ("content", "steps"),
        "signs": ("content", "categories"),
        "contacts": ("local_contacts",),
        "national": ("content", "helplines"),
        "staff-concerns": ("content", "staff_concerns"),
    },
    power=2.3,
    start=0.93,
)

STAFF_CARD = Product(
    id="staff-card",
    title="Safeguarding: who to tell",
    audience=STAFF,
    pages=2,
    # Set at its floor: Welsh keeps its TED prompts and list items on one line
    # each only at 7 pt, so a larger size buys hyphens and lone words, not ease.
    design_pt=7.0,
    floor_pt=7.0,
    min_pt=7.0,
    sizes=CARD_MM,
    parts={
        "card-team": ("team",),
        "card-note": ("products", "staff-card", "note"),
    },
    power=2.4,
)

STAFF_BRIEFING = Product(
    id="staff-briefing",
    title="Learning from case reviews",
    audience=STAFF,
    pages=2,
    design_pt=11.0,
    floor_pt=9.5,
    sizes={"a4": PAPER_MM["a4"]},
    parts={
        "themes": ("content", "case_review_themes"),
        "steps": ("content", "steps"),
        "team": ("team",),
        "contacts": ("local_contacts",),
    },
    power=1.3,
)

PUPIL_POSTER = Product(
    id="pupil-poster",
    title="Who can I talk to?",
    audience=PUPILS,
    pages=1,
    design_pt=20.0,
    floor_pt=16.0,
    sizes={"a4": PAPER_MM["a4"], "a3": PAPER_MM["a3"]},
    reference="a4",
    # On A4; A3 is 1.41 times larger. Posters are larger than leaflets.
    band_pt={"early": (26.0, 22.0), "primary": (23.0, 17.0), "secondary": (18.0, 14.0)},
    parts={"adults": ("trusted_adults",), "words": ("content", "pupil_texts")},
    power=1.3,
)

LEAFLET_MM = {"a4": (297.0, 210.0)}  # A4 landscape, roll-folded to DL

PUPIL_LEAFLET = Product(
    id="pupil-leaflet",
    title="Who can I talk to?",
    audience=PUPILS,
    pages=2,
    design_pt=17.0,
    floor_pt=16.0,
    sizes=LEAFLET_MM,
    band_pt={"early": (26.0, 20.0), "primary": (20.0, 16.0), "secondary": (14.0, 12.0)},
    parts={"adults": ("trusted_adults",), "words": ("content", "pupil_texts")},
    power=3.0,
)

# Roll fold, A4 to DL: panel widths in mm, left to right, on each printed side.
# Outside: inside flap, back, front cover. Inside: the three panels read in order.
LEAFLET_PANELS = {"outside": (97.0, 100.0, 100.0), "inside": (100.0, 100.0, 97.0)}

PRODUCTS: dict[str, Product] = {
    p.id: p
    for p in (STAFF_POSTER, STAFF_CARD, STAFF_BRIEFING, PUPIL_POSTER, PUPIL_LEAFLET)
}
