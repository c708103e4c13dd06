"""How many layouts a first build takes to find each document's type size.

    python benchmarks/fits.py [--schools 60] [--welsh 10] [--json FILE]

Builds, into empty folders, the staff posters (A3) of ``--schools`` made-up
English-language schools of every nation, and every product of ``--welsh``
made-up bilingual Welsh schools (benchmarks/schools.py), counting WeasyPrint
layouts per document. Targets: English staff posters at most 1.3 layouts on
average, bilingual documents at most 2.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

TARGETS = {"english_staff_posters": 1.3, "bilingual_documents": 2.0}


def count_layouts(
    sources: list[Path], out: Path, only: tuple[str, ...] = ()
) -> dict[str, dict[str, Any]]:
    """Each document a first build of ``sources`` into ``out`` makes: its
    layouts and the type scale it settled on."""
    import generator.runner.document as make
    from generator.layout.engine import Renderer
    from generator.options import Options
    from generator.runner.build import build

    counts: Counter[str] = Counter()
    current = [""]
    render = Renderer.render

    def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
        counts[current[0]] += 1
        return render(self, *args, **kwargs)

    def naming(function: Any) -> Any:
        def named(pack: Any, variant: Any, *args: Any, **kwargs: Any) -> Any:
            current[0] = f"{pack.slug}/{variant.filename}"
            counts[current[0]] += 0
            return function(pack, variant, *args, **kwargs)

        return named

    originals = (make.make, make.make_sheet)
    Renderer.render = counted  # type: ignore[method-assign]
    make.make, make.make_sheet = naming(make.make), naming(make.make_sheet)
    try:
        result = build(sources, out, Options(only=only, force=True), jobs=1)
    finally:
        Renderer.render = render  # type: ignore[method-assign]
        make.make, make.make_sheet = originals
    made = {
        entry.path: {
            "layouts": counts[entry.path],
            "scale": entry.fitted["scale"],
            "cut": entry.fitted.get("cut", 0),
        }
        for entry in result.entries
    }
    # A made-up school whose document cannot be made at all (too long even at
    # the floor) is left out of the counts, and said.
    for source, error in result.failures.items():
        for problem in error.problems:
            name = source.parent.name
            print(f"not counted: {name}: {problem.message}", file=sys.stderr)
    return made


def measure(schools: int, welsh: int) -> dict[str, Any]:
    from schools import make_varied

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        english = make_varied(work / "en", schools, seed=0)
        bilingual = make_varied(work / "cy", welsh, seed=1, welsh=True)
        posters = count_layouts(english, work / "out-en", ("staff-poster",))
        welsh_docs = count_layouts(bilingual, work / "out-cy")
    both = {
        path: doc
        for path, doc in welsh_docs.items()
        if "-cy-en" in path and "-sheet-" not in path
    }
    layouts = [doc["layouts"] for doc in posters.values()]
    cut = [doc["layouts"] for doc in posters.values() if doc["cut"]]
    bilingual_layouts = [doc["layouts"] for doc in both.values()]
    by_product: dict[str, list[int]] = {}
    for path, doc in both.items():
        product = path.split("/")[1].split("-a")[0].removesuffix("-cy-en.pdf")
        by_product.setdefault(product, []).append(doc["layouts"])
    return {
        "english_staff_posters": len(layouts),
        "english_staff_posters_layouts_mean": statistics.mean(layouts),
        "english_staff_posters_at_design_size": sum(
            doc["scale"] >= 1.0 for doc in posters.values()
        ),
        # What products.STAFF_POSTER.start should be near: the scale most fit at.
        "english_staff_posters_scale_median": statistics.median(
            doc["scale"] for doc in posters.values()
        ),
        "english_staff_posters_layouts_histogram": dict(
            sorted(Counter(layouts).items())
        ),
        # Posters that leave something off (see generator.runner.poster): the
        # grades they pass by should cost no layout.
        "english_staff_posters_cut": len(cut),
        "english_staff_posters_cut_layouts_mean": (
            statistics.mean(cut) if cut else None
        ),
        "bilingual_documents": len(bilingual_layouts),
        "bilingual_documents_layouts_mean": statistics.mean(bilingual_layouts),
        "bilingual_documents_layouts_max": max(bilingual_layouts),
        "bilingual_layouts_by_product": {
            product: statistics.mean(counts) for product, counts in by_product.items()
        },
        "targets": TARGETS,
        "documents": {**posters, **welsh_docs},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=60)
    parser.add_argument("--welsh", type=int, default=10)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    result = measure(args.schools, args.welsh)
    print(json.dumps({k: v for k, v in result.items() if k != "documents"}, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
