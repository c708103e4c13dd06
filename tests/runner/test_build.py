"""Building: fit and overflow, marks, missing glyphs, atomic writes, one failing
school among good ones."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import shutil
import socket
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf
import pytest
import time_machine
from PIL import Image

from generator.errors import SafeprintError, display_path
from generator.paths import example_schools_dir
from generator.products import PRODUCTS
from generator.resolve.pack import folder_name
from generator.runner.build import build
from generator.runner.document import Options
from tests import pdfread
from tests.conftest import MINIMAL, POSTER, school_adding

MM_PER_PT = 25.4 / 72


def _team(
    count: int,
    name_length: int,
    where: str = "Pastoral office, second floor of the science block, room S2.14",
) -> str:
    lines = []
    for i in range(count):
        name = f"Dr Maximiliana {'Featherstonehaugh-' * (name_length // 18)}{i}"
        role = "dsl" if i == 0 else "deputy-dsl"
        lines.append(
            f'  - {{name: "{name}", role: {role}, '
            f'phone: "01632 96{i:04d}", where: "{where}"}}'
        )
    return "\n".join(lines)


def _school_with_team(team: str) -> str:
    head, rest = MINIMAL.split("team:\n")
    return head + "team:\n" + team + "\n" + rest.split("\n", 1)[1]


def test_a_team_of_twelve_long_names_is_refused_naming_the_team(
    write_school: Callable[[str], Path], tmp_path: Path
) -> None:
    # Twelve people with 40-letter names and long 'where' lines do not fit an
    # A3 poster at the smallest legible type: the build says which part to cut.
    source = write_school(_school_with_team(_team(12, 40)))
    result = build([source], tmp_path / "out", POSTER)
    message = str(result.failures[source])
    assert "team: staff-poster-a3.pdf: does not fit on 1 page" in message
    assert "The largest part you can change is the team section" in message
    assert "or build a larger size (--size a2)" in message
    assert not (tmp_path / "out" / "minimal" / "staff-poster-a3.pdf").exists()


def test_a_team_too_big_for_the_floor_names_the_team(
    write_school: Callable[[str], Path], tmp_path: Path
) -> None:
    source = write_school(_school_with_team(_team(40, 60)))
    result = build([source], tmp_path / "out", POSTER)
    message = str(result.failures[source])
    assert "school.yaml:5:1: team: staff-poster-a3.pdf: does not fit on 1 page " in (
        message
    )
    assert re.search(
        r"\(18 pt body\): \d+ mm too long\. The largest part you can change is the "
        r"team section \(\d+ mm\) — shorten it",
        message,
    )
    assert not (tmp_path / "out" / "minimal").exists()


def test_type_shrinks_to_fit_but_not_below_the_floor(
    write_school: Callable[[str], Path], tmp_path: Path
) -> None:
    source = write_school(_school_with_team(_team(8, 0, where="Office 2")))
    result = build([source], tmp_path / "out", POSTER)
    assert result.ok, str(result.failures)
    entry = result.entries[0]
    assert 18 / 20 <= entry.type_scale < 1
    import pdfplumber

    with pdfplumber.open(tmp_path / "out" / entry.path) as pdf:
        sizes = [c["size"] for c in pdf.pages[0].chars if c["text"].strip()]
    # Footer is the smallest text (0.8 rem); body is 1 rem ≥ 18 pt on A3.
    assert min(sizes) >= 18 * 0.8 - 0.1


def test_marks_add_bleed_and_crop_marks(minimal_school: Path, tmp_path: Path) -> None:
    result = build(
        [minimal_school], tmp_path / "out", Options(only=("staff-poster",), marks=True)
    )
    assert result.ok
    path = tmp_path / "out" / result.entries[0].path
    with pikepdf.open(path) as doc:
        page = doc.pages[0].obj
        trim = [float(v) for v in page.TrimBox]
        bleed = [float(v) for v in page.BleedBox]
    assert (trim[2] - trim[0]) * MM_PER_PT == pytest.approx(297, abs=0.5)
    assert (trim[3] - trim[1]) * MM_PER_PT == pytest.approx(420, abs=0.5)
    assert (trim[0] - bleed[0]) * MM_PER_PT == pytest.approx(3, abs=0.1)
    # Crop marks are drawn in the bleed's bottom corners, where the page is white.
    image = pdfread.render_png(path, dpi=150).convert("L")
    dots_per_mm = 150 / 25.4
    outside = round(4.5 * dots_per_mm)  # between the bleed (3 mm) and the marks
    # The horizontal mark at the top-left lies on the trim line, 8 mm down.
    corner = image.crop((0, 0, outside, round(10 * dots_per_mm)))
    assert corner.getextrema()[0] < 100, "no crop mark in the top-left corner"
    # The masthead's colour runs 3 mm past the trim into the bleed.
    margin = (8 - 2) * dots_per_mm
    assert image.getpixel((image.width // 2, round(margin))) < 200


def test_a_character_no_font_has_is_an_error_at_its_line(
    write_school: Callable[[str], Path], tmp_path: Path
) -> None:
    source = write_school(MINIMAL.replace("Ms Ada Lovelace", "Ms Ada 中 Lovelace"))
    result = build([source], tmp_path / "out", POSTER)
    message = str(result.failures[source])
    assert "school.yaml:6:6: team[0].name: '中' (U+4E2D) cannot be printed" in message


def test_welsh_letters_are_covered_by_the_fallback_font(
    write_school: Callable[[str], Path], tmp_path: Path
) -> None:
    source = write_school(MINIMAL.replace("Ms Ada Lovelace", "Mr Dŵr Ŷw Llŷr"))
    result = build([source], tmp_path / "out", POSTER)
    assert result.ok, str(result.failures)
    assert "Mr Dŵr Ŷw Llŷr" in pdfread.text(tmp_path / "out" / result.entries[0].path)


def test_a_failed_build_keeps_the_previous_pdf(
    write_school: Callable[[str], Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    source = write_school(MINIMAL)
    assert build([source], out, POSTER).ok
    poster = out / "minimal" / "staff-poster-a3.pdf"
    before = poster.read_bytes()
    manifest = (out / "manifest.json").read_text()
    write_school(MINIMAL.replace('"01632 960001"', '"12345"'))
    assert not build([source], out, POSTER).ok
    assert poster.read_bytes() == before
    assert (out / "manifest.json").read_text() == manifest
    assert [p.name for p in (out / "minimal").iterdir()] == ["staff-poster-a3.pdf"]


def test_one_failing_document_keeps_the_school_s_others_and_drops_its_old_file(
    tmp_path: Path,
) -> None:
    """A document that cannot be made fails alone: the school's other documents
    are written, the failed one is named, and its earlier file is deleted (and
    said so), so that no out-of-date copy is left to print."""
    out = tmp_path / "out"
    source = school_adding(tmp_path / "school", "", product="staff-briefing")
    staff = Options(only=("staff-poster", "staff-card", "staff-briefing"))
    assert build([source], out, staff).ok
    briefing = out / "minimal" / "staff-briefing.pdf"
    assert briefing.is_file()
    template = source.parent / "templates" / "staff-briefing.html.j2"
    template.write_text(template.read_text().replace("super() }}", "super() }}\ue000"))
    for options, deleted in ((staff, True), (Options(), False)):
        # The second time in two workers, which make a school's parts apart.
        result = build([source], out, options, jobs=1 if deleted else 2)
        message = str(result.failures[source])
        assert "staff-briefing.pdf" in message and "U+E000" in message
        assert ("its earlier file deleted" in message) is deleted, message
        assert "the school's other" in message
        made = sorted(e.path for e in result.entries)
        assert "minimal/staff-poster-a3.pdf" in made
        assert "minimal/staff-card-sheet-a4.pdf" in made
        assert "minimal/staff-briefing.pdf" not in made
        assert not briefing.exists()
        listed = json.loads((out / "manifest.json").read_text())["files"]
        assert sorted(f["path"] for f in listed) == made


def test_one_broken_school_does_not_stop_the_others(
    minimal_school: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken" / "school.yaml"
    broken.parent.mkdir()
    broken.write_text(MINIMAL.replace('"01632 960001"', '"12345"'))
    result = build([broken, minimal_school], tmp_path / "out", POSTER)
    assert list(result.failures) == [broken]
    assert "team[0].phone" in str(result.failures[broken])
    files = json.loads((tmp_path / "out" / "manifest.json").read_text())["files"]
    assert [f["path"] for f in files] == ["minimal/staff-poster-a3.pdf"]


def test_same_inputs_give_identical_pdfs(minimal_school: Path, tmp_path: Path) -> None:
    first = build([minimal_school], tmp_path / "one", POSTER).entries[0].sha256
    second = build([minimal_school], tmp_path / "two", POSTER).entries[0].sha256
    assert first == second


def test_two_schools_with_one_name_are_refused(
    minimal_school: Path, tmp_path: Path
) -> None:
    twin = tmp_path / "twin" / "school.yaml"
    twin.parent.mkdir()
    twin.write_text(MINIMAL)
    result = build([minimal_school, twin], tmp_path / "out", POSTER)
    assert "would be written to the same folder (minimal/) as" in str(
        result.failures[twin]
    )
    assert "give each its own `reference:`" in str(result.failures[twin])


def test_a_school_given_a_reference_moves_however_its_file_is_named(
    write_school: Callable[[str], Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "out"
    source = write_school(MINIMAL)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert build([Path("..") / source.parent.name / "school.yaml"], out, POSTER).ok
    write_school(MINIMAL.replace("phase:", "reference: '100002'\n  phase:"))
    monkeypatch.chdir(source.parent)
    assert build([Path("school.yaml")], out, POSTER).ok
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "minimal-100002"]


def test_two_schools_of_one_name_with_references_have_a_folder_each(
    tmp_path: Path,
) -> None:
    sources = []
    for reference in ("123456", "654321"):
        source = tmp_path / reference / "school.yaml"
        source.parent.mkdir()
        # Unquoted, as a URN is often typed: a number, read as the reference.
        source.write_text(
            MINIMAL.replace(
                "name: Minimal School",
                f"name: Minimal School\n  reference: {reference}",
            )
        )
        sources.append(source)
    result = build(sources, tmp_path / "out", POSTER)
    assert result.ok, result.failures
    assert sorted(e.path for e in result.entries) == [
        "minimal-123456/staff-poster-a3.pdf",
        "minimal-654321/staff-poster-a3.pdf",
    ]


def test_a_folder_without_school_files_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SafeprintError, match="no school.yaml below this folder"):
        build([tmp_path], tmp_path / "out", POSTER)


def test_a_dropped_size_is_removed_with_its_old_numbers(
    write_school: Callable[[str], Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    both = MINIMAL + "products:\n  staff-poster: {sizes: [a3, a4]}\n"
    source = write_school(both)
    assert build([source], out, POSTER).ok
    assert (out / "minimal" / "staff-poster-a4.pdf").is_file()
    write_school(both.replace("[a3, a4]", "[a3]").replace("960001", "960002"))
    assert build([source], out, POSTER).ok
    assert not (out / "minimal" / "staff-poster-a4.pdf").exists()
    files = json.loads((out / "manifest.json").read_text())["files"]
    assert [f["path"] for f in files] == ["minimal/staff-poster-a3.pdf"]
    assert "01632 960002" in pdfread.text(out / "minimal" / "staff-poster-a3.pdf")


def test_a_build_of_some_products_keeps_the_others_while_the_school_is_unchanged(
    write_school: Callable[[str], Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    source = write_school(MINIMAL)
    assert build([source], out, Options(only=("staff-poster", "staff-card"))).ok
    poster = out / "minimal" / "staff-poster-a3.pdf"
    before = poster.read_bytes()

    # Only the card, nothing changed: the poster stays, listed as it was.
    result = build([source], out, Options(only=("staff-card",), force=True))
    assert result.ok and not result.warnings
    assert poster.read_bytes() == before
    files = json.loads((out / "manifest.json").read_text())["files"]
    listed = {f["path"]: f["sha256"] for f in files}
    assert "minimal/staff-poster-a3.pdf" in listed
    assert "minimal/staff-card.pdf" in listed

    # The school's number changed: a poster left as it was would show the old
    # one, so it goes, and the build says so.
    write_school(MINIMAL.replace("960001", "960002"))
    result = build([source], out, Options(only=("staff-card",)))
    assert result.ok
    assert not poster.exists()
    assert [str(w) for w in result.warnings] == [
        f"{display_path(source)}: warning: deleted, since what they were made "
        "from (the school file, its pictures or templates, or safeprint) has "
        "changed, so they could show old details, and this build did not make "
        "them again (--only, --size): minimal/staff-poster-a3.pdf — a build "
        "without --only and --size makes every file the school asks for"
    ]
    files = json.loads((out / "manifest.json").read_text())["files"]
    assert [f["path"] for f in files] == [
        "minimal/staff-card-sheet-a4.pdf",
        "minimal/staff-card.pdf",
    ]
    assert "01632 960002" in pdfread.text(out / "minimal" / "staff-card.pdf")


def test_a_build_of_some_products_judges_the_others_by_the_school_not_the_path(
    write_school: Callable[[str], Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "out"
    source = write_school(MINIMAL)
    both = Options(only=("staff-poster", "staff-card"))
    assert build([source.resolve()], out, both).ok
    poster = out / "minimal" / "staff-poster-a3.pdf"

    # The same school, named from another folder: nothing has changed.
    monkeypatch.chdir(source.parent)
    card = Options(only=("staff-card",), force=True)
    result = build([Path("school.yaml")], out, card)
    assert result.ok and not result.warnings
    assert poster.is_file()

    # With --strict, a file that had warnings is not kept by a build that did
    # not make it; one changed by hand is not kept either. Each says why.
    manifest = json.loads((out / "manifest.json").read_text())
    for entry in manifest["files"]:
        if entry["path"] == "minimal/staff-poster-a3.pdf":
            entry["warnings"] = ["a warning the poster had"]
    (out / "manifest.json").write_text(json.dumps(manifest))
    result = build([source], out, replace(card, strict=True))
    assert not poster.exists()
    [warning] = result.warnings
    assert warning.message.startswith("deleted, since they have warnings, which")
    assert build([source], out, both).ok
    poster.write_bytes(poster.read_bytes() + b"\n")
    result = build([source], out, card)
    assert not poster.exists()
    [warning] = result.warnings
    assert warning.message.startswith("deleted, since they are not as safeprint")


def test_a_renamed_school_built_in_part_names_only_what_it_did_not_make_again(
    write_school: Callable[[str], Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    source = write_school(MINIMAL)
    assert build([source], out, Options(only=("staff-poster", "staff-card"))).ok
    write_school(MINIMAL.replace("Minimal School", "Maximal School"))
    result = build([source], out, Options(only=("staff-card",)))
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "maximal"]
    assert (out / "maximal" / "staff-card.pdf").is_file()
    [warning] = result.warnings
    assert warning.message.endswith(
        "(--only, --size): minimal/staff-poster-a3.pdf — a build without --only "
        "and --size makes every file the school asks for"
    )


def test_a_renamed_school_leaves_no_old_folder(
    write_school: Callable[[str], Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    source = write_school(MINIMAL)
    assert build([source], out, POSTER).ok
    write_school(MINIMAL.replace("Minimal School", "Maximal School"))
    assert build([source], out, POSTER).ok
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "maximal"]


@pytest.mark.parametrize("share_below", [0, 4], ids=["a-school-a-task", "shared"])
def test_parallel_builds_match_serial_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, share_below: int
) -> None:
    """Two worker processes make the same files as one process, byte for byte,
    and a broken school still fails alone: whether each school is one task or
    is shared out between the workers."""
    from generator.runner import workers as parallel

    monkeypatch.setattr(parallel, "SHARE_BELOW", share_below)
    schools = tmp_path / "schools"
    for name in ("one", "two", "three"):
        (schools / name).mkdir(parents=True)
        text = MINIMAL.replace("Minimal School", f"School {name}")
        if name == "two":
            text = text.replace('"01632 960001"', '"12345"')
        (schools / name / "school.yaml").write_text(text)
    serial = build([schools], tmp_path / "serial", POSTER, jobs=1)
    parallel = build([schools], tmp_path / "parallel", POSTER, jobs=2)
    assert [e.sha256 for e in serial.entries] == [e.sha256 for e in parallel.entries]
    assert [e.path for e in parallel.entries] == [
        "school-one/staff-poster-a3.pdf",
        "school-three/staff-poster-a3.pdf",
    ]
    assert list(parallel.failures) == [schools / "two" / "school.yaml"]
    assert "team[0].phone" in str(parallel.failures[schools / "two" / "school.yaml"])


@pytest.mark.parametrize("share_below", [0, 4], ids=["a-school-a-task", "shared"])
def test_workers_make_each_school_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, share_below: int
) -> None:
    """Each task is made once by the worker processes: one made and already
    handed on is not taken for one a broken pool left, and made again alone
    (which doubled the work of every parallel build)."""
    from generator.runner import workers as parallel

    monkeypatch.setattr(parallel, "SHARE_BELOW", share_below)
    made = tmp_path / "made.txt"
    make_school = parallel.make_school

    def logged(source: Path, options: Options, *args: Any) -> Any:
        # The workers fork from this process, so they log here too.
        with made.open("a") as log:
            log.write(f"{source.parent.name} {options.only} {options.band}\n")
        return make_school(source, options, *args)

    monkeypatch.setattr(parallel, "make_school", logged)
    schools = tmp_path / "schools"
    for name in ("one", "two", "three"):
        (schools / name).mkdir(parents=True)
        text = MINIMAL.replace("Minimal School", f"School {name}")
        (schools / name / "school.yaml").write_text(text)
    result = build([schools], tmp_path / "out", POSTER, jobs=2)
    assert result.ok
    tasks = made.read_text().splitlines()
    assert len(tasks) == 3 and len(set(tasks)) == 3, tasks


def _skipped(result) -> dict[str, bool]:
    return {entry.path: entry.skipped for entry in result.entries}


def test_unchanged_documents_are_not_rebuilt(tmp_path: Path) -> None:
    schools = tmp_path / "schools"
    shutil.copytree(example_schools_dir() / "oakfield-primary", schools / "oak")
    shutil.copytree(example_schools_dir() / "glenburn-primary", schools / "glen")
    out = tmp_path / "out"
    options = Options(only=("staff-poster", "staff-card"))
    first = build([schools], out, options)
    assert first.ok and not any(_skipped(first).values())
    poster = out / "oakfield-primary" / "staff-poster-a3.pdf"
    written = poster.stat().st_mtime_ns

    again = build([schools], out, options)
    assert all(_skipped(again).values())
    assert poster.stat().st_mtime_ns == written
    assert [e.sha256 for e in again.entries] == [e.sha256 for e in first.entries]
    manifest = json.loads((out / "manifest.json").read_text())["files"]
    assert all(entry["skipped"] for entry in manifest)

    # A changed school file: only that school is laid out again.
    school_file = schools / "glen" / "school.yaml"
    school_file.write_text(
        school_file.read_text().replace("0131 496 0124", "0131 496 0125")
    )
    changed = _skipped(build([schools], out, options))
    assert not changed["glenburn-primary/staff-poster-a3.pdf"]
    assert changed["oakfield-primary/staff-poster-a3.pdf"]

    # A changed photo rebuilds its school; a card and its sheet go together.
    photo = schools / "oak" / "assets" / "reed.jpg"
    Image.open(photo).transpose(Image.Transpose.FLIP_LEFT_RIGHT).save(photo)
    changed = _skipped(build([schools], out, options))
    assert not changed["oakfield-primary/staff-card.pdf"]
    assert not changed["oakfield-primary/staff-card-sheet-a4.pdf"]
    assert changed["glenburn-primary/staff-card.pdf"]

    # A template of the school's own, and --force, rebuild too.
    (schools / "glen" / "templates").mkdir()
    (schools / "glen" / "templates" / "staff-poster.html.j2").write_text(
        '{% extends "builtin/staff-poster.html.j2" %}'
    )
    changed = _skipped(build([schools], out, options))
    assert not changed["glenburn-primary/staff-poster-a3.pdf"]
    assert changed["oakfield-primary/staff-poster-a3.pdf"]
    forced = build([schools], out, Options(only=options.only, force=True))
    assert not any(_skipped(forced).values())


def test_a_picture_a_school_template_keeps_is_among_its_inputs(
    tmp_path: Path,
) -> None:
    """A picture kept in the school's templates/ folder: changing it rebuilds the
    poster, both found unchanged without loading and checked document by
    document (``--force`` aside, the only two ways a build keeps a file)."""
    source = school_adding(
        tmp_path / "school", '<img src="templates/banner.png" alt="Our banner">'
    )
    banner = tmp_path / "school" / "templates" / "banner.png"
    Image.new("RGB", (400, 100), "#1d4e89").save(banner)
    out = tmp_path / "out"
    first = build([source], out, POSTER)
    assert first.ok, first.failures
    assert all(_skipped(build([source], out, POSTER)).values())

    Image.new("RGB", (400, 100), "#8a1c1c").save(banner)
    changed = build([source], out, POSTER)
    assert not any(_skipped(changed).values())
    assert changed.entries[0].sha256 != first.entries[0].sha256

    # Checked document by document: the school's record gone, its files kept.
    manifest = json.loads((out / "manifest.json").read_text())
    (out / "manifest.json").write_text(json.dumps({**manifest, "schools": []}))
    Image.new("RGB", (400, 100), "#1d4e89").save(banner)
    again = build([source], out, POSTER)
    assert not any(_skipped(again).values())
    assert again.entries[0].sha256 == first.entries[0].sha256


def test_a_school_template_may_not_use_files_its_inputs_leave_out(
    tmp_path: Path,
) -> None:
    """Elsewhere in the school's folder, a file the school file does not name
    is refused: a rebuild would not see it change."""
    source = school_adding(
        tmp_path / "school", '<img src="assets/banner.png" alt="Our banner">'
    )
    (tmp_path / "school" / "assets").mkdir()
    Image.new("RGB", (400, 100), "#1d4e89").save(
        tmp_path / "school" / "assets" / "banner.png"
    )
    result = build([source], tmp_path / "out", POSTER)
    message = str(result.failures[source])
    assert "refused to fetch" in message and "assets/banner.png" in message
    assert "templates/ folder" in message
    assert not (tmp_path / "out" / "minimal").exists()


def test_a_damaged_output_file_is_rebuilt(minimal_school: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build([minimal_school], out, POSTER).ok
    poster = out / "minimal" / "staff-poster-a3.pdf"
    good = poster.read_bytes()
    poster.write_bytes(good[: len(good) // 2])
    result = build([minimal_school], out, POSTER)
    assert not any(_skipped(result).values())
    assert poster.read_bytes() == good


def _edit_record(out: Path, change: Callable[[dict], object]) -> None:
    """Change the one school record in ``out``'s manifest."""
    path = out / "manifest.json"
    manifest = json.loads(path.read_text())
    (record,) = manifest["schools"]
    change(record)
    path.write_text(json.dumps(manifest))


