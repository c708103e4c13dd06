"""The PDF as WeasyPrint writes it, finished: the bleed box, each language
block's /Lang, and for a print shop the sRGB of its pictures and an ID drawn
from its content.
"""

from __future__ import annotations

import base64
from typing import Any

from generator.errors import SafeprintError
from generator.products import BLEED_MM, Variant
from generator.render.cmyk import Press


def pdf_variant(variant: Variant) -> str:
    """PDF/UA-1 for the office; PDF/X-4 (tagged all the same) for a print shop."""
    return "pdf/x-4" if variant.press else "pdf/ua-1"


def output_intent(press: Press) -> str:
    """The press's profile declared as the device CMYK space, inlined: WeasyPrint
    embeds it as the PDF/X output intent."""
    data = base64.b64encode(press.data).decode()
    return (
        "@color-profile device-cmyk { "
        f'src: url("data:application/vnd.iccprofile;base64,{data}"); '
        "components: cyan, magenta, yellow, black; }"
    )


def finish_pdf(document: Any, variant: Variant) -> bytes:
    """The laid-out document as PDF bytes, with what WeasyPrint leaves out: the
    3 mm bleed box, each language block's /Lang, and for a print shop the sRGB
    its photos and drawings are in."""
    from generator.render.fetch import Refused
    from generator.render.fonts import fonts_dated

    try:  # attachments are fetched as the PDF is written
        with fonts_dated():
            pdf = document.write_pdf(pdf_variant=pdf_variant(variant), pdf_tags=True)
    except Refused as exc:
        raise SafeprintError.single(f"{variant.filename}: {exc}") from None
    if not (variant.marks or len(variant.languages) > 1 or variant.press):
        return pdf
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        if variant.marks:
            set_print_boxes(doc)
        if len(variant.languages) > 1:
            tag_languages(doc, variant.languages)
        if variant.press:
            declare_srgb(doc)
            identify(doc)
        out = io.BytesIO()
        doc.save(out, deterministic_id=True)
    return out.getvalue()


def set_print_boxes(doc: Any) -> None:
    """Set each page's BleedBox to its TrimBox plus the 3 mm bleed.

    The MediaBox keeps the wider margin where the crop marks are drawn.
    """
    import pikepdf

    bleed = BLEED_MM / 25.4 * 72
    for page in doc.pages:
        x0, y0, x1, y1 = (float(v) for v in page.obj.TrimBox)
        page.obj.BleedBox = pikepdf.Array(
            [x0 - bleed, y0 - bleed, x1 + bleed, y1 + bleed]
        )


def tag_languages(doc: Any, languages: tuple[str, ...]) -> None:
    """Give each language block of a multi-language PDF its own /Lang.

    WeasyPrint sets the document's language only: the blocks are the first
    ``Div`` elements under the body, one per language, in order (or on a
    poster in rows, the cells of each row).
    """
    import pikepdf

    node = doc.Root.StructTreeRoot
    for _ in range(6):
        kids = _kids(node)
        divs = [k for k in kids if k.get("/S") == "/Div"]
        if len(divs) > len(languages):
            # Rows of a poster, each holding a cell in each language.
            rows = [[k for k in _kids(d) if k.get("/S") == "/Div"] for d in divs]
            if all(len(cells) == len(languages) for cells in rows):
                divs = [cell for cells in rows for cell in cells]
                languages = languages * len(rows)
        if len(divs) >= len(languages):
            for div, code in zip(divs, languages, strict=False):
                div.Lang = pikepdf.String(code)
            return
        if not kids:
            break
        node = kids[0]
    raise ValueError("no language blocks in the PDF's structure")


def identify(doc: Any) -> None:
    """Replace the random document ID WeasyPrint puts in a PDF/X file's XMP,
    and the trailer's, with ones drawn from its content: the same inputs give
    the same bytes, and a changed photo a new ID."""
    import hashlib
    import re
    import uuid

    import pikepdf

    # Every stream but the XMP itself: pages, fonts, photos, the profile.
    digest = hashlib.sha256()
    metadata = doc.Root.Metadata.objgen
    for obj in doc.objects:
        if isinstance(obj, pikepdf.Stream) and obj.objgen != metadata:
            digest.update(obj.read_raw_bytes())
    ident = uuid.UUID(bytes=digest.digest()[:16])
    xmp = doc.Root.Metadata.read_bytes()
    xmp = re.sub(rb"xmp\.did:[0-9a-fA-F-]+", f"xmp.did:{ident}".encode(), xmp)
    doc.Root.Metadata.write(xmp)
    doc.trailer.ID = pikepdf.Array([pikepdf.String(ident.bytes)] * 2)


def declare_srgb(doc: Any) -> None:
    """Say that the RGB of photos, logos and the QR code is sRGB: a
    ``/DefaultRGB`` colour space on every page, which PDF/X-4 accepts beside a
    CMYK output intent (the print shop's RIP converts them)."""
    from importlib.resources import files

    import pikepdf

    icc = (files("weasyprint.pdf") / "sRGB2014.icc").read_bytes()
    stream = doc.make_stream(icc)
    stream.N = 3
    default_rgb = pikepdf.Array([pikepdf.Name.ICCBased, stream])
    for page in doc.pages:
        resources = page.obj.get("/Resources")
        if resources is None:
            continue
        spaces = resources.get("/ColorSpace")
        if spaces is None:
            resources.ColorSpace = spaces = pikepdf.Dictionary()
        spaces.DefaultRGB = default_rgb


def _kids(node: Any) -> list[Any]:
    import pikepdf

    kids = node.get("/K")
    if kids is None:
        return []
    kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    return [k for k in kids if isinstance(k, pikepdf.Dictionary)]
