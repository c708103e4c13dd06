"""What a build remembers, and how it decides what is up to date.

``output/manifest.json`` lists every file built (an :class:`Entry` each) and a
record of each school built without errors. The next build reads it once into
a :class:`Memory`, which is handed to whatever makes the schools (here, worker
processes or a cluster) and answers their questions:

- a school whose inputs, options and files are as recorded, checked the same
  day, is kept without loading it (:meth:`Memory.unchanged_school`);
- a document whose inputs are unchanged and whose file is intact is kept
  without laying it out (:meth:`Memory.kept_documents`), and a document laid out
  again starts from the fit found before (:meth:`Memory.fitted`);
- a build of some products only says why each earlier file it did not make
  again goes (:meth:`Memory.judge`).

What shapes a document is hashed in :mod:`generator.write.digest`; only
:func:`write_manifest` writes the manifest (atomically, see
:mod:`generator.write.files`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.load.confine import walk
from generator.runner.outcome import Outcome, problem_from, problem_record
from generator.write.digest import inputs_digest
from generator.write.files import atomic_write

if TYPE_CHECKING:
    from generator.options import Options
    from generator.products import Variant

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Entry:
    """One built file, as listed in ``manifest.json``."""

    school: str
    source: str
    product: str
    variant: list[str]
    languages: list[str]
    path: str
    pages: int
    page_size_mm: list[float]
    sha256: str
    type_scale: float = 1.0
    warnings: list[str] = field(default_factory=list)
    # The document's own warnings (not its school's) as records: a build that
    # keeps the file repeats them.
    notes: list[dict] = field(default_factory=list)
    # A hash of everything that shaped the file; unchanged inputs are not rebuilt.
    inputs: str = ""
    # True when this build found the file up to date and left it as it was.
    skipped: bool = False
    # How it was fitted (exact scale, the card's people): a rebuild with the same
    # inputs starts from it.
    fitted: dict = field(default_factory=dict)
    # The inputs of its school as a whole (see ``digest.inputs_digest``): a build
    # of some of the school's products keeps the others while these are the same.
    school_inputs: str = ""
    # The school file's full path: however a build names it, a school built again
    # finds the files it made before (and removes those it no longer makes).
    school_file: str = ""
    # For a print shop: the CMYK colour profile the file was made for (its
    # description and file).
    profile: str = ""


CHANGED = (
    "what they were made from (the school file, its pictures or templates, or "
    "safeprint) has changed, so they could show old details"
)
EDITED = "they are not as safeprint wrote them (changed or damaged since)"
STRICT = "they have warnings, which --strict refuses"


@dataclass(frozen=True)
class Memory:
    """The last build into ``out``, as its manifest lists it: each file's entry
    by its path in ``out``, and each school's record by its file's full path.
    Read once per build; it pickles, for a worker or a cluster."""

    out: Path | None = None
    entries: dict[str, dict] = field(default_factory=dict)
    schools: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def read(cls, out: Path) -> Memory:
        data = _parsed(out)
        entries = {entry["path"]: entry for entry in _entries(data)}
        return cls(out, entries, _records(data))

    def intact(self, entry: dict) -> bool:
        """Whether the file an entry lists is there, as it was written."""
        return self.out is not None and intact(self.out, entry)

    def unchanged_school(self, source: Path, options: Options) -> Outcome | None:
        """A school with nothing to build, known without loading it: the same
        inputs and options as when it was last built without errors, checked
        the same day (its checks of review and verified dates give the same
        answers all day), and every file it made still in the manifest and on
        disk as it made it. Its warnings are those it had then. ``None`` when
        anything differs, or the school's folder holds links (which could point
        elsewhere since): the school is loaded and checked as usual."""
        record = self.schools.get(str(source.resolve()))
        today = dt.date.today().isoformat()
        if options.force or not record or record["checked_on"] != today:
            return None
        named = record["named"]
        if any(Path(name).is_absolute() or ".." in Path(name).parts for name in named):
            return None  # a hand-edited manifest: only files inside the school's folder
        files: dict[str, str] = record["files"]
        try:
            if _has_links(source.parent):
                return None
            inputs = inputs_digest(source, named)
        except OSError:
            return None
        warnings = [problem_from(w) for w in record["warnings"]]
        if None in warnings:
            return None
        entries = [self.entries.get(path) for path in files]
        if _stamp(inputs, options) != record["inputs"] or not all(
            entry and entry.get("sha256") == sha256 and self.intact(entry)
            for entry, sha256 in zip(entries, files.values(), strict=True)
        ):
            return None
        return Outcome(
            source,
            record["slug"],
            record["school"],
            warnings=[w for w in warnings if w is not None],
            kept=entries,
            inputs=inputs,
        )

    def kept_documents(
        self, slug: str, found: list[Variant], keys: dict[str, str], options: Options
    ) -> dict[str, dict]:
        """The files (by name) of ``found`` that need no new build: their inputs
        (``keys``) as recorded and their files intact.

        A product's files (a card and its sheet, say) are kept or rebuilt
        together. With ``--strict``, a file that had warnings is made again, so
        that they are found and refuse it as they would have at first.
        """
        if self.out is None or options.force:
            return {}
        kept = {}
        for variant in found:
            entry = self.entries.get(f"{slug}/{variant.filename}")
            if (
                entry
                and entry.get("inputs") == keys[variant.filename]
                and self.intact(entry)
                and not (options.strict and entry.get("warnings"))
            ):
                kept[variant.filename] = entry
        stale = {(v.product.id, v.band) for v in found if v.filename not in kept}
        return {
            v.filename: kept[v.filename]
            for v in found
            if v.filename in kept and (v.product.id, v.band) not in stale
        }

    def fitted(self, slug: str, filename: str, key: str) -> dict | None:
        """How a document was fitted before, if its inputs (``key``) have not
        changed since."""
        entry = self.entries.get(f"{slug}/{filename}") or {}
        if entry.get("inputs") == key and entry.get("fitted"):
            return entry["fitted"]
        return None

    def owners(self, slug: str) -> set[str]:
        """The school files whose files, still there, are in ``slug``'s folder."""
        assert self.out is not None
        return {
            owner
            for path, entry in self.entries.items()
            if path.startswith(f"{slug}/")
            and (self.out / path).is_file()
            and isinstance(owner := entry.get("school_file"), str)
        }

    def judge(self, inputs: dict[str, str], strict: bool) -> Callable[[dict], str]:
        """For a build of some products: why an earlier file of a school it
        built, which it did not make again, is deleted; nothing when it may
        stay. ``inputs`` are each school's inputs now, by its folder."""

        def judge(entry: dict) -> str:
            now = inputs.get(entry["path"].split("/")[0])
            if not now or entry.get("school_inputs") != now:
                return CHANGED
            if not self.intact(entry):
                return EDITED
            if strict and entry.get("warnings"):
                return STRICT
            return ""

        return judge


