"""Build and check schools: the library's entry points.

``build`` runs the whole pipeline for each school file and writes the results;
``check`` runs it as far as asked without writing anything. A school that fails
fails alone: the others are still built.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import Problem, SafeprintError, display_path
from generator.layout.budget import batch_collection
from generator.load.confine import walk
from generator.options import Options
from generator.paths import example_schools_dir
from generator.runner.outcome import Outcome, problem_record
from generator.write.files import atomic_write, output_lock, remove_stale_temps

# The manifest (and the fonts its digests read) is imported where a build
# writes: a check writes nothing, and need not import them.
if TYPE_CHECKING:
    from generator.render.cmyk import Press
    from generator.runner.fitted import Built
    from generator.write.manifest import Entry, Memory


@dataclass
class BuildResult:
    """What a build made, what it skipped and what went wrong."""

    entries: list[Entry] = field(default_factory=list)
    failures: dict[Path, SafeprintError] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    manifest: Path | None = None

    @property
    def ok(self) -> bool:
        return not self.failures


def find_schools(
    paths: Iterable[Path], refused: dict[Path, SafeprintError] | None = None
) -> list[Path]:
    """School files named directly, or every ``school.yaml`` below a folder.

    A folder is searched without following links: a ``school.yaml`` that is a
    link to a file outside the folder searched is not built, and goes in
    ``refused`` (when given) with the reason."""
    found: list[Path] = []
    for path in paths or [example_schools_dir()]:
        if path.is_dir():
            inside = sorted(p for p in walk(path) if p.name == "school.yaml")
            root = path.resolve()
            for school in inside:
                if school.resolve().is_relative_to(root):
                    found.append(school)
                elif refused is not None:
                    refused[school] = SafeprintError.single(
                        f"is a link to {school.resolve()}, outside {path} — name "
                        "that school file itself to build it",
                        file=school,
                    )
            if not inside:
                raise SafeprintError.single(
                    "no school.yaml below this folder — name a school file, or make "
                    "one with `safeprint new DIR`",
                    file=path,
                )
        else:
            found.append(path)
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def build(
    paths: Iterable[Path] = (),
    out: Path = Path("output"),
    options: Options | None = None,
    progress: Callable[[Outcome, int, int], None] | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
    connect_timeout: float = 10.0,
) -> BuildResult:
    """Build every product of every school file in ``paths`` into ``out``.

    With ``jobs`` > 1, schools are laid out in that many worker processes, each
    with its own warm renderer; with ``scheduler`` (a Dask scheduler's address),
    on that cluster's workers (a :class:`UsageProblem` when it cannot be
    reached within ``connect_timeout`` seconds). Files are written here, one
    school at a time.
    """
    with output_lock(out):
        return _build(
            paths,
            out,
            options or Options(),
            progress,
            jobs,
            scheduler,
            connect_timeout,
        )


def _build(
    paths: Iterable[Path],
    out: Path,
    options: Options,
    progress: Callable[[Outcome, int, int], None] | None,
    jobs: int,
    scheduler: str | None,
    connect_timeout: float,
) -> BuildResult:
    from generator.write.manifest import Memory

    remove_stale_temps(out)
    run = _Run(out, options, Memory.read(out))
    sources = find_schools(paths, run.result.failures)
    # Schools found unchanged without loading them; the rest are made.
    unchanged = {
        source: found
        for source in sources
        if (found := run.memory.unchanged_school(source, options))
    }
    to_make = [source for source in sources if source not in unchanged]
    made = _made(to_make, options, run.memory, jobs, scheduler, connect_timeout)
    with batch_collection():
        outcomes = (unchanged.get(source) or next(made) for source in sources)
        for done, outcome in enumerate(outcomes, start=1):
            run.write(outcome, kept_whole=outcome.source in unchanged)
            if progress:
                progress(outcome, done, len(sources))
    run.write_manifest()
    return run.result


def _made(
    sources: list[Path],
    options: Options,
    memory: Memory,
    jobs: int,
    scheduler: str | None,
    connect_timeout: float,
) -> Iterator[Outcome]:
    """Each school of ``sources`` made, in order: here, in workers or on a
    cluster. The pipeline is loaded only when there is a school to make."""
    if not sources:
        return iter(())
    from generator.runner import workers as parallel

    if scheduler:
        return iter(
            parallel.on_cluster(scheduler, sources, options, memory, connect_timeout)
        )
    return iter(parallel.outcomes(sources, options, jobs, memory))


@dataclass
class _Run:
    """One build as it writes each school's files, and what its manifest will
    say: each school's record (by its file's full path; empty for one to make
    again in full next time) and inputs (by its folder)."""

    out: Path
    options: Options
    memory: Memory
    result: BuildResult = field(default_factory=BuildResult)
    slugs: dict[str, Path] = field(default_factory=dict)
    schools: dict[str, dict] = field(default_factory=dict)
    inputs: dict[str, str] = field(default_factory=dict)
    removed: bool = False

    def write(self, outcome: Outcome, kept_whole: bool) -> None:
        """Write one school's documents (or record why it failed)."""
        from generator.write.manifest import Entry, school_record

        if not outcome.errors:
            outcome.errors = _slug_problems(self.slugs, outcome) or _owner_problems(
                self.memory, outcome
            )
        key = str(outcome.source.resolve())
        if outcome.errors:
            self.result.failures[outcome.source] = SafeprintError(outcome.errors)
            self.schools[key] = {}
            return
        self.result.warnings += outcome.all_warnings
        entries = [_write(self.out, outcome, doc) for doc in outcome.built]
        entries += [
            Entry(**{**e, **_school_fields(outcome), "skipped": True})
            for e in outcome.kept
        ]
        self.inputs[outcome.slug] = outcome.inputs
        self.result.entries += entries
        if outcome.failed:
            self.result.failures[outcome.source] = _failed_documents(
                self.out, outcome, len(entries)
            )
            self.removed = True
            self.schools[key] = {}  # made again in full next time
        elif kept_whole:
            self.schools[key] = self.memory.schools[key]
        elif outcome.inputs:
            made_here = {e.path: e.sha256 for e in entries}
            self.schools[key] = school_record(outcome, self.options, made_here)
        else:  # its parts were made from different school files
            self.schools[key] = {}

    def write_manifest(self) -> None:
        """The manifest, when anything was written or removed; and a warning
        for each earlier file a build of some products deleted."""
        from generator.write.manifest import write_manifest

        result, options = self.result, self.options
        if not (result.entries or self.removed):
            return
        partial = bool(options.only or options.sizes)
        judge = self.memory.judge(self.inputs, options.strict) if partial else None
        result.manifest, gone = write_manifest(
            self.out, result.entries, self.schools, judge
        )
        result.warnings += _gone_problems(gone, result.entries)


