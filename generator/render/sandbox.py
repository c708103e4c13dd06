"""The Jinja environment: autoescape, StrictUndefined, and a sandbox with a short
allow-list, because a school may supply its own templates.

Jinja's own sandbox blocks private attributes and mutation, but would still let a
template call ``Path.read_text`` on a path it was given. Here a template may read
data (strings, numbers, dates, lists, mappings, model fields) and call only the
few helper methods named below; template files must lie inside their folder.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import string
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path, PurePath
from typing import Any

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup, escape

from generator.errors import SafeprintError
from generator.load.confine import check_file
from generator.paths import TEMPLATE, products_dir, styles_dir, templates_dir
from generator.render.qr import qr_data_uri
from generator.render.typeset import direction_of

# A web address's parts longer than this keep their own breaks, so that none
# runs out of its column: the briefing's full-width lines hold about 100
# characters at its smallest type.
LONG_PART = 60
PLAIN = (str, Markup, int, float, bool, dict, list, tuple, dt.date, type(None))
# Methods a template may call on our own objects, by class name.
HELPERS = {
    "Pack": frozenset(
        {"role_title", "helplines", "helpline", "say", "t", "date", "contact"}
    ),
    "Art": frozenset({"picture", "figure", "hand"}),
}


# The longest text or list a template may make in one step ("x" * n, a field
# width): far more than any page holds.
MAX_MADE = 100_000


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, narrowed to reading data, and to making text
    no longer than a page could hold in one step."""

    intercepted_binops = frozenset({"*", "%", "**"})

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        if operator == "*" and _made_length(left, right) > MAX_MADE:
            raise SecurityError(f"repeats text or a list more than {MAX_MADE} times")
        if operator == "%" and isinstance(left, str):
            _check_percent(left)
        if operator == "**" and isinstance(right, int) and abs(right) > 100:
            raise SecurityError("raises a number to too high a power")
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        text = value.__self__
        try:
            specs = [spec for _, _, spec, _ in string.Formatter().parse(text) if spec]
        except ValueError:
            specs = []
        if any(_widest(spec) > MAX_MADE for spec in specs):

            def refused(*args: Any, **kwargs: Any) -> str:
                raise SecurityError(f"pads text to more than {MAX_MADE} characters")

            return refused
        return wrapped

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if isinstance(obj, PurePath):
            return False  # paths go through the file_url filter, nothing else
        if not callable(value) or isinstance(obj, PLAIN):
            return True
        if type(obj).__module__.startswith("jinja2."):
            return True  # loop.cycle and the like
        return attr in HELPERS.get(type(obj).__name__, ())


class ConfinedLoader(jinja2.FileSystemLoader):
    """Loads templates from one folder only: a symlink out of it is not followed.
    A school's folder (``school``) gives only plain files with a single name
    (see :mod:`generator.load.confine`), checked before they are opened."""

    def __init__(self, root: Path, school: bool = False) -> None:
        super().__init__(root)
        self.root = root.resolve()
        self.school = school

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        if self.school:
            return self._school_source(template)
        source, filename, uptodate = super().get_source(environment, template)
        if not Path(filename).resolve().is_relative_to(self.root):
            raise SafeprintError.single(
                "this template points outside its folder — copy the file in instead "
                "of linking to it",
                file=Path(filename),
            )
        return source, filename, uptodate

    def _school_source(self, template: str) -> tuple[str, str, Callable[[], bool]]:
        path = self.root.joinpath(*split_template_path(template))
        if not os.path.lexists(path):
            raise jinja2.TemplateNotFound(template)
        check_file(path, self.root)
        try:
            if path.stat().st_size > MAX_TEMPLATE_BYTES:
                raise SafeprintError.single(
                    f"this template is larger than {MAX_TEMPLATE_BYTES // 1000} kB "
                    "— a template is a few kB",
                    file=path,
                )
            source = path.read_bytes().decode("utf-8")
            mtime = path.stat().st_mtime_ns
        except UnicodeDecodeError:
            raise SafeprintError.single(
                "this template is not UTF-8 text — save it as UTF-8", file=path
            ) from None
        except OSError as exc:
            raise SafeprintError.single(
                f"cannot read this template ({exc.strerror})", file=path
            ) from None

        def uptodate() -> bool:
            try:
                return path.stat().st_mtime_ns == mtime
            except OSError:
                return False

        return source, str(path), uptodate


MAX_TEMPLATE_BYTES = 1_000_000


class ProductTemplates(jinja2.BaseLoader):
    """Each product's template, kept in its folder (``products/<id>/``), by
    the name a school's own template overrides: ``staff-poster.html.j2``."""

    SUFFIX = ".html.j2"

    def __init__(self, root: Path) -> None:
        self.folders = ConfinedLoader(root)

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        product = template.removesuffix(self.SUFFIX)
        if product == template or "/" in product or product.startswith("."):
            raise jinja2.TemplateNotFound(template)
        return self.folders.get_source(environment, f"{product}/{TEMPLATE}")


