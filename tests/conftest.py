"""Shared fixtures: schools to build, and a guard that fails on WeasyPrint warnings."""

from __future__ import annotations

import logging
import shutil
import socket
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.paths import example_schools_dir
from generator.runner.build import BuildResult, Options, build

MINIMAL = """\
school:
  name: Minimal School
  nation: england
  phase: primary
team:
  - {name: Ms Ada Lovelace, role: dsl, phone: "01632 960001"}
local_contacts:
  children_services: {name: Anytown Front Door, phone: "01632 960000"}
review: {reviewed_on: 2026-09-01, review_by: 2027-09-01}
trusted_adults: [{name: Mrs Ada Byron, role: Learning mentor}]
"""


# A build of the staff poster alone: the quickest whole build.
POSTER = Options(only=("staff-poster",))


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def no_weasyprint_warnings(request: pytest.FixtureRequest) -> Iterator[None]:
    """Any WeasyPrint warning (unsupported CSS, missing image or glyph) fails,
    unless the test provokes one on purpose (``@pytest.mark.weasyprint_warns``)."""
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    yield
    logger.removeHandler(handler)
    # Without libharfbuzz-subset0 every PDF says fontTools subsets its fonts:
    # a note about the machine (the command gives it once, as a hint).
    messages = [
        m
        for m in (r.getMessage() for r in handler.records)
        if not m.startswith("Using fontTools instead of HarfBuzz-Subset")
    ]
    if request.node.get_closest_marker("weasyprint_warns") is None:
        assert not messages, f"WeasyPrint warned: {messages}"


# Test modules that lay nothing out: `pytest -m fast` runs them in seconds. A
# test marked fast that lays out a document fails (see below).
FAST_MODULES = {
    "test_audiences",
    "test_docs",
    "test_folders",
    "test_importer",
    "test_layers",
    "test_load",
    "test_properties",
    "test_school_file",
    "test_style",
    "test_validate",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.module is not None and item.module.__name__.split(".")[-1] in (
            FAST_MODULES
        ):
            item.add_marker(pytest.mark.fast)


@pytest.fixture(autouse=True)
def fast_tests_lay_nothing_out(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A test in the fast tier that lays out a document fails, naming it."""
    if request.node.get_closest_marker("fast") is None:
        return
    import weasyprint

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(
            f"{request.node.nodeid} is in the fast tier but lays out a document "
            "— take its module out of FAST_MODULES in tests/conftest.py"
        )

    monkeypatch.setattr(weasyprint.HTML, "render", refuse)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Any attempt to open a connection is recorded and refused."""
    tried: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        tried.append(address)
        raise OSError("safeprint tests: no network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return tried


@pytest.fixture
def write_school(tmp_path: Path) -> Callable[[str], Path]:
    """Write a school file (dedented YAML) into a fresh folder; return its path."""

    def write(text: str, name: str = "school.yaml") -> Path:
        folder = tmp_path / "school"
        folder.mkdir(exist_ok=True)
        path = folder / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


def school_with_template(folder: Path, template: str) -> Path:
    """The minimal school in ``folder`` with its own staff-poster template."""
    (folder / "templates").mkdir(parents=True)
    (folder / "school.yaml").write_text(MINIMAL)
    (folder / "templates" / "staff-poster.html.j2").write_text(template)
    return folder / "school.yaml"


def school_adding(folder: Path, html: str, product: str = "staff-poster") -> Path:
    """The minimal school in ``folder``, whose own template for ``product`` is the
    built-in one with ``html`` added at the end of the page."""
    (folder / "templates").mkdir(parents=True)
    (folder / "school.yaml").write_text(MINIMAL)
    (folder / "templates" / f"{product}.html.j2").write_text(
        f'{{% extends "builtin/{product}.html.j2" %}}'
        f"{{% block body %}}{{{{ super() }}}}{html}{{% endblock %}}"
    )
    return folder / "school.yaml"


@pytest.fixture
def minimal_school(write_school: Callable[[str], Path]) -> Path:
    return write_school(MINIMAL)


@pytest.fixture
def full_school(tmp_path: Path) -> Path:
    """A copy of the example primary school (logo, photos, team of three)."""
    target = tmp_path / "oakfield-primary"
    shutil.copytree(example_schools_dir() / "oakfield-primary", target)
    return target / "school.yaml"


@pytest.fixture(scope="session")
def examples_built(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[BuildResult, Path]:
    """The example schools built once for the whole session (A3, A4 and A2)."""
    out = tmp_path_factory.mktemp("output")
    result = build([], out, Options(sizes=("a4", "a3", "a2")))
    assert result.ok, {str(k): str(v) for k, v in result.failures.items()}
    return result, out
