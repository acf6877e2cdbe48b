"""A request for police assistance at a Mental Health Act assessment, and its outcome.

Its fields (and the outcome's) are in ``fields``; the notice rule, its checks and its words
in ``rules``. The outcome is recorded afterwards on the submitted request (``outcomes``).
"""

from __future__ import annotations

from ..base import Demo, Outcome, RecordKind, Words, typed_text
from . import committee, demo, fields, rules

KIND = RecordKind(
    key="police_assistance", wire="assistance",
    words=Words(heading="Request police assistance",
                choice="Police assistance at a Mental Health Act assessment",
                short="Police assistance request",
                document="Request for police assistance at a Mental Health Act assessment",
                noun="request", view="Police assistance request", done=rules.done),
    sections=fields.SECTIONS, when_key="assessment_at", when_label="Assessment",
    reporter_keys=fields.REPORTER_KEYS, author_key="requester_name",
    role_key="requester_role",
    summary=rules.summary, place=rules.place, search_body=typed_text(fields.SECTIONS),
    cross_checks=rules.cross_checks, facts=rules.facts, flags=rules.flags,
    document_rows=rules.document_rows, committee=committee.COMMITTEE,
    demo=Demo(demo.timing, demo.record),
    type_keys=("urgency", "warrant"), place_keys=("address_type",),
    aids=("police-need", "notice"),
    outcome=Outcome(fields.OUTCOME_FIELDS, rules.outcome_problems, rules.outcome_summary),
    copyable=True,
)
