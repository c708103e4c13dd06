"""Load YAML safely, remembering the line and column of every key and value.

Only plain data comes out (mappings, lists, strings, numbers, booleans, dates). The
loader refuses what would make a file dangerous or ambiguous: files over a size
limit, alias expansion past a node budget ("billion laughs"), very deep nesting,
duplicate keys (YAML would silently keep the last one), bytes that are not UTF-8.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import Problem, SafeprintError

MAX_BYTES = 1_000_000
MAX_NODES = 50_000
MAX_DEPTH = 40
# Characters of text in all, counting each alias as often as it is used: what
# the file would be written out plainly. Twice the size limit leaves room for
# a few honest aliases.
MAX_CHARS = 2 * MAX_BYTES
# Control characters a value may not hold, however they were written (a YAML
# escape like "\0" or "\e" too): they would reach a terminal or a PDF raw.
# Tabs and line breaks are text.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

Loc = tuple[str | int, ...]

# The tags plain YAML resolves to; anything else (`!foo`, `!!python/...`, `!!set`)
# is refused rather than constructed.
PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
)


@dataclass
class Loaded:
    """A YAML document's data with the position of each value in its file."""

    path: Path
    data: Any
    positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def where(self, loc: Loc) -> tuple[int | None, int | None]:
        """Line and column (1-based) of ``loc``, or of its nearest located parent."""
        for end in range(len(loc), -1, -1):
            found = self.positions.get(tuple(loc[:end]))
            if found:
                return found
        return None, None

    def problem(self, loc: Loc, message: str, *, warning: bool = False) -> Problem:
        line, column = self.where(loc)
        return Problem(message, self.path, line, column, dotted(loc), warning=warning)


def dotted(loc: Loc) -> str:
    """``("team", 0, "phone")`` → ``team[0].phone``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def load_file(path: Path, ours: bool = False) -> Loaded:
    """Read and parse one YAML file; raise :class:`SafeprintError` on any problem.

    ``ours``: one of safeprint's own content files, parsed with libyaml's C
    parser where PyYAML has it (several times faster). School files keep the
    pure-Python parser, whose messages the tests pin down."""
    try:
        if not path.is_file():
            raise SafeprintError.single(
                "no such file — check the path (a school file is usually school.yaml)",
                file=path,
            )
        raw = path.read_bytes()[: MAX_BYTES + 1]
    except OSError as exc:
        raise SafeprintError.single(
            f"cannot read it: {exc.strerror}", file=path
        ) from exc
    if len(raw) > MAX_BYTES:
        raise SafeprintError.single(
            f"the file is larger than {MAX_BYTES // 1000} kB — a school file is "
            "a few kB. "
            "Check it is the right file.",
            file=path,
        )
    return load_text(_decode(raw, path), path, ours)


def _decode(raw: bytes, path: Path) -> str:
    body = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = body[: exc.start]
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
        raise SafeprintError.single(
            "this file is not UTF-8 text — save it as UTF-8 (in most editors: "
            "Save As → Encoding → UTF-8)",
            file=path,
            line=before.count(b"\n") + 1,
            column=column,
        ) from exc


def load_text(text: str, path: Path, ours: bool = False) -> Loaded:
    """Parse YAML text that claims to come from ``path`` (used in messages).

    libyaml's C parser reads it where PyYAML has one (several times faster), but
    a school file only when it cannot nest deeply: libyaml recurses in C, and a
    file nested some 50,000 levels deep crashes the process. The pure-Python
    parser reads everything else, and reads again any school file the C parser
    finds fault with: its messages say more, and it refuses invisible
    characters libyaml lets through."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None and (ours or _shallow(text)):
        try:
            return _parse(text, path, fast)
        except Exception:  # noqa: BLE001 — the pure-Python parser says what is wrong
            if ours:
                raise
    return _parse(text, path, yaml.SafeLoader)


# A YAML document nests no deeper than its longest line is wide (indentation and
# "- " each take a column) plus its open brackets: both kept far below what
# libyaml's recursion survives on any stack.
SHALLOW_COLUMNS = 400
SHALLOW_BRACKETS = 100
_BRACKET = re.compile(r"[\[\]{}]")


def _shallow(text: str) -> bool:
    if yaml.reader.Reader.NON_PRINTABLE.search(text):
        return False
    if max(map(len, text.splitlines()), default=0) > SHALLOW_COLUMNS:
        return False
    depth = 0
    for bracket in _BRACKET.finditer(text):
        depth += 1 if bracket.group() in "[{" else -1
        if depth > SHALLOW_BRACKETS:
            return False
    return True


def _parse(text: str, path: Path, parser: type) -> Loaded:
    try:
        loader = parser(text)
    except yaml.reader.ReaderError as exc:
        raise _reader_problem(exc, text, path) from exc
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise _syntax_problem(exc, path) from exc
    except yaml.reader.ReaderError as exc:
        raise _reader_problem(exc, text, path) from exc
    except RecursionError as exc:
        raise SafeprintError.single(
            "the file nests too deeply — a school file needs only a few levels",
            file=path,
        ) from exc
    finally:
        if "loader" in locals():
            loader.dispose()
    if node is None or (isinstance(node, ScalarNode) and node.value == ""):
        raise SafeprintError.single(
            "the file is empty — `safeprint new DIR` writes a commented example "
            "to fill in",
            file=path,
        )
    loaded = Loaded(path, None)
    builder = _Builder(loader, loaded)
    loaded.data = builder.build(node, (), 0)
    if builder.problems:
        raise SafeprintError(builder.problems)
    return loaded


