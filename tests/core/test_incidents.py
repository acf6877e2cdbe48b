"""Incident reports in core: validation in plain words, drafts, submission, the timeline."""

import datetime as dt
import json
import sqlite3

import pytest

from commonground.core.records import reports as incidents
from commonground.core.records.listing import ReportQuery, count_reports, list_reports
from commonground.core.storage.db import Database

NOW = dt.datetime(2026, 11, 20, 16, 0)


def full_report(**changes) -> dict:
    data = {
        "incident_at": "2026-11-20T14:32", "site": "Riverside Hospital",
        "location": "Cedar Ward", "setting": "inpatient_ward",
        "incident_types": ["physical_assault", "spitting"],
        "aggravating": ["emergency_worker"],
        "victims": [{"kind": "staff", "name": "", "role": "Staff nurse",
                     "organisation": "Mental health Trust"}],
        "perpetrator_kind": "patient", "patient_identifier": "RX12345",
        "harm_grade": "low", "injuries": "Bruised forearm", "treatment": "first_aid",
        "absence": "none", "police_informed": "yes", "police_informed_at": "2026-11-20T15:05",
        "police_attended": "yes", "officer_number": "PC 4521", "cad_number": "CAD 0412",
        "crime_reference": "12/3456/26", "witnesses": [{"name": "HCA on shift",
                                                          "role": "Healthcare assistant",
                                                          "contact": "Ward phone"}],
        "narrative": "The patient became agitated at the medication round. He said \"I'll "
                     "get you\" and punched me on the left forearm, then spat at me.",
        "immediate_actions": ["restraint", "medical_review"],
        "supports_prosecution": "yes", "wants_advisor_contact": "yes",
        "contact_preference": "Work mobile, day shifts", "reporter_name": "Sam Taylor",
        "reporter_role": "Staff nurse", "reporter_contact": "Cedar Ward",
    }
    data.update(changes)
    return data


@pytest.fixture
def db():
    return Database.in_memory()


def messages(problems):
    return {p.field: p.message for p in problems}


def test_a_complete_report_has_no_problems():
    assert incidents.validate(full_report(), now=NOW) == []


def test_missing_answers_are_asked_for_in_plain_words_in_form_order():
    problems = incidents.validate({}, now=NOW)
    fields = [p.field for p in problems]
    assert fields[:3] == ["incident_at", "site", "location"]
    found = messages(problems)
    assert found["incident_at"] == "Enter the date and time of the incident."
    assert found["perpetrator_kind"] == "Say who did it (choose Unknown if you do not know)."
    assert found["victims"] == "Add at least one person who was harmed."
    assert "reporter_name" in found


def test_a_draft_may_be_incomplete_but_not_wrong():
    assert incidents.validate({}, now=NOW, submitting=False) == []
    wrong = incidents.validate({"incident_at": "2027-01-01T00:00"}, now=NOW, submitting=False)
    assert messages(wrong) == {"incident_at": "The incident time is in the future. Check the "
                                              "date and the time."}


@pytest.mark.parametrize("changes, field, words", [
    ({"incident_at": "2026-11-21T09:00"}, "incident_at", "in the future"),
    ({"police_informed_at": "2026-11-20T14:00"}, "police_informed_at",
     "police were told before the incident happened"),
    ({"harm_grade": "death", "treatment": "none"}, "treatment", "'Death' but treatment is 'None'"),
    ({"crime_reference": "1" * 31}, "crime_reference", "at most 30 characters; this one has 31"),
    ({"crime_reference": "12/34#56;"}, "crime_reference", "remove '#', ';'"),
    ({"officer_number": "PC-45"}, "officer_number", "only letters and numbers"),
    ({"patient_identifier": "943 476 5919"}, "patient_identifier", "looks like an NHS number"),
    ({"narrative": "hit"}, "narrative", "Say a little more"),
    ({"type_other": "", "incident_types": ["other"]}, "type_other",
     "Say what the other type of incident was."),
    ({"victims": [{"kind": "other", "role": ""}]}, "victims.0.role",
     "Say who person harmed 1 is"),
    ({"witnesses": [{"name": "", "role": "HCA"}]}, "witnesses.0.name",
     "Enter the name for witness 1"),
    ({"_entered": {"incident_at": ["31/02/2026", "14:32"]}, "incident_at": ""}, "incident_at",
     "31 February 2026 does not exist (February 2026 has 28 days)."),
    ({"_entered": {"incident_at": ["20/11/2026", "25:00"]}, "incident_at": ""}, "incident_at",
     "25:00 is not a time of day"),
])
def test_wrong_answers_are_named_next_to_their_field(changes, field, words):
    found = messages(incidents.validate(full_report(**changes), now=NOW))
    assert field in found, found
    assert words in found[field]