NOTE = {
    "message": "only the record says this",
    "file": None,
    "line": None,
    "column": None,
    "field": "",
    "warning": True,
}


def _notes(result) -> list[str]:
    return [w.message for w in result.warnings if w.message == NOTE["message"]]


def test_a_school_unchanged_today_is_kept_without_loading_it(
    minimal_school: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    # Two workers share the school out by product: the parts make one record.
    options = Options(only=("staff-poster", "staff-card"))
    assert build([minimal_school], out, options, jobs=2).ok
    # What only the record carries is reported when the record is trusted.
    _edit_record(out, lambda record: record["warnings"].append(NOTE))
    again = build([minimal_school], out, options)
    assert all(_skipped(again).values()) and _notes(again) == [NOTE["message"]]

    # Another day (the review and verified dates are checked again), other
    # options, a file list edited to reach outside the school's folder: the
    # school is loaded and checked again, and its record written afresh.
    changes: list[tuple[Callable[[dict], object], Options]] = [
        (lambda record: record.update(checked_on="2026-01-01"), options),
        (lambda record: record.update(named=["../../school.yaml"]), options),
        (lambda record: None, replace(options, sizes=("a3",))),
    ]
    for change, used in changes:
        _edit_record(out, lambda record: record["warnings"].append(NOTE))
        _edit_record(out, change)
        result = build([minimal_school], out, used)
        assert result.ok and all(_skipped(result).values())
        assert _notes(result) == []
        assert _notes(build([minimal_school], out, used)) == []

    # A school that fails fails again: its record is not trusted.
    minimal_school.write_text(minimal_school.read_text().replace("01632 960001", "12"))
    assert not build([minimal_school], out, options).ok
    assert not build([minimal_school], out, options).ok


@pytest.mark.weasyprint_warns
def test_a_build_that_runs_past_midnight_is_checked_again_after_it(
    tmp_path: Path,
) -> None:
    """The review date is checked each day. A build whose checks ran before
    midnight records that day, though it is written after: so the next build
    loads the school again, and finds the review now due within 30 days."""
    day = dt.date.today()
    due = day + dt.timedelta(days=31)  # 31 days off today, 30 tomorrow
    # WeasyPrint logs the declaration it ignores as it lays the poster out:
    # after the school's checks ran, before its record is written.
    source = school_adding(tmp_path / "school", '<p style="flavour: mint">x</p>')
    source.write_text(
        source.read_text().replace("review_by: 2027-09-01", f"review_by: {due}")
    )
    out = tmp_path / "out"
    late = dt.datetime.combine(day, dt.time(23, 59))
    with time_machine.travel(late, tick=False) as clock:
        midnight = _OnLog(lambda: clock.move_to(late + dt.timedelta(minutes=2)))
        logging.getLogger("weasyprint").addHandler(midnight)
        try:
            first = build([source], out, POSTER)
        finally:
            logging.getLogger("weasyprint").removeHandler(midnight)
        assert dt.date.today() > day  # the build did run past midnight
        manifest = json.loads((out / "manifest.json").read_text())
        assert manifest["schools"][0]["checked_on"] == day.isoformat()
        assert first.ok and not _review_due(first)
        again = build([source], out, POSTER)
    assert again.ok and all(_skipped(again).values())
    assert _review_due(again) == [f"due for review on {due}"]


class _OnLog(logging.Handler):
    """Calls ``then`` on each message logged."""

    def __init__(self, then: Callable[[], object]) -> None:
        super().__init__()
        self.then = then

    def emit(self, record: logging.LogRecord) -> None:
        self.then()


def _review_due(result) -> list[str]:
    return re.findall(r"due for review on [\d-]+", str(result.warnings))


def test_a_school_folder_belongs_to_the_school_file_that_made_it(
    tmp_path: Path,
) -> None:
    # Two copies of one school (one slug, one output folder), with one number
    # apart: the second may not replace the first's files.
    for name, phone in (("one", "01632 960001"), ("two", "01632 960099")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "school.yaml").write_text(
            MINIMAL.replace("01632 960001", phone)
        )
    one, two = tmp_path / "one" / "school.yaml", tmp_path / "two" / "school.yaml"
    out = tmp_path / "out"
    first = build([one], out, POSTER)
    second = build([two], out, POSTER)
    assert not second.ok
    message = str(second.failures[two])
    assert "holds those of another school file" in message
    assert str(one) in message and str(two) in message
    again = build([one], out, POSTER)
    assert all(_skipped(again).values())
    assert [e.sha256 for e in again.entries] == [e.sha256 for e in first.entries]
    # Its folder deleted, another school file may take the name.
    shutil.rmtree(out / "minimal")
    assert build([two], out, POSTER).ok


def test_a_logo_reached_through_a_link_is_checked_again(tmp_path: Path) -> None:
    school = tmp_path / "school"
    (school / "assets").mkdir(parents=True)
    logos = example_schools_dir()
    for name, example in (
        ("a.svg", "oakfield-primary"),
        ("b.svg", "riverside-academy"),
    ):
        shutil.copy(logos / example / "assets" / "logo.svg", school / "assets" / name)
    (school / "assets" / "logo.svg").symlink_to("a.svg")
    text = MINIMAL.replace(
        "  phase: primary\n", "  phase: primary\n  logo: assets/logo.svg\n"
    )
    (school / "school.yaml").write_text(text)
    out = tmp_path / "out"
    assert build([school], out, POSTER).ok
    (school / "assets" / "logo.svg").unlink()
    (school / "assets" / "logo.svg").symlink_to("b.svg")
    changed = build([school], out, POSTER)
    assert changed.ok and not any(_skipped(changed).values())


@pytest.mark.parametrize(
    "schools",
    [5, None, [5], [{"source": "x", "files": 5}], "broken"],
    ids=["a number", "null", "a list of numbers", "wrong fields", "a string"],
)
def test_a_hand_edited_list_of_schools_is_ignored(
    minimal_school: Path, tmp_path: Path, schools: object
) -> None:
    out = tmp_path / "out"
    assert build([minimal_school], out, POSTER).ok
    path = out / "manifest.json"
    manifest = json.loads(path.read_text())
    record = manifest["schools"][0]
    manifest["schools"] = schools
    path.write_text(json.dumps(manifest))
    again = build([minimal_school], out, POSTER)
    assert again.ok and all(_skipped(again).values())
    assert json.loads(path.read_text())["schools"] == [record]
    # A record of this school with a field of the wrong kind: loaded as usual.
    wrongs = (("named", None), ("files", [["x"]]), ("files", {"x": "y"}), ("slug", 5))
    for field_, wrong in wrongs:
        manifest = json.loads(path.read_text())
        manifest["schools"][0][field_] = wrong
        path.write_text(json.dumps(manifest))
        again = build([minimal_school], out, POSTER)
        assert again.ok and all(_skipped(again).values())
        assert json.loads(path.read_text())["schools"] == [record]


def test_a_dask_cluster_builds_the_same_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--scheduler sends the same work to Dask workers: same manifest, same
    bytes, though the workers started in another folder and this build names
    its schools by relative paths, and though the local build ran on another
    day (its names need Noto Sans, whose fonts once carried the time)."""
    distributed = pytest.importorskip("distributed")
    monkeypatch.chdir(tmp_path)
    schools = Path("schools")
    for name in ("one", "two"):
        (schools / name).mkdir(parents=True)
        (schools / name / "school.yaml").write_text(
            MINIMAL.replace("Minimal School", f"School {name}").replace(
                "Ms Ada Lovelace", "Mr Dŵr Llŷr"
            )
        )
    staff = Options(only=("staff-poster", "staff-card"))
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=1, hours=2)
    with time_machine.travel(later, tick=True):
        local = build(
            [schools / "one", schools / "two" / "school.yaml"], Path("local"), staff
        )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        client.run(os.chdir, str(elsewhere))
        assert set(client.run(os.getcwd).values()) == {str(elsewhere)}
        remote = build(
            [schools / "one", schools / "two" / "school.yaml"],
            Path("remote"),
            staff,
            scheduler=cluster.scheduler_address,
        )
    assert remote.ok, str(remote.failures)
    assert list(remote.failures) == list(local.failures) == []
    assert len(remote.entries) == 6
    assert [(e.path, e.sha256) for e in remote.entries] == [
        (e.path, e.sha256) for e in local.entries
    ]
    assert Path("remote/manifest.json").is_file()


def test_an_unreachable_scheduler_is_one_line_and_exit_two(
    minimal_school: Path, tmp_path: Path
) -> None:
    """A scheduler nobody answers at: one clear line, exit code 2, within the
    connect timeout (short by default), not a traceback after 30 s."""
    pytest.importorskip("distributed")
    from click.testing import CliRunner

    from generator.cli.commands import cli

    with socket.socket() as closed:  # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{closed.getsockname()[1]}"
    started = time.monotonic()
    args = ["build", str(minimal_school), "--out", str(tmp_path / "out")]
    result = CliRunner().invoke(
        cli, [*args, "--scheduler", address, "--connect-timeout", "1", "-q"]
    )
    assert time.monotonic() - started < 15
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"cannot reach the Dask scheduler at {address} (")
    assert "--connect-timeout" in lines[0]
    assert not (tmp_path / "out" / "manifest.json").exists()
    default = CliRunner().invoke(cli, ["build", "--help"]).output
    assert "--connect-timeout SECONDS" in default and "[default: 10" in default


def test_a_forced_rebuild_starts_from_the_recorded_fit(tmp_path: Path) -> None:
    """--force lays each document out again from the fit the manifest recorded:
    the same files, byte for byte; a recorded fit that no longer fits is searched
    again, and one below the legible floor is ignored."""
    schools = tmp_path / "schools"
    shutil.copytree(example_schools_dir() / "oakfield-primary", schools / "oak")
    out = tmp_path / "out"
    only = Options(only=("staff-poster", "staff-card"))
    first = build([schools], out, only)
    assert first.ok, first.failures
    hashes = {e.path: e.sha256 for e in first.entries}
    assert all(e.fitted.get("scale") for e in first.entries)
    manifest = out / "manifest.json"
    data = json.loads(manifest.read_text())
    poster = next(e for e in data["files"] if e["product"] == "staff-poster")
    assert poster["fitted"]["scale"] < 1.0  # the example poster is shrunk to fit
    poster["fitted"]["scale"] = 1.0  # does not fit: searched again
    card = next(e for e in data["files"] if e["path"].endswith("staff-card.pdf"))
    card["fitted"]["scale"] = 0.5  # below the card's floor: ignored
    manifest.write_text(json.dumps(data))
    again = build([schools], out, Options(only=only.only, force=True))
    assert again.ok, again.failures
    assert {e.path: e.sha256 for e in again.entries} == hashes


def test_watching_rebuilds_after_a_school_file_changes(tmp_path: Path) -> None:
    """build --watch: an edit to the school file gives a new poster, once."""
    import threading

    from generator.runner.watch import watch_builds

    folder = tmp_path / "school"
    folder.mkdir()
    source = folder / "school.yaml"
    source.write_text(MINIMAL)
    out = tmp_path / "out"
    stop = threading.Event()
    results: list = []
    changed = threading.Event()

    def after(result) -> None:
        results.append(result)
        if len(results) == 1:
            source.write_text(MINIMAL.replace("Ms Ada Lovelace", "Ms Grace Hopper"))
        else:
            changed.set()
            stop.set()

    thread = threading.Thread(
        target=watch_builds, args=([source], out, POSTER, after, stop), daemon=True
    )
    thread.start()
    assert changed.wait(timeout=120), "no rebuild after the edit"
    thread.join(timeout=30)
    assert all(r.ok for r in results) and len(results) == 2
    printed = pdfread.text(out / "minimal" / "staff-poster-a3.pdf")
    assert "Grace Hopper" in printed and "Lovelace" not in printed


@pytest.mark.parametrize("where", ["under-a-file", "in-proc"])
def test_an_output_folder_that_cannot_be_written_is_a_clear_error(
    tmp_path: Path, where: str
) -> None:
    """Root may write anywhere on disk, so the folders that refuse it here are
    one under a plain file and one in /proc (a kernel file system)."""
    from click.testing import CliRunner

    from generator.cli.commands import cli

    source = tmp_path / "school.yaml"
    source.write_text(MINIMAL)
    (tmp_path / "a-file").write_text("")
    out = tmp_path / "a-file" / "out" if where == "under-a-file" else Path("/proc/sp")
    result = CliRunner().invoke(
        cli, ["build", str(source), "--out", str(out), "--only", "staff-poster", "-q"]
    )
    assert result.exit_code == 1
    assert "cannot write here" in result.output
    assert "choose another with --out" in result.output
    assert "Traceback" not in result.output


def _runaway_and_fine(tmp_path: Path, lines: int) -> tuple[Path, Path]:
    """A school whose template repeats a line ``lines`` times, and one that is fine."""
    runaway = school_adding(
        tmp_path / "runaway",
        f"{{% for i in range({lines}) %}}<p>Line {{{{ i }}}} of a very long poster</p>"
        "{% endfor %}",
    )
    fine = tmp_path / "fine" / "school.yaml"
    fine.parent.mkdir()
    fine.write_text(MINIMAL.replace("Minimal School", "Fine School"))
    return runaway, fine


def test_a_document_over_its_time_limit_fails_alone(tmp_path: Path) -> None:
    """A school template that asks for an enormous page is stopped; the other
    school still builds."""
    # Long enough that one layout alone outlasts the limit: a poster far too long
    # is laid out once, at its smallest type, before it is refused.
    slow, fine = _runaway_and_fine(tmp_path, lines=20000)
    started = time.monotonic()
    # A limit the fine poster keeps well within on a busy machine.
    result = build(
        [slow, fine], tmp_path / "out", Options(only=("staff-poster",), time_limit=8)
    )
    assert time.monotonic() - started < 60
    assert "took longer than 8 s to lay out" in str(result.failures[slow])
    assert [e.path for e in result.entries] == ["fine/staff-poster-a3.pdf"]


def test_a_document_over_its_memory_limit_fails_alone(tmp_path: Path) -> None:
    from generator.layout.budget import rss_mb

    greedy, fine = _runaway_and_fine(tmp_path, lines=30000)
    limit = (rss_mb() or 0) + 80
    result = build(
        [greedy, fine],
        tmp_path / "out",
        Options(only=("staff-poster",), time_limit=0, memory_limit=limit),
    )
    assert f"needed more than {limit:g} MB of memory" in str(result.failures[greedy])
    assert [e.path for e in result.entries] == ["fine/staff-poster-a3.pdf"]


def test_one_school_shared_between_workers_gives_what_one_process_gives(
    tmp_path: Path,
) -> None:
    """With two workers a school's products are laid out in both; put back
    together, its files, their order and its warnings (each once) are those of
    a build in one process."""
    source = example_schools_dir() / "riverside-academy" / "school.yaml"
    serial = build([source], tmp_path / "serial", Options(), jobs=1)
    parallel = build([source], tmp_path / "parallel", Options(), jobs=2)
    assert serial.ok and parallel.ok
    assert [(e.path, e.sha256) for e in parallel.entries] == [
        (e.path, e.sha256) for e in serial.entries
    ]
    assert len(parallel.entries) > len(PRODUCTS)
    assert [str(w) for w in parallel.warnings] == [str(w) for w in serial.warnings]
    assert len({str(w) for w in parallel.warnings}) == len(parallel.warnings)


def test_a_school_that_lists_its_bands_out_of_order_gets_them_youngest_first(
    write_school, tmp_path: Path
) -> None:
    text = MINIMAL.replace(
        "  phase: primary", "  phase: primary\n  bands: [primary, early]"
    )
    assert "bands:" in text
    source = write_school(text)
    serial = build([source], tmp_path / "serial", Options(only=("pupil-leaflet",)))
    parallel = build(
        [source], tmp_path / "parallel", Options(only=("pupil-leaflet",)), jobs=2
    )
    names = [Path(e.path).name for e in serial.entries]
    assert names == ["pupil-leaflet-early.pdf", "pupil-leaflet-primary.pdf"]
    assert [Path(e.path).name for e in parallel.entries] == names


def test_a_build_collects_garbage_less_often_and_puts_python_back(
    tmp_path: Path, minimal_school: Path
) -> None:
    """While documents are made, the collector runs every BATCH_THRESHOLD
    allocations with what was alive before frozen out of it; afterwards, and
    after a school that fails, Python's own settings are back."""
    import gc

    from generator.layout.budget import BATCH_THRESHOLD

    broken = tmp_path / "broken" / "school.yaml"
    broken.parent.mkdir()
    broken.write_text("school: [\n")
    before = gc.get_threshold(), gc.get_freeze_count()
    during = []

    def progress(outcome: object, done: int, total: int) -> None:
        during.append((gc.get_threshold()[0], gc.get_freeze_count()))

    result = build(
        [minimal_school, broken],
        tmp_path / "out",
        Options(only=("staff-poster",)),
        progress=progress,
    )
    assert not result.ok
    assert len(during) == 2
    assert all(t == BATCH_THRESHOLD and frozen > 0 for t, frozen in during)
    assert (gc.get_threshold(), gc.get_freeze_count()) == before


def test_a_school_s_own_css_gives_the_same_file_searched_or_from_its_fit(
    tmp_path: Path,
) -> None:
    """The search lays out a document restyled to each scale; a rebuild from
    the recorded fit sets it the same way. A school's own CSS for the type size
    or the safe edge cannot make the two differ (the fit sets both)."""
    school = tmp_path / "glenburn"
    shutil.copytree(example_schools_dir() / "glenburn-primary", school)
    (school / "templates").mkdir()
    (school / "templates" / "staff-poster.html.j2").write_text(
        '{% extends "builtin/staff-poster.html.j2" %}{% block body %}{{ super() }}'
        "<style>:root { --edge: 14mm } html { font-size: 30pt }</style>"
        "{% endblock %}"
    )
    out = tmp_path / "out"
    searched = build([school], out, Options(only=("staff-poster",)))
    assert searched.ok, searched.failures
    (entry,) = searched.entries
    assert entry.fitted["scale"] < 1.0  # searched for, not set at design size
    (out / entry.path).unlink()  # rebuilt from the fit the manifest recorded
    again = build([school], out, Options(only=("staff-poster",)))
    assert [(e.path, e.sha256, e.skipped) for e in again.entries] == [
        (entry.path, entry.sha256, False)
    ]


def test_objects_the_calling_program_froze_stay_frozen_and_builds_nest() -> None:
    """A program that froze objects of its own before a build finds them frozen
    after it; a build inside a build leaves the outer one's settings alone."""
    import gc

    from generator.layout.budget import BATCH_THRESHOLD, batch_collection

    before = gc.get_threshold()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with batch_collection():
            assert gc.get_freeze_count() == frozen  # nothing of ours added
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
    with batch_collection():
        outer = gc.get_freeze_count()
        with batch_collection():
            pass
        assert (gc.get_threshold()[0], gc.get_freeze_count()) == (
            BATCH_THRESHOLD,
            outer,
        )
    assert gc.get_threshold() == before


@pytest.mark.parametrize(
    ("name", "folder"),
    [
        ("Oakfield Primary School", "oakfield-primary"),
        ("Scoil Naomh Pádraig", "scoil-naomh-padraig"),
        ("Ysgol Gymraeg Bro Ŵyn", "ysgol-gymraeg-bro-wyn"),
        ("St Mary’s C of E Primary School", "st-marys-c-of-e-primary"),
    ],
)
def test_a_schools_folder_is_its_name_in_plain_letters(name: str, folder: str) -> None:
    assert folder_name(name) == folder
    assert folder_name(name, "123456") == f"{folder}-123456"


def test_a_second_build_into_a_folder_in_use_stops_and_says_so(
    tmp_path: Path,
) -> None:
    from generator.write.files import output_lock

    school = tmp_path / "school"
    school.mkdir()
    (school / "school.yaml").write_text(MINIMAL)
    out = tmp_path / "out"
    out.mkdir()
    # The first build's temporary file, mid-write.
    (out / ".manifest.json.x1.tmp").write_text("{")
    with output_lock(out), pytest.raises(SafeprintError) as caught:
        build([school], out, POSTER)
    assert f"another build is writing to this folder now (process {os.getpid()})" in (
        str(caught.value)
    )
    assert (out / ".manifest.json.x1.tmp").exists()
    assert build([school], out, POSTER).ok
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "minimal"]


