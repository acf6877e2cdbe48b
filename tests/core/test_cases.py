"""Prosecution-support cases in core: due dates, steps, decisions, closing, the dashboard."""

import datetime as dt
import json
import sqlite3

import pytest

from commonground.core.cases import actions as ca
from commonground.core.cases import helpline, listing
from commonground.core.cases import workflow as cases
from commonground.core.cases.listing import CaseQuery, count_cases, dashboard_counts, list_cases
from commonground.core.cases.steps import STEPS
from commonground.core.records import reports as incidents
from commonground.core.storage.db import Database
from commonground.core.timeutil import iso
from tests.core.test_incidents import full_report

SUBMITTED = dt.datetime(2026, 11, 20, 16, 0)
RECEIVED = dt.datetime(2026, 11, 23, 9, 0)      # a Monday
LATER = dt.datetime(2026, 12, 10, 9, 0)
ADVISOR = "Violence and prosecution advisor"


@pytest.fixture
def db():
    return Database.in_memory()


def submit(db, at=SUBMITTED, **changes) -> incidents.Report:
    report = incidents.start_draft(db, "ward-pc", {}, now=at)
    incidents.save_draft(db, report.id, full_report(**changes), "ward-pc", now=at)
    return incidents.submit(db, report.id, "ward-pc", now=at)


def open_case(db, received=RECEIVED, **changes) -> cases.Case:
    report = submit(db, **changes)
    return cases.receive_report(db, report.id, ADVISOR, now=received)


def due(db, case) -> dict[str, str | None]:
    return {step.key: step.due for step in cases.steps(db, case.id)}


def step(db, case, key) -> cases.CaseStep:
    return next(s for s in cases.steps(db, case.id) if s.key == key)


def messages(db, case) -> list[str]:
    return [text for _, text in cases.messages_for_report(db, case.report_id)]


def record(db, case, key, status="done", on=dt.date(2026, 12, 1), **kwargs) -> list[str]:
    return ca.record_step(db, case.id, key, status=status, by=ADVISOR,
                          done_on=on if status == "done" else None, now=LATER, **kwargs)


# Christmas 2026: Thursday 24 December is a working day, 25 and 28 December are bank holidays,
# 26 and 27 a weekend, and 1 January 2027 a bank holiday.
CHRISTMAS = dict(incident_at="2026-12-23T10:00", police_informed="no")
CHRISTMAS_EVE = dt.datetime(2026, 12, 24, 9, 0)


# ------------------------------------------------------------------ due dates
def test_due_dates_count_working_days_from_receipt_and_calendar_days_from_the_incident(db):
    case = open_case(db, received=CHRISTMAS_EVE, at=CHRISTMAS_EVE, **CHRISTMAS)
    found = due(db, case)
    # The day of receipt does not count: the 1st working day after it is the 29th.
    assert found["victim_contacted"] == "2026-12-30"
    assert found["police_informed"] == "2026-12-30"
    assert found["wishes_recorded"] == "2027-01-05"      # skips New Year's Day too
    assert found["cctv_requested"] == "2027-01-20"       # 28 calendar days from the incident
    assert found["decision"] == "2027-01-21"             # 28 calendar days from receipt
    assert found["court"] is None and found["victim_told"] is None
    assert case.next_due == "2026-12-30" and case.next_step == "victim_contacted"


def test_a_site_can_change_the_number_of_days_and_the_cctv_retention(db):
    db.set_setting("case_due_days", json.dumps({"victim_contacted": 1, "decision": 60,
                                                "made_up_step": 3, "wishes_recorded": -4}))
    db.set_setting("cctv_retention_days", "14")
    case = open_case(db, received=CHRISTMAS_EVE, at=CHRISTMAS_EVE, **CHRISTMAS)
    found = due(db, case)
    assert found["victim_contacted"] == "2026-12-29"     # 1 working day after Christmas Eve
    assert found["decision"] == "2027-02-22"
    assert found["cctv_requested"] == "2027-01-06"       # 14 days from 23 December
    assert found["wishes_recorded"] == "2027-01-05"      # a nonsense value keeps the default


