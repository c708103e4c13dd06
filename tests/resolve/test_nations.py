"""Each UK nation's words: role titles, contacts and procedures on every product."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.paths import example_schools_dir
from generator.resolve.content import load_nation, nation_content
from generator.runner.build import build
from tests import pdfread
from tests.conftest import MINIMAL

NATIONS = ("england", "wales", "scotland", "northern-ireland")
# Words that belong to England's system and must not reach another nation's pages.
ENGLISH_ONLY = ("Designated Safeguarding Lead", "DSL", "LADO", "children's social care")


@pytest.mark.parametrize("nation", NATIONS)
def test_every_profile_loads_with_both_roles(nation: str) -> None:
    profile = load_nation(nation)
    assert set(profile.roles) == {"dsl", "deputy-dsl"}
    assert profile.guidance and profile.helplines
    assert nation_content(nation).steps  # its content changes apply cleanly


@pytest.fixture(scope="module")
def scottish_school(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    result = build([example_schools_dir() / "glenburn-primary"], out)
    assert result.ok, {str(k): str(v) for k, v in result.failures.items()}
    return out / "glenburn-primary"


def test_a_scottish_school_never_reads_as_english(scottish_school: Path) -> None:
    pdfs = sorted(scottish_school.glob("*.pdf"))
    assert len(pdfs) >= 10
    for pdf in pdfs:
        printed = pdfread.text(pdf)
        for word in ENGLISH_ONLY:
            assert word not in printed, (pdf.name, word)
    poster = pdfread.text(scottish_school / "staff-poster-a3.pdf")
    assert "Tell the Child Protection Coordinator at once" in poster
    assert "Social work services" in poster
    assert "Education authority (allegations about staff)" in poster


@pytest.mark.parametrize(
    ("nation", "title"),
    [
        ("wales", "Designated Safeguarding Person"),
        ("northern-ireland", "Designated Teacher for Child Protection"),
    ],
)
def test_role_titles_follow_the_nation(tmp_path: Path, nation: str, title: str) -> None:
    folder = tmp_path / nation
    folder.mkdir()
    (folder / "school.yaml").write_text(
        MINIMAL.replace("nation: england", f"nation: {nation}")
    )
    from generator.runner.document import Options

    result = build(
        [folder / "school.yaml"],
        tmp_path / "out",
        Options(only=("staff-poster", "staff-card")),
    )
    assert result.ok, str(result.failures)
    poster = pdfread.text(tmp_path / "out" / "minimal" / "staff-poster-a3.pdf")
    assert title in poster
    assert "Designated Safeguarding Lead" not in poster
    assert "LADO" not in poster or nation == "wales"