def test_a_school_whose_worker_is_killed_is_reported_and_the_others_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The system's out-of-memory killer, as a worker meets the school it
    # cannot make: SIGKILL, every time that school is tried.
    import signal

    from generator.runner import workers as parallel

    real = parallel.make_school

    def make_school(source: Path, *args: object, **kwargs: object) -> object:
        if source.parent.name == "greedy":
            os.kill(os.getpid(), signal.SIGKILL)
        return real(source, *args, **kwargs)

    monkeypatch.setattr(parallel, "make_school", make_school)
    sources = []
    for name in ("first", "greedy", "last"):
        (tmp_path / name).mkdir()
        text = MINIMAL.replace("Minimal", name.title())
        (tmp_path / name / "school.yaml").write_text(text)
        sources.append(tmp_path / name / "school.yaml")
    result = build(sources, tmp_path / "out", POSTER, jobs=2)
    assert list(result.failures) == [sources[1]]
    assert "stopped by the system" in str(result.failures[sources[1]])
    assert sorted(e.path.split("/")[0] for e in result.entries) == ["first", "last"]


def test_a_school_file_linked_from_outside_a_folder_searched_is_not_built(
    tmp_path: Path,
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "school.yaml").write_text(MINIMAL.replace("Minimal", "Outside"))
    schools = tmp_path / "schools"
    (schools / "ours").mkdir(parents=True)
    (schools / "ours" / "school.yaml").write_text(MINIMAL)
    (schools / "theirs").mkdir()
    (schools / "theirs" / "school.yaml").symlink_to(outside / "school.yaml")
    (schools / "linked").symlink_to(outside)
    result = build([schools], tmp_path / "out", POSTER)
    linked = schools / "theirs" / "school.yaml"
    assert list(result.failures) == [linked]
    assert f"is a link to {outside / 'school.yaml'}, outside {schools}" in str(
        result.failures[linked]
    )
    assert [e.school for e in result.entries] == ["Minimal School"]


