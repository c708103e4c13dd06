"""Type set by each language's rules: words break only with a hyphen (and only
on staff products), Welsh letters written with two characters stay whole,
headings never end on one word, Polish single letters keep to the next word."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest

from generator.render.typeset import DIGRAPHS, NBSP, SHY, typeset, welsh_syllables
from generator.runner.build import build
from generator.runner.document import Options
from tests.conftest import MINIMAL

ROOT = Path(__file__).parent.parent.parent

WELSH = (
    "Cynorthwyydd",
    "gwasanaethau",
    "Llywodraethwr",
    "cyfrifoldebau",
    "ddiogelu",
    "llongyfarchiadau",
    "gweithdrefnau",
    "cyfathrebu",
)


@pytest.mark.parametrize("word", WELSH)
def test_welsh_breaks_between_syllables_never_inside_a_letter(word: str) -> None:
    marked = welsh_syllables(word)
    assert marked.replace(SHY, "") == word
    assert SHY in marked, marked
    for digraph in DIGRAPHS:
        assert f"{digraph[0]}{SHY}{digraph[1]}" not in marked.lower(), marked
    parts = marked.split(SHY)
    assert len(parts[0]) >= 2 and len(parts[-1]) >= 3, marked


def test_a_consonant_and_w_starting_a_word_stay_together() -> None:
    """The w of "gwrandewch" is a consonant there: no "gw-" stub."""
    assert welsh_syllables("gwrandewch") == f"gwran{SHY}dewch"
    assert welsh_syllables("gwasanaethau").startswith(f"gwa{SHY}")


def test_the_welsh_dictionary_is_the_syllable_rule() -> None:
    """The dictionary WeasyPrint hyphenates Welsh with (made by
    ``hyphenation.dictionary_text``) breaks every Welsh word safeprint prints
    where :func:`welsh_syllables` does, never inside a two-character letter."""
    import re

    import pyphen

    from generator.render.hyphenation import DICTIONARY, dictionary_text

    assert DICTIONARY.read_text(encoding="utf-8") == dictionary_text()
    welsh = ROOT / "content" / "languages" / "cy.yaml"
    words = set(re.findall(r"[^\W\d_]{8,}", welsh.read_text(encoding="utf-8")))
    assert len(words) > 150
    dictionary = pyphen.Pyphen(filename=str(DICTIONARY), left=2, right=3)
    for word in sorted(words):
        assert dictionary.inserted(word, hyphen=SHY) == welsh_syllables(word), word


def test_polish_single_letters_keep_to_the_next_word() -> None:
    html = "<p>Porozmawiaj z kimś i powiedz o tym w szkole</p><style>a i b</style>"
    set_ = typeset(html, "pl", hyphenate=False)
    for pair in ("z kimś", "i powiedz", "o tym", "w szkole"):
        assert pair.replace(" ", NBSP) in set_
    assert "<style>a i b</style>" in set_
    # Other languages keep their spaces.
    assert typeset(html, "en", hyphenate=False).count(NBSP) == 0


def test_urdu_sentence_endings_keep_to_the_word_before() -> None:
    html = "<p>بتانا ٹھیک ہے۔ اس میں کبھی تمہارا قصور نہیں۔ کیا تم ٹھیک ہو؟</p>"
    set_ = typeset(html, "ur", hyphenate=False)
    for pair in ("ٹھیک ہے۔", "قصور نہیں۔", "ٹھیک ہو؟"):
        assert pair.replace(" ", NBSP) in set_
    # A long last word may start a line; other spaces stay.
    assert "بتانا ٹھیک" in set_ and "اس میں" in set_
    assert typeset(html, "en", hyphenate=False).count(NBSP) == 0


def test_a_short_number_keeps_to_the_word_before_it() -> None:
    """"Call 999." never prints the number alone on a line, in any language."""
    html = (
        "<p>Danger now? Call 999. Ring 101 or Childline on 0800 1111, "
        "age 11 to 16, room 12B.</p>"
    )
    for code in ("en", "cy", "pl"):
        set_ = typeset(html, code, hyphenate=True)
        assert f"Call{NBSP}999." in set_ and f"Ring{NBSP}101 or" in set_
        # A longer number's groups, and words that are not a number, stay apart.
        for kept in ("on 0800 1111", "age 11 to 16", "room 12B"):
            assert kept in set_, (code, set_)
    welsh = typeset("<p>Ffoniwch 999 —</p>", "cy", hyphenate=False)
    assert f"Ffoniwch{NBSP}999" in welsh


def test_headings_and_labels_keep_their_last_two_words_together() -> None:
    html = (
        '<h2>Who can I talk to?</h2><p class="adult-role">Head of Year 7</p>'
        "<h3>Two words</h3><p>A sentence of running text stays as it is</p>"
        '<p class="label">Worried about a <span class="x">child</span></p>'
        '<p class="big-line">If someone hurts you, it is never your fault.</p>'
    )
    set_ = typeset(html, "en", hyphenate=False)
    assert f"your{NBSP}fault." in set_  # a pupil page's large statement
    assert f"talk{NBSP}to?" in set_
    assert f"Year{NBSP}7" in set_
    assert "<h3>Two words</h3>" in set_  # two words may only break between them
    assert "stays as it is" in set_
    assert f'a{NBSP}<span class="x">child</span>' in set_


def test_a_name_with_an_apostrophe_is_counted_as_printed() -> None:
    """"Eilidh O'Neill" is 13 letters on the page: joined, though its HTML
    (``O&#39;Neill``) is longer than a join may be. Left apart, the poster
    could not be made at any size: its last line held "O'Neill" alone."""
    html = '<p class="label">Pastoral lead: Dr Eilidh O&#39;Neill</p>'
    assert f"Eilidh{NBSP}O&#39;Neill" in typeset(html, "en", hyphenate=True)


def _lines(path: Path, welsh_half: bool = False) -> list[tuple[str, float]]:
    """Each printed line's text and the size of its last letter (of the first
    half of the pages only, the Welsh ones, with ``welsh_half``)."""
    lines = []
    with pdfplumber.open(path) as pdf:
        pages = pdf.pages[: len(pdf.pages) // 2] if welsh_half else pdf.pages
        for page in pages:
            for line in page.extract_text_lines(return_chars=True):
                lines.append((line["text"], line["chars"][-1]["size"]))
    return lines


def test_welsh_staff_products_hyphenate_with_a_hyphen_the_face_has(
    tmp_path: Path,
) -> None:
    """The Welsh card, briefing and poster break long words with "-", between
    syllables, and the PDF carries no fallback face for U+2010. Read back, no
    line ends inside a word without a hyphen ("dyno" / "dedig")."""
    source = ROOT / "content" / "schools" / "ysgol-bryn-derw"
    out = tmp_path / "out"
    products = ("staff-card", "staff-briefing", "staff-poster")
    result = build([source / "school.yaml"], out, Options(only=products))
    assert result.ok, str(result.failures)
    hyphenated = 0
    for name in (
        "staff-card-cy-en.pdf",
        "staff-briefing-cy-en.pdf",
        "staff-poster-a3-cy-en.pdf",
    ):
        path = out / "ysgol-bryn-derw" / name
        assert _unmarked_breaks(path) == [], name
        with pdfplumber.open(path) as pdf:
            text = "".join(c["text"] for p in pdf.pages for c in p.chars)
            fonts = {c["fontname"].split("+")[-1] for p in pdf.pages for c in p.chars}
        assert "\u2010" not in text
        assert all(
            f.startswith("SP") or "Atkinson" in f or "Noto" in f or "Plex" in f
            for f in fonts
        ), fonts
        # English words break by English rules ("col-league"): the Welsh pages.
        lines = _lines(path, welsh_half=True)
        for (line, _), (following, _) in zip(lines, lines[1:], strict=False):
            if line.endswith("-") and line[-2:-1].isalpha() and following[:1].isalpha():
                hyphenated += 1
                pair = (line[-2] + following[0]).lower()
                assert pair not in DIGRAPHS, (line, following)
    assert hyphenated, "no word was hyphenated: nothing was tested"


def test_pupil_products_never_hyphenate(
    write_school: Callable[[str], Path], tmp_path: Path
) -> None:
    source = write_school(MINIMAL + "languages: [en, pl]\n")
    result = build([source], tmp_path / "out", Options(only=("pupil-leaflet",)))
    assert result.ok, str(result.failures)
    for path in (tmp_path / "out" / "minimal").glob("pupil-leaflet-*.pdf"):
        for line, _size in _lines(path):
            assert not (line.endswith("-") and line[-2:-1].isalpha()), (path, line)


def _unmarked_breaks(path: Path) -> list[tuple[str, str]]:
    """Line ends inside a word with no hyphen printed, as the PDF reads back:
    a line's last letters and the next line's first letters that make a word
    of safeprint's Welsh or English wording, where neither part is one."""
    import re

    import pypdfium2

    text = "".join(
        p.read_text(encoding="utf-8")
        for p in (ROOT / "content" / "languages").glob("*.yaml")
    )
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", text)}
    doc = pypdfium2.PdfDocument(path)
    found = []
    try:
        for page in doc:
            lines = page.get_textpage().get_text_range().replace("\r\n", "\n")
            rows = [row.strip() for row in lines.split("\n")]
            for above, below in zip(rows, rows[1:], strict=False):
                head = re.search(r"[^\W\d_]+$", above)
                tail = re.match(r"[^\W\d_]+", below)
                if head is None or tail is None:
                    continue
                a, b = head.group(0).lower(), tail.group(0).lower()
                if a + b in words and (a not in words or b not in words):
                    found.append((above, below))
    finally:
        doc.close()
    return found
