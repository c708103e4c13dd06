"""``safeprint import``: a trust's spreadsheet (CSV) in, one school file per row out.

The trust edits one spreadsheet; safeprint writes a ``school.yaml`` per school for
a person to review. Each row is checked with the same rules as a school file; a
bad row is reported by row number and column and the good rows still convert.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from generator.errors import Problem, SafeprintError, display_path
from generator.load.reader import CONTROL, load_text
from generator.resolve.pack import folder_name
from generator.validate.checks import glyph_problems
from generator.validate.fields import format_phone
from generator.validate.models import SchoolFile
from generator.validate.report import friendly_message
from generator.write.files import atomic_write

MAX_PEOPLE = 6  # deputy1..deputy5 and trusted1..trusted6
# Column → where its value goes in the school file.
SINGLE = {
    "school_name": ("school", "name"),
    "school_reference": ("school", "reference"),
    "nation": ("school", "nation"),
    "phase": ("school", "phase"),
    "website": ("school", "website"),
    "logo": ("school", "logo"),
    "bands": ("school", "bands"),
    "languages": ("languages",),
    "language_layout": ("language_layout",),
    "headteacher_name": ("school", "headteacher", "name"),
    "headteacher_phone": ("school", "headteacher", "phone"),
    "headteacher_email": ("school", "headteacher", "email"),
    "chair_name": ("school", "chair_of_governors", "name"),
    "chair_phone": ("school", "chair_of_governors", "phone"),
    "chair_email": ("school", "chair_of_governors", "email"),
    "brand_primary": ("brand", "primary"),
    "brand_accent": ("brand", "accent"),
    "children_services_name": ("local_contacts", "children_services", "name"),
    "children_services_phone": ("local_contacts", "children_services", "phone"),
    "out_of_hours": ("local_contacts", "children_services", "out_of_hours"),
    "lado_name": ("local_contacts", "lado", "name"),
    "lado_phone": ("local_contacts", "lado", "phone"),
    "lado_email": ("local_contacts", "lado", "email"),
    "worry_box": ("worry_box",),
    "reviewed_on": ("review", "reviewed_on"),
    "review_by": ("review", "review_by"),
}
PEOPLE = {
    "dsl": ("team", ("name", "phone", "email", "where", "photo")),
    "deputy": ("team", ("name", "phone", "email", "where", "photo")),
    "trusted": ("trusted_adults", ("name", "role", "photo")),
}
# Columns that hold a list: its entries parted by spaces or commas ("cy en").
LISTS = ("bands", "languages")
_PERSON = re.compile(r"^(dsl|deputy|trusted)(\d*)_(\w+)$")


@dataclass
class Imported:
    """What an import wrote, and what it could not."""

    written: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # School files an earlier import wrote with the same data, left as they are.
    unchanged: list[Path] = field(default_factory=list)
    # School files an earlier import wrote, not edited since, that ``--update``
    # rewrote with the sheet's changes.
    updated: list[Path] = field(default_factory=list)


def columns() -> list[str]:
    """Every column the spreadsheet may have, in the order a trust fills them
    in: the school, its staff, the local contacts, then the pupils' page."""
    contacts = [c for c in SINGLE if SINGLE[c][0] == "local_contacts"]
    last = ["worry_box", "reviewed_on", "review_by"]
    names = [c for c in SINGLE if c not in contacts + last]
    names += [f"dsl_{f}" for f in PEOPLE["dsl"][1]]
    names += [
        f"deputy{i}_{f}" for i in range(1, MAX_PEOPLE) for f in PEOPLE["deputy"][1]
    ]
    names += contacts
    names += [
        f"trusted{i}_{f}"
        for i in range(1, MAX_PEOPLE + 1)
        for f in PEOPLE["trusted"][1]
    ]
    return names + last


# The example row of a new sheet: a made-up school, with numbers from the range
# Ofcom keeps for drama (never a real line).
EXAMPLE = {
    "school_name": "Example Primary School",
    "nation": "england",
    "phase": "primary",
    "website": "https://example.sch.uk/safeguarding",
    "headteacher_name": "Mrs Ruth Okafor",
    "headteacher_phone": "01632 960100",
    "chair_name": "Mr Tom Reid",
    "chair_email": "chair@example.sch.uk",
    "dsl_name": "Ms Aisha Khan",
    "dsl_phone": "01632 960101",
    "dsl_where": "Office 2",
    "deputy1_name": "Mr Ben Hughes",
    "deputy1_phone": "01632 960102",
    "deputy1_where": "Year 6 classroom",
    "children_services_name": "Anytown Children's Front Door",
    "children_services_phone": "01632 960000",
    "out_of_hours": "01632 960999",
    "lado_name": "Anytown LADO",
    "lado_phone": "01632 960555",
    "trusted1_name": "Mrs Dale",
    "trusted1_role": "Teaching assistant",
    "worry_box": "Outside the library",
}


