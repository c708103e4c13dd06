"""How much safeprint adds on top of WeasyPrint, measured in one warm process.

    python benchmarks/overhead.py [--n 10] [--json benchmarks/overhead.json]

Baseline: WeasyPrint rendering the final HTML of each example poster (the HTML
safeprint settled on, with the same fonts and stylesheets, one FontConfiguration)
straight to PDF. Measured: ``generator.build`` making the same posters from the
school files: load, validate, resolve, render, fit, check, write. Both run N times
after one warm-up; the ratio is what matters, not the seconds.
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
from generator.products import STAFF_POSTER, Variant
from generator.qr import qr_data_uri
from generator.render import render_html
from generator.resolve import load_school


def baseline_inputs(scales: dict[str, float]) -> list[tuple[str, Variant, Path]]:
    """The final HTML of each example poster, as safeprint last rendered it."""
    inputs = []
    for source in find_schools([]):
        pack = load_school(source)
        variant = Variant(STAFF_POSTER, "a3")
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


def time_safeprint(n: int) -> tuple[float, dict[str, float]]:
    scales: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        for _ in range(n):
            result = build(
                [],
                Path(out),
                Options(only=("staff-poster",), sizes=("a3",), force=True),
            )
            assert result.ok, result.failures
        elapsed = time.perf_counter() - start
    for entry in result.entries:
        scales[entry.path.split("/")[0]] = entry.type_scale
    return elapsed, scales


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()

    _, scales = time_safeprint(1)  # warm-up: imports, fonts, caches
    inputs = baseline_inputs(scales)
    time_weasyprint(inputs, 1)
    safeprint_s, _ = time_safeprint(args.n)
    weasyprint_s = time_weasyprint(inputs, args.n)
    documents = args.n * len(inputs)
    rows = {
        "documents": documents,
        "weasyprint_s_per_doc": weasyprint_s / documents,
        "safeprint_s_per_doc": safeprint_s / documents,
        "ratio": safeprint_s / weasyprint_s,
        "machine": f"{platform.machine()}, {platform.python_version()}",
    }
    print(f"{'':24}{'s/doc':>8}")
    print(f"{'WeasyPrint (baseline)':24}{rows['weasyprint_s_per_doc']:8.3f}")
    print(f"{'safeprint build':24}{rows['safeprint_s_per_doc']:8.3f}")
    print(f"ratio safeprint / WeasyPrint: {rows['ratio']:.2f} over {documents} posters")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
