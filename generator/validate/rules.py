"""The rules a school and its documents are held to, in one registry.

Rules run in phases, each over what exists by then:

- ``file``: the school file as loaded, before it is read as a model (every
  character printable);
- ``model``: the school file read as a model, before national content is
  added (the card's names are the team's);
- ``school``: the resolved school, before anything is laid out (review dates,
  translations, contacts, trusted adults, sizes, reading age, brand colours,
  stale national facts);
- ``document``: each document laid out (the PDF's fonts and tags, what a
  reader's eye and a print shop check, WeasyPrint's warnings, page count);
- ``page``: each laid-out page of a document.

A rule returns problems (errors and warnings); within a phase, rules run in
steps, and errors found by the end of a step stop the phase there, raised
together (a school whose contacts are wrong is not also told that a size is
refused). What a rule may know reaches it in a :class:`Context`: today's date
too, so that every rule of one build agrees on the day.

The rules themselves are registered in :mod:`generator.validate.rulebook`, in
order; run them from there (its ``run`` and ``collect``), so that they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.errors import Problem, SafeprintError
from generator.options import Options

if TYPE_CHECKING:
    from generator.load.reader import Loaded
    from generator.products import Variant
    from generator.resolve.pack import Pack
    from generator.validate.models import SchoolFile

PHASES = ("file", "model", "school", "document", "page")


@dataclass(frozen=True)
class Context:
    """What the rules of a phase may look at. A field a phase does not have yet
    is ``None``."""

    source: Path
    # The day the checks run, fixed once per school: a review date or a
    # national fact's `verified` may pass at midnight.
    today: dt.date | None = None
    options: Options = field(default_factory=Options)
    loaded: Loaded | None = None
    school: SchoolFile | None = None
    pack: Pack | None = None
    # One document: what it is, its PDF, its laid-out pages (WeasyPrint's
    # Document) and what WeasyPrint warned while laying it out.
    variant: Variant | None = None
    pdf: bytes | None = None
    document: Any = None
    messages: tuple[str, ...] = ()
    # One page of it (from 1), in the page phase.
    page: int | None = None

    @property
    def day(self) -> dt.date:
        """Today, for a rule that needs it (it must have been given)."""
        if self.today is None:
            raise ValueError("this phase's rules need today's date in the context")
        return self.today


Check = Callable[[Context], list[Problem]]


@dataclass(frozen=True)
class Rule:
    """One rule: the phase it runs in, its step within it, and when it applies
    (always, when not said)."""

    phase: str
    name: str
    check: Check
    step: int = 0
    applies: Callable[[Context], bool] | None = None


_REGISTRY: list[Rule] = []


def register(
    phase: str,
    step: int = 0,
    applies: Callable[[Context], bool] | None = None,
) -> Callable[[Check], Check]:
    """Register the decorated function as a rule of ``phase``, after those
    registered before it."""
    if phase not in PHASES:
        raise ValueError(f"no phase {phase!r}: the phases are {', '.join(PHASES)}")

    def add(check: Check) -> Check:
        name = check.__name__.lstrip("_")
        if any(r.phase == phase and r.name == name for r in _REGISTRY):
            raise ValueError(f"a {phase} rule named {name} is already registered")
        _REGISTRY.append(Rule(phase, name, check, step, applies))
        return check

    return add


def rules(phase: str) -> list[Rule]:
    """The rules of ``phase``, step by step, in the order they were registered."""
    return sorted((r for r in _REGISTRY if r.phase == phase), key=lambda r: r.step)


def run(phase: str, context: Context) -> list[Problem]:
    """Every problem the rules of ``phase`` find, in order. Errors found by the
    end of a step are raised together, as a :class:`SafeprintError`; warnings
    are returned."""
    found: list[Problem] = []
    for _, step in groupby(rules(phase), key=lambda r: r.step):
        for rule in step:
            if rule.applies is None or rule.applies(context):
                found += rule.check(context)
        errors = [p for p in found if not p.warning]
        if errors:
            raise SafeprintError(errors)
    return found


def collect(phase: str, context: Context) -> list[Problem]:
    """Every problem the rules of ``phase`` find, errors too, without stopping
    between steps (for a document, whose errors are reported with its name)."""
    found: list[Problem] = []
    for rule in rules(phase):
        if rule.applies is None or rule.applies(context):
            found += rule.check(context)
    return found
