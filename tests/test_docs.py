"""The README stays true: its example school file is valid, its commands exist."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from generator.cli.commands import cli
from generator.paths import example_schools_dir
from generator.resolve.pack import load_school

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def test_the_readme_school_file_is_valid(tmp_path: Path) -> None:
    example = README.split("### The school file\n\n```yaml\n")[1].split("```")[0]
    assets = example_schools_dir() / "oakfield-primary" / "assets"
    shutil.copytree(assets, tmp_path / "assets")
    (tmp_path / "school.yaml").write_text(example)
    pack = load_school(tmp_path / "school.yaml")
    assert pack.school.school.name == "Oakfield Primary School"
    record = next(s for s in pack.content.steps if s.id == "record")
    assert record.text.startswith("Write it on the school's concern form")


def test_quick_start_is_two_commands_and_ci_runs_the_second() -> None:
    block = README.split("## Quick start")[1].split("```sh\n")[1].split("```")[0]
    commands = block.strip().splitlines()
    assert commands == [
        "pip install -e . && safeprint build",
        'pip install -e ".[test]" && pytest',
    ]
    ci = (ROOT / ".ci" / "run").read_text()
    assert 'pip install -q --disable-pip-version-check -e ".[test]"' in ci
    assert ci.rstrip().endswith("python -m pytest")


def test_every_command_is_in_the_readme() -> None:
    documented = set(re.findall(r"`safeprint (\w+)", README))
    assert set(cli.commands) <= documented
