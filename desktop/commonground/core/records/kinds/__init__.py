"""The kinds of record made with the report form, and the one registry of them.

An incident report, a request for police assistance at a Mental Health Act assessment and a
section 136 episode share one machinery (drafts saved as you type, validation in words,
submission with a reference, the timeline, the PDF, sync to the advisor, de-identified
figures for the committee). Each kind is one package here exporting one ``KIND``
(``base.RecordKind``) that carries everything it brings; the form, the documents, sync,
the committee and the demo data loop over ``KINDS`` and never name a kind.

A record's kind travels inside its data as ``_kind``, so a draft, a bundle and an imported
copy all say what they are. Absent means the default kind, an incident report, as every
report made before kinds existed. Kind keys, wire names and committee table names are
stored and sent: they are frozen, whatever the code around them becomes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ...textutil import whole_number
from . import assistance, incident, s136, thanks
from .base import (
    Codes,
    Committee,
    Dashboard,
    Demo,
    Fictional,
    FormNote,
    Outcome,
    Quotes,
    RecordKind,
    Span,
    Timing,
    Words,
    typed_text,
)

__all__ = ["KIND_KEY", "KINDS", "DEFAULT", "Codes", "Committee", "Dashboard", "Demo",
           "Fictional", "FormNote", "Outcome", "Quotes", "RecordKind", "Rules", "Span",
           "Timing", "Words",
           "by_wire", "field_label", "flags", "is_known", "key_of", "kind_of", "marked",
           "outcome_of", "register", "rules", "submission_facts", "typed_text",
           "unregister"]

KIND_KEY = "_kind"
DEFAULT = incident.KIND.key      # what a record is when its data names no kind
KINDS: dict[str, RecordKind] = {kind.key: kind for kind in (
    incident.KIND, assistance.KIND, s136.KIND, thanks.KIND)}
_RELEASED = frozenset(KINDS)


def key_of(data: dict) -> str:
    """The kind a record's data names (the default kind if it names none)."""
    return str((data or {}).get(KIND_KEY) or DEFAULT)


def kind_of(data: dict) -> RecordKind:
    return KINDS.get(key_of(data), KINDS[DEFAULT])


def is_known(key: str) -> bool:
    return key in KINDS


def by_wire(wire: str) -> RecordKind | None:
    """The kind whose de-identified records travel with this ``type``."""
    return next((kind for kind in KINDS.values() if kind.wire == wire), None)


def marked(kind: RecordKind, data: dict) -> dict:
    """The data saying which kind it is. A record of the default kind says nothing, as
    every report did before kinds existed (and as stored reports still do)."""
    if kind.key != DEFAULT:
        data[KIND_KEY] = kind.key
    return data


def field_label(key: str) -> str:
    """A field's label whichever kind it belongs to (for the timeline's 'edited ...')."""
    for kind in KINDS.values():
        if key in kind.fields:
            return kind.fields[key].label
    return key


# ------------------------------------------------------------------ for tests
def register(kind: RecordKind) -> None:
    """Add a kind (a test's fourth kind). Its key and wire name must be new."""
    if kind.key in KINDS or by_wire(kind.wire) is not None:
        raise ValueError(f"a kind named {kind.key!r} or sent as {kind.wire!r} exists")
    KINDS[kind.key] = kind


def unregister(key: str) -> None:
    if key in _RELEASED:
        raise ValueError(f"{key!r} is a released kind")
    KINDS.pop(key, None)


# -------------------------------------------------------------- local rules
@dataclass(frozen=True)
class Rules:
    """Values that are local policy, not code: where each comes from is said in the UI."""
    notice_working_days: int | None = None
    notice_source: str = ""


def rules(library, policy) -> Rules:
    """The notice period: the site policy's ``notice_working_days`` if set, otherwise the
    police assistance protocol's front matter."""
    value = policy.setting("notice_working_days") if policy is not None else None
    if value is not None:
        return Rules(int(value), "the site policy")
    protocol = library.get("police-assistance-mha-assessment") if library is not None else None
    raw = (protocol.extra or {}).get("notice_working_days") if protocol else None
    days = whole_number(raw)
    if days is not None:
        return Rules(days, f"the protocol '{protocol.title}' (version "
                                            f"{protocol.version})")
    return Rules()


def submission_facts(data: dict, sent: dt.datetime, rules_: Rules, calendar=None) -> dict:
    """What submission records beside the fields: the kind's own facts (a request's notice,
    an incident's lateness) and the warnings shown (``flags``)."""
    kind = kind_of(data)
    facts = dict(kind.facts(data, sent, rules_, calendar))
    found = kind.flags(data, sent, rules_, calendar)
    if found:
        facts["flags"] = found
    return facts


def flags(data: dict, sent: dt.datetime, rules_: Rules, calendar=None) -> list[str]:
    """Warnings that do not stop a record being submitted, in words."""
    return kind_of(data).flags(data, sent, rules_, calendar)


def outcome_of(key: str):
    """The outcome of records of this kind; for a kind not known here (an event read
    without its record), the one kind's that has outcomes, if only one has."""
    if key in KINDS:
        return KINDS[key].outcome
    found = [kind.outcome for kind in KINDS.values() if kind.outcome is not None]
    return found[0] if len(found) == 1 else None