def test_due_dates_count_from_when_the_advisor_received_the_report(db):
    report = submit(db, at=dt.datetime(2026, 12, 21, 9, 0),                # Monday
                    incident_at="2026-12-20T10:00", police_informed="no")
    case = cases.receive_report(db, report.id, ADVISOR, now=CHRISTMAS_EVE)  # Thursday
    assert due(db, case)["victim_contacted"] == "2026-12-30"


def test_victim_told_is_due_five_working_days_after_the_decision(db):
    case = open_case(db)
    assert step(db, case, "victim_told").due is None
    ca.record_step(db, case.id, "decision", status="done", by=ADVISOR,
                   done_on=dt.date(2026, 12, 23), detail={"decision": "charge"},
                   now=dt.datetime(2027, 1, 2, 9, 0))
    # 24, 29, 30, 31 December and (after New Year's Day and a weekend) 4 January.
    assert step(db, case, "victim_told").due == "2027-01-04"


# ------------------------------------------------------------ receiving reports
def test_receiving_a_report_twice_changes_nothing(db):
    report = submit(db)
    first = cases.receive_report(db, report.id, ADVISOR, now=RECEIVED)
    before = (cases.timeline(db, first.id), messages(db, first))
    again = cases.receive_report(db, report.id, ADVISOR, now=LATER)
    assert again == first
    assert (cases.timeline(db, first.id), messages(db, first)) == before
    assert db.query_one("SELECT count(*) FROM cases")[0] == 1
    assert len(cases.steps(db, first.id)) == len(STEPS) == 11
    assert messages(db, first) == [
        "Received by the Trust's violence and prosecution advisor.",
        "A case has been opened to follow this up with the police."]
    assert incidents.get_report(db, report.id).status == "case_open"


@pytest.mark.parametrize("kind, opens", [("staff", True), ("police", True),
                                         ("ambulance", True), ("patient", False),
                                         ("visitor", False)])
def test_a_case_opens_by_itself_only_when_a_worker_was_harmed(db, kind, opens):
    report = submit(db, victims=[{"kind": kind, "role": "On shift"}])
    case = cases.receive_report(db, report.id, ADVISOR, now=RECEIVED)
    assert (case is not None) == opens
    assert incidents.get_report(db, report.id).status == ("case_open" if opens else "received")


def test_a_patient_victim_report_is_received_and_a_case_can_be_opened_by_hand(db):
    report = submit(db, victims=[{"kind": "patient", "role": ""}])
    assert cases.receive_report(db, report.id, ADVISOR, now=RECEIVED) is None
    assert cases.case_for_report(db, report.id) is None
    assert cases.messages_for_report(db, report.id)[0][1].startswith("Received by")
    case = cases.open_case_for_report(db, report.id, ADVISOR, now=LATER)
    assert case.victim == "Patient" and case.report_id == report.id
    assert case.received_at == iso(RECEIVED)
    assert incidents.get_report(db, report.id).status == "case_open"
    with pytest.raises(cases.CaseError, match="This report already has a case."):
        cases.open_case_for_report(db, report.id, ADVISOR, now=LATER)


def test_a_draft_cannot_be_received(db):
    draft = incidents.start_draft(db, "ward-pc", full_report(), now=SUBMITTED)
    with pytest.raises(cases.CaseError, match="Only a submitted report can be received."):
        cases.receive_report(db, draft.id, ADVISOR, now=RECEIVED)


def test_a_crime_reference_in_the_report_fills_in_the_police_step(db):
    case = open_case(db)
    police = step(db, case, "police_informed")
    assert (police.status, police.done_on, police.done_by) == ("done", "2026-11-20",
                                                               "Sam Taylor")
    assert police.detail == {"crime_reference": "12/3456/26"}
    assert case.crime_reference == "12/3456/26"
    assert case.waiting_on == "police, police or CPS"
    assert listing.waiting_words(case.waiting_on) == "Police"
    assert listing.waiting_words("clinician, police or CPS") == "Clinician, Police or CPS"
    # Police not told: a crime reference left in the form is not believed.
    other = open_case(db, police_informed="no")
    assert step(db, other, "police_informed").status == "todo"
    assert other.crime_reference is None and other.waiting_on is None


