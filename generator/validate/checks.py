"""Quality checks on the school's text before layout: glyphs, review dates,
trusted adults, contacts, the briefing's own wording, brand colours, stale
national facts. Reading age is checked in :mod:`generator.validate.reading`,
the finished PDF in :mod:`generator.validate.pdf`.

Each returns a list of :class:`Problem`; an empty list means the check passed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from html import unescape
from typing import Any

from generator.errors import Problem
from generator.load.reader import Loaded, Loc
from generator.render import fonts
from generator.validate.colours import (
    PAPER,
    PUPIL_RATIO,
    TEXT_RATIO,
    contrast,
    pairs_below,
    palette,
    suggestion,
)


def glyph_problems(loaded: Loaded) -> list[Problem]:
    """Every character of a file's text must be in a font we embed."""
    problems = []
    for loc, text in _strings(loaded.data, ()):
        missing = fonts.missing_glyphs(text)
        if missing:
            shown = ", ".join(f"{c!r} (U+{ord(c):04X})" for c in missing)
            problems.append(
                loaded.problem(
                    loc,
                    f"{shown} cannot be printed: no font we embed has it — "
                    "remove it or replace it with plain text",
                )
            )
    return problems


def review_problems(
    loaded: Loaded, review: Any, today: dt.date | None = None
) -> list[Problem]:
    """A printout past its review date is a risk; a check in the future is a typo."""
    today = today or dt.date.today()
    if review.reviewed_on > today:
        message = (
            f"{review.reviewed_on} is in the future — give the date the "
            "contacts were last checked"
        )
        return [loaded.problem(("review", "reviewed_on"), message)]
    if review.review_by < today:
        message = (
            f"these contacts were due for review on {review.review_by}: a poster "
            "printed now could send someone to the wrong person — check every "
            "name and number, then update both dates"
        )
        return [loaded.problem(("review", "review_by"), message)]
    if review.review_by - today <= REVIEW_SOON:
        message = (
            f"these contacts are due for review on {review.review_by}, within "
            f"{REVIEW_SOON.days} days — check them before printing many copies"
        )
        return [loaded.problem(("review", "review_by"), message, warning=True)]
    return []


# Contacts due for review this soon get a warning before they are out of date.
REVIEW_SOON = dt.timedelta(days=30)


HAND_FINGERS = 5


def adult_problems(loaded: Loaded, school: Any) -> list[Problem]:
    """Pupil products need someone to tell; the hand has room for five."""
    adults = school.trusted_adults
    if not adults:
        message = (
            "pupil posters and leaflets need at least one trusted adult — "
            "add the adults pupils can talk to under `trusted_adults:`"
        )
        return [loaded.problem(("trusted_adults",), message)]
    problems = []
    if "early" in school.school.pupil_bands and len(adults) > HAND_FINGERS:
        names = ", ".join(a.name for a in adults[HAND_FINGERS:])
        message = (
            f"the early-years hand has five fingers: {names} appear on the "
            "leaflet but not on the poster's hand — put the five most "
            "important first"
        )
        loc = ("trusted_adults", HAND_FINGERS)
        problems.append(loaded.problem(loc, message, warning=True))
    faceless = [i for i, a in enumerate(adults) if not a.photo]
    if faceless:
        names = ", ".join(adults[i].name for i in faceless)
        message = (
            f"no photo of {names}: the pupil posters and leaflets show a drawn "
            "figure instead, and a child finds the grown-up they know more "
            "easily by a photo — add `photo: assets/NAME.jpg` (a figure can "
            "be chosen with `figure:`, see `safeprint schema`)"
        )
        problems.append(
            loaded.problem(("trusted_adults", faceless[0]), message, warning=True)
        )
    return problems


def default_wording_problems(pack: Any) -> list[Problem]:
    """A warning when the briefing's "what we do here" is still the national
    wording: staff read it as what their own school does."""
    overrides = pack.school.content.case_review_themes if pack.school.content else []
    own = {e.get("id") for e in overrides if isinstance(e, dict) and "here" in e}
    still = [t.id for t in pack.content.case_review_themes if t.id not in own]
    if not still:
        return []
    total = len(pack.content.case_review_themes)
    shown = ", ".join(still[:3]) + (", …" if len(still) > 3 else "")
    message = (
        f'the staff briefing\'s "what we do here" is still the national wording '
        f"for {len(still)} of its {total} themes ({shown}): staff will read it "
        "as what this school does — write what you do, in your words, under "
        "`content: case_review_themes:`, one entry a theme, e.g. "
        f'`- {{id: {still[0]}, here: "who does what here, and by when"}}`'
    )
    # Where the school's own wording goes, or else where its file begins.
    spots = (("content", "case_review_themes"), ("content",), ("school",))
    spot = next((s for s in spots if s in pack.loaded.positions), ())
    line, column = pack.loaded.where(spot)
    return [
        Problem(
            message,
            pack.loaded.path,
            line,
            column,
            "content.case_review_themes",
            warning=True,
        )
    ]