def test_police_details_are_not_checked_when_police_were_not_told():
    data = full_report(police_informed="no", crime_reference="###")
    assert incidents.validate(data, now=NOW) == []


def test_drafts_save_everything_in_one_transaction_and_count_revisions(db):
    draft = incidents.start_draft(db, "ward3pc", now=NOW)
    assert draft.is_draft and draft.reference is None and draft.uuid
    first = incidents.save_draft(db, draft.id, {"narrative": "The pat"}, "ward3pc", now=NOW)
    again = incidents.save_draft(db, draft.id, {"narrative": "The pat"}, "ward3pc", now=NOW)
    second = incidents.save_draft(db, draft.id, {"narrative": "The patient"}, "ward3pc",
                                  now=NOW)
    assert (first, again, second) == (1, 1, 2)
    row = db.query_one("SELECT data, revision FROM reports WHERE id = ?", (draft.id,))
    assert json.loads(row["data"]) == {"narrative": "The patient"} and row["revision"] == 2


def test_many_autosaves_make_one_timeline_entry_per_stretch_of_typing(db):
    draft = incidents.start_draft(db, "pc", now=NOW)
    for minute, text in enumerate(["a", "ab", "abc"]):
        incidents.save_draft(db, draft.id, {"narrative": text}, "pc",
                             now=NOW + dt.timedelta(minutes=minute))
    incidents.save_draft(db, draft.id, {"narrative": "abc", "injuries": "x"}, "pc",
                         now=NOW + dt.timedelta(minutes=30))
    kinds = [e.kind for e in incidents.timeline(db, draft.id)]
    assert kinds == ["created", "edited", "edited"]
    last = incidents.timeline(db, draft.id)[-1]
    assert last.describe() == "Draft edited (Injuries)"


def test_submit_gives_a_reference_makes_the_report_final_and_queues_it(db):
    draft = incidents.start_draft(db, "pc", now=NOW)
    incidents.save_draft(db, draft.id, full_report(), "pc", now=NOW)
    report = incidents.submit(db, draft.id, "pc", now=NOW)
    assert report.status == "queued"
    assert report.reference.startswith("CG-2026-") and report.reference.endswith("-000001")
    assert report.data["reported_at"] == "2026-11-20T16:00:00"
    assert report.data["late_report"] is False
    second = incidents.start_draft(db, "pc", now=NOW)
    incidents.save_draft(db, second.id, full_report(), "pc", now=NOW)
    assert incidents.submit(db, second.id, "pc", now=NOW).reference.endswith("-000002")
    with pytest.raises(incidents.ReportError, match="can no longer be changed"):
        incidents.save_draft(db, draft.id, {}, "pc")
    with pytest.raises(incidents.ReportError, match="already submitted"):
        incidents.submit(db, draft.id, "pc")


def test_the_database_itself_refuses_to_alter_a_submitted_report(db):
    draft = incidents.start_draft(db, "pc", now=NOW)
    incidents.save_draft(db, draft.id, full_report(), "pc", now=NOW)
    incidents.submit(db, draft.id, "pc", now=NOW)
    for statement in ("UPDATE reports SET data = '{}' WHERE id = ?",
                      "DELETE FROM reports WHERE id = ?",
                      "UPDATE report_events SET detail = '{}' WHERE report_id = ?",
                      "DELETE FROM report_events WHERE report_id = ?"):
        with pytest.raises(sqlite3.IntegrityError):
            with db.transaction() as conn:
                conn.execute(statement, (draft.id,))
    assert incidents.get_report(db, draft.id).data["narrative"].startswith("The patient")


def test_an_invalid_draft_is_not_submitted_and_says_why(db):
    draft = incidents.start_draft(db, "pc", now=NOW)
    incidents.save_draft(db, draft.id, full_report(harm_grade=""), "pc", now=NOW)
    with pytest.raises(incidents.ValidationFailed) as caught:
        incidents.submit(db, draft.id, "pc", now=NOW)
    assert [p.field for p in caught.value.problems] == ["harm_grade"]
    assert incidents.get_report(db, draft.id).is_draft


