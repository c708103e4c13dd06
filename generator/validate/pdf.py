"""Checks on a finished PDF: tagged, titled, in a language, each image with
its alternative text, and only safeprint's fonts, embedded."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from generator.errors import Problem


def pdf_problems(pdf: bytes, name: str) -> list[Problem]:
    """The PDF is tagged, titled, has a language, and embeds only our fonts."""
    import pikepdf

    problems = []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        root = doc.Root
        if "/StructTreeRoot" not in root or "/MarkInfo" not in root:
            problems.append(Problem(f"{name}: the PDF is not tagged"))
        if "/Lang" not in root:
            problems.append(Problem(f"{name}: the PDF has no document language"))
        if not str(doc.docinfo.get("/Title", "")):
            problems.append(Problem(f"{name}: the PDF has no title"))
        missing = sum(1 for figure in _figures(root) if not str(figure.get("/Alt", "")))
        if missing:
            which = "an image has" if missing == 1 else f"{missing} images have"
            problems.append(
                Problem(
                    f"{name}: {which} no alternative text — give each <img> an alt "
                    "that says what it shows (a screen reader reads it out)"
                )
            )
        for font_name, embedded in _fonts(doc):
            if not embedded:
                problems.append(Problem(f"{name}: font {font_name} is not embedded"))
            elif not font_name.split("+")[-1].startswith("SP"):
                problems.append(
                    Problem(
                        f"{name}: a system font ({font_name}) stood in for ours; "
                        "some character is missing from the embedded fonts"
                    )
                )
    return problems


def _figures(root: Any) -> Iterator[Any]:
    """Every image in the PDF's structure tree."""
    import pikepdf

    stack = [root.get("/StructTreeRoot")]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Dictionary):
            if node.get("/S") == "/Figure":
                yield node
            kids = node.get("/K")
            if kids is not None:
                stack.extend(kids if isinstance(kids, pikepdf.Array) else [kids])


def _fonts(doc: Any) -> Iterator[tuple[str, bool]]:
    seen = set()
    for page in doc.pages:
        resources = page.obj.get("/Resources", {})
        for font in dict(resources.get("/Font", {})).values():
            name = str(font.get("/BaseFont", "?"))
            if name in seen:
                continue
            seen.add(name)
            descendants = font.get("/DescendantFonts")
            target = descendants[0] if descendants else font
            descriptor = target.get("/FontDescriptor", {})
            embedded = any(
                k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            yield name.lstrip("/"), embedded
