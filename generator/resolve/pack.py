"""Resolve a school: its file + national content + nation profile + overrides.

The result, a :class:`Pack`, is everything a template needs and nothing it must
look up elsewhere.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from generator.errors import Problem, SafeprintError
from generator.load.confine import file_problem
from generator.load.reader import Loaded, load_file, load_text
from generator.resolve.content import (
    apply_overrides,
    available_nations,
    load_nation,
    nation_content,
    national_content,
)
from generator.validate.models import SchoolFile, TeamMember
from generator.validate.national import Content, NationProfile
from generator.validate.report import validate


@dataclass(frozen=True)
class Pack:
    """One school, resolved: what every product of it is made from."""

    source: Path
    loaded: Loaded
    school: SchoolFile
    nation: NationProfile
    content: Content
    slug: str
    # The language of the words in this pack (``in_language`` makes others).
    language: Any = None
    strings: Mapping[str, Any] = field(default_factory=dict)

    @property
    def base(self) -> Path:
        return self.source.parent

    @property
    def code(self) -> str:
        return self.language.code if self.language else "en"

    @property
    def direction(self) -> str:
        return "rtl" if self.language and self.language.rtl else "ltr"

    def in_language(self, code: str) -> Pack:
        """This school with every word in ``code`` (made once per language)."""
        from generator.resolve.translate import translated

        made = self.__dict__.setdefault("_languages", {})
        if code not in made:
            made[code] = translated(self, code)
        return made[code]

    def t(self, text_id: str, **values: Any) -> str:
        """A word or sentence of the templates in this pack's language."""
        from generator.resolve.placeholders import format_text, word_values

        return format_text(
            self.strings[text_id], {**word_values(self.nation.words), **values}
        )

    def date(self, day: dt.date) -> str:
        """``28 November 2026``, with the month in this pack's language."""
        return f"{day.day} {self.strings['common.months'][day.month - 1]} {day.year}"

    @property
    def notice(self) -> list[str]:
        """The "not yet checked" line, in this language and English, if unreviewed."""
        if self.language is None or self.language.translation.reviewed:
            return []
        from generator.resolve.language import english

        return [
            self.language.translation.notice,
            english().translation.notice,
        ]

    @property
    def safeguarding_team(self) -> list[TeamMember]:
        """The lead and deputies, in the school's order: the people a disclosure
        goes to ("Tell one of us at once")."""
        return [m for m in self.school.team if m.role != "other"]

    @property
    def other_contacts(self) -> list[TeamMember]:
        """Others the school lists in its team (a safeguarding governor, say):
        printed with the contacts, never among those who take a disclosure."""
        return [m for m in self.school.team if m.role == "other"]

    @property
    def contact_lines(self) -> list[str]:
        """The numbers a staff poster lists under local contacts, a line each:
        children's services, its out-of-hours number, the LADO (where the
        school names one), then the other contacts."""
        local = self.school.local_contacts
        services = local.children_services
        numbers = [services.phone, services.out_of_hours]
        numbers.append(local.lado.phone if local.lado else None)
        numbers += [member.phone for member in self.other_contacts]
        return [number for number in numbers if number]

    def role_title(self, member: TeamMember) -> str:
        if member.title:
            return member.title
        return self.nation.roles[member.role].title  # type: ignore[index]

    def helplines(self, audience: str) -> list[Any]:
        """The nation's lines for this audience, then any the school added."""
        national = {h.id for h in national_content().helplines}
        wanted = set(self.nation.helplines)
        return [
            h
            for h in self.content.helplines
            if (h.id in wanted or h.id not in national)
            and h.audience in (audience, "everyone")
        ]

    @cached_property
    def _pupil_texts(self) -> dict[str, Any]:
        return {t.id: t for t in self.content.pupil_texts}

    def say(self, text_id: str, band: str) -> Any:
        """Pupil wording for a band: ``band.id`` if there is one, else ``id``."""
        texts = self._pupil_texts
        entry = texts.get(f"{band}.{text_id}") or texts.get(text_id)
        if entry is None:
            raise KeyError(f"no pupil text {band}.{text_id}")
        return entry.text if entry.text is not None else entry.items

    def contact(self, concern: Any) -> Any:
        """Who a concern about an adult goes to (the head or the chair, with how
        to reach them), or None."""
        return getattr(self.school.school, concern.contact) if concern.contact else None

    def helpline(self, helpline_id: str) -> Any:
        return next(h for h in self.content.helplines if h.id == helpline_id)


def load_school(path: Path, text: str | None = None) -> Pack:
    """Load, validate and resolve one school file, reporting every problem at once.

    ``text``: the file's words as they stand in an editor, not yet saved (links
    in it still start from ``path``'s folder)."""
    from generator.validate.rulebook import Context
    from generator.validate.rulebook import collect as collect_rules

    problem = file_problem(path, path.resolve().parent) if path.exists() else None
    if problem:
        raise SafeprintError.single(problem, file=path)
    loaded = load_file(path) if text is None else load_text(text, path)
    problems = collect_rules("file", Context(path, loaded=loaded))
    try:
        school = validate(loaded, SchoolFile, context={"base": path.parent.resolve()})
    except SafeprintError as exc:
        raise SafeprintError(sorted(exc.problems + problems, key=_position)) from None
    problems += collect_rules("model", Context(path, loaded=loaded, school=school))
    try:
        nation = load_nation(school.school.nation)
    except SafeprintError:
        problems.append(
            loaded.problem(
                ("school", "nation"),
                (
                    f"safeprint has no profile for {school.school.nation} yet — "
                    f"available: {', '.join(available_nations())}"
                ),
            )
        )
    if problems:
        raise SafeprintError(sorted(problems, key=_position))
    base = nation_content(nation.id)
    content = apply_overrides(loaded, school.content, base, problems)
    if problems:
        raise SafeprintError(sorted(problems, key=_position))
    from generator.resolve.language import english

    en = english()
    return Pack(
        path,
        loaded,
        school,
        nation,
        content,
        folder_name(school.school.name, school.school.reference),
        language=en,
        strings=en.translation.strings,
    )


def _position(problem: Problem) -> tuple[int, int]:
    return (problem.line or 0, problem.column or 0)


def folder_name(name: str, reference: str | None = None) -> str:
    """A school's output folder: its name, short, then its reference when the
    school file gives one (two schools may share a name)."""
    return f"{slugify(name)}-{reference.lower()}" if reference else slugify(name)


def slugify(name: str) -> str:
    """``Oakfield Primary School`` → ``oakfield-primary``, ``Scoil Naomh
    Pádraig`` → ``scoil-naomh-padraig``, ``St Mary's`` → ``st-marys``: short
    folder names in plain letters."""
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)
    )
    plain = re.sub(r"['\u2019]", "", plain.lower())
    words = re.sub(r"[^a-z0-9]+", " ", plain).split()
    if len(words) > 1 and words[-1] == "school":
        words = words[:-1]
    return "-".join(words) or "school"