def test_loading_a_school_has_the_time_limit_too(tmp_path: Path) -> None:
    school = tmp_path / "school"
    school.mkdir()
    (school / "school.yaml").write_text(MINIMAL)
    result = build([school], tmp_path / "out", replace(POSTER, time_limit=0.001))
    assert "school.yaml: took longer than 0.001 s to load, and was stopped" in str(
        result.failures[school / "school.yaml"]
    )


def _check_as_nobody(source: Path) -> str:
    """``check`` of ``source`` by a user who is not its owner (as root, in a
    child process that gives up root first), as the message it prints."""
    import multiprocessing

    from generator.runner.build import check

    def run(pipe: Any) -> None:
        if os.geteuid() == 0:
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
        try:
            result = check([source])
            pipe.send("\n".join(str(e) for e in result.failures.values()))
        except BaseException as exc:  # noqa: BLE001 — the test shows what it was
            pipe.send(f"Traceback: {type(exc).__name__}: {exc}")

    mine, theirs = multiprocessing.get_context("fork").Pipe()
    child = multiprocessing.get_context("fork").Process(target=run, args=(theirs,))
    child.start()
    child.join(120)
    return mine.recv()


@pytest.mark.parametrize("unreadable", ["assets/me.jpg", "languages/fr.yaml"])
def test_a_file_safeprint_may_not_read_is_named(unreadable: str) -> None:
    import stat
    import tempfile

    from generator.runner.build import check

    if os.geteuid() == 0 and not all(
        Path(p).stat().st_mode & stat.S_IXOTH
        for p in (example_schools_dir(), *example_schools_dir().parents)
    ):
        pytest.skip("safeprint's own files are not readable by another user here")
    # Outside pytest's folders (only their owner may enter those).
    folder = Path(tempfile.mkdtemp(prefix="safeprint-unreadable-"))
    try:
        folder.chmod(0o755)
        (folder / "assets").mkdir()
        (folder / "languages").mkdir()
        Image.new("RGB", (300, 300), "white").save(folder / "assets" / "me.jpg")
        french = (example_schools_dir().parent / "languages" / "pl.yaml").read_text()
        (folder / "languages" / "fr.yaml").write_text(
            french.replace("language: pl", "language: fr")
        )
        text = (
            MINIMAL.replace('"01632 960001"}', '"01632 960001", photo: assets/me.jpg}')
            + "languages: [en, fr]\nenglish_fallback: true\n"
        )
        (folder / "school.yaml").write_text(text)
        for path in folder.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)
        check([folder / "school.yaml"])  # everything imported before the child
        (folder / unreadable).chmod(0o000)
        shown = _check_as_nobody(folder / "school.yaml")
    finally:
        shutil.rmtree(folder)
    assert "Traceback" not in shown
    assert "cannot be read (permission denied)" in shown or (
        "Permission denied" in shown
    ), shown
    assert unreadable.split("/")[-1] in shown


