"""Fitting a document to its pages: how long it runs, and the search for the
largest type that fits, on real WeasyPrint layouts."""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from generator.layout.boxes import content_length
from generator.layout.engine import Renderer
from generator.layout.overflow import Overflow
from generator.layout.search import SEARCH_TOLERANCE, Laid
from generator.paths import example_schools_dir
from generator.products import PUPIL_POSTER, STAFF_POSTER, Variant
from generator.render.html import scale_css
from generator.runner.document import Options, first_try, make_all
from generator.runner.school import prepare
from generator.runner.setting import _html
from generator.runner.variants import variants
from generator.write.digest import document_key, readable
from generator.write.finish import finish_pdf

A4 = Variant(STAFF_POSTER, "a4")
DESIGN_PT = 17.0


def page(scale: float, lines: int, footer_alone: bool = False) -> str:
    """A poster of ``lines`` lines of text and a footer, at a type scale."""
    size = f"font-size: {DESIGN_PT * scale:.3f}pt; margin: 0"
    body = "".join(
        f'<p style="{size}">Line {i}: tell the safeguarding lead today</p>'
        for i in range(lines)
    )
    foot = "break-before: page" if footer_alone else ""
    return (
        '<html lang="en"><head><title>Fit</title></head><body>'
        f'{body}<footer style="{foot}"><p style="{size}">Footer</p></footer>'
        "</body></html>"
    )


class Counting(Renderer):
    """A renderer that counts its layouts."""

    def __init__(self) -> None:
        super().__init__()
        self.layouts = 0
        self.names: list[str] = []

    def render(self, html: Any, variant: Variant, base: Path, *args: Any) -> Any:
        self.layouts += 1
        self.names.append(variant.filename)
        return super().render(html, variant, base, *args)


def test_the_length_counts_a_footer_pushed_alone_onto_the_next_page(
    tmp_path: Path,
) -> None:
    laid = Laid(Renderer().render(page(1.0, 3, footer_alone=True), A4, tmp_path), 1)
    height = laid.document.pages[0].height
    assert len(laid.document.pages) == 2
    # The footer's line on page 2 is part of the length, not just page 1 in full.
    assert content_length(laid) > height + DESIGN_PT


@pytest.mark.parametrize("lines", [40, 42, 44])
def test_the_search_finds_nearly_the_largest_type_that_fits_in_few_layouts(
    tmp_path: Path, lines: int
) -> None:
    renderer = Counting()
    laid = renderer.fit(lambda s: page(s, lines), A4, tmp_path)
    assert len(laid.document.pages) == 1
    assert laid.scale < 1.0
    # Type 4 % larger would no longer fit: the search left little on the table.
    larger = renderer.render(page(min(1.0, laid.scale * 1.04), lines), A4, tmp_path)
    assert len(larger.pages) > 1
    assert renderer.layouts - 1 <= 5  # the design size, then at most four tries


def test_a_document_too_long_even_at_the_floor_is_an_overflow(tmp_path: Path) -> None:
    with pytest.raises(Overflow):
        Renderer().fit(lambda s: page(s, 200), A4, tmp_path)


def test_a_block_pushed_whole_onto_the_next_page_counts_no_empty_space(
    tmp_path: Path,
) -> None:
    """A length runs on as if there were no page break: a block that cannot be
    split, pushed whole onto page 2, measures as long as the same lines left to
    break anywhere (the space it leaves at the foot of page 1 would fill as
    the type shrinks), not a page and a half."""
    renderer = Renderer()

    def with_block(kept_together: bool) -> str:
        keep = "break-inside: avoid" if kept_together else ""
        lines = "".join(
            f'<p style="font-size: {DESIGN_PT}pt; margin: 0">Line {i}: tell</p>'
            for i in range(14)
        )
        html = page(1.0, 34)
        return html.replace("<footer", f'<div style="{keep}">{lines}</div><footer')

    split = Laid(renderer.render(with_block(False), A4, tmp_path), 1.0)
    pushed = Laid(renderer.render(with_block(True), A4, tmp_path), 1.0)
    assert len(split.document.pages) == len(pushed.document.pages) == 2
    gap = split.document.pages[0].height - content_length(pushed) / 2
    assert gap > 0  # sanity: well under two pages
    line = DESIGN_PT * 96 / 72
    assert abs(content_length(pushed) - content_length(split)) < 2 * line


