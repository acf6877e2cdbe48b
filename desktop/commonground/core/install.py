"""This install's identity: a random id made at first run, and a short tag from it.

The tag goes into report references (CG-2026-K7Q2-000123) so references from different
ward PCs never collide once reports travel to the advisor.
"""

from __future__ import annotations

import hashlib
import uuid

from .storage.db import Database

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read aloud on the phone


def install_id(db: Database) -> str:
    existing = db.get_setting("install_id")
    if existing:
        return existing
    new = str(uuid.uuid4())
    with db.transaction() as conn:
        conn.execute("INSERT OR IGNORE INTO settings(key, value) VALUES ('install_id', ?)",
                     (new,))
    return db.get_setting("install_id")


def install_tag(db: Database) -> str:
    digest = hashlib.sha256(install_id(db).encode()).digest()
    number = int.from_bytes(digest[:4], "big")
    tag = ""
    for _ in range(4):
        number, index = divmod(number, len(_ALPHABET))
        tag += _ALPHABET[index]
    return tag
