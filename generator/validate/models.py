"""The school file, as pydantic models: each field with its description and
an example (``safeprint schema``, the scaffold and the README's table of
fields are made from them).

Unknown keys are errors (``extra="forbid"``, :class:`generator.validate.base.Strict`)
so a typo never silently drops a phone number. Field names are what a
safeguarding lead types; keep them plain. The building blocks are in
:mod:`generator.validate.base`, the changes to national content in
:mod:`generator.validate.overrides`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field, ValidationInfo, model_validator
from pydantic.functional_validators import field_validator

from generator.render.figures import Figure, Skin
from generator.validate.base import (
    Band,
    LanguageCode,
    Nation,
    PaperSize,
    Phase,
    Strict,
    Text,
    localised,
)
from generator.validate.fields import (
    Colour,
    Day,
    Email,
    LocalFile,
    Phone,
    Reference,
    WebAddress,
)
from generator.validate.overrides import ContentOverrides
from generator.vocabulary import BANDS

# More people than any product prints (an A2 poster's crowded team): a longer
# list is a mistake, or an attack that would check one photo thousands of times.
MAX_PEOPLE = 60


# --- the school file -------------------------------------------------------------


class Person(Strict):
    name: Text = Field(min_length=1, max_length=80, examples=["Mrs Jo Brown"])
    """Their name as staff know it."""
    phone: Phone | None = Field(None, examples=["01632 960100"])
    """A phone number as you would dial it; a phone or an email is enough."""
    email: Email | None = Field(None, examples=["j.brown@oakfield.example.sch.uk"])
    """An email address; a phone or an email is enough."""


class Chair(Person):
    title: localised(60) | None = Field(  # type: ignore[valid-type]
        None, examples=["chair of trustees"]
    )
    """Your own title for the role, where it is not the chair of governors."""


class School(Strict):
    name: Text = Field(
        min_length=1, max_length=100, examples=["Oakfield Primary School"]
    )
    """The school's full name."""
    # The school's official number (URN in England, say): it tells apart the
    # output folders of schools with the same name.
    reference: Reference | None = Field(None, examples=["123456"])
    """Its URN or other official number: needed only when another school you
    build has the same name.
    """
    nation: Nation = Field(examples=["england"])
    """The nation whose guidance, role titles and helplines are printed."""
    phase: Phase = Field(examples=["primary"])
    """The school's phase: it sets the pupils' age bands."""
    website: WebAddress | None = Field(
        None, examples=["https://oakfield.example.sch.uk/safeguarding"]
    )
    """The school's safeguarding web page, printed as a QR code."""
    logo: LocalFile | None = Field(None, examples=["assets/logo.svg"])
    """The school's logo: a PNG, JPEG or SVG file in the school's folder."""
    headteacher: Person | None = Field(
        None, examples=[{"name": "Mrs Helen Brooks", "phone": "01632 960100"}]
    )
    """Shown to staff for worries about a member of staff."""
    chair_of_governors: Chair | None = Field(
        None,
        examples=[{"name": "Mr David Osei", "email": "chair@oakfield.example.sch.uk"}],
    )
    """Shown to staff for worries about the headteacher."""
    # Age bands of the pupil materials; by default from the phase (a primary
    # school: early and primary; a secondary: secondary; others: all three).
    bands: list[Band] | None = Field(None, min_length=1, examples=[["primary"]])
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
    primary: Colour = Field("#1d3c78", examples=["#1d3c78"])
    """Headings and bands, as a hex code; text on it is picked to be legible."""
    accent: Colour = Field("#ffd23f", examples=["#ffd23f"])
    """Small highlights, as a hex code."""