def check(
    paths: Iterable[Path] = (), *, render: bool = False, options: Options | None = None
) -> BuildResult:
    """Validate (and with ``render`` lay out) every school without writing."""
    options = options or Options()
    result = BuildResult()
    from generator.runner.school import make_school

    renderer = None
    if render:
        # Only a check that lays out needs the layout engine.
        from generator.layout.engine import warm_renderer

        renderer = warm_renderer()
    with batch_collection():
        for source in find_schools(paths, result.failures):
            outcome = make_school(source, options, renderer)
            if outcome.errors or outcome.failed:
                problems = [p for found in outcome.failed.values() for p in found]
                result.failures[source] = SafeprintError(outcome.errors + problems)
            else:
                result.warnings += outcome.all_warnings
    return result


def _failed_documents(out: Path, outcome: Outcome, made: int) -> SafeprintError:
    """The problems of a school's documents that could not be made. Each one's
    earlier file is deleted, so that no out-of-date copy is printed; the last
    line says so, and that the school's other documents were made."""
    gone = []
    for filename in outcome.failed:
        earlier = out / outcome.slug / filename
        if earlier.is_file():
            earlier.unlink()
            gone.append(display_path(earlier))
    problems = [p for found in outcome.failed.values() for p in found]
    deleted = (
        f" (its earlier file deleted, so that no out-of-date copy is printed: "
        f"{', '.join(gone)})"
        if gone
        else ""
    )
    others = f"; the school's other {made} document(s) were made" if made else ""
    if gone or made:
        problems.append(
            Problem(
                f"not made: {', '.join(outcome.failed)}{deleted}{others}",
                file=outcome.source,
            )
        )
    return SafeprintError(problems)


