"""The ``safeprint`` command: parses arguments and calls the library, nothing more.

User errors (:class:`SafeprintError`) print clean ``file:line:col`` messages and
exit 1; usage errors exit 2; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

import click

from generator import __version__
from generator.cli.output import Progress, harfbuzz_hint, proof_sheet, report
from generator.errors import SafeprintError
from generator.paths import product_ids
from generator.vocabulary import PAPER_MM

PATHS = click.argument("paths", nargs=-1, type=click.Path(path_type=Path, exists=True))
OUT = click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("output"),
    show_default=True,
    help="Folder to write into.",
)
STRICT = click.option("--strict", is_flag=True, help="Treat warnings as errors.")
PROFILE_HELP = (
    "office: RGB, for a desktop printer. print-shop: PDF/X-4 in the press's "
    "CMYK, 3 mm bleed and crop marks"
)


def profile_option(where: str = "") -> Any:
    """--profile, its help saying where print-shop files go (for build)."""
    return click.option(
        "--profile",
        type=click.Choice(["office", "print-shop"]),
        default="office",
        show_default=True,
        help=f"{PROFILE_HELP}{where}.",
    )


PROFILE = profile_option(" (written under OUT/print-shop unless --out is given)")
ICC = click.option(
    "--icc",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="The print shop's CMYK colour profile (.icc) for --profile print-shop "
    "(default: Ghostscript's generic CMYK profile, where installed).",
)


def _press(profile: str, icc: Path | None, quiet: bool = False) -> Any:
    """The print shop's output condition, for --profile print-shop; which
    profile it is, said (and, when it is not one given, that it is generic)."""
    if profile != "print-shop":
        if icc is not None:
            raise click.UsageError("--icc goes with --profile print-shop")
        return None
    from generator.render.cmyk import find_press
    from generator.runner.build import press_name

    press = find_press(icc)
    if quiet:
        return press
    click.echo(f"Print-shop colour profile: {press_name(press)}", err=True)
    if icc is None:
        click.echo(
            "hint: this is the machine's generic CMYK profile, not your print "
            "shop's — ask them for theirs (UK printers usually work to ISO Coated "
            "v2 / FOGRA39) and pass it with --icc FILE",
            err=True,
        )
    return press


def _out_for(out: Path, profile: str) -> Path:
    """Print-shop files go beside the office ones unless --out says where."""
    ctx = click.get_current_context()
    given = ctx.get_parameter_source("out") is not click.core.ParameterSource.DEFAULT
    return out if given or profile == "office" else out / "print-shop"


class UserError(click.ClickException):
    """A :class:`SafeprintError` on its way out: its lines, then exit code 1."""

    exit_code = 1

    def show(self, file: object = None) -> None:
        click.echo(self.message, err=True)


class Group(click.Group):
    """Converts user errors to clean messages in one place; bugs keep tracebacks."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except SafeprintError as exc:
            error = UserError(str(exc))
            error.exit_code = exc.exit_code
            raise error from exc


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="safeprint")
def cli() -> None:
    """Turn a school's safeguarding details into print-ready PDFs.

    Example: safeprint build my-school/school.yaml
    """


@cli.command(short_help="Build the PDFs of school files, or of a folder of them.")
@PATHS
@OUT
@click.option(
    "--only",
    type=click.Choice(product_ids()),
    multiple=True,
    help="Build only this product (repeat for more).",
)
@click.option(
    "--size",
    type=click.Choice(sorted(PAPER_MM)),
    multiple=True,
    help="Poster paper size, instead of the school file's (repeatable).",
)
@click.option("--marks", is_flag=True, help="Add 3 mm bleed and crop marks.")
@PROFILE
@ICC
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Schools laid out at once (default: the machine's cores).",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    default=None,
    help="Lay out on a Dask cluster (tcp://host:8786) instead of this machine.",
)
@click.option(
    "--connect-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=10.0,
    show_default=True,
    metavar="SECONDS",
    help="How long to try to reach the --scheduler before giving up.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Rebuild every PDF, even those whose inputs have not changed.",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0),
    default=120.0,
    show_default=True,
    metavar="SECONDS",
    help="Stop a document that takes longer to lay out (0: no limit).",
)
@click.option(
    "--memory-limit",
    type=click.FloatRange(min=0),
    default=2048.0,
    show_default=True,
    metavar="MB",
    help="Stop a document whose worker grows past this while laying it out.",
)
@click.option(
    "--preview",
    is_flag=True,
    help="Also write a PNG of every page and OUT/index.html, a proof sheet.",
)
@click.option(
    "--watch",
    is_flag=True,
    help="Keep running: build again after a school file, image, template or "
    "style changes.",
)
@STRICT
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
def build(
    paths: tuple[Path, ...],
    out: Path,
    only: tuple[str, ...],
    size: tuple[str, ...],
    marks: bool,
    profile: str,
    icc: Path | None,
    jobs: int | None,
    scheduler: str | None,
    connect_timeout: float,
    force: bool,
    time_limit: float,
    memory_limit: float,
    preview: bool,
    watch: bool,
    strict: bool,
    quiet: bool,
) -> None:
    """Build the PDFs of each school file (or every school.yaml below a folder).

    With no PATH, builds the school.yaml in this folder, or where there is
    none, the example schools that ship with safeprint (and says which).

    Example: safeprint build schools/ --out output --size a3 --size a4
    """
    from generator.options import Options

    options = Options(
        only=only,
        sizes=size,
        marks=marks,
        strict=strict,
        force=force,
        time_limit=time_limit,
        memory_limit=memory_limit,
        press=_press(profile, icc, quiet),
    )
    out = _out_for(out, profile)
    paths = _named(paths, quiet)
    if watch:
        _watch(paths, out, options, jobs, quiet, preview)
    else:
        _build(paths, out, options, jobs, (scheduler, connect_timeout), quiet, preview)


