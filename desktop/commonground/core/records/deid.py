"""The words a kind uses to say what the committee may see of it: building a de-identified
record (a keyed pseudonym, days not times, codes from the form's own lists, a place only if
it is a listed one, whole numbers) and the exact shape such a record must have.

A shape is a whitelist, field by field: the committee's importer refuses any other field,
and any value a field may not hold, so nothing identifiable can slip through. A validator
says True (it fits), False (it does not), or a sentence saying what is wrong.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass
from typing import Callable

from ..textutil import whole_number
from ..timeutil import parse_time

Validator = Callable[[object], "bool | str"]


# ------------------------------------------------------------------ building
def pseudonym(secret: bytes, report_uuid: str) -> str:
    """A stable id the committee can count once and never link back (a keyed hash)."""
    return hmac.new(secret, report_uuid.encode(), hashlib.sha256).hexdigest()[:24]


def day(value) -> str | None:
    moment = parse_time(value) if isinstance(value, str) else None
    if moment:
        return moment.date().isoformat()
    try:
        return dt.date.fromisoformat(value).isoformat() if value else None
    except (TypeError, ValueError):
        return None


def code(choices, value) -> str | None:
    codes = {key for key, _ in choices}
    return value if value in codes else None


def codes(choices, values) -> list[str]:
    keys = [key for key, _ in choices]
    return [key for key in keys if key in (values or [])]


def place(value, listed: bool) -> str:
    """A place name only if it is one of the site policy's; anything typed is "Other"."""
    if not value:
        return ""
    return OTHER_PLACE if value == "other" or not listed else str(value)


def whole(value) -> int | None:
    """A whole number from a number or from digits 0-9 typed in a text field; else None
    ("²" and "١٢" pass str.isdigit; the record's own check refuses them)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    return whole_number(value)


# ---------------------------------------------------------------- validators
def one_of(choices) -> Validator:
    keys = {key for key, _ in choices}
    return lambda value: value is None or (isinstance(value, str) and value in keys)


def list_of(keys) -> Validator:
    keys = set(keys)
    return lambda value: isinstance(value, list) and \
        all(isinstance(item, str) and item in keys for item in value) and \
        len(set(value)) == len(value)


def whole_in(low: int, high: int) -> Validator:
    return lambda value: value is None or (isinstance(value, int) and
                                           not isinstance(value, bool) and low <= value <= high)


def is_day(value) -> bool:
    if value is None:
        return True
    try:
        return isinstance(value, str) and len(value) == 10 and \
            dt.date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def is_id(value) -> bool:
    return isinstance(value, str) and len(value) == 24 and \
        all(c in "0123456789abcdef" for c in value)


def is_bool(value) -> bool:
    return isinstance(value, bool)


def is_place(value) -> bool:
    return isinstance(value, str) and len(value) <= 120


def anything(value) -> bool:
    return True


OTHER_PLACE = "Other"


def off_the_list(record: dict, shape: Shape, places: frozenset[str]) -> str | None:
    """The first place field holding a name not on the signed list, in words that do not
    repeat it (the reason is kept, and the value may be a person's name)."""
    for key in shape.places:
        value = record.get(key)
        if value not in (None, "", OTHER_PLACE) and value not in places:
            return (f"'{key}' is not on the list of sites and wards the advisor hub signed "
                    "into this bundle")
    return None


@dataclass(frozen=True)
class Shape:
    """Every field a de-identified record of a kind has, and what each may hold.
    ``every_field``: a record missing one is refused (False only for a kind whose older
    exports may lack fields added since)."""
    fields: dict[str, Validator]
    every_field: bool = True
    # Fields naming a site or ward: besides their own check, the committee takes only a
    # name from the list the advisor hub signs into the bundle, "Other", or nothing.
    places: tuple[str, ...] = ()
    # Fields added since a kind was first released: a record from a sender not yet updated
    # may lack them (and is then counted as "not known" for them); every other is required.
    added: frozenset = frozenset()


def check(record: dict, shape: Shape) -> str | None:
    """What is wrong with a record for its shape, in words; None if nothing."""
    extra = set(record) - set(shape.fields)
    if extra:
        return f"unexpected fields {sorted(extra)}"
    missing = set(shape.fields) - set(record) - shape.added
    if missing and shape.every_field:
        return f"missing fields {sorted(missing)}"
    for key, fits in shape.fields.items():
        verdict = fits(record.get(key))
        if isinstance(verdict, str):
            return verdict
        if not verdict:
            return f"'{key}' holds something this version does not expect"
    return None