@lru_cache(maxsize=16)
def environment(school_templates: Path | None = None) -> jinja2.Environment:
    """The one place a Jinja environment is made."""
    builtin = jinja2.ChoiceLoader(
        [ConfinedLoader(templates_dir()), ProductTemplates(products_dir())]
    )
    loaders: list[jinja2.BaseLoader] = []
    if school_templates is not None and school_templates.is_dir():
        loaders.append(ConfinedLoader(school_templates, school=True))
    loaders += [builtin, jinja2.PrefixLoader({"builtin": builtin})]
    env = Sandbox(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["asset"] = asset
    for name, positions in (("center", (0,)), ("indent", (0,)), ("format", ())):
        env.filters[name] = _bounded(name, env.filters[name], *positions)
    env.filters.update(
        initials=initials,
        file_url=file_url,
        address=address,
        short_address=short_address,
        qr=qr_data_uri,
        capitalize_first=lambda text: text[:1].upper() + text[1:],
        text_dir=direction_of,
    )
    return env


def _made_length(left: Any, right: Any) -> int:
    """How long ``left * right`` would be, for text and lists; 0 otherwise."""
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, (str, list, tuple)) and isinstance(times, int):
            return len(seq) * times
    return 0


def _widest(spec: str) -> int:
    return max((int(n) for n in re.findall(r"\d+", spec)), default=0)


def _check_percent(template: str) -> None:
    for width in re.findall(
        r"%(?:\([^)]*\))?[-#0 +]*(\d+|\*)?(?:\.(\d+|\*))?", template
    ):
        for number in width:
            if number == "*" or (number and int(number) > MAX_MADE):
                raise SecurityError(f"pads text to more than {MAX_MADE} characters")


def _bounded(name: str, filter_: Callable[..., Any], *positions: int) -> Callable:
    """A filter whose width arguments (by position after the value) may not
    pass ``MAX_MADE``."""

    def bounded(value: Any, *args: Any, **kwargs: Any) -> Any:
        for index in positions:
            width = args[index] if len(args) > index else kwargs.get("width")
            if isinstance(width, int) and width > MAX_MADE:
                raise SecurityError(f"{name}: a width over {MAX_MADE}")
        if name == "format" and isinstance(value, str):
            _check_percent(value)
        return filter_(value, *args, **kwargs)

    return bounded


def initials(name: str) -> str:
    """``Ms Aisha Khan`` → ``AK``: titles are skipped."""
    titles = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev"}
    words = [w for w in name.replace(".", " ").split() if w.lower() not in titles]
    letters = [w[0] for w in words if w[:1].isalpha()] or [name[:1]]
    return (letters[0] + (letters[-1] if len(letters) > 1 else "")).upper()


def asset(name: str) -> str:
    """The address of one of safeprint's own images, e.g. ``icons/tick.svg``."""
    path = (styles_dir() / name).resolve()
    if not path.is_relative_to(styles_dir().resolve()) or not path.is_file():
        raise ValueError(f"no such image in safeprint's styles: {name}")
    return path.as_uri()


def file_url(path: Path) -> str:
    return path.resolve().as_uri()


# The longest address printed in full beside its QR code; a longer one is printed
# as its site's name (the code carries the whole address).
SHORT_ADDRESS = 24


def short_address(url: str) -> str:
    """``https://www.gov.uk/government/publications/…`` → ``gov.uk``: an address
    a reader can type, printed whole on one line. A short one is kept whole,
    without its scheme and ``www.``; a long one is its site's name."""
    text = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip(), flags=re.I)
    text = re.sub(r"^www\.", "", text, flags=re.I).rstrip("/")
    if len(text) <= SHORT_ADDRESS:
        return text
    return text.split("/", 1)[0]


def address(text: str) -> Markup:
    """A web address set for print: it breaks after ``://`` or a slash, or
    else before a dot, never at a hyphen of its own, which a reader would take
    for the hyphen of a word broken across two lines and leave out. A part
    longer than ``LONG_PART`` even between dots keeps its breaks, so that it
    never runs out of its column."""
    parts = re.split(r"(?<=://)|(?<=[^/]/)(?=[^/])", text)
    pieces = [
        piece
        for part in parts
        for piece in (re.split(r"(?=\.)", part) if len(part) > LONG_PART else [part])
    ]
    return Markup("<wbr>").join(
        Markup('<span class="unbroken">{}</span>').format(piece)
        if "-" in piece and len(piece) <= LONG_PART
        else escape(piece)
        for piece in pieces
        if piece
    )
