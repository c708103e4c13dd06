"""Made-up schools that differ as real ones do, for the benchmarks.

Each is drawn from a seeded random generator: a team of one to five (with and
without photos, "where to find them" lines, long and short names), local
contacts with and without out-of-hours numbers and emails, a website or none,
each of the four nations, primary and secondary. Every number comes from
Ofcom's drama ranges. The same seed gives the same schools.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Any

import yaml

from generator.paths import example_schools_dir

FIRST = [
    "Aisha",
    "Tom",
    "Grace",
    "Dafydd",
    "Siân",
    "Ffion",
    "Oliver",
    "Priya",
    "Mohammed",
    "Bethan",
    "Jo",
    "Catriona",
    "Eilidh",
    "Ciarán",
    "Zofia",
    "Christopher",
    "Alexandra",
    "Ngozi",
    "Li",
    "Rhiannon",
]
LAST = [
    "Khan",
    "Reed",
    "Okafor",
    "Huws",
    "Rowlands",
    "Bowen",
    "Smith",
    "Patel",
    "Ali",
    "Jenkins",
    "MacLeod",
    "O'Neill",
    "Nowak",
    "Fitzgerald-Hughes",
    "Wu",
    "Llewellyn",
    "Campbell",
    "Ahmed",
    "Brown",
    "Osei",
]
TITLES = ["Ms", "Mr", "Mrs", "Dr", "Miss"]
PLACES = [
    "Anytown",
    "Brookfield",
    "St Mary's",
    "Hillside",
    "Castleview",
    "Meadowbank",
    "Kingsbridge",
    "Ashgrove",
    "Northfield",
    "Riverside",
]
KINDS = {
    "primary": [
        "Primary School",
        "Church of England Primary School",
        "Roman Catholic Primary Academy",
        "Infant and Nursery School",
    ],
    "secondary": [
        "Academy",
        "High School",
        "Community College",
        "Catholic High School and Sixth Form",
    ],
}
WHERE = [
    "Office 2",
    "Room 14",
    "Main office, by the entrance",
    "Year 6 classroom",
    "Learning support base, first floor",
    "Pastoral office in the Sixth Form centre",
    "Nursery",
    "Science block, S12",
]
OTHER = [
    "Safeguarding governor",
    "Pastoral lead",
    "Family support worker",
    "Attendance officer",
    "Mental health lead",
]
SERVICES = ["Front Door", "Children's Services", "Multi-Agency Safeguarding Hub"]
NATIONS = ["england"] * 5 + ["wales", "scotland", "northern-ireland"]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(TITLES)} {rng.choice(FIRST)} {rng.choice(LAST)}"


def _phone(rng: random.Random) -> str:
    return f"01632 960{rng.randrange(1000):03d}"


def _team(rng: random.Random, photos: list[str]) -> list[dict[str, Any]]:
    size = rng.choice([1, 2, 2, 3, 3, 3, 4, 5])
    team = []
    for i in range(size):
        member: dict[str, Any] = {
            "name": _person(rng),
            "role": "dsl"
            if i == 0
            else rng.choice(["deputy-dsl", "deputy-dsl", "other"]),
            "phone": _phone(rng),
        }
        if member["role"] == "other":
            member["title"] = rng.choice(OTHER)
        if photos and rng.random() < 0.5:
            member["photo"] = rng.choice(photos)
        if rng.random() < 0.6:
            member["where"] = rng.choice(WHERE)
        if rng.random() < 0.3:
            member["email"] = f"safeguarding{i}@school.example.sch.uk"
        team.append(member)
    return team


def varied_school(rng: random.Random, number: int, welsh: bool = False) -> dict:
    """One school file's data (photos named from the oakfield example's)."""
    base = example_schools_dir() / "ysgol-bryn-derw" if welsh else None
    phase = rng.choice(["primary", "secondary"])
    nation = "wales" if welsh else rng.choice(NATIONS)
    place = rng.choice(PLACES)
    name = f"{place} {rng.choice(KINDS[phase])} {number:03d}"
    photos = [f"assets/{p}.jpg" for p in ("khan", "reed", "okafor", "patel", "hughes")]
    school: dict[str, Any] = {
        "name": name,
        "nation": nation,
        "phase": phase,
        "headteacher": {"name": _person(rng), "phone": _phone(rng)},
        "chair_of_governors": {"name": _person(rng), "email": "chair@example.sch.uk"},
    }
    if rng.random() < 0.8:
        school["website"] = f"https://school{number}.example.sch.uk/safeguarding"
    if rng.random() < 0.7:
        school["logo"] = "assets/logo.svg"
    services: dict[str, Any] = {
        "name": f"{place} {rng.choice(SERVICES)}",
        "phone": _phone(rng),
    }
    if rng.random() < 0.7:
        services["out_of_hours"] = _phone(rng)
    if rng.random() < 0.5:
        services["email"] = "frontdoor@council.example.gov.uk"
    lado: dict[str, Any] = {"phone": _phone(rng)}
    if rng.random() < 0.5:
        lado["email"] = "lado@council.example.gov.uk"
    data: dict[str, Any] = {
        "school": school,
        "brand": {
            "primary": rng.choice(["#1d3c78", "#00643c", "#6a1b4d", "#333333"]),
            "accent": rng.choice(["#ffd23f", "#f4c430", "#8fd3ff"]),
        },
        "team": _team(rng, photos),
        "local_contacts": {"children_services": services, "lado": lado},
        "trusted_adults": [
            {"name": _person(rng), "role": rng.choice(["Teacher", "Learning mentor"])}
            for _ in range(rng.choice([2, 3, 4]))
        ],
        "worry_box": "Outside the library",
        "review": {"reviewed_on": "2026-09-01", "review_by": "2027-09-01"},
    }
    if welsh and base is not None:
        example = yaml.safe_load((base / "school.yaml").read_text())
        data["languages"] = ["cy", "en"]
        data["local_contacts"] = example["local_contacts"]
        data["trusted_adults"] = example["trusted_adults"]
        data["worry_box"] = example["worry_box"]
        for member in data["team"]:
            if "title" in member:
                member["title"] = {"cy": "Llywodraethwr diogelu", "en": member["title"]}
            if "where" in member:
                member["where"] = {"cy": "Ystafell 3", "en": member["where"]}
    return data


def make_varied(
    folder: Path, count: int, seed: int = 0, welsh: bool = False
) -> list[Path]:
    """``count`` school folders under ``folder``, each with its school.yaml."""
    rng = random.Random(seed)
    assets = example_schools_dir() / "oakfield-primary" / "assets"
    made = []
    for number in range(count):
        target = folder / f"school-{number:03d}"
        shutil.copytree(assets, target / "assets")
        data = varied_school(rng, number, welsh)
        (target / "school.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
        made.append(target / "school.yaml")
    return made