def test_cases_are_found_by_number_or_by_their_report_reference(db):
    case = open_case(db)
    report = incidents.get_report(db, case.report_id)
    assert case.number == "C-2026-0001"
    assert cases.find_case(db, "c-2026-0001 ").id == case.id
    assert cases.find_case(db, report.reference.lower()).id == case.id
    assert cases.find_case(db, "C-2026-0002") is None


# ----------------------------------------------------------------- steps
def test_a_step_is_done_on_a_date_between_the_incident_and_today(db):
    case = open_case(db)
    for on, words in ((None, "Enter the date it was done."),
                      (dt.date(2026, 11, 19), "The date cannot be before the incident "
                                              "(20 Nov 2026)."),
                      (dt.date(2026, 12, 11), "The date cannot be in the future.")):
        with pytest.raises(cases.CaseError) as caught:
            ca.record_step(db, case.id, "victim_contacted", status="done", by=ADVISOR,
                           done_on=on, now=LATER)
        assert str(caught.value) == words
    assert step(db, case, "victim_contacted").status == "todo"
    record(db, case, "victim_contacted", on=dt.date(2026, 12, 10), note="Phoned at home")
    done = step(db, case, "victim_contacted")
    assert (done.status, done.done_on, done.done_by, done.note) == (
        "done", "2026-12-10", ADVISOR, "Phoned at home")


def test_not_applicable_needs_a_reason_and_back_to_do_clears_the_date(db):
    case = open_case(db)
    with pytest.raises(cases.CaseError, match="Say why this step does not apply."):
        record(db, case, "cctv_requested", status="na", na_reason="  ")
    record(db, case, "cctv_requested", status="na", na_reason="No cameras in the garden")
    skipped = step(db, case, "cctv_requested")
    assert (skipped.status, skipped.na_reason, skipped.done_on) == (
        "na", "No cameras in the garden", None)
    first_due = step(db, case, "injury_evidence").due
    record(db, case, "injury_evidence")
    record(db, case, "injury_evidence", status="todo")
    back = step(db, case, "injury_evidence")
    assert (back.status, back.done_on, back.done_by, back.due) == ("todo", None, None,
                                                                   first_due)


def test_a_closed_case_refuses_steps_until_it_is_reopened(db):
    case = open_case(db)
    ca.close_case(db, case.id, "victim_declined", ADVISOR, "She asked us to stop", now=LATER)
    with pytest.raises(cases.CaseError, match="This case is closed. Reopen it to record a "
                                              "step."):
        record(db, case, "victim_contacted")
    with pytest.raises(cases.CaseError, match="Say why the case is being reopened."):
        ca.reopen_case(db, case.id, "   ", ADVISOR, now=LATER)
    ca.reopen_case(db, case.id, "She has changed her mind", ADVISOR, now=LATER)
    record(db, case, "victim_contacted")
    reopened = cases.get_case(db, case.id)
    assert reopened.is_open and reopened.closed_at is None and reopened.closing_reason is None
    assert incidents.get_report(db, case.report_id).status == "case_open"
    assert messages(db, case)[-1] == "The case has been reopened."
    assert "Case reopened: She has changed her mind" in [
        event.describe() for event in cases.timeline(db, case.id)]


# -------------------------------------------------------------- decisions
@pytest.mark.parametrize("detail, words", [
    ({"decision": "maybe"}, "Choose the decision: charge, caution, community resolution or "
                            "no further action."),
    ({"decision": "nfa"}, "Choose the reason the police or CPS gave for no further action."),
    ({"decision": "nfa", "nfa_reason": "bad_weather"},
     "Choose the reason the police or CPS gave for no further action."),
    ({"decision": "nfa", "nfa_reason": "other", "nfa_other": " "},
     "Say what the other reason for no further action was."),
])
def test_a_decision_needs_an_outcome_and_an_nfa_needs_its_reason(db, detail, words):
    case = open_case(db)
    with pytest.raises(cases.CaseError) as caught:
        record(db, case, "decision", detail=detail)
    assert str(caught.value) == words
    assert cases.get_case(db, case.id).decision is None