def brand_problems(loaded: Loaded, primary: str, accent: str) -> list[Problem]:
    """A warning where the brand's primary colour is printed darker than given
    (text in it, or text on it, would not read), with a shade that prints as it
    is on every product; an error if a palette still fails its own rule."""
    problems = []
    for ratio in (TEXT_RATIO, PUPIL_RATIO):
        for text, background, measured in pairs_below(
            palette(primary, accent, ratio), ratio
        ):
            problems.append(
                loaded.problem(
                    ("brand",),
                    f"{text} on {background} would be {measured:.1f}:1 "
                    f"({ratio:g}:1 is needed) — choose other brand colours",
                )
            )
    shade = suggestion(primary)
    if shade == primary:
        return problems
    printed = []
    for who, ratio in (("staff", TEXT_RATIO), ("pupil", PUPIL_RATIO)):
        used = palette(primary, accent, ratio)
        shades = sorted({used["primary-text"], used["primary"]} - {primary})
        if shades:
            printed.append(f"{' and '.join(shades)} on {who} materials")
    message = (
        f"{primary} is too light to print text in ({contrast(primary, PAPER):.1f}:1 "
        f"on white; staff materials need {TEXT_RATIO:g}:1, pupil materials "
        f"{PUPIL_RATIO:g}:1): safeprint prints the darker {' and '.join(printed)} "
        f"instead — to see one colour everywhere, set primary to {shade}"
    )
    return [*problems, loaded.problem(("brand", "primary"), message, warning=True)]


def html_glyph_problems(html: str, name: str) -> list[Problem]:
    """Characters of a rendered document (templates and national content
    included) that no embedded font has: they would print as empty boxes."""
    text = unescape(_TAGS.sub(" ", _STYLE.sub(" ", html)))
    missing = fonts.missing_glyphs(text)
    if not missing:
        return []
    shown = ", ".join(f"{c!r} (U+{ord(c):04X})" for c in missing)
    return [
        Problem(
            f"{name}: {shown} cannot be printed: no font we embed has it — "
            "it comes from a template or content file; replace it"
        )
    ]


_STYLE = re.compile(r"<style\b.*?</style>", re.S | re.I)
_TAGS = re.compile(r"<[^>]*>")


def _strings(data: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, (*loc, i))


def contact_problems(pack: Any) -> list[Problem]:
    """Every route printed leads somewhere: the head and the chair can be
    reached, and only the lead and deputies are among those told at once."""
    loaded, school = pack.loaded, pack.school
    problems = []
    for role in ("headteacher", "chair_of_governors"):
        person = getattr(school.school, role)
        if person is not None and not (person.phone or person.email):
            problems.append(
                loaded.problem(
                    ("school", role),
                    f"{person.name} has no phone or email: staff told to go to them "
                    "could not — add `phone:` (or `email:`)",
                )
            )
    for i, member in enumerate(school.team):
        if member.role == "other":
            problems.append(
                loaded.problem(
                    ("team", i, "role"),
                    f"{member.name} is not the lead or a deputy, so is printed with "
                    "the contacts, not among those staff tell at once — keep "
                    "`team:` to the people who take a disclosure",
                    warning=True,
                )
            )
    return problems


# A national fact not checked for this long gets a warning.
STALE_AFTER = dt.timedelta(days=365)


def _latest_issue(month: int, today: dt.date) -> dt.date:
    """The first of ``month`` most recently passed."""
    this_year = dt.date(today.year, month, 1)
    return this_year if this_year <= today else dt.date(today.year - 1, month, 1)


def stale_facts(pack: Any, today: dt.date | None = None) -> list[Problem]:
    """Warnings for national facts last verified over a year ago."""
    today = today or dt.date.today()
    dated = [
        (f"{h.name} ({h.phone or h.web})", h.verified, f"helplines.{h.id}")
        for h in pack.content.helplines
    ]
    reviews = pack.content.case_reviews
    dated.append((reviews.source.title, reviews.verified, "case_reviews"))
    for name, about in pack.content.about.items():
        dated.append((f"content/national/{name}.yaml", about.verified, name))
    nation = pack.nation
    dated.append((f"content/nations/{nation.id}.yaml", nation.about.verified, "nation"))
    dated += [(d.title, d.verified, f"duties.{d.id}") for d in nation.duties]
    reissued = [
        (where, about)
        for where, about in [*pack.content.about.items(), ("nation", nation.about)]
        if about.reissued_in_month
        and about.verified < _latest_issue(about.reissued_in_month, today)
    ]
    return [
        Problem(
            f"{about.sources[0].title} is reissued each year; these facts were "
            f"checked on {about.verified}, before its latest issue — check them "
            "against it and update `verified`",
            warning=True,
            field=where,
        )
        for where, about in reissued
    ] + [
        Problem(
            f"{name} was last verified on {verified}; check it is still right "
            "and update `verified`",
            warning=True,
            field=where,
        )
        for name, verified, where in dated
        if today - verified > STALE_AFTER
    ]
