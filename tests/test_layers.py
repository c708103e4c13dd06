"""How the package is layered, read from its source: WeasyPrint's internals
are met in one module, and no package imports one that stands above it."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "generator"
# The one module that reads WeasyPrint's box tree.
BOXES = PACKAGE / "layout" / "boxes.py"
# WeasyPrint's public API: documents and stylesheets, fonts, URL fetchers.
PUBLIC = {"weasyprint", "weasyprint.text.fonts", "weasyprint.urls"}
# What a laid-out box keeps (its place, its children, its element, its style):
# private to WeasyPrint, asked through generator.layout.boxes.
BOX_ATTRIBUTES = {
    "_page_box",
    "children",
    "element",
    "element_tag",
    "style",
    "replacement",
    "position_x",
    "position_y",
    "margin_top",
    "margin_left",
    "margin_height",
    "margin_width",
    "border_height",
    "border_width",
    "content_box_x",
    "content_box_y",
}
# Where laid-out documents are handled.
HANDLERS = ("layout", "verify", "runner", "write")
# Which package may not import which: the layout knows nothing of the checks
# or of making a document; the checks nothing of making one.
FORBIDDEN = {"layout": {"verify", "runner"}, "verify": {"runner"}}
BOX_CLASS = re.compile(r"^[A-Z]\w*(Box|Image)$")


def _modules() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def _imported(tree: ast.Module) -> Iterator[tuple[str, int]]:
    """Each module a module imports (at its top, in a function, or for
    type checking only), with the line."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module, node.lineno
            # `from generator.layout import boxes` imports generator.layout.boxes
            for alias in node.names:
                yield f"{node.module}.{alias.name}", node.lineno


def _public(name: str) -> bool:
    """A public module of WeasyPrint's, or a class from one."""
    module, _, last = name.rpartition(".")
    return name in PUBLIC or (module in PUBLIC and last[:1].isupper())


def test_weasyprint_internals_are_imported_in_one_module() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line}: imports {name}"
        for path, tree in _modules()
        if path != BOXES
        for name, line in _imported(tree)
        if name.split(".")[0] == "weasyprint" and not _public(name)
    ]
    assert not found, "\n".join(found)


def _of_boxes(node: ast.Attribute) -> bool:
    """``boxes.style``: a helper of generator.layout.boxes, not a box's own."""
    return isinstance(node.value, ast.Name) and node.value.id == "boxes"


def test_boxes_are_read_through_one_module() -> None:
    found = []
    for path, tree in _modules():
        package = path.relative_to(PACKAGE).parts[0]
        if path == BOXES or package not in HANDLERS:
            continue
        for node in ast.walk(tree):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
            if (
                isinstance(node, ast.Attribute)
                and node.attr in BOX_ATTRIBUTES
                and not _of_boxes(node)
            ):
                found.append(f"{where}: .{node.attr}")
            elif (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and (node.value in BOX_ATTRIBUTES or BOX_CLASS.match(node.value))
            ):
                found.append(f"{where}: {node.value!r}")
    assert not found, "\n".join(found)


def test_no_package_imports_one_above_it() -> None:
    found = []
    for path, tree in _modules():
        package = path.relative_to(PACKAGE).parts[0]
        for name, line in _imported(tree):
            parts = name.split(".")
            above = FORBIDDEN.get(package, set())
            if parts[0] == "generator" and len(parts) > 1 and parts[1] in above:
                found.append(f"{path.relative_to(ROOT)}:{line}: imports {name}")
    assert not found, "\n".join(found)
