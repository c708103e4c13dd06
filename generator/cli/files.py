"""The ``safeprint`` commands that make and edit school files rather than PDFs:
``new``, ``import``, ``sheet``, ``serve`` and ``schema`` (registered on the
group in :mod:`generator.cli.commands`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from generator.cli.commands import cli
from generator.errors import display_path


@cli.command(short_help="Start a school: a commented school.yaml to fill in.")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--nation",
    type=click.Choice(["england", "wales", "scotland", "northern-ireland"]),
    default=None,
    help="The school's nation: the file speaks its words (asked when not given, "
    "at a terminal; else england).",
)
def new(directory: Path, nation: str | None) -> None:
    """Start a school: write DIRECTORY/school.yaml (commented) and DIRECTORY/assets/.

    The file names the safeguarding roles and local contacts as the school's
    nation does (Scotland's Child Protection Coordinator and social work,
    say), and marks what is optional.

    Example: safeprint new my-school --nation scotland
    """
    from generator.cli.scaffold import NATIONS, scaffold

    if nation is None:
        nation = "england"
        if sys.stdin.isatty():
            nation = click.prompt(
                "Which nation is the school in?",
                type=click.Choice(NATIONS),
                default="england",
            )
    written = scaffold(directory, nation)
    click.echo(
        f"Wrote {display_path(written)}. Fill it in, then run:\n"
        f"  safeprint check {display_path(written)}\n"
        f"  safeprint build {display_path(written)}"
    )


@cli.command("import", short_help="Turn a trust's spreadsheet (CSV) into school files.")
@click.argument(
    "spreadsheet", type=click.Path(path_type=Path, exists=True, dir_okay=False)
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("schools"),
    show_default=True,
    help="Folder for the school files (one folder per school).",
)
@click.option(
    "--update",
    is_flag=True,
    help="Take the sheet's changes into school files an import wrote and "
    "nobody has edited since (a file edited by hand is never overwritten).",
)
def import_(spreadsheet: Path, out: Path, update: bool) -> None:
    """Turn a spreadsheet saved as CSV (one row per school) into school files.

    The first row names the columns: school_name, school_reference, nation,
    phase, website, logo, bands, languages, language_layout, headteacher_name,
    headteacher_phone, headteacher_email, chair_name, chair_phone, chair_email,
    brand_primary, brand_accent, dsl_name, dsl_phone, dsl_email, dsl_where,
    dsl_photo, deputy1_name ... deputy5_photo, children_services_name,
    children_services_phone, out_of_hours, lado_name, lado_phone, lado_email,
    trusted1_name, trusted1_role, trusted1_photo ... trusted6_photo, worry_box,
    reviewed_on, review_by (2026-09-01 or 01/09/2026). Lists (bands,
    languages) are parted by spaces: "cy en". Pictures are paths relative to
    the sheet, copied beside each school file. Words in another language go in
    the column's name with the language's code after it (worry_box_cy,
    trusted1_role_cy, dsl_where_cy, lado_name_cy). Empty cells and empty rows
    are left out. Commas, semicolons or tabs may part the
    columns; the file is UTF-8 (CSV UTF-8) or UTF-16 (Unicode text). Rows with
    mistakes are listed by row and column; the good rows are written. A school
    file is never overwritten: importing the sheet again leaves those with the
    same data as they are (wherever their rows now sit), and names each one
    that differs, with what differs; --update rewrites those nobody has edited
    since they were imported.

    Example: safeprint import trust-schools.csv --out schools
    """
    from generator.load.spreadsheet import import_csv

    result = import_csv(spreadsheet, out, update=update)
    for path in result.written:
        click.echo(f"  wrote {display_path(path)}")
    for path in result.updated:
        click.echo(f"  updated {display_path(path)}")
    for problem in result.problems:
        click.echo(str(problem), err=True)
    same = f", {len(result.updated)} updated" if result.updated else ""
    same += f", {len(result.unchanged)} as before" if result.unchanged else ""
    click.echo(
        f"{len(result.written)} school file(s) written to {display_path(out)}/{same}"
        + (
            f"; {len({p.field.split(',')[0] for p in result.problems})} "
            "row(s) need fixing"
            if result.problems
            else ""
        )
    )
    if result.problems:
        sys.exit(1)


@cli.command(short_help="Start a trust's spreadsheet, with every column import reads.")
@click.argument("sheet", type=click.Path(path_type=Path, dir_okay=False))
def sheet(sheet: Path) -> None:
    """Start a trust's spreadsheet: write SHEET (CSV UTF-8) with every column
    `safeprint import` reads and one example row to replace. Never overwrites.

    Example: safeprint sheet trust-schools.csv
    """
    from generator.load.spreadsheet import new_sheet

    written = new_sheet(sheet)
    click.echo(
        f"Wrote {display_path(written)}. Open it in a spreadsheet, put one school "
        "on each row (replace the example), save it as CSV UTF-8, then run:\n"
        f"  safeprint import {display_path(written)} --out schools"
    )


@cli.command(short_help="Edit the schools in a folder in a browser, with proofs.")
@click.argument(
    "folder",
    required=False,
    default=Path("."),
    type=click.Path(path_type=Path, exists=True, file_okay=False),
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but this machine needs a token.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="Port to listen on (0: any free one).",
)
@click.option(
    "--token",
    default=None,
    help="The token other machines must give (default: one made at start).",
)
@click.option("--no-browser", is_flag=True, help="Do not open a browser.")
def serve(
    folder: Path, host: str, port: int, token: str | None, no_browser: bool
) -> None:
    """Edit the schools in FOLDER (default: here) in a browser: each school as a
    form, its mistakes beside each field as you type, a proof of its posters
    beside it, and its PDFs to download. Listens on this machine only unless
    --host is given; press Ctrl-C to stop.

    Example: safeprint serve schools/
    """
    import webbrowser

    from generator.serve import serve as start

    def opened(url: str) -> None:
        click.echo(f"Serving the schools in {display_path(folder)}/ at {url}")
        if "token=" in url:
            click.echo(
                "Listening beyond this machine: every visitor needs that address, "
                "which carries the token; without it the page is refused."
            )
        click.echo("Press Ctrl-C to stop.")
        if not no_browser:
            webbrowser.open(url)

    try:
        server, _, thread = start(folder, host, port, token, opened)
    except OSError as exc:
        raise click.ClickException(
            f"cannot listen on {host}:{port}: {exc.strerror}"
        ) from exc
    try:
        while thread.is_alive():
            thread.join(0.5)
    except KeyboardInterrupt:
        server.shutdown()
        click.echo("Stopped.")


@cli.command(short_help="Print the JSON Schema of the school file, for editors.")
def schema() -> None:
    """Print the JSON Schema of the school file, for editors that autocomplete.

    Example: safeprint schema > school.schema.json
    """
    from generator.validate.base import described
    from generator.validate.models import SchoolFile

    schema = described(SchoolFile).model_json_schema(by_alias=True)
    click.echo(json.dumps(schema, indent=2))
