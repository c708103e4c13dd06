"""The benchmark suite ends with a summary a reader can copy into the README,
and prints it again from results saved earlier."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SUITE = ROOT / "benchmarks" / "suite.py"
# A start-up row: its figures, fastest / median, CPU and wall, then met or not.
STARTUP_ROW = (
    r"^\| {command}, whole process \| ≤ [\d.]+ s \| [^|]+ \| "
    r"CPU \d+\.\d\d s / \d+\.\d\d s; wall \d+\.\d\d s / \d+\.\d\d s \| "
    r"(met|not met) \| \d+\.\d → \d+\.\d \|$"
)


def suite(*args: str) -> str:
    run = subprocess.run(
        [sys.executable, str(SUITE), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


def startup_rows(text: str) -> list[str]:
    rows = []
    for command in ("`safeprint check` of one school", "`safeprint --help`"):
        pattern = STARTUP_ROW.format(command=re.escape(command))
        found = re.search(pattern, text, re.MULTILINE)
        assert found, f"no start-up row for {command} in:\n{text}"
        rows.append(found[0])
    return rows


def test_startup_summary_printed_and_reprinted(tmp_path: Path) -> None:
    saved = tmp_path / "results.json"
    measured = suite("--quick", "--only", "startup", "--json", str(saved))
    reported = suite("--report", str(saved))
    assert reported.startswith("benchmarks/suite.py --quick")
    assert startup_rows(measured) == startup_rows(reported)
    # Benchmarks that did not run have no rows.
    assert "first build" not in reported
    assert "naive" not in reported
