"""Imposition: where each copy of a small page sits on a sheet, and the crop marks.

Not special to any product: it works from a trim size and a :class:`Sheet`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.errors import SafeprintError
from generator.products import Sheet
from generator.units import PT_PER_MM

MARK_GAP_MM = 1.5  # between the bleed's edge and the start of its mark
MARK_MM = 10.0  # the longest a mark in the margin runs
# A mark in a gutter stops this short of any page: as far as a guillotine
# may drift, so that a cut a little off never shows a mark.
DRIFT_MM = 0.5


@dataclass(frozen=True)
class Box:
    """A rectangle in mm from the sheet's top-left corner."""

    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Layout:
    """Fronts, backs (mirrored for long-edge duplex) and crop marks on a sheet,
    and how far each page's bleed reaches past its trim: half the gutter
    towards a neighbour, ``outer`` towards the margin."""

    fronts: list[Box]
    backs: list[Box]
    marks: list[Box]
    gutter: float = 0.0
    outer: float = 0.0

    def shown(self, box: Box) -> Box:
        """What of a page is printed: its trim and the bleed around it."""
        slots = self.fronts + self.backs
        left = min(b.x for b in slots)
        top = min(b.y for b in slots)
        right = max(b.x + b.width for b in slots)
        bottom = max(b.y + b.height for b in slots)

        def reach(at_edge: bool) -> float:
            return self.outer if at_edge else self.gutter / 2

        x0 = box.x - reach(box.x <= left + 0.01)
        y0 = box.y - reach(box.y <= top + 0.01)
        x1 = box.x + box.width + reach(box.x + box.width >= right - 0.01)
        y1 = box.y + box.height + reach(box.y + box.height >= bottom - 0.01)
        return Box(x0, y0, x1 - x0, y1 - y0)


def impose(sheet: Sheet, width: float, height: float, bleed: float = 0.0) -> Layout:
    """A centred grid of ``width`` × ``height`` pages, ``sheet.gutter_mm``
    apart, each showing up to ``bleed`` mm of its bleed towards the margin
    (half the gutter towards a neighbour), with marks in the margin and the
    gutters."""
    paper_w, paper_h = sheet.paper
    gutter = sheet.gutter_mm
    left = (paper_w - sheet.columns * width - (sheet.columns - 1) * gutter) / 2
    top = (paper_h - sheet.rows * height - (sheet.rows - 1) * gutter) / 2
    if min(left, top) < sheet.unprintable_mm + bleed + MARK_GAP_MM + 1:
        raise SafeprintError.single(
            f"{sheet.columns} × {sheet.rows} pages of {width:g} × {height:g} mm do "
            f"not fit on {sheet.name.upper()} inside a printer's "
            f"{sheet.unprintable_mm:g} mm margin — choose a smaller grid"
        )
    fronts = [
        Box(left + c * (width + gutter), top + r * (height + gutter), width, height)
        for r in range(sheet.rows)
        for c in range(sheet.columns)
    ]
    backs = [Box(paper_w - b.x - b.width, b.y, width, height) for b in fronts]
    xs = sorted({b.x for b in fronts} | {b.x + width for b in fronts})
    ys = sorted({b.y for b in fronts} | {b.y + height for b in fronts})
    marks = _margin_marks(sheet, xs, ys, bleed) + _gutter_marks(sheet, fronts)
    return Layout(fronts, backs, marks, gutter, bleed)


def _margin_marks(
    sheet: Sheet, xs: list[float], ys: list[float], bleed: float
) -> list[Box]:
    """Hairlines in the margins, continuing every cut line; none over a page
    or its bleed."""
    paper_w, paper_h = sheet.paper
    edge = sheet.unprintable_mm
    gap = bleed + MARK_GAP_MM
    above, below = ys[0] - gap, ys[-1] + gap
    before, after = xs[0] - gap, xs[-1] + gap
    vertical = [
        Box(x, y0, 0, y1 - y0)
        for x in xs
        for y0, y1 in (
            (max(edge, above - MARK_MM), above),
            (below, min(paper_h - edge, below + MARK_MM)),
        )
    ]
    horizontal = [
        Box(x0, y, x1 - x0, 0)
        for y in ys
        for x0, x1 in (
            (max(edge, before - MARK_MM), before),
            (after, min(paper_w - edge, after + MARK_MM)),
        )
    ]
    return vertical + horizontal


