"""What the command prints: progress while schools are built, a summary
table, every problem after, and the proof sheet's address."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import click

from generator.errors import display_path


def proof_sheet(out: Path, result: Any, quiet: bool) -> None:
    from generator.write.manifest import read_manifest
    from generator.write.preview import write_proof_sheet

    failures = {source: error.problems for source, error in result.failures.items()}
    sheet = write_proof_sheet(out, read_manifest(out), failures)
    if not quiet:
        click.echo(f"Proof sheet: {display_path(sheet)} (open it in a browser)")


class Progress:
    """Progress as schools finish, then a summary table.

    On a terminal: one bar, redrawn in place, with documents done out of the
    expected total (estimated from the schools done so far), documents per
    second and the time left. Elsewhere (a log, CI): one line per school.
    """

    BAR = 24

    def __init__(self, bar: bool | None = None) -> None:
        self.start = time.monotonic()
        self.rows: list[tuple[str, int, int, int, str]] = []
        self.bar = sys.stdout.isatty() if bar is None else bar
        self.documents = 0

    def __call__(self, outcome: Any, done: int, total: int) -> None:
        elapsed = max(time.monotonic() - self.start, 1e-9)
        left = elapsed / done * (total - done)
        name = outcome.slug or display_path(outcome.source)
        status = "failed" if outcome.errors else "ok"
        if outcome.failed:
            status = f"{len(outcome.failed)} failed"
        built, kept = len(outcome.built), len(outcome.kept)
        self.rows.append((name, built, kept, len(outcome.all_warnings), status))
        self.documents += built + kept
        expected = round(self.documents / done * total)
        rate = self.documents / elapsed
        if not self.bar:
            click.echo(
                f"[{done}/{total}] {name}: {status}, {built} built, {kept} up to "
                f"date · {self.documents}/~{expected} documents, {rate:.1f}/s, "
                f"about {left:.0f} s left"
            )
            return
        filled = round(self.BAR * done / total)
        bar = "#" * filled + "-" * (self.BAR - filled)
        line = (
            f"[{bar}] {self.documents}/~{expected} documents · {done}/{total} "
            f"schools · {rate:.1f}/s · about {left:.0f} s left"
        )
        end = "\n" if done == total else ""
        click.echo(f"\r{line}", nl=False)
        click.echo(end, nl=False)
        if outcome.errors or outcome.failed:
            click.echo(f"\n✗ {name}: {status} (details below)")

    def summary(self, out: Path, result: Any) -> None:
        if len(self.rows) > 1:
            width = max(len(row[0]) for row in self.rows)
            click.echo(f"\n{'school':<{width}}  built  kept  warnings  result")
            for name, built, kept, warnings, status in self.rows:
                click.echo(
                    f"{name:<{width}}  {built:>5}  {kept:>4}  {warnings:>8}  {status}"
                )
        if result.manifest:
            click.echo(
                f"\n{len(result.entries)} PDF(s) in {display_path(out)}/ in "
                f"{time.monotonic() - self.start:.1f} s; manifest: "
                f"{display_path(result.manifest)}"
            )


def report(result: object, quiet: bool) -> None:
    for source, error in result.failures.items():  # type: ignore[attr-defined]
        click.echo(f"✗ {display_path(source)}:", err=True)
        click.echo(str(error), err=True)
    if not quiet:
        for warning in result.warnings:  # type: ignore[attr-defined]
            click.echo(str(warning), err=True)


def harfbuzz_hint() -> None:
    import ctypes.util

    if ctypes.util.find_library("harfbuzz-subset") is None:
        click.echo(
            "hint: install libharfbuzz-subset0 (apt-get install "
            "libharfbuzz-subset0) to make PDFs several times faster",
            err=True,
        )