def test_a_late_report_and_a_long_absence_are_flagged_on_submission(db):
    draft = incidents.start_draft(db, "pc", now=NOW)
    incidents.save_draft(db, draft.id, full_report(incident_at="2026-11-10T09:00",
                                                   police_informed="no", absence="over_7",
                                                   delay_reason="Off sick"), "pc", now=NOW)
    report = incidents.submit(db, draft.id, "pc", now=NOW)
    assert report.data["late_report"] is True and report.data["riddor_suggested"] is True


def test_corrections_are_addenda_and_the_original_is_untouched(db):
    draft = incidents.start_draft(db, "pc", now=NOW)
    incidents.save_draft(db, draft.id, full_report(), "pc", now=NOW)
    incidents.submit(db, draft.id, "pc", now=NOW)
    incidents.add_addendum(db, draft.id, "It was the right forearm.", "Sam Taylor",
                           now=NOW + dt.timedelta(hours=1))
    events = incidents.timeline(db, draft.id)
    assert [e.kind for e in events] == ["created", "edited", "submitted", "addendum"]
    assert events[-1].describe() == "Addendum: It was the right forearm."
    assert events[-1].author == "Sam Taylor"
    assert "left forearm" in incidents.get_report(db, draft.id).data["narrative"]
    with pytest.raises(incidents.ReportError, match="Write the correction"):
        incidents.add_addendum(db, draft.id, "  ", "Sam")


def test_discarding_a_draft_removes_it_but_a_submitted_report_cannot_be_discarded(db):
    draft = incidents.start_draft(db, "pc", now=NOW)
    incidents.discard_draft(db, draft.id)
    assert incidents.get_report(db, draft.id) is None
    kept = incidents.start_draft(db, "pc", now=NOW)
    incidents.save_draft(db, kept.id, full_report(), "pc", now=NOW)
    incidents.submit(db, kept.id, "pc", now=NOW)
    with pytest.raises(incidents.ReportError):
        incidents.discard_draft(db, kept.id)


def test_the_reporter_is_remembered_per_login(db):
    incidents.remember_reporter(db, "ward3", full_report())
    assert incidents.remembered_reporter(db, "ward3") == {
        "reporter_name": "Sam Taylor", "reporter_role": "Staff nurse",
        "reporter_contact": "Cedar Ward"}
    assert incidents.remembered_reporter(db, "someone-else") == {}


def test_my_reports_find_by_reference_ward_type_and_words(db):
    draft = incidents.start_draft(db, "pc", now=NOW)
    incidents.save_draft(db, draft.id, full_report(), "pc", now=NOW)
    report = incidents.submit(db, draft.id, "pc", now=NOW)
    other = incidents.start_draft(db, "pc", now=NOW)
    incidents.save_draft(db, other.id, {"location": "Oak Ward", "narrative": "kicked"}, "pc")
    for text, expected in ((report.reference, 1), (report.reference[:10], 1),
                           ("cedar", 1), ("spitting", 1), ("forearm", 1), ("oak", 1),
                           ("ward", 2), ("", 2), ("nothing-like-this", 0), ('"(*', 2)):
        assert count_reports(db, ReportQuery(text=text)) == expected, text
    assert count_reports(db, ReportQuery(status="draft")) == 1
    rows = list_reports(db, ReportQuery(sort="reference", descending=False), 0, 10)
    assert [r.reference for r in rows] == [None, report.reference]


def test_broken_text_from_a_paste_is_stored_not_a_crash(db):
    draft = incidents.start_draft(db, "pc", {"narrative": "half \ud83d emoji"})
    incidents.save_draft(db, draft.id, {"injuries": "bad \udc00 char"}, "pc")
    assert incidents.get_report(db, draft.id).data == {"injuries": "bad ? char"}


def test_no_column_of_a_submitted_report_can_be_rewritten(db):
    draft = incidents.start_draft(db, "pc", now=NOW)
    incidents.save_draft(db, draft.id, full_report(), "pc", now=NOW)
    incidents.submit(db, draft.id, "pc", now=NOW)
    for column, value in (("submitted_at", "2020-01-01"), ("created_by", "x"),
                          ("reporter_name", "x"), ("revision", 99), ("created_at", "x")):
        with pytest.raises(sqlite3.IntegrityError):
            with db.transaction() as conn:
                conn.execute(f"UPDATE reports SET {column} = ? WHERE id = ?", (value, draft.id))
    with db.transaction() as conn:  # status still moves on (sent, received, ...)
        conn.execute("UPDATE reports SET status = 'sent' WHERE id = ?", (draft.id,))
