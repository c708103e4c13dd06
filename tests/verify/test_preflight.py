"""Preflight on the laid-out pages: each rule fires when broken on purpose, and
stays quiet on the shipped examples."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from generator.errors import display_path
from generator.runner.build import BuildResult, build
from generator.runner.document import Options
from tests import pdfread
from tests.conftest import MINIMAL, school_adding

POSTER = Options(only=("staff-poster",))


def _with_line(tmp_path: Path, line: str, product: str = "staff-poster") -> Path:
    """The minimal school with its own template: the built-in one plus ``line``."""
    return school_adding(tmp_path / "school", line, product)


def _problems(result: BuildResult, source: Path) -> str:
    assert source in result.failures, "expected the build to fail"
    return str(result.failures[source])


def test_text_below_the_products_minimum_is_an_error(tmp_path: Path) -> None:
    source = _with_line(tmp_path, '<p style="font-size: 6pt">Tiny print here</p>')
    message = _problems(build([source], tmp_path / "out", POSTER), source)
    assert "staff-poster-a3.pdf, page 1" in message
    assert '"Tiny print here" is set at 6.0 pt' in message
    assert "smallest allowed here is 6.5 pt" in message


def test_pale_text_on_white_is_an_error_with_its_ratio(tmp_path: Path) -> None:
    source = _with_line(
        tmp_path, '<p style="color: #ffff33; font-size: 12pt">Yellow words</p>'
    )
    message = _problems(build([source], tmp_path / "out", POSTER), source)
    assert '"Yellow words" has a contrast of 1.1:1' in message
    assert "needs 4.5:1" in message


def test_text_on_a_dark_box_is_measured_against_the_box(tmp_path: Path) -> None:
    """The colour behind the text is the box's, not the page's."""
    line = (
        '<div style="background: #1d3c78; padding: 2mm">'
        '<p style="color: #333333">Dark on dark</p>'
        '<p style="color: #ffffff">White on dark</p></div>'
    )
    source = _with_line(tmp_path, line)
    message = _problems(build([source], tmp_path / "out", POSTER), source)
    assert '"Dark on dark" has a contrast of' in message
    assert "White on dark" not in message


def test_pupil_pages_need_more_contrast_and_no_italics(tmp_path: Path) -> None:
    """Pupil text needs 7:1 (4.5:1 when large, as WCAG AAA), and no italics."""
    line = '<p style="color: #888888">Grey words</p><p><em>Leaning words</em></p>'
    source = _with_line(tmp_path, line, "pupil-poster")
    source.write_text(
        source.read_text().replace("  phase: primary\n", "  phase: secondary\n")
    )
    result = build(
        [source], tmp_path / "out", Options(only=("pupil-poster",), sizes=("a3",))
    )
    message = _problems(result, source)
    # Secondary body type on A3 is 18 pt: large, so 4.5:1; a staff poster allows 3:1.
    assert (
        '"Grey words" has a contrast of 3.5:1' in message and "needs 4.5:1" in message
    )
    assert '"Leaning words" is italic' in message


def test_a_small_photo_on_a_big_poster_warns_with_the_pixels_it_needs(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "school"
    (folder / "assets").mkdir(parents=True)
    Image.new("RGB", (40, 40), "#8a5a44").save(folder / "assets" / "tiny.jpg")
    (folder / "school.yaml").write_text(
        MINIMAL.replace(
            'phone: "01632 960001"}',
            'phone: "01632 960001", photo: assets/tiny.jpg}',
        )
    )
    result = build([folder / "school.yaml"], tmp_path / "out", POSTER)
    assert result.ok, result.failures
    warned = [str(w) for w in result.warnings] + [
        w for e in result.entries for w in e.warnings
    ]
    found = [w for w in warned if "assets/tiny.jpg is 40 × 40 px" in w]
    assert found, warned
    assert "pixels to the inch" in found[0] and "use a photo of at least" in found[0]
    # It names the line of the school file that names the photo.
    assert found[0].startswith(f"{display_path(folder / 'school.yaml')}:6: warning:")

    # Built again, the poster is kept, and its warning said again: found
    # unchanged without loading the school, and with the school loaded.
    def said(result: BuildResult) -> list[str]:
        return [str(w) for w in result.warnings if "tiny.jpg is 40 × 40" in str(w)]

    first = said(result)
    again = build([folder / "school.yaml"], tmp_path / "out", POSTER)
    assert all(e.skipped for e in again.entries) and said(again) == first != []
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    (tmp_path / "out" / "manifest.json").write_text(
        json.dumps({**manifest, "schools": []})
    )
    again = build([folder / "school.yaml"], tmp_path / "out", POSTER)
    assert all(e.skipped for e in again.entries) and said(again) == first

    # With --strict, the same folder again: the warning refuses the poster,
    # though the file the first build made is up to date.
    strict = build(
        [folder / "school.yaml"], tmp_path / "out", replace(POSTER, strict=True)
    )
    assert "assets/tiny.jpg is 40 × 40 px" in str(
        strict.failures[folder / "school.yaml"]
    )


@pytest.mark.weasyprint_warns
def test_an_image_without_alt_text_is_an_error(tmp_path: Path) -> None:
    line = '<img src="{{ asset(\'illustrations/heart.svg\') }}" style="width: 2cm">'
    source = _with_line(tmp_path, line)
    message = _problems(build([source], tmp_path / "out", POSTER), source)
    assert "an image has no alternative text" in message


def test_text_too_near_the_edge_is_an_error(tmp_path: Path) -> None:
    line = (
        '<p style="position: absolute; left: 1mm; top: 100mm; margin: 0">'
        "Hugging the edge</p>"
    )
    source = _with_line(tmp_path, line)
    message = _problems(build([source], tmp_path / "out", POSTER), source)
    assert '"Hugging the edge" is closer than 5 mm to the edge' in message


def test_a_contact_with_no_phone_or_email_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "school"
    folder.mkdir()
    (folder / "school.yaml").write_text(
        MINIMAL.replace(
            "  phase: primary\n", "  phase: primary\n  headteacher: {name: Mr Head}\n"
        )
    )
    source = folder / "school.yaml"
    message = _problems(build([source], tmp_path / "out", POSTER), source)
    assert "school.headteacher" in message and "no phone or email" in message


def test_the_shipped_examples_give_no_preflight_findings(
    examples_built: tuple[BuildResult, Path],
) -> None:
    files = json.loads((examples_built[1] / "manifest.json").read_text())["files"]
    findings = [
        w
        for f in files
        for w in f["warnings"]
        if "page " in w and ("pt" in w or "contrast" in w or "px" in w or "edge" in w)
    ]
    assert findings == []


def test_a_word_too_wide_for_its_column_refuses_a_pupil_page(tmp_path: Path) -> None:
    """A child's page is never hyphenated, and a word broken without a hyphen is
    an error there as on every product, named at its line of the school file."""
    folder = tmp_path / "school"
    folder.mkdir()
    (folder / "school.yaml").write_text(
        MINIMAL.replace(
            "trusted_adults: [{name: Mrs Ada Byron, role: Learning mentor}]",
            "trusted_adults: [{name: Mrs Ada Byron, role: Learning mentor}, "
            "{name: Mr Tom Reed, role: Schoolwellbeingcoordinator}]",
        )
    )
    result = build(
        [folder / "school.yaml"], tmp_path / "out", Options(only=("pupil-leaflet",))
    )
    message = _problems(result, folder / "school.yaml")
    broken = [m for m in message.splitlines() if "too wide for its column" in m]
    assert broken and all('"Schoolwellbeingcoordinator"' in m for m in broken)
    assert "is broken into" in broken[0] and "a shorter word" in broken[0]
    text = (folder / "school.yaml").read_text().splitlines()
    (line,) = [n for n, t in enumerate(text, 1) if "Schoolwellbeingcoordinator" in t]
    assert broken[0].startswith(f"{folder / 'school.yaml'}:{line}: ")
    assert not list((tmp_path / "out").rglob("pupil-leaflet-*.pdf"))


def test_an_address_may_break_anywhere_and_a_word_may_not(tmp_path: Path) -> None:
    source = school_adding(
        tmp_path / "school",
        '<p style="width: 40mm; font-size: 8pt">https://averyveryverylongdomainname.example.sch.uk'
        "/safeguarding office@averyveryverylongdomainname.example.sch.uk</p>"
        '<p style="width: 30mm; font-size: 8pt">Supercalifragilisticexpialidocious</p>'
        '<p class="name" style="width: 30mm; font-size: 8pt">'
        "Wolfeschlegelsteinhausenbergerdorff</p>",
    )
    message = _problems(build([source], tmp_path / "out", POSTER), source)
    broken = [line for line in message.splitlines() if "too wide for its col" in line]
    # A word of running text is hyphenated; a name, which never is, is named.
    assert len(broken) == 1 and '"Wolfeschlegelsteinhausenbergerdorff"' in broken[0]


def test_only_words_the_school_files_give_are_broken_on_the_examples(
    examples_built: tuple[BuildResult, Path],
) -> None:
    """Words too wide for their column on the shipped examples, if any, come from
    the school files (a long role, say), never from safeprint's own wording (a
    cover title, say)."""
    files = json.loads((examples_built[1] / "manifest.json").read_text())["files"]
    broken = {
        (re.search(r'"(.+?)" is too wide', w).group(1), f["source"])  # type: ignore[union-attr]
        for f in files
        for w in f["warnings"]
        if "too wide for its column" in w
    }
    for word, source in broken:
        assert word in Path(source).read_text(), word


@pytest.mark.parametrize("ratio", [1.0, 21.0])
def test_contrast_runs_from_one_to_twenty_one(ratio: float) -> None:
    from generator.verify.preflight import contrast

    pair = ((1, 1, 1), (1, 1, 1)) if ratio == 1 else ((0, 0, 0), (1, 1, 1))
    assert contrast(*pair) == pytest.approx(ratio)


def test_with_marks_a_colour_at_the_trim_must_run_into_the_bleed(
    tmp_path: Path,
) -> None:
    box = (
        '<div style="position: absolute; left: 0; top: 150mm; width: 40mm; '
        'height: 10mm; background: #1d3c78"></div>'
    )
    source = _with_line(tmp_path, box)
    marked = Options(only=("staff-poster",), marks=True)
    message = _problems(build([source], tmp_path / "out", marked), source)
    assert "stops at the left edge of the trim" in message
    # The office file has no bleed to run into: nothing to say.
    assert build([source], tmp_path / "office", POSTER).ok


def test_a_line_resting_on_the_bottom_margin_is_inside_the_safe_area(
    tmp_path: Path,
) -> None:
    """Arabic faces have tall ascents and descents: the text box of a line that
    rests on the 5 mm bottom margin reaches past it, but its letters do not."""
    from generator.layout.boxes import descendants, page_box
    from generator.layout.engine import Renderer
    from generator.products import PUPIL_POSTER, Variant
    from generator.render.fonts import font_family_css
    from generator.verify.preflight import preflight

    variant = Variant(PUPIL_POSTER, "a4", band="secondary")
    line = "لم يراجع هذه الترجمة بعدُ متحدثٌ يتقن اللغة العربية"
    notice = (
        '<p style="font-size: 8.5pt; line-height: 1.1; margin: 0">'
        f'<span lang="ar">{line}</span> · <span lang="en" dir="ltr">Not yet '
        "checked by a fluent speaker.</span></p>"
    )

    def page(spacer: float) -> str:
        return (
            '<html lang="ar" dir="rtl"><head><title>Edge</title></head>'
            f"<body style='padding: 0 12mm; font-family: {font_family_css()}'>"
            f'<div style="height: {spacer:.3f}px; margin-top: 6mm"></div>'
            f"{notice}</body></html>"
        )

    def lines(document: Any) -> list[Any]:
        return [
            box
            for box in descendants(page_box(document.pages[-1]))
            if type(box).__name__ == "LineBox"
        ]

    # The page area ends 5 mm above the foot of the page: the spacer leaves
    # room for exactly the notice's line above that.
    renderer = Renderer()
    first = renderer.render(page(0), variant, tmp_path)
    bottom = page_box(first.pages[0]).height  # of the page area, in px
    spacer = bottom - 6 * 96 / 25.4 - lines(first)[0].height - 0.01
    html = page(spacer)
    document = renderer.render(html, variant, tmp_path)
    assert len(document.pages) == 1
    assert lines(document)[0].position_y + lines(document)[0].height > bottom - 0.1
    near_edge = [
        p for p in preflight(document, variant, tmp_path) if "edge" in p.message
    ]
    assert near_edge == []
    # Lower by 2 mm, into the margin, the same line is found.
    lowered = html.replace("margin: 0", "margin: 0; position: relative; top: 2mm")
    document = renderer.render(lowered, variant, tmp_path)
    assert any("edge" in p.message for p in preflight(document, variant, tmp_path))


def test_text_moved_above_what_it_follows_is_an_error(tmp_path: Path) -> None:
    # Printed "Then this" above "First this", but read (and tagged) the other way.
    moved = (
        '<div style="display: grid"><p style="grid-row: 2">First this, in the '
        'file</p><p style="grid-row: 1">Then this, in the file</p></div>'
    )
    source = _with_line(tmp_path, moved)
    message = _problems(build([source], tmp_path / "out", POSTER), source)
    assert '"Then this, in the file" comes after "First this, in the file"' in message
    assert "printed above it" in message


def test_side_by_side_columns_and_pinned_labels_keep_their_order(
    tmp_path: Path,
) -> None:
    # A second column starts higher than the first ends: still in order. A label
    # pinned over a picture is not a paragraph of the page.
    columns = (
        '<div style="display: grid; grid-template-columns: 1fr 1fr">'
        "<div><p>Left one</p><p>Left two</p><p>Left three</p></div>"
        "<div><p>Right one</p></div></div>"
        '<div style="position: relative; height: 2cm"><p>Under the label</p>'
        '<p style="position: absolute; top: 0">Label</p></div>'
    )
    source = _with_line(tmp_path, columns)
    result = build([source], tmp_path / "out", POSTER)
    assert result.failures == {}
    assert [str(w) for w in result.warnings if "comes after" in str(w)] == []
    text = pdfread.text(tmp_path / "out" / result.entries[0].path)
    read = ["Left one", "Left two", "Left three", "Right one", "Under the label"]
    places = [text.index(words) for words in read]
    assert places == sorted(places), text
    assert "Label" in text.replace("Under the label", "")


def test_running_heads_in_the_page_margin_are_not_paragraphs(tmp_path: Path) -> None:
    """A running head is printed above the page's first paragraph but comes
    after it in the box tree: it is not part of the reading order checked."""
    from generator.layout.boxes import page_box
    from generator.layout.engine import Renderer
    from generator.products import STAFF_POSTER, Variant
    from generator.verify.preflight import preflight

    variant = Variant(STAFF_POSTER, "a4")
    html = (
        '<html lang="en"><head><title>Heads</title><style>'
        '@page { margin: 20mm; @top-left { content: "Running head of the page" } }'
        "</style></head><body><p>First paragraph</p><p>Second paragraph</p>"
        "</body></html>"
    )
    document = Renderer().render(html, variant, tmp_path)
    assert any(
        type(box).__name__ == "MarginBox"
        for box in page_box(document.pages[0]).children
    )
    found = [p.message for p in preflight(document, variant, tmp_path)]
    assert not [m for m in found if "reading order" in m], found


def test_a_heading_ending_on_one_word_refuses_a_staff_page(tmp_path: Path) -> None:
    source = _with_line(tmp_path, "<h2>Who can I talk<br> to</h2>")
    result = build([source], tmp_path / "out", POSTER)
    message = _problems(result, source)
    assert '"Who can I talk to" ends on a line of one word, "to"' in message
    assert not list((tmp_path / "out").rglob("staff-poster*.pdf"))


def test_a_heading_ending_on_one_word_refuses_a_pupil_page(tmp_path: Path) -> None:
    source = _with_line(tmp_path, "<h2>Who can I talk<br> to</h2>", "pupil-poster")
    result = build([source], tmp_path / "out", Options(only=("pupil-poster",)))
    message = _problems(result, source)
    assert '"Who can I talk to" ends on a line of one word, "to"' in message


def test_a_word_broken_at_a_soft_hyphen_with_no_hyphen_printed_is_an_error(
    tmp_path: Path,
) -> None:
    """WeasyPrint may end a line at a soft hyphen without printing the hyphen
    (here at 59 mm): the PDF reads "dyno" at a line's end and "dedig" at the
    next one's start. Preflight finds it, as a reader would."""
    from generator.layout.engine import Renderer
    from generator.products import STAFF_POSTER, Variant
    from generator.render.fonts import font_family_css
    from generator.verify.preflight import preflight

    variant = Variant(STAFF_POSTER, "a4")
    html = (
        '<html lang="cy"><head><title>Soft</title></head>'
        f"<body style='font-family: {font_family_css()}; font-size: 10pt'>"
        '<p style="width: 59mm; hyphens: manual">Dywedwch wrth y person diogelu '
        "dyno&shy;de&shy;dig ar unwaith.</p></body></html>"
    )
    document = Renderer().render(html, variant, tmp_path)
    pdf = document.write_pdf()
    raw = pypdfium2_lines(pdf)
    assert any(a.endswith("dyno") and b.startswith("dedig") for a, b in raw), raw
    assert "dyno-" not in pdfread.page_texts(pdf)[0]
    found = [p for p in preflight(document, variant, tmp_path) if not p.warning]
    messages = [p.message for p in found if '"dynodedig"' in p.message]
    assert messages, [p.message for p in found]
    assert '"dyno" and "dedig" at a soft hyphen, with no hyphen printed' in messages[0]


def pypdfium2_lines(pdf: bytes) -> list[tuple[str, str]]:
    """Each pair of lines, one after the other, as the PDF reads back."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    try:
        text = doc[0].get_textpage().get_text_range()
    finally:
        doc.close()
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    return list(zip(lines, lines[1:], strict=False))
