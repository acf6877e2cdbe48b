"""Every site policy value, checked: its type, its shape and its bounds, one key at a time.

A policy source (a JSON file, the registry) becomes a flat map of keys such as ``role``,
``folders.upward`` or ``contacts.aa_scheme_phone`` to clean values, and a list of
problems. A value of the wrong type or shape is named with its key and why, and left out;
the rest of the source is still used. Nothing here raises for any input: the JSON reader
bounds nesting, numbers and size before Python's parser sees the text.

The keys, their types and their registry values are listed in ``installer/policy-schema.md``
(``KEYS`` below is the one list; a test holds the document and the ADMX template to it).
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from dataclasses import dataclass

from .core.staff import AGENCY_CODES, ROLE_CODES, STAFF_ROLES
from .policy_json import (  # noqa: F401  (re-exported for callers)
    MAX_DEPTH,
    MAX_NUMBER_DIGITS,
    Duplicated,
    _Odd,
    load_document,
    nesting_depth,
    printable,
    read_json,
)

SCHEMA_VERSION = 1
ROLES = ("frontline", "advisor", "committee")
MAX_POLICY_BYTES = 1_000_000
MAX_TEXT = 1000
MAX_LIST = 500
FOLDERS = ("upward", "downward", "committee", "protocols")
KEY_NAMES = ("advisor_encryption", "advisor_signing", "committee_signing")
RETENTION_WORDS = ("reference", "dates", "type", "status", "messages", "place")


@dataclass(frozen=True)
class Key:
    """One policy key: how it is written in a file and in the registry."""

    name: str            # "role", "folders.upward", "contacts" (a family: contacts.<name>)
    kind: str            # text, role, folder, path, key, sites, contacts, enrolled,
    #                      retention, int, bool, agency, staff_role
    registry: str        # REG_SZ, REG_DWORD, or "REG_SZ (JSON)"
    low: int = 0
    high: int = 0
    protected: bool = False  # only a machine policy may set it, where one exists


KEYS: tuple[Key, ...] = (
    Key("role", "role", "REG_SZ", protected=True),
    Key("site", "text", "REG_SZ"),
    Key("sites", "sites", "REG_SZ (JSON)"),
    *(Key(f"folders.{name}", "folder", "REG_SZ", protected=True) for name in FOLDERS),
    *(Key(f"keys.{name}", "key", "REG_SZ", protected=True) for name in KEY_NAMES),
    Key("contacts", "contacts", "REG_SZ (JSON)"),
    # The ward PCs the advisor hub takes reports from: who may send is the machine's say.
    Key("enrolled", "enrolled", "REG_SZ (JSON)", protected=True),
    Key("retention.keep_after_receipt", "retention", "REG_SZ", protected=True),
    Key("data_dir", "path", "REG_SZ", protected=True),
    Key("cctv_retention_days", "int", "REG_DWORD", 1, 3650),
    Key("suppress_small_counts", "bool", "REG_DWORD", protected=True),
    Key("small_count_threshold", "int", "REG_DWORD", 1, 100, protected=True),
    Key("notice_working_days", "int", "REG_DWORD", 0, 30),
    # The PC's Windows logins are shared (a ward login): no reporter's name is remembered.
    Key("shared_login", "bool", "REG_DWORD"),
    # Who this PC's readers usually are, offered when they confirm reading a protocol
    # (codes from core/staff.py; the reader can choose another).
    Key("agency", "agency", "REG_SZ"),
    Key("staff_role", "staff_role", "REG_SZ"),
    # A site's own question file for the "Does this need police?" aid: it changes what the
    # aid asks and answers, so only the machine policy may set it where there is one.
    Key("police_need_file", "path", "REG_SZ", protected=True),
)
BY_NAME = {key.name: key for key in KEYS}
NESTED = {"folders": FOLDERS, "keys": KEY_NAMES, "retention": ("keep_after_receipt",)}


def is_protected(flat_key: str) -> bool:
    key = BY_NAME.get(flat_key) or BY_NAME.get(flat_key.split(".")[0])
    return bool(key and key.protected)


def describe(value) -> str:
    """What a value is, in a few words, whatever its size or depth."""
    if isinstance(value, _Odd):
        return value.what
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return printable(repr(value), 20)
    if isinstance(value, str):
        return f"the text '{printable(value, 40)}'" if len(value) <= 1000 \
            else f"a text of {len(value):,} characters"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object { ... }"
    return "a value of another kind"


# --------------------------------------------------------------------------- the checks

class Checked:
    """The clean values and the problems of one source."""

    def __init__(self):
        self.values: dict[str, object] = {}
        self.problems: list[tuple[str, str]] = []

    def problem(self, key: str, message: str) -> None:
        self.problems.append((key, message))


def looks_absolute(value: str) -> bool:
    """A full path on Windows or elsewhere, or one that starts with a %VARIABLE%."""
    if value.startswith(("\\\\", "//", "%", "/", "$")):
        return True
    return len(value) >= 3 and value[0].isalpha() and value[1] == ":" and value[2] in "\\/"


def _text(value, limit: int = MAX_TEXT) -> tuple[str | None, str | None]:
    if not isinstance(value, str):
        return None, f"must be a text, not {describe(value)}"
    value = value.strip()
    if not value:
        return None, "must be a non-empty text"
    if len(value) > limit:
        return None, f"must be at most {limit:,} characters, not {len(value):,}"
    if not value.isprintable():
        return None, f"must not hold control characters ('{printable(value)}')"
    return value, None


def check_value(key: Key, value, flat: str) -> tuple[object, str | None]:
    """(the clean value, None) or (None, why not)."""
    kind = key.kind
    if kind in ("agency", "staff_role"):
        codes = AGENCY_CODES if kind == "agency" else ROLE_CODES
        if not isinstance(value, str) or value.strip() not in codes:
            listed = (sorted(codes) if kind == "agency"
                      else [code for code, _label, _agency in STAFF_ROLES])
            return None, f"must be one of {', '.join(listed)}, not {describe(value)}"
        return value.strip(), None
    if kind in ("text", "role", "folder", "path", "retention"):
        text, why = _text(value)
        if why:
            return None, why
        if kind == "role" and text.lower() not in ROLES:
            return None, f"must be one of {', '.join(ROLES)}, not '{printable(text)}'"
        if kind in ("folder", "path") and not looks_absolute(text):
            return None, (f"must be a full folder path such as \\\\server\\share\\commonground "
                          f"or D:\\CommonGround, not '{printable(text)}'")
        if kind == "retention":
            words = [word.strip() for word in text.split(",") if word.strip()]
            unknown = [word for word in words if word not in RETENTION_WORDS]
            if unknown or not words:
                return None, (f"must be words from {', '.join(RETENTION_WORDS)}, separated by "
                              f"commas, not '{printable(text)}'")
        return (text.lower() if kind == "role" else text), None
    if kind == "key":
        if not isinstance(value, str):
            return None, f"must be a key as `commonground keys show` prints it, not " \
                         f"{describe(value)}"
        try:
            raw = base64.b64decode(value.strip().encode("ascii"), validate=True)
        except (ValueError, binascii.Error):
            raw = b""
        if len(raw) != 32:
            return None, ("is not a Common Ground key (44 characters of letters, digits, + and "
                          "/, as `commonground keys show` prints it)")
        return value.strip(), None
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) \
                or not key.low <= value <= key.high:
            return None, f"must be a whole number from {key.low} to {key.high}, not " \
                         f"{describe(value)}"
        return value, None
    if kind == "bool":
        if not isinstance(value, bool):
            return None, f"must be true or false, not {describe(value)}"
        return value, None
    raise AssertionError(f"no check for {kind} ({flat})")  # pragma: no cover


# A site's police force area, and its NHS provider with its ICB (or its Welsh health
# board), as the national tables name them.
AREA_KEYS = ("police_force_area", "nhs_area")


def check_sites(value, out: Checked) -> None:
    if not isinstance(value, list) or len(value) > MAX_LIST:
        out.problem("sites", f"must be a list (of at most {MAX_LIST}) of "
                             f"{{\"name\": ..., \"wards\": [...]}}, not {describe(value)}")
        return
    sites = []
    for index, entry in enumerate(value):
        where = f"sites[{index}]"
        name, why = _text(entry.get("name") if isinstance(entry, dict) else None)
        if why:
            out.problem(where, "needs a \"name\" (text)")
            continue
        wards = entry.get("wards", [])
        clean_wards: list[str] = []
        if not isinstance(wards, list) or len(wards) > MAX_LIST:
            out.problem(f"{where}.wards", "must be a list of ward names")
        else:
            for ward in wards:
                text, why = _text(ward)
                if why:
                    out.problem(f"{where}.wards", "must be a list of ward names")
                    clean_wards = []
                    break
                clean_wards.append(text)
        areas = []
        for key in AREA_KEYS:      # optional: where the national tables count the site
            text, why = _text(entry.get(key, ""))
            if why and key in entry:
                out.problem(f"{where}.{key}", why)
            areas.append(text if not why else "")
        for extra in sorted(set(entry) - {"name", "wards", *AREA_KEYS}):
            out.problem(f"{where}.{printable(extra)}", "is not known here; ignored")
        sites.append((name, tuple(clean_wards), *areas))
    out.values["sites"] = tuple(sites)


_INSTALL_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_FINGERPRINT = re.compile(r"([0-9a-f]{4} ){4}[0-9a-f]{4}")


def check_enrolled(value, out: Checked) -> None:
    """The ward PCs enrolled with the advisor hub, as `commonground keys show` prints them:
    ``[{"install_id": ..., "fingerprint": "abcd ef01 ...", "name": ...}]``."""
    if not isinstance(value, list) or len(value) > 10 * MAX_LIST:
        out.problem("enrolled", f"must be a list (of at most {10 * MAX_LIST:,}) of "
                                "{\"install_id\": ..., \"fingerprint\": ...}, not "
                                f"{describe(value)}")
        return
    enrolled = []
    for index, entry in enumerate(value):
        where = f"enrolled[{index}]"
        if not isinstance(entry, dict):
            out.problem(where, "must be {\"install_id\": ..., \"fingerprint\": ...}")
            continue
        install = entry.get("install_id")
        mark = entry.get("fingerprint")
        if not isinstance(install, str) or not _INSTALL_ID.fullmatch(install.strip().lower()):
            out.problem(f"{where}.install_id", "must be an install id as `commonground keys "
                                               "show` prints it")
            continue
        if not isinstance(mark, str) or not _FINGERPRINT.fullmatch(mark.strip().lower()):
            out.problem(f"{where}.fingerprint", "must be a fingerprint as `commonground keys "
                                                "show` prints it (five groups of four)")
            continue
        name, why = _text(entry["name"], 200) if "name" in entry else ("", None)
        if why:
            out.problem(f"{where}.name", why)
        for extra in sorted(set(entry) - {"install_id", "fingerprint", "name"}):
            out.problem(f"{where}.{printable(extra)}", "is not known here; ignored")
        enrolled.append((install.strip().lower(), mark.strip().lower(), name or ""))
    out.values["enrolled"] = tuple(enrolled)


def check_contacts(value, out: Checked) -> None:
    if not isinstance(value, dict):
        out.problem("contacts", f"must be an object of names and texts, not {describe(value)}")
        return
    for name, item in list(value.items())[:MAX_LIST]:
        flat = f"contacts.{printable(name)}"
        if isinstance(item, (int, float)) and not isinstance(item, bool) \
                and math.isfinite(item):
            item = str(item)
        text, why = _text(item, 200) if isinstance(item, str) else \
            (None, f"must be a text or a number, not {describe(item)}")
        if why:
            out.problem(flat, why)
        elif not name.isprintable() or not name.strip() or len(name) > 100:
            out.problem(flat, "is not a contact name")
        else:
            out.values[f"contacts.{name}"] = text


def check_document(data) -> Checked:
    """A policy document (what a JSON file holds) as clean flat values and problems."""
    out = Checked()
    if isinstance(data, Duplicated):
        for name in dict.fromkeys(data.names):
            out.problem(printable(name), "is given more than once; the last one is used")
        data = data.value
    if not isinstance(data, dict):
        out.problem("", "the policy must hold a JSON object ({ ... })")
        return out
    schema = data.get("schema", SCHEMA_VERSION)
    if schema != SCHEMA_VERSION or isinstance(schema, bool):
        out.problem("schema", f"this version of Common Ground reads schema {SCHEMA_VERSION}, "
                              f"not {describe(schema)}")
    for name, value in data.items():
        if name == "schema":
            continue
        if name == "sites":
            check_sites(value, out)
        elif name == "enrolled":
            check_enrolled(value, out)
        elif name == "contacts":
            check_contacts(value, out)
        elif name in NESTED:
            if not isinstance(value, dict):
                out.problem(name, f"must be an object {{\"{NESTED[name][0]}\": ...}}, not "
                                  f"{describe(value)}")
                continue
            for sub, item in value.items():
                flat = f"{name}.{sub}"
                if flat not in BY_NAME:
                    out.problem(f"{name}.{printable(sub)}", "is not a setting this version "
                                                            "knows; ignored")
                    continue
                check_one(BY_NAME[flat], item, flat, out)
        elif name in BY_NAME:
            check_one(BY_NAME[name], value, name, out)
        else:
            out.problem(printable(name), "is not a setting this version knows; ignored")
    return out


def check_one(key: Key, value, flat: str, out: Checked) -> None:
    clean, why = check_value(key, value, flat)
    if why:
        out.problem(flat, why)
    else:
        out.values[flat] = clean