def new_sheet(target: Path) -> Path:
    """Write a sheet to start from: every column, and one example row to
    replace (reviewed today, to be reviewed in a year); never overwrite."""
    if target.exists():
        raise SafeprintError.single(
            "already exists — safeprint never overwrites a sheet; choose another name",
            file=target,
        )
    today = dt.date.today()
    dates = {
        "reviewed_on": today.isoformat(),
        "review_by": (today + dt.timedelta(days=365)).isoformat(),
    }
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=columns(), lineterminator="\r\n")
    writer.writeheader()
    writer.writerow({**EXAMPLE, **dates})
    # With a byte order mark, a spreadsheet opens it as UTF-8 (names with
    # accents, Welsh ŵ and ŷ, stay as they are).
    atomic_write(target, text.getvalue().encode("utf-8-sig"))
    return target


def import_csv(source: Path, out: Path, update: bool = False) -> Imported:
    """Convert every good row of ``source`` into ``out/<slug>/school.yaml``.

    A school file already there with the same data is left as it is, wherever
    its row now sits in the sheet. One whose data differs is never overwritten,
    unless ``update`` is given and the file is as an import wrote it (not
    edited by hand since); each file left is named, with what differs."""
    result = Imported()
    rows, result.problems = _read(source)
    made: dict[Path, int] = {}  # each school file, by the row it comes from
    lists = {"written": result.written, "same": result.unchanged}
    lists["updated"] = result.updated
    for number, row in rows:
        try:
            target, how = _convert(source, number, row, out, made, update)
        except SafeprintError as exc:
            result.problems += exc.problems
        else:
            lists[how].append(target)
    return result


def _read(source: Path) -> tuple[list[tuple[int, dict[str, str]]], list[Problem]]:
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
            field=f"row {number}, column {_letter(first)}",
        )
    for i, cell in enumerate(cells):
        found = CONTROL.search(cell.replace(NUL, "\x00"))
        if found:
            return Problem(
                f"holds an invisible control character (U+{ord(found.group()):04X}) "
                "— delete it (retype the cell)",
                source,
                field=f"row {number}, column "
                + (header[i] if i < len(header) and header[i] else _letter(i)),
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
        if name and name not in known and not _in_language(name)
    ]
    for name in dict.fromkeys(header):
        where = [_letter(i) for i, other in enumerate(header) if other == name]
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


# Columns of words a school may write per language: the column with the
# language's code after it (worry_box_cy) holds that language's words.
WORDS = re.compile(
    r"^(worry_box|children_services_name|lado_name|dsl_where|deputy\d_where|"
    r"trusted\d_role)_([a-z]{2,3})$"
)


def _in_language(column: str) -> re.Match[str] | None:
    """A column of words in one language (``trusted1_role_cy``), if it is one."""
    found = WORDS.match(column)
    return found if found and found[1] in columns() else None


def _letter(index: int) -> str:
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


def _convert(
    source: Path,
    number: int,
    row: dict[str, str],
    out: Path,
    made: dict[Path, int],
    update: bool = False,
) -> tuple[Path, str]:
    """Write one row's school file (``"written"``), or rewrite it with
    ``update`` (``"updated"``), or find it with the same data (``"same"``).
    ``made`` holds the rows converted so far."""
    dates = {k: _iso(v) for k, v in row.items() if k in ("reviewed_on", "review_by")}
    data, where = _nest({**row, **dates})
    name = data.get("school", {}).get("name", "") or f"row-{number}"
    school = _validated(source, number, data, where)
    # The reference, checked, tells apart the folders of schools of one name.
    target = out / folder_name(name, school.school.reference) / "school.yaml"
    if target in made:
        raise SafeprintError.single(
            f"would be written to the same folder ({target.parent.name}/) as row "
            f"{made[target]} — give each its school_reference (the school's URN, "
            "say; capitals do not count), which its folder then ends with",
            file=source,
            field=f"row {number}, column school_name",
        )
    made[target] = number
    pictures = _pictures(data)
    data["review"] = {
        "reviewed_on": school.review.reviewed_on,
        "review_by": school.review.review_by,
    }
    _format_phones(data)
    order = [f.alias or name for name, f in SchoolFile.model_fields.items()]
    data = {key: data[key] for key in order if key in data}
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=88)
    header = _header(source, body)
    unprintable = glyph_problems(load_text(header + body, target))
    if unprintable:
        raise SafeprintError(
            [
                Problem(
                    p.message,
                    source,
                    field=f"row {number}, column {_column(_loc(p.field), where)}",
                )
                for p in unprintable
            ]
        )
    if target.exists():
        state = _compared(source, number, target, body, update)
        if state == "same":
            return target, state
    else:
        state = "written"
    _copy_pictures(source, number, pictures, target.parent)
    atomic_write(target, (header + body).encode())
    return target, state


