"""Reading a trust's spreadsheet (CSV): its rows, each cell by column, in
whatever encoding and with whatever separator a spreadsheet saved it, every
cell that would be lost or cannot be read named by row and column."""

from __future__ import annotations

import csv
import difflib
import io
from pathlib import Path

from generator.errors import Problem, SafeprintError
from generator.load.columns import columns, in_language
from generator.load.reader import CONTROL


def read_rows(source: Path) -> tuple[list[tuple[int, dict[str, str]]], list[Problem]]:
    """The rows that hold anything, by their number in the spreadsheet, each
    by column, and the problems of rows that cannot be read. Commas,
    semicolons or tabs may part the columns (a spreadsheet saves them by the
    computer's region; Excel's ``sep=`` line is followed), in UTF-8 or, as
    "Unicode text", UTF-16, with any line endings."""
    # Python's csv stops the whole file at a NUL: it stands in as a character
    # no spreadsheet holds, so that its row and column can be named.
    text = _text(source).replace("\x00", NUL)
    lines = io.StringIO(text, newline=None).read().splitlines(True) or [""]
    known = set(columns())
    first, offset = lines[0].rstrip("\n"), 0
    if first.startswith("sep=") and len(first) == 5:
        parted, lines, offset = first[4], lines[1:], 1
    else:
        parted = max(
            ",;\t", key=lambda d: sum(c.strip(' "') in known for c in first.split(d))
        )
    reader = csv.reader(lines, delimiter=parted)
    try:
        header = [name.strip() for name in next(reader, [])]
        _check_header(source, header, known, 1 + offset)
        rows, problems = [], []
        # Row numbers as a spreadsheet shows them: the header is row 1.
        for number, cells in enumerate(reader, start=2 + offset):
            if any(cell.strip() for cell in cells):  # else an empty row: left out
                found = _cells(source, number, header, cells, parted)
                if isinstance(found, Problem):
                    problems.append(found)
                else:
                    rows.append((number, found))
    except csv.Error as exc:
        raise SafeprintError.single(
            f"cannot read row {reader.line_num} ({exc}) — open it in a "
            "spreadsheet and save it again as CSV UTF-8",
            file=source,
        ) from exc
    return rows, problems


NUL = "\uffff"


def _cells(
    source: Path, number: int, header: list[str], cells: list[str], parted: str
) -> dict[str, str] | Problem:
    """A row's cells by column, or what is wrong with it: cells beyond the
    header, or under a column the header leaves unnamed, would be lost."""
    unnamed = [
        i
        for i, cell in enumerate(cells)
        if cell.strip() and (i >= len(header) or not header[i])
    ]
    if unnamed:
        first = unnamed[0]
        beyond = first >= len(header)
        why = (
            f"this row has {len(cells)} cells, more than the {len(header)} columns "
            f"the header names — a cell with a {_name(parted)} in it needs quotes, "
            "or the header a column"
            if beyond
            else "the header names no column here — name the column, or empty the cell"
        )
        return Problem(
            f"{cells[first].strip()!r} would be lost: {why}",
            source,
            field=f"row {number}, column {letter(first)}",
        )
    for i, cell in enumerate(cells):
        found = CONTROL.search(cell.replace(NUL, "\x00"))
        if found:
            return Problem(
                f"holds an invisible control character (U+{ord(found.group()):04X}) "
                "— delete it (retype the cell)",
                source,
                field=f"row {number}, column "
                + (header[i] if i < len(header) and header[i] else letter(i)),
            )
    padded = (cells + [""] * len(header))[: len(header)]
    pairs = zip(header, padded, strict=True)
    return {name: cell.strip() for name, cell in pairs if name}


def _text(source: Path) -> str:
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise SafeprintError.single(f"cannot read it ({exc})", file=source) from exc
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise SafeprintError.single(
                "cannot read it as Unicode text (UTF-16): the file is cut short "
                "or damaged — save it again as CSV UTF-8",
                file=source,
            ) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SafeprintError.single(
            f"row {_row_at(data, exc.start)} is not UTF-8 text (the spreadsheet "
            "was saved as plain CSV, in an older encoding) — save it again as CSV "
            "UTF-8",
            file=source,
        ) from exc


def _row_at(data: bytes, offset: int) -> int:
    """The spreadsheet row holding byte ``offset``: 1 and a row for each line
    break before it, but those inside a quoted cell."""
    before = data[:offset].decode("utf-8-sig", errors="replace")
    inside, row = False, 1
    for char in before.replace("\r\n", "\n").replace("\r", "\n"):
        if char == '"':
            inside = not inside
        elif char == "\n" and not inside:
            row += 1
    return row


def _check_header(source: Path, header: list[str], known: set[str], row: int) -> None:
    """The header names columns safeprint knows, each once."""
    if not any(name in known for name in header):
        raise SafeprintError.single(
            f"row {row} is not the header: it names no column safeprint knows — "
            "the first row names the columns (see `safeprint import --help`); "
            "delete any title rows above it",
            file=source,
        )
    problems = [
        Problem(_unknown_column(name, known), source, row, None, name)
        for name in header
        if name and name not in known and not in_language(name)
    ]
    for name in dict.fromkeys(header):
        where = [letter(i) for i, other in enumerate(header) if other == name]
        if name and len(where) > 1:
            problems.append(
                Problem(
                    f"is in the header {len(where)} times (columns "
                    f"{', '.join(where)}) — keep one",
                    source,
                    row,
                    None,
                    name,
                )
            )
    if problems:
        raise SafeprintError(problems)


def letter(index: int) -> str:
    """A column's letters, as a spreadsheet shows them: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _name(parted: str) -> str:
    return {",": "comma", ";": "semicolon", "\t": "tab"}[parted]


def _unknown_column(name: str, known: set[str]) -> str:
    close = difflib.get_close_matches(name.strip(), sorted(known), n=1)
    hint = f"did you mean {close[0]}?" if close else "see `safeprint import --help`"
    return f"`{name}` is not a column safeprint knows — {hint}"
