"""'I have read this version': who confirmed reading which version of a protocol, and when.

A shared ward PC has many readers under one login, so the reader types their name; the
last name typed under each login is offered next time. The reader also says their role and
agency, as codes from closed lists (core/staff.py), so the committee can count how far each
version has reached each kind of staff. The name stays on this computer (it answers "you
confirmed this on ..."); the role, agency, site and day travel up to the advisor hub and
from there, as counts by week, to the committee (see core/sync/outgoing.py).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import uuid as uuidlib
from dataclasses import dataclass

from .. import staff
from ..errors import UserError
from ..storage.db import Database
from ..timeutil import iso, now_local

MAX_NAME = 120
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_VERSION = re.compile(r"^\d+(?:\.\d+){0,3}$")


class AcknowledgementError(UserError, ValueError):
    """A confirmation that cannot be recorded; the message is written for the reader."""


@dataclass(frozen=True)
class Acknowledgement:
    uuid: str
    protocol_id: str
    version: str
    name: str
    at: str
    site: str
    source_install: str | None   # None: confirmed on this computer
    role: str = ""               # a code of staff.STAFF_ROLES; "" before it was asked
    agency: str = ""             # a code of staff.AGENCIES; "" likewise

    @property
    def when(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.at)


def check_name(name: str) -> str:
    """The name as typed, without spaces at either end; or a message saying what is wrong."""
    cleaned = (name or "").strip()
    if not cleaned:
        raise AcknowledgementError("Type your name, so this computer can show that you "
                                   "have read this version.")
    if len(cleaned) > MAX_NAME:
        raise AcknowledgementError(f"A name can be at most {MAX_NAME} characters long (this "
                                   f"one is {len(cleaned)}).")
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in cleaned):
        raise AcknowledgementError("A name cannot contain line breaks or other control "
                                   "characters.")
    return cleaned


def _same_person(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def check_role_agency(role: str, agency: str) -> None:
    """A role and an agency from the closed lists ("" for either: not said)."""
    if not staff.is_role(role):
        raise AcknowledgementError("Choose your role from the list.")
    if not staff.is_agency(agency):
        raise AcknowledgementError("Choose your agency from the list.")


def acknowledge(db: Database, protocol_id: str, version: str, name: str, site: str = "",
                now: dt.datetime | None = None, *, role: str = "",
                agency: str = "") -> Acknowledgement:
    """Record that ``name`` (a ``role`` of an ``agency``) has read this version on this
    computer.

    Confirming again (same protocol, version and name, in any capitals) changes nothing and
    returns the first confirmation.
    """
    if not _ID.match(protocol_id or "") or not _VERSION.match(version or ""):
        raise AcknowledgementError("This protocol has no valid id or version to confirm.")
    name = check_name(name)
    check_role_agency(role, agency)
    with db.transaction() as conn:
        for row in conn.execute("SELECT * FROM acknowledgements WHERE protocol_id = ? AND "
                                "version = ? AND source_install IS NULL ORDER BY id",
                                (protocol_id, version)).fetchall():
            if _same_person(row["name"], name):
                return _from_row(row)
        made = Acknowledgement(str(uuidlib.uuid4()), protocol_id, version, name,
                               iso(now or now_local()), (site or "").strip(), None, role,
                               agency)
        conn.execute("INSERT INTO acknowledgements(uuid, protocol_id, version, name, at, site, "
                     "source_install, role, agency) VALUES (?,?,?,?,?,?,NULL,?,?)",
                     (made.uuid, made.protocol_id, made.version, made.name, made.at, made.site,
                      made.role, made.agency))
    return made


def acknowledged(db: Database, protocol_id: str, version: str) -> list[Acknowledgement]:
    """Every confirmation of this version held here, oldest first (on a hub: from all PCs)."""
    rows = db.query("SELECT * FROM acknowledgements WHERE protocol_id = ? AND version = ? "
                    "ORDER BY at, id", (protocol_id, version))
    return [_from_row(row) for row in rows]


def confirmation(db: Database, protocol_id: str, version: str,
                 name: str) -> Acknowledgement | None:
    """This person's confirmation of this version on this computer, if they gave one."""
    if not name.strip():
        return None
    for ack in acknowledged(db, protocol_id, version):
        if ack.source_install is None and _same_person(ack.name, name):
            return ack
    return None


def _from_row(row) -> Acknowledgement:
    return Acknowledgement(row["uuid"], row["protocol_id"], row["version"], row["name"],
                           row["at"], row["site"], row["source_install"], row["role"],
                           row["agency"])


# ------------------------------------------------- the name last used on this login
def _name_key(login: str) -> str:
    return "acknowledgement_name:" + re.sub(r"\s+", " ", login or "unknown")


def remembered_name(db: Database, login: str, default: str = "") -> str:
    """The name typed last time under this login, or ``default`` (the screen passes the
    reporter name this login last used)."""
    return db.get_setting(_name_key(login)) or default


def remember_name(db: Database, login: str, name: str) -> None:
    db.set_setting(_name_key(login), check_name(name))
