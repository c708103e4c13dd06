"""The school file as its author wrote it: read, changed and written back
keeping comments, key order, indentation and quoting (ruamel.yaml's round trip).

A save never overwrites a file that changed on disk since the page read it:
the page's copy carries the digest of the bytes it started from.
"""

from __future__ import annotations

import hashlib
import io
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import SafeprintError
from generator.load.reader import MAX_BYTES
from generator.write.files import atomic_write

# One save at a time: the digest check and the rename happen together.
_SAVING = threading.Lock()


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Document:
    """A school file's YAML tree, with the way it was indented."""

    path: Path
    data: Any
    digest: str
    indent: tuple[int, int]

    def dump(self) -> str:
        out = io.StringIO()
        _yaml(self.indent).dump(self.data, out)
        return out.getvalue()


def _yaml(indent: tuple[int, int]) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    # Long values stay on one line, as the author wrote them.
    yaml.width = 4096
    sequence, offset = indent
    yaml.indent(mapping=2, sequence=sequence, offset=offset)
    return yaml


def read(path: Path) -> Document:
    """The school file at ``path``, ready to change."""
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.util import load_yaml_guess_indent

    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise SafeprintError.single("the file is too large to edit here", file=path)
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
        _, sequence, offset = load_yaml_guess_indent(text)
        indent = (sequence or 2, offset or 0)
        data = _yaml(indent).load(text)
    except (UnicodeDecodeError, YAMLError) as exc:
        raise SafeprintError.single(
            f"cannot be read as YAML ({exc}) — fix it in a text editor first",
            file=path,
        ) from exc
    if data is None:
        from ruamel.yaml.comments import CommentedMap

        data = CommentedMap()
    if not isinstance(data, dict):
        raise SafeprintError.single(
            "is not a set of `key: value` lines — fix it in a text editor first",
            file=path,
        )
    return Document(path, data, digest(raw), indent)


_PLAIN: dict[Path, tuple[str, Any]] = {}


def plain_copy(path: Path) -> Any:
    """The school file's values as plain data, to change (parsed once per
    version of the file)."""
    import copy

    import yaml

    raw = path.read_bytes()[: MAX_BYTES + 1]
    key = digest(raw)
    cached = _PLAIN.get(path)
    if cached is None or cached[0] != key:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        try:
            data = yaml.load(raw.decode("utf-8", "replace"), Loader=loader)
        except yaml.YAMLError:
            data = None
        _PLAIN[path] = cached = (key, data if isinstance(data, dict) else {})
    return copy.deepcopy(cached[1])


def plain_dump(data: Any) -> str:
    """Plain data (with any round-trip types in it) as YAML text."""
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(
        _plain(data), Dumper=dumper, sort_keys=False, allow_unicode=True, width=4096
    )


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


class Conflict(Exception):
    """The file changed on disk after the page read it."""


def save(document: Document, base: str, keep_both: bool = False) -> Path:
    """Write ``document`` atomically where it came from, if the file on disk is
    still the one the page started from (digest ``base``). With ``keep_both``,
    a changed file is left as it is and this copy is written beside it."""
    data = document.dump().encode()
    with _SAVING:
        current = digest(document.path.read_bytes()) if document.path.exists() else ""
        target = document.path
        if current != base:
            if not keep_both:
                raise Conflict(str(document.path))
            target = beside(document.path)
        atomic_write(target, data)
    return target


def beside(path: Path) -> Path:
    """A free name next to ``path`` for a second copy: ``school-2.yaml``, ... .
    Not named ``school.yaml``, so it is never built as a school of its own."""
    n = 2
    while (candidate := path.with_name(f"{path.stem}-{n}{path.suffix}")).exists():
        n += 1
    return candidate