def test_an_nfa_for_another_reason_keeps_the_words_given(db):
    case = open_case(db)
    record(db, case, "decision", detail={"decision": "nfa", "nfa_reason": "other",
                                         "nfa_other": "Suspect has died"})
    stored = cases.get_case(db, case.id)
    assert (stored.decision, stored.nfa_reason) == ("nfa", "other")
    assert messages(db, case)[-1] == ("The police or CPS decided to take no further action. "
                                      "Reason: Suspect has died.")


@pytest.mark.parametrize("decision, court", [("charge", "todo"), ("caution", "na"),
                                             ("community_resolution", "na")])
def test_only_a_charge_leaves_the_court_step_to_do(db, decision, court):
    case = open_case(db)
    record(db, case, "decision", detail={"decision": decision})
    found = step(db, case, "court")
    assert found.status == court
    if court == "na":
        assert found.na_reason == "No charge, so no court case"
    assert cases.get_case(db, case.id).decision == decision


def test_a_charge_after_an_nfa_puts_the_court_step_back_to_do(db):
    case = open_case(db)
    record(db, case, "decision", detail={"decision": "nfa", "nfa_reason": "public_interest"})
    record(db, case, "decision", detail={"decision": "charge"})   # after a victim's review
    assert step(db, case, "court").status == "todo"


def test_contradictions_are_warnings_not_refusals(db):
    case = open_case(db, police_informed="no")
    assert ca.warnings(db, case.id, today=dt.date(2026, 11, 24)) == []
    told = record(db, case, "victim_told")
    assert told == ["'Victim told' is done, but no decision is recorded yet."]
    record(db, case, "wishes_recorded", detail={"wish": "no"})
    found = record(db, case, "decision", detail={"decision": "charge"})
    assert "A charge, caution or community resolution is recorded, but 'Police informed' " \
           "is not done." in found
    assert "The victim's recorded wish is not to support prosecution, but a charge is " \
           "recorded. Check the victim's wishes are up to date." in found
    assert step(db, case, "decision").status == "done"


def test_a_court_outcome_without_a_charge_is_a_warning(db):
    case = open_case(db)
    record(db, case, "decision", detail={"decision": "caution"})
    found = record(db, case, "court", detail={"outcome": "convicted"})
    assert found == ["A court outcome is recorded, but the decision recorded is not a charge."]


def test_an_overdue_cctv_request_is_a_warning_while_the_case_is_open(db):
    case = open_case(db)       # incident 20 November: CCTV due 18 December
    cctv = "The CCTV preservation request is overdue: the recording may already be overwritten."
    assert cctv not in ca.warnings(db, case.id, today=dt.date(2026, 12, 18))
    assert cctv in ca.warnings(db, case.id, today=dt.date(2026, 12, 19))
    ca.close_case(db, case.id, "not_a_case", ADVISOR, "Reported in error", now=LATER)
    assert cctv not in ca.warnings(db, case.id, today=dt.date(2026, 12, 19))


# --------------------------------------------------------- closing, timeline
def test_closing_needs_a_reason_and_an_explanation_while_steps_are_left(db):
    case = open_case(db)
    with pytest.raises(cases.CaseError, match="Choose why the case is being closed."):
        ca.close_case(db, case.id, "bored", ADVISOR, now=LATER)
    with pytest.raises(cases.CaseError, match="Say why the case is being closed."):
        ca.close_case(db, case.id, "other", ADVISOR, now=LATER)
    with pytest.raises(cases.CaseError, match="10 steps are still to do. Say why the case is "
                                              "being closed anyway."):
        ca.close_case(db, case.id, "victim_declined", ADVISOR, now=LATER)
    assert cases.get_case(db, case.id).is_open
    ca.close_case(db, case.id, "victim_declined", ADVISOR, "She asked us to stop", now=LATER)
    closed = cases.get_case(db, case.id)
    assert (closed.status, closed.closed_at) == ("closed", iso(LATER))
    assert closed.closing_reason == "Victim did not want to go ahead: She asked us to stop"
    assert closed.next_due is None and closed.waiting_on is None
    assert incidents.get_report(db, case.report_id).status == "closed"
    assert messages(db, case)[-1].startswith("The case is closed: Victim did not want to go "
                                             "ahead")
    with pytest.raises(cases.CaseError, match="This case is already closed."):
        ca.close_case(db, case.id, "victim_declined", ADVISOR, "Again", now=LATER)