def school_record(outcome: Outcome, options: Options, files: dict[str, str]) -> dict:
    """What the manifest keeps of a school built without errors, so that the
    next build the same day can find it unchanged without loading it (see
    :meth:`Memory.unchanged_school`); ``files`` are the path and sha256 of
    everything it made."""
    return {
        "source": str(outcome.source.resolve()),
        "inputs": _stamp(outcome.inputs, options),
        "named": outcome.named,
        "checked_on": outcome.checked_on,
        "slug": outcome.slug,
        "school": outcome.school,
        "warnings": [problem_record(w) for w in outcome.warnings],
        "files": files,
    }


def write_manifest(
    out: Path,
    entries: list[Entry],
    schools: dict[str, dict] | None = None,
    judge: Callable[[dict], str] | None = None,
) -> tuple[Path, list[tuple[dict, str]]]:
    """Merge ``entries`` into ``out/manifest.json``, and ``schools`` (each
    school's record, by its file's path; empty for one that failed) into its
    list of schools.

    Entries from earlier builds of other schools stay while their files exist, so
    building one school does not forget the rest. A school just built replaces
    all its earlier files: one it no longer makes (a size dropped, a school
    renamed) is deleted, so no out-of-date poster is left to print.

    A build of some products only passes ``judge``, which says why such a file
    goes (or nothing, when it may stay). Returns the manifest's path, and each
    file it judged gone, with the reason.
    """
    path = out / MANIFEST
    new = {e.path: asdict(e) for e in entries}
    folders = {e.path.split("/")[0] for e in entries}
    sources = {e.source for e in entries}
    school_files = {e.school_file for e in entries if e.school_file}
    kept = {}
    gone = []
    before = _parsed(out)
    for old in _entries(before):
        replaced = (
            old["path"].split("/")[0] in folders
            or old.get("school_file") in school_files
            or old.get("source") in sources
        )
        if replaced and old["path"] not in new:
            reason = judge(old) if judge else ""
            if judge and not reason:
                if (out / old["path"]).is_file():
                    kept[old["path"]] = old
                continue
            if reason and (out / old["path"]).is_file():
                gone.append((old, reason))
            _remove(out, old["path"])
        elif (out / old["path"]).is_file():
            kept[old["path"]] = old
    kept.update(new)
    files = sorted(kept.values(), key=lambda e: e["path"])
    records = {**_records(before), **(schools or {})}
    listed = [
        record
        for _, record in sorted(records.items())
        if record and all(path in kept for path in record.get("files", ()))
    ]
    manifest = {"files": files, "schools": listed}
    text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    atomic_write(path, text.encode())
    return path, gone


