"""``safeprint import``: a trust's spreadsheet (CSV) in, one school file per row out.

The trust edits one spreadsheet; safeprint writes a ``school.yaml`` per school for
a person to review. Each row is checked with the same rules as a school file; a
bad row is reported by row number and column and the good rows still convert.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from generator.errors import Problem, SafeprintError, display_path
from generator.load.columns import EXAMPLE, SECTIONS, SINGLE, columns, nest
from generator.load.csvfile import read_rows
from generator.load.reader import load_text
from generator.resolve.pack import folder_name
from generator.validate.checks import glyph_problems
from generator.validate.fields import format_phone
from generator.validate.models import SchoolFile
from generator.validate.report import friendly_message
from generator.write.files import atomic_write


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
    rows, result.problems = read_rows(source)
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
    data, where = nest({**row, **dates})
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