def test_a_case_with_nothing_left_to_do_closes_without_an_explanation(db):
    case = open_case(db)
    for found in cases.steps(db, case.id):
        if found.status == "todo":
            record(db, case, found.key, status="na", na_reason="Victim declined")
    ca.close_case(db, case.id, "victim_declined", ADVISOR, now=LATER)
    assert cases.get_case(db, case.id).closing_reason == "Victim did not want to go ahead"


def test_the_case_timeline_cannot_be_rewritten(db):
    case = open_case(db)
    ca.add_note(db, case.id, "Spoke to the officer in the case", ADVISOR, now=LATER)
    before = cases.timeline(db, case.id)
    assert before[-1].describe() == "Note: Spoke to the officer in the case"
    for sql in ("UPDATE case_events SET author = 'someone else'", "DELETE FROM case_events"):
        with pytest.raises(sqlite3.IntegrityError, match="a case timeline is never rewritten"):
            with db.transaction() as conn:
                conn.execute(sql)
    assert cases.timeline(db, case.id) == before


def test_the_reporter_hears_each_step_in_plain_words(db):
    case = open_case(db, police_informed="no")
    record(db, case, "police_informed", detail={"crime_reference": "AB/123/26"})
    record(db, case, "decision", detail={"decision": "nfa",
                                         "nfa_reason": "insufficient_evidence"})
    charged = open_case(db)
    record(db, charged, "decision", detail={"decision": "charge"})
    record(db, charged, "court", detail={"outcome": "convicted",
                                         "sentence": "12 weeks, suspended"})
    assert messages(db, case)[2:] == [
        "Police have been told; crime reference AB/123/26.",
        "The police or CPS decided to take no further action. Reason: Insufficient evidence."]
    assert messages(db, charged)[2:] == [
        "The police or CPS decided to charge the person.",
        "Court outcome: convicted; sentence: 12 weeks, suspended."]
    for text in messages(db, case) + messages(db, charged):
        assert "_" not in text and "nfa" not in text   # no codes, only words


def test_a_crime_reference_must_look_like_one(db):
    case = open_case(db, police_informed="no")
    with pytest.raises(cases.CaseError, match="up to 30 letters, numbers"):
        record(db, case, "police_informed", detail={"crime_reference": "12;DROP TABLE"})
    assert cases.get_case(db, case.id).crime_reference is None


# -------------------------------------------------------------- dashboard
TODAY = dt.date(2027, 1, 13)   # a Wednesday


def helpline_case(db, day: int, caller: str) -> cases.Case:
    at = dt.datetime(2027, 1, day, 9, 0)
    return helpline.log_helpline_contact(db, caller=caller, what=f"Assault reported by {caller}",
                                      by=ADVISOR, at=at, now=at)[1]


