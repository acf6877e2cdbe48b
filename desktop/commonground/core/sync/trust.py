"""Whose bundles this computer takes: the one place that decides whether a bundle's signer
is trusted for its install and kind.

The reader asks ``decide`` after the manifest's signature is verified and before a byte of
the payload is unpacked; it reads the database and writes nothing. What it decides to
remember (a ward PC's key enrolled by the site policy) is written by ``keep``, in the same
transaction as the import, so a bundle that fails any later check leaves no trace.

A ward PC is trusted only once enrolled: listed by IT in the advisor hub's site policy
(``enrolled``: its install id and fingerprint, as ``commonground keys show`` prints them),
or approved by the advisor on the Sync screen (``approve_pc``) after comparing the
fingerprint with the one on that PC's This computer screen. Until then its bundles wait
and are listed, and its key is never pinned: whoever writes first under a new install id
gains nothing. A new key for an enrolled install (a rotated key, or a forgery) waits the
same way; the old key stays valid until it is revoked. The advisor's and the committee's keys
come from the site policy (or are accepted on the Sync screen, by ``accept_sender``: for a
bundle the inbox noted as waiting for its sender's key). Each key does only its own job.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..storage.db import Database
from . import reader, state
from .keys import fingerprint, unb64
from .wire import BundleRejected

# Kinds sent by ward PCs, whose keys are many and enrolled one by one.
FROM_WARD_PCS = ("reports", "acknowledgements")


@dataclass(frozen=True)
class Decision:
    """A signer found trustworthy; ``pin`` is what to remember once the import succeeds."""
    pin: dict | None = None


def decide(db: Database, manifest: dict,
           enrolled: Iterable[tuple[str, str, str]] = ()) -> Decision:
    """Raise BundleRejected unless the signer may send this kind from this install.
    ``enrolled`` is the site policy's list of ward PCs: (install id, fingerprint, name)."""
    kind, source = manifest["kind"], manifest["source"]
    signer, install, name = source["key"], source["install_id"], source.get("name", "")
    if kind in FROM_WARD_PCS:
        return _ward_pc(db, signer, install, name, enrolled)
    purpose = state.PURPOSES[kind]
    if not state.trusted(db, signer, purpose):
        mark = fingerprint(unb64(signer))
        raise BundleRejected(
            f"it is signed by {name or 'an unknown sender'} with key {mark}, which is not the "
            f"{purpose}'s key this computer trusts. If that is right, IT adds it to the site "
            "policy (or accept it in Sync).", move=False, code=state.UNTRUSTED_SIGNER)
    return Decision()


def _ward_pc(db, signer: str, install: str, name: str, enrolled) -> Decision:
    mark = fingerprint(unb64(signer))
    who = name or install
    held = state.install_keys(db, install)
    for row in held:
        if row["public_key"] == signer:
            if row["blocked"]:
                raise BundleRejected(f"the sender {who} signed it with key {mark}, which has "
                                     "been revoked or replaced on this computer")
            return Decision()
    other = state.key_owner(db, signer)
    if other is not None:
        raise BundleRejected(f"it claims to come from {who}, but is signed with a key this "
                             "computer knows as another sender's (possible forgery)")
    if (install, mark, ) in {(entry[0], entry[1]) for entry in enrolled}:
        listed = next(entry[2] for entry in enrolled if entry[:2] == (install, mark))
        return Decision(pin={"public_b64": signer, "source": "policy", "install_id": install,
                             "name": listed or name})
    if any(not row["blocked"] for row in held):
        raise BundleRejected(
            f"it claims to come from {who}, but is signed by a different key than before "
            f"({mark}): a forgery, or that PC's key was replaced. It waits: approve the new "
            "key on the Sync screen only if it matches the fingerprint on that PC's This "
            "computer screen.", move=False, code=state.PENDING_KEY)
    raise BundleRejected(
        f"it comes from {who}, a computer not enrolled here (key {mark}). It waits until IT "
        "lists the PC in the site policy's \"enrolled\", or the advisor approves it on the "
        "Sync screen after comparing the fingerprint with the one on that PC's This "
        "computer screen.", move=False, code=state.PENDING_KEY)


def keep(db: Database, decision: Decision | None, now: dt.datetime) -> None:
    """Remember what ``decide`` learnt; call inside the import's transaction."""
    if decision is not None and decision.pin is not None:
        state.approve_install_key(db, now=now, **decision.pin)


# ------------------------------------------------------- a person accepts a key
TRUSTED = "trusted"
NOT_WAITING_FOR_A_KEY = "not_waiting_for_a_key"
NO_FOLDER = "no_folder"
UNREADABLE = "unreadable"
POLICY_ONLY = "policy_only"


@dataclass(frozen=True)
class Answer:
    """What became of a request to trust a waiting bundle's sender: ``status`` for code to
    act on, ``message`` for the person."""
    status: str
    message: str


def accept_sender(db: Database, folders: dict, inbox_id: int,
                  now: dt.datetime | None = None, role: str = "") -> Answer:
    """Trust the key that signed a bundle waiting for it (from the Sync screen). Only a
    bundle noted as waiting for an unknown sender's key qualifies; its signature is checked
    again from the file, and nothing of its payload is read. On a ward PC (``role``
    frontline) none does: its news and packs come only from the site policy's keys."""
    entry = db.query_one("SELECT * FROM inbox WHERE id = ?", (inbox_id,))
    purpose = state.PURPOSES.get((entry["kind"] or "") if entry else "")
    if entry is None or purpose is None or entry["code"] != state.UNTRUSTED_SIGNER:
        return Answer(NOT_WAITING_FOR_A_KEY, "Only a bundle waiting for an unknown sender's "
                                             "key can be trusted from here.")
    if role == "frontline":
        return Answer(POLICY_ONLY, f"A ward PC takes the {purpose}'s key only from the site "
                                   f"policy: if {entry['signer']} is right, ask IT to add it "
                                   "to the site policy. Nothing was trusted.")
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


# ------------------------------------------------------ the advisor approves a PC
APPROVED = "approved"
NOT_PENDING = "not_pending"


def approve_pc(db: Database, folders: dict, install: str, mark: str, by: str = "",
               now: dt.datetime | None = None) -> Answer:
    """Approve a ward PC's key waiting on this computer (the Sync screen's Approve, or
    ``commonground keys approve``): the key is read again from one of its waiting bundles
    and must have the fingerprint the person compared."""
    for entry in state.pending_bundles(db, install, mark):
        folder = (folders or {}).get(entry["folder"])
        if not folder:
            continue
        try:
            path = Path(folder) / entry["file_name"]
            with open(path, "rb") as handle:
                opened = reader.open_envelope(handle, path.stat().st_size)
            source = opened.manifest["source"]
            key = source["key"]
        except (OSError, BundleRejected, KeyError, TypeError):  # gone or damaged since
            continue
        if source.get("install_id") != install or fingerprint(unb64(key)) != mark:
            continue
        if state.key_owner(db, key) is not None:
            return Answer(NOT_PENDING, f"The key {mark} is already known on this computer; "
                                       "nothing was approved.")
        state.approve_install_key(db, key, install, entry["source_name"] or "",
                                  f"approved by {by}" if by else "approved", now=now)
        return Answer(APPROVED, f"Approved {entry['source_name'] or install} (key {mark}). "
                                "Syncing again.")
    return Answer(NOT_PENDING, f"No bundle from {install} signed with key {mark} waits here "
                               "any more; nothing was approved.")
