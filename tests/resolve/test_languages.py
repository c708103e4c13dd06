"""Languages: translation files, Welsh bilingual output, right-to-left pupil pages."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pikepdf
import pytest
import yaml

from generator.errors import SafeprintError
from generator.paths import content_dir, products_dir
from generator.render.fonts import missing_glyphs
from generator.resolve.language import english, language_files, load_language
from generator.runner.build import BuildResult
from generator.runner.school import prepare
from tests import pdfread
from tests.conftest import MINIMAL

SHIPPED = sorted(language_files(None))


def test_english_welsh_polish_urdu_and_arabic_are_shipped() -> None:
    assert {"en", "cy", "pl", "ur", "ar"} <= set(SHIPPED)
    assert load_language(language_files(None)["cy"]).translation.covers == "all"


@pytest.mark.parametrize("code", SHIPPED)
def test_every_character_of_every_translation_has_a_font(code: str) -> None:
    files = [
        content_dir() / "languages" / f"{code}.yaml",
        *products_dir().glob(f"*/strings/{code}.yaml"),
    ]
    text = "".join(path.read_text("utf-8") for path in files)
    assert missing_glyphs(text) == []


def test_welsh_circumflexes_are_drawn_by_our_fonts() -> None:
    assert missing_glyphs("ŵ ŷ Ŵ Ŷ â ê î ô û") == []


def _school(tmp_path: Path, extra: str, nation: str = "england") -> Path:
    folder = tmp_path / "school"
    folder.mkdir(exist_ok=True)
    text = MINIMAL.replace("nation: england", f"nation: {nation}") + extra
    (folder / "school.yaml").write_text(text)
    return folder / "school.yaml"


@pytest.mark.parametrize(
    ("code", "nation"),
    [("cy", "wales"), ("pl", "england"), ("ur", "england"), ("ar", "scotland")],
)
def test_shipped_translations_miss_nothing_their_products_need(
    tmp_path: Path, code: str, nation: str
) -> None:
    source = _school(tmp_path, f"languages: [{code}, en]\n", nation)
    _, notes = prepare(source)
    assert all(n.warning for n in notes)


def _partial_polish(folder: Path, drop: tuple[str, ...]) -> None:
    data = yaml.safe_load((content_dir() / "languages" / "pl.yaml").read_text("utf-8"))
    # A school's own file has the products' own words too.
    polish = load_language(language_files(None)["pl"])
    data["strings"] = dict(polish.translation.strings)
    for key in drop:
        data["content"]["pupil_texts"].pop(key, None)
        data["strings"].pop(key, None)
    (folder / "languages").mkdir()
    (folder / "languages" / "pl.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True), "utf-8"
    )


def test_a_missing_translation_is_an_error_listing_every_id(tmp_path: Path) -> None:
    source = _school(tmp_path, "languages: [en, pl]\n")
    _partial_polish(source.parent, ("early.title", "primary.intro", "pupil.heart-alt"))
    with pytest.raises(SafeprintError) as caught:
        prepare(source)
    message = str(caught.value)
    assert "school.yaml:" in message and "languages[1]" in message
    for key in (
        "pupil_texts.early.title",
        "pupil_texts.primary.intro",
        "pupil.heart-alt",
    ):
        assert key in message
    assert "english_fallback" in message


def test_english_fallback_turns_the_error_into_a_warning(tmp_path: Path) -> None:
    source = _school(tmp_path, "languages: [en, pl]\nenglish_fallback: true\n")
    _partial_polish(source.parent, ("early.title",))
    _, notes = prepare(source)
    shown = [str(n) for n in notes if "shown in English" in n.message]
    assert shown and "pupil_texts.early.title" in shown[0]


def test_an_id_english_does_not_have_is_located_in_the_translation(
    tmp_path: Path,
) -> None:
    source = _school(tmp_path, "languages: [en, xx]\n")
    english_file = content_dir() / "languages" / "en.yaml"
    text = english_file.read_text("utf-8").replace("language: en", "language: xx")
    text = text.replace("  staff.worried:", "  staff.woried:")
    (source.parent / "languages").mkdir()
    (source.parent / "languages" / "xx.yaml").write_text(text, "utf-8")
    with pytest.raises(SafeprintError) as caught:
        prepare(source)
    message = str(caught.value)
    assert "xx.yaml:" in message and "staff.woried" in message
    assert "English has no such id" in message


def test_an_unknown_language_lists_those_available(tmp_path: Path) -> None:
    source = _school(tmp_path, "languages: [en, zz]\n")
    with pytest.raises(SafeprintError) as caught:
        prepare(source)
    assert "no zz translation" in str(caught.value)
    assert "cy" in str(caught.value)


def test_a_field_given_per_language_needs_each_language(tmp_path: Path) -> None:
    source = _school(tmp_path, "languages: [en, pl]\nworry_box: {en: By the office}\n")
    with pytest.raises(SafeprintError) as caught:
        prepare(source)
    assert "worry_box" in str(caught.value) and "no pl text" in str(caught.value)


def test_words_written_once_in_a_bilingual_school_are_a_warning_naming_them(
    tmp_path: Path,
) -> None:
    """A trusted adult's role and the worry box written once would print as
    they are on the Welsh pages: each is named, with how to write it per
    language. A staff field written once in a school whose other language is
    for pupils only is not."""
    source = _school(
        tmp_path, "languages: [cy, en]\nworry_box: Outside the library\n", "wales"
    )
    _, notes = prepare(source)
    once = [n for n in notes if "is written once" in n.message]
    assert [(n.line, n.field) for n in once] == [
        (10, "trusted_adults[0].role"),
        (12, "worry_box"),
        (8, "local_contacts.children_services.name"),
    ]
    assert str(once[1]) == (
        f"{source}:12:1: warning: worry_box: is written once, so the Welsh pages "
        "print it as it is — write it per language: `worry_box: {cy: …, en: "
        "Outside the library}`"
    )
    (tmp_path / "pl").mkdir()
    polish = _school(
        tmp_path / "pl", "languages: [en, pl]\nworry_box: {en: A, pl: B}\n"
    )
    _, notes = prepare(polish)
    assert [n.field for n in notes if "is written once" in n.message] == [
        "trusted_adults[0].role"
    ]  # and not the children's services, on staff products in English


def test_unreviewed_translations_are_a_warning(tmp_path: Path) -> None:
    source = _school(tmp_path, "languages: [en, ur]\n")
    _, notes = prepare(source)
    assert any("not been checked by a fluent speaker" in n.message for n in notes)
    assert english().translation.notice != ""


# --- what the example schools build ---------------------------------------------------


@pytest.mark.parametrize(
    ("school", "code", "products"),
    [
        (
            "ysgol-bryn-derw",
            "cy",
            {"staff-poster", "staff-briefing", "pupil-poster", "pupil-leaflet"},
        ),
        ("oakfield-primary", "ur", {"pupil-poster", "pupil-leaflet"}),
    ],
)
def test_the_unreviewed_warning_names_the_products_that_say_so(
    examples_built: tuple[BuildResult, Path],
    school: str,
    code: str,
    products: set[str],
) -> None:
    """The warning says where the notice of an unchecked translation is
    printed, and it is printed exactly there: in every file of those products
    in that language, and in no other file of it (the pocket card has none)."""
    from generator.paths import example_schools_dir

    _, notes = prepare(example_schools_dir() / school / "school.yaml")
    name = {"cy": "Welsh", "ur": "Urdu"}[code]
    (note,) = [n.message for n in notes if f"the {name} translation has" in n.message]
    said = {
        "staff-poster": "staff poster",
        "staff-briefing": "briefing",
        "pupil-poster": "pupil posters",
        "pupil-leaflet": "leaflets",
    }
    for product, words in said.items():
        assert (words in note) == (product in products), (product, note)
    # Its English sentence, word by word (a right-to-left page reads its
    # English back in visual order).
    notice = set(english().translation.notice.strip(".").split())
    files = [
        d
        for d in _manifest(examples_built)
        if d["source"].endswith(f"{school}/school.yaml") and code in d["languages"]
    ]
    assert {d["product"] for d in files} >= products
    for d in files:
        text = set(
            pdfread.text(examples_built[1] / d["path"]).replace(".", " ").split()
        )
        assert (notice <= text) == (d["product"] in products), d["path"]


def _manifest(examples_built: tuple[BuildResult, Path]) -> list[dict]:
    return json.loads((examples_built[1] / "manifest.json").read_text())["files"]


def test_file_names_carry_their_languages(
    examples_built: tuple[BuildResult, Path],
) -> None:
    paths = {d["path"] for d in _manifest(examples_built)}
    assert "oakfield-primary/pupil-leaflet-primary-ur.pdf" in paths
    assert "oakfield-primary/pupil-leaflet-primary-pl.pdf" in paths
    assert "oakfield-primary/pupil-leaflet-primary-en.pdf" in paths
    assert "riverside-academy/pupil-poster-secondary-a4-ar.pdf" in paths
    assert "ysgol-bryn-derw/staff-poster-a3-cy-en.pdf" in paths
    # Staff products of a school whose other languages are for pupils: English only.
    assert "oakfield-primary/staff-poster-a3.pdf" in paths
    # The example schools between them build every language shipped.
    built = {code for d in _manifest(examples_built) for code in d["languages"]}
    assert built == set(SHIPPED)


@pytest.mark.parametrize(
    ("path", "lang"),
    [
        ("ysgol-bryn-derw/staff-poster-a3-cy-en.pdf", "cy"),
        ("riverside-academy/pupil-poster-secondary-a4-ar.pdf", "ar"),
        ("oakfield-primary/pupil-leaflet-early-ur.pdf", "ur"),
        ("oakfield-primary/pupil-poster-primary-a4-pl.pdf", "pl"),
    ],
)
def test_the_pdf_says_its_language(
    examples_built: tuple[BuildResult, Path], path: str, lang: str
) -> None:
    with pikepdf.open(examples_built[1] / path) as pdf:
        assert str(pdf.Root.Lang) == lang


def test_a_bilingual_poster_has_welsh_on_the_left_at_the_same_size(
    examples_built: tuple[BuildResult, Path],
) -> None:
    path = examples_built[1] / "ysgol-bryn-derw" / "staff-poster-a3-cy-en.pdf"
    ((width, height),) = pdfread.trim_boxes_mm(path)
    assert width > height  # A3 turned: an A4-sized half for each language
    middle = width / 2 / pdfread.MM_PER_PT
    boxes = pdfread.char_boxes(path)
    left = "".join(c for c, box in boxes if box[2] < middle)
    right = "".join(c for c, box in boxes if box[0] > middle)
    assert "Ynpoeniamblentyn?" in left
    assert "Worriedaboutachild?" in right
    assert "Worried" not in left

    def heading_size(text: str, chars: list) -> float:
        return max(box[3] - box[1] for c, box in chars if c in text)

    # Equal prominence: the two headings are set at the same size.
    welsh = [(c, b) for c, b in boxes if b[2] < middle]
    english_ = [(c, b) for c, b in boxes if b[0] > middle]
    assert heading_size("Y", welsh) == pytest.approx(
        heading_size("W", english_), rel=0.05
    )


def test_a_bilingual_card_and_briefing_give_the_welsh_pages_first(
    examples_built: tuple[BuildResult, Path],
) -> None:
    folder = examples_built[1] / "ysgol-bryn-derw"
    card = folder / "staff-card-cy-en.pdf"
    assert len(pdfread.trim_boxes_mm(card)) == 4
    pages = pdfread.page_texts(card)
    assert "Yn poeni am blentyn?" in pages[0]
    assert "Worried about a child?" in pages[2]
    assert "Person Diogelu Dynodedig" not in " ".join(pages[2:])
    briefing = pdfread.page_texts(folder / "staff-briefing-cy-en.pdf")
    assert len(briefing) == 4
    assert "Gwersi o adolygiadau ymarfer plant" in briefing[0]
    assert "Lessons from child practice reviews" in briefing[2]


def test_unreviewed_translations_say_so_in_both_languages(
    examples_built: tuple[BuildResult, Path],
) -> None:
    printed = pdfread.text(
        examples_built[1] / "ysgol-bryn-derw" / "staff-poster-a3-cy-en.pdf"
    )
    assert load_language(language_files(None)["cy"]).translation.notice in printed
    assert english().translation.notice in printed
    plain = pdfread.text(examples_built[1] / "glenburn-primary" / "staff-poster-a3.pdf")
    assert english().translation.notice not in plain


def test_welsh_school_uses_welsh_role_titles_and_no_english_system_words(
    examples_built: tuple[BuildResult, Path],
) -> None:
    printed = pdfread.text(
        examples_built[1] / "ysgol-bryn-derw" / "staff-poster-a3-cy-en.pdf"
    )
    assert "Person Diogelu Dynodedig" in printed
    assert "Designated Safeguarding Person" in printed
    assert "Designated Safeguarding Lead" not in printed
    assert "LADO" not in printed


def test_a_school_can_ask_for_separate_welsh_and_english_files(tmp_path: Path) -> None:
    from generator.runner.build import Options, build

    source = _school(
        tmp_path, "languages: [cy, en]\nlanguage_layout: separate\n", "wales"
    )
    result = build([source], tmp_path / "out", Options(only=("pupil-leaflet",)))
    assert result.ok, result.failures
    names = sorted(p.name for p in (tmp_path / "out" / "minimal").glob("*.pdf"))
    assert names == [
        "pupil-leaflet-early-cy.pdf",
        "pupil-leaflet-early-en.pdf",
        "pupil-leaflet-primary-cy.pdf",
        "pupil-leaflet-primary-en.pdf",
    ]
    welsh = pdfread.text(tmp_path / "out" / "minimal" / "pupil-leaflet-primary-cy.pdf")
    assert "Childline" in welsh and "0800 1111" in welsh


@pytest.mark.parametrize("product", ["staff-poster", "staff-card", "staff-briefing"])
def test_the_longer_language_sets_the_size_whichever_comes_first(product: str) -> None:
    # Welsh runs longer than English. Put first, it sets the size, and English
    # fits at it; put second, English's size is tried for it first, it does
    # not fit there, and is fitted alone: the page is set at its size either way.
    from dataclasses import replace

    from generator.layout.engine import warm_renderer
    from generator.runner.document import Options, make
    from generator.runner.variants import variants

    pack, _ = prepare(content_dir() / "schools" / "ysgol-bryn-derw" / "school.yaml")
    variant = variants(pack, Options(only=(product,)))[0]  # not the card's sheet
    assert variant.languages == ("cy", "en")
    welsh_first = make(pack, variant, warm_renderer())
    english_first = make(
        pack, replace(variant, languages=("en", "cy")), warm_renderer()
    )
    assert english_first.pages == welsh_first.pages == variant.pages
    if variant.design_pt > variant.floor_pt:
        assert english_first.scale < 1.0
    # (The card has one size, 7 pt: it is never set smaller, nor larger.)
    assert english_first.scale == pytest.approx(welsh_first.scale, rel=0.03)


def test_right_to_left_products_keep_phone_numbers_left_to_right(
    examples_built: tuple[BuildResult, Path],
) -> None:
    """The number reads 0800 1111 on the page: its digits are not reordered."""
    path = examples_built[1] / "riverside-academy" / "pupil-poster-secondary-a4-ar.pdf"
    rows: dict[float, list] = {}
    for char, box in pdfread.char_boxes(path):
        if char in "018":
            # A row is the characters whose tops lie within 3 pt of each other.
            row = next((y for y in rows if abs(y - box[1]) < 3), box[1])
            rows.setdefault(row, []).append((box[0], char))
    drawn = ["".join(c for _x, c in sorted(row)) for row in rows.values()]
    assert any("08001111" in row for row in drawn)


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("riverside-academy/pupil-poster-secondary-a4-ar.pdf", "ar"),
        ("riverside-academy/pupil-leaflet-secondary-ar.pdf", "ar"),
        ("oakfield-primary/pupil-poster-early-a4-ur.pdf", "ur"),
        ("oakfield-primary/pupil-leaflet-primary-ur.pdf", "ur"),
    ],
)
def test_arabic_script_text_can_be_read_back(
    examples_built: tuple[BuildResult, Path], path: str, code: str
) -> None:
    """Copying or reading aloud gives the words and the number, not stray codes.

    A word whose letters join into one glyph (lam-alef, for one) comes back from
    pdfium reversed, so not every word can match; most must.
    """
    printed = pdfread.text(examples_built[1] / path)
    assert "0800 1111" in printed
    data = yaml.safe_load((content_dir() / "languages" / f"{code}.yaml").read_text())
    wording = " ".join(str(v) for v in data["content"]["pupil_texts"].values())
    source = set(re.findall(r"[\u0600-\u06ff]{3,}", wording))
    found = set(re.findall(r"[\u0600-\u06ff]{3,}", printed))
    assert len(found & source) / len(found) > 0.6
    assert not re.search(r"[\x00-\x08\x0e-\x1f]", printed)  # glyph codes as text


def test_right_to_left_pages_start_on_the_right(
    examples_built: tuple[BuildResult, Path],
) -> None:
    """The Arabic heading ends at the right margin; the English starts at the left."""
    folder = examples_built[1] / "riverside-academy"

    def heading_span(name: str) -> tuple[float, float]:
        boxes = pdfread.char_boxes(folder / name)
        top = max(box[3] for _c, box in boxes)  # the first line on the page
        line = [box for _c, box in boxes if box[3] > top - 10]
        return min(b[0] for b in line), max(b[2] for b in line)

    width = pdfread.trim_boxes_mm(folder / "pupil-poster-secondary-a4-en.pdf")[0][0]
    page = width / pdfread.MM_PER_PT
    en_left, _ = heading_span("pupil-poster-secondary-a4-en.pdf")
    _, ar_right = heading_span("pupil-poster-secondary-a4-ar.pdf")
    assert en_left < page * 0.15
    assert ar_right > page * 0.8


def test_copying_an_example_keeps_its_translations_working(tmp_path: Path) -> None:
    from generator.paths import example_schools_dir

    shutil.copytree(example_schools_dir() / "ysgol-bryn-derw", tmp_path / "y")
    _, notes = prepare(tmp_path / "y" / "school.yaml")
    assert all(n.warning for n in notes)


def test_each_language_block_of_a_bilingual_pdf_is_tagged_with_its_language(
    examples_built: tuple[BuildResult, Path],
) -> None:
    """A screen reader switches voice: the Welsh part is cy, the English part en."""
    for path in sorted((examples_built[1] / "ysgol-bryn-derw").glob("*-cy-en.pdf")):
        with pikepdf.open(path) as pdf:
            found = []
            stack = [pdf.Root.StructTreeRoot]
            while stack:
                node = stack.pop(0)
                if isinstance(node, pikepdf.Dictionary):
                    if "/Lang" in node:
                        found.append(str(node.Lang))
                    kids = node.get("/K")
                    if kids is not None:
                        stack.extend(
                            kids if isinstance(kids, pikepdf.Array) else [kids]
                        )
            # One block per language, or on a poster in rows one cell each a row.
            assert found and found == ["cy", "en"] * (len(found) // 2), path.name


def test_no_english_template_words_are_left_on_welsh_pages() -> None:
    """Every fixed word of every template comes from the language file."""
    from dataclasses import replace as _replace

    from generator.paths import example_schools_dir
    from generator.products import STAFF_CARD
    from generator.render.html import render_html
    from generator.resolve.pack import load_school
    from generator.runner.document import Options
    from generator.runner.fitted import card_team
    from generator.runner.setting import _context
    from generator.runner.variants import variants

    pack = load_school(example_schools_dir() / "ysgol-bryn-derw" / "school.yaml")
    english_words = [
        piece.strip()
        for text in english().translation.strings.values()
        if isinstance(text, str)
        for piece in re.split(r"\{[a-z]+\}", text)
        if len(piece.strip()) > 6
    ]
    assert len(english_words) > 40
    for variant in variants(pack, Options()):
        welsh = _replace(variant, languages=("cy",))
        extra = _context(pack, welsh, card_team(pack, STAFF_CARD))
        html = render_html(pack, welsh, extra={**extra, "compact": False})
        left = [w for w in english_words if w in html]
        # The unreviewed notice is in English on purpose.
        left = [w for w in left if w not in english().translation.notice]
        assert left == [], (variant.filename, left)


def test_a_changed_translation_rebuilds_what_uses_it(tmp_path: Path) -> None:
    from generator.runner.build import Options, build

    source = _school(tmp_path, "languages: [en, pl]\n")
    _partial_polish(source.parent, ())
    out = tmp_path / "out"
    only = Options(only=("pupil-leaflet",))
    assert build([source], out, only).ok
    words = source.parent / "languages" / "pl.yaml"
    title = words.read_text("utf-8").replace("Z kim mogę pogadać?", "Do kogo pójść?")
    words.write_text(title, "utf-8")
    again = build([source], out, only)
    rebuilt = {e.path for e in again.entries if not e.skipped}
    assert "minimal/pupil-leaflet-early-pl.pdf" in rebuilt
    assert "Do kogo pójść?" in pdfread.text(
        out / "minimal" / "pupil-leaflet-early-pl.pdf"
    )


def test_a_language_is_kept_to_its_own_pages_however_the_total_adds_up(
    tmp_path: Path,
) -> None:
    """A school's own briefing with one short Welsh page and a long English
    text: laid out whole at the Welsh size, the English runs onto a third
    page and the total is the four pages two languages should take. That is
    not kept: English is fitted to its own two pages, and the file, three
    pages long, is refused."""
    from generator.runner.build import Options, build

    school = tmp_path / "school"
    shutil.copytree(content_dir() / "schools" / "ysgol-bryn-derw", school)
    (school / "templates").mkdir(exist_ok=True)
    text = "Every adult who is worried about a child tells the lead that day. " * 12
    (school / "templates" / "staff-briefing.html.j2").write_text(
        '{% extends "builtin/staff-briefing.html.j2" %}{% block body %}'
        '{% if lang == "cy" %}<p>Byr.</p>{% else %}'
        f"{{% for i in range(15) %}}<p>{text}</p>{{% endfor %}}"
        "{% endif %}{% endblock %}"
    )
    source = school / "school.yaml"
    result = build([source], tmp_path / "out", Options(only=("staff-briefing",)))
    assert "staff-briefing-cy-en.pdf: has 3 pages, not 4" in str(
        result.failures[source]
    )
    assert not (tmp_path / "out" / "ysgol-bryn-derw").exists()


def test_each_sentence_of_the_right_to_left_notice_stays_whole(
    examples_built: tuple[BuildResult, Path],
) -> None:
    """The English sentence of the translation notice on an Urdu or Arabic page
    is read whole, and no line of the other script's sentence runs between its
    lines (each sentence is set apart in its own direction)."""
    english_notice = "".join(english().translation.notice.split())
    pages = [
        p
        for p in sorted(examples_built[1].rglob("*.pdf"))
        if re.search(r"-(ur|ar)(-|\.pdf)", p.name)
    ]
    checked = 0
    for pdf in pages:
        for number in range(len(pdfread.trim_boxes_mm(pdf))):
            boxes = pdfread.char_boxes(pdf, number)
            text = "".join(c for c, _box in boxes)
            at = text.find(english_notice)
            if at < 0:
                continue
            checked += 1
            sentence = [box for _c, box in boxes[at : at + len(english_notice)]]
            left, right = min(b[0] for b in sentence), max(b[2] for b in sentence)
            low, high = min(b[1] for b in sentence), max(b[3] for b in sentence)
            inside = [
                c
                for c, (x0, y0, x1, y1) in boxes
                if "\u0600" <= c <= "\u06ff"
                and low < (y0 + y1) / 2 < high
                and x1 > left
                and x0 < right
            ]
            assert not inside, f"{pdf.name} page {number + 1}: {''.join(inside)}"
    assert checked >= 4, pages


def test_the_latin_checked_without_opening_a_font_is_drawn_by_our_fonts() -> None:
    from generator.render.fonts import DRAWN, covered

    assert {ord(c) for c in DRAWN if not c.isspace()} <= covered()
    # Text beyond it is still read against the fonts' own character maps.
    assert missing_glyphs("\u0080 \U0001f600") == ["\u0080", "\U0001f600"]
