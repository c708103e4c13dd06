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

After one warm-up, the three take turns for N rounds, and each keeps its fastest
round: what the work costs, without the moments the machine was busy elsewhere.
The ratios are what matter, not the seconds.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import platform
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from generator.budget import batch_collection
from generator.build import Options, build, find_schools
from generator.digest import readable
from generator.layout import Renderer
from generator.make import variants
from generator.products import Variant
from generator.qr import qr_data_uri
from generator.render import render_html
from generator.resolve import load_school

SIDES = {
    "weasyprint": "WeasyPrint (baseline)",
    "weasyprint-tuned": "WeasyPrint, collecting garbage as safeprint does",
    "cold": "safeprint, fit searched (cold)",
    "warm": "safeprint, fit recorded (warm)",
}


Inputs = list[tuple[str, Variant, Path, tuple[Path, ...]]]


def baseline_inputs(scales: dict[str, float]) -> Inputs:
    """The final HTML of each example poster, as safeprint last rendered it."""
    inputs = []
    options = Options(only=("staff-poster",), sizes=("a3",))
    for source in find_schools([]):
        pack = load_school(source)
        for variant in variants(pack, options):  # bilingual where the school is
            extra = {"qr": qr_data_uri(pack.school.school.website or "")}
            html = render_html(pack, variant, scale=scales[pack.slug], extra=extra)
            inputs.append((html, variant, pack.base, readable(pack)))
    return inputs


def time_weasyprint(inputs: Inputs, renderer: Renderer) -> float:
    """One round: each poster's HTML to PDF. The fonts and stylesheets stay warm
    from round to round; the images are decoded afresh each round, as each
    school's are once in a real build (safeprint empties that cache after each
    school, so memory stays flat)."""
    renderer.forget_images()
    start = time.perf_counter()
    for html, variant, base, reads in inputs:
        renderer.render(html, variant, base, "", reads).write_pdf(
            pdf_variant="pdf/ua-1"
        )
    return time.perf_counter() - start


def time_safeprint(folder: Path) -> tuple[float, dict[str, float]]:
    """One forced build of the posters into ``folder``, and each school's scale."""
    options = Options(only=("staff-poster",), sizes=("a3",), force=True)
    start = time.perf_counter()
    result = build([], folder, options, jobs=1)
    elapsed = time.perf_counter() - start
    assert result.ok, result.failures
    scales = {
        entry.path.split("/")[0]: entry.fitted["scale"] for entry in result.entries
    }
    return elapsed, scales


def _side(name: str, connection: Any) -> None:
    """One side of the comparison, in a process of its own (so that neither
    side's garbage collection or caches touch the other's): warm up, then run
    a round each time it is asked, and send back its time."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        # Imports, fonts, caches; and the folder whose manifest records each
        # poster's fit for the warm rounds (and tells the baseline the scales).
        _, scales = time_safeprint(folder / "warm")
        if name.startswith("weasyprint"):
            inputs = baseline_inputs(scales)
            renderer = Renderer()
            tuned = batch_collection if name.endswith("tuned") else nullcontext
            with tuned():
                time_weasyprint(inputs, renderer)
                connection.send(len(inputs))
                for _ in iter(connection.recv, None):
                    connection.send(time_weasyprint(inputs, renderer))
            return
        connection.send(len(scales))
        for i in iter(connection.recv, None):
            target = folder / (f"cold-{i}" if name == "cold" else "warm")
            connection.send(time_safeprint(target)[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()

    context = multiprocessing.get_context("spawn")
    sides = {}
    for name in SIDES:
        mine, theirs = context.Pipe()
        process = context.Process(target=_side, args=(name, theirs))
        process.start()
        sides[name] = (process, mine)
    counts = {name: connection.recv() for name, (_, connection) in sides.items()}
    documents = counts["weasyprint"]
    assert set(counts.values()) == {documents}, counts
    rounds: dict[str, list[float]] = {name: [] for name in SIDES}
    for i in range(args.n):
        for name, (_, connection) in sides.items():
            connection.send(i)  # one at a time: the sides never overlap
            rounds[name].append(connection.recv())
    for process, connection in sides.values():
        connection.send(None)
        process.join()
    best = {name: min(times) / documents for name, times in rounds.items()}
    base = best["weasyprint"]
    rows = {
        "documents_per_round": documents,
        "rounds": args.n,
        **{f"{name}_s_per_doc": best[name] for name in SIDES},
        **{f"{name}_ratio": best[name] / base for name in SIDES},
        "machine": f"{platform.machine()}, {platform.python_version()}",
    }
    print(f"{'':46}{'s/doc':>8}{'ratio':>8}")
    for name in SIDES:
        print(f"{SIDES[name]:46}{best[name]:8.3f}{best[name] / base:8.2f}")
    print(
        f"fastest of {args.n} rounds of {documents} posters, each side in a "
        "process of its own; target ratio <= 1.10"
    )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
