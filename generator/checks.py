"""Quality checks: on the school's text before layout, on the PDF after it.

Each returns a list of :class:`Problem`; an empty list means the check passed.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from generator import fonts
from generator.errors import Problem
from generator.load import Loaded, Loc


def glyph_problems(loaded: Loaded) -> list[Problem]:
    """Every character of a file's text must be in a font we embed."""
    problems = []
    for loc, text in _strings(loaded.data, ()):
        missing = fonts.missing_glyphs(text)
        if missing:
            shown = ", ".join(f"{c!r} (U+{ord(c):04X})" for c in missing)
            problems.append(
                loaded.problem(
                    loc,
                    f"{shown} cannot be printed: no font we embed has it — "
                    "remove it or replace it with plain text",
                )
            )
    return problems


def _strings(data: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, (*loc, i))


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
