"""Reading PDFs back the way a person or a print shop would: text, boxes, pixels."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pypdfium2

MM_PER_PT = 25.4 / 72


# pdfium's mark for a hyphen that ends a line inside a word: the word read back
# whole, as a reader copying it gets it.
LINE_END_HYPHEN = "\ufffe"


def text(pdf: Path | bytes) -> str:
    """All the text, in reading order, whitespace folded."""
    doc = pypdfium2.PdfDocument(_bytes(pdf))
    try:
        pages = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()
    return " ".join(" ".join(pages).replace(LINE_END_HYPHEN, "").split())


def page_texts(pdf: Path | bytes) -> list[str]:
    """The text of each page, whitespace folded."""
    doc = pypdfium2.PdfDocument(_bytes(pdf))
    try:
        pages = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()
    return [" ".join(page.replace(LINE_END_HYPHEN, "").split()) for page in pages]


def trim_boxes_mm(pdf: Path | bytes) -> list[tuple[float, float]]:
    with pikepdf.open(io.BytesIO(_bytes(pdf))) as doc:
        sizes = []
        for page in doc.pages:
            box = page.obj.get("/TrimBox") or page.mediabox
            x0, y0, x1, y1 = (float(v) for v in box)
            sizes.append(((x1 - x0) * MM_PER_PT, (y1 - y0) * MM_PER_PT))
        return sizes


def char_boxes(
    pdf: Path | bytes, page: int = 0
) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Each visible character of a page with its box (left, bottom, right, top)
    in PDF user space, the same space as the page's trim box."""
    doc = pypdfium2.PdfDocument(_bytes(pdf))
    try:
        textpage = doc[page].get_textpage()
        text = textpage.get_text_range()
        return [(c, textpage.get_charbox(i)) for i, c in enumerate(text) if c.strip()]
    finally:
        doc.close()


def alt_texts(pdf: Path | bytes) -> list[str]:
    """The alternative text of every figure in the PDF's structure tree."""
    found = []
    with pikepdf.open(io.BytesIO(_bytes(pdf))) as doc:
        stack = [doc.Root.StructTreeRoot]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Dictionary):
                if node.get("/S") == "/Figure":
                    found.append(str(node.get("/Alt", "")))
                kids = node.get("/K")
                if kids is not None:
                    stack.extend(kids if isinstance(kids, pikepdf.Array) else [kids])
    return found


def render_png(pdf: Path | bytes, page: int = 0, dpi: int = 150):
    """A page as a PIL image."""
    doc = pypdfium2.PdfDocument(_bytes(pdf))
    try:
        return doc[page].render(scale=dpi / 72).to_pil()
    finally:
        doc.close()


def _bytes(pdf: Path | bytes) -> bytes:
    return pdf if isinstance(pdf, bytes) else Path(pdf).read_bytes()


def empty_foot(pdf: Path | bytes, page: int, left_mm: float, right_mm: float) -> float:
    """How much of a panel (the trim's height, between ``left_mm`` and
    ``right_mm`` from the trim's left edge) is an empty band at its foot: the
    share below the lowest ink that is not paper white, read with pdfplumber
    from the page rendered at 72 dpi."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(_bytes(pdf))) as doc:
        sheet = doc.pages[page]
        x0, y0, x1, y1 = (float(v) for v in sheet.trimbox)
        # pdfplumber's coordinates run from the top of the media box.
        top = float(sheet.height) - y1 + float(sheet.mediabox[1])
        height = y1 - y0
        box = (x0 + left_mm / MM_PER_PT, top, x0 + right_mm / MM_PER_PT, top + height)
        image = sheet.crop(box).to_image(resolution=72).original.convert("L")
    rows = [
        y
        for y in range(image.height)
        if any(image.getpixel((x, y)) < 235 for x in range(image.width))
    ]
    if not rows:
        return 1.0
    return (image.height - 1 - max(rows)) / image.height
