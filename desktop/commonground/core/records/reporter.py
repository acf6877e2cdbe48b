"""Who this login said they were last time, per kind of record: a shared ward PC's form
starts with the reporter's name, role and contact already in it. And where this computer's
last record happened (``Field.this_pc``: site, ward, setting), which a ward PC's next one
starts with whoever reports."""

from __future__ import annotations

import json

from ..storage.db import Database
from . import kinds as rk


def _reporter_setting(login: str, kind: str) -> str:
    return f"reporter:{login}" if kind == rk.DEFAULT else f"reporter:{kind}:{login}"


def remembered_reporter(db: Database, login: str, kind: str = rk.DEFAULT) -> dict:
    """Who this login said they were last time, for this kind of record."""
    raw = db.get_setting(_reporter_setting(login, kind))
    try:
        found = json.loads(raw) if raw else {}
    except ValueError:
        found = {}
    keys = rk.KINDS[kind].reporter_keys if rk.is_known(kind) else ()
    return {key: str(found.get(key, "")) for key in keys if found.get(key)}


def remember_reporter(db: Database, login: str, data: dict, shared: bool = False) -> None:
    """Keep who reported for this login's next record; on a ``shared`` login (the site
    policy's ``shared_login``) keep nobody, and forget whoever was kept before."""
    kind = rk.kind_of(data)
    if shared:
        if db.get_setting(_reporter_setting(login, kind.key)):
            db.set_setting(_reporter_setting(login, kind.key), "")
        return
    details = {key: str(data.get(key) or "").strip() for key in kind.reporter_keys}
    if details[kind.author_key]:
        db.set_setting(_reporter_setting(login, kind.key),
                       json.dumps(details, ensure_ascii=False))


def _place_setting(kind: str) -> str:
    return f"place:{kind}"


def remembered_place(db: Database, kind: str = rk.DEFAULT) -> dict:
    """The answers this computer's last record of the kind gave to its ``this_pc`` fields."""
    raw = db.get_setting(_place_setting(kind))
    try:
        found = json.loads(raw) if raw else {}
    except ValueError:
        found = {}
    keys = [key for key, spec in rk.KINDS[kind].fields.items() if spec.this_pc] \
        if rk.is_known(kind) else []
    return {key: str(found[key]) for key in keys
            if isinstance(found, dict) and isinstance(found.get(key), str) and found[key]}


def remember_place(db: Database, data: dict) -> None:
    kind = rk.kind_of(data)
    place = {key: str(data.get(key) or "").strip() for key, spec in kind.fields.items()
             if spec.this_pc}
    if any(place.values()):
        db.set_setting(_place_setting(kind.key), json.dumps(place, ensure_ascii=False))