@cli.command(short_help="Build what changed, then draw every page and a proof sheet.")
@PATHS
@OUT
@click.option(
    "--watch",
    is_flag=True,
    help="Keep running: build and redraw the sheet after every change.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
def preview(paths: tuple[Path, ...], out: Path, watch: bool, quiet: bool) -> None:
    """Build what changed, then write a PNG of every page and OUT/index.html: a
    proof sheet with each school's pages, their warnings and links to the PDFs.

    Example: safeprint preview schools/ --watch   (and open output/index.html)
    """
    from generator.options import Options

    paths = _named(paths, quiet)
    if watch:
        _watch(paths, out, Options(), None, quiet, preview=True)
    else:
        _build(paths, out, Options(), None, (None, 0), quiet, preview=True)


def _named(paths: tuple[Path, ...], quiet: bool) -> tuple[Path, ...]:
    """The schools a command works on when no PATH is given: the school file in
    this folder if there is one, else the examples. Said, so that nobody
    builds the examples thinking they built their own school."""
    if paths:
        return paths
    here = Path("school.yaml")
    if here.is_file():
        if not quiet:
            click.echo("No PATH given: using school.yaml, the school file here.")
        return (here,)
    if not quiet:
        from generator.paths import example_schools_dir

        examples = sorted(p.parent.name for p in example_schools_dir().glob("*/*.yaml"))
        click.echo(
            f"No PATH given and no school.yaml here: using safeprint's "
            f"{len(examples)} example schools ({', '.join(examples)}). Name your "
            "school file to use it, e.g. safeprint build my-school/school.yaml"
        )
    return ()


def _watch(
    paths: tuple[Path, ...],
    out: Path,
    options: Any,
    jobs: int | None,
    quiet: bool,
    preview: bool,
) -> None:
    """Build, then build again after each change, until Ctrl-C."""
    from generator.runner.watch import watch_builds, watched

    folders = watched(paths)
    click.echo(f"Watching {len(folders)} folder(s) for changes; press Ctrl-C to stop.")

    def after(result: Any) -> None:
        report(result, quiet)
        if preview:
            proof_sheet(out, result, quiet)
        stamp = time.strftime("%H:%M:%S")
        built = sum(not e.skipped for e in result.entries)
        kept = len(result.entries) - built
        state = "ok" if result.ok else f"{len(result.failures)} school(s) failed"
        click.echo(f"{stamp} {built} built, {kept} up to date: {state}")

    try:
        watch_builds(list(paths), out, options, after, jobs=jobs or os.cpu_count() or 1)
    except KeyboardInterrupt:
        click.echo("Stopped watching.")


def _build(
    paths: tuple[Path, ...],
    out: Path,
    options: Any,
    jobs: int | None,
    cluster: tuple[str | None, float],
    quiet: bool,
    preview: bool,
) -> None:
    from generator.runner.build import build as run

    if not quiet:
        harfbuzz_hint()
    progress = None if quiet else Progress()
    result = run(
        paths,
        out,
        options,
        progress=progress,
        jobs=jobs or os.cpu_count() or 1,
        scheduler=cluster[0],
        connect_timeout=cluster[1],
    )
    report(result, quiet)
    if progress is not None:
        progress.summary(out, result)
    if preview:
        proof_sheet(out, result, quiet)
    if not result.ok:
        sys.exit(1)


@cli.command(short_help="Check school files for mistakes without writing any PDF.")
@PATHS
@click.option(
    "--render",
    is_flag=True,
    help="Also lay out every product and check it fits (slower; writes nothing).",
)
@STRICT
@profile_option()
@ICC
def check(
    paths: tuple[Path, ...], render: bool, strict: bool, profile: str, icc: Path | None
) -> None:
    """Check school files for mistakes without writing any PDF.

    Example: safeprint check my-school/school.yaml --render
    """
    from generator.options import Options
    from generator.runner.build import check as run

    options = Options(strict=strict, press=_press(profile, icc))
    result = run(_named(paths, quiet=False), render=render, options=options)
    report(result, quiet=False)
    if not result.ok:
        sys.exit(1)
    count = len(result.warnings)
    click.echo(
        "All good: no problems found."
        if not count
        else f"No errors; {count} warning(s) above to look at."
    )


def main() -> None:
    """Entry point of the ``safeprint`` command."""
    # A pydantic plugin on this machine belongs to another program (one that
    # reports what it validates, say): it has no business seeing a school's
    # staff and phone numbers, and looking for one reads every installed
    # package's metadata each time safeprint starts.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    cli()


if __name__ == "__main__":
    main()
