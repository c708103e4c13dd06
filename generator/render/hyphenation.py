"""Welsh hyphenation for WeasyPrint: a pattern dictionary made from the
syllable rule in :func:`generator.render.typeset.welsh_syllables`.

No Welsh dictionary ships with pyphen, and soft hyphens put in the text by hand
are broken in WeasyPrint 70: a line may end at one with no hyphen printed
("dyno" / "dedig"), or break there well short of its column. Automatic
hyphenation (``hyphens: auto`` with ``lang="cy"``) prints its hyphen every
time, so safeprint gives pyphen a Welsh dictionary and lets WeasyPrint break.

The patterns say what the rule says: a word breaks before the last consonant
of a run between vowels, and a letter written with two characters (ch, dd, ff,
ng, ll, ph, rh, th) is one consonant, never split. The fewest letters before
and after a break, and the shortest word broken, are set in the stylesheet
(``hyphenate-limit-chars``).
"""

from __future__ import annotations

from pathlib import Path

from generator.render.typeset import DIGRAPHS, VOWELS

DICTIONARY = Path(__file__).with_name("hyph_cy.dic")
CONSONANTS = "bcdfghjklmnpqrstvxz"


def welsh_patterns() -> list[str]:
    """Liang patterns (odd: a break, even: none) for the Welsh syllable rule."""
    patterns = []
    for vowel in sorted(VOWELS):
        # Before a consonant (or a two-character letter) that a vowel follows.
        patterns += [f"1{c}{vowel}" for c in CONSONANTS]
        patterns += [f"1{d}{vowel}" for d in DIGRAPHS]
    # Never between the two characters of one letter.
    patterns += [f"{d[0]}2{d[1]}" for d in DIGRAPHS]
    # Never inside the consonants a word starts with ("ffr|wydradau"), a w
    # before a consonant among them ("gw|randewch").
    patterns += [f".{a}{b}2" for a in CONSONANTS for b in CONSONANTS]
    patterns += [f".{a}w2{b}" for a in (*CONSONANTS, *DIGRAPHS) for b in CONSONANTS]
    return patterns


def dictionary_text() -> str:
    return "UTF-8\n" + "\n".join(welsh_patterns()) + "\n"


def register() -> None:
    """Make ``lang="cy"`` hyphenate with the Welsh dictionary (once a process;
    pyphen reads the file when WeasyPrint first hyphenates a Welsh word)."""
    import pyphen

    if "cy" not in pyphen.LANGUAGES:
        pyphen.LANGUAGES["cy"] = DICTIONARY
        pyphen.LANGUAGES_LOWERCASE["cy"] = "cy"
