"""The line under a field describes it: each model's attribute docstrings, read
from one parse of its module.

pydantic's own ``use_attribute_docstrings`` finds each class's source anew (on
Python < 3.13 by walking the call stack, then tokenising and parsing the class),
which made building the models a good part of ``safeprint check``'s start-up.
Here a module is parsed once, and every class of it is read from that parse by
the same rule: a string right under an annotated name describes that name.
"""

from __future__ import annotations

import ast
import inspect
import sys
import textwrap
from functools import cache
from typing import Any


def attribute_docstrings(cls: type) -> dict[str, str]:
    """``{field name: its docstring, cleaned}`` for the fields written in
    ``cls``'s own body; empty when its source cannot be found."""
    node = _classes(cls.__module__).get(cls.__qualname__) or _own_source(cls)
    if node is None:
        return {}
    visitor = _Visitor()
    visitor.visit(node)
    return visitor.attrs


@cache
def _classes(module: str) -> dict[str, ast.ClassDef]:
    """Every class of ``module`` written at its top level or inside another
    class, by qualified name. A name given to two classes is left out, since
    which one is meant cannot be told from its name."""
    try:
        tree = ast.parse(inspect.getsource(sys.modules[module]))
    except (KeyError, OSError, TypeError, SyntaxError):
        return {}
    found: dict[str, ast.ClassDef] = {}
    twice: set[str] = set()

    def walk(body: list[ast.stmt], prefix: str) -> None:
        for stmt in body:
            if isinstance(stmt, ast.ClassDef):
                name = prefix + stmt.name
                if name in found:
                    twice.add(name)
                found[name] = stmt
                walk(stmt.body, name + ".")

    walk(tree.body, "")
    return {name: node for name, node in found.items() if name not in twice}


def _own_source(cls: type) -> ast.AST | None:
    """A class not found by name in its module's parse (one made inside a
    function, say), read from its own source."""
    try:
        source = textwrap.dedent(inspect.getsource(cls))
    except (OSError, TypeError):
        return None
    if source.startswith((" ", "\t")):
        # A string less indented than the class: parse it inside a function.
        source = f"def dedent_workaround():\n{source}"
    try:
        return ast.parse(source)
    except SyntaxError:
        return None


class _Visitor(ast.NodeVisitor):
    """pydantic's rule (``pydantic._internal._docs_extraction``): a string
    statement right after an annotated name is that name's description."""

    def __init__(self) -> None:
        super().__init__()
        self.target: str | None = None
        self.attrs: dict[str, str] = {}
        self.previous: type[ast.AST] | None = None

    def visit(self, node: ast.AST) -> Any:
        result = super().visit(node)
        self.previous = type(node)
        return result

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if isinstance(node.target, ast.Name):
            self.target = node.target.id

    def visit_Expr(self, node: ast.Expr) -> None:
        if (
            isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
            and self.previous is ast.AnnAssign
        ):
            if self.target:
                self.attrs[self.target] = inspect.cleandoc(node.value.value)
            self.target = None
