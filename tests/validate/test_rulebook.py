"""The rulebook names the checks of laid-out pages instead of importing them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.errors import Problem
from generator.validate.rulebook import LAID_OUT_CHECKS
from generator.validate.rules import Context, rules
from generator.verify import preflight

ROOT = Path(__file__).resolve().parents[2]


def test_the_named_checks_are_preflights_in_its_order() -> None:
    checks = (preflight.text_problems, *preflight.CHECKS)
    assert tuple(check.__name__ for check in checks) == LAID_OUT_CHECKS


def test_each_laid_out_check_is_a_document_rule_in_order() -> None:
    names = [rule.name for rule in rules("document")]
    found = [name for name in names if name in LAID_OUT_CHECKS]
    assert found == list(LAID_OUT_CHECKS)


def test_each_rule_runs_its_check_on_the_laid_out_document(monkeypatch) -> None:
    calls = []
    for name in LAID_OUT_CHECKS:

        def check(document: object, variant: object, source: Path, name=name) -> list:
            calls.append((name, document, variant, source))
            return [Problem(name)]

        monkeypatch.setattr(preflight, name, check)
    context = Context(Path("school.yaml"), variant="variant", document="document")
    found = [
        problem.message
        for rule in rules("document")
        if rule.name in LAID_OUT_CHECKS
        for problem in rule.check(context)
    ]
    assert found == list(LAID_OUT_CHECKS)
    assert {call[1:] for call in calls} == {
        ("document", "variant", Path("school.yaml"))
    }


def test_the_rulebook_loads_no_preflight() -> None:
    code = (
        "import sys, generator.validate.rulebook\n"
        "print(sorted(m for m in sys.modules if m.startswith('generator.verify')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip() == "[]"
