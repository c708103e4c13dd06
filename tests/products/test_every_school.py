"""Every school's pages held to the same rules as the examples': 32 varied
schools (teams of one to eight, long and short names, photos or none, every
language, nation and phase, light and dark brands), each built and preflighted.

Every school's staff card (both files) and briefing are built, in two groups,
to stay within CI's time; so is every school's staff poster, at the sizes it
gets by default (A3, Welsh and English side by side included). Every
character of every card, on both faces, is read back at 7 pt or more. Every
school's pupil products (the poster of each phase on A4 and A3, A3 alone for a
bilingual one, the early-years hand among them, and the leaflets, in every
language the school prints in) are built in four groups."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from generator.runner.build import build
from generator.runner.document import Options
from tests.schools_factory import schools


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> list:
    return schools(tmp_path_factory.mktemp("schools"), 32)


def test_the_schools_cover_what_they_should(made: list) -> None:
    assert len(made) >= 30
    assert {m.team for m in made} == set(range(1, 9))
    assert {m.nation for m in made} == {
        "england",
        "wales",
        "scotland",
        "northern-ireland",
    }
    assert {code for m in made for code in m.languages} == {
        "en",
        "cy",
        "pl",
        "ur",
        "ar",
    }
    assert any(m.photos for m in made) and any(not m.photos for m in made)
    assert {"#ffe066", "#000000", "#87ceeb"} <= {m.primary for m in made}


@pytest.mark.parametrize("half", range(2))
def test_every_schools_card_and_briefing_pass_preflight(
    made: list, half: int, tmp_path: Path
) -> None:
    chosen = [m.path for i, m in enumerate(made) if i % 2 == half]
    options = Options(only=("staff-card", "staff-briefing"))
    result = build(chosen, tmp_path / "out", options)
    assert result.ok, "\n".join(str(e) for e in result.failures.values())
    assert len({e.source for e in result.entries}) == len(chosen)
    broken = [str(w) for w in result.warnings if "too wide for its column" in str(w)]
    assert not broken, "\n".join(broken)
    cards = [e for e in result.entries if e.product == "staff-card"]
    assert len(cards) == 2 * len(chosen)
    for card in cards:
        with pdfplumber.open(tmp_path / "out" / card.path) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                small = [
                    c for c in page.chars if c["text"].strip() and c["size"] < 6.99
                ]
                assert not small, (
                    f"{card.path}, page {number}: {small[0]['size']:.2f} pt"
                )


@pytest.mark.parametrize("half", range(2))
def test_every_schools_staff_poster_passes_preflight(
    made: list, half: int, tmp_path: Path
) -> None:
    """Preflight holds the poster's type sizes (18 pt body on A3, 14 pt on
    each language's half; names and numbers 24 pt, the 999 line 32 pt): every
    school's default poster is made. A poster short of room leaves off where
    to find each person, then the strap, then the signs a category at a time,
    and says which; Welsh and English too long side by side (a team of six)
    each take an A3 page, Welsh first, and say so."""
    chosen = [m for i, m in enumerate(made) if i % 2 == half]
    out = tmp_path / "out"
    result = build([m.path for m in chosen], out, Options(only=("staff-poster",)))
    assert result.ok, "\n".join(str(e) for e in result.failures.values())
    assert len({e.source for e in result.entries}) == len(chosen)
    titles = ["Physical abuse", "Emotional abuse", "Sexual abuse", "Neglect"]
    for entry in result.entries:
        said = [
            str(w)
            for w in result.warnings
            if entry.path.split("/")[-1] in str(w)
            and Path(str(w.file)).resolve() == Path(entry.source).resolve()
        ]
        apart = any("each language has a page of its own" in w for w in said)
        assert entry.pages == (2 if apart else 1), entry.path
        if entry.languages == ["cy", "en"] and not apart:
            continue  # no signs on half a page
        with pdfplumber.open(out / entry.path) as pdf:
            printed = " ".join(page.extract_text() for page in pdf.pages)
        # A category is printed unless its warning names it as left off.
        for title in titles:
            left_off = any(f'"{title}"' in w for w in said)
            assert (title in printed) != left_off, (entry.path, title, said)


@pytest.mark.parametrize("quarter", range(4))
def test_every_schools_pupil_products_pass_preflight(
    made: list, quarter: int, tmp_path: Path
) -> None:
    """No word broken, no heading or label ending on one word, no name on a
    photo, no panel empty at its foot: each an error that refuses the page."""
    chosen = [m for i, m in enumerate(made) if i % 4 == quarter]
    options = Options(only=("pupil-poster", "pupil-leaflet"))
    # Both of CI's cores: these are the most pages of any test.
    result = build([m.path for m in chosen], tmp_path / "out", options, jobs=2)
    assert result.ok, "\n".join(str(e) for e in result.failures.values())
    for school in chosen:
        printed = {
            code
            for e in result.entries
            if Path(e.source).resolve() == school.path.resolve()
            for code in e.languages
        }
        assert printed == set(school.languages), school.path
    # Every phase's poster and leaflet, the early-years hand's poster among them.
    names = {Path(e.path).name for e in result.entries}
    for kind in ("pupil-poster-early-a4", "pupil-poster-early-a3", "pupil-leaflet"):
        assert any(name.startswith(kind) for name in names), kind
