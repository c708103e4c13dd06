"""Imposition: where each copy of a small page sits on a sheet, and the crop marks.

Not special to any product: it works from a trim size and a :class:`Sheet`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.errors import SafeprintError
from generator.products import Sheet

MARK_GAP_MM = 1.5  # between the cut line's end and the start of its mark


@dataclass(frozen=True)
class Box:
    """A rectangle in mm from the sheet's top-left corner."""

    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Layout:
    """Fronts, backs (mirrored for long-edge duplex) and crop marks on a sheet."""

    fronts: list[Box]
    backs: list[Box]
    marks: list[Box]


def impose(sheet: Sheet, width: float, height: float) -> Layout:
    """A centred grid of ``width`` × ``height`` pages with marks in the margin."""
    paper_w, paper_h = sheet.paper
    left = (paper_w - sheet.columns * width) / 2
    top = (paper_h - sheet.rows * height) / 2
    if min(left, top) < sheet.unprintable_mm + MARK_GAP_MM + 1:
        raise SafeprintError.single(
            f"{sheet.columns} × {sheet.rows} pages of {width:g} × {height:g} mm do "
            f"not fit on {sheet.name.upper()} inside a printer's "
            f"{sheet.unprintable_mm:g} mm margin — choose a smaller grid"
        )
    fronts = [
        Box(left + c * width, top + r * height, width, height)
        for r in range(sheet.rows)
        for c in range(sheet.columns)
    ]
    backs = [Box(paper_w - b.x - b.width, b.y, width, height) for b in fronts]
    return Layout(fronts, backs, _marks(sheet, left, top, width, height))


def _marks(
    sheet: Sheet, left: float, top: float, width: float, height: float
) -> list[Box]:
    """Hairlines in the margins, continuing every cut line; none over a page."""
    paper_w, paper_h = sheet.paper
    edge = sheet.unprintable_mm
    xs = [left + c * width for c in range(sheet.columns + 1)]
    ys = [top + r * height for r in range(sheet.rows + 1)]
    right, bottom = xs[-1], ys[-1]
    vertical = [
        Box(x, y0, 0, y1 - y0)
        for x in xs
        for y0, y1 in (
            (edge, top - MARK_GAP_MM),
            (bottom + MARK_GAP_MM, paper_h - edge),
        )
    ]
    horizontal = [
        Box(x0, y, x1 - x0, 0)
        for y in ys
        for x0, x1 in (
            (edge, left - MARK_GAP_MM),
            (right + MARK_GAP_MM, paper_w - edge),
        )
    ]
    return vertical + horizontal


PT_PER_MM = 72 / 25.4
# What marks a PDF content stream's tagged parts: left out of the copies.
MARKED_CONTENT = {"BDC", "BMC", "EMC", "MP", "DP"}


def impose_pdf(pdf: bytes, sheet: Sheet) -> bytes:
    """A small document's pages, front and back in turn, imposed on ``sheet``.

    Each page of the document becomes a page of the sheet: a front on every
    slot, a back on every mirrored slot, each cut to the trim, with crop marks
    in the margins (the page's own crop marks, drawn outside its trim, are left
    out). The first copy on each sheet is the page itself, moved into
    its slot, so the document's tags, language and title still describe it
    (what a screen reader or a copy and paste finds once); the other copies
    and the marks are artifacts. Nothing is laid out again.
    """
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        paper_w, paper_h = (side * PT_PER_MM for side in sheet.paper)
        for number, page in enumerate(doc.pages):
            trim = tuple(float(v) for v in page.obj.TrimBox)
            x0, y0, x1, y1 = trim
            layout = impose(sheet, (x1 - x0) / PT_PER_MM, (y1 - y0) / PT_PER_MM)
            slots = layout.fronts if number % 2 == 0 else layout.backs
            drawn, unmarked = _without_crop_marks(page)
            if unmarked:
                page.obj.Contents = doc.make_stream(
                    pikepdf.unparse_content_stream(drawn)
                )
            copy = doc.make_stream(_untagged(drawn))
            copy.Type, copy.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
            copy.BBox = pikepdf.Array(trim)
            # The copy and the page each get resources of their own (WeasyPrint
            # shares one set between pages), so that no copy lists itself.
            copy.Resources = _own_resources(page.obj.Resources)
            page.obj.Resources = _own_resources(page.obj.Resources)
            # A name of our own, not pikepdf's random one: the same inputs
            # give the same bytes.
            name = f"/Copy{number}"
            page.obj.Resources.XObject[name] = copy
            others = "".join(
                f"/Artifact BMC {_placed(box, trim, paper_h)}{name} Do Q EMC\n"
                for box in slots[1:]
            )
            first = _placed(slots[0], trim, paper_h)
            page.contents_add(first.encode(), prepend=True)
            _move_links(page.obj, *_offset(slots[0], trim, paper_h))
            marks = _marks_drawn(layout, paper_h)
            page.contents_add(f"\nQ\n{others}{marks}".encode())
            page.obj.MediaBox = pikepdf.Array([0, 0, paper_w, paper_h])
            page.obj.TrimBox = page.obj.MediaBox
            for box in ("/BleedBox", "/CropBox", "/ArtBox"):
                if box in page.obj:
                    del page.obj[box]
        out = io.BytesIO()
        doc.save(out, deterministic_id=True)
    return out.getvalue()


