"""The national content and the nation profiles (``content/``), as pydantic
models: what every school starts from, and a school may change by id (see
:class:`generator.validate.overrides.ContentOverrides`).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from generator.validate.base import Nation, Strict, Text
from generator.validate.fields import Day, Email, ServicePhone, WebAddress, WebAsTyped
from generator.validate.overrides import ContentOverrides


class Source(Strict):
    title: Text
    url: WebAddress


class Helpline(Strict):
    id: str
    name: Text
    phone: ServicePhone | None = None
    email: Email | None = None
    web: WebAsTyped | None = None
    # The children's pages, for under-12s (Childline's "kids" site).
    web_kids: WebAsTyped | None = None
    audience: Literal["staff", "pupils", "everyone"]
    purpose: Text = Field(max_length=80)
    hours: Text | None = None
    source: Source
    # Where the hours come from, when not the page the number does.
    hours_source: Source | None = None
    verified: Day


class Category(Strict):
    id: str
    title: Text
    key_signs: list[Text] = Field(min_length=1, max_length=6)


class Issue(Strict):
    id: str
    title: Text


class Step(Strict):
    id: str
    title: Text
    text: Text


class Prompt(Strict):
    id: str
    word: Text
    prompt: Text


class Item(Strict):
    id: str
    text: Text
    short: Text | None = Field(None, max_length=40)


class StaffConcern(Strict):
    id: str
    concern: Text
    action: Text
    contact: Literal["headteacher", "chair_of_governors"] | None = None


class Role(Strict):
    title: Text
    short: Text


class Guidance(Strict):
    id: str
    title: Text
    short: Text | None = None
    url: WebAddress | None = None


class NationWords(Strict):
    """How a nation names the people, routes and reviews that content and
    templates write as ``{lead}``, ``{head}``... (``{Lead}`` at a sentence's
    start). The only way a product names them, so no nation reads another's."""

    lead: Text  # whom staff tell: "the DSL"
    head: Text  # "headteacher"; "principal" in Northern Ireland
    chair: Text  # "chair of governors"
    allegations: Text  # who is told of an allegation about staff: "the LADO"
    refer: Text  # the verb for passing a concern on: "refer"; Wales "report"
    children_services: Text  # "children's social care"
    reviews: Text  # "case reviews"; Scotland "learning reviews"


class Duty(Strict):
    """Something the law asks of each member of staff themselves in this nation,
    printed on the staff briefing."""

    id: str
    title: Text = Field(max_length=40)
    text: Text
    source: Source
    verified: dt.date


class NationProfile(Strict):
    id: Nation
    name: Text
    roles: dict[Literal["dsl", "deputy-dsl"], Role]
    words: NationWords
    duties: list[Duty] = Field(default_factory=list)
    about: About
    guidance: list[Guidance]
    contact_labels: dict[Literal["children_services", "out_of_hours", "lado"], Text]
    helplines: list[str]
    # National content as it differs in this nation, by id (as in a school file).
    content: ContentOverrides | None = None


class Theme(Strict):
    id: str
    title: Text = Field(max_length=50)
    found: Text
    here: Text
    # Where the finding comes from: the briefing cites each source it prints.
    source: Source


class PupilText(Strict):
    """Words for pupils: a sentence (``text``) or a list (``items``)."""

    id: str
    text: Text | None = None
    items: list[Text] | None = None
    # Words quoted exactly from this source (the NSPCC's PANTS rule): never
    # reworded, so not held to the band's reading age.
    quoted: Source | None = None

    @model_validator(mode="after")
    def _one_of(self) -> PupilText:
        if (self.text is None) == (self.items is None):
            raise ValueError("give either `text` (one sentence) or `items` (a list)")
        return self


class About(Strict):
    """Where a content file's facts come from, and when they were last checked
    against those sources: the staleness warning reads ``verified``."""

    sources: list[Source] = Field(min_length=1)
    verified: dt.date
    # The month the main source is reissued (9: England's KCSIE each September):
    # facts checked before its latest issue are stale, however recent.
    reissued_in_month: int | None = Field(None, ge=1, le=12)


class CaseReviews(Strict):
    intro: Text
    source: Source
    verified: Day


class Content(Strict):
    """The national content every school starts from (``content/national``)."""

    helplines: list[Helpline]
    categories: list[Category]
    specific_issues: list[Issue] = Field(default_factory=list)
    steps: list[Step]
    ted: list[Prompt]
    do: list[Item]
    dont: list[Item]
    staff_concerns: list[StaffConcern]
    case_reviews: CaseReviews
    case_review_themes: list[Theme]
    pupil_texts: list[PupilText]
    # Each national file's sources and date checked, by file name (``steps``).
    about: dict[str, About] = Field(default_factory=dict)


NationProfile.model_rebuild()
