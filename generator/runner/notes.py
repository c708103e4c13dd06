"""What a document's making tells the school: the warnings for what a fit
left off, and the errors for what does not fit or could not be made."""

from __future__ import annotations

from generator.errors import Problem, SafeprintError
from generator.layout.overflow import Overflow
from generator.products import Variant
from generator.resolve.pack import Pack
from generator.runner.fitted import LEADS, Fitted, card_team, drawn
from generator.runner.variants import _language_names
from generator.validate.models import TeamMember


def _poster_notes(pack: Pack, variant: Variant, fitted: Fitted) -> list[Problem]:
    """Warnings for what a poster's fit left off, and set apart."""
    from generator.runner.poster import left_off

    said = []
    if fitted.apart:
        said.append(
            f"{' and '.join(_language_names(variant.languages))} do not fit side "
            f"by side on one {variant.size.upper()} sheet at "
            f"{variant.floor_pt:.3g} pt (the team's names and numbers are set "
            "in each half), so each language has a page of its own, "
            f"{_language_names(variant.languages)[0]} first, to hang side by "
            "side — a shorter team: list puts them on one sheet"
        )
    cut = left_off(pack, drawn(variant, fitted), fitted.cut)
    said += [cut] if cut else []
    return [
        Problem(
            f"{variant.filename}: {note}", warning=True, file=pack.source, field="team"
        )
        for note in said
    ]


def _engine_problem(pack: Pack, variant: Variant, exc: Exception) -> Exception:
    """WeasyPrint failing on a school's own template is that school's error
    (its CSS, most likely), not a crash; on safeprint's templates it is a bug."""
    own = pack.base / "templates"
    if isinstance(exc, SafeprintError) or not own.is_dir():
        return exc
    return SafeprintError.single(
        f"{variant.filename}: WeasyPrint could not make this document "
        f"({type(exc).__name__}: {exc}) — the school's own templates are the "
        "likely cause: check their HTML and CSS, or remove them to use the "
        "built-in ones",
        file=own,
    )


def _hint_notes(pack: Pack, variant: Variant, hint: Fitted) -> list[Problem]:
    """The warnings the search would have given for this fit."""
    product = variant.product
    if product.cuts:
        return _poster_notes(pack, variant, hint)
    if not product.fewer_people:
        return []
    members = card_team(pack, product)
    return _left_off(pack, variant, members, list(hint.members), hint.compact)


def _left_off(
    pack: Pack,
    variant: Variant,
    members: list[TeamMember],
    chosen: list[TeamMember],
    compact: bool,
) -> list[Problem]:
    """Warnings for what a crowded card had to leave out."""
    notes = []
    settings = variant.product.settings or variant.product.id
    names = ", ".join(m.name for m in members if m not in chosen)
    everyone = all(m in chosen for m in members if m.role in LEADS)
    if names and everyone:
        notes.append(
            f"only the safeguarding lead and deputies fit on the card; "
            f"left off: {names}"
        )
    elif names:
        notes.append(
            f"only the first {len(chosen)} of the team fit on the card; left off: "
            f"{names} — choose who with products: {settings}: team:"
        )
    if compact and any(m.where for m in chosen):
        notes.append(
            "no room on the card for where to find each person (the "
            "poster still shows it) — choose fewer people with "
            f"products: {settings}: team:"
        )
    return [
        Problem(
            f"{variant.filename}: {note}", warning=True, file=pack.source, field="team"
        )
        for note in notes
    ]


def _overflow_problem(pack: Pack, overflow: Overflow) -> Problem:
    """Locate an overflow at the part of the school file the school can shorten."""
    locs = overflow.variant.product.parts

    def in_school_file(part: str) -> bool:
        return locs.get(part, ("?",)) in pack.loaded.positions

    part = overflow.largest(in_school_file)
    return pack.loaded.problem(locs.get(part, ()), overflow.message(part))
