"""A product is one folder, ``products/<id>/``: its template, its stylesheet and
its own words in each language, found there by the product's id."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
import yaml

from generator.errors import SafeprintError
from generator.load.reader import load_file
from generator.paths import content_dir, products_dir
from generator.products import PRODUCTS, load_products
from generator.render.sandbox import environment
from generator.resolve.language import (
    Language,
    Translation,
    english,
    language_files,
    load_language,
    shape_problems,
    with_products,
)
from generator.resolve.translate import school_language, units
from generator.runner.school import prepare
from generator.validate.report import validate


@pytest.mark.parametrize("product", sorted(PRODUCTS))
def test_a_products_template_and_stylesheet_are_in_its_folder(product: str) -> None:
    folder = products_dir() / product
    assert PRODUCTS[product].stylesheet == folder / "style.css"
    assert PRODUCTS[product].stylesheet.is_file()
    template = environment(None).get_template(f"{product}.html.j2")
    assert Path(template.filename) == (folder / "template.html.j2").resolve()
    # A school's template extends it by the same name.
    builtin = environment(None).get_template(f"builtin/{product}.html.j2")
    assert builtin.filename == template.filename


def test_only_a_products_own_name_finds_its_template() -> None:
    env = environment(None)
    names = ("staff-poster/template.html.j2", "../products/x.html.j2", "x.html.j2")
    for name in names:
        with pytest.raises(jinja2.TemplateNotFound):
            env.get_template(name)


def test_a_products_own_words_are_in_its_folder_in_each_language() -> None:
    shared = yaml.safe_load((content_dir() / "languages" / "en.yaml").read_text())
    assert not [k for k in shared["strings"] if k.startswith("poster.")]
    en = english()
    assert en.home("poster.subject").path == (
        products_dir() / "staff-poster" / "strings" / "en.yaml"
    )
    assert en.translation.strings["poster.subject"].startswith("Who to tell")
    assert en.home("common.months").path == content_dir() / "languages" / "en.yaml"
    welsh = load_language(language_files(None)["cy"])
    assert welsh.translation.strings["card.do"] == "Gwnewch"
    # Every product's words in a language are words English has.
    for path in products_dir().glob("*/strings/*.yaml"):
        ids = yaml.safe_load(path.read_text())["strings"]
        assert set(ids) <= set(en.translation.strings), path


def test_a_missing_word_of_a_product_is_asked_for_in_its_folder() -> None:
    pack, _ = prepare(content_dir() / "schools" / "ysgol-bryn-derw" / "school.yaml")
    homes = {u.key: u.home for u in units(pack, school_language(pack, "cy"))}
    assert homes[("strings", "card.do")] == (
        "products/staff-card/strings/cy.yaml under strings:"
    )
    assert homes[("strings", "staff.worried")] == "cy.yaml under strings:"


def test_an_id_in_two_files_is_refused_naming_both(tmp_path: Path) -> None:
    folder = tmp_path / "products" / "staff-poster" / "strings"
    folder.mkdir(parents=True)
    (folder / "en.yaml").write_text("strings:\n  staff.worried: Worried?\n")
    language = load_language(content_dir() / "languages" / "en.yaml")
    with pytest.raises(SafeprintError) as caught:
        with_products(language, tmp_path / "products")
    message = str(caught.value)
    assert f"{folder / 'en.yaml'}:2:3" in message
    assert "staff.worried" in message
    assert f"also in {content_dir() / 'languages' / 'en.yaml'}" in message


def test_a_products_word_is_checked_against_english_in_its_own_file(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "products" / "staff-card" / "strings"
    folder.mkdir(parents=True)
    (folder / "cy.yaml").write_text("strings:\n  card.dont: Peidiwch {school\n")
    loaded = load_file(content_dir() / "languages" / "cy.yaml")
    welsh = Language(validate(loaded, Translation), loaded)
    problems = shape_problems(with_products(welsh, tmp_path / "products"))
    assert [(p.file, p.line, p.field) for p in problems] == [
        (folder / "cy.yaml", 2, "strings.card.dont")
    ]
    assert "is not a plain {placeholder}" in problems[0].message


def test_the_products_are_the_folders_with_a_definition_in_their_order() -> None:
    folders = {p.parent.name for p in products_dir().glob("*/product.yaml")}
    assert set(PRODUCTS) == folders
    assert list(PRODUCTS) == [
        "staff-poster",
        "staff-card",
        "staff-briefing",
        "pupil-poster",
        "pupil-leaflet",
    ]
    assert PRODUCTS["staff-poster"].sizes == {
        "a4": (210.0, 297.0),
        "a3": (297.0, 420.0),
        "a2": (420.0, 594.0),
    }
    assert PRODUCTS["staff-card"].sizes == {"card": (85.0, 55.0)}


def test_a_mistake_in_a_definition_is_named_at_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "staff-notice"
    folder.mkdir()
    (folder / "product.yaml").write_text(
        (products_dir() / "staff-briefing" / "product.yaml")
        .read_text()
        .replace("audience: staff", "audience: parents")
        .replace("pages: 2", "pagess: 2")
    )
    with pytest.raises(SafeprintError) as caught:
        load_products(tmp_path)
    message = str(caught.value)
    assert f"{folder / 'product.yaml'}:" in message
    assert "audience: is not one of the audiences: staff, pupils" in message
    assert "`pagess` is not a field here — did you mean `pages`?" in message