def test_a_next_language_or_paper_starts_where_the_first_settled(
    tmp_path: Path,
) -> None:
    """Starting at a scale a like document settled on costs one layout when
    it fits; when it does not, the search goes on below it, never above."""
    renderer = Counting()
    first = renderer.fit(lambda s: page(s, 40), A4, tmp_path)
    renderer.layouts = 0
    again = renderer.fit(lambda s: page(s, 39), A4, tmp_path, first.scale, settled=True)
    assert (renderer.layouts, again.scale) == (1, first.scale)
    renderer.layouts = 0
    longer = renderer.fit(
        lambda s: page(s, 43), A4, tmp_path, first.scale, first.scale, True
    )
    assert renderer.layouts > 1
    assert longer.scale < first.scale
    assert len(longer.document.pages) == 1


def test_a_fit_that_leaves_the_page_half_empty_is_searched_upward(
    tmp_path: Path,
) -> None:
    """A start that fits but leaves much of the page empty (from an unsettled
    guess) is not kept: the search climbs towards the design size."""
    renderer = Counting()
    laid = renderer.fit(lambda s: page(s, 30), A4, tmp_path, start=0.7)
    assert laid.scale > 0.8
    assert len(laid.document.pages) == 1


def test_a_poster_on_other_paper_is_laid_out_once_at_the_first_size_s_fit() -> None:
    """A pupil poster on A4 and A3 is drawn alike: the A3 is laid out once, at
    the scale the A4's search settled on. Made alone (``--size a3``), it is
    searched from the design size, and is another document for the manifest."""
    # Oakfield's three adults take one row: its first try is over or under.
    source = example_schools_dir() / "oakfield-primary" / "school.yaml"
    pack, _ = prepare(source)
    options = Options(only=("pupil-poster",), sizes=("a4", "a3"), force=True)
    made = variants(pack, options)
    assert [v.like for v in made] == [{"a3": "a4"}.get(v.size) for v in made]
    assert {v.size for v in made} == {"a4", "a3"}
    renderer = Counting()
    built = make_all(pack, options, renderer)
    layouts = Counter(renderer.names)
    a4 = [d for d in built if d.variant.size == "a4"]
    a3 = [d for d in built if d.variant.size == "a3"]
    assert any(layouts[d.variant.filename] > 1 for d in a4)  # searched
    assert all(layouts[d.variant.filename] == 1 for d in a3)
    assert [d.scale for d in a3] == [d.scale for d in a4]
    alone = variants(pack, replace(options, sizes=("a3",)))
    assert all(v.like is None for v in alone)
    (drawn_alike,) = [v for v in made if v.filename == alone[0].filename]
    assert document_key("s", alone[0]) != document_key("s", drawn_alike)


def test_a_parsed_document_restyled_to_a_scale_is_that_scale_s_document() -> None:
    """The search lays one parsed document out at each scale it tries, with
    a sheet that sets the type size: the file is the one made from the HTML
    at that scale, byte for byte."""
    source = example_schools_dir() / "oakfield-primary" / "school.yaml"
    pack, _ = prepare(source)
    variant = variants(pack, Options(only=("staff-poster",), sizes=("a3",)))[0]
    make_html = _html(pack, variant, [], False)
    renderer = Renderer()
    reads = readable(pack)
    parsed = renderer.parse(make_html(1.0), pack.base, reads)
    restyled = renderer.render(parsed, variant, pack.base, scale_css(variant, 0.85))
    direct = renderer.render(make_html(0.85), variant, pack.base, "", reads)
    assert len(restyled.pages) == len(direct.pages) == 1
    assert finish_pdf(restyled, variant) == finish_pdf(direct, variant)
    at_design = renderer.render(make_html(1.0), variant, pack.base, "", reads)
    assert finish_pdf(at_design, variant) != finish_pdf(direct, variant)


