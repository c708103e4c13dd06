"""safeprint serve in a real browser (Debian's Chromium, driven by Playwright):
a person starts a school, fills it in, sees a mistake beside its field, fixes
it, watches the proof change, saves and downloads the poster."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from PIL import Image

from generator.paths import example_schools_dir
from generator.serve import address, serve

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (.ci/run installs it)")
    playwright = pytest.importorskip("playwright.sync_api")
    playwright.expect.set_options(timeout=30_000)
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    root = tmp_path / "schools"
    root.mkdir()
    server, guard, _ = serve(root, "127.0.0.1", 0, None)
    try:
        yield address(guard), root
    finally:
        server.shutdown()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda e: errors.append(str(e)))
    yield opened
    context.close()
    assert not errors, errors


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def field(page: Any, name: str) -> Any:
    return page.locator(f'[data-field="{name}"]')


def test_a_person_fills_in_a_new_school_and_downloads_its_poster(
    page: Any, site: tuple[str, Path], tmp_path: Path
) -> None:
    url, root = site
    page.goto(url)
    page.get_by_label("Start a new school").fill("Hill Top Primary")
    page.get_by_role("button", name="Start").click()
    page.wait_for_url("**/school/hill-top-primary/")

    fill = {
        "school.headteacher.name": "Mrs Jo Brown",
        "school.headteacher.phone": "01632 960100",
        "school.chair_of_governors.name": "Mr Sam Hill",
        "school.chair_of_governors.email": "chair@hilltop.example.sch.uk",
        "team[0].name": "Ms Rita Shah",
        "team[0].where": "Office 1",
        "local_contacts.children_services.name": "Anytown Front Door",
        "local_contacts.children_services.phone": "01632 960000",
        "local_contacts.lado.phone": "01632 960555",
        "trusted_adults[0].name": "Mr Dev Patel",
        "review.reviewed_on": "2026-09-01",
        "review.review_by": "2027-09-01",
    }
    for name, value in fill.items():
        page.locator(f'[name="{name}"]').fill(value)
    # The form starts with a deputy to fill in: this school has none yet.
    field(page, "team[1]").get_by_role("button", name="Remove").click()

    photo = tmp_path / "shah.png"
    Image.new("RGB", (300, 200), "#8a5a44").save(photo)
    field(page, "team[0].photo").locator("input[type=file]").set_input_files(photo)
    # The photo is placed in its circle: zoomed in, dragged, then kept.
    page.locator("#crop-zoom").fill("2")
    frame = page.locator("#crop-frame").bounding_box()
    middle = (frame["x"] + frame["width"] / 2, frame["y"] + frame["height"] / 2)
    page.mouse.move(*middle)
    page.mouse.down()
    page.mouse.move(middle[0] + 60, middle[1], steps=4)
    page.mouse.up()
    page.get_by_role("button", name="Use this photo").click()
    expect(page.locator('[name="team[0].photo"]')).to_have_value("assets/shah.png")
    with Image.open(root / "hill-top-primary" / "assets" / "shah.png") as kept:
        assert kept.size == (100, 100)  # the square the circle showed

    # A number too short to dial: flagged beside its field, in check's words.
    page.locator('[name="team[0].phone"]').fill("01632 96")
    flagged = field(page, "team[0].phone").locator(".problems li.error")
    expect(flagged).to_have_count(1)
    expect(flagged).to_contain_text('"01632 96" is not a UK phone number')

    page.locator('[name="team[0].phone"]').fill("01632 960123")
    flagged.wait_for(state="detached")
    expect(page.locator("#school-form .problems li.error")).to_have_count(0)
    proof = page.locator("#pages img").first
    proof.wait_for(timeout=30_000)
    drawn = proof.get_attribute("src")

    page.locator('[name="team[0].where"]').fill("Office 1, by the hall")
    page.wait_for_function(
        "src => { const i = document.querySelector('#pages img');"
        " return i && i.src !== src; }",
        arg=drawn,
        timeout=30_000,
    )

    page.get_by_role("button", name="Save").click()
    page.locator("#status", has_text="Saved").wait_for()
    saved = (root / "hill-top-primary" / "school.yaml").read_text()
    assert 'phone: "01632 960123"' in saved
    assert "Office 1, by the hall" in saved
    assert "# the school's full name" in saved  # the scaffold's comments stay
    assert "    role: deputy-dsl" not in saved

    with page.expect_download(timeout=60_000) as download:
        page.locator("#download-pdf").click()
    pdf = Path(download.value.path()).read_bytes()
    assert download.value.suggested_filename == "staff-poster-a3.pdf"
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        text = document.pages[0].extract_text()
    assert "01632 960123" in text
    assert "Ms Rita Shah" in text


def test_a_school_in_scotland_writes_a_role_per_language(
    page: Any, site: tuple[str, Path]
) -> None:
    url, root = site
    shutil.copytree(example_schools_dir() / "glenburn-primary", root / "glenburn")
    page.goto(f"{url}school/glenburn/")
    role = page.locator('[name="team[0].role"]')
    expect(role.locator("option:checked")).to_have_text("Child Protection Coordinator")
    page.locator('[name="languages"]').fill("en, pl")
    field(page, "trusted_adults[0].role").get_by_role(
        "button", name="Write it per language"
    ).click()
    page.locator('[name="trusted_adults[0].role.pl"]').fill("Wychowawczyni")
    # The lead moves below the deputy: the rows are renumbered as they stand.
    field(page, "team[0]").get_by_role("button", name="Move down").click()
    first = page.locator('[name="team[0].name"]')
    expect(first).to_have_value("Ms Eilidh Grant")
    expect(first).to_have_attribute("aria-describedby", "h-team[0].name")
    page.get_by_role("button", name="Save").click()
    page.locator("#status", has_text="Saved").wait_for()
    saved = (root / "glenburn" / "school.yaml").read_text()
    assert saved.index("Ms Eilidh Grant") < saved.index("Mr Callum Fraser")
    # Saved, each row is where the file now has it (for the next save).
    expect(page.locator('[name="team[0]._from"]')).to_have_value("0")
    assert "{name: Mrs Campbell, role: {en: Class teacher, pl: Wychowawczyni}}" in saved
    assert "languages: [en, pl]" in saved
    assert "# The child protection team" in saved
