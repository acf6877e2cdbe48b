"""Who to contact: the committee's directory of duty routes.

A route is a duty line or shared mailbox, never a person's own mobile: a role, the
organisation that staffs it, a duty phone or shared mailbox (or both), the hours it is
answered, the deputy route when it is not, and the day someone last confirmed that it
still works. A route may fill one ``{{local:KEY}}`` placeholder in the protocols; the site
policy's value for that placeholder still wins where IT sets one.

The committee keeps the directory (``directory_store``); protocol packs carry it, signed,
to every PC (``sync/packs.py``). This module is the shape of a route, the one check used
for what a person types and for what a pack carries, and the words shown for it.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import uuid as _uuid
from dataclasses import asdict, dataclass

from ..errors import UserError

STALE_DAYS = 90          # a route not confirmed for longer than this says so
FIELDS = ("id", "fills", "role", "organisation", "phone", "mailbox", "hours", "deputy",
          "confirmed")
LIMITS = {"role": 120, "organisation": 120, "phone": 40, "mailbox": 120, "hours": 120,
          "deputy": 200}
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{5,38}$")
_MAILBOX = re.compile(r"^[^@\s<>\"]{1,64}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Route:
    id: str
    fills: str            # the placeholder key it fills, or ""
    role: str             # "Duty AMHP", "Mental health desk"
    organisation: str     # "Borough Council", "Police"
    phone: str            # a duty line, or ""
    mailbox: str          # a shared mailbox, or ""
    hours: str            # "Monday to Friday 9:00 to 17:00", "24 hours"
    deputy: str           # the route to use when this one is not answered, or ""
    confirmed: dt.date    # the day someone last checked it works

    def days_since_confirmed(self, today: dt.date) -> int:
        return (today - self.confirmed).days

    def stale(self, today: dt.date) -> bool:
        return self.days_since_confirmed(today) > STALE_DAYS

    def how(self) -> str:
        """The number or mailbox, as a reader dials or writes to it."""
        return " or ".join(part for part in (self.phone, self.mailbox) if part)

    def confirmed_text(self, today: dt.date) -> str:
        days = self.days_since_confirmed(today)
        if days > STALE_DAYS:
            return (f"NOT CONFIRMED FOR {days} DAYS (last {day_text(self.confirmed)}): "
                    "check it before relying on it")
        return f"confirmed {day_text(self.confirmed)}"

    def wire(self) -> dict:
        """The route as a protocol pack carries it."""
        record = asdict(self)
        record["confirmed"] = self.confirmed.isoformat()
        return {"type": "contact", **record}


def day_text(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%b %Y')}"


class RouteError(UserError, ValueError):
    """A route that cannot be kept; ``field`` says which box, the message what to fix."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def new_id() -> str:
    return str(_uuid.uuid4())


def check(values: dict, known_keys=None, today: dt.date | None = None) -> Route:
    """A route from what a person typed or a pack carries, or RouteError saying what is
    wrong. ``known_keys``: the placeholders a route may fill (None: any well-formed key)."""
    clean: dict[str, str] = {}
    for name in FIELDS:
        value = values.get(name, "")
        if not isinstance(value, str):
            raise RouteError(name, f"The {_name(name)} must be text.")
        value = value.strip()
        if _CONTROL.search(value):
            raise RouteError(name, f"The {_name(name)} has a control character in it.")
        limit = LIMITS.get(name, 80)
        if len(value) > limit:
            raise RouteError(name, f"The {_name(name)} is {len(value)} characters long; "
                                   f"at most {limit}.")
        clean[name] = value
    if not _ID.match(clean["id"]):
        raise RouteError("id", "The route has no valid identifier.")
    for name in ("role", "organisation", "hours"):
        if not clean[name]:
            raise RouteError(name, f"Say the {_name(name)}.")
    if not clean["phone"] and not clean["mailbox"]:
        raise RouteError("phone", "Give a duty phone number or a shared mailbox (or both).")
    if clean["phone"] and not _PHONE.match(clean["phone"]):
        raise RouteError("phone", "A duty phone number is digits, spaces and brackets, such "
                                  "as 03069 990100.")
    if clean["mailbox"] and not _MAILBOX.match(clean["mailbox"]):
        raise RouteError("mailbox", "A shared mailbox is an address such as "
                                    "amhp.duty@example.nhs.uk.")
    fills = clean["fills"]
    if fills and (not _KEY.match(fills) or (known_keys is not None
                                            and fills not in known_keys)):
        raise RouteError("fills", f"'{fills[:60]}' is not a placeholder the protocols use.")
    if not _DAY.match(clean["confirmed"]):
        raise RouteError("confirmed", "Say the day the route was last confirmed.")
    try:
        confirmed = dt.date.fromisoformat(clean["confirmed"])
    except ValueError:
        raise RouteError("confirmed", f"{clean['confirmed']} is not a date.") from None
    if today is not None and confirmed > today + dt.timedelta(days=1):
        raise RouteError("confirmed", "The day it was confirmed is in the future.")
    clean.pop("confirmed")
    return Route(confirmed=confirmed, **clean)


def check_record(record: object) -> str | None:
    """What is wrong with a route in a protocol pack, or None: never raises."""
    if not isinstance(record, dict) or record.get("type") != "contact":
        return "not a contact record"
    if set(record) != {"type", *FIELDS}:
        return "a contact record has missing or unexpected fields"
    try:
        check(record)
    except RouteError as exc:
        return f"a contact record is not valid: {exc}"
    return None


def check_routes(routes: list[Route]) -> str | None:
    """What is wrong with a directory as a whole (one route per placeholder), or None."""
    ids = [route.id for route in routes]
    if len(set(ids)) != len(ids):
        return "it lists the same route twice"
    fills = [route.fills for route in routes if route.fills]
    for key in fills:
        if fills.count(key) > 1:
            return f"two routes fill the placeholder '{key}'"
    return None


def _name(field: str) -> str:
    return {"fills": "placeholder", "mailbox": "shared mailbox", "phone": "duty phone",
            "confirmed": "day confirmed"}.get(field, field)


# ------------------------------------------------------------------ the words shown
def _escaped(text: str) -> str:
    """Text safe inside protocol markdown: no HTML, no markdown of its own."""
    text = html.escape(text, quote=False)
    return re.sub(r"([\\`*_{}\[\]()#+!|])", r"\\\1", text)


def placeholder_markdown(route: Route, today: dt.date) -> str:
    """What a protocol shows where the route fills a placeholder: the number, then whose
    it is, its hours, the deputy and when it was last confirmed."""
    about = [f"{route.role}, {route.organisation}", route.hours]
    if route.deputy:
        about.append(f"if no answer: {route.deputy}")
    about.append(route.confirmed_text(today))
    return f"**{_escaped(route.how())}** *({_escaped('; '.join(about))})*"


def summary_line(route: Route, today: dt.date) -> str:
    """One line for a list: role, organisation, number, hours, confirmed."""
    parts = [f"{route.role} ({route.organisation})", route.how(), route.hours]
    if route.deputy:
        parts.append(f"deputy: {route.deputy}")
    parts.append(route.confirmed_text(today))
    return " | ".join(parts)