def test_dashboard_counts_and_buckets_on_a_fixed_set_of_cases(db):
    late = helpline_case(db, 4, "Late")                 # victim contact due 6 January
    soon = helpline_case(db, 12, "Soon")                # due 14 January
    police = helpline_case(db, 12, "Police")            # due 14 January, police at work
    ca.record_step(db, police.id, "police_informed", status="done", by=ADVISOR,
                   done_on=TODAY, now=dt.datetime(2027, 1, 13, 10, 0))
    clinician = helpline_case(db, 11, "Clinician")      # due today: not yet overdue
    ca.record_step(db, clinician.id, "clinical_requested", status="done", by=ADVISOR,
                   done_on=TODAY, now=dt.datetime(2027, 1, 13, 10, 0))
    closed = helpline_case(db, 4, "Closed")
    ca.close_case(db, closed.id, "duplicate", ADVISOR, "Same as another call",
                  now=dt.datetime(2027, 1, 5, 9, 0))
    next_week = helpline_case(db, 12, "Next week")      # everything moved to 21 January
    for found in cases.steps(db, next_week.id):
        if found.due:
            ca.set_due(db, next_week.id, found.key, dt.date(2027, 1, 21), ADVISOR)

    def numbers(**query) -> list[str]:
        rows = list_cases(db, CaseQuery(**query), 0, 50, today=TODAY)
        assert count_cases(db, CaseQuery(**query), today=TODAY) == len(rows)
        return [row.number for row in rows]

    assert dashboard_counts(db, today=TODAY) == {"open": 5, "overdue": 1, "due_week": 3,
                                                  "waiting": 2}
    assert numbers(bucket="overdue") == [late.number]
    assert numbers(bucket="due_week") == [clinician.number, soon.number, police.number]
    assert numbers(bucket="waiting") == [clinician.number, police.number]
    assert numbers(waiting_on="police") == [police.number]
    assert numbers(waiting_on="police or CPS") == [police.number]
    assert numbers(waiting_on="clinician") == [clinician.number]
    assert numbers() == [late.number, clinician.number, soon.number, police.number,
                         next_week.number]
    assert numbers(state="closed") == [closed.number]
    assert len(numbers(state="all")) == 6
    assert numbers(text="Clinician") == [clinician.number]
    row = list_cases(db, CaseQuery(bucket="overdue"), 0, 1, today=TODAY)[0]
    assert row.next_step_title == "Victim contacted"


# --------------------------------------------------------------- helpline
@pytest.mark.parametrize("changes, words", [
    ({"caller": " "}, "Enter who called."),
    ({"what": ""}, "Write what the call was about."),
    ({"at": dt.datetime(2027, 1, 13, 9, 10)}, "The time of the call is in the future."),
    ({"report_reference": "CG-2026-XXXX-000999"}, "There is no report CG-2026-XXXX-000999 on "
                                                  "this computer. Check the reference, or "
                                                  "leave it empty."),
])
def test_a_helpline_call_is_checked_before_anything_is_kept(db, changes, words):
    call = dict(caller="Duty sergeant", what="An officer was bitten", by=ADVISOR,
                at=dt.datetime(2027, 1, 13, 8, 30), now=dt.datetime(2027, 1, 13, 9, 0))
    with pytest.raises(cases.CaseError) as caught:
        helpline.log_helpline_contact(db, **dict(call, **changes))
    assert str(caught.value) == words
    assert db.query_one("SELECT count(*) FROM helpline_contacts")[0] == 0
    assert db.query_one("SELECT count(*) FROM cases")[0] == 0


def test_a_helpline_call_is_logged_with_or_without_a_case(db):
    at, now = dt.datetime(2027, 1, 4, 9, 0), dt.datetime(2027, 1, 4, 9, 30)
    call_id, none = helpline.log_helpline_contact(db, caller="Ward manager", what="Asking advice",
                                               by=ADVISOR, at=at, open_case=False, now=now)
    assert none is None
    assert db.query_one("SELECT case_id FROM helpline_contacts WHERE id = ?",
                        (call_id,))["case_id"] is None
    call_id, case = helpline.log_helpline_contact(
        db, caller="Paramedic", caller_role="Paramedic", organisation="Ambulance service",
        what="Kicked while moving a patient", by=ADVISOR, at=at,
        incident_at="2027-01-03T22:15", now=now)
    assert (case.source, case.report_id, case.victim) == (
        "helpline", None, "Caller: Paramedic, Ambulance service")
    assert case.summary == "Kicked while moving a patient"
    assert case.received_at == iso(at)
    assert due(db, case)["victim_contacted"] == "2027-01-06"
    assert due(db, case)["cctv_requested"] == "2027-01-31"
    assert [event.describe() for event in cases.timeline(db, case.id)] == [
        "Case opened from a helpline call from Paramedic",
        "Note: Helpline call from Paramedic: Kicked while moving a patient"]
    assert db.query_one("SELECT case_id FROM helpline_contacts WHERE id = ?",
                        (call_id,))["case_id"] == case.id


