"""The attack corpus: hostile and broken school files (``tests/attacks/``).

Each file says on its first line what it must give: ``# expect: error "words"``
(exit 1, a message naming the school file and containing the words, no
traceback, no PDF) or ``# expect: ok "text"`` (the PDF prints the text exactly as
typed). The words are looked for in the message with every path to the test's
own folders taken out, as a school would read it (a folder name cannot make a
case pass). Whatever the file, nothing is fetched from a network and nothing is
written outside the output folder.

Lines after the first set the scene before the build (``{outside}`` is a
folder beside the school's, holding ``canary.txt``; ``{school}`` the school's
folder; a path on the left is inside the school's folder):

- ``# file: PATH <- NAME`` copies ``tests/attacks/files/NAME`` to PATH;
- ``# link: PATH -> TARGET`` makes PATH a symbolic link to TARGET;
- ``# hardlink: PATH -> TARGET`` makes PATH a hard link to TARGET;
- ``# fifo: PATH`` makes PATH a named pipe;
- ``# deep: PATH N`` makes N folders nested below PATH;
- ``# padded: PATH <- NAME + BYTES`` copies NAME with BYTES bytes appended;
- ``# aliased: CHARS x TIMES`` adds to the school file a text of CHARS
  characters, anchored, and a list that aliases it TIMES times;
- ``# people: N PHOTO`` gives the school file a team of N, each with PHOTO;
- ``# built-before: NAME`` first builds ``tests/attacks/files/NAME`` (as the
  school file of another folder) into the same output;
- ``# args: ...`` adds options to the build.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli.commands import cli
from tests import pdfread

CORPUS = Path(__file__).parent.parent / "attacks"
FILES = CORPUS / "files"
CASES = sorted(CORPUS.glob("*.yaml"))
EXPECT = re.compile(r'^# expect: (error|ok) "(.*)"$')
SETUP = re.compile(
    r"^# (file|link|hardlink|fifo|deep|padded|aliased|people|built-before|args): "
    r"(.*)$"
)
CANARY = "CANARY-f00d-outside-the-school"


# Each way into the build that content can take, and a case named for it. A
# family whose cases are deleted fails here, not silently.
FAMILIES = {
    "yaml-": "the YAML itself: aliases, tags, nesting, syntax",
    "control-": "control characters in text",
    "logo-": "the logo's path and URL",
    "logo-svg-": "a logo's SVG: scripts, entities, remote references",
    "photo-": "a photo's path, URL and bytes",
    "image-": "image formats and decompression bombs",
    "brand-": "brand colours carrying CSS",
    "template-": "a school's own templates",
    "templates-": "a school's templates/ folder",
    "translation-": "a school's own translations",
    "language-": "a school's languages/ folder",
    "website-": "the website URL (its QR code)",
    "helpline-": "helplines a school adds",
}


def test_the_corpus_has_cases_of_every_family_each_saying_what_to_expect() -> None:
    names = [case.stem for case in CASES]
    empty = [f for f in FAMILIES if not any(n.startswith(f) for n in names)]
    assert empty == []
    unsaid = [
        case.name
        for case in CASES
        if not EXPECT.match(case.read_text(encoding="utf-8").split("\n", 1)[0])
    ]
    assert unsaid == []


def _args(out: Path) -> list[str]:
    return ["--out", str(out), "--only", "staff-poster", "-q"]


def _set_scene(lines: list[str], school: Path, outside: Path, out: Path) -> list[str]:
    """Follow the case's set-up lines; the build's extra arguments."""
    args: list[str] = []

    def path(text: str) -> Path:
        text = text.strip().format(outside=outside, school=school)
        found = Path(text) if text.startswith("/") else school / text
        found.parent.mkdir(parents=True, exist_ok=True)
        return found

    for line in lines:
        found = SETUP.match(line)
        if not found:
            continue
        kind, rest = found.groups()
        if kind == "file":
            dest, name = rest.split(" <- ")
            shutil.copy(FILES / name.strip(), path(dest))
        elif kind == "link":
            dest, target = rest.split(" -> ")
            path(dest).symlink_to(target.strip().format(outside=outside, school=school))
        elif kind == "hardlink":
            dest, target = rest.split(" -> ")
            os.link(target.strip().format(outside=outside, school=school), path(dest))
        elif kind == "fifo":
            os.mkfifo(path(rest))
        elif kind == "deep":
            dest, count = rest.rsplit(" ", 1)
            folder, home = path(dest), os.getcwd()
            folder.mkdir(exist_ok=True)
            try:
                for _ in range(int(count)):  # a level at a time: no path too long
                    os.chdir(folder)
                    folder = Path("d")
                    folder.mkdir()
            finally:
                os.chdir(home)
        elif kind == "padded":
            dest, spec = rest.split(" <- ")
            name, size = spec.split(" + ")
            data = (FILES / name.strip()).read_bytes()
            path(dest).write_bytes(data + CANARY.encode() * (int(size) // len(CANARY)))
        elif kind == "aliased":
            chars, times = (int(n) for n in rest.split(" x "))
            with (school / "school.yaml").open("a") as handle:
                handle.write(f"padding: &p {'x' * chars}\n")
                handle.write("more: [" + ", ".join(["*p"] * times) + "]\n")
        elif kind == "people":
            count, photo = rest.split()
            team = "".join(
                f'  - {{name: "Person {i}", role: deputy-dsl, '
                f'phone: "01632 960001", photo: {photo}}}\n'
                for i in range(int(count))
            )
            text = (school / "school.yaml").read_text()
            (school / "school.yaml").write_text(
                text.replace("team:\n", "team:\n" + team)
            )
        elif kind == "built-before":
            other = outside.parent / "other-school"
            other.mkdir()
            shutil.copy(FILES / rest.strip(), other / "school.yaml")
            first = CliRunner().invoke(cli, ["build", str(other), *_args(out)])
            assert first.exit_code == 0, first.output
        elif kind == "args":
            args += rest.split()
    return args


def _everything(folder: Path, out: Path) -> set[Path]:
    """Every path below ``folder`` but in ``out``, links not followed; a level
    at a time (a case may nest folders deeper than Python recurses)."""
    found, pending = set(), [folder]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                path = Path(entry.path)
                if path.is_relative_to(out):
                    continue
                found.add(path)
                if entry.is_dir(follow_symlinks=False):
                    pending.append(path)
    return found


def _pdfs(out: Path) -> dict[Path, str]:
    if not out.exists():
        return {}
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.rglob("*.pdf")}


def _without_paths(text: str, root: Path) -> str:
    """What a school reads: the message with the test's own folders taken out."""
    for folder in (str(root.resolve()), str(root)):
        text = text.replace(folder, "")
    return re.sub(r"\S*pytest-of-\S*", "", text)


