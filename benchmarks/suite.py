"""safeprint's benchmarks, each against a baseline measured in the same run.

    python benchmarks/suite.py [--quick] [--schools 200] [--json results.json]
    python benchmarks/suite.py --report results.json

``--quick`` (about ten minutes on two cores) runs every benchmark smaller: 24
schools, 3 rounds of the overhead, 200 documents for memory. Times are given
on the wall clock and in CPU seconds (of the process, or of the processes it
started), fastest and median where there are rounds, with the machine's load
average before and after each benchmark: a busy machine shows as wall time
well above CPU time.

1. parallel: N generated schools (200 by default: 2,500 documents, about 22
   minutes in all on two cores; --schools 24 for a quicker look), every
   product, --jobs 1 vs all cores (target: speed-up ≥ 0.9 × cores).
2. incremental: a rebuild with nothing changed vs the full build (target ≤ 2 %);
   then one school changed: only its documents are laid out again.
3. naive: one `weasyprint` process per document, one after another, on the
   final HTML and stylesheets safeprint lays out (each document's HTML at the
   type size safeprint settled on, with the sheet that sets it) and to the same
   PDF/UA-1 output, vs safeprint building the same documents (target:
   safeprint ≥ 8 × faster), with one job and with all cores; each cold (every
   type size searched for) and warm (--force with the fits the first build
   recorded). The card's office sheet has no HTML of its own: the naive way
   makes the card only.
4. start-up: `safeprint --help` and `safeprint check` of one school (targets
   0.3 s and 0.5 s, the whole process, its bytecode written as an installed
   package has it), beside Python's own start doing nothing.
6. overhead: benchmarks/overhead.py (first builds and forced rebuilds of the
   examples against WeasyPrint laying out their final HTML once).
7. fits: benchmarks/fits.py (layouts per document of a first build, over
   made-up schools).
5. memory: peak RSS of a build, and of its workers; and one worker's RSS over
   --documents documents: after the first 100 (warm) and at the end.

The results (JSON) end with a summary to copy into the README: each target
beside the figure the work started from and this run's (benchmarks/summary.py).
``--report FILE`` prints the summary of results saved earlier with ``--json``,
running nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

# This checkout's safeprint, here and in the processes started, whatever is
# installed.
ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}

from summary import summary  # noqa: E402

from generator.paths import example_schools_dir  # noqa: E402

ROUNDS = 3
BENCHMARKS = (
    "parallel",
    "incremental",
    "naive",
    "startup",
    "memory_growth",
    "overhead",
    "fits",
)


def make_schools(folder: Path, count: int) -> list[Path]:
    """``count`` variations of the example schools, each with its own name."""
    examples = sorted(example_schools_dir().glob("*/school.yaml"))
    made = []
    for i in range(count):
        source = examples[i % len(examples)]
        target = folder / f"school-{i:03d}"
        shutil.copytree(source.parent, target)
        text = (target / "school.yaml").read_text()
        name = text.split("name: ", 1)[1].split("\n", 1)[0]
        (target / "school.yaml").write_text(
            text.replace(f"name: {name}", f"name: {name} {i:03d}", 1)
        )
        made.append(target / "school.yaml")
    return made


def run(*args: str) -> float:
    """Wall seconds of a command (its CPU seconds: :func:`run_cpu`)."""
    return run_cpu(*args)[0]


def run_cpu(*args: str, env: dict[str, str] = ENV) -> tuple[float, float]:
    """Wall and CPU seconds of a command and the processes it starts."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def spread(pairs: list[tuple[float, float]]) -> dict[str, float]:
    """Fastest and median of rounds, on the wall clock and in CPU."""
    wall, cpu = [w for w, _ in pairs], [c for _, c in pairs]
    return {
        "wall_min_s": min(wall),
        "wall_median_s": statistics.median(wall),
        "cpu_min_s": min(cpu),
        "cpu_median_s": statistics.median(cpu),
    }


def safeprint(*args: str) -> list[str]:
    return [sys.executable, "-m", "generator.cli", *args]


def parallel(schools: Path, out: Path) -> dict:
    """Both builds into empty folders: every type size searched for."""
    cores = os.cpu_count() or 1

    def timed(jobs: int) -> tuple[float, float]:
        folder = out / f"jobs-{jobs}"
        command = safeprint("build", "-q", "--jobs", str(jobs), str(schools))
        return run_cpu(*command, "--out", str(folder))

    (one, one_cpu), (many, many_cpu) = timed(1), timed(cores)
    manifest = out / f"jobs-{cores}" / "manifest.json"
    documents = len(json.loads(manifest.read_text())["files"])
    return {
        "documents": documents,
        "jobs_1_s": one,
        "jobs_1_cpu_s": one_cpu,
        f"jobs_{cores}_s": many,
        f"jobs_{cores}_cpu_s": many_cpu,
        "speedup": one / many,
        "target_speedup": 0.9 * cores,
    }


