"""Kill a build with SIGKILL at random moments, again and again: every PDF left
is whole (qpdf --check), the manifest is readable, and the next build repairs
the rest."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.paths import example_schools_dir

KILLS = 15


def _check_pdfs(out: Path) -> None:
    for pdf in out.rglob("*.pdf"):
        done = subprocess.run(
            ["qpdf", "--check", str(pdf)], capture_output=True, text=True
        )
        assert done.returncode == 0, f"{pdf}: {done.stdout}{done.stderr}"


def test_killed_builds_leave_whole_files_and_the_next_build_repairs(
    tmp_path: Path,
) -> None:
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf is not installed (.ci/run installs it)")
    schools = tmp_path / "schools"
    shutil.copytree(example_schools_dir() / "glenburn-primary", schools / "glenburn")
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "generator.cli",
        "build",
        str(schools),
        "--out",
        str(out),
        "--force",
        "--jobs",
        "1",
        "-q",
        "--only",
        "staff-poster",
        "--only",
        "staff-card",
        "--only",
        "pupil-leaflet",
    ]
    chance = random.Random(20261128)
    for _ in range(KILLS):
        build = subprocess.Popen(command, start_new_session=True)
        time.sleep(chance.uniform(0.3, 4.0))
        os.killpg(build.pid, signal.SIGKILL)
        build.wait()
        _check_pdfs(out)
        manifest = out / "manifest.json"
        if manifest.exists():
            json.loads(manifest.read_text())  # never half-written
    finished = subprocess.run(command, capture_output=True)
    assert finished.returncode == 0, finished.stderr
    _check_pdfs(out)
    assert not list(out.rglob("*.tmp")), "temporary files left behind"
    entries = json.loads((out / "manifest.json").read_text())["files"]
    assert len(entries) == 5  # poster, card and its sheet, two leaflets
    for entry in entries:
        data = (out / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
    listed = {entry["path"] for entry in entries}
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*.pdf")}
    assert on_disk == listed
