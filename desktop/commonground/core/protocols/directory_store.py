"""Where the directory of duty routes lives: the committee's kept list and the copy the
last protocol pack carried.

The committee keeps ``contact_routes`` (added, changed, confirmed, removed on its install).
Every PC keeps ``pack_contacts``, the directory the last installed pack carried, replaced
whole by each pack that carries one. A PC shows its own kept list if it has one (the
committee sees what it is editing), otherwise the pack's.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from ..errors import UserError
from ..storage.db import Database
from ..timeutil import iso, now_local
from .directory import FIELDS, Route, RouteError, check, check_routes, new_id

_COLUMNS = ", ".join(FIELDS)


class DirectoryError(UserError, ValueError):
    """A change to the directory that was not made; the message says why."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.field = field


def _route(row: sqlite3.Row) -> Route:
    return Route(**{name: row[name] for name in FIELDS if name != "confirmed"},
                 confirmed=dt.date.fromisoformat(row["confirmed"]))


def _order(routes: list[Route]) -> list[Route]:
    return sorted(routes, key=lambda r: (r.organisation.casefold(), r.role.casefold(), r.id))


def kept_routes(db_or_conn) -> list[Route]:
    """The committee's own directory (empty on any other install)."""
    rows = db_or_conn.execute(f"SELECT {_COLUMNS} FROM contact_routes").fetchall() \
        if isinstance(db_or_conn, sqlite3.Connection) \
        else db_or_conn.query(f"SELECT {_COLUMNS} FROM contact_routes")
    return _order([_route(row) for row in rows])


def pack_routes(db_or_conn) -> list[Route]:
    """The directory the last installed protocol pack carried."""
    sql = f"SELECT {_COLUMNS} FROM pack_contacts"
    rows = db_or_conn.execute(sql).fetchall() if isinstance(db_or_conn, sqlite3.Connection) \
        else db_or_conn.query(sql)
    return _order([_route(row) for row in rows])


def shown_routes(db: Database) -> tuple[list[Route], str]:
    """The directory this computer shows, and where it came from ("kept", "pack" or "")."""
    kept = kept_routes(db)
    if kept:
        return kept, "kept"
    from_pack = pack_routes(db)
    return from_pack, "pack" if from_pack else ""


def pack_version_of_directory(db: Database) -> str | None:
    row = db.query_one("SELECT pack_version FROM pack_contacts LIMIT 1")
    return row["pack_version"] if row else None


def stale_routes(routes: list[Route], today: dt.date) -> list[Route]:
    return [route for route in routes if route.stale(today)]


def save_route(db: Database, values: dict, known_keys=None, today: dt.date | None = None,
               now: dt.datetime | None = None) -> Route:
    """Add a route (no ``id``) or change one (its ``id``); one transaction. Raises
    DirectoryError naming the box to correct; nothing is changed then."""
    today = today or dt.date.today()
    values = dict(values)
    values.setdefault("confirmed", today.isoformat())
    adding = not values.get("id")
    if adding:
        values["id"] = new_id()
    try:
        route = check(values, known_keys, today)
    except RouteError as exc:
        raise DirectoryError(str(exc), exc.field) from None
    with db.transaction() as conn:
        if not adding and conn.execute("SELECT 1 FROM contact_routes WHERE id = ?",
                                       (route.id,)).fetchone() is None:
            raise DirectoryError("That route is no longer in the directory.")
        others = [r for r in kept_routes(conn) if r.id != route.id]
        problem = check_routes(others + [route])
        if problem:
            raise DirectoryError(f"Not saved: {problem}. Each placeholder is filled by one "
                                 "route.", "fills")
        record = route.wire()
        conn.execute(
            f"INSERT INTO contact_routes({_COLUMNS}, updated_at) VALUES "
            f"({', '.join('?' * len(FIELDS))}, ?) ON CONFLICT(id) DO UPDATE SET "
            + ", ".join(f"{name} = excluded.{name}" for name in FIELDS[1:])
            + ", updated_at = excluded.updated_at",
            (*(record[name] for name in FIELDS), iso(now or now_local())))
    return route


def confirm_route(db: Database, route_id: str, on: dt.date | None = None,
                  now: dt.datetime | None = None) -> Route:
    """Record that the route was checked and still works (today, or ``on``)."""
    on = on or dt.date.today()
    if on > dt.date.today() + dt.timedelta(days=1):
        raise DirectoryError("The day it was confirmed is in the future.", "confirmed")
    with db.transaction() as conn:
        updated = conn.execute("UPDATE contact_routes SET confirmed = ?, updated_at = ? "
                               "WHERE id = ?", (on.isoformat(), iso(now or now_local()),
                                                route_id)).rowcount
        if not updated:
            raise DirectoryError(f"There is no route {route_id} in the directory.")
        row = conn.execute(f"SELECT {_COLUMNS} FROM contact_routes WHERE id = ?",
                           (route_id,)).fetchone()
    return _route(row)


def remove_route(db: Database, route_id: str) -> None:
    with db.transaction() as conn:
        if not conn.execute("DELETE FROM contact_routes WHERE id = ?", (route_id,)).rowcount:
            raise DirectoryError(f"There is no route {route_id} in the directory.")


def find_route(db: Database, prefix: str) -> Route:
    """A kept route by its id or the start of it (as `contacts list` prints)."""
    prefix = (prefix or "").strip().lower()
    found = [route for route in kept_routes(db) if prefix and route.id.startswith(prefix)]
    if len(found) != 1:
        raise DirectoryError(f"No single route's id starts with '{prefix}'." if not found
                             else f"More than one route's id starts with '{prefix}'; give "
                                  "more of it.")
    return found[0]


def records_for_pack(db: Database) -> list[dict]:
    """The committee's directory as a protocol pack carries it."""
    return [route.wire() for route in kept_routes(db)]


def install_from_pack(conn: sqlite3.Connection, routes: list[Route], pack_version: str,
                      when: str) -> bool:
    """Replace this computer's copy of the directory with a pack's, inside the pack's own
    transaction; return whether it changed."""
    before = {route.wire()["id"]: route.wire() for route in pack_routes(conn)}
    after = {route.id: route.wire() for route in routes}
    if before == after:
        return False
    conn.execute("DELETE FROM pack_contacts")
    for route in routes:
        record = route.wire()
        conn.execute(f"INSERT INTO pack_contacts({_COLUMNS}, pack_version, installed_at) "
                     f"VALUES ({', '.join('?' * len(FIELDS))}, ?, ?)",
                     (*(record[name] for name in FIELDS), pack_version, when))
    return True


def same_as_installed(conn: sqlite3.Connection, routes: list[Route]) -> bool:
    return {r.id: r.wire() for r in pack_routes(conn)} == {r.id: r.wire() for r in routes}


def by_placeholder(routes: list[Route]) -> dict[str, Route]:
    return {route.fills: route for route in routes if route.fills}
