"""National content and nation profiles, as every school starts from them:
read from ``content/`` once per process, and a school's (or a nation's)
``content:`` changes applied to them by id.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.errors import Problem, SafeprintError
from generator.load.reader import Loaded, load_file
from generator.paths import content_dir
from generator.validate.national import Content, NationProfile
from generator.validate.overrides import ContentOverrides
from generator.validate.report import problems_of, validate


def available_nations() -> list[str]:
    return sorted(p.stem for p in (content_dir() / "nations").glob("*.yaml"))


@cache
def national_content() -> Content:
    """The national content in ``content/national``, validated once per process."""
    merged: dict[str, Any] = {}
    owner: dict[str, Loaded] = {}
    for path in sorted((content_dir() / "national").glob("*.yaml")):
        loaded = load_file(path, ours=True)
        if not isinstance(loaded.data, dict):
            raise SafeprintError([loaded.problem((), "should be a mapping")])
        about = loaded.data.get("about")
        merged.setdefault("about", {})[path.stem] = about
        owner.setdefault("about", loaded)
        for key, value in loaded.data.items():
            if key != "about":
                merged[key], owner[key] = value, loaded
    try:
        return Content.model_validate(merged)
    except ValidationError as exc:
        problems = [
            p for err in exc.errors() for p in _content_problem(owner, exc, err)
        ]
        raise SafeprintError(problems) from None


def _content_problem(
    owner: dict[str, Loaded], exc: ValidationError, err: Any
) -> list[Problem]:
    first = str(err["loc"][0])
    loaded = owner.get(first) or next(iter(owner.values()))
    return [loaded.problem(err["loc"], str(err["msg"]))]


@cache
def load_nation(nation: str) -> NationProfile:
    return validate(_nation_file(nation), NationProfile)


def _nation_file(nation: str) -> Loaded:
    path = content_dir() / "nations" / f"{nation}.yaml"
    if not path.is_file():
        raise SafeprintError.single(
            f"the nation profile for {nation} is not available yet", file=path
        )
    return load_file(path, ours=True)


@cache
def nation_content(nation: str) -> Content:
    """National content as a nation's schools see it: the profile's own
    ``content:`` (another word for an allegations officer, say) applied by id."""
    problems: list[Problem] = []
    profile = load_nation(nation)
    content = apply_overrides(
        _nation_file(nation), profile.content, national_content(), problems
    )
    if problems:
        raise SafeprintError(problems)
    return content


def apply_overrides(
    loaded: Loaded,
    overrides: ContentOverrides | None,
    content: Content,
    problems: list[Problem],
) -> Content:
    """Entries in a ``content:`` section replace national ones by id, or add."""
    if overrides is None:
        return content
    changes: dict[str, list[BaseModel]] = {}
    for name in type(overrides).model_fields:
        entries = getattr(overrides, name)
        if entries:
            changes[name] = _merge(loaded, content, name, entries, problems)
    return content.model_copy(update=changes)


# Changing one of these fields of a national entry changes a fact: the school must
# say where its new fact comes from and when it was checked.
SOURCED = {"helplines": ("phone", "web", "email")}


def _merge(
    loaded: Loaded,
    content: Content,
    name: str,
    entries: list[dict],
    problems: list[Problem],
) -> list[BaseModel]:
    current: list[BaseModel] = list(getattr(content, name))
    model = type(current[0]) if current else None
    for i, entry in enumerate(entries):
        loc = ("content", name, i)
        if "id" not in entry or model is None:
            problems.append(
                loaded.problem(
                    loc,
                    "each entry needs an `id`: the id of "
                    "the national entry to change, or a new one",
                )
            )
            continue
        index = next((n for n, e in enumerate(current) if e.id == entry["id"]), None)  # type: ignore[attr-defined]
        base = current[index].model_dump() if index is not None else {}
        changed = [f for f in SOURCED.get(name, ()) if f in entry]
        if index is not None and changed and not {"source", "verified"} <= set(entry):
            message = (
                f"changing {', '.join(changed)} of {entry['id']} changes a "
                "fact — add `source` (title and url) and `verified` (the date "
                "you checked)"
            )
            problems.append(loaded.problem(loc, message))
            continue
        try:
            merged = model.model_validate(
                {**base, **entry}, context={"base": loaded.path.parent}
            )
        except ValidationError as exc:
            problems.extend(problems_of(loaded, model, exc, loc))
            continue
        if index is None:
            current.append(merged)
        else:
            current[index] = merged
    return current
