"""`safeprint --help` starts fast: asking for help reads no product and
imports none of the pipeline (models, templates, layout), only Click."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import generator
from generator.paths import example_schools_dir

# What help must not import: the school and product models (and pydantic under
# them), the products themselves, the template engine and the layout engine.
HEAVY = (
    "pydantic",
    "yaml",
    "generator.validate.models",
    "generator.products",
    "jinja2",
    "weasyprint",
    "PIL",
    "fontTools",
    "pypdfium2",
)

# Run in a fresh interpreter: this test process has imported everything already.
HELP_EVERYWHERE = """
import json, sys
from generator.cli import cli

asked = [["--help"], ["--version"], *[[name, "--help"] for name in cli.commands]]
for args in asked:
    try:
        cli.main(args, prog_name="safeprint", standalone_mode=False)
    except SystemExit:
        pass
heavy = json.loads(sys.argv[1])
loaded = [m for m in heavy if m in sys.modules]
print(json.dumps({"commands": sorted(cli.commands), "loaded": loaded}), file=sys.stderr)
"""


def test_help_imports_no_model_template_or_layout_engine() -> None:
    found = _fresh(HELP_EVERYWHERE, json.dumps(HEAVY))
    assert "check" in found["commands"] and "build" in found["commands"]
    assert found["loaded"] == []


def _fresh(code: str, *args: str, env: dict[str, str] | None = None) -> Any:
    """What ``code`` printed last (JSON, on stderr), run with ``args`` in a
    fresh interpreter on this checkout's safeprint, whatever is installed."""
    root = Path(generator.__file__).resolve().parent.parent
    ran = subprocess.run(
        [sys.executable, "-c", code, *args],
        env={**(os.environ if env is None else env), "PYTHONPATH": str(root)},
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode == 0, ran.stderr
    return json.loads(ran.stderr.splitlines()[-1])


def test_the_only_choices_are_the_products() -> None:
    """--only offers every product, read from the folders without loading them."""
    from generator.cli.commands import build
    from generator.products import products

    (only,) = [p for p in build.params if p.name == "only"]
    assert list(only.type.choices) == sorted(products())  # type: ignore[attr-defined]


# Run as the command runs it: `main`, in a fresh interpreter.
CHECK_ONE = """
import json, sys
from generator.cli import main

school, heavy = sys.argv[1], json.loads(sys.argv[2])
sys.argv = ["safeprint", "check", school]
try:
    main()
except SystemExit:
    pass
from pydantic.plugin import _loader

from generator.validate import docstrings

loaded = [m for m in heavy if m in sys.modules]
parsed = docstrings._classes.cache_info().currsize
print(
    json.dumps({"loaded": loaded, "plugins": _loader._plugins, "parsed": parsed}),
    file=sys.stderr,
)
"""


def test_check_lays_out_and_writes_nothing_and_looks_for_no_plugin() -> None:
    """`safeprint check` answers as soon as the school is read and its rules
    run: no layout engine, no writer of the manifest, no search of every
    installed package for a pydantic plugin (one belonging to another program
    has no business seeing a school's staff and phone numbers), and no model
    module parsed for its fields' descriptions (a schema's, not a check's)."""
    school = example_schools_dir() / "oakfield-primary" / "school.yaml"
    not_needed = ["weasyprint", "generator.layout.engine", "generator.write.manifest"]
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    found = _fresh(CHECK_ONE, str(school), json.dumps(not_needed), env=env)
    assert found == {"loaded": [], "plugins": None, "parsed": 0}