def test_a_call_about_a_report_joins_the_report_s_case(db):
    existing = open_case(db)
    reference = incidents.get_report(db, existing.report_id).reference
    _, case = helpline.log_helpline_contact(db, caller="Staff nurse", what="Any news?",
                                         by=ADVISOR, report_reference=reference.lower(),
                                         at=LATER, now=LATER)
    assert case.id == existing.id
    assert db.query_one("SELECT count(*) FROM cases")[0] == 1
    assert cases.timeline(db, case.id)[-1].describe() == \
        "Note: Helpline call from Staff nurse: Any news?"
    # A report with no case yet gets one, from the report rather than from the call.
    patient = submit(db, victims=[{"kind": "patient", "role": ""}])
    _, opened = helpline.log_helpline_contact(db, caller="Ward manager", what="Please follow up",
                                           by=ADVISOR, report_reference=patient.reference,
                                           at=LATER, now=LATER)
    assert (opened.source, opened.report_id) == ("report", patient.id)


def test_the_reporter_hears_why_a_case_closed_but_not_the_advisors_private_notes(db):
    case = open_case(db)
    ca.close_case(db, case.id, "victim_declined", ADVISOR,
                  "Victim is off sick with stress; do not share", now=LATER)
    told = [text for _at, text in cases.messages_for_report(db, case.report_id)]
    assert told[-1] == "The case is closed: Victim did not want to go ahead."
    assert not any("stress" in text for text in told)
    assert "stress" in cases.get_case(db, case.id).closing_reason  # the advisor keeps it


def test_a_call_about_a_report_marks_it_received_and_joins_its_case(db):
    report = submit(db)
    _call, case = helpline.log_helpline_contact(db, caller="Nurse", what="Any news?",
                                             by=ADVISOR, report_reference=report.reference,
                                             now=LATER, at=LATER)
    assert incidents.get_report(db, report.id).status == "case_open"
    call_id, linked = helpline.log_helpline_contact(db, caller="Nurse", what="Again", by=ADVISOR,
                                                 report_reference=report.reference,
                                                 open_case=False, now=LATER, at=LATER)
    assert linked.id == case.id  # no new case, but the call is filed with the existing one
    assert db.query_one("SELECT case_id FROM helpline_contacts WHERE id = ?",
                        (call_id,))["case_id"] == case.id


def test_a_closed_case_keeps_its_due_dates_and_bad_site_settings_fall_back(db):
    case = open_case(db)
    ca.close_case(db, case.id, "duplicate", ADVISOR, "Same as another case", now=LATER)
    with pytest.raises(cases.CaseError, match="Reopen it"):
        ca.set_due(db, case.id, "victim_contacted", None, ADVISOR)
    from commonground.core.cases import steps as cs
    assert cs.due_defaults("[1]") == cs.due_defaults(None)
    assert cs.due_defaults('{"victim_contacted": true}')["victim_contacted"] == 2


def test_on_the_advisor_hub_every_queued_record_is_received_at_once(db):
    from tests.core.test_record_kinds import full_request

    worker = submit(db)
    patient = submit(db, victims=[{"kind": "patient", "role": "Inpatient"}])
    request = incidents.submit(db, incidents.start_draft(db, "hub", full_request(),
                                                         now=SUBMITTED).id, "hub",
                               now=SUBMITTED)
    incidents.start_draft(db, "hub", {"narrative": "a draft stays a draft"})
    assert cases.receive_queued(db, ADVISOR, now=RECEIVED) == 3
    statuses = {r["id"]: r["status"] for r in db.query("SELECT id, status FROM reports")}
    assert statuses[worker.id] == "case_open"
    assert statuses[patient.id] == statuses[request.id] == "received"
    assert cases.case_for_report(db, request.id) is None     # requests open no case
    assert list(statuses.values()).count("draft") == 1
    assert cases.receive_queued(db, ADVISOR, now=RECEIVED) == 0
