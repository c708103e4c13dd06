"""How much safeprint adds on top of WeasyPrint, measured in warm processes.

    python benchmarks/overhead.py [--rounds 7] [--json benchmarks/overhead.json]

The floor: WeasyPrint alone laying out and writing, once, the exact final HTML
of every document safeprint makes of the example schools (the HTML at the type
size safeprint settled on, with the same fonts, stylesheets and the sheet that
sets that size; one warm FontConfiguration). The card's office sheet has no
HTML of its own (it is the card's pages imposed), so the floor counts the card
once. Measured against it, ``generator.runner.build`` making the same documents from
the school files (load, validate, resolve, render, fit, check, write):

- first build: into an empty folder each round, so every type size is found
  afresh (what a new or changed school costs);
- forced rebuild: ``--force`` into the same folder, whose manifest records
  each document's fit (each is laid out once).

Each side runs in a process of its own, warmed up once; then they take turns,
one round each, so the machine's load falls on all of them alike. Each round
is timed on the wall clock and in CPU seconds of its process; the table gives
the fastest and the median round, and the machine's load before and after.
The ratios are what matter, not the seconds. A first build's layouts per
document are counted in a round of their own, untimed.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# This checkout's safeprint, whatever is installed.
ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

SIDES = {
    "floor": "WeasyPrint alone, final HTML once",
    "first": "safeprint, first build (empty folder)",
    "rebuild": "safeprint, forced rebuild (fits recorded)",
}
TARGETS = {"first": 1.35, "rebuild": 1.10}


def floor_inputs(folder: Path) -> list[tuple[Any, ...]]:
    """Each document's final HTML and restyle, as the build into ``folder``
    (whose manifest records every fit) made it."""

    from generator.options import Options
    from generator.render.html import scale_css
    from generator.resolve.pack import load_school
    from generator.runner.build import find_schools
    from generator.runner.fitted import fit_from
    from generator.runner.setting import _html
    from generator.runner.variants import variants
    from generator.write.digest import readable

    files = json.loads((folder / "manifest.json").read_text())["files"]
    fits = {entry["path"]: entry["fitted"] for entry in files}
    inputs = []
    for source in find_schools([]):
        pack = load_school(source)
        for variant in variants(pack, Options()):
            if variant.sheet is not None:
                continue  # the card's pages, imposed: no HTML of its own
            fitted = fit_from(pack, fits[f"{pack.slug}/{variant.filename}"])
            assert fitted is not None
            html = _html(pack, variant, list(fitted.members), fitted.compact)
            inputs.append(
                (
                    html(fitted.scale),
                    variant,
                    pack.base,
                    scale_css(variant, fitted.scale),
                    readable(pack),
                )
            )
    return inputs


def floor_round(inputs: list[tuple[Any, ...]], renderer: Any) -> None:
    """Each document's HTML laid out and written once. Fonts and stylesheets
    stay warm; images are decoded afresh for each school, as a build does."""
    from generator.write.finish import pdf_variant

    base = None
    for html, variant, folder, restyle, reads in inputs:
        if folder != base:
            renderer.forget_images()
            base = folder
        document = renderer.render(html, variant, folder, restyle, reads)
        document.write_pdf(pdf_variant=pdf_variant(variant), pdf_tags=True)


def build_round(folder: Path) -> None:
    from generator.options import Options
    from generator.runner.build import build

    result = build([], folder, Options(force=True), jobs=1)
    assert result.ok, result.failures


def count_layouts(folder: Path) -> dict[str, int]:
    """Layouts per document in a first build of the examples into ``folder``."""
    from fits import count_layouts

    from generator.runner.build import find_schools

    found = count_layouts(find_schools([]), folder)
    return {path: doc["layouts"] for path, doc in found.items()}


def _side(name: str, connection: Any) -> None:
    """One side, in a process of its own: warm up, then run a round each time
    it is asked, and send back its wall and CPU seconds."""
    from generator.layout.budget import batch_collection
    from generator.layout.engine import Renderer

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        build_round(folder / "recorded")  # imports, fonts, caches; the fits
        if name == "floor":
            inputs = floor_inputs(folder / "recorded")
            renderer = Renderer()
            with batch_collection():
                floor_round(inputs, renderer)

                def one_round(_: int) -> None:
                    floor_round(inputs, renderer)

        else:

            def one_round(i: int) -> None:
                target = folder / (f"first-{i}" if name == "first" else "recorded")
                build_round(target)

        connection.send(None)
        for i in iter(connection.recv, None):
            wall, cpu = time.perf_counter(), time.process_time()
            one_round(i)
            connection.send((time.perf_counter() - wall, time.process_time() - cpu))
        if name == "first":
            connection.send(count_layouts(folder / "counted"))


def measure(rounds: int) -> dict[str, Any]:
    """The three sides, interleaved for ``rounds`` rounds."""
    context = multiprocessing.get_context("spawn")
    sides = {}
    for name in SIDES:
        mine, theirs = context.Pipe()
        process = context.Process(target=_side, args=(name, theirs))
        process.start()
        sides[name] = (process, mine)
    for _, connection in sides.values():
        connection.recv()  # warmed up
    load_before = os.getloadavg()
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in SIDES}
    for i in range(rounds):
        for name, (_, connection) in sides.items():
            connection.send(i)  # one at a time: the sides never overlap
            times[name].append(connection.recv())
    load_after = os.getloadavg()
    for _, connection in sides.values():
        connection.send(None)
    layouts = sides["first"][1].recv()
    for process, _ in sides.values():
        process.join()
    return summarise(times, layouts, rounds, load_before, load_after)


def summarise(
    times: dict[str, list[tuple[float, float]]],
    layouts: dict[str, int],
    rounds: int,
    load_before: tuple[float, ...],
    load_after: tuple[float, ...],
) -> dict[str, Any]:
    stats: dict[str, dict[str, float]] = {}
    for name, pairs in times.items():
        wall, cpu = [w for w, _ in pairs], [c for _, c in pairs]
        stats[name] = {
            "wall_min_s": min(wall),
            "wall_median_s": statistics.median(wall),
            "cpu_min_s": min(cpu),
            "cpu_median_s": statistics.median(cpu),
        }
    floor = stats["floor"]
    ratios = {
        name: {key: value / floor[key] for key, value in row.items()}
        for name, row in stats.items()
        if name != "floor"
    }
    return {
        "documents": len(layouts),
        "rounds": rounds,
        "seconds": stats,
        "ratios": ratios,
        "targets": TARGETS,
        "layouts": sum(layouts.values()),
        "layouts_by_document": layouts,
        "load_average_before": load_before,
        "load_average_after": load_after,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
    }


def report(result: dict[str, Any]) -> str:
    """The table a person reads."""
    head = f"{'':44}{'CPU min':>9}{'median':>8}{'wall min':>10}{'median':>8}"
    lines = [head]
    for name, label in SIDES.items():
        row = result["seconds"][name]
        lines.append(
            f"{label:44}{row['cpu_min_s']:9.2f}{row['cpu_median_s']:8.2f}"
            f"{row['wall_min_s']:10.2f}{row['wall_median_s']:8.2f}"
        )
    for name, ratio in result["ratios"].items():
        lines.append(
            f"{'  ratio to the floor, ' + name:44}{ratio['cpu_min_s']:9.2f}"
            f"{ratio['cpu_median_s']:8.2f}{ratio['wall_min_s']:10.2f}"
            f"{ratio['wall_median_s']:8.2f}   target <= {TARGETS[name]:.2f}"
        )
    before = ", ".join(f"{x:.2f}" for x in result["load_average_before"])
    after = ", ".join(f"{x:.2f}" for x in result["load_average_after"])
    lines.append(
        f"{result['documents']} documents, {result['rounds']} rounds each side, "
        f"taking turns; seconds per round. A first build lays out "
        f"{result['layouts']} times. Load average (1, 5, 15 min) before "
        f"{before}, after {after}; {result['machine']}"
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    result = measure(args.rounds)
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
