"""A section 136 episode: from detention to the end of the assessment.

Its fields are in ``fields``; what the law refuses, what it flags and the time limit in
``rules``.
"""

from __future__ import annotations

from ..base import Demo, RecordKind, Words, typed_text
from . import committee, demo, fields, rules

KIND = RecordKind(
    key="s136", wire="s136",
    words=Words(heading="Record a section 136 episode", choice="Section 136 episode",
                short="Section 136 episode", document="Section 136 episode", noun="record",
                view="Section 136 episode", done=rules.done),
    sections=fields.SECTIONS, when_key="detained_at", when_label="Detained",
    reporter_keys=fields.REPORTER_KEYS, author_key="recorded_by",
    role_key="recorded_role",
    summary=rules.summary, place=rules.place, search_body=typed_text(fields.SECTIONS),
    cross_checks=rules.cross_checks, facts=lambda data, sent, rules_, calendar: {},
    flags=lambda data, sent, rules_, calendar: rules.flags(data),
    document_rows=rules.document_rows, committee=committee.COMMITTEE,
    demo=Demo(demo.timing, demo.record),
    type_keys=("place_type", "conveyance"), place_keys=("site",),
    aids=("s136-clock", "police-station"),
)
