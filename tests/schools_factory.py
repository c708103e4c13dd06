"""Varied school files for tests that hold every school's pages to the same rules.

``schools(folder, count)`` writes ``count`` school folders (a school.yaml each,
photos for some) that between them cover: teams of one to eight, one to six
trusted adults, short and very long names, no photos and photos, every
language, light, mid and dark brand colours, every nation and phase. The same
count gives the same schools.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import yaml
from PIL import Image, ImageDraw

NATIONS = ("england", "wales", "scotland", "northern-ireland")
# Light, mid and dark brands, and colours schools really use.
BRANDS = (
    ("#ffe066", "#1d3c78"),  # pale yellow
    ("#87ceeb", "#ff6f61"),  # sky blue
    ("#1d3c78", "#ffd23f"),  # navy
    ("#00643c", "#f4c430"),  # green
    ("#e4572e", "#00606b"),  # orange
    ("#4b2c6f", "#f2a900"),  # purple
    ("#ffffff", "#000000"),  # white
    ("#000000", "#ffffff"),  # black
    ("#c8a2c8", "#2e8b57"),  # lilac
    ("#808080", "#ffa500"),  # mid grey
    ("#b3001b", "#ffe066"),  # red
    ("#00ffff", "#ff00ff"),  # cyan
)
LANGUAGE_SETS = (
    ["en"],
    ["en", "pl"],
    ["en", "ur"],
    ["en", "ar"],
    ["en", "pl", "ur", "ar"],
)
WELSH_SETS = (["cy", "en"], ["en"], ["cy", "en"])
SHORT_NAMES = ("Ash School", "Elm Primary", "Oak Academy", "Yew High")
LONG_NAMES = (
    "The Blessed Cardinal John Henry Newman Catholic Voluntary Academy and Nursery",
    "Ysgol Gynradd Gymraeg Llanfairpwllgwyngyll a Chanolfan Blynyddoedd Cynnar",
    "St Bartholomew's Church of England Controlled Primary School and Nursery",
    "Northfield Community Secondary School and Sixth Form College Partnership",
)
PEOPLE = (
    "Ms Ann Lee",
    "Mrs Philippa Montgomery-Fitzwilliam",
    "Mr Dafydd ap Gruffydd Llewellyn",
    "Dr Oluwaseun Adebayo-Okonkwo",
    "Mr Tom Ng",
    "Miss Siobhán Ní Bhriain",
    "Mrs Agnieszka Wiśniewska-Kowalczyk",
    "Mr Muhammad Abdul-Rahman Chaudhry",
)
PLACES = (
    "Office 2",
    "Safeguarding office, next to Student Services on the ground floor",
    "Room 3",
    "Pastoral base, Block B",
)
# A role in each language a school may print in.
ROLES = (
    {
        "en": "Learning mentor",
        "cy": "Mentor dysgu",
        "pl": "Mentorka",
        "ur": "لرننگ مینٹور",
        "ar": "مرشدة تعليمية",
    },
    {
        "en": "Teaching assistant",
        "cy": "Cynorthwyydd addysgu",
        "pl": "Asystentka nauczyciela",
        "ur": "ٹیچنگ اسسٹنٹ",
        "ar": "مساعدة المعلم",
    },
    {
        "en": "Caretaker",
        "cy": "Gofalwr",
        "pl": "Woźny",
        "ur": "نگراں",
        "ar": "حارس المدرسة",
    },
)
SURNAMES = ("Jones", "Evans", "Patel", "Kowalski", "Okonkwo", "Llywelyn")
WORRY_BOX = {
    "en": "Outside the library",
    "cy": "Wrth ymyl y llyfrgell",
    "pl": "Przed biblioteką",
    "ur": "لائبریری کے باہر",
    "ar": "خارج المكتبة",
}


@dataclass(frozen=True)
class Made:
    """One school written by the factory, and what it was made to cover."""

    path: Path
    nation: str
    languages: tuple[str, ...]
    team: int
    photos: bool
    primary: str


def _photo(path: Path, seed: int) -> None:
    """A 600 px square picture (sharp enough for every product)."""
    rng = random.Random(seed)
    image = Image.new("RGB", (600, 600), tuple(rng.randrange(90, 230) for _ in "rgb"))
    draw = ImageDraw.Draw(image)
    draw.ellipse((170, 100, 430, 380), fill=(224, 172, 140))
    draw.rectangle((120, 400, 480, 600), fill=(60, 60, 120))
    image.save(path, quality=85)


def _localised(table: dict[str, str], languages: list[str]) -> dict[str, str]:
    return {code: table[code] for code in languages}


def school_data(number: int, folder: Path) -> tuple[dict, Made]:
    """The school file (as data) of the ``number``th varied school."""
    rng = random.Random(number)
    nation = NATIONS[number % len(NATIONS)]
    sets = WELSH_SETS if nation == "wales" else LANGUAGE_SETS
    languages = list(sets[(number // len(NATIONS)) % len(sets)])
    team_size = number % 8 + 1
    photos = number % 3 == 1
    primary, accent = BRANDS[number % len(BRANDS)]
    long = number % 2 == 0
    names = LONG_NAMES if long else SHORT_NAMES
    phase = ("primary", "secondary", "all-through", "special")[(number // 2) % 4]
    team = []
    for i in range(team_size):
        member: dict = {
            "name": PEOPLE[(number + i) % len(PEOPLE)],
            "role": "dsl" if i == 0 else ("other" if i == 7 else "deputy-dsl"),
            "phone": f"01632 960{(100 + number * 10 + i) % 1000:03d}",
        }
        if i == 7:
            member["title"] = "Safeguarding governor"
        if rng.random() < 0.7:
            member["where"] = PLACES[(number + i) % len(PLACES)]
        if i == 0 and long:
            member["email"] = f"safeguarding.lead{number}@school{number}.example.sch.uk"
        if photos:
            member["photo"] = f"assets/team{i}.jpg"
        team.append(member)
    adults = []
    # One to six: more than the hand's five fingers, and more than the
    # leaflet's two to a row.
    for i in range(1 + number % 6):
        adult: dict = {
            "name": PEOPLE[(number + 3 * i) % len(PEOPLE)].split(" ", 1)[0]
            + f" {SURNAMES[i]}",
            "role": _localised(ROLES[i % len(ROLES)], languages),
        }
        if photos:
            adult["photo"] = f"assets/adult{i}.jpg"
        adults.append(adult)
    data = {
        "school": {
            "name": names[(number // 2) % len(names)],
            # Schools of one name: each its own folder, by its URN.
            "reference": str(100000 + number),
            "nation": nation,
            "phase": phase,
            "headteacher": {"name": "Mrs Helen Brooks", "phone": "01632 960100"},
            "chair_of_governors": {
                "name": "Mr David Osei",
                "email": "chair@school.example.sch.uk",
            },
        },
        "brand": {"primary": primary, "accent": accent},
        "team": team,
        "local_contacts": {
            "children_services": {
                "name": "Anytown Children's Services Multi-Agency Safeguarding Hub"
                if long
                else "Front Door",
                "phone": "01632 960000",
                "out_of_hours": "01632 960999",
            },
            "lado": {"phone": "01632 960555", "email": "lado@anytown.example.gov.uk"},
        },
        "trusted_adults": adults,
        "worry_box": _localised(WORRY_BOX, languages),
        "languages": languages,
        "english_fallback": True,
        "review": {"reviewed_on": "2026-09-01", "review_by": "2027-09-01"},
    }
    if number % 5 == 0:
        data["school"]["website"] = (
            f"https://www.school-number-{number}.example.sch.uk/about-us/"
            "policies/safeguarding-and-child-protection"
        )
    made = Made(
        folder / "school.yaml", nation, tuple(languages), team_size, photos, primary
    )
    return data, made


def schools(folder: Path, count: int = 32) -> list[Made]:
    """Write ``count`` varied schools under ``folder`` (one folder each)."""
    made = []
    for number in range(count):
        home = folder / f"school-{number:02d}"
        (home / "assets").mkdir(parents=True, exist_ok=True)
        data, school = school_data(number, home)
        for i, member in enumerate(data["team"]):
            if "photo" in member:
                _photo(home / member["photo"], number * 100 + i)
        for i, adult in enumerate(data["trusted_adults"]):
            if "photo" in adult:
                _photo(home / adult["photo"], number * 100 + 50 + i)
        school.path.write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        made.append(school)
    return made
