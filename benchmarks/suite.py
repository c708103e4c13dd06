"""safeprint's benchmarks, each against a baseline measured in the same run.

    python benchmarks/suite.py [--schools 200] [--json benchmarks/results.json]

1. parallel: N generated schools (200 by default: 2,500 documents, about 22
   minutes in all on two cores; --schools 24 for a quicker look), every
   product, --jobs 1 vs all cores (target: speed-up ≥ 0.9 × cores).
2. incremental: a rebuild with nothing changed vs the full build (target ≤ 2 %);
   then one school changed: only its documents are laid out again.
3. naive: one `weasyprint` process per document, one after another, on the same
   HTML and stylesheets and to the same PDF/UA-1 output, vs safeprint building
   the same documents (target: safeprint ≥ 8 × faster),
   with one job and with all cores; each cold (every type size searched for) and
   warm (--force with the fits the first build recorded), fastest of three.
4. start-up: `safeprint --help` and `safeprint check` of one school (targets
   0.3 s and 1 s).
5. memory: peak RSS of a build, and of its workers; and one worker's RSS over
   --documents documents: after the first 100 (warm) and at the end.
The overhead against warm WeasyPrint is `benchmarks/overhead.py`.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generator.paths import example_schools_dir

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 3
BENCHMARKS = ("parallel", "incremental", "naive", "startup", "memory_growth")


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
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True)
    return time.perf_counter() - start


def safeprint(*args: str) -> list[str]:
    return [sys.executable, "-m", "generator.cli", *args]


def parallel(schools: Path, out: Path) -> dict:
    """Both builds into empty folders: every type size searched for."""
    cores = os.cpu_count() or 1

    def timed(jobs: int) -> float:
        folder = out / f"jobs-{jobs}"
        command = safeprint("build", "-q", "--jobs", str(jobs), str(schools))
        return run(*command, "--out", str(folder))

    one, many = timed(1), timed(cores)
    manifest = out / f"jobs-{cores}" / "manifest.json"
    documents = len(json.loads(manifest.read_text())["files"])
    return {
        "documents": documents,
        "jobs_1_s": one,
        f"jobs_{cores}_s": many,
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


def naive(schools: Path, work: Path, count: int) -> dict:
    """Every document's final HTML through a fresh `weasyprint` process, for
    the first ``count`` schools (by default one of each example: every
    product, language and layout)."""
    from generator.make import Options, _html, variants
    from generator.school import prepare

    sources = sorted(schools.glob("*/school.yaml"))[:count]
    pages, products = [], []
    for source in sources:
        pack, _ = prepare(source)
        for variant in variants(pack, Options(force=True)):
            html = _html(pack, variant, list(pack.school.team), False)(1.0)
            path = work / f"{len(pages):03d}.html"
            path.write_text(html)
            pages.append((path, pack.base))
            products.append(variant.product.stylesheet)
    from generator import fonts
    from generator.paths import styles_dir

    font_sheet = work / "fonts.css"
    font_sheet.write_text(fonts.font_face_css())
    weasyprint = shutil.which("weasyprint") or "weasyprint"
    start = time.perf_counter()
    for (path, base), product in zip(pages, products, strict=True):
        sheets = [font_sheet, styles_dir() / "base.css", styles_dir() / product]
        # The same output as safeprint's: tagged PDF/UA-1.
        command = [weasyprint, "-u", str(base) + "/", "--pdf-variant", "pdf/ua-1"]
        command += [f"--stylesheet={sheet}" for sheet in sheets]
        command += [str(path), str(path.with_suffix(".pdf"))]
        subprocess.run(command, check=True, capture_output=True)
    naive_s = time.perf_counter() - start
    # safeprint's builds take turns, three rounds, and each keeps its fastest:
    # the machine's noise (up to 20 %) would otherwise decide the ratio.
    timings: dict[str, float] = {}
    for round_ in range(ROUNDS):
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
                key = f"safeprint_jobs_{jobs}_{kind}_s"
                timings[key] = min(timings.get(key, math.inf), run(*command))
    return {
        "documents": len(pages),
        "naive_s": naive_s,
        **timings,
        **{
            key.replace("safeprint_", "times_faster_").removesuffix("_s"): naive_s / s
            for key, s in timings.items()
        },
        "target": 8.0,
    }


def startup(school: Path) -> dict:
    help_s = min(run(*safeprint("--help")) for _ in range(3))
    check_s = min(run(*safeprint("check", str(school))) for _ in range(3))
    return {"help_s": help_s, "check_s": check_s, "targets_s": [0.3, 1.0]}


def memory_growth(schools: Path, documents: int) -> dict:
    """One worker's resident memory over many documents: one warm renderer, the
    schools built again and again (forced), RSS read after each school, with
    garbage collected as a build does."""
    from generator.budget import batch_collection, rss_mb
    from generator.layout import Renderer
    from generator.make import Options
    from generator.school import make_school

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
    parser.add_argument("--schools", type=int, default=200)
    parser.add_argument("--documents", type=int, default=1000, help="for memory growth")
    parser.add_argument(
        "--naive-schools", type=int, default=4, help="schools for the naive benchmark"
    )
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument(
        "--only",
        choices=BENCHMARKS,
        action="append",
        help="run only this benchmark (repeatable)",
    )
    args = parser.parse_args()
    wanted = set(args.only or BENCHMARKS)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sources = make_schools(work / "schools", args.schools)
        schools = work / "schools"
        runs = {
            "parallel": lambda: parallel(schools, work / "out-parallel"),
            "incremental": lambda: incremental(schools, work / "out-incremental"),
            "naive": lambda: naive(schools, work, args.naive_schools),
            "startup": lambda: startup(sources[0]),
            "memory_growth": lambda: memory_growth(schools, args.documents),
        }
        results: dict = {
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}",
        }
        for name, run_one in runs.items():
            if name in wanted:
                results[name] = run_one()
        results["memory"] = memory()
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
