"""A new product is a copy of a product's folder under a new id, with its own
name and words: it builds, checks and previews with no Python edited."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pdfplumber

import generator
from generator.paths import data_root
from tests.conftest import MINIMAL


def _installed_copy(site: Path) -> Path:
    """safeprint as a wheel installs it: the package with its data inside
    (``generator/_data``), here in ``site``. Returns its products folder."""
    package = Path(generator.__file__).parent
    shutil.copytree(
        package, site / "generator", ignore=shutil.ignore_patterns("__pycache__")
    )
    for folder in ("products", "templates", "styles", "content"):
        shutil.copytree(data_root() / folder, site / "generator" / "_data" / folder)
    return site / "generator" / "_data" / "products"


def _reworded(path: Path, *changes: tuple[str, str]) -> None:
    text = path.read_text("utf-8")
    for old, new in changes:
        assert old in text, (path, old)
        text = text.replace(old, new)
    path.write_text(text, "utf-8")


def test_a_copied_product_folder_is_a_new_product(tmp_path: Path) -> None:
    products = _installed_copy(tmp_path / "site")
    new = products / "staff-reminder"
    shutil.copytree(products / "staff-briefing", new)
    # Its own name, place among the products, ids and words.
    _reworded(
        new / "product.yaml",
        ("title: Learning from case reviews", "title: Tell us at once"),
        ("order: 3", "order: 6"),
        ("Staff briefing ({files})", "Staff reminder ({files})"),
    )
    _reworded(new / "template.html.j2", *[('"briefing.', '"reminder.')])
    for strings in (new / "strings").glob("*.yaml"):
        _reworded(strings, ("  briefing.", "  reminder."))
    _reworded(
        new / "strings" / "en.yaml",
        ("reminder.kicker: Staff briefing", "reminder.kicker: Staff reminder"),
    )
    school = tmp_path / "school" / "school.yaml"
    school.parent.mkdir()
    school.write_text(MINIMAL)

    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}

    def safeprint(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "generator.cli", *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    listed = safeprint("build", "--help")
    assert "staff-reminder" in listed.stdout, listed.stderr
    checked = safeprint("check", str(school))
    assert checked.returncode == 0, checked.stdout + checked.stderr

    out = tmp_path / "out"
    previewed = safeprint("preview", str(school), "--out", str(out), "--quiet")
    assert previewed.returncode == 0, previewed.stdout + previewed.stderr
    (made,) = out.glob("*/staff-reminder.pdf")
    with pdfplumber.open(made) as pdf:
        assert len(pdf.pages) == 2
        text = pdf.pages[0].extract_text()
    assert "Minimal School · Staff reminder" in text
    # Beside the products it was copied from, in the proof sheet too.
    assert (made.parent / "staff-briefing.pdf").is_file()
    index = (out / "index.html").read_text("utf-8")
    assert "staff-reminder" in index