class TeamMember(Strict):
    name: Text = Field(min_length=1, max_length=80, examples=["Ms Aisha Khan"])
    """Their name as staff know it."""
    role: Literal["dsl", "deputy-dsl", "other"] = Field(examples=["dsl"])
    """The lead, a deputy, or someone else (who then needs a title)."""
    title: localised(60) | None = Field(  # type: ignore[valid-type]
        None, examples=["Safeguarding governor"]
    )
    """Their own title, instead of the role's."""
    phone: Phone = Field(examples=["01632 960123"])
    """Their number, as you would dial it."""
    email: Email | None = Field(None, examples=["a.khan@oakfield.example.sch.uk"])
    """Their school email address."""
    photo: LocalFile | None = Field(None, examples=["assets/khan.jpg"])
    """A head-and-shoulders photo, printed in a circle; without one, a drawn
    figure is shown.
    """
    figure: Figure | None = Field(None, examples=["hijab"])
    """The drawn figure shown when there is no photo."""
    where: localised(80) | None = Field(  # type: ignore[valid-type]
        None, examples=["Office 2"]
    )
    """Where staff find them."""

    @model_validator(mode="after")
    def _other_needs_title(self) -> TeamMember:
        if self.role == "other" and not self.title:
            raise ValueError(
                "a team member with role `other` needs a `title`, "
                "e.g. title: Safeguarding governor"
            )
        return self


class ChildrenServices(Strict):
    name: localised(80) = Field(  # type: ignore[valid-type]
        examples=["Anytown Children's Front Door"]
    )
    """Its name."""
    phone: Phone = Field(examples=["01632 960000"])
    """Its number in the daytime."""
    out_of_hours: Phone | None = Field(None, examples=["01632 960999"])
    """The emergency duty team, evenings and weekends."""
    email: Email | None = Field(None, examples=["frontdoor@anytown.example.gov.uk"])
    """Its email address, if it takes referrals by email."""
    website: WebAddress | None = Field(
        None, examples=["https://anytown.example.gov.uk/safeguarding"]
    )
    """Its web page for referrals."""


class Lado(Strict):
    name: localised(80) | None = Field(  # type: ignore[valid-type]
        None, examples=["Anytown LADO"]
    )
    """The service's name, if it has one."""
    phone: Phone = Field(examples=["01632 960555"])
    """Where allegations about adults are reported."""
    email: Email | None = Field(None, examples=["lado@anytown.example.gov.uk"])
    """Its email address, if it takes reports by email."""


class LocalContacts(Strict):
    children_services: ChildrenServices = Field(
        examples=[{"name": "Anytown Children's Front Door", "phone": "01632 960000"}]
    )
    """Where anyone can refer a worry about a child."""
    lado: Lado | None = Field(None, examples=[{"phone": "01632 960555"}])
    """Who handles allegations about adults who work with children."""


class TrustedAdult(Strict):
    name: Text = Field(min_length=1, max_length=60, examples=["Mrs Patel"])
    """Their name as pupils say it."""
    role: localised(60) | None = Field(  # type: ignore[valid-type]
        None, examples=["Learning mentor"]
    )
    """What pupils know them as."""
    photo: LocalFile | None = Field(None, examples=["assets/patel.jpg"])
    """A photo pupils will recognise, printed in a circle; without one, a drawn
    figure is shown."""
    figure: Figure | None = Field(None, examples=["bun"])
    """The drawn figure shown when there is no photo."""


class Review(Strict):
    reviewed_on: Day = Field(examples=["2026-09-01"])
    """The day every number here was last checked, as YYYY-MM-DD or DD/MM/YYYY."""
    review_by: Day = Field(examples=["2027-09-01"])
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
    sizes: list[PaperSize] = Field(
        default_factory=lambda: ["a3"], min_length=1, examples=[["a3", "a4"]]
    )
    """Paper sizes of the staff poster; A3 when none is given."""


class PupilPosterSettings(Strict):
    sizes: list[Literal["a4", "a3"]] = Field(
        default_factory=lambda: ["a4", "a3"], min_length=1, examples=[["a3"]]
    )
    """Paper sizes of the pupil poster; A4 and A3 when none is given."""
    hand_skin: Skin | None = Field(None, examples=["medium"])
    """The skin of the early-years hand; medium-light when none is given."""


class CardSettings(Strict):
    # Names of team members on the card, in order; all of the team if not given.
    team: list[Text] | None = Field(
        None, min_length=1, max_length=MAX_PEOPLE, examples=[["Ms Aisha Khan"]]
    )
    """Names of team members on the card, in order; all of the team if not given."""
    # One extra line on the back, e.g. where the safeguarding policy is kept.
    note: localised(70) | None = Field(  # type: ignore[valid-type]
        None, examples=["Policy on the staffroom noticeboard"]
    )
    """One extra line on the back: where the safeguarding policy is kept, say."""


