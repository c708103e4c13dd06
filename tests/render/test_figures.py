"""Faces for pupils: drawn figures for adults without photos, and the early-years
hand, read back from the PDFs (boxes from pdfplumber, pixels from pypdfium2)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pdfplumber
import pytest

from generator.paths import example_schools_dir
from generator.render.figures import FIGURES, SKINS, brand_colours, figures_for, tint
from generator.runner.build import build
from generator.runner.document import Options
from tests import pdfread
from tests.conftest import MINIMAL

OAKFIELD = example_schools_dir() / "oakfield-primary"
PHOTOS = ["patel", "hughes", "khan", "okafor", "reed"]
# Long names and short, to crowd the hand.
NAMES = ["Mrs Campbell", "Mr Stewart", "Miss Ramsbottom", "Mr Li", "Ms Okonkwo"]
URDU_ROLE = "لرننگ مینٹور"


def _school(
    folder: Path,
    *,
    photos: bool,
    extra: str = "",
    languages: str = "[en]",
    brand: str = "",
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if photos:
        shutil.copytree(OAKFIELD / "assets", folder / "assets", dirs_exist_ok=True)
    adults = "".join(
        f'  - {{name: "{name}", role: {{en: Mentor, ur: {URDU_ROLE}}}'
        + (f", photo: assets/{PHOTOS[i]}.jpg" if photos else "")
        + "}\n"
        for i, name in enumerate(NAMES)
    )
    text = MINIMAL.split("trusted_adults:")[0] + f"trusted_adults:\n{adults}"
    text += f"languages: {languages}\nenglish_fallback: true\n" + brand + extra
    (folder / "school.yaml").write_text(text, encoding="utf-8")
    return folder / "school.yaml"


def test_every_figure_is_drawn_with_the_schools_colours() -> None:
    colours = brand_colours("#0a7c86", "#e4572e")
    for figure in FIGURES:
        svg = (
            example_schools_dir().parent.parent
            / "styles"
            / "illustrations"
            / "figures"
            / f"{figure}.svg"
        ).read_text()
        assert "#1d3c78" in svg and "#fff4cc" in svg, figure  # stand-ins to replace
    assert colours["#fff4cc"] == tint("#e4572e", 0.72)


def test_default_figures_differ_and_never_change() -> None:
    people = [SimpleNamespace(name=n, photo=None, figure=None) for n in NAMES]
    first = figures_for(people)
    assert first == figures_for(list(people))
    assert len(set(first.values())) == len(NAMES)
    # Mr, Mrs, Ms and Miss lead to a figure of that look; a choice is kept.
    assert first["Mr Stewart"] in {f for f, k in FIGURES.items() if k != "she"}
    assert first["Mrs Campbell"] in {f for f, k in FIGURES.items() if k != "he"}
    chosen = [SimpleNamespace(name="Mr Li", photo=None, figure="hijab"), *people]
    assert figures_for(chosen)["Mr Li"] == "hijab"


def test_a_figure_name_is_checked_and_the_closest_suggested(tmp_path: Path) -> None:
    source = _school(tmp_path / "s", photos=False)
    text = source.read_text().replace(
        '"Mr Stewart", role', '"Mr Stewart", figure: berd, role'
    )
    source.write_text(text)
    result = build([source], tmp_path / "out", Options(only=("pupil-poster",)))
    message = str(result.failures[source])
    assert "trusted_adults[1].figure" in message
    assert '"berd" is not a figure — did you mean `beard`?' in message


def test_adults_without_photos_are_drawn_not_initialled(tmp_path: Path) -> None:
    brand = 'brand: {primary: "#4b2c6f", accent: "#0a7c86"}\n'
    source = _school(tmp_path / "s", photos=False, brand=brand)
    result = build([source], tmp_path / "out", Options(only=("pupil-poster",)))
    assert result.ok, str(result.failures)
    warned = [str(w) for w in result.warnings if "no photo of" in str(w)]
    assert len(warned) == 1 and "Mrs Campbell, Mr Stewart" in warned[0]
    path = tmp_path / "out" / "minimal" / "pupil-poster-primary-a4.pdf"
    with pdfplumber.open(path) as pdf:
        words = {w["text"] for w in pdf.pages[0].extract_words()}
    assert not words & {"MC", "MS", "MR", "ML", "MO", "C", "S"}  # no initials
    # Behind each figure, a pale tint of the school's accent: in the drawings
    # only, so it is there once per adult.
    image = pdfread.render_png(path, dpi=50).convert("RGB")
    pale = tint("#0a7c86", 0.72)
    wanted = tuple(int(pale[i : i + 2], 16) for i in (1, 3, 5))
    near = sum(
        1
        for pixel in image.get_flattened_data()
        if all(abs(a - b) <= 3 for a, b in zip(pixel, wanted, strict=True))
    )
    assert near > 5 * 100  # five figures, each some hundreds of pixels


def _hand_boxes(path: Path) -> tuple[list[tuple], dict[str, list[dict]]]:
    """The photos on the page, and the words of each name on the hand."""
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        photos = [(i["x0"], i["top"], i["x1"], i["bottom"]) for i in page.images]
        words = page.extract_words()
    labels = {}
    for name in NAMES:
        parts = name.split()
        found = [
            w
            for i, w in enumerate(words)
            if w["text"] == parts[0] and words[i + 1]["text"] == parts[1]
        ]
        first = found[0]
        at = words.index(first)
        labels[name] = words[at : at + len(parts)]
    return photos, labels


def _touch(a: tuple, b: tuple, gap: float) -> bool:
    return not (
        a[2] + gap <= b[0]
        or b[2] + gap <= a[0]
        or a[3] + gap <= b[1]
        or b[3] + gap <= a[1]
    )


@pytest.mark.parametrize("language", ["en", "ur"])
def test_names_on_the_hand_never_touch_a_photo(tmp_path: Path, language: str) -> None:
    source = _school(tmp_path / "s", photos=True, languages=f"[{language}]")
    result = build([source], tmp_path / "out", Options(only=("pupil-poster",)))
    assert result.ok, str(result.failures)
    for size in ("a4", "a3"):
        folder = tmp_path / "out" / "minimal"
        path = next(folder.glob(f"pupil-poster-early-{size}*.pdf"))
        photos, labels = _hand_boxes(path)
        assert len(photos) == 5
        ring = 3.0  # the white ring round each photo, and the label's padding (pt)
        for name, words in labels.items():
            # One line, one position: below its own photo.
            assert len({round(w["top"]) for w in words}) == 1, name
            box = (
                min(w["x0"] for w in words),
                min(w["top"] for w in words),
                max(w["x1"] for w in words),
                max(w["bottom"] for w in words),
            )
            middle = (box[0] + box[2]) / 2
            own = min(photos, key=lambda p: abs((p[0] + p[2]) / 2 - middle))
            assert box[1] > own[3], f"{name} is not below its photo"
            for photo in photos:
                assert not _touch(box, photo, ring), f"{name} touches a photo ({size})"
        # Right to left, the hand is mirrored: the first adult (the index
        # finger) is right of the second (the middle finger).
        first, second = (labels[n][0]["x0"] for n in NAMES[:2])
        assert (first > second) == (language == "ur")


def test_the_hand_takes_the_schools_skin_and_colour(tmp_path: Path) -> None:
    brand = 'brand: {primary: "#4b2c6f", accent: "#f2a900"}\n'
    extra = "products:\n  pupil-poster: {hand_skin: dark}\n"
    source = _school(tmp_path / "s", photos=True, brand=brand, extra=extra)
    result = build([source], tmp_path / "out", Options(only=("pupil-poster",)))
    assert result.ok, str(result.failures)
    image = pdfread.render_png(
        tmp_path / "out" / "minimal" / "pupil-poster-early-a4.pdf", dpi=40
    ).convert("RGB")
    colours = {"#" + "".join(f"{v:02x}" for v in p) for p in image.get_flattened_data()}
    assert SKINS["dark"][0] in colours
    assert SKINS["medium-light"][0] not in colours
    assert "#00606b" not in colours  # no longer one school's teal on every cuff


def test_a_skin_tone_is_checked(tmp_path: Path) -> None:
    extra = "products:\n  pupil-poster: {hand_skin: meduim}\n"
    source = _school(tmp_path / "s", photos=False, extra=extra)
    result = build([source], tmp_path / "out", Options(only=("pupil-poster",)))
    assert '"meduim" is not a skin tone — did you mean `medium`?' in str(
        result.failures[source]
    )


def test_check_warns_without_photos(
    write_school: Callable[[str], Path], tmp_path: Path
) -> None:
    from generator.runner.build import check

    source = write_school(MINIMAL)
    warnings = [str(w) for w in check([source]).warnings]
    assert any("no photo of Mrs Ada Byron" in w for w in warnings)
