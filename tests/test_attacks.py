"""The attack corpus: hostile and broken school files (``tests/attacks/``).

Each file says on its first line what it must give: ``# expect: error "words"``
(exit 1, a message naming the school file and containing the words, no
traceback, no PDF) or ``# expect: ok "text"`` (the PDF prints the text exactly as
typed). Whatever the file, nothing is fetched from a network and nothing is
written outside the output folder.
"""

from __future__ import annotations

import re
import shutil
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests import pdfread

CORPUS = Path(__file__).parent / "attacks"
CASES = sorted(CORPUS.glob("*.yaml"))
EXPECT = re.compile(r'^# expect: (error|ok) "(.*)"$')


def test_the_corpus_is_at_least_thirty_files() -> None:
    assert len(CASES) >= 30


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Any attempt to open a connection is recorded and refused."""
    tried: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        tried.append(address)
        raise OSError("safeprint tests: no network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return tried


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_attack(case: Path, tmp_path: Path, no_network: list[object]) -> None:
    first = case.read_text(encoding="utf-8").splitlines()[:1] or [""]
    found = EXPECT.match(first[0])
    assert found, f"{case.name}: first line must say what to expect"
    kind, words = found.groups()
    school = tmp_path / "school"
    shutil.copytree(CORPUS / "assets", school / "assets")
    shutil.copy(case, school / "school.yaml")
    out = tmp_path / "out"
    before = {p for p in tmp_path.rglob("*") if not p.is_relative_to(out)}
    result = CliRunner().invoke(
        cli, ["build", str(school), "--out", str(out), "--only", "staff-poster", "-q"]
    )
    shown = result.output + (result.stderr if result.stderr_bytes else "")
    assert "Traceback" not in shown
    assert result.exception is None or isinstance(result.exception, SystemExit)
    after = {p for p in tmp_path.rglob("*") if not p.is_relative_to(out)}
    assert after == before, "something was written outside the output folder"
    assert no_network == []
    pdfs = sorted(out.rglob("*.pdf")) if out.exists() else []
    if kind == "error":
        assert result.exit_code == 1, shown
        assert "school.yaml" in shown
        assert words.lower() in shown.lower(), shown
        assert pdfs == []
    else:
        assert result.exit_code == 0, shown
        assert len(pdfs) == 1
        assert words in pdfread.text(pdfs[0])