@pytest.mark.parametrize("mask", [0o002, 0o077])
def test_every_file_written_honours_the_umask(
    minimal_school: Path, tmp_path: Path, mask: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """School files, PDFs, pictures, the manifest and the proof sheet get the
    permissions open() would give them: a colleague on a shared drive can open
    them when the umask lets them."""
    from click.testing import CliRunner

    from generator.cli.commands import cli

    monkeypatch.chdir(tmp_path)
    before = os.umask(mask)
    try:
        runner = CliRunner()
        for args in (
            [
                "build",
                str(minimal_school),
                "--out",
                "out",
                "--only",
                "staff-card",
                "--preview",
                "-q",
            ],
            ["new", "new-school"],
            ["sheet", "trust.csv"],
            ["import", "trust.csv", "--out", "schools"],
        ):
            result = runner.invoke(cli, args)
            assert result.exit_code == 0, result.output
    finally:
        os.umask(before)
    written = [
        p for p in tmp_path.rglob("*") if p.is_file() and p.parent.name != "school"
    ]
    assert len(written) > 8
    modes = {
        str(p.relative_to(tmp_path)): oct(p.stat().st_mode & 0o777) for p in written
    }
    assert set(modes.values()) == {oct(0o666 & ~mask)}, modes


def test_every_example_document_is_the_same_byte_for_byte_on_another_day(
    examples_built, tmp_path: Path
) -> None:
    """Every product of every example, built again on a clock three days on,
    is the same file: no font in it carries the day it was written (Noto Sans,
    which covers the Welsh letters and what else Atkinson Hyperlegible lacks,
    is a variable font made static for each PDF)."""
    first, _ = examples_built
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=3, hours=5)
    with time_machine.travel(later, tick=True):
        again = build([], tmp_path / "out", Options(sizes=("a4", "a3", "a2")), jobs=2)
    assert again.ok, str(again.failures)
    assert len(again.entries) == len(first.entries) > 50
    differ = {
        e.path
        for e, f in zip(again.entries, first.entries, strict=True)
        if (e.path, e.sha256) != (f.path, f.sha256)
    }
    assert not differ