class Products(Strict):
    staff_poster: PosterSettings = Field(
        default_factory=PosterSettings,
        alias="staff-poster",
        examples=[{"sizes": ["a3", "a4"]}],
    )
    """The staff poster's paper sizes."""
    staff_card: CardSettings = Field(
        default_factory=CardSettings,
        alias="staff-card",
        examples=[{"note": "Policy on the staffroom noticeboard"}],
    )
    """Who is on the staff card, and a line for its back."""
    pupil_poster: PupilPosterSettings = Field(
        default_factory=PupilPosterSettings,
        alias="pupil-poster",
        examples=[{"sizes": ["a3"]}],
    )
    """The pupil poster's paper sizes, and the early-years hand's skin."""


class SchoolFile(Strict):
    """Everything a school writes about itself."""

    school: School = Field(
        examples=[
            {"name": "Oakfield Primary School", "nation": "england", "phase": "primary"}
        ]
    )
    """The school itself: its name, nation, phase, web page, logo, head and chair."""
    brand: Brand = Field(
        default_factory=Brand, examples=[{"primary": "#1d3c78", "accent": "#ffd23f"}]
    )
    """The school's colours; safeprint's blue and yellow when none are given."""
    team: list[TeamMember] = Field(
        min_length=1,
        max_length=MAX_PEOPLE,
        examples=[[{"name": "Ms Aisha Khan", "role": "dsl", "phone": "01632 960123"}]],
    )
    """The safeguarding team, in the order staff should contact them."""
    local_contacts: LocalContacts = Field(
        examples=[
            {
                "children_services": {
                    "name": "Anytown Children's Front Door",
                    "phone": "01632 960000",
                }
            }
        ]
    )
    """The local authority's numbers: check them every year."""
    trusted_adults: list[TrustedAdult] = Field(
        default_factory=list,
        max_length=MAX_PEOPLE,
        examples=[[{"name": "Mrs Patel", "role": "Learning mentor"}]],
    )
    """Adults pupils can talk to, shown on pupil posters and leaflets."""
    worry_box: localised(100) | None = Field(  # type: ignore[valid-type]
        None, examples=["Outside the library"]
    )
    """Where pupils can post a worry."""
    # The languages of the products, e.g. [cy, en] (Welsh and English) or
    # [en, pl, ur]. Welsh and English together make bilingual products, Welsh
    # first, unless `language_layout: separate`.
    languages: list[LanguageCode] = Field(
        default_factory=lambda: ["en"],
        min_length=1,
        max_length=10,
        examples=[["en"], ["cy", "en"], ["en", "pl", "ur"]],
    )
    """The languages to print in, as codes: en (English), cy (Welsh: every
    product; [cy, en] makes bilingual products, Welsh first), pl, ur, ar
    (Polish, Urdu, Arabic: the pupil posters and leaflets). With more than
    English, write the pupils' words per language, as in
    role: {en: Learning mentor, pl: Mentorka}."""
    language_layout: Literal["bilingual", "separate"] = Field(
        "bilingual", examples=["separate"]
    )
    """Whether Welsh and English share each page (bilingual) or have a file each."""
    # Print English where a translation lacks an id, instead of stopping.
    english_fallback: bool = Field(False, examples=[True])
    """Print English where a translation lacks a sentence, instead of stopping."""
    # The school's own wording (under `content:`) in other languages, by
    # language code, section, id and field, as in a translation's `content:`.
    translations: dict[LanguageCode, dict[str, Any]] | None = Field(
        None,
        examples=[
            {"cy": {"steps": [{"id": "record", "text": "Ysgrifennwch ef heddiw."}]}}
        ],
    )
    """The school's own wording (under `content:`) in other languages."""
    review: Review = Field(
        examples=[{"reviewed_on": "2026-09-01", "review_by": "2027-09-01"}]
    )
    """When the contacts were last checked, and when they must be again."""
    products: Products = Field(
        default_factory=Products,
        examples=[{"staff-poster": {"sizes": ["a3", "a4"]}}],
    )
    """Options of each product: paper sizes, who is on the card."""
    content: ContentOverrides | None = Field(
        None,
        examples=[
            {"steps": [{"id": "record", "text": "Write it on the concern form today."}]}
        ],
    )
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


SchoolFile.model_rebuild()