def incremental(schools: Path, out: Path) -> dict:
    full = run(*safeprint("build", "-q", "--force", str(schools), "--out", str(out)))
    # The best of three: start-up is most of it, and the machine's noise with it.
    unchanged = min(
        run(*safeprint("build", "-q", str(schools), "--out", str(out)))
        for _ in range(3)
    )
    first = sorted(schools.glob("*/school.yaml"))[0]
    first.write_text(first.read_text() + "\n")  # changed bytes, same meaning
    one_changed = run(*safeprint("build", "-q", str(schools), "--out", str(out)))
    files = json.loads((out / "manifest.json").read_text())["files"]
    rebuilt = sorted({f["path"].split("/")[0] for f in files if not f["skipped"]})
    return {
        "full_s": full,
        "unchanged_s": unchanged,
        "unchanged_ratio": unchanged / full,
        "target_ratio": 0.02,
        "one_changed_s": one_changed,
        "schools_rebuilt": rebuilt,
    }


def naive(schools: Path, work: Path, count: int, rounds: int) -> dict:
    """Every document's final HTML through a fresh `weasyprint` process, for
    the first ``count`` schools (by default one of each example: every
    product, language and layout), against safeprint building them."""
    sources = sorted(schools.glob("*/school.yaml"))[:count]
    # safeprint's builds take turns, and each keeps its fastest and median
    # round: the machine's noise would otherwise decide the ratio.
    timings: dict[str, list[tuple[float, float]]] = {}
    for round_ in range(rounds):
        for jobs in (1, os.cpu_count() or 1):
            command = safeprint(
                "build",
                "-q",
                "--force",
                "--jobs",
                str(jobs),
                *map(str, sources),
                "--out",
                str(work / f"out-{jobs}-{round_}"),
            )
            for kind in ("cold", "warm"):  # sizes searched, then fits recorded
                key = f"safeprint_jobs_{jobs}_{kind}"
                timings.setdefault(key, []).append(run_cpu(*command))
    pages = naive_inputs(sources, work / "out-1-0", work / "naive")
    weasyprint = shutil.which("weasyprint") or "weasyprint"
    naive_runs = []
    for _ in range(rounds):
        started = []
        for html, base, sheets in pages:
            # The same output as safeprint's: tagged PDF/UA-1.
            command = [weasyprint, "-u", str(base) + "/", "--pdf-variant", "pdf/ua-1"]
            command += [f"--stylesheet={sheet}" for sheet in sheets]
            command += [str(html), str(html.with_suffix(".pdf"))]
            started.append(run_cpu(*command))
        naive_runs.append((sum(w for w, _ in started), sum(c for _, c in started)))
    naive_s = spread(naive_runs)
    return {
        "documents": len(pages),
        "baseline": "a weasyprint process per document, on its final HTML "
        "(at the type size safeprint settled on) with the fonts, base and "
        "product stylesheets and the sheet that sets the type size; PDF/UA-1",
        "naive": naive_s,
        **{key: spread(pairs) for key, pairs in timings.items()},
        **{
            key.replace("safeprint_", "times_faster_"): naive_s["wall_min_s"]
            / spread(pairs)["wall_min_s"]
            for key, pairs in timings.items()
        },
        "target": 8.0,
    }


def naive_inputs(
    sources: list[Path], built: Path, folder: Path
) -> list[tuple[Path, Path, list[Path]]]:
    """Each document's final HTML and stylesheets, as files for `weasyprint`:
    the HTML at the fit the build into ``built`` recorded."""
    from generator.paths import styles_dir
    from generator.products import PRODUCTS
    from generator.render import fonts
    from generator.render.html import scale_css
    from generator.runner.document import Options
    from generator.runner.fitted import fit_from
    from generator.runner.school import prepare
    from generator.runner.setting import _html
    from generator.runner.variants import variants

    folder.mkdir(parents=True, exist_ok=True)
    fits = {
        entry["path"]: entry["fitted"]
        for entry in json.loads((built / "manifest.json").read_text())["files"]
    }
    font_sheet = folder / "fonts.css"
    font_sheet.write_text(fonts.font_face_css())
    # A product's sheet links its images from the shared styles folder, as
    # safeprint reads it: a copy beside that folder's images does the same.
    (folder / "icons").symlink_to(styles_dir() / "icons", target_is_directory=True)
    product_sheets = {}
    for product in PRODUCTS.values():
        product_sheets[product.id] = folder / f"{product.id}.css"
        product_sheets[product.id].write_text(product.stylesheet.read_text())
    pages = []
    for source in sources:
        pack, _ = prepare(source)
        for variant in variants(pack, Options(force=True)):
            if variant.sheet is not None:
                continue  # the card's pages imposed: no HTML of its own
            fitted = fit_from(pack, fits[f"{pack.slug}/{variant.filename}"])
            assert fitted is not None
            make = _html(pack, variant, list(fitted.members), fitted.compact)
            html = folder / f"{len(pages):03d}.html"
            html.write_text(make(fitted.scale))
            scale = html.with_suffix(".css")
            scale.write_text(scale_css(variant, fitted.scale))
            sheets = [
                font_sheet,
                styles_dir() / "base.css",
                product_sheets[variant.product.id],
                scale,
            ]
            pages.append((html, pack.base, sheets))
    return pages