def test_the_shorter_language_of_a_briefing_is_opened_up_in_one_more_layout() -> None:
    """The Welsh briefing's English pages take the air that fills their last
    page as worked out from the layout in hand (the spaces the stylesheet
    opens up, read off its boxes), and a layout checks it: not a search of a
    layout a step. The page is then at most a fifth blank (see
    test_the_shorter_language_of_a_bilingual_briefing_fills_its_back_page)."""
    from generator.runner.balance import MOST_EMPTY
    from generator.verify.briefing import blank_foot

    source = example_schools_dir() / "ysgol-bryn-derw" / "school.yaml"
    pack, _ = prepare(source)
    renderer = Counting()
    built = make_all(pack, Options(only=("staff-briefing",), force=True), renderer)
    (briefing,) = [d for d in built if d.variant.languages == ("cy", "en")]
    # The whole laid out once at the size the Welsh fitted at, then opened up.
    assert Counter(renderer.names)[briefing.variant.filename] <= 3
    document = renderer.render(
        _html(pack, briefing.variant, [], False)(briefing.scale),
        briefing.variant,
        pack.base,
        scale_css(briefing.variant, briefing.scale),
        readable(pack),
    )
    from generator.layout.boxes import page_box

    # Not opened up, the English back page ends well short of its foot.
    assert blank_foot(page_box(document.pages[-1])) > MOST_EMPTY


def first_grade_on_its_page(pack: Any, variant: Variant) -> int:
    """The first grade of leaving off (see generator.runner.poster) at which
    a staff poster keeps to its page at the legible floor, each laid out."""
    from generator.render.html import floor_scale
    from generator.runner.fitted import Fitted
    from generator.runner.poster import cuts
    from generator.runner.setting import _render

    floor = floor_scale(variant)
    on_page = [
        len(_render(pack, variant, Renderer(), Fitted(floor, cut=grade)).document.pages)
        == 1
        for grade in range(len(cuts(pack, variant)))
    ]
    return on_page.index(True)


def test_a_poster_short_of_room_lays_out_only_the_grades_that_could_fit(
    tmp_path: Path,
) -> None:
    """A poster whose team needs the room leaves off as little as it must: the
    first grade (see generator.runner.poster) that fits at the legible floor.
    The grades that leave off less than the poster runs over, by the most
    their boxes could give back, are passed by without a layout, and the floor
    layout of the grade that fits is where its search starts: a few layouts,
    not one a grade and the floor twice."""
    from tests.schools_factory import schools

    # English only, a team of six: the signs of one category left off.
    school = schools(tmp_path, 6)[5]
    assert school.languages == ("en",) and school.team == 6
    pack, _ = prepare(school.path)
    renderer = Counting()
    (poster,) = make_all(pack, Options(only=("staff-poster",), force=True), renderer)
    assert poster.fitted.cut >= 3
    assert renderer.layouts <= 5  # the first try and the floor, then the grades'
    assert poster.fitted.cut == first_grade_on_its_page(pack, poster.variant)


# A crowded secondary poster: three leads, an out-of-hours number, and where
# to find someone only on a family support worker (printed with the contacts,
# so the poster has no "where" line to leave off).
NOWHERE_TO_LEAVE = """\
school:
  name: Ashgrove Catholic High School and Sixth Form
  nation: england
  phase: secondary
  logo: assets/logo.svg
  website: https://ashgrove.example.sch.uk/safeguarding
  headteacher: {name: Miss Rhiannon Khan, phone: "01632 960905"}
  chair_of_governors: {name: Ms Christopher MacLeod, email: chair@example.sch.uk}
team:
  - {name: Dr Jo Khan, role: dsl, phone: "01632 960218", photo: assets/khan.jpg}
  - {name: Miss Dafydd Smith, role: deputy-dsl, phone: "01632 960622"}
  - {name: Mr Dafydd Llewellyn, role: deputy-dsl, phone: "01632 960642",
     photo: assets/okafor.jpg}
  - {name: Ms Mohammed Rowlands, role: other, title: Family support worker,
     phone: "01632 960533", photo: assets/reed.jpg, where: Office 2}
local_contacts:
  children_services: {name: Ashgrove Children's Services, phone: "01632 960192",
                      out_of_hours: "01632 960986"}
  lado: {phone: "01632 960085"}
review: {reviewed_on: 2026-09-01, review_by: 2027-09-01}
trusted_adults: [{name: Mrs Ngozi MacLeod, role: Learning mentor}]
"""
# Two leads, two others with titles and an out-of-hours number: five lines of
# local contacts, which the signs of abuse must make room for.
LONG_CONTACTS = """\
school:
  name: Meadowbank Academy
  nation: england
  phase: secondary
  logo: assets/logo.svg
  website: https://meadowbank.example.sch.uk/safeguarding
  headteacher: {name: Mr Tom Ali, phone: "01632 960126"}
  chair_of_governors: {name: Dr Christopher Brown, email: chair@example.sch.uk}
team:
  - {name: Dr Ffion Khan, role: dsl, phone: "01632 960960"}
  - {name: Miss Alexandra Reed, role: deputy-dsl, phone: "01632 960993"}
  - {name: Mr Jo Fitzgerald-Hughes, role: other, title: Family support worker,
     phone: "01632 960823"}
  - {name: Miss Siân O'Neill, role: deputy-dsl, phone: "01632 960891",
     photo: assets/khan.jpg, where: "Main office, by the entrance"}
  - {name: Dr Oliver Campbell, role: other, title: Pastoral lead,
     phone: "01632 960021", photo: assets/patel.jpg}
local_contacts:
  children_services: {name: Meadowbank Front Door, phone: "01632 960124",
                      out_of_hours: "01632 960140"}
  lado: {phone: "01632 960232"}
review: {reviewed_on: 2026-09-01, review_by: 2027-09-01}
trusted_adults: [{name: Ms Tom Reed, role: Learning mentor}]
"""