def _header(source: Path, body: str) -> str:
    """What an imported school file starts with: where it came from, what to
    do next, and the stamp that tells whether it was edited since."""
    return (
        f"# Made by `safeprint import` from {source.name}.\n"
        "# Review it, add photos and a logo, then: safeprint check school.yaml\n"
        f"{STAMP}{_digest(body)} (tells `safeprint import --update` whether "
        "this file was edited)\n"
    )


def _validated(
    source: Path, number: int, data: dict[str, Any], where: dict[tuple, str]
) -> SchoolFile:
    """A row's data as a school file, or its problems named by row and column.
    Pictures are named relative to the sheet (and copied beside the school
    file when it is written)."""
    try:
        return SchoolFile.model_validate(
            data, context={"base": source.parent.resolve()}
        )
    except ValidationError as exc:
        problems = [
            Problem(
                _message(err),
                source,
                field=f"row {number}, column {_column(tuple(err['loc']), where)}",
            )
            for err in exc.errors()
        ]
        raise SafeprintError(problems) from None


def _compared(source: Path, number: int, target: Path, body: str, update: bool) -> str:
    """A school file an import wrote before: ``"same"`` as this row, or
    ``"updated"`` when ``update`` may rewrite it; else why it is left."""
    before = target.read_text(encoding="utf-8", errors="replace")
    differs = _differences(before, body)
    if not differs:
        return "same"
    edited = not _as_imported(before)
    if update and not edited:
        return "updated"
    shown = "; ".join(differs[:SHOWN])
    more = f"; and {len(differs) - SHOWN} more" if len(differs) > SHOWN else ""
    what = (
        "was edited since it was imported, so --update leaves it"
        if edited
        else "was imported from an earlier sheet"
    )
    fix = (
        "copy the sheet's changes into it by hand, or delete it to import the row again"
        if edited
        else "`safeprint import --update` takes the sheet's changes into it"
    )
    raise SafeprintError.single(
        f"{display_path(target)} {what} and differs from this row: {shown}{more} "
        f"— {fix}",
        file=source,
        field=f"row {number}",
    )


def _pictures(data: dict[str, Any]) -> list[str]:
    """The pictures a row names (logo and photos), as written in the sheet:
    paths relative to it, which the school file keeps relative to itself."""
    found = [data.get("school", {}).get("logo")]
    found += [p.get("photo") for p in data.get("team", []) if isinstance(p, dict)]
    found += [
        p.get("photo") for p in data.get("trusted_adults", []) if isinstance(p, dict)
    ]
    return [f for f in found if isinstance(f, str)]


def _copy_pictures(
    source: Path, number: int, pictures: list[str], folder: Path
) -> None:
    """Copy each picture a row names from beside the sheet to beside its school
    file, at the same relative path; one already there that differs is left
    as it is and named (nothing of the row is written)."""
    copies = []
    for name in pictures:
        data = (source.parent / name).read_bytes()
        target = folder / name
        if target.exists() and target.read_bytes() != data:
            raise SafeprintError.single(
                f"{display_path(target)} already exists and is not the picture "
                f"{name} beside the sheet — import never overwrites a picture: "
                "replace it by hand, or give the sheet's picture another name",
                file=source,
                field=f"row {number}",
            )
        copies.append((target, data))
    for target, data in copies:
        if not target.exists():
            atomic_write(target, data)


# The header line that records what an import wrote (a hash of the data part).
STAMP = "# safeprint import "
SHOWN = 5  # differences named in a message


def _digest(body: str) -> str:
    return hashlib.sha256(body.encode()).hexdigest()[:16]


def _as_imported(text: str) -> bool:
    """Whether a school file is as an import wrote it: its data part hashes to
    what its header recorded. A file from before imports recorded it counts as
    edited (there is no telling)."""
    lines = text.splitlines(keepends=True)
    stamps = [i for i, line in enumerate(lines[:5]) if line.startswith(STAMP)]
    if not stamps:
        return False
    recorded = lines[stamps[0]][len(STAMP) :].split(" ")[0]
    return _digest("".join(lines[stamps[0] + 1 :])) == recorded