def read_manifest(out: Path) -> list[dict]:
    """The entries of the manifest in ``out`` (none when it is missing or broken)."""
    return _entries(_parsed(out))


def intact(out: Path, entry: dict) -> bool:
    """Whether the file an entry lists is there, as it was written."""
    path = out / entry["path"]
    return path.is_file() and hashlib.sha256(
        path.read_bytes()
    ).hexdigest() == entry.get("sha256")


def _remove(out: Path, relative: str) -> None:
    """Delete a file the manifest listed, if it is really inside ``out``."""
    target = (out / relative).resolve()
    if target.is_relative_to(out.resolve()) and target.is_file():
        target.unlink()
        if not any(target.parent.iterdir()):
            target.parent.rmdir()


def _records(data: dict) -> dict[str, dict]:
    """A record not in the shape a build writes (edited by hand) is left out."""
    listed = data.get("schools", [])
    if not isinstance(listed, list):
        return {}
    return {record["source"]: record for record in listed if _well_formed(record)}


RECORD = {"source": str, "inputs": str, "checked_on": str, "slug": str, "school": str}


def _well_formed(record: object) -> bool:
    if not isinstance(record, dict):
        return False
    named, files, warnings = (record.get(k) for k in ("named", "files", "warnings"))
    return (
        all(isinstance(record.get(key), kind) for key, kind in RECORD.items())
        and isinstance(named, list)
        and all(isinstance(name, str) for name in named)
        and isinstance(files, dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in files.items())
        and isinstance(warnings, list)
        and all(isinstance(w, dict) for w in warnings)
    )


def _entries(data: dict) -> list[dict]:
    listed = data.get("files", [])
    if not isinstance(listed, list):
        return []
    return [e for e in listed if isinstance(e, dict) and "path" in e]


def _parsed(out: Path) -> dict:
    """The manifest in ``out``, or nothing when there is none or it is broken."""
    try:
        data = json.loads((out / MANIFEST).read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _has_links(folder: Path) -> bool:
    """Whether anything in ``folder`` is a symbolic link."""
    return any(path.is_symlink() for path in walk(folder))


def _stamp(inputs: str, options: Options) -> str:
    return hashlib.sha256(f"{inputs}|{options.output_key()}".encode()).hexdigest()
