"""Rebuild while someone edits: a school file, an image, a template or a style
changes, and what it shapes is built again (the proof sheet too)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from generator.options import Options
from generator.paths import content_dir, products_dir, styles_dir, templates_dir
from generator.runner.build import BuildResult, build, find_schools


def forget() -> None:
    """Drop what this process read once and kept: national content, nation
    profiles, translations, templates, parsed styles (a new build reads them
    afresh)."""
    from generator.layout import engine as layout
    from generator.render import sandbox
    from generator.resolve import language
    from generator.resolve import pack as resolve
    from generator.write import digest

    for cached in (
        resolve.national_content,
        resolve.load_nation,
        resolve.nation_content,
        digest.package_digest,
        language._load_language,
        sandbox.environment,
        layout.warm_renderer,
    ):
        cached.cache_clear()


def watched(paths: Iterable[Path]) -> list[Path]:
    """The school folders, and safeprint's own products, templates, styles and
    content."""
    folders = {source.parent.resolve() for source in find_schools(paths)}
    folders |= {products_dir(), templates_dir(), styles_dir(), content_dir()}
    return sorted(folders)


def watch_builds(
    paths: list[Path],
    out: Path,
    options: Options,
    after: Callable[[BuildResult], None],
    stop: threading.Event | None = None,
    jobs: int = 1,
) -> None:
    """Build once, then again after each change, until ``stop`` is set (or
    Ctrl-C). ``after`` gets each build's result."""
    from watchfiles import watch

    output = out.resolve()

    def relevant(_change: object, path: str) -> bool:
        changed = Path(path)
        return not (
            changed.is_relative_to(output)
            or changed.name.startswith(".")
            or changed.suffix == ".tmp"
            or "__pycache__" in changed.parts
        )

    first = True
    # The watcher is running before the first build starts (its first empty
    # yield), so an edit made during a build is seen.
    for changes in watch(
        *watched(paths),
        watch_filter=relevant,
        stop_event=stop,
        debounce=400,
        rust_timeout=300,
        yield_on_timeout=True,
    ):
        if not changes and not first:
            continue
        first = False
        forget()
        after(build(paths, out, options, jobs=jobs))
