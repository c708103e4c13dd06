"""The proof panel: one document of a school, as it stands in the form, drawn
as page pictures by the same code that builds it.

One warm renderer serves every proof (WeasyPrint is not made for threads, so
proofs take turns); each document's last fit is tried first; a proof that a
newer edit of the same page has overtaken is dropped before it is drawn.
"""

from __future__ import annotations

import base64
import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import Problem, SafeprintError

log = logging.getLogger(__name__)
PROOF_DPI = 50


@dataclass
class Choice:
    """Which document of a school the panel shows."""

    product: str = "staff-poster"
    size: str = ""
    band: str = ""
    languages: str = ""


@dataclass
class Proofs:
    """Proof drawing shared by every page the server has open."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    hints: dict[tuple[str, str], Any] = field(default_factory=dict)
    latest: dict[str, int] = field(default_factory=dict)
    school: Path | None = None

    def warm(self) -> None:
        """Get the renderer ready (fonts, parsed stylesheets) before the first
        proof is asked for; run in the background when the server starts."""
        from generator.layout.engine import warm_renderer
        from generator.products import products

        with self.lock:
            renderer = warm_renderer()
            for product in products().values():
                renderer.stylesheets(product.stylesheet)

    def ask(self, viewer: str, seq: int) -> None:
        """Note the newest proof a page asked for."""
        self.latest[viewer] = max(seq, self.latest.get(viewer, 0))

    def draw(
        self, source: Path, text: str, choice: Choice, viewer: str = "", seq: int = 0
    ) -> dict[str, Any]:
        """The chosen document's pages as PNG data URIs, what can be chosen,
        and its warnings; or the problems that stop it being drawn."""
        with self.lock:
            if viewer and self.latest.get(viewer, 0) > seq:
                return {"superseded": True}
            start = time.perf_counter()
            try:
                answer = self._draw(source, text, choice)
            except SafeprintError as exc:
                answer = {"problems": [for_page(p) for p in exc.problems]}
            except Exception as exc:  # a bug: the page says so, the server goes on
                log.exception("the proof of %s failed", source)
                answer = {"error": f"The proof could not be drawn ({exc})."}
            answer["ms"] = round((time.perf_counter() - start) * 1000)
            return answer

    def _draw(self, source: Path, text: str, choice: Choice) -> dict[str, Any]:
        from generator.layout.engine import warm_renderer
        from generator.options import Options
        from generator.products import products
        from generator.runner.document import make
        from generator.runner.fitted import fit_from
        from generator.runner.school import prepare
        from generator.runner.variants import variants
        from generator.write.preview import page_pngs

        product = choice.product if choice.product in products() else "staff-poster"
        options = Options(only=(product,))
        pack, _ = prepare(source, options, text=text)
        found = [v for v in variants(pack, options) if v.sheet is None]
        if not found:
            return {"problems": [], "choices": _choices(found), "pages": []}
        variant = _pick(found, choice)
        renderer = warm_renderer()
        if self.school != source:
            # Another school's pictures are not needed again soon; this one's
            # photos and logo are, at the next keystroke.
            renderer.forget_images()
            self.school = source
        key = (str(source), variant.filename)
        # The last fit, by the team's positions (the people may have changed).
        record = self.hints.get(key)
        hint = fit_from(pack, record) if record else None
        built = make(pack, variant, renderer, hint=hint)
        self.hints[key] = built.record
        pages = [
            "data:image/png;base64," + base64.b64encode(png).decode()
            for png in page_pngs(built.pdf, PROOF_DPI)
        ]
        return {
            "file": variant.filename,
            "choices": _choices(found),
            "chosen": _describe(variant),
            "pages": pages,
            "warnings": [for_page(w) for w in built.warnings],
        }


def _describe(variant: Any) -> dict[str, str]:
    return {
        "product": variant.product.id,
        "size": variant.size,
        "band": variant.band or "",
        "languages": "+".join(variant.languages),
    }


def _choices(found: list[Any]) -> dict[str, list[str]]:
    described = [_describe(v) for v in found]
    return {
        key: list(dict.fromkeys(d[key] for d in described if d[key]))
        for key in ("size", "band", "languages")
    }


def _pick(found: list[Any], choice: Choice) -> Any:
    """The document closest to the choice: every wish met that can be."""

    def score(variant: Any) -> int:
        d = _describe(variant)
        return sum(
            (getattr(choice, key) == d[key]) * weight
            for key, weight in (("languages", 4), ("band", 2), ("size", 1))
        )

    return max(found, key=score)


def for_page(problem: Problem) -> dict[str, Any]:
    """A problem for the page: its field, and its words without the file name
    (the page is the file)."""
    where = f"line {problem.line}: " if problem.line and not problem.field else ""
    return {
        "field": problem.field,
        "message": where + problem.message,
        "warning": problem.warning,
    }
