"""Which documents a school gets: its products' sizes, bands and language
groups, less those too small to read; and the sizes asked for that are not made."""

from __future__ import annotations

from dataclasses import replace

from generator.audiences import Audience
from generator.errors import Problem
from generator.options import Options
from generator.products import Variant, products
from generator.resolve.pack import Pack
from generator.validate.rulebook import Context, register


def variants(pack: Pack, options: Options) -> list[Variant]:
    """Every file to make for one school, in an order where a sheet follows the
    single pages it imposes."""
    made = []
    for variant in _sizes(pack, options):
        groups = language_groups(pack, variant.product.audience)
        # Names carry the language where the product is in more than English.
        named = groups != [("en",)]
        made += [replace(variant, languages=g, named=named) for g in groups]
    made = [v for v in made if not _too_small(pack, v)]
    if options.band is not None:
        made = [v for v in made if v.band == options.band]
    if options.press is not None:
        # For a print shop: every page with bleed and marks, and no office sheet
        # of cards (the shop imposes the single card on its own sheets).
        made = [
            replace(v, press=options.press, marks=True) for v in made if v.sheet is None
        ]
    return _alike(made)


def _alike(made: list[Variant]) -> list[Variant]:
    """Each document made again on other paper names the size made first, whose
    fit its search starts from."""
    first: dict[tuple[str, str | None, tuple[str, ...]], str] = {}
    for i, variant in enumerate(made):
        if variant.sheet is None:
            key = (variant.product.id, variant.band, variant.languages)
            if first.setdefault(key, variant.size) != variant.size:
                made[i] = replace(variant, like=first[key])
    return made


@register("school", step=1)
def _sizes_asked_for(context: Context) -> list[Problem]:
    """A rule of the school phase (see generator.validate.rulebook): the sizes
    asked for on the command line that are not made."""
    assert context.pack is not None
    return refused_sizes(context.pack, context.options)


def refused_sizes(pack: Pack, options: Options) -> list[Problem]:
    """A size asked for on the command line that is not made, with the reason:
    an error where it was all that was asked of its product, else a warning."""
    problems = []
    for variant in _sizes(pack, options):
        for group in language_groups(pack, variant.product.audience):
            one = replace(variant, languages=group)
            # Only a size asked for by name: a school's own list is its choice.
            if one.size not in options.sizes or not _too_small(pack, one):
                continue
            alone = all(size == one.size for size in options.sizes)
            settings = one.product.settings or one.product.id
            problems.append(
                Problem(
                    f"{one.product.id} is not made on {one.size.upper()} in "
                    f"{' and '.join(_language_names(group))} side by side: each "
                    "language would get an A5 half, too small to read across a "
                    "room — build A3 or A2, or list a4 under products: "
                    f"{settings}: sizes: in the school file to make it anyway",
                    file=pack.source,
                    warning=not alone,
                )
            )
    return list(dict.fromkeys(problems))


def _language_names(codes: tuple[str, ...]) -> list[str]:
    names = {"cy": "Welsh", "en": "English"}
    return [names.get(code, code) for code in codes]


def _too_small(pack: Pack, variant: Variant) -> bool:
    """An A4 poster in two languages side by side gives each an A5 half: too
    small to read across a room, unless the school's file lists a4 for that
    poster (a `--size a4` on the command line does not)."""
    if variant.layout != "side-by-side" or variant.size != "a4":
        return False
    settings = variant.product.school_settings(pack.school)
    listed = settings is not None and "sizes" in settings.model_fields_set
    return not (listed and "a4" in settings.sizes)


def language_groups(pack: Pack, audience: Audience) -> list[tuple[str, ...]]:
    """The languages of a product's files: Welsh and English together when the
    school is bilingual, each other language on its own. A language that
    covers only pupil products gives staff products in English."""
    from generator.resolve.translate import school_language

    school = pack.school
    codes = [
        code
        for code in school.languages
        if code == "en" or school_language(pack, code).covers(audience)
    ] or ["en"]
    if school.language_layout == "bilingual" and {"cy", "en"} <= set(codes):
        rest = [(code,) for code in codes if code not in ("cy", "en")]
        at = min(codes.index("cy"), codes.index("en"))
        return rest[:at] + [("cy", "en")] + rest[at:]
    return [(code,) for code in codes]


def _sizes(pack: Pack, options: Options) -> list[Variant]:
    """Each product's files before their languages: one a size (and an age
    band, for a product made per band), as its declaration says."""
    made: list[Variant] = []
    pupil_bands = pack.school.school.pupil_bands
    for product_id in options.only or tuple(products()):
        product = products()[product_id]
        if product.sheet is not None:
            # The print-shop file always has bleed and marks; the office sheet never.
            for size in product.sizes:
                made += [
                    Variant(product, size, marks=True),
                    Variant(product, size, sheet=product.sheet),
                ]
            continue
        sizes: list[str] = list(product.sizes)
        chosen = getattr(product.school_settings(pack.school), "sizes", None)
        if chosen is not None:
            # Sizes asked for on the command line, else the school file's.
            asked = [size for size in options.sizes if size in product.sizes]
            sizes = asked or chosen
        bands = pupil_bands if product.audience.banded else [None]
        made += [
            Variant(product, size, marks=options.marks, band=band)
            for band in bands
            for size in sizes
        ]
    return made
