"""The products safeprint makes, their sizes and the files they become."""

from __future__ import annotations

from dataclasses import dataclass, field

PAPER_MM: dict[str, tuple[float, float]] = {
    "a4": (210.0, 297.0),
    "a3": (297.0, 420.0),
    "a2": (420.0, 594.0),
}
BLEED_MM = 3.0
# Room around the trim for bleed plus crop marks.
MARKS_MARGIN_MM = 8.0


@dataclass(frozen=True)
class Product:
    """A kind of document: one template, one stylesheet, a fixed page count."""

    id: str
    title: str
    audience: str
    template: str
    stylesheet: str
    pages: int
    # Smallest body type, in pt on A3 (scaled with the paper), before we give up.
    floor_pt: float
    design_pt: float
    # Where in the school file each part of the page comes from (for messages).
    parts: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Variant:
    """One file of a product: a product at a size, in a language."""

    product: Product
    size: str
    language: str = "en"
    marks: bool = False

    @property
    def width_mm(self) -> float:
        return PAPER_MM[self.size][0]

    @property
    def height_mm(self) -> float:
        return PAPER_MM[self.size][1]

    @property
    def paper_factor(self) -> float:
        """How much bigger than A3 this page is, across its width."""
        return self.width_mm / PAPER_MM["a3"][0]

    @property
    def parts(self) -> tuple[str, ...]:
        return (self.size,)

    @property
    def filename(self) -> str:
        return "-".join((self.product.id, *self.parts)) + ".pdf"


STAFF_POSTER = Product(
    id="staff-poster",
    title="Worried about a child?",
    audience="staff",
    template="staff-poster.html.j2",
    stylesheet="staff-poster.css",
    pages=1,
    floor_pt=14.0,
    design_pt=17.0,
    parts={
        "header": ("school",),
        "danger": (),
        "team": ("team",),
        "steps": ("content", "steps"),
        "signs": ("content", "categories"),
        "contacts": ("local_contacts",),
        "national": ("content", "helplines"),
        "staff-concerns": ("content", "staff_concerns"),
    },
)

PRODUCTS: dict[str, Product] = {p.id: p for p in (STAFF_POSTER,)}
