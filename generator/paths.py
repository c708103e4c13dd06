"""Where the package's own data (products, templates, styles, national content)
lives.

In a source checkout (and an editable install) the folders sit beside the package;
an installed wheel carries them inside it as ``generator/_data``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_root() -> Path:
    """The folder holding ``products/``, ``templates/``, ``styles/`` and
    ``content/``."""
    bundled = _PACKAGE / "_data"
    if (bundled / "templates").is_dir():
        return bundled
    return _PACKAGE.parent


# In a product's folder: its definition, template and stylesheet.
DEFINITION = "product.yaml"
TEMPLATE = "template.html.j2"
STYLESHEET = "style.css"


def products_dir() -> Path:
    """One folder per product: its template and stylesheet."""
    return data_root() / "products"


def product_ids() -> list[str]:
    """The products' ids, sorted: their folders' names, read without loading
    the products (for the command line's choices, which must start fast)."""
    return sorted(path.parent.name for path in products_dir().glob(f"*/{DEFINITION}"))


def templates_dir() -> Path:
    return data_root() / "templates"


def styles_dir() -> Path:
    return data_root() / "styles"


def content_dir() -> Path:
    return data_root() / "content"


def example_schools_dir() -> Path:
    return content_dir() / "schools"
