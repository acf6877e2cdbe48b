"""Whose bundles this computer takes: the one place that decides whether a bundle's signer
is trusted for its install and kind.

The reader asks ``decide`` after the manifest's signature is verified and before a byte of
the payload is unpacked; it reads the database and writes nothing. What it decides to
remember (a ward PC's key seen for the first time) is written by ``keep``, in the same
transaction as the import, so a bundle that fails any later check leaves no trace.

Today a ward PC's key is trusted on first use and must not change after; the advisor's and
the committee's keys come from the site policy (or are accepted on the Sync screen, by
``accept_sender``: for a bundle the inbox noted as waiting for its sender's key).
Enrolment replaces the first-use rule here and nowhere else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..storage.db import Database
from . import reader, state
from .keys import fingerprint, unb64
from .wire import BundleRejected

# Kinds sent by ward PCs, whose keys are many and learnt on first use.
FROM_WARD_PCS = ("reports", "acknowledgements")


@dataclass(frozen=True)
class Decision:
    """A signer found trustworthy; ``pin`` is what to remember once the import succeeds."""
    pin: dict | None = None


def decide(db: Database, manifest: dict) -> Decision:
    """Raise BundleRejected unless the signer may send this kind from this install."""
    kind, source = manifest["kind"], manifest["source"]
    signer, install, name = source["key"], source["install_id"], source.get("name", "")
    if kind in FROM_WARD_PCS:
        known = state.key_for_install(db, install)
        if known is None:
            other = state.key_owner(db, signer)
            if other is not None:
                raise BundleRejected(f"it claims to come from {name or install}, but is signed "
                                     "with a key this computer knows as another sender's "
                                     "(possible forgery)")
            return Decision(pin={"public_b64": signer, "purpose": "install",
                                 "source": "first use", "name": name, "install_id": install})
        if known["public_key"] != signer:
            raise BundleRejected(f"it claims to come from {name or install}, but is signed by "
                                 "a different key than before (possible forgery)")
        if known["blocked"]:
            raise BundleRejected(f"the sender {name} has been blocked on this computer")
        return Decision()
    purpose = state.PURPOSES[kind]
    if not state.trusted(db, signer, purpose):
        mark = fingerprint(unb64(signer))
        raise BundleRejected(
            f"it is signed by {name or 'an unknown sender'} with key {mark}, which is not the "
            f"{purpose}'s key this computer trusts. If that is right, IT adds it to the site "
            "policy (or accept it in Sync).", move=False, code=state.UNTRUSTED_SIGNER)
    return Decision()


def keep(db: Database, decision: Decision | None, now: dt.datetime) -> None:
    """Remember what ``decide`` learnt; call inside the import's transaction."""
    if decision is not None and decision.pin is not None:
        state.trust(db, now=now, **decision.pin)


# ------------------------------------------------------- a person accepts a key
TRUSTED = "trusted"
NOT_WAITING_FOR_A_KEY = "not_waiting_for_a_key"
NO_FOLDER = "no_folder"
UNREADABLE = "unreadable"


@dataclass(frozen=True)
class Answer:
    """What became of a request to trust a waiting bundle's sender: ``status`` for code to
    act on, ``message`` for the person."""
    status: str
    message: str


def accept_sender(db: Database, folders: dict, inbox_id: int,
                  now: dt.datetime | None = None) -> Answer:
    """Trust the key that signed a bundle waiting for it (from the Sync screen). Only a
    bundle noted as waiting for an unknown sender's key qualifies; its signature is checked
    again from the file, and nothing of its payload is read."""
    entry = db.query_one("SELECT * FROM inbox WHERE id = ?", (inbox_id,))
    purpose = state.PURPOSES.get((entry["kind"] or "") if entry else "")
    if entry is None or purpose is None or entry["code"] != state.UNTRUSTED_SIGNER:
        return Answer(NOT_WAITING_FOR_A_KEY, "Only a bundle waiting for an unknown sender's "
                                             "key can be trusted from here.")
    folder = (folders or {}).get(entry["folder"])
    if not folder:
        return Answer(NO_FOLDER, "That bundle's folder is no longer set; nothing was "
                                 "trusted.")
    try:
        path = Path(folder) / entry["file_name"]
        with open(path, "rb") as handle:
            opened = reader.open_envelope(handle, path.stat().st_size)
        key = opened.manifest["source"]["key"]
    except (OSError, BundleRejected, KeyError, TypeError):  # gone or damaged since
        return Answer(UNREADABLE, "That bundle can no longer be read; nothing was trusted.")
    state.trust(db, key, purpose, "accepted", name=entry["source_name"] or "", now=now)
    return Answer(TRUSTED, f"Trusted the {purpose} key {entry['signer']}. Syncing again.")
