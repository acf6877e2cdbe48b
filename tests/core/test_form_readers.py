"""An incident report asks each reader only what applies to them: a police officer is not
asked whether the police were told, and the Trust's advisor is not offered to an officer."""

import datetime as dt

from commonground.core.records import document
from commonground.core.records import kinds as rk
from commonground.core.records import reports as incidents
from commonground.core.storage.db import Database
from tests.core.test_incidents import full_report

NOW = dt.datetime(2026, 11, 21, 8, 0)
OFFICER = {"kind": "police", "name": "", "role": "PC", "organisation": "County Police"}


def officer_report(**changes) -> dict:
    data = full_report(reporting_as="police", victims=[OFFICER], reporter_role="PC")
    for key in ("police_informed", "police_informed_at", "police_attended",
                "wants_advisor_contact"):
        data.pop(key)
    data.update(changes)
    return data


def test_an_officer_assaulted_is_not_asked_police_or_advisor_questions():
    assert incidents.validate(officer_report(), now=NOW) == []
    nurse = officer_report(reporting_as="trust_staff")
    assert {p.field for p in incidents.validate(nurse, now=NOW)} == {"police_informed"}
    staff_harmed = officer_report(victims=[OFFICER, {"kind": "staff", "role": "Nurse"}])
    assert [p.field for p in incidents.validate(staff_harmed, now=NOW)] == \
        ["wants_advisor_contact"]


def test_an_officers_crime_number_is_still_checked():
    found = incidents.validate(officer_report(crime_reference="12#4"), now=NOW)
    assert [p.field for p in found] == ["crime_reference"]


def test_an_officers_report_is_recorded_as_known_to_the_police_and_prints_no_empty_rows():
    db = Database.in_memory()
    draft = incidents.start_draft(db, "ward3pc", now=NOW)
    incidents.save_draft(db, draft.id, officer_report(), "ward3pc", now=NOW)
    report = incidents.submit(db, draft.id, "ward3pc", now=NOW)
    assert report.data["police_informed"] == "yes"   # the committee counts it as known
    text = " ".join(document.plain_text(report).split())
    assert "Reported by: Police officer or police staff" in text
    assert "Police attended" not in text and "Police informed" not in text
    assert "Crime reference number: 12/3456/26" in text


def test_every_readers_label_belongs_to_a_reader_the_kind_asks_about():
    for kind in rk.KINDS.values():
        for spec in kind.fields.values():
            if not spec.readers:
                continue
            choices = {code for code, _label in kind.fields[kind.reader_key].choices}
            assert {code for code, _label in spec.readers} <= choices, spec.key