def _gutter_marks(sheet: Sheet, pages: list[Box]) -> list[Box]:
    """Marks in the gutters: where a gutter crosses a cut line, a hairline
    along it, stopping ``DRIFT_MM`` short of the pages either side. Once the
    sheet is cut into strips, each strip still shows where its cards part."""
    gutter = sheet.gutter_mm
    if gutter <= 2 * DRIFT_MM:
        return []
    marks = []
    for page in pages:
        right, bottom = page.x + page.width, page.y + page.height
        below = any(abs(p.x - page.x) < 0.01 and p.y > bottom for p in pages)
        beside = any(abs(p.y - page.y) < 0.01 and p.x > right for p in pages)
        if below:  # the page's side cuts continue across the gutter under it
            y0, y1 = bottom + DRIFT_MM, bottom + gutter - DRIFT_MM
            marks += [Box(x, y0, 0, y1 - y0) for x in (page.x, right)]
        if beside:  # its top and bottom cuts continue across the gutter beside it
            x0, x1 = right + DRIFT_MM, right + gutter - DRIFT_MM
            marks += [Box(x0, y, x1 - x0, 0) for y in (page.y, bottom)]
    return marks


# What marks a PDF content stream's tagged parts: left out of the copies.
MARKED_CONTENT = {"BDC", "BMC", "EMC", "MP", "DP"}


def impose_pdf(pdf: bytes, sheet: Sheet) -> bytes:
    """A small document's pages, front and back in turn, imposed on ``sheet``.

    Each page of the document becomes a page of the sheet: a front on every
    slot, a back on every mirrored slot, each with its bleed running into the
    gutters and margin, and crop marks in the margins and gutters (the page's
    own crop marks, drawn outside its trim, are left out). The first copy on
    each sheet is the page itself, moved into its slot, so the document's
    tags, language and title still describe it (what a screen reader or a copy
    and paste finds once); the other copies and the marks are artifacts.
    Nothing is laid out again.
    """
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        paper_w, paper_h = (side * PT_PER_MM for side in sheet.paper)
        for number, page in enumerate(doc.pages):
            trim = tuple(float(v) for v in page.obj.TrimBox)
            bleed_box = tuple(float(v) for v in page.obj.get("/BleedBox", trim))
            x0, y0, x1, y1 = trim
            bleed = min(x0 - bleed_box[0], y0 - bleed_box[1]) / PT_PER_MM
            layout = impose(sheet, (x1 - x0) / PT_PER_MM, (y1 - y0) / PT_PER_MM, bleed)
            slots = layout.fronts if number % 2 == 0 else layout.backs
            drawn, unmarked = _without_crop_marks(page)
            if unmarked:
                page.obj.Contents = doc.make_stream(
                    pikepdf.unparse_content_stream(drawn)
                )
            copy = doc.make_stream(_untagged(drawn))
            copy.Type, copy.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
            copy.BBox = pikepdf.Array(bleed_box)
            # The copy and the page each get resources of their own (WeasyPrint
            # shares one set between pages), so that no copy lists itself.
            copy.Resources = _own_resources(page.obj.Resources)
            page.obj.Resources = _own_resources(page.obj.Resources)
            # A name of our own, not pikepdf's random one: the same inputs
            # give the same bytes.
            name = f"/Copy{number}"
            page.obj.Resources.XObject[name] = copy
            others = "".join(
                f"/Artifact BMC {_placed(layout, box, trim, paper_h)}{name} Do Q EMC\n"
                for box in slots[1:]
            )
            first = _placed(layout, slots[0], trim, paper_h)
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


def _placed(layout: Layout, box: Box, trim: tuple[float, ...], paper_h: float) -> str:
    """Start drawing a page in a slot: moved there, and cut to what of it is
    shown (its trim and bleed). Ends with ``Q``."""
    dx, dy = _offset(box, trim, paper_h)
    shown = layout.shown(box)
    # In the sheet's space (PDF measures up from the foot), before the move.
    x = shown.x * PT_PER_MM - dx
    y = paper_h - (shown.y + shown.height) * PT_PER_MM - dy
    w, h = shown.width * PT_PER_MM, shown.height * PT_PER_MM
    return f"q 1 0 0 1 {dx:.4f} {dy:.4f} cm {x:.4f} {y:.4f} {w:.4f} {h:.4f} re W n\n"


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
