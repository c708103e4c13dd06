"""Take the README's picture of ``safeprint serve``.

    python tools/serve_screenshot.py   # docs/serve.png

Serves a copy of the example primary school, opens it in Debian's Chromium
(through Playwright, as the browser test does), types a phone number with a
digit missing and saves the page once the mistake is flagged and the proof
drawn.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.paths import example_schools_dir  # noqa: E402
from generator.serve import address, serve  # noqa: E402
from tests.serve.test_serve_browser import ARGS  # noqa: E402

SCHOOL = "oakfield-primary"


def main() -> None:
    from playwright.sync_api import expect, sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("chromium is not installed (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copytree(example_schools_dir() / SCHOOL, root / SCHOOL)
        server, guard, _ = serve(root, "127.0.0.1", 0, None)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=chromium, args=ARGS
                )
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                page.goto(f"{address(guard)}school/{SCHOOL}/")
                page.locator("#pages img").first.wait_for(timeout=60_000)
                phone = page.locator('[name="team[1].phone"]')
                phone.fill("01632 96012")
                flagged = page.locator('[data-field="team[1].phone"] li.error')
                expect(flagged).to_have_count(1, timeout=30_000)
                page.locator(
                    '[data-field="team"] > legend'
                ).scroll_into_view_if_needed()
                page.evaluate(
                    "window.scrollBy(0, document.querySelector("
                    "'[data-field=\"team[1]\"]').getBoundingClientRect().top"
                    " - 140)"
                )
                page.wait_for_timeout(300)
                target = ROOT / "docs" / "serve.png"
                page.screenshot(path=str(target))
                browser.close()
        finally:
            server.shutdown()
    print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
