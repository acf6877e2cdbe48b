"""The install's role: frontline, advisor hub or committee. Chosen once; changes recorded.

The site policy can preset the role (IT decides what a ward PC is); otherwise the first
person to start the app chooses. Every change is kept in ``role_history``.
"""

from __future__ import annotations

import datetime as dt

from .errors import UserError
from .storage.db import Database
from .timeutil import iso, now_local

ROLES = (
    ("frontline", "Frontline (ward PC or police laptop)"),
    ("advisor", "Advisor hub (the Trust's violence and prosecution advisor)"),
    ("committee", "Committee (Police Liaison Committee chair or secretary)"),
)
ROLE_NAMES = {"frontline": "Frontline", "advisor": "Advisor hub", "committee": "Committee"}


class RoleError(UserError, ValueError):
    pass


def current_role(db: Database) -> str | None:
    return db.get_setting("role")


def set_role(db: Database, role: str, changed_by: str, source: str,
             now: dt.datetime | None = None) -> bool:
    """Set the role; returns True if it changed. ``source``: 'first run', 'policy', ..."""
    if role not in dict(ROLES):
        raise RoleError(f"Unknown role {role!r}; it must be frontline, advisor or committee.")
    previous = current_role(db)
    if previous == role:
        return False
    with db.transaction() as conn:
        conn.execute("INSERT INTO settings(key, value) VALUES ('role', ?) ON CONFLICT(key) "
                     "DO UPDATE SET value = excluded.value", (role,))
        conn.execute("INSERT INTO role_history(at, role, previous, changed_by, source) "
                     "VALUES (?,?,?,?,?)", (iso(now or now_local()), role, previous,
                                            changed_by, source))
    return True


def history(db: Database) -> list[dict]:
    return [dict(row) for row in db.query("SELECT at, role, previous, changed_by, source "
                                          "FROM role_history ORDER BY id")]
