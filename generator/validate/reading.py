"""Reading age: pupil sentences held to what their age band reads
(Flesch-Kincaid, with British syllables)."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from generator.errors import Problem

# The hardest a sentence may read, as a Flesch-Kincaid grade (US school grade;
# add five for a reading age): 4 is a 9-year-old, 7 a 12-year-old.
READING_GRADE = {"early": 4.0, "primary": 4.0, "secondary": 7.0}


def readability_problems(pack: Any, bands: list[str]) -> list[Problem]:
    """Warnings for pupil sentences harder than their age band reads: those a
    school or its nation worded (the shipped wording is held to its band by a
    test, so a school that changed none loads no hyphenation dictionary)."""
    from generator.resolve.content import national_content

    shipped = {entry.id: entry for entry in national_content().pupil_texts}
    overridden = {
        entry.get("id"): i
        for i, entry in enumerate(
            pack.school.content.pupil_texts if pack.school.content else []
        )
    }
    problems = []
    for entry in pack.content.pupil_texts:
        band = entry.id.split(".")[0]
        if band not in bands or entry.quoted or shipped.get(entry.id) == entry:
            continue
        for sentence in _sentences(entry.items or [entry.text]):
            grade = reading_grade(sentence)
            if grade <= READING_GRADE[band]:
                continue
            message = (
                f'"{sentence}" reads at about age {grade + 5:.0f}; '
                f"{band} pupils need age {READING_GRADE[band] + 5:.0f} or "
                "below — use shorter words and sentences"
            )
            if entry.id in overridden:
                loc = ("content", "pupil_texts", overridden[entry.id])
                problems.append(pack.loaded.problem(loc, message, warning=True))
            else:
                problems.append(
                    Problem(message, warning=True, field=f"pupil_texts.{entry.id}")
                )
    return problems


@lru_cache(maxsize=4096)
def reading_grade(sentence: str) -> float:
    """Flesch-Kincaid grade of one sentence, syllables from Pyphen's British
    English dictionary.

    The same sum textstat makes with ``set_lang("en-GB")`` (the tests compare
    the two); done here because importing textstat (and NLTK with it) costs
    about a second, and its plain "en" setting would try to download a
    pronouncing dictionary at run time.
    """
    words = [w for w in _WORDS.findall(sentence) if any(c.isalnum() for c in w)]
    if not words:
        return 0.0
    syllables = sum(len(_hyphenator().positions(w.lower())) + 1 for w in words)
    return 0.39 * len(words) + 11.8 * syllables / len(words) - 15.59


_WORDS = re.compile(r"[A-Za-z0-9'’-]+")


@cache
def _hyphenator() -> Any:
    import pyphen

    return pyphen.Pyphen(lang="en_GB")


def _sentences(texts: list[str]) -> list[str]:
    return [
        s.strip()
        for text in texts
        for s in re.split(r"(?<=[.!?])\s+", text)
        if s.strip()
    ]