def startup(school: Path, rounds: int) -> dict:
    """The whole process, from the command line to its exit, as a school runs
    it: with the bytecode of its modules written by the first run (as an
    installed package has it), whatever this shell says. Python's own start,
    doing nothing, is measured in the same rounds: the floor under both."""
    env = {k: v for k, v in ENV.items() if k != "PYTHONDONTWRITEBYTECODE"}
    commands = {
        "help": safeprint("--help"),
        "check": safeprint("check", str(school)),
        "python": [sys.executable, "-c", "pass"],
    }
    for command in commands.values():
        run_cpu(*command, env=env)
    pairs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, command in commands.items():
            pairs[name].append(run_cpu(*command, env=env))
    return {
        **{name: spread(found) for name, found in pairs.items()},
        "targets_s": {"help": 0.3, "check": 0.5},
    }


def memory_growth(schools: Path, documents: int) -> dict:
    """One worker's resident memory over many documents: one warm renderer, the
    schools built again and again (forced), RSS read after each school, with
    garbage collected as a build does."""
    from generator.layout.budget import batch_collection, rss_mb
    from generator.layout.engine import Renderer
    from generator.runner.document import Options
    from generator.runner.school import make_school

    sources = sorted(schools.glob("*/school.yaml"))
    renderer = Renderer()
    samples: list[tuple[int, float]] = []
    done = 0
    with batch_collection():
        while done < documents:
            for source in sources:
                outcome = make_school(source, Options(force=True), renderer)
                done += len(outcome.built)
                samples.append((done, rss_mb()))
                if done >= documents:
                    break
    # Warm-up (fonts, templates, stylesheets) is over by the hundredth document:
    # growth is what comes after it.
    after_100 = next(mb for n, mb in samples if n >= 100)
    at_end = samples[-1][1]
    hundreds = {}
    for n, mb in samples:
        hundreds.setdefault(n // 100 * 100, mb)
    return {
        "documents": done,
        "rss_mb_by_hundred": {str(n): round(mb, 1) for n, mb in hundreds.items()},
        "rss_mb_after_100": after_100,
        "rss_mb_at_end": at_end,
        "growth_mb_per_100_documents": (at_end - after_100) / (done - 100) * 100,
        "peak_rss_mb": max(mb for _, mb in samples),
    }


def memory() -> dict:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"peak_rss_mb_this_process": own, "peak_rss_mb_largest_child": workers}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="everything, smaller")
    parser.add_argument("--schools", type=int, default=None)
    parser.add_argument("--documents", type=int, default=None, help="memory growth")
    parser.add_argument(
        "--naive-schools", type=int, default=4, help="schools for the naive benchmark"
    )
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument(
        "--report",
        type=Path,
        default=None,
        metavar="FILE",
        help="print the summary of results saved with --json; run nothing",
    )
    parser.add_argument(
        "--only",
        choices=BENCHMARKS,
        action="append",
        help="run only this benchmark (repeatable)",
    )
    args = parser.parse_args()
    if args.report:
        print(summary(saved(args.report)))
        return
    count = args.schools or (24 if args.quick else 200)
    documents = args.documents or (200 if args.quick else 1000)
    rounds = 3 if args.quick else 7
    wanted = set(args.only or BENCHMARKS)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sources = make_schools(work / "schools", count)
        schools = work / "schools"
        runs = {
            "parallel": lambda: parallel(schools, work / "out-parallel"),
            "incremental": lambda: incremental(schools, work / "out-incremental"),
            "naive": lambda: naive(schools, work, args.naive_schools, ROUNDS),
            "startup": lambda: startup(sources[0], 7),
            "memory_growth": lambda: memory_growth(schools, documents),
            "overhead": lambda: overhead_measure(rounds),
            "fits": lambda: fits_measure(60, 10),
        }
        results: dict = {
            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}",
            "quick": args.quick,
        }
        for name, run_one in runs.items():
            if name in wanted:
                before = os.getloadavg()
                results[name] = run_one()
                results[name]["load_average"] = {
                    "before": before,
                    "after": os.getloadavg(),
                }
                print(f"{name}: {json.dumps(results[name])}", file=sys.stderr)
        results["memory"] = memory()
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\n{summary(results)}")


def saved(path: Path) -> dict:
    """Results saved with --json; those saved before they recorded their date
    are dated by the file."""
    results = json.loads(path.read_text())
    if "date" not in results:
        saved_at = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        results["date"] = f"{saved_at:%Y-%m-%d %H:%M UTC} ({path.name} saved)"
    return results


def overhead_measure(rounds: int) -> dict:
    from overhead import measure

    return measure(rounds)


def fits_measure(schools: int, welsh: int) -> dict:
    from fits import measure

    result = measure(schools, welsh)
    result.pop("documents")  # each made-up document's layouts: too long here
    return result


if __name__ == "__main__":
    main()
