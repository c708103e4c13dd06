"""Field types for the school file: phone numbers, colours, local files, web pages.

Each validator raises ``ValueError`` with wording a safeguarding lead understands;
:mod:`generator.validate.report` adds the file, line and column.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

import phonenumbers
from phonenumbers import shortnumberinfo
from pydantic import AfterValidator, BeforeValidator, ValidationInfo

from generator.load.confine import file_problem
from generator.render.images import image_problem, is_xml

# Ofcom keeps these ranges for drama and examples; they are never connected, and
# phonenumbers (rightly) calls them invalid. Example schools use them.
_FICTIONAL = re.compile(
    r"^(1632 96[01]\d{3}|7700 900\d{3}|20 7946 0\d{3}|"
    r"113 496 0\d{3}|114 496 0\d{3}|115 496 0\d{3}|"
    r"117 496 0\d{3}|118 496 0\d{3}|121 496 0\d{3}|"
    r"131 496 0\d{3}|141 496 0\d{3}|151 496 0\d{3}|"
    r"161 496 0\d{3}|191 498 0\d{3}|28 9649 6\d{3}|"
    r"29 2018 0\d{3}|808 157 0\d{3}|909 879 0\d{3})$"
)

IMAGE_SIGNATURES = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".svg": (),
}


def _text(value: object) -> object:
    """Numbers typed without quotes still reach the phone check as text."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


@lru_cache(maxsize=4096)
def format_phone(text: str, *, allow_short: bool = False) -> str:
    """A UK phone number in its standard grouping, e.g. ``01632 960123``."""
    example = "write it as you would dial it, e.g. 01632 960123"
    if not text.strip():
        raise ValueError(f"is empty — {example}")
    if not any(char.isdigit() for char in text):
        raise ValueError(f'"{text}" is not a phone number — {example}')
    _only_dialled_characters(text, example)
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        raise ValueError(f'"{text}" is not a phone number — {example}') from None
    if allow_short and shortnumberinfo.is_valid_short_number(number):
        return str(number.national_number)
    national = phonenumbers.format_number(
        number, phonenumbers.PhoneNumberFormat.NATIONAL
    )
    if phonenumbers.is_valid_number(number):
        if number.country_code != 44:
            return phonenumbers.format_number(
                number, phonenumbers.PhoneNumberFormat.INTERNATIONAL
            )
        return national
    if number.country_code == 44 and _FICTIONAL.match(national.removeprefix("0")):
        return national
    raise ValueError(f'"{text}" is not a UK phone number — {example}')


# What a person types for a number: ASCII digits, spaces, a leading +, brackets,
# hyphens, dots and slashes. Nothing else is read: phonenumbers would turn letters
# into keypad digits (``960OOO`` into 960666) and digits of other scripts into
# ASCII ones, printing a number nobody wrote.
_DIALLED = frozenset("0123456789 +()-./")


def _only_dialled_characters(text: str, example: str) -> None:
    import unicodedata

    for position, char in enumerate(text, start=1):
        if char in _DIALLED or unicodedata.category(char) == "Zs":
            continue
        if char.isalpha():
            what = f'the letter "{char}"'
            meant = {"o": "zero", "O": "zero", "l": "one", "I": "one", "S": "five"}
            if char in meant:
                what += f" (a {meant[char]}?)"
        elif char.isdigit():
            what = f'"{char}", a digit from another script ({_char_name(char)})'
        elif char.isprintable() and not char.isspace():
            what = f'"{char}"'
        else:
            what = f"an invisible character ({_char_name(char)})"
        raise ValueError(
            f"has {what} at character {position} — a phone number is digits only; "
            f"{example}"
        )


def _char_name(char: str) -> str:
    import unicodedata

    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed').lower()}"


def _phone(value: str) -> str:
    return format_phone(value)


def _short_phone(value: str) -> str:
    return format_phone(value, allow_short=True)


def _colour(value: str) -> str:
    if not re.fullmatch(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})", value):
        raise ValueError(
            f'"{value}" is not a colour — write it as a hex code in quotes, '
            'e.g. "#1d3c78"'
        )
    if len(value) == 4:
        value = "#" + "".join(c * 2 for c in value[1:])
    return value.lower()


# The longest web address taken: one a phone can still read as a QR code
# from a poster on a wall (and longer than any real page's address).
MAX_WEB = 300


def _web(value: str) -> str:
    if len(value) > MAX_WEB:
        raise ValueError(
            f"is {len(value)} characters long — too long for a QR code a phone "
            f"can read; give a shorter address (at most {MAX_WEB} characters), "
            "e.g. the school's safeguarding page"
        )
    scheme, found, rest = value.partition("://")
    candidate = f"{scheme.lower()}://{rest}" if found else f"https://{value}"
    try:
        parts = urlsplit(candidate)
        host, _ = parts.hostname or "", parts.port
    except ValueError:
        host = ""
    if not candidate.startswith(("http://", "https://")) or "." not in host:
        raise ValueError(
            f'"{value}" is not a web address — write it like '
            "https://yourschool.sch.uk/safeguarding"
        )
    return candidate


def _web_as_typed(value: str) -> str:
    """A web address checked as :func:`_web` checks it, printed as typed
    (``childline.org.uk``, without ``https://``)."""
    _web(value)
    return value


