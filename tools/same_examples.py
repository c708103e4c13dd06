"""Are the example schools' PDFs byte for byte the same on two commits?

Builds the bundled example schools from each commit in a folder of its own
(``git archive`` of the commit, run with that copy first on ``PYTHONPATH``: the
installed package is never touched), then compares the two manifests' sha256
file by file. Prints the comparison; exits 1 when any file differs, is missing
on one side, or a build fails.

    python tools/same_examples.py main HEAD
    python tools/same_examples.py main .            # this working tree as it is
    python tools/same_examples.py main HEAD -- --profile print-shop

A side named by a folder (``.``) is built from a copy of that folder's files
as they stand, uncommitted changes included. Both sides are built in turn from
the same temporary folder, since image names in a PDF follow their path.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", nargs="?", default="main", help="commit or folder")
    parser.add_argument("new", nargs="?", default="HEAD", help="commit or folder")
    parser.add_argument("-j", "--jobs", type=int, default=2, help="build workers")
    parser.add_argument(
        "--keep", type=Path, help="build into this folder and leave it there"
    )
    parser.add_argument(
        "build_args", nargs="*", help="more `safeprint build` options, after --"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="same-examples-") as temporary:
        scratch = args.keep or temporary
        sides = []
        # Each commit named once, now: a branch that moves meanwhile does not
        # change what is compared.
        revs = [_resolved(rev) for rev in (args.old, args.new)]
        for label, rev in zip(("old", "new"), revs, strict=True):
            tree = _tree(rev, Path(scratch) / "tree")
            out = Path(scratch) / f"{label}-output"
            shutil.rmtree(out, ignore_errors=True)
            started = time.monotonic()
            manifest = _build(tree, out, args.jobs, args.build_args)
            print(
                f"{label}: {rev} ({_describe(rev)}) built in "
                f"{time.monotonic() - started:.0f} s from {tree}"
            )
            sides.append(_hashes(manifest))
    return _compare(*sides)


def _resolved(rev: str) -> str:
    if Path(rev).is_dir():
        return rev
    return subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--verify", f"{rev}^{{commit}}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def _describe(rev: str) -> str:
    if Path(rev).is_dir():
        return "working tree as it stands"
    return subprocess.run(
        ["git", "-C", str(REPO), "log", "-1", "--format=%h %s", rev],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()[:72]


def _tree(rev: str, into: Path) -> Path:
    """The source to build, in ``into``: a commit unpacked, or a folder's files
    (those git tracks, and those it does not ignore) as they stand. Both sides
    are built from the same folder: WeasyPrint names an image in the PDF by
    its address, so a build from another folder would differ by that alone."""
    shutil.rmtree(into, ignore_errors=True)
    into.mkdir(parents=True)
    if Path(rev).is_dir():
        listed = (
            subprocess.run(
                ["git", "-C", rev, "ls-files", "-z", "-co", "--exclude-standard"],
                check=True,
                capture_output=True,
            )
            .stdout.decode()
            .split("\0")
        )
        for name in filter(None, listed):
            source = Path(rev) / name
            if source.is_file():
                (into / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, into / name)
        return into
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", "--format=tar", rev],
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def _build(tree: Path, out: Path, jobs: int, extra: list[str]) -> Path:
    """Build the examples from ``tree`` into ``out``; the manifest's path."""
    env = dict(os.environ, PYTHONPATH=str(tree), PYTHONDONTWRITEBYTECODE="1")
    where = subprocess.run(
        [sys.executable, "-c", "import generator; print(generator.__file__)"],
        cwd=tree,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not Path(where).is_relative_to(tree):
        raise SystemExit(f"{tree}: python imports generator from {where} instead")
    examples = tree / "content" / "schools"
    command = [
        sys.executable,
        "-c",
        "from generator.cli import main; main()",
        "build",
        str(examples),
        "--out",
        str(out),
        "--force",
        "-q",
        "-j",
        str(jobs),
        *extra,
    ]
    done = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stdout.write(done.stdout + done.stderr)
        raise SystemExit(f"{tree}: build failed (exit {done.returncode})")
    return out / "manifest.json"


def _hashes(manifest: Path) -> dict[str, str]:
    entries = json.loads(manifest.read_text(encoding="utf-8"))
    if isinstance(entries, dict):
        entries = entries.get("files", entries.get("entries", []))
    return {entry["path"]: entry["sha256"] for entry in entries}


def _compare(old: dict[str, str], new: dict[str, str]) -> int:
    differ = 0
    width = max(map(len, old | new), default=4)
    print(f"{'file':<{width}}  {'old sha256':<16}  {'new sha256':<16}  verdict")
    for path in sorted(old | new):
        before, after = old.get(path, "-"), new.get(path, "-")
        verdict = "same" if before == after else "DIFFERENT"
        if before == "-" or after == "-":
            verdict = "MISSING"
        differ += verdict != "same"
        print(f"{path:<{width}}  {before[:16]:<16}  {after[:16]:<16}  {verdict}")
    total = len(old | new)
    print(f"{total - differ} of {total} PDFs byte-identical; {differ} differ")
    return 1 if differ or not total else 0


if __name__ == "__main__":
    sys.exit(main())