# Four leads in two rows, the lead's "where" on a line of its own, and five
# lines of local contacts: the signs of abuse go, one category at a time,
# until their last line of words is all the room that is left.
FOUR_LEADS = """\
school:
  name: Castleview Church of England Primary School
  nation: northern-ireland
  phase: primary
  logo: assets/logo.svg
  website: https://castleview.example.sch.uk/safeguarding
  headteacher: {name: Mr Siân Osei, phone: "01632 960685"}
  chair_of_governors: {name: Mr Li Jenkins, email: chair@example.sch.uk}
team:
  - {name: Ms Aisha Fitzgerald-Hughes, role: dsl, phone: "01632 960932",
     where: "Learning support base, first floor"}
  - {name: Miss Catriona Reed, role: deputy-dsl, phone: "01632 960719",
     photo: assets/hughes.jpg}
  - {name: Dr Alexandra Okafor, role: deputy-dsl, phone: "01632 960365"}
  - {name: Mrs Eilidh Brown, role: deputy-dsl, phone: "01632 960298"}
  - {name: Miss Aisha Campbell, role: other, title: Safeguarding governor,
     phone: "01632 960137", photo: assets/khan.jpg,
     where: "Main office, by the entrance"}
local_contacts:
  children_services: {name: Castleview Multi-Agency Safeguarding Hub,
                      phone: "01632 960532", out_of_hours: "01632 960738"}
  lado: {phone: "01632 960530"}
review: {reviewed_on: 2026-09-01, review_by: 2027-09-01}
trusted_adults: [{name: Ms Tom Reed, role: Learning mentor}]
"""


@pytest.mark.parametrize(
    ("text", "layouts"),
    [(NOWHERE_TO_LEAVE, 2), (LONG_CONTACTS, 4), (FOUR_LEADS, 3)],
    ids=["nowhere-to-leave", "long-contacts", "four-leads"],
)
def test_a_grade_that_can_save_nothing_is_passed_by_unseen(
    full_school: Path, text: str, layouts: int
) -> None:
    """A grade that could save nothing is not laid out: leaving off "where"
    lines when no one in the team's rows has one (the poster would come out
    as it was), or keeping one category of signs where two already take a
    line each (seen from the layout of the grade before, which ran over).
    Each poster is still set at the first grade that fits at the floor."""

    full_school.write_text(text)
    pack, _ = prepare(full_school)
    renderer = Counting()
    (poster,) = make_all(pack, Options(only=("staff-poster",), force=True), renderer)
    assert poster.fitted.cut >= 2
    assert renderer.layouts == layouts
    assert poster.fitted.cut == first_grade_on_its_page(pack, poster.variant)


