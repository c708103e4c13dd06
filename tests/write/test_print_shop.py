"""The print-shop profile: PDF/X-4 in the press's CMYK with bleed and crop marks,
still tagged and accessible; read back from the PDFs it writes."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from click.testing import CliRunner
from PIL import ImageCms

from generator.cli.commands import cli
from generator.paths import example_schools_dir
from generator.render.cmyk import SYSTEM_PROFILES, cmyk_css, find_press, to_cmyk, to_rgb
from generator.runner.build import BuildResult, build
from generator.runner.document import Options
from generator.validate.pdf import pdf_problems
from tests import pdfread
from tests.conftest import school_adding

MM = 72 / 25.4
SCHOOL = "oakfield-primary"  # English, Urdu (right to left) and Polish


@pytest.fixture(scope="module")
def press_built(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    out = tmp_path_factory.mktemp("print-shop")
    source = example_schools_dir() / SCHOOL / "school.yaml"
    result = build([source], out, Options(press=find_press(None)))
    assert result.ok, {str(k): str(v) for k, v in result.failures.items()}
    return result, out


def pdfs(out: Path) -> list[Path]:
    found = sorted((out / SCHOOL).glob("*.pdf"))
    assert found
    return found


def pages(out: Path) -> Iterator[tuple[Path, Any]]:
    """Each page of each file, with the file it is in."""
    for pdf in pdfs(out):
        with pikepdf.open(pdf) as doc:
            for page in doc.pages:
                yield pdf, page


# Every test here needs a CMYK profile on the machine (.ci/run installs one).
pytestmark = pytest.mark.skipif(
    not any(path.is_file() for path in SYSTEM_PROFILES),
    reason="no CMYK colour profile on this machine: apt-get install libgs-common",
)


def test_the_machine_has_a_cmyk_profile_for_the_tests() -> None:
    # .ci/run installs libgs-common for it; without one print-shop builds fail.
    assert any(path.is_file() for path in SYSTEM_PROFILES)


def test_every_file_is_pdf_x4_with_the_press_profile_as_output_intent(
    press_built: tuple[BuildResult, Path],
) -> None:
    _, out = press_built
    profile = find_press(None)
    for pdf in pdfs(out):
        with pikepdf.open(pdf) as doc:
            (intent,) = doc.Root.OutputIntents
            assert intent.S == "/GTS_PDFX"
            assert str(intent.OutputConditionIdentifier) == profile.name
            assert intent.DestOutputProfile.N == 4
            # The press's own profile (as LittleCMS writes it out again).
            embedded = ImageCms.ImageCmsProfile(
                io.BytesIO(intent.DestOutputProfile.read_bytes())
            ).profile
            assert embedded.profile_description == profile.name
            assert embedded.xcolor_space.strip() == "CMYK"
            meta = doc.open_metadata()
            assert meta["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
            # Dated by when the details were checked, not by the build.
            assert str(doc.docinfo.CreationDate) == "D:20260901000000Z"
            assert str(doc.docinfo.ModDate) == "D:20260901000000Z"


def test_every_page_has_its_trim_and_3mm_of_bleed(
    press_built: tuple[BuildResult, Path],
) -> None:
    _, out = press_built
    for _, page in pages(out):
        media = [float(v) for v in page.obj.MediaBox]
        trim = [float(v) for v in page.obj.TrimBox]
        bleed = [float(v) for v in page.obj.BleedBox]
        for t, b in zip(trim, bleed, strict=True):
            assert abs(abs(t - b) - 3 * MM) < 0.01
        # Room beyond the bleed for the crop marks.
        assert media[0] < bleed[0] and media[2] > bleed[2]
    for pdf in pdfs(out):
        width, height = pdfread.trim_boxes_mm(pdf)[0]
        trim = tuple(sorted((round(width), round(height))))
        assert trim in {(297, 420), (210, 297), (55, 85)}, pdf.name


def test_print_shop_files_stay_tagged_titled_and_in_their_language(
    press_built: tuple[BuildResult, Path],
) -> None:
    _, out = press_built
    for pdf in pdfs(out):
        assert pdf_problems(pdf.read_bytes(), pdf.name) == []
        with pikepdf.open(pdf) as doc:
            assert doc.Root.MarkInfo.Marked
            language = (
                "ur" if "-ur" in pdf.name else "pl" if "-pl" in pdf.name else "en"
            )
            assert str(doc.Root.Lang) == language


def test_all_text_is_in_cmyk_and_pictures_are_declared_srgb(
    press_built: tuple[BuildResult, Path],
) -> None:
    _, out = press_built
    for pdf, page in pages(out):
        assert "/DefaultRGB" in page.Resources.ColorSpace
        in_text, rgb_text = False, []
        for operands, operator in pikepdf.parse_content_stream(page):
            name = str(operator)
            in_text = (in_text or name == "BT") and name != "ET"
            if in_text and name in ("rg", "RG"):
                rgb_text.append(list(operands))
        assert rgb_text == [], pdf.name


def test_the_office_card_sheet_is_not_made_for_a_print_shop(
    press_built: tuple[BuildResult, Path],
) -> None:
    result, _ = press_built
    names = {Path(e.path).name for e in result.entries}
    assert "staff-card.pdf" in names
    assert not any("sheet" in name for name in names)


def test_the_same_inputs_give_the_same_print_shop_files(
    press_built: tuple[BuildResult, Path], tmp_path: Path
) -> None:
    result, _ = press_built
    source = example_schools_dir() / SCHOOL / "school.yaml"
    again = build(
        [source], tmp_path, Options(press=find_press(None), only=("staff-card",))
    )
    first = {Path(e.path).name: e.sha256 for e in result.entries}
    for entry in again.entries:
        assert entry.sha256 == first[Path(entry.path).name]


def test_office_files_have_no_output_intent(examples_built) -> None:
    _, out = examples_built
    with pikepdf.open(out / SCHOOL / "staff-poster-a3.pdf") as doc:
        assert "/OutputIntents" not in doc.Root
        assert "pdfuaid:part" in doc.open_metadata()


def test_greys_print_in_black_ink_alone_and_colours_through_the_profile() -> None:
    press = find_press(None)
    assert to_cmyk(press, (0, 0, 0)) == (0, 0, 0, 1.0)
    assert to_cmyk(press, (255, 255, 255)) == (0, 0, 0, 0)
    assert to_cmyk(press, (51, 51, 51)) == (0, 0, 0, 0.8)
    red = to_cmyk(press, (208, 2, 27))
    assert red[1] > 0.9 and red[2] > 0.9 and red[0] < 0.2
    # Back to the screen, a brand blue is still close to what was asked for.
    blue = (0x1D, 0x4E, 0x89)
    seen = to_rgb(press, to_cmyk(press, blue))
    assert all(abs(s * 255 - b) < 30 for s, b in zip(seen, blue, strict=True))


def test_every_css_colour_becomes_device_cmyk_and_nothing_else_changes() -> None:
    press = find_press(None)
    css = (
        "#box { color: #333; background: rgb(208 2 27 / 50%); "
        "border: 1px solid white; outline-color: transparent; fill: currentcolor; "
        "font-family: Gold } "
        "@page { @top-left { color: black } } "
        ":root { --primary: #1d4e89; } .a { color: var(--x, #fff) }"
    )
    out = cmyk_css(css, press)
    assert "#box" in out  # a selector, not a colour
    assert "#333" not in out and "#1d4e89" not in out and "#fff" not in out
    assert "device-cmyk(0 0 0 0.8)" in out
    assert "device-cmyk(0 0 0 1)" in out  # black, inside the margin box
    assert "/ 0.5)" in out  # the half-transparent red keeps its alpha
    assert "transparent" in out and "currentcolor" in out
    assert "font-family: Gold" in out.replace("  ", " ")  # a name, not a colour
    assert out.count("device-cmyk(") == 6


def test_a_profile_that_is_not_for_a_cmyk_printer_is_refused(tmp_path: Path) -> None:
    rgb = tmp_path / "srgb.icc"
    rgb.write_bytes((files("weasyprint.pdf") / "sRGB2014.icc").read_bytes())
    text = tmp_path / "notes.icc"
    text.write_text("not a profile")
    runner = CliRunner()
    for profile, words in ((rgb, "not a CMYK printer"), (text, "not an ICC")):
        result = runner.invoke(
            cli,
            ["check", "--profile", "print-shop", "--icc", str(profile)],
        )
        assert result.exit_code == 1, result.output
        assert str(profile) in result.output and words in result.output
    result = runner.invoke(cli, ["check", "--icc", str(rgb)])
    assert result.exit_code == 2
    assert "--profile print-shop" in result.output


def test_print_shop_files_go_under_print_shop_unless_out_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    source = example_schools_dir() / SCHOOL / "school.yaml"
    args = [
        "build",
        "-q",
        str(source),
        "--only",
        "staff-card",
        "--profile",
        "print-shop",
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "output/print-shop/manifest.json").read_text())
    assert [f["path"] for f in manifest["files"]] == [f"{SCHOOL}/staff-card.pdf"]
    assert not (tmp_path / "output/manifest.json").exists()


def test_the_profile_used_is_named_in_the_output_and_the_manifest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --icc the machine's generic (US press) profile is used: the
    build says which, and that it is not the print shop's; each file's entry
    names it."""
    monkeypatch.chdir(tmp_path)
    source = example_schools_dir() / SCHOOL / "school.yaml"
    args = ["build", str(source), "--only", "staff-card", "--profile", "print-shop"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    press = find_press(None)
    named = f"{press.name} ({press.path})"
    assert f"Print-shop colour profile: {named}\n" in result.stderr
    assert "not your print shop's" in result.stderr and "FOGRA39" in result.stderr
    manifest = json.loads((tmp_path / "output/print-shop/manifest.json").read_text())
    assert [f["profile"] for f in manifest["files"]] == [named]
    given = CliRunner().invoke(cli, [*args, "--icc", str(press.path)])
    assert given.exit_code == 0, given.output
    assert f"Print-shop colour profile: {named}\n" in given.stderr
    assert "not your print shop's" not in given.stderr


def test_contrast_is_checked_on_the_colours_the_press_will_print(
    tmp_path: Path,
) -> None:
    source = school_adding(
        tmp_path, '<p style="color: #ffd23f">Pale yellow on white</p>'
    )
    result = build([source], tmp_path / "out", Options(press=find_press(None)))
    assert not result.ok
    assert "contrast" in str(result.failures[source]).lower()


def test_a_template_colour_left_in_rgb_is_a_warning(tmp_path: Path) -> None:
    source = school_adding(tmp_path, '<p style="color: #1d4e89">Dark blue</p>')
    result = build([source], tmp_path / "out", Options(press=find_press(None)))
    assert result.ok, result.failures
    warned = [w.message for w in result.warnings if "RGB" in w.message]
    assert any('"Dark blue"' in message for message in warned)


def test_a_colour_profile_one_school_declares_stays_with_its_document(
    tmp_path: Path,
) -> None:
    """A school's template may declare a colour profile of its own; the schools
    built after it in the same process do not inherit it."""
    first = school_adding(
        tmp_path / "first",
        "<style>@color-profile --own { src: url(templates/own.icc); "
        "components: r, g, b }</style>",
    )
    (tmp_path / "first" / "templates" / "own.icc").write_bytes(
        (files("weasyprint.pdf") / "sRGB2014.icc").read_bytes()
    )
    second = tmp_path / "second" / "school.yaml"
    second.parent.mkdir()
    second.write_text(
        first.read_text()
        .replace("Minimal School", "Second School")
        .replace("slug: minimal", "slug: second")
    )
    out = tmp_path / "out"
    result = build([first, second], out, Options(only=("staff-poster",)))
    assert result.ok, result.failures
    (made,) = [e.path for e in result.entries if e.path.startswith("second")]
    with pikepdf.open(out / made) as doc:
        assert "/OutputIntents" not in doc.Root


def test_css_that_makes_weasyprint_fail_is_the_schools_error(tmp_path: Path) -> None:
    # A colour profile with no components: WeasyPrint 70 fails writing the PDF.
    source = school_adding(
        tmp_path / "school",
        "<style>@color-profile --own { src: url(templates/own.icc) }</style>",
    )
    (tmp_path / "school" / "templates" / "own.icc").write_bytes(
        (files("weasyprint.pdf") / "sRGB2014.icc").read_bytes()
    )
    result = CliRunner().invoke(
        cli, ["build", str(source), "--out", str(tmp_path / "out"), "-q"]
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "WeasyPrint could not make this document" in result.output
    assert "templates" in result.output


def test_preflight_is_quiet_on_the_example_in_print_shop_colours(
    press_built: tuple[BuildResult, Path],
) -> None:
    result, _ = press_built
    # Only the school's own notes (an unreviewed translation, a role with a
    # word too long for its column), none about a page's colours: every colour
    # converted, every contrast still enough.
    assert not [
        w
        for w in result.warnings
        if ", page " in w.message and "too wide for its column" not in w.message
    ]
