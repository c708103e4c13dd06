"""What a fit is: the type scale and people a document was set with, the
document made at it, and the fit as a manifest keeps it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from generator.errors import Problem
from generator.products import Product, Variant
from generator.resolve.pack import Pack
from generator.validate.models import TeamMember

LEADS = ("dsl", "deputy-dsl")


@dataclass(frozen=True)
class Fitted:
    """How a document was made to fit: its type scale and who is on it."""

    scale: float
    members: tuple[TeamMember, ...] = ()
    compact: bool = False
    # A poster's grade of leaving off (see generator.runner.poster), and
    # whether its languages, too long side by side, each take a page.
    cut: int = 0
    apart: bool = False


@dataclass
class Built:
    """One document laid out and checked, not yet written."""

    variant: Variant
    pdf: bytes
    pages: int
    warnings: list[Problem]
    fitted: Fitted
    # The fit as the manifest keeps it (see ``fit_record``).
    record: dict[str, Any] = field(default_factory=dict)

    @property
    def scale(self) -> float:
        return self.fitted.scale


def fit_record(pack: Pack, fitted: Fitted) -> dict[str, Any]:
    """A fit as plain data: the exact scale, and the card's people by position."""
    return {
        "scale": fitted.scale,
        "team": [pack.school.team.index(m) for m in fitted.members],
        "compact": fitted.compact,
        "cut": fitted.cut,
        "apart": fitted.apart,
    }


def fit_from(pack: Pack, record: dict[str, Any]) -> Fitted | None:
    """The fit a manifest recorded, if it still names people of this team."""
    try:
        members = tuple(pack.school.team[i] for i in record.get("team", []))
        return Fitted(
            float(record["scale"]),
            members,
            bool(record.get("compact")),
            int(record.get("cut", 0)),
            bool(record.get("apart")),
        )
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def drawn(variant: Variant, fitted: Fitted) -> Variant:
    """The variant as its fit draws it: languages a page each when apart."""
    return replace(variant, apart=True) if fitted.apart else variant


def card_team(pack: Pack, product: Product) -> list[TeamMember]:
    """The people on a product that keeps fewer when crowded (the staff card):
    those the school chose (``products: <its settings>: team:``), else the
    lead and deputies."""
    chosen = getattr(product.school_settings(pack.school), "team", None)
    if chosen is None:
        return pack.safeguarding_team
    by_name = {m.name: m for m in pack.school.team}
    return [by_name[name] for name in chosen]
