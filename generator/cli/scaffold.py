"""``safeprint new``: a commented school file for a safeguarding lead to fill in."""

from __future__ import annotations

from pathlib import Path
from string import Template

from generator.errors import SafeprintError
from generator.paths import content_dir
from generator.write.files import atomic_write

ASSETS_NOTE = """Put your school's logo and the team's photos here (PNG, JPEG or SVG),
then name them in school.yaml, e.g.  photo: assets/khan.jpg
Photos are printed in a circle: a head-and-shoulders picture works best.
"""


NATIONS = ("england", "wales", "scotland", "northern-ireland")
# Examples, in each nation's words, of the contacts the file asks for.
WORDS = {
    "england": {
        "children_example": "Anytown Children's Front Door",
        "lado_example": "Anytown LADO",
    },
    "wales": {
        "children_example": "Anytown Children's Services",
        "lado_example": "Anytown Designated Officer for Safeguarding",
    },
    "scotland": {
        "children_example": "Anytown Council Social Work Services",
        "lado_example": "Anytown Council Education Services",
    },
    "northern-ireland": {
        "children_example": "Northern HSC Trust Gateway Team",
        "lado_example": "Education Authority",
    },
}


CHAIR = """\
  # Optional (delete the block to leave it out): the {chair}, shown for
  # worries about the {head}.
  chair_of_governors:
    name: ""
    email: ""                  # or phone: — one way to reach them
    title: ""                  # optional: your own title, e.g. chair of trustees
"""
# Scottish state schools have no governing body: the education authority
# hears worries about the headteacher.
NO_CHAIR = """\
  # (No chair_of_governors: worries about the headteacher go to the education
  # authority, under local_contacts: lado: below.)
"""


def scaffold(directory: Path, nation: str = "england") -> Path:
    """Write ``directory/school.yaml`` (in ``nation``'s words) and
    ``directory/assets/``; never overwrite."""
    target = directory / "school.yaml"
    if target.exists():
        raise SafeprintError.single(
            "already exists — safeprint new never overwrites a school file; "
            "choose another folder",
            file=target,
        )
    template = (content_dir() / "scaffold" / "school.yaml").read_text("utf-8")
    atomic_write(target, scaffold_text(template, nation).encode())
    note = directory / "assets" / "README.txt"
    if not note.exists():
        atomic_write(note, ASSETS_NOTE.encode())
    return target


def scaffold_text(template: str, nation: str) -> str:
    """The scaffold with ``nation``'s role titles and contacts (from its
    profile in ``content/nations/``)."""
    import yaml

    profile = yaml.safe_load(
        (content_dir() / "nations" / f"{nation}.yaml").read_text("utf-8")
    )
    roles, labels = profile["roles"], profile["contact_labels"]
    said = {"head": profile["words"]["head"], "chair": profile["words"]["chair"]}
    words = {
        **WORDS[nation],
        **said,
        "nation": nation,
        "nation_pad": " " * (20 - len(nation)),
        "dsl": roles["dsl"]["title"],
        "deputy": roles["deputy-dsl"]["title"],
        "children_services": labels["children_services"],
        "out_of_hours": labels["out_of_hours"],
        "lado": labels["lado"],
        "chair": CHAIR.format(**said) if nation != "scotland" else NO_CHAIR,
    }
    return Template(template).substitute(words)
