"""An incident or assault report: the kind every report was before there were kinds.

Its fields are in ``fields``, its checks and words in ``rules``. Prosecution-support cases
open from it (``cases/``); its committee figures are the incident dashboard.
"""

from __future__ import annotations

from ..base import Demo, FormNote, RecordKind, Words
from . import committee, demo, fields, readers, rules

KIND = RecordKind(
    key="incident", wire="incident",
    words=Words(heading="Report an incident", choice="Incident or assault",
                short="Incident or assault", document="Incident report", noun="report",
                view="Report", done=rules.done),
    sections=fields.SECTIONS, when_key="incident_at", when_label="Incident",
    reporter_keys=fields.REPORTER_KEYS, author_key="reporter_name",
    role_key="reporter_role",
    summary=rules.summary, place=rules.place, search_body=rules.search_body,
    cross_checks=rules.cross_checks, facts=rules.facts,
    flags=lambda data, sent, rules_, calendar: [], document_rows=rules.document_rows,
    committee=committee.COMMITTEE, demo=Demo(demo.timing, demo.record),
    type_keys=("incident_types",), place_keys=("site", "location"),
    reported_at_row=("when", 1),
    form_notes=(FormNote("riddor", after="absence", text=rules.RIDDOR_NOTE,
                         when=fields.riddor_suggested),),
    aids=("prosecution-limit",),
    opens_case=True,
    reader_key=readers.READER_KEY, done_note=readers.done_note, privacy=readers.privacy,
)