def _reader_problem(
    exc: yaml.reader.ReaderError, text: str, path: Path
) -> SafeprintError:
    before = text[: exc.position]
    return SafeprintError.single(
        f"the file contains a character YAML does not allow (U+{exc.character:04X}, "
        "an invisible control character) — delete it",
        file=path,
        line=before.count("\n") + 1,
        column=len(before) - (before.rfind("\n") + 1) + 1,
    )


def _syntax_problem(exc: yaml.MarkedYAMLError, path: Path) -> SafeprintError:
    mark = exc.problem_mark or exc.context_mark
    what = exc.problem or "this is not valid YAML"
    hint = "check the indentation and that every `key: value` has a space after `:`"
    if "another document" in what:
        hint = "a school file is one YAML document: remove the second `---`"
    elif "'\\t'" in what or "tab" in what.lower():
        hint = "YAML indents with spaces, never tabs: replace the tab with spaces"
    elif "could not find expected ':'" in what or "mapping values" in what:
        hint = 'put quotes around text that contains a colon, e.g. "Room: 2"'
    message = f"YAML syntax error: {what} — {hint}"
    if mark is None:
        return SafeprintError.single(message, file=path)
    return SafeprintError.single(
        message, file=path, line=mark.line + 1, column=mark.column + 1
    )


class _Builder:
    """Turns composed YAML nodes into plain data, recording positions."""

    def __init__(self, loader: yaml.SafeLoader, loaded: Loaded) -> None:
        self.loader = loader
        self.loaded = loaded
        self.nodes = 0
        self.chars = 0
        self.problems: list[Problem] = []

    def build(self, node: Node, loc: Loc, depth: int) -> Any:
        self.nodes += 1
        if depth > MAX_DEPTH:
            self._too_big(
                node,
                loc,
                f"the file nests too deeply (more than {MAX_DEPTH} levels) — a "
                "school file needs only a few",
            )
        if self.nodes > MAX_NODES:
            self._too_big(node, loc, "the file repeats too much (too many aliases)")
        self.loaded.positions.setdefault(
            loc, (node.start_mark.line + 1, node.start_mark.column + 1)
        )
        if node.tag not in PLAIN_TAGS:
            self._fail(
                node,
                loc,
                f"YAML tags like `{node.tag}` are not used in "
                "school files — delete the tag",
            )
            return None
        if isinstance(node, MappingNode):
            return dict(self._pairs(node, loc, depth))
        if isinstance(node, SequenceNode):
            return [
                self.build(n, (*loc, i), depth + 1) for i, n in enumerate(node.value)
            ]
        return self._scalar(node, loc)

    def _pairs(self, node: MappingNode, loc: Loc, depth: int) -> Iterator[tuple]:
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._fail(
                    key_node,
                    loc,
                    "`<<` merge keys are not supported — write the values out in full",
                )
                continue
            key = str(key_node.value) if isinstance(key_node, ScalarNode) else None
            if key is None:
                self._fail(key_node, loc, "a key must be plain text")
                continue
            if CONTROL.search(key):
                self._fail(key_node, loc, _control_message(key))
                continue
            if key in seen:
                self._fail(
                    key_node,
                    (*loc, key),
                    f"`{key}` is given twice (first on "
                    f"line {seen[key]}) — keep one and delete the other",
                )
                continue
            seen[key] = key_node.start_mark.line + 1
            self.loaded.positions[(*loc, key)] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            yield key, self.build(value_node, (*loc, key), depth + 1)

    def _scalar(self, node: ScalarNode, loc: Loc) -> Any:
        try:
            value = self.loader.construct_object(node, deep=True)
        except Exception:  # a mistyped value must never become a traceback
            self._fail(node, loc, _unreadable(node))
            return None
        text = node.value
        self.chars += len(text)
        if self.chars > MAX_CHARS:
            self._too_big(
                node,
                loc,
                f"the file repeats too much: with its aliases written out it holds "
                f"more than {MAX_CHARS // 1_000_000} million characters",
            )
        if isinstance(value, str) and CONTROL.search(value):
            self._fail(node, loc, _control_message(value))
            return None
        # Phone numbers and times written without quotes must not become numbers:
        # `01632960123` or `0123456` (octal!) or `12:30` (sexagesimal).
        if (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and (text.startswith(("0", "+")) or ":" in text)
        ):
            return text
        return value

    def _fail(self, node: Node, loc: Loc, message: str) -> None:
        self.problems.append(
            Problem(
                message,
                self.loaded.path,
                node.start_mark.line + 1,
                node.start_mark.column + 1,
                dotted(loc),
            )
        )

    def _too_big(self, node: Node, loc: Loc, why: str) -> None:
        self._fail(node, loc, f"{why} — write the values out plainly")
        raise SafeprintError(self.problems)


def _control_message(text: str) -> str:
    found = CONTROL.search(text)
    assert found is not None
    return (
        f"holds an invisible control character (U+{ord(found.group()):04X}) — "
        "delete it (and any `\\` escape that wrote it)"
    )


def _unreadable(node: ScalarNode) -> str:
    """Why YAML could not read a value: a date with no such day, or else."""
    if node.tag.endswith("timestamp"):
        from generator.validate.fields import read_date

        try:
            read_date(node.value)
        except ValueError as exc:
            return str(exc)
        hint = "a date is written YYYY-MM-DD or DD/MM/YYYY, e.g. 2026-09-01"
    else:
        hint = "put the value in quotes"
    return f'"{node.value}" is not a valid value — {hint}'
