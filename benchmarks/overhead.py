"""How much safeprint adds on top of WeasyPrint, measured in one warm process.

    python benchmarks/overhead.py [--n 10] [--json benchmarks/overhead.json]

Baseline: WeasyPrint rendering the final HTML of each example poster (the HTML
safeprint settled on, with the same fonts and stylesheets, one FontConfiguration)
straight to PDF. Measured: ``generator.build --force`` making the same posters from
the school files (load, validate, resolve, render, fit, check, write), twice over:

- cold: into an empty folder each time, so each poster's type size is searched
  for (a poster that does not fit at its design size takes 3 or 4 layouts);
- warm: into the same folder, whose manifest records each poster's fit for the
  same inputs, so each is laid out once (what a forced rebuild does).

Each runs N times after one warm-up; the ratios are what matter, not the seconds.
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from pathlib import Path

from generator.build import Options, build, find_schools
from generator.layout import Renderer
from generator.make import variants
from generator.products import Variant
from generator.qr import qr_data_uri
from generator.render import render_html
from generator.resolve import load_school


def baseline_inputs(scales: dict[str, float]) -> list[tuple[str, Variant, Path]]:
    """The final HTML of each example poster, as safeprint last rendered it."""
    inputs = []
    options = Options(only=("staff-poster",), sizes=("a3",))
    for source in find_schools([]):
        pack = load_school(source)
        for variant in variants(pack, options):  # bilingual where the school is
            extra = {"qr": qr_data_uri(pack.school.school.website or "")}
            html = render_html(pack, variant, scale=scales[pack.slug], extra=extra)
            inputs.append((html, variant, pack.base))
    return inputs


def time_weasyprint(inputs: list[tuple[str, Variant, Path]], n: int) -> float:
    renderer = Renderer()
    start = time.perf_counter()
    for _ in range(n):
        for html, variant, base in inputs:
            renderer.render(html, variant, base).write_pdf(pdf_variant="pdf/ua-1")
    return time.perf_counter() - start


def time_safeprint(n: int, warm: bool) -> tuple[float, dict[str, float]]:
    scales: dict[str, float] = {}
    options = Options(only=("staff-poster",), sizes=("a3",), force=True)
    with tempfile.TemporaryDirectory() as folder:
        if warm:
            build([], Path(folder) / "0", options, jobs=1)
        elapsed = 0.0
        for i in range(n):
            out = Path(folder) / ("0" if warm else str(i + 1))
            start = time.perf_counter()
            result = build([], out, options, jobs=1)
            elapsed += time.perf_counter() - start
            assert result.ok, result.failures
    for entry in result.entries:
        scales[entry.path.split("/")[0]] = entry.fitted["scale"]
    return elapsed, scales


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()

    _, scales = time_safeprint(1, warm=False)  # warm-up: imports, fonts, caches
    inputs = baseline_inputs(scales)
    time_weasyprint(inputs, 1)
    cold_s, _ = time_safeprint(args.n, warm=False)
    warm_s, _ = time_safeprint(args.n, warm=True)
    weasyprint_s = time_weasyprint(inputs, args.n)
    documents = args.n * len(inputs)
    rows = {
        "documents": documents,
        "weasyprint_s_per_doc": weasyprint_s / documents,
        "cold_s_per_doc": cold_s / documents,
        "warm_s_per_doc": warm_s / documents,
        "cold_ratio": cold_s / weasyprint_s,
        "warm_ratio": warm_s / weasyprint_s,
        "machine": f"{platform.machine()}, {platform.python_version()}",
    }
    print(f"{'':34}{'s/doc':>8}{'ratio':>8}")
    print(f"{'WeasyPrint (baseline)':34}{rows['weasyprint_s_per_doc']:8.3f}{1:8.2f}")
    for name, key in (
        ("safeprint, fit searched (cold)", "cold"),
        ("safeprint, fit recorded (warm)", "warm"),
    ):
        print(f"{name:34}{rows[key + '_s_per_doc']:8.3f}{rows[key + '_ratio']:8.2f}")
    print(f"over {documents} posters each; target ratio <= 1.10")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
