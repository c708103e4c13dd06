"""The school file and the national content, as pydantic models.

Unknown keys are errors (``extra="forbid"``) so a typo never silently drops a phone
number. Field names are what a safeguarding lead types; keep them plain.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic.functional_validators import field_validator

from generator.render.figures import Figure, Skin
from generator.validate.fields import (
    Colour,
    Day,
    Email,
    LocalFile,
    Phone,
    Reference,
    WebAddress,
    blank_is_none,
)
from generator.vocabulary import BANDS, PAPER_SIZES

# More people than any product prints (an A2 poster's crowded team): a longer
# list is a mistake, or an attack that would check one photo thousands of times.
MAX_PEOPLE = 60
# Entries a school may add to or change in one section of the national content.
MAX_ENTRIES = 100

Nation = Literal["england", "wales", "scotland", "northern-ireland"]
Phase = Literal["primary", "secondary", "all-through", "special"]
Band = Literal[BANDS]  # type: ignore[valid-type]
PaperSize = Literal[PAPER_SIZES]  # type: ignore[valid-type]
Text = str
# ISO 639-1 (or -3) code of a language safeprint has a translation for: en, cy, pl.
LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]


def localised(max_length: int) -> object:
    """Text a school writes itself that may differ by language: one string for
    every language (a name, a room number), or one per language code
    (``{cy: Athrawes dosbarth, en: Class teacher}``)."""

    def one(text: object) -> str:
        if isinstance(text, (int, float, bool)):
            raise ValueError(f"{text} should be text — put it in quotes")
        if not isinstance(text, str):
            raise ValueError(
                "should be text, or text per language like {cy: Athrawes, en: Teacher}"
            )
        text = text.strip()
        if not text:
            raise ValueError("is empty — fill it in")
        if len(text) > max_length:
            raise ValueError(
                f"is too long ({len(text)} characters) — shorten it to at most "
                f"{max_length} so it fits on the page"
            )
        return text

    def check(value: object) -> str | dict[str, str]:
        if not isinstance(value, dict):
            return one(value)
        if not value:
            raise ValueError("is empty — fill it in")
        for code in value:
            if not isinstance(code, str) or not re.fullmatch(r"[a-z]{2,3}", code):
                raise ValueError(
                    f"{code!r} is not a language code — use codes like cy, en, pl"
                )
        return {code: one(text) for code, text in value.items()}

    schema = {
        "anyOf": [
            {"type": "string", "maxLength": max_length},
            {"type": "object", "additionalProperties": {"type": "string"}},
        ]
    }
    return Annotated[
        str | dict[str, str], PlainValidator(check), WithJsonSchema(schema), LOCALISED
    ]


class _Localised:
    """Marks a field of :func:`localised` text, found by :func:`localised_fields`."""


LOCALISED = _Localised()


def localised_fields(model: type[BaseModel]) -> list[tuple[str, ...]]:
    """The path (by the keys a school file uses) of every field of ``model``
    that may be given per language, lists passed through: ``("team",
    "where")``."""
    found = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        for inner in [*annotation_parts(info.annotation), *info.metadata]:
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                found += [(key, *rest) for rest in localised_fields(inner)]
            elif inner is LOCALISED:
                found.append((key,))
    return list(dict.fromkeys(found))


def annotation_parts(annotation: Any) -> list[Any]:
    """The types (and marks) an annotation is made of: through unions, lists,
    dicts and ``Annotated``."""
    if get_origin(annotation) is Annotated:
        return [*annotation_parts(get_args(annotation)[0]), *annotation.__metadata__]
    if get_args(annotation):
        return [a for arg in get_args(annotation) for a in annotation_parts(arg)]
    return [annotation]


class Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        frozen=True,
        str_strip_whitespace=True,
        # The line under a field describes it: in `safeprint schema`, and
        # beside the field in `safeprint serve`'s form.
        use_attribute_docstrings=True,
    )

    @field_validator("*", mode="before")
    @classmethod
    def _blank_optional(cls, value: object, info: object) -> object:
        """``""`` in an optional field means "not given" (the scaffold's blanks)."""
        field = cls.model_fields[info.field_name]  # type: ignore[attr-defined]
        return value if field.is_required() else blank_is_none(value)


# --- the school file -------------------------------------------------------------


class Person(Strict):
    name: Text = Field(min_length=1, max_length=80)
    """Their name as staff know it, e.g. Mrs Jo Brown."""
    phone: Phone | None = None
    """A phone number as you would dial it, e.g. 01632 960123."""
    email: Email | None = None
    """An email address; a phone or an email is enough."""


class Chair(Person):
    title: localised(60) | None = None  # type: ignore[valid-type]
    """Your own title for the role, where it is not the chair of governors,
    e.g. chair of trustees in an academy."""


class School(Strict):
    name: Text = Field(min_length=1, max_length=100)
    """The school's full name, e.g. Oakfield Primary School."""
    # The school's official number (URN in England, say): it tells apart the
    # output folders of schools with the same name.
    reference: Reference | None = None
    """Its URN or other official number: needed only when another school you
    build has the same name.
    """
    nation: Nation
    """Sets the guidance, role titles and helplines printed."""
    phase: Phase
    """Primary, secondary, all-through or special: sets the pupils' age bands."""
    website: WebAddress | None = None
    """The school's safeguarding web page, printed as a QR code."""
    logo: LocalFile | None = None
    """The school's logo: a PNG, JPEG or SVG file in the school's folder."""
    headteacher: Person | None = None
    """Shown to staff for worries about a member of staff."""
    chair_of_governors: Chair | None = None
    """Shown to staff for worries about the headteacher."""
    # Age bands of the pupil materials; by default from the phase (a primary
    # school: early and primary; a secondary: secondary; others: all three).
    bands: list[Band] | None = Field(None, min_length=1)
    """Age bands of the pupil posters and leaflets; by default from the phase."""

    @property
    def pupil_bands(self) -> list[str]:
        if self.bands:
            # Youngest first, however the file lists them.
            return sorted(set(self.bands), key=BANDS.index)
        return {"primary": ["early", "primary"], "secondary": ["secondary"]}.get(
            self.phase, list(BANDS)
        )


class Brand(Strict):
    primary: Colour = "#1d3c78"
    """Headings and bands, as a hex code; text on it is picked to be legible."""
    accent: Colour = "#ffd23f"
    """Small highlights, as a hex code."""


class TeamMember(Strict):
    name: Text = Field(min_length=1, max_length=80)
    """Their name as staff know it, e.g. Ms Aisha Khan."""
    role: Literal["dsl", "deputy-dsl", "other"]
    """The lead, a deputy, or someone else (who then needs a title)."""
    title: localised(60) | None = None  # type: ignore[valid-type]
    """Their own title, instead of the role's, e.g. Safeguarding governor."""
    phone: Phone
    """As you would dial it, e.g. 01632 960123."""
    email: Email | None = None
    """Their school email address."""
    photo: LocalFile | None = None
    """A head-and-shoulders photo, printed in a circle; without one, a drawn
    figure is shown.
    """
    figure: Figure | None = None
    """The drawn figure shown when there is no photo: short-hair, long-hair,
    curly-hair, hijab, beard, bun, turban, braids, glasses or bob.
    """
    where: localised(80) | None = None  # type: ignore[valid-type]
    """Where staff find them, e.g. Office 2."""

    @model_validator(mode="after")
    def _other_needs_title(self) -> TeamMember:
        if self.role == "other" and not self.title:
            raise ValueError(
                "a team member with role `other` needs a `title`, "
                "e.g. title: Safeguarding governor"
            )
        return self


class ChildrenServices(Strict):
    name: localised(80)  # type: ignore[valid-type]
    """Its name, e.g. Anytown Children's Front Door."""
    phone: Phone
    """Its number in the daytime."""
    out_of_hours: Phone | None = None
    """The emergency duty team, evenings and weekends."""
    email: Email | None = None
    """Its email address, if it takes referrals by email."""
    website: WebAddress | None = None
    """Its web page for referrals."""


class Lado(Strict):
    name: localised(80) | None = None  # type: ignore[valid-type]
    """The service's name, if it has one."""
    phone: Phone
    """Where allegations about adults are reported."""
    email: Email | None = None
    """Its email address, if it takes reports by email."""


class LocalContacts(Strict):
    children_services: ChildrenServices
    """Where anyone can refer a worry about a child."""
    lado: Lado | None = None
    """Who handles allegations about adults who work with children."""


class TrustedAdult(Strict):
    name: Text = Field(min_length=1, max_length=60)
    """Their name as pupils say it, e.g. Mrs Patel."""
    role: localised(60) | None = None  # type: ignore[valid-type]
    """What pupils know them as, e.g. Learning mentor."""
    photo: LocalFile | None = None
    """A photo pupils will recognise, printed in a circle."""
    figure: Figure | None = None
    """The drawn figure shown when there is no photo: short-hair, long-hair,
    curly-hair, hijab, beard, bun, turban, braids, glasses or bob.
    """


class Review(Strict):
    reviewed_on: Day
    """The day every number here was last checked."""
    review_by: Day
    """When they must be checked again: a year later at most."""

    @field_validator("review_by")
    @classmethod
    def _in_order(cls, review_by: dt.date, info: ValidationInfo) -> dt.date:
        reviewed_on = info.data.get("reviewed_on")
        if reviewed_on is not None and review_by <= reviewed_on:
            raise ValueError(
                f"{review_by} is not after `reviewed_on` ({reviewed_on}) — the "
                "next review comes after the last one, usually a year later"
            )
        return review_by


class PosterSettings(Strict):
    sizes: list[PaperSize] = Field(default_factory=lambda: ["a3"], min_length=1)
    """Paper sizes of the staff poster; A3 when none is given."""


class PupilPosterSettings(Strict):
    sizes: list[Literal["a4", "a3"]] = Field(
        default_factory=lambda: ["a4", "a3"], min_length=1
    )
    """Paper sizes of the pupil poster; A4 and A3 when none is given."""
    hand_skin: Skin | None = None
    """The skin of the early-years hand: light, medium-light (when none is
    given), medium, medium-dark or dark."""


class CardSettings(Strict):
    # Names of team members on the card, in order; all of the team if not given.
    team: list[Text] | None = Field(None, min_length=1, max_length=MAX_PEOPLE)
    """Names of team members on the card, in order; all of the team if not given."""
    # One extra line on the back, e.g. where the safeguarding policy is kept.
    note: localised(70) | None = None  # type: ignore[valid-type]
    """One extra line on the back, e.g. where the safeguarding policy is kept."""


class Products(Strict):
    staff_poster: PosterSettings = Field(
        default_factory=PosterSettings, alias="staff-poster"
    )
    """The staff poster's paper sizes."""
    staff_card: CardSettings = Field(default_factory=CardSettings, alias="staff-card")
    """Who is on the staff card, and a line for its back."""
    pupil_poster: PupilPosterSettings = Field(
        default_factory=PupilPosterSettings, alias="pupil-poster"
    )
    """The pupil poster's paper sizes, and the early-years hand's skin."""


class SchoolFile(Strict):
    """Everything a school writes about itself."""

    school: School
    """The school itself: its name, nation, phase, web page, logo, head and chair."""
    brand: Brand = Field(default_factory=Brand)
    """The school's colours; safeprint's blue and yellow when none are given."""
    team: list[TeamMember] = Field(min_length=1, max_length=MAX_PEOPLE)
    """The safeguarding team, in the order staff should contact them."""
    local_contacts: LocalContacts
    """The local authority's numbers: check them every year."""
    trusted_adults: list[TrustedAdult] = Field(
        default_factory=list, max_length=MAX_PEOPLE
    )
    """Adults pupils can talk to, shown on pupil posters and leaflets."""
    worry_box: localised(100) | None = None  # type: ignore[valid-type]
    """Where pupils can post a worry, e.g. Outside the library."""
    # The languages of the products, e.g. [cy, en] (Welsh and English) or
    # [en, pl, ur]. Welsh and English together make bilingual products, Welsh
    # first, unless `language_layout: separate`.
    languages: list[LanguageCode] = Field(
        default_factory=lambda: ["en"], min_length=1, max_length=10
    )
    """The languages to print in, as codes: en, cy (Welsh), pl, ur, ar."""
    language_layout: Literal["bilingual", "separate"] = "bilingual"
    """Welsh and English on the same page (bilingual), or in separate files."""
    # Print English where a translation lacks an id, instead of stopping.
    english_fallback: bool = False
    """Print English where a translation lacks a sentence, instead of stopping."""
    # The school's own wording (under `content:`) in other languages, by
    # language code, section, id and field, as in a translation's `content:`.
    translations: dict[LanguageCode, dict[str, Any]] | None = None
    """The school's own wording (under `content:`) in other languages."""
    review: Review
    """When the contacts were last checked, and when they must be again."""
    products: Products = Field(default_factory=Products)
    """Options of each product: paper sizes, who is on the card."""
    content: ContentOverrides | None = None
    """Changes to the national content: entries replaced or added by id."""

    @field_validator("team")
    @classmethod
    def _has_lead(cls, team: list[TeamMember]) -> list[TeamMember]:
        if not any(m.role == "dsl" for m in team):
            raise ValueError(
                "the team needs its safeguarding lead — give one member `role: dsl`"
            )
        leads = [m.name for m in team if m.role == "dsl"]
        if len(leads) > 1:
            raise ValueError(
                f"{' and '.join(leads)} both have `role: dsl`, and a school has one "
                "lead — give the others `role: deputy-dsl`"
            )
        return team


class ContentOverrides(Strict):
    """A school's changes to national content: entries replace or add by ``id``."""

    helplines: list[dict] = Field(default_factory=list, max_length=MAX_ENTRIES)
    """Helplines: a national one changed (with its own source and verified
    date), or one added."""
    categories: list[dict] = Field(default_factory=list, max_length=MAX_ENTRIES)
    """Categories of abuse and their key signs."""
    specific_issues: list[dict] = Field(default_factory=list, max_length=MAX_ENTRIES)
    """Specific safeguarding issues named on the staff products."""
    steps: list[dict] = Field(default_factory=list, max_length=MAX_ENTRIES)
    """The four steps: recognise, respond, record, refer."""
    ted: list[dict] = Field(default_factory=list, max_length=MAX_ENTRIES)
    """How to listen to a disclosure: tell, explain, describe."""
    do: list[dict] = Field(default_factory=list, max_length=MAX_ENTRIES)
    """What to do when a child tells you."""
    dont: list[dict] = Field(default_factory=list, max_length=MAX_ENTRIES)
    """What not to do when a child tells you."""
    staff_concerns: list[dict] = Field(default_factory=list, max_length=MAX_ENTRIES)
    """Concerns about adults, and whom they go to."""
    case_review_themes: list[dict] = Field(default_factory=list, max_length=MAX_ENTRIES)
    """The briefing's themes: what case reviews found, and what is done here."""
    pupil_texts: list[dict] = Field(default_factory=list, max_length=MAX_ENTRIES)
    """Words for pupils, by band and id."""


SchoolFile.model_rebuild()