def _local_file(value: object, info: ValidationInfo) -> Path:
    """A file inside the school's folder: relative, existing, a PNG, JPEG or SVG."""
    if not isinstance(value, str):
        raise ValueError("write the path to a file, e.g. assets/photo.jpg")
    base: Path = (info.context or {})["base"]
    hint = "give a path inside the school's folder, e.g. assets/logo.svg"
    if "://" in value or value.startswith(("/", "\\", "~")) or ":" in value[:3]:
        raise ValueError(f'"{value}" must be a file beside the school file — {hint}')
    try:
        path = (base / value).resolve()
        inside = path.is_relative_to(base.resolve())
        exists, folder = path.exists(), path.is_dir()
    except (OSError, ValueError, RuntimeError) as exc:
        reason = getattr(exc, "strerror", None) or "not a usable file name"
        raise ValueError(f'"{value}" cannot be read ({reason}) — {hint}') from None
    if not inside:
        raise ValueError(f'"{value}" points outside the school\'s folder — {hint}')
    if not exists or folder:
        if folder:
            raise ValueError(f'"{value}" is a folder, not a file — {hint}')
        close = _close_file(path, value)
        if close:
            raise ValueError(f'"{value}" does not exist — did you mean "{close}"?')
        raise ValueError(f'"{value}" does not exist — {hint}')
    problem = file_problem(base / value, base)
    if problem:
        raise ValueError(f'"{value}" {problem}')
    suffix = path.suffix.lower()
    if suffix not in IMAGE_SIGNATURES:
        raise ValueError(f'"{value}" is not a PNG, JPEG or SVG image — save it as one')
    _check_signature(path, value, suffix)
    problem = image_problem(path)
    if problem:
        raise ValueError(f'"{value}" {problem}')
    return path


def _close_file(path: Path, value: str) -> str | None:
    """The file beside the one named that was most likely meant (the same
    name in other capitals or with another ending, or a name one slip away),
    written as the school file would name it."""
    try:
        names = sorted(p.name for p in path.parent.iterdir() if p.is_file())
    except OSError:
        return None
    lowered = {name.lower(): name for name in names}
    stem = path.stem.lower()
    same = [n for n in names if Path(n).stem.lower() == stem]
    if path.name.lower() in lowered:
        found: str | None = lowered[path.name.lower()]
    elif same:
        found = same[0]
    else:
        close = difflib.get_close_matches(path.name, names, n=1, cutoff=0.75)
        found = close[0] if close else None
    if found is None:
        return None
    folder = value.replace("\\", "/").rpartition("/")[0]
    return f"{folder}/{found}" if folder else found


def _check_signature(path: Path, value: str, suffix: str) -> None:
    """A PNG or JPEG must begin as one; an SVG may be in any encoding, and is
    parsed as what it is (see :mod:`generator.render.images`)."""
    signatures = IMAGE_SIGNATURES[suffix]
    if signatures:
        with path.open("rb") as handle:
            ok = handle.read(16).startswith(signatures)
    else:
        ok = is_xml(path.read_bytes())
    if not ok:
        raise ValueError(
            f'"{value}" is not really a {suffix[1:].upper()} file — '
            "open it and save it again as PNG, JPEG or SVG"
        )


MONTHS = (
    *("January", "February", "March", "April", "May", "June", "July"),
    *("August", "September", "October", "November", "December"),
)
_DAY_FIRST = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_YEAR_FIRST = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def day_of(year: int, month: int, day: int, text: str) -> dt.date:
    """The date, or why there is none: a month or day that no calendar has."""
    if not 1 <= month <= 12:
        raise ValueError(
            f'"{text}" is not a date: there is no month {month} — write it as '
            "YYYY-MM-DD or DD/MM/YYYY, e.g. 2026-09-01 or 01/09/2026"
        )
    try:
        return dt.date(year, month, day)
    except ValueError:
        last = calendar.monthrange(year, month)[1]
        raise ValueError(
            f'"{text}" is not a date: no such day ({MONTHS[month - 1]} {year} has '
            f"{last} days) — check the day and the month"
        ) from None


def read_date(value: object) -> object:
    """A date as a UK reader writes it (25/11/2026) or as YAML does
    (2026-11-25); a day no calendar has is named as such."""
    if isinstance(value, str):
        text = value.strip()
        if found := _DAY_FIRST.fullmatch(text):
            day, month, year = (int(part) for part in found.groups())
            return day_of(year, month, day, text)
        if found := _YEAR_FIRST.fullmatch(text):
            year, month, day = (int(part) for part in found.groups())
            return day_of(year, month, day, text)
    return value


def blank_is_none(value: object) -> object:
    """An optional value left as ``""`` in the scaffold means "not given"."""
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _email(value: str) -> str:
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise ValueError(
            f'"{value}" is not an email address — write it like name@school.sch.uk'
        )
    return value


def _reference(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9-]{0,19}", value):
        raise ValueError(
            f'"{value}" is not a school reference — use up to 20 letters, digits '
            "and hyphens, e.g. the school's URN: 123456"
        )
    return value


Email = Annotated[str, AfterValidator(_email)]
Reference = Annotated[str, BeforeValidator(_text), AfterValidator(_reference)]
Phone = Annotated[str, BeforeValidator(_text), AfterValidator(_phone)]
ServicePhone = Annotated[str, BeforeValidator(_text), AfterValidator(_short_phone)]
Colour = Annotated[str, AfterValidator(_colour)]
WebAddress = Annotated[str, AfterValidator(_web)]
WebAsTyped = Annotated[str, AfterValidator(_web_as_typed)]
LocalFile = Annotated[Path, BeforeValidator(_local_file)]
Day = Annotated[dt.date, BeforeValidator(read_date)]
