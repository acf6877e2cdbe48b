"""The kinds of record made with the report form: an incident report, a request for police
assistance at a Mental Health Act assessment, a section 136 episode.

They share one machinery (drafts saved as you type, validation in words, submission with a
reference, the timeline, the PDF, sync to the advisor, de-identified figures for the
committee); each kind brings its fields and its own checks. A record's kind travels inside
its data as ``_kind`` (absent means an incident report, as every report made before kinds
existed), so a draft, a bundle and an imported copy all say what they are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from .. import fields as rf
from . import assistance as af
from . import incident as incident_kind
from . import s136 as sf

KIND_KEY = "_kind"
INCIDENT = "incident"


@dataclass(frozen=True)
class RecordKind:
    key: str
    title: str                 # what the form is called
    noun: str                  # "report", "request", "record"
    sections: tuple[rf.Section, ...]
    when_key: str              # the field that dates it (for lists and sorting)
    when_label: str
    reporter_keys: tuple[str, ...]
    author_key: str            # whose name goes in the timeline
    summary: Callable[[dict], str] | None = None
    place: Callable[[dict], str] | None = None
    cross_checks: Callable | None = None
    # What a shared ward PC keeps after the advisor's receipt, for the policy's "type" and
    # "place" words (names, addresses and free text never).
    type_keys: tuple[str, ...] = ()
    place_keys: tuple[str, ...] = ()
    fields: dict[str, rf.Field] = field(default_factory=dict)

    def __post_init__(self):
        self.fields.update({f.key: f for s in self.sections for f in s.fields})


KINDS: dict[str, RecordKind] = {kind.key: kind for kind in (
    RecordKind(INCIDENT, "Incident or assault report", "report", incident_kind.SECTIONS,
               "incident_at", "Incident", incident_kind.REPORTER_KEYS, "reporter_name",
               type_keys=("incident_types",), place_keys=("site", "location")),
    RecordKind(af.KIND, "Request for police assistance at a Mental Health Act assessment",
               "request", af.SECTIONS, "assessment_at", "Assessment", af.REPORTER_KEYS,
               "requester_name", af.summary, af.place, af.cross_checks,
               type_keys=("urgency", "warrant"), place_keys=("address_type",)),
    RecordKind(sf.KIND, "Section 136 episode", "record", sf.SECTIONS, "detained_at",
               "Detained", sf.REPORTER_KEYS, "recorded_by", sf.summary, sf.place,
               sf.cross_checks, type_keys=("place_type", "conveyance"), place_keys=("site",)),
)}
DOCUMENT_TITLES = {INCIDENT: "Incident report",
                   af.KIND: "Request for police assistance at a Mental Health Act assessment",
                   sf.KIND: "Section 136 episode"}
SHORT_TITLES = {INCIDENT: "Incident or assault", af.KIND: "Police assistance request",
                sf.KIND: "Section 136 episode"}


def kind_of(data: dict) -> RecordKind:
    return KINDS.get(str((data or {}).get(KIND_KEY) or INCIDENT), KINDS[INCIDENT])


def is_known(key: str) -> bool:
    return key in KINDS


def field_label(key: str) -> str:
    """A field's label whichever kind it belongs to (for the timeline's 'edited ...')."""
    for kind in KINDS.values():
        if key in kind.fields:
            return kind.fields[key].label
    return key


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
    if raw is not None and str(raw).strip().isdigit():
        return Rules(int(str(raw).strip()), f"the protocol '{protocol.title}' (version "
                                            f"{protocol.version})")
    return Rules()


def submission_facts(data: dict, sent: dt.datetime, rules_: Rules, calendar=None) -> dict:
    """What submission records beside the fields: the warnings shown (``flags``) and, for a
    request, the notice given in working days and the rule it was measured against."""
    facts: dict = {}
    kind = kind_of(data)
    if kind.key == af.KIND:
        from ...timeutil import parse_time
        from ...workdays import default_calendar
        assessment = parse_time(data.get("assessment_at"))
        given = af.notice_days(sent, assessment, calendar or default_calendar()) \
            if assessment and assessment > sent else 0
        facts["notice"] = {"given": given, "rule": rules_.notice_working_days}
    found = flags(data, sent, rules_, calendar)
    if found:
        facts["flags"] = found
    return facts


def flags(data: dict, sent: dt.datetime, rules_: Rules, calendar=None) -> list[str]:
    """Warnings that do not stop a record being submitted, in words."""
    kind = kind_of(data)
    if kind.key == af.KIND:
        from ...workdays import default_calendar
        given = af.late_notice(data, sent, rules_.notice_working_days,
                               calendar or default_calendar())
        if given is None:
            return []
        return [f"Late request: {given} working day{'s' if given != 1 else ''} of notice; "
                f"{rules_.notice_source} asks for at least {rules_.notice_working_days}. It "
                "can still be sent, and police will try to help. If it cannot wait, mark it "
                "urgent and say why."]
    if kind.key == sf.KIND:
        return sf.flags(data)
    return []