def _differences(text: str, body: str) -> list[str]:
    """What differs between a school file's data and a row's, field by field
    (``team[1].phone: "01632 960124" in the file, "01632 960125" in the
    sheet``); nothing when they hold the same, however the file is laid out."""
    try:
        have = yaml.safe_load(text)
    except yaml.YAMLError:
        return ["the file is not YAML a school file can be"]
    old, new = _flat(have), _flat(yaml.safe_load(body))
    found = []
    for key in dict.fromkeys([*new, *old]):
        if old.get(key) != new.get(key):
            was = "not in the file" if key not in old else f"{old[key]!r} in the file"
            now = "not in the sheet" if key not in new else f"{new[key]!r} in the sheet"
            found.append(f"{key}: {was}, {now}")
    return found


def _flat(node: Any, prefix: str = "") -> dict[str, Any]:
    """Nested data as dotted paths to its values."""
    if isinstance(node, dict):
        items = [(f"{prefix}.{k}" if prefix else str(k), v) for k, v in node.items()]
    elif isinstance(node, list):
        items = [(f"{prefix}[{i}]", v) for i, v in enumerate(node)]
    else:
        return {prefix: str(node) if isinstance(node, dt.date) else node}
    flat: dict[str, Any] = {}
    for key, value in items:
        flat.update(_flat(value, key))
    return flat


def _format_phones(node: Any) -> None:
    """Phone numbers as the checks found them, in their standard grouping
    (``1632960101`` → ``01632 960101``), for the person who reviews the file."""
    if isinstance(node, list):
        for item in node:
            _format_phones(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key in ("phone", "out_of_hours") and isinstance(value, str):
                node[key] = format_phone(value)
            else:
                _format_phones(value)


def _iso(value: str) -> str:
    """A date as a spreadsheet in a UK region saves it (29/11/2026), as the
    school file writes it (2026-11-29); anything else as it is."""
    found = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value.strip())
    if not found:
        return value
    day, month, year = (int(part) for part in found.groups())
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return value


def _loc(dotted: str) -> tuple:
    """``team[0].name`` → ``("team", 0, "name")``."""
    parts: list[Any] = []
    for piece in re.findall(r"[^.\[\]]+|\[\d+\]", dotted):
        parts.append(int(piece[1:-1]) if piece.startswith("[") else piece)
    return tuple(parts)


def _nest(row: dict[str, str]) -> tuple[dict[str, Any], dict[tuple, str]]:
    """A flat row as a school file's nested data; and, for messages, the column
    each value came from."""
    data: dict[str, Any] = {}
    where: dict[tuple, str] = {}
    people: dict[tuple[str, int], dict[str, str]] = {}
    languages: dict[str, dict[str, str]] = {}
    for column, value in row.items():
        if value and (found := _in_language(column)):
            languages.setdefault(found[1], {})[found[2]] = value
    for column, value in row.items():
        if _in_language(column):
            continue
        if column in languages:  # English in the column itself
            english = {"en": value} if value else {}
            value = {**languages[column], **english}  # type: ignore[assignment]
        if not value:
            continue
        if column in SINGLE:
            path = SINGLE[column]
            node = data
            for key in path[:-1]:
                node = node.setdefault(key, {})
            node[path[-1]] = (
                value.replace(",", " ").split() if column in LISTS else value
            )
            where[path] = column
        elif match := _PERSON.match(column):
            kind, index, name = match[1], int(match[2] or 0), match[3]
            people.setdefault((kind, index), {})[name] = value
    for (kind, index), person in sorted(people.items(), key=_order):
        section = PEOPLE[kind][0]
        if kind == "dsl":
            person["role"] = "dsl"
        elif kind == "deputy":
            person["role"] = "deputy-dsl"
        entries = data.setdefault(section, [])
        for name in person:
            prefix = kind if kind == "dsl" else f"{kind}{index}"
            where[(section, len(entries), name)] = f"{prefix}_{name}"
        entries.append(person)
    data.setdefault("languages", ["en"])
    return data, where


def _order(item: tuple[tuple[str, int], dict]) -> tuple[int, int]:
    (kind, index), _ = item
    return ({"dsl": 0, "deputy": 1, "trusted": 2}[kind], index)


# Where a missing section is filled in, for messages.
SECTIONS = {
    ("team",): "dsl_name",
    ("local_contacts",): "children_services_name",
    ("review",): "reviewed_on",
    ("school",): "school_name",
}


def _column(loc: tuple, where: dict[tuple, str]) -> str:
    """The spreadsheet column a validation error belongs to."""
    reverse = {path: column for column, path in SINGLE.items()}
    for end in range(len(loc), 0, -1):
        part = loc[:end]
        column = where.get(part) or reverse.get(part) or SECTIONS.get(part)
        if column:
            return column
    return ".".join(map(str, loc))


def _message(err: Any) -> str:
    if err["type"] == "missing":
        return "is empty — fill in this column"
    return friendly_message(err)