@pytest.fixture
def tmp_path(tmp_path: Path) -> Iterator[Path]:
    """pytest's folder for the case, emptied a level at a time afterwards:
    pytest's own clean-up recurses, and a case may nest 1,000 folders."""
    yield tmp_path
    folders = sorted(
        (p for p in _everything(tmp_path, tmp_path / "none") if p.is_dir()),
        key=lambda p: len(p.parts),
        reverse=True,
    )
    for folder in folders:
        if folder.is_symlink():
            continue
        for entry in os.scandir(folder):
            if entry.is_symlink() or not entry.is_dir():
                os.unlink(entry.path)
        folder.rmdir()


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_attack(case: Path, tmp_path: Path, no_network: list[object]) -> None:
    lines = case.read_text(encoding="utf-8").splitlines()
    found = EXPECT.match((lines[:1] or [""])[0])
    assert found, f"{case.name}: first line must say what to expect"
    kind, words = found.groups()
    school = tmp_path / "school"
    shutil.copytree(CORPUS / "assets", school / "assets")
    shutil.copy(case, school / "school.yaml")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "canary.txt").write_text(CANARY + "\n")
    out = tmp_path / "out"
    args = _set_scene(lines[1:], school, outside, out)
    before = _everything(tmp_path, out)
    earlier = _pdfs(out)
    result = CliRunner().invoke(
        cli,
        ["build", str(school), *_args(out), *args],
    )
    shown = result.output + (result.stderr if result.stderr_bytes else "")
    assert "Traceback" not in shown
    assert result.exception is None or isinstance(result.exception, SystemExit)
    after = _everything(tmp_path, out)
    assert after == before, "something was written outside the output folder"
    assert no_network == []
    assert CANARY not in shown
    assert "\x1b" not in shown and "\x00" not in shown
    made = {p: h for p, h in _pdfs(out).items() if earlier.get(p) != h}
    if kind == "error":
        assert result.exit_code == 1, shown
        assert "school.yaml" in shown
        assert words.lower() in _without_paths(shown, tmp_path).lower(), shown
        assert made == {}
        assert _pdfs(out).keys() >= earlier.keys(), "an earlier PDF was deleted"
    else:
        assert result.exit_code == 0, shown
        assert len(made) == 1
        pdf = next(iter(made))
        text = pdfread.text(pdf)
        # Exactly as written, wherever a line happens to end inside it.
        assert "".join(words.split()) in "".join(text.split())
        assert CANARY not in text
        assert CANARY.encode() not in pdf.read_bytes(), "outside bytes in the PDF"
