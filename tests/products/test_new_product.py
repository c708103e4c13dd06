"""A new product is a copy of a product's folder under a new id, with its own
name and words: it builds, checks and previews with no Python edited."""

from __future__ import annotations

import os
import re
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


def test_a_copied_product_does_what_its_original_declares(tmp_path: Path) -> None:
    """A copy of the card gets its A4 sheet of eight, a copy of the staff poster
    the sizes the school file chose for the poster, and a copy of the leaflet
    its panel checks: each declared in the product.yaml copied with it."""
    products = _installed_copy(tmp_path / "site")
    copies = {"staff-card": "staff-pass", "staff-poster": "staff-wall"}
    copies["pupil-leaflet"] = "pupil-flyer"
    for order, (original, copy) in enumerate(copies.items(), start=7):
        shutil.copytree(products / original, products / copy)
        # The copy says its original's words, from the original's strings/.
        shutil.rmtree(products / copy / "strings")
        text = (products / copy / "product.yaml").read_text("utf-8")
        text = re.sub(r"^order: \d+$", f"order: {order}", text, flags=re.M)
        (products / copy / "product.yaml").write_text(text, "utf-8")
    # A flyer whose panels show nothing, which the leaflet's checks refuse.
    with (products / "pupil-flyer" / "style.css").open("a", encoding="utf-8") as css:
        css.write("\n.panel > * { display: none; }\n")
    school = tmp_path / "school" / "school.yaml"
    school.parent.mkdir()
    school.write_text(MINIMAL + "products:\n  staff-poster: {sizes: [a4]}\n")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}

    def build(*only: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "generator.cli", "build", str(school)]
            + ["--out", str(tmp_path / "out"), "--quiet"]
            + [arg for product in only for arg in ("--only", product)],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    built = build("staff-pass", "staff-wall")
    assert built.returncode == 0, built.stdout + built.stderr
    folder = tmp_path / "out" / "minimal"
    assert sorted(p.name for p in folder.glob("*.pdf")) == [
        "staff-pass-sheet-a4.pdf",
        "staff-pass.pdf",
        "staff-wall-a4.pdf",
    ]
    with pdfplumber.open(folder / "staff-pass-sheet-a4.pdf") as pdf:
        assert [round(pdf.pages[0].width), round(pdf.pages[0].height)] == [595, 842]

    refused = build("pupil-flyer")
    assert refused.returncode == 1, refused.stdout + refused.stderr
    said = refused.stdout + refused.stderr
    assert "pupil-flyer-primary.pdf, page 2: the adults panel is 100% empty" in said
