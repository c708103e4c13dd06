"""Downloads: one PDF of a school, or its whole pack as a ZIP with a note on
how to print each product. Both are made from the saved school file."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from generator.products import products


def printing_note(school: str, built: list[Any]) -> str:
    """The pack's PRINTING.txt: a paragraph for each product in it."""
    lines = [f"How to print {school}'s safeguarding pack", ""]
    for product in products().values():
        files = [b.variant.filename for b in built if b.variant.product is product]
        if files and product.printing:
            lines += [product.printing.format(files=", ".join(files)), ""]
    return "\n".join(lines)


def make_files(source: Path, renderer: Any, product: str | None = None) -> Any:
    """The saved school's documents (of one product, or all), laid out."""
    from generator.options import Options
    from generator.runner.document import make_all
    from generator.runner.school import prepare

    options = Options(only=(product,) if product else ())
    pack, _ = prepare(source, options)
    try:
        return pack, make_all(pack, options, renderer)
    finally:
        renderer.forget_images()


def filenames(source: Path) -> dict[str, str]:
    """Each file the saved school makes, and its product."""
    from generator.options import Options
    from generator.runner.school import prepare
    from generator.runner.variants import variants

    pack, _ = prepare(source)
    return {v.filename: v.product.id for v in variants(pack, Options())}


def pack_zip(slug: str, school: str, built: list[Any]) -> bytes:
    """Every document in one ZIP, in a folder named for the school."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for doc in built:
            archive.writestr(f"{slug}/{doc.variant.filename}", doc.pdf)
        archive.writestr(f"{slug}/PRINTING.txt", printing_note(school, built))
    return buffer.getvalue()