def _slug_problems(slugs: dict[str, Path], outcome: Outcome) -> list[Problem]:
    other = slugs.setdefault(outcome.slug, outcome.source)
    if other == outcome.source:
        return []
    return [
        Problem(
            f"would be written to the same folder ({outcome.slug}/) as "
            f"{display_path(other)} — give each school its own name, or, where "
            "two schools share a name, give each its own `reference:` (the "
            "school's URN, say; capitals do not count), which its folder then "
            "ends with",
            file=outcome.source,
            field="school.name",
        )
    ]


def _owner_problems(memory: Memory, outcome: Outcome) -> list[Problem]:
    """A school's folder belongs to the school file that made it: another file
    that calls itself by the same name (and reference) may not replace its
    files, however it got there."""
    mine = str(outcome.source.resolve())
    others = sorted(memory.owners(outcome.slug) - {mine})
    if not others:
        return []
    folder = display_path(memory.out / outcome.slug)
    return [
        Problem(
            f"its files would go in {folder}/, which holds those of another "
            f"school file, {display_path(Path(others[0]))} — give this school "
            "its own `reference:` (the school's URN, say), or, if it really "
            f"replaces that school, delete {folder}/ first",
            file=outcome.source,
            field="school.name",
        )
    ]


def _gone_problems(gone: list[tuple[dict, str]], made: list[Entry]) -> list[Problem]:
    """One warning for each school and reason, naming the files deleted; not
    those made again elsewhere (a renamed school's new folder)."""
    again = {(entry.school_file, Path(entry.path).name) for entry in made}
    listed: dict[tuple[str, str], list[str]] = {}
    for entry, reason in gone:
        if (entry.get("school_file"), Path(entry["path"]).name) not in again:
            listed.setdefault((entry["source"], reason), []).append(entry["path"])
    return [
        Problem(
            f"deleted, since {reason}, and this build did not make them again "
            f"(--only, --size): {', '.join(sorted(paths))} — a build without "
            "--only and --size makes every file the school asks for",
            file=Path(source),
            warning=True,
        )
        for (source, reason), paths in listed.items()
    ]


def _school_fields(outcome: Outcome) -> dict[str, str]:
    """What ties an entry to its school however the build named it."""
    return {
        "school_inputs": outcome.inputs,
        "school_file": str(outcome.source.resolve()),
    }


def _write(out: Path, outcome: Outcome, doc: Built) -> Entry:
    from generator.write.manifest import Entry

    relative = Path(outcome.slug) / doc.variant.filename
    atomic_write(out / relative, doc.pdf)
    variant = doc.variant
    return Entry(
        school=outcome.school,
        source=display_path(outcome.source),
        product=variant.product.id,
        variant=list(variant.parts),
        languages=list(variant.languages),
        path=relative.as_posix(),
        pages=doc.pages,
        page_size_mm=list(variant.page_mm),
        sha256=hashlib.sha256(doc.pdf).hexdigest(),
        type_scale=round(doc.scale, 3),
        warnings=[str(w) for w in outcome.warnings + doc.warnings],
        notes=[problem_record(w) for w in doc.warnings],
        inputs=outcome.keys.get(variant.filename, ""),
        fitted=doc.record,
        profile=press_name(variant.press) if variant.press else "",
        **_school_fields(outcome),
    )


def press_name(press: Press) -> str:
    """A print shop's profile as a person recognises it: its description and
    its file."""
    return f"{press.name} ({press.path})"
