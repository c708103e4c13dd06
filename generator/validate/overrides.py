"""A school's changes to the national content (``content:`` in its file):
entries replace a national one, or are added, by ``id``."""

from __future__ import annotations

from pydantic import Field

from generator.validate.base import Strict

# Entries a school may add to or change in one section of the national content.
MAX_ENTRIES = 100


class ContentOverrides(Strict):
    """A school's changes to national content: entries replace or add by ``id``."""

    helplines: list[dict] = Field(
        default_factory=list,
        max_length=MAX_ENTRIES,
        examples=[
            [
                {
                    "id": "local-helpline",
                    "name": "Anytown Young Carers",
                    "phone": "01632 960777",
                }
            ]
        ],
    )
    """Helplines: a national one changed (with its own source and verified
    date), or one added."""
    categories: list[dict] = Field(
        default_factory=list,
        max_length=MAX_ENTRIES,
        examples=[[{"id": "neglect", "key_signs": ["Often hungry at school"]}]],
    )
    """Categories of abuse and their key signs."""
    specific_issues: list[dict] = Field(
        default_factory=list,
        max_length=MAX_ENTRIES,
        examples=[[{"id": "county-lines", "title": "County lines"}]],
    )
    """Specific safeguarding issues named on the staff products."""
    steps: list[dict] = Field(
        default_factory=list,
        max_length=MAX_ENTRIES,
        examples=[
            [{"id": "record", "text": "Write it on the concern form the same day."}]
        ],
    )
    """The four steps: recognise, respond, record, refer."""
    ted: list[dict] = Field(
        default_factory=list,
        max_length=MAX_ENTRIES,
        examples=[[{"id": "tell", "prompt": "Tell me what happened."}]],
    )
    """How to listen to a disclosure: tell, explain, describe."""
    do: list[dict] = Field(
        default_factory=list,
        max_length=MAX_ENTRIES,
        examples=[[{"id": "stay-calm", "text": "Stay calm and listen"}]],
    )
    """What to do when a child tells you."""
    dont: list[dict] = Field(
        default_factory=list,
        max_length=MAX_ENTRIES,
        examples=[[{"id": "no-secrets", "text": "Don't promise to keep it a secret"}]],
    )
    """What not to do when a child tells you."""
    staff_concerns: list[dict] = Field(
        default_factory=list,
        max_length=MAX_ENTRIES,
        examples=[[{"id": "about-staff", "action": "Tell the headteacher today"}]],
    )
    """Concerns about adults, and whom they go to."""
    case_review_themes: list[dict] = Field(
        default_factory=list,
        max_length=MAX_ENTRIES,
        examples=[
            [
                {
                    "id": "missing-education",
                    "here": "The office rings home on the first morning.",
                }
            ]
        ],
    )
    """The briefing's themes: what case reviews found, and what is done here."""
    pupil_texts: list[dict] = Field(
        default_factory=list,
        max_length=MAX_ENTRIES,
        examples=[[{"id": "early.title", "text": "Who can I talk to?"}]],
    )
    """Words for pupils, by band and id."""
