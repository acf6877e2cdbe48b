"""The shape of a record in a protocol pack, checked before anything of the pack is used:
a protocol, or a route of the committee's directory of who to contact."""

from __future__ import annotations

import hashlib
import re

from ..protocols.directory import check_record as check_contact_record

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_VERSION = re.compile(r"^\d+(?:\.\d+){0,3}$")
MAX_TEXT = 1_000_000


def check_pack_record(record: dict) -> str | None:
    if record.get("type") == "contact":
        return check_contact_record(record)
    if record.get("type") != "protocol":
        return f"unknown record type {str(record.get('type'))[:20]!r}"
    if set(record) - {"type", "id", "version", "text", "sha256"}:
        return "unexpected fields in a protocol record"
    if not isinstance(record.get("id"), str) or not _ID.match(record["id"]) \
            or len(record["id"]) > 80:
        return "a protocol id must be lower case letters, digits and hyphens"
    if not isinstance(record.get("version"), str) or not _VERSION.match(record["version"]):
        return "a protocol version must be dotted numbers such as 1.2"
    text = record.get("text")
    if not isinstance(text, str) or not text or len(text) > MAX_TEXT:
        return "a protocol needs its text (at most 1 MB)"
    if record.get("sha256") != hashlib.sha256(text.encode("utf-8")).hexdigest():
        return "a protocol's text does not match its fingerprint"
    return None
