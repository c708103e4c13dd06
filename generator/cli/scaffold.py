"""``safeprint new``: a commented school file for a safeguarding lead to fill in."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from string import Template

from generator.errors import SafeprintError
from generator.paths import content_dir
from generator.validate.describe import Described, by_path, example_text, plain
from generator.write.files import atomic_write

ASSETS_NOTE = """Put your school's logo and the team's photos here (PNG, JPEG or SVG),
then name them in school.yaml, e.g.  photo: assets/khan.jpg
Photos are printed in a circle: a head-and-shoulders picture works best.
"""


NATIONS = ("england", "wales", "scotland", "northern-ireland")
# Examples, in each nation's words, of the contacts the file asks for: the
# model's own examples are England's.
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
NATION_EXAMPLES = {
    ("local_contacts", "children_services", "name"): "children_example",
    ("local_contacts", "lado", "name"): "lado_example",
}


CHAIR = """\
  # Optional (delete the block to leave it out): the {chair}.
  chair_of_governors:
    name: ""
    email: ""
    title: ""
"""
# Scottish state schools have no governing body: the education authority
# hears worries about the headteacher.
NO_CHAIR = """\
  # (No chair_of_governors: worries about the headteacher go to the education
  # authority, under local_contacts: lado: below.)
"""
# Where a field's comment starts, and how long a line may be; a comment that
# takes more than MOST_BESIDE lines beside its field goes on the lines above.
COMMENT_AT = 31
WIDTH = 88
MOST_BESIDE = 3
# Holds an example's words together on one line of a comment.
KEEP = "\u00a0"
# A field's line: its indentation, a # if it is left out, a list's dash, its
# key and its value.
KEY_LINE = re.compile(
    r"^(?P<indent> *)(?P<hash># +)?(?P<dash>- )?(?P<key>[a-z][a-z_-]*):(?P<value>.*)$"
)


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
        "dsl": roles["dsl"]["title"],
        "deputy": roles["deputy-dsl"]["title"],
        "children_services": labels["children_services"],
        "out_of_hours": labels["out_of_hours"],
        "lado": labels["lado"],
        "chair": CHAIR.format(**said) if nation != "scotland" else NO_CHAIR,
    }
    filled = Template(template).substitute(words)
    examples = {path: WORDS[nation][word] for path, word in NATION_EXAMPLES.items()}
    return commented(filled, examples)


def commented(text: str, examples: dict[tuple[str, ...], str]) -> str:
    """``text`` with each field's line commented from the school file's
    model: what the field is, and an example where it is left to fill in
    (``examples`` in place of the model's)."""
    described = by_path()
    out: list[str] = []
    keys: list[tuple[int, str]] = []  # the path to the line, by indentation
    for line in text.splitlines():
        found = KEY_LINE.match(line)
        if not found:
            out.append(line)
            continue
        indent = len(found["indent"]) + len(found["hash"] or "# ") - 2
        indent += len(found["dash"] or "")
        while keys and keys[-1][0] >= indent:
            keys.pop()
        keys.append((indent, found["key"]))
        path = tuple(key for _, key in keys)
        if path not in described:
            raise ValueError(f"the scaffold names {'.'.join(path)}, not a field")
        value = found["value"].strip()
        if re.search(r"\s#", value):
            raise ValueError(f"{line.strip()}: its comment is made from the model")
        words = comment(described[path], value, bool(found["hash"]), examples)
        out += placed(line, words, len(found["indent"]) + len(found["dash"] or ""))
    return "\n".join(out) + "\n"


def placed(line: str, words: str, indent: int) -> list[str]:
    """``line`` with ``words`` as its comment: beside it, on up to
    :data:`MOST_BESIDE` lines, or else as a sentence on the lines above."""
    at = max(COMMENT_AT, len(line) + 2)
    beside = [
        part.replace(KEEP, " ")
        for part in textwrap.wrap(words, WIDTH - at - 2, break_on_hyphens=False)
    ]
    if len(beside) <= MOST_BESIDE:
        first, *rest = beside
        return [f"{line:<{at}}# {first}", *(f"{'':<{at}}# {more}" for more in rest)]
    sentence = words[:1].upper() + words[1:] + "."
    margin = " " * indent + "# "
    wrapped = textwrap.wrap(
        sentence,
        WIDTH,
        initial_indent=margin,
        subsequent_indent=margin,
        break_on_hyphens=False,
    )
    return [*(part.replace(KEEP, " ") for part in wrapped), line]


def comment(
    field: Described, value: str, left_out: bool, examples: dict[tuple[str, ...], str]
) -> str:
    """What the scaffold says beside a field written as ``value`` (``left_out``
    if commented out): its description, "optional" where it may be left out,
    and the words it may be or, where it is to be filled in, an example."""
    words = field.description.rstrip(".")
    first = words.split(" ", 1)[0]
    if first[1:] == first[1:].lower():  # not an acronym (URN)
        words = words[:1].lower() + words[1:]
    if (left_out or value == '""') and not field.required:
        words = f"optional: {words}"
    example = examples.get(field.path)
    if example is None and field.examples and plain(field.examples[0]):
        example = example_text(field.examples[0])
    if field.choices:
        words += ": " + " | ".join(field.choices)
    elif value == '""' and example:
        words += ", e.g. " + example.replace(" ", KEEP)
    return words