def test_a_school_whose_names_need_noto_sans_is_the_same_on_another_day(
    tmp_path: Path,
) -> None:
    """Names with ŵ and ŷ are set in Noto Sans (regular and bold), a variable
    font made static for each PDF: built on two days, in one process and in
    two, every product is the same file."""
    names = MINIMAL.replace("Ms Ada Lovelace", "Mr Dŵr Llŷr")
    folder = tmp_path / "school"
    folder.mkdir()
    source = folder / "school.yaml"
    source.write_text(names.replace("Mrs Ada Byron", "Mrs Gwenllïan Hŵ"))
    first = build([source], tmp_path / "one", Options())
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=2, hours=3)
    with time_machine.travel(later, tick=True):
        again = build([source], tmp_path / "two", Options(), jobs=2)
    assert first.ok and again.ok
    card = pdfplumber.open(tmp_path / "one" / first.entries[1].path)
    assert "Noto-Sans-Bold" in {c["fontname"].split("+")[-1][3:] for c in card.chars}
    assert [(e.path, e.sha256) for e in again.entries] == [
        (e.path, e.sha256) for e in first.entries
    ]


def test_a_school_built_alone_or_in_a_batch_gives_the_same_bytes(
    examples_built, tmp_path: Path
) -> None:
    """A school's PDFs do not depend on what else was built: one built after
    two other schools in one process (its type sizes searched afresh, the
    renderer warm from them) matches the same school built on its own."""
    _, batch = examples_built
    source = example_schools_dir() / "riverside-academy" / "school.yaml"
    result = build([source], tmp_path, Options(sizes=("a4", "a3", "a2")))
    assert result.ok
    alone = sorted((tmp_path / "riverside-academy").glob("*.pdf"))
    assert len(alone) >= 10
    for path in alone:
        together = batch / "riverside-academy" / path.name
        assert path.read_bytes() == together.read_bytes(), path.name
