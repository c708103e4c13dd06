"""Proofs: page pictures and the proof sheet, checked in a real browser."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from PIL import Image

from generator.cli.commands import cli
from generator.paths import example_schools_dir
from generator.write.preview import INDEX
from tests.conftest import MINIMAL


@pytest.fixture(scope="module")
def proofs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A good school and a broken one, built with --preview."""
    root = tmp_path_factory.mktemp("proofs")
    schools = root / "schools"
    shutil.copytree(example_schools_dir() / "glenburn-primary", schools / "glenburn")
    (schools / "broken").mkdir()
    (schools / "broken" / "school.yaml").write_text(
        MINIMAL.replace('phone: "01632 960001"', 'phone: "12345"')
    )
    out = root / "output"
    result = CliRunner().invoke(
        cli,
        [
            "build",
            str(schools),
            "--out",
            str(out),
            "--preview",
            "--only",
            "staff-poster",
            "--only",
            "pupil-leaflet",
            "-q",
        ],
    )
    assert result.exit_code == 1  # the broken school fails, alone
    return out


def test_every_page_has_a_picture(proofs: Path) -> None:
    pictures = sorted((proofs / "glenburn-primary" / "preview").glob("*[0-9].png"))
    names = [p.name for p in pictures]
    assert names == [
        "pupil-leaflet-early-1.png",
        "pupil-leaflet-early-2.png",
        "pupil-leaflet-primary-1.png",
        "pupil-leaflet-primary-2.png",
        "staff-poster-a3-1.png",
    ]
    poster = Image.open(pictures[-1])
    assert poster.height > poster.width  # portrait, as printed
    low, high = poster.convert("L").getextrema()
    assert high - low > 100  # not a blank page


def test_the_proof_sheet_lists_pages_findings_and_failures(proofs: Path) -> None:
    html = (proofs / INDEX).read_text()
    assert 'href="glenburn-primary/staff-poster-a3.pdf"' in html
    assert 'src="glenburn-primary/preview/staff-poster-a3-1.png"' in html
    assert "Glenburn Primary School" in html
    assert "Not built" in html and "broken/school.yaml" in html
    assert "team[0].phone" in html  # the broken school's problem, where it is
    # How to print a leaflet, once per leaflet, and not for the poster.
    assert html.count("flipped on the short edge") == 2


def test_each_page_opens_large_enough_to_proofread(
    proofs: Path, tmp_path: Path
) -> None:
    """A thumbnail links to the page at 150 dpi or more, and a card (85 mm)
    to at least 1,000 px across: its smallest type can be read."""
    html = (proofs / INDEX).read_text()
    large = "glenburn-primary/preview/staff-poster-a3-1-large.png"
    assert f'<a href="{large}" title="Page 1, full size"><img src=' in html
    poster = Image.open(proofs / large)
    assert poster.width >= 297 / 25.4 * 150 - 1 and poster.height > poster.width
    source = tmp_path / "school" / "school.yaml"
    source.parent.mkdir()
    source.write_text(MINIMAL)
    out = tmp_path / "out"
    args = ["build", str(source), "--out", str(out), "--only", "staff-card"]
    result = CliRunner().invoke(cli, [*args, "--preview", "-q"])
    assert result.exit_code == 0, result.output
    card = out / "minimal" / "preview" / "staff-card-1-large.png"
    with pikepdf.open(out / "minimal" / "staff-card.pdf") as pdf:
        page = pdf.pages[0]
        trim = float(page.trimbox[2] - page.trimbox[0])
        width = float(page.mediabox[2] - page.mediabox[0])
    assert Image.open(card).width >= 1000 * width / trim - 1  # the card's paper
    assert 'href="minimal/preview/staff-card-2-large.png"' in (out / INDEX).read_text()


def test_pictures_are_made_again_only_for_changed_pdfs(proofs: Path) -> None:
    picture = proofs / "glenburn-primary" / "preview" / "staff-poster-a3-1.png"
    before = picture.stat().st_mtime_ns
    from generator.write.manifest import read_manifest
    from generator.write.preview import write_previews

    write_previews(proofs, read_manifest(proofs))
    assert picture.stat().st_mtime_ns == before


def test_the_proof_sheet_opens_in_a_real_browser(proofs: Path, tmp_path: Path) -> None:
    """Headless Chromium loads the sheet from disk, with no server: every page
    picture loads, and the screenshot shows them."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("chromium is not installed (.ci/run installs it)")
    page = (proofs / INDEX).as_uri()
    flags = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--allow-file-access-from-files",
        "--virtual-time-budget=10000",
    ]
    dom = subprocess.run(
        [*flags, "--dump-dom", page], capture_output=True, text=True, timeout=120
    ).stdout
    loaded = re.search(r'data-thumbnails="(\d+)/(\d+)"', dom)
    assert loaded, dom[:500]
    shown, total = map(int, loaded.groups())
    assert total == 5 and shown == total
    shot = tmp_path / "sheet.png"
    subprocess.run(
        [*flags, f"--screenshot={shot}", "--window-size=1200,1600", page],
        capture_output=True,
        timeout=120,
    )
    data = Image.open(shot).convert("RGB").tobytes()
    # The poster's purple band shows in the screenshot: the pictures were drawn.
    pixels = zip(data[0::3], data[1::3], data[2::3], strict=True)
    purple = sum(1 for r, g, b in pixels if r < 110 and b > 90 and g < 70)
    assert purple > 500