def test_a_welsh_poster_set_apart_starts_each_page_at_its_floor(
    tmp_path: Path,
) -> None:
    """Ysgol Bryn Derw with a third lead: Welsh and English side by side run
    over half the page even at their floor, so each language takes a page of
    its own. That page is tried first at its floor, where such a poster
    fits (with the signs left off): four layouts (side by side, Welsh alone
    with nothing and then all left off, the two pages), not five."""
    import yaml

    from generator.render.html import floor_scale

    folder = tmp_path / "ysgol-bryn-derw"
    shutil.copytree(example_schools_dir() / "ysgol-bryn-derw", folder)
    data = yaml.safe_load((folder / "school.yaml").read_text(encoding="utf-8"))
    data["team"].append(
        {
            "name": "Mr Zofia Jenkins",
            "role": "deputy-dsl",
            "phone": "01632 960426",
            "where": {"cy": "Ystafell 14", "en": "Room 14"},
        }
    )
    (folder / "school.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    pack, _ = prepare(folder / "school.yaml")
    renderer = Counting()
    options = Options(only=("staff-poster",), sizes=("a3",), force=True)
    built = make_all(pack, options, renderer)
    (poster,) = [d for d in built if d.variant.languages == ("cy", "en")]
    assert poster.fitted.apart and poster.pages == 2
    assert Counter(renderer.names)[poster.variant.filename] == 2
    assert Counter(renderer.names)["staff-poster-a3-cy.pdf"] == 2
    alone = replace(poster.variant, languages=("cy",), apart=True)
    floor = floor_scale(alone)
    assert poster.scale == pytest.approx(floor)


def test_a_leaflet_pushed_at_its_design_size_is_fitted_in_three() -> None:
    """The Welsh primary leaflet at its design size pushes a panel whole onto
    the next page, so that layout says little of how much smaller the type
    must be, and below it the panels' drawings keep every size about as full.
    After the first fit below, the search tries just inside its tolerance
    under the miss: it fits there, which ends the search (a halving would
    take two more layouts to come as close)."""
    source = example_schools_dir() / "ysgol-bryn-derw" / "school.yaml"
    pack, _ = prepare(source)
    renderer = Counting()
    options = Options(only=("pupil-leaflet",), band="primary", force=True)
    (leaflet,) = make_all(pack, options, renderer)
    assert leaflet.variant.languages == ("cy", "en")
    assert renderer.layouts <= 3
    assert 0.96 < leaflet.scale < 1.0


def test_a_pupil_poster_whose_adults_take_a_second_row_starts_where_such_fit() -> None:
    """Glenburn's four adults take two rows of photos: its primary A4 poster
    first tries the product's crowded start, and is laid out once. Oakfield's
    three take one row: its posters first try the product's own start."""
    options = Options(only=("pupil-poster",), sizes=("a4",), force=True)
    glenburn, _ = prepare(example_schools_dir() / "glenburn-primary" / "school.yaml")
    crowded = PUPIL_POSTER.crowded
    assert crowded is not None and len(glenburn.school.trusted_adults) == 4
    starts = {v.band: first_try(glenburn, v) for v in variants(glenburn, options)}
    assert starts == {
        "early": PUPIL_POSTER.start,
        "primary": crowded.band_start["primary"],
    }
    oakfield, _ = prepare(example_schools_dir() / "oakfield-primary" / "school.yaml")
    assert len(oakfield.school.trusted_adults) == 3
    for variant in variants(oakfield, options):
        assert first_try(oakfield, variant) == variant.start
    renderer = Counting()
    make_all(glenburn, options, renderer)
    assert Counter(renderer.names)["pupil-poster-primary-a4.pdf"] == 1


def test_a_staff_poster_whose_team_takes_a_second_row_starts_near_its_floor() -> (
    None
):
    """Oakfield's team of three (two to a row) takes a second row: its A3
    poster first tries the product's crowded start, near the floor, and is
    laid out once. Loughview's two keep to one row: its poster first tries the
    product's own start, and is laid out once too."""
    options = Options(only=("staff-poster",), sizes=("a3",), force=True)
    crowded = STAFF_POSTER.crowded
    assert crowded is not None and crowded.start is not None
    for school, people, start in (
        ("oakfield-primary", 3, crowded.start),
        ("loughview-primary", 2, STAFF_POSTER.start),
    ):
        pack, _ = prepare(example_schools_dir() / school / "school.yaml")
        assert len(pack.school.team) == people
        (variant,) = variants(pack, options)
        assert first_try(pack, variant) == start
        renderer = Counting()
        (poster,) = make_all(pack, options, renderer)
        assert renderer.layouts == 1
        assert poster.scale == pytest.approx(start)


# Two leads in one row of the team; a family support worker listed with the
# local contacts (children's services and the LADO).
TWO_LEADS_AND_A_WORKER = """\
school: {name: Ashgrove Primary School, nation: england, phase: primary}
team:
  - {name: Ms Aisha Khan, role: dsl, phone: "01632 960218"}
  - {name: Mr Tom Reed, role: deputy-dsl, phone: "01632 960622"}
  - {name: Ms Grace Okafor, role: other, title: Family support worker,
     phone: "01632 960533"}
local_contacts:
  children_services: {name: Ashgrove Children's Services, phone: "01632 960192"}
  lado: {phone: "01632 960085"}
review: {reviewed_on: 2026-09-01, review_by: 2027-09-01}
trusted_adults: [{name: Mrs Ada Byron, role: Learning mentor}]
"""


def test_a_fourth_line_of_local_contacts_crowds_a_staff_poster(
    write_school: Any,
) -> None:
    """Two leads keep to one row of the team, and three lines of local
    contacts (children's services, the LADO, a family support worker) to the
    row's length: the poster first tries the product's own start. An
    out-of-hours number is a fourth line, which crowds it: its first try is
    then the crowded start, near the floor. The lines counted are those the
    poster prints."""
    import re

    from generator.runner.setting import _html

    crowded = STAFF_POSTER.crowded
    assert crowded is not None and crowded.start is not None
    options = Options(only=("staff-poster",), sizes=("a3",), force=True)
    for text, lines, start in (
        (TWO_LEADS_AND_A_WORKER, 3, STAFF_POSTER.start),
        (
            TWO_LEADS_AND_A_WORKER.replace(
                "phone: \"01632 960192\"",
                'phone: "01632 960192", out_of_hours: "01632 960986"',
            ),
            4,
            crowded.start,
        ),
    ):
        pack, _ = prepare(write_school(text))
        (variant,) = variants(pack, options)
        assert len(pack.safeguarding_team) == 2
        assert len(pack.contact_lines) == lines
        html = _html(pack, variant, list(pack.school.team), False)(1.0)
        contacts = re.search(r'<section class="contacts".*?</section>', html, re.S)
        assert contacts and contacts.group(0).count("<dt>") == lines
        assert first_try(pack, variant) == start


def test_every_list_that_crowds_a_page_is_one_a_school_has() -> None:
    """Each name in a product's ``crowded: when:`` is a list of every
    example school's pack (a misspelt name would stop every build)."""
    from operator import attrgetter

    from generator.products import PRODUCTS

    named = [
        name
        for product in PRODUCTS.values()
        if product.crowded is not None
        for name in product.crowded.when
    ]
    assert {"safeguarding_team", "contact_lines", "school.trusted_adults"} <= set(named)
    for source in sorted(example_schools_dir().glob("*/school.yaml")):
        pack, _ = prepare(source)
        for name in named:
            assert isinstance(attrgetter(name)(pack), list), (source, name)


def test_a_leaflet_in_another_language_first_tries_a_hair_under_its_design_size() -> (
    None
):
    """Oakfield's Urdu primary leaflet runs longer than its English: tried
    first within the search's tolerance of the design size, it fits there,
    and that ends its search (it took three layouts from the design size)."""
    pack, _ = prepare(example_schools_dir() / "oakfield-primary" / "school.yaml")
    options = Options(only=("pupil-leaflet",), force=True)
    made = {v.filename: v for v in variants(pack, options)}
    urdu = made["pupil-leaflet-primary-ur.pdf"]
    assert urdu.start < 1.0 and 1.0 - urdu.start < SEARCH_TOLERANCE
    assert made["pupil-leaflet-primary-en.pdf"].start == 1.0
    renderer = Counting()
    built = make_all(pack, options, renderer)
    assert Counter(renderer.names)[urdu.filename] == 1
    (leaflet,) = [d for d in built if d.variant.filename == urdu.filename]
    assert leaflet.scale == pytest.approx(urdu.start)