def _offset(box: Box, trim: tuple[float, ...], paper_h: float) -> tuple[float, float]:
    """How far a page moves to sit in a slot (PDF measures up from the foot)."""
    return (
        box.x * PT_PER_MM - trim[0],
        paper_h - (box.y + box.height) * PT_PER_MM - trim[1],
    )


def _placed(box: Box, trim: tuple[float, ...], paper_h: float) -> str:
    """Start drawing a page in a slot: moved there, and cut to its trim.
    Ends with ``Q``."""
    x0, y0, x1, y1 = trim
    dx, dy = _offset(box, trim, paper_h)
    return (
        f"q 1 0 0 1 {dx:.4f} {dy:.4f} cm "
        f"{x0:.4f} {y0:.4f} {x1 - x0:.4f} {y1 - y0:.4f} re W n\n"
    )


def _own_resources(resources: Any) -> Any:
    """A page's resources as a dictionary of its own, with its own list of
    drawings (the fonts, images and the rest stay shared)."""
    import pikepdf

    own = pikepdf.Dictionary({key: value for key, value in resources.items()})
    drawings = resources.get("/XObject")
    own.XObject = pikepdf.Dictionary(
        {key: value for key, value in (drawings.items() if drawings else [])}
    )
    return own


def _move_links(page: Any, dx: float, dy: float) -> None:
    """Move a page's links with it into its slot (its first copy's)."""
    import pikepdf

    for annotation in page.get("/Annots", []):
        for key in ("/Rect", "/QuadPoints"):
            if key in annotation:
                values = [float(v) for v in annotation[key]]
                annotation[key] = pikepdf.Array(
                    [v + (dx if i % 2 == 0 else dy) for i, v in enumerate(values)]
                )


def _untagged(drawn: list[Any]) -> bytes:
    """A page's drawing without its marked-content operators: a copy that is
    an artifact carries no tags."""
    import pikepdf

    kept = [
        (operands, operator)
        for operands, operator in drawn
        if str(operator) not in MARKED_CONTENT
    ]
    return pikepdf.unparse_content_stream(kept)


PAINTING = {"f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "Tj", "TJ", "'", '"'}
PAINTING |= {"sh", "BI", "Do"}


def _without_crop_marks(page: Any) -> tuple[list[Any], bool]:
    """A page's drawing without the crop marks WeasyPrint drew around it: a
    drawing of lines alone, the first thing on a page whose paper reaches
    beyond its trim. They would lie over the next slot, where the cut hides
    them but a reader of the PDF's drawing still finds them. Also whether
    there were any."""
    import pikepdf

    drawn = list(pikepdf.parse_content_stream(page))
    if [float(v) for v in page.obj.MediaBox] == [float(v) for v in page.obj.TrimBox]:
        return drawn, False
    for index, (operands, operator) in enumerate(drawn):
        if str(operator) not in PAINTING:
            continue
        if str(operator) == "Do" and _lines_only(page.obj.Resources, operands[0]):
            return drawn[:index] + drawn[index + 1 :], True
        break
    return drawn, False


def _lines_only(resources: Any, name: Any) -> bool:
    """Whether a form draws paths and nothing else (no text, fill or picture)."""
    import pikepdf

    form = resources.get("/XObject", {}).get(name)
    if form is None or form.get("/Subtype") != pikepdf.Name.Form:
        return False
    operators = {str(op) for _, op in pikepdf.parse_content_stream(form)}
    strokes = {"S", "s", "B"}
    return bool(operators & strokes) and not operators & (PAINTING - strokes)


def _marks_drawn(layout: Layout, paper_h: float) -> str:
    """The crop marks as hairlines in black, an artifact."""
    lines = "".join(
        f"{m.x * PT_PER_MM:.4f} {paper_h - m.y * PT_PER_MM:.4f} m "
        f"{(m.x + m.width) * PT_PER_MM:.4f} "
        f"{paper_h - (m.y + m.height) * PT_PER_MM:.4f} l "
        for m in layout.marks
    )
    return f"/Artifact BMC q 0 G 0.25 w {lines}S Q EMC\n"
