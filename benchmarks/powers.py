"""How each product's length grows with its type scale near its fit: the
``power`` its ``product.yaml`` declares.

    python benchmarks/powers.py [--schools 24] [--seed 0]

Builds every product of ``--schools`` made-up English-language schools
(benchmarks/schools.py) into an empty folder and, for each document whose
search laid it out both at a size that fitted and at one that ran over,
within 5 % of each other, takes the power the two lengths measure
(log(length ratio) / log(scale ratio)). Prints each product's quartiles
beside the power it declares. Near its fit is where the power counts: it says
how full a fit must be to be kept, and how far the second guess goes.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

NEAR = 1.05


Search = list[tuple[float, float, bool]]


def tries(sources: list[Path], out: Path) -> dict[str, list[Search]]:
    """Each product's searches in a first build of ``sources``: for each
    search, its tries (scale, length, fitted)."""
    import generator.layout.engine as engine
    from generator.layout.search import fullness
    from generator.options import Options
    from generator.runner.build import build

    searches: dict[str, list[Search]] = defaultdict(list)
    fit = engine.fit

    def logged(
        renderer: Any, make_html: Any, variant: Any, base: Any, *args: Any
    ) -> Any:
        # Laid out as generator.runner.fitting._search asks: (start, ceiling,
        # settled, restyle, reads, measure, well_set, known).
        measure = args[5] or (lambda laid: fullness(laid, variant.pages))
        search: Search = []
        searches[variant.product.id].append(search)

        def measured(laid: Any) -> tuple[float, bool]:
            full, on_pages = measure(laid)
            search.append((laid.scale, full, on_pages))
            return full, on_pages

        return fit(renderer, make_html, variant, base, *args[:5], measured, *args[6:])

    engine.fit = logged
    try:
        build(sources, out, Options(force=True), jobs=1)
    finally:
        engine.fit = fit
    return searches


def near_powers(searches: list[Search]) -> list[float]:
    """The power between each fit and each miss of one search within
    :data:`NEAR` of each other (the miss the larger)."""
    powers = []
    for search in searches:
        fits = [(s, full) for s, full, on in search if on and 0 < full <= 1]
        misses = [(s, full) for s, full, on in search if not on and full > 1]
        for s0, l0 in fits:
            for s1, l1 in misses:
                if s0 < s1 < s0 * NEAR:
                    powers.append(math.log(l1 / l0) / math.log(s1 / s0))
    return powers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=24)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    from schools import make_varied

    from generator.products import PRODUCTS

    with tempfile.TemporaryDirectory() as tmp:
        sources = make_varied(Path(tmp) / "schools", args.schools, seed=args.seed)
        searched = tries(sources, Path(tmp) / "out")
    print(f"{'product':16} {'declared':>8} {'measured (quartiles)':>22}  pairs")
    for product, searches in sorted(searched.items()):
        powers = near_powers(searches)
        measured = "-"
        if len(powers) > 1:
            measured = " / ".join(f"{q:.2f}" for q in statistics.quantiles(powers))
        declared = PRODUCTS[product].power
        print(f"{product:16} {declared:8.2f} {measured:>22}  {len(powers)}")


if __name__ == "__main__":
    main()
