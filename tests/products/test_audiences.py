"""Who reads a product (its audience) says the rules its pages are held to:
contrast, the smallest type, age bands, word breaks and what a translation for
that audience alone must translate. Nothing else asks which product it is."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator.audiences import AUDIENCES, PUPILS, STAFF
from generator.products import PRODUCTS, Variant
from generator.render.html import page_css
from generator.resolve.language import language_files, load_language
from generator.runner.school import prepare
from generator.runner.workers import _parts
from generator.verify.preflight import minimum_pt
from tests.conftest import MINIMAL


def test_every_product_names_one_of_the_audiences() -> None:
    for product in PRODUCTS.values():
        assert AUDIENCES[product.audience.id] is product.audience
    assert {p.id for p in PRODUCTS.values() if p.audience is PUPILS} == {
        "pupil-poster",
        "pupil-leaflet",
    }


def test_the_smallest_type_is_the_audiences_or_the_products_own() -> None:
    poster, card = PRODUCTS["staff-poster"], PRODUCTS["staff-card"]
    assert minimum_pt(Variant(poster, "a3")) == STAFF.min_pt[""] == 6.5
    assert minimum_pt(Variant(card, "card")) == card.min_pt == 7.0
    leaflet = PRODUCTS["pupil-leaflet"]
    assert minimum_pt(Variant(leaflet, "a4", band="early")) == 20.0
    assert minimum_pt(Variant(leaflet, "a4", band="secondary")) == 12.0


def test_a_banded_audience_shares_its_products_out_by_band() -> None:
    assert _parts(("staff-card", "pupil-poster")) == [
        ("staff-card", None),
        ("pupil-poster", "early"),
        ("pupil-poster", "primary"),
        ("pupil-poster", "secondary"),
    ]


def test_a_translation_for_pupils_alone_translates_what_pupils_read() -> None:
    polish = load_language(language_files(None)["pl"])
    assert polish.covers(PUPILS) and not polish.covers(STAFF)
    assert polish.in_scope(("strings", "pupil.poster-subject"))
    assert polish.in_scope(("content", "pupil_texts", "early.title"))
    assert not polish.in_scope(("strings", "poster.subject"))
    assert not polish.in_scope(("content", "steps", "notice", "title"))


def test_the_audiences_contrast_sets_the_brand_colours(tmp_path: Path) -> None:
    """A product for an audience that needs more contrast prints the school's
    colours darker, with no other change."""
    source = tmp_path / "school.yaml"
    source.write_text(MINIMAL + 'brand: {primary: "#1d70b8"}\n')
    pack, _ = prepare(source)
    poster = PRODUCTS["staff-poster"]
    stricter = poster.model_copy(
        update={"audience": replace(STAFF, contrast=PUPILS.contrast)}
    )
    staff_css = page_css(pack, Variant(poster, "a3"), 1.0)
    strict_css = page_css(pack, Variant(stricter, "a3"), 1.0)
    assert "--primary: #1d70b8" in staff_css
    assert "--primary: #1d70b8" not in strict_css
    assert strict_css.replace("\n", "").count("--") == staff_css.replace(
        "\n", ""
    ).count("--")
