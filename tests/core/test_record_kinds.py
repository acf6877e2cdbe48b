"""Police assistance requests and section 136 episodes: the same machinery as incident
reports (drafts, validation, submission, sync) with their own fields and legal checks."""

import datetime as dt
import json

import pytest

from commonground.core.records import kinds as rk
from commonground.core.records import outcomes
from commonground.core.records import reports as incidents
from commonground.core.records.kinds import assistance, s136
from commonground.core.records.kinds.assistance import fields as af
from commonground.core.records.kinds.assistance import rules as assistance_rules
from commonground.core.records.kinds.s136 import fields as sf
from commonground.core.records.kinds.s136 import rules as s136_rules
from commonground.core.storage.db import Database
from commonground.core.sync import incoming
from commonground.core.timeutil import now_local
from commonground.core.workdays import default_calendar

NOW = dt.datetime(2026, 11, 20, 10, 0)   # a Friday


def full_request(**changes) -> dict:
    data = {"_kind": assistance.KIND.key, "requester_name": "Alex Amhp", "requester_role": "AMHP",
            "team": "North AMHP service", "requester_phone": "07700 900123",
            "assessment_at": "2026-11-27T10:00:00", "urgency": "planned",
            "person_name": "Person Assessed", "address_type": "private_dwelling",
            "address": "1 Example Street", "warrant": "held", "warrant_kind": "s135_1",
            "reason": "execute_warrant",
            "asked_of_police": "Execute the warrant and keep everyone safe during entry.",
            "ambulance": "yes", "ambulance_at": "2026-11-27T10:30:00"}
    for key, _question, _prompt in af.RISKS:
        data[f"risk_{key}"] = "no"
    data.update(changes)
    return data


def full_episode(**changes) -> dict:
    data = {"_kind": s136.KIND.key, "detained_at": "2026-11-19T22:10:00", "age": "18_or_over",
            "consulted": "yes", "consulted_who": "nurse", "conveyance": "ambulance",
            "place_type": "health_based", "site": "Riverside Hospital",
            "arrived_at": "2026-11-19T22:55:00", "handover_at": "2026-11-19T23:20:00",
            "police_left_at": "2026-11-19T23:40:00", "outcome": "detained_s2",
            "ended_at": "2026-11-20T06:30:00", "extended": "no",
            "recorded_by": "Sam Nurse", "recorded_role": "Place of safety nurse"}
    data.update(changes)
    return data


def problems(data, now=NOW, submitting=True):
    return {p.field: p.message for p in incidents.validate(data, now=now, submitting=submitting)}


def submit(db, data, now=NOW, rules=None):
    draft = incidents.start_draft(db, "nurse1", data, now=now)
    return incidents.submit(db, draft.id, "nurse1", now=now, rules=rules)


# ------------------------------------------------------------------ requests
def test_a_complete_request_passes_and_each_yes_needs_its_details():
    assert problems(full_request()) == {}
    found = problems(full_request(risk_weapons="yes", risk_animals="yes",
                                  risk_animals_detail="Two large dogs in the garden"))
    assert found == {"risk_weapons_detail": "You answered yes to 'weapons': give the details "
                                            "the police need."}


def test_a_request_names_what_is_missing_in_words():
    found = problems({"_kind": assistance.KIND.key})
    assert found["assessment_at"] == "Enter the date and time of the assessment."
    assert found["reason"] == "Choose why police are needed."
    assert found["risk_violence"] == "Answer: history of violence (Not known is an answer)."
    assert "risk_violence_detail" not in found     # only asked after a yes
    urgent = problems(full_request(urgency="urgent"))
    assert urgent == {"urgent_reason": "Say why the request cannot wait for the notice period."}


def test_a_request_to_execute_a_warrant_needs_a_warrant():
    found = problems(full_request(warrant="none"))
    assert found == {"warrant": "The reason is to execute a warrant, but no warrant is held or "
                                "sought. Check both answers."}


def test_notice_counts_working_days_between_sending_and_the_assessment():
    calendar = default_calendar()
    friday = dt.datetime(2026, 11, 20, 10, 0)
    # Mon 23, Tue 24, Wed 25, Thu 26 are working days before Friday 27.
    assert assistance_rules.notice_days(friday, dt.datetime(2026, 11, 27, 10, 0), calendar) == 4
    assert assistance_rules.notice_days(friday, dt.datetime(2026, 11, 25, 10, 0), calendar) == 2
    assert assistance_rules.notice_days(friday, dt.datetime(2026, 11, 23, 10, 0), calendar) == 0
    # Christmas Day and Boxing Day 2026 (Friday, and Monday 28 as the substitute) do not count.
    assert assistance_rules.notice_days(dt.datetime(2026, 12, 23, 9, 0),
                                        dt.datetime(2026, 12, 30, 9, 0), calendar) == 2


def test_the_notice_rule_comes_from_the_protocol_or_the_site_policy(tmp_path):
    from commonground.policy import parse_policy
    from tests.core.test_packs import open_library

    library = open_library(Database.in_memory())
    protocol_rule = rk.rules(library, parse_policy("{}"))
    assert protocol_rule.notice_working_days == 3
    assert protocol_rule.notice_source.startswith("the protocol 'Police assistance at Mental "
                                                  "Health Act assessments' (version ")
    policy_rule = rk.rules(library, parse_policy(json.dumps({"notice_working_days": 5})))
    assert (policy_rule.notice_working_days, policy_rule.notice_source) == (5, "the site "
                                                                               "policy")


@pytest.mark.parametrize("written", ["\u00b2", "\u0663", "three", "-1"])
def test_a_notice_rule_a_protocol_pack_writes_wrongly_is_no_rule_not_a_crash(written):
    # The front matter comes in a protocol pack someone else wrote: "²" passes str.isdigit.
    from types import SimpleNamespace

    from commonground.policy import parse_policy

    protocol = SimpleNamespace(extra={"notice_working_days": written}, title="T",
                               version="1")
    library = SimpleNamespace(get=lambda _pid: protocol)
    assert rk.rules(library, parse_policy("{}")) == rk.Rules()


def test_a_late_request_is_submitted_and_flagged_with_the_notice_it_gave():
    db = Database.in_memory()
    rules = rk.Rules(3, "the protocol")
    late = submit(db, full_request(assessment_at="2026-11-24T10:00:00",
                                   ambulance_at="2026-11-24T10:30:00"), rules=rules)
    assert late.status == "queued"
    assert late.data["notice"] == {"given": 1, "rule": 3}
    assert late.data["flags"] == [
        "Late request: 1 working day of notice; the protocol asks for at least 3. It can "
        "still be sent, and police will try to help. If it cannot wait, mark it urgent and "
        "say why."]
    on_time = submit(db, full_request(), rules=rules)
    assert on_time.data["notice"] == {"given": 4, "rule": 3} and "flags" not in on_time.data
    urgent = submit(db, full_request(urgency="urgent", urgent_reason="Risk to life today",
                                     assessment_at="2026-11-20T15:00:00", ambulance="no"),
                    rules=rules)
    assert "flags" not in urgent.data   # the notice rule is for planned requests
    row = db.query_one("SELECT kind, incident_at, types, place, reporter_name FROM reports "
                       "WHERE id = ?", (late.id,))
    assert tuple(row) == (assistance.KIND.key, "2026-11-24T10:00:00",
                          "Police assistance request: planned, warrant held",
                          "Private dwelling (a home)", "Alex Amhp")


def test_the_outcome_is_recorded_afterwards_and_checked():
    db = Database.in_memory()
    request = submit(db, full_request())
    before = dt.datetime(2026, 11, 21, 9, 0)
    with pytest.raises(outcomes.OutcomeProblems) as raised:
        outcomes.record_outcome(db, request.id, {"outcome": "on_time"}, "Alex", now=before)
    assert raised.value.problems == [("outcome", "The assessment has not happened yet; record "
                                                 "this once it has (a cancellation can be "
                                                 "recorded now).")]
    with pytest.raises(outcomes.OutcomeProblems) as raised:
        outcomes.record_outcome(db, request.id, {"outcome": "cancelled"}, "Alex", now=before)
    assert dict(raised.value.problems) == {
        "cancelled_by": "Say who cancelled: police, or health or social care.",
        "cancel_reason": "Choose the reason it was cancelled."}
    outcomes.record_outcome(db, request.id, {"outcome": "cancelled", "cancelled_by":
                                             "health_social_care", "cancel_reason":
                                             "bed_unavailable", "rebooked_at":
                                             "2026-12-02T10:00:00", "minutes_late": "9"},
                            "Alex Amhp", now=before)
    assert outcomes.latest_outcome(db, request.id) == {
        "outcome": "cancelled", "cancelled_by": "health_social_care",
        "cancel_reason": "bed_unavailable", "rebooked_at": "2026-12-02T10:00:00"}
    [event] = [e for e in incidents.timeline(db, request.id) if e.kind == "outcome"]
    assert event.describe() == ("Outcome: The assessment was cancelled by health or social "
                                "care: no bed available; re-booked to 2 Dec 2026 10:00")
    for typed in ("lots", "\u00b2", "\u0664\u0660"):     # "²" and "٤٠" pass str.isdigit
        late = {"outcome": "late", "minutes_late": typed}
        with pytest.raises(outcomes.OutcomeProblems, match="a number from 1 to 1440"):
            outcomes.record_outcome(db, request.id, late, "Alex",
                                    now=dt.datetime(2026, 11, 28))
    outcomes.record_outcome(db, request.id, {"outcome": "late", "minutes_late": "40"}, "Alex",
                            now=dt.datetime(2026, 11, 28))
    assert outcomes.latest_outcome(db, request.id)["minutes_late"] == "40"


def test_only_a_submitted_request_has_an_outcome():
    db = Database.in_memory()
    draft = incidents.start_draft(db, "nurse1", full_request(), now=NOW)
    with pytest.raises(incidents.ReportError, match="Submit the request first"):
        outcomes.record_outcome(db, draft.id, {"outcome": "on_time"}, "Alex", now=NOW)
    episode = submit(db, full_episode())
    with pytest.raises(incidents.ReportError, match="Only a police assistance request"):
        outcomes.record_outcome(db, episode.id, {"outcome": "on_time"}, "Alex", now=NOW)


# ------------------------------------------------------------------ s136
def test_a_complete_episode_passes():
    assert problems(full_episode()) == {}


@pytest.mark.parametrize("age", ["under_18", "not_sure"])
def test_a_police_station_is_refused_for_anyone_who_may_be_under_18(age):
    found = problems(full_episode(age=age, place_type="police_station",
                                  station_reason="imminent_risk",
                                  station_conditions=[c for c, _ in sf.REG2_CONDITIONS]))
    assert found == {"place_type": sf.UNDER_18_AT_STATION}
    assert "s136A" in sf.UNDER_18_AT_STATION
    # Refused while typing too, not only at the end.
    assert problems({"_kind": s136.KIND.key, "age": age, "place_type": "police_station"},
                    submitting=False) == {"place_type": sf.UNDER_18_AT_STATION}


def test_an_adult_at_a_police_station_is_recorded_and_what_is_unconfirmed_is_flagged():
    data = full_episode(place_type="police_station", station_reason="suite_full",
                        station_conditions=["imminent_risk"], inspector="Insp 4471")
    assert problems(data) == {}
    db = Database.in_memory()
    record = submit(db, data)
    assert record.data["flags"] == [
        "Not every condition of regulation 2 is confirmed, so using a police station may not "
        "have been lawful. It will be recorded as not confirmed.",
        "A full place of safety, or no staff, is not by itself a lawful reason to use a police "
        "station (regulation 2 is about the person's risk)."]


def test_times_must_run_in_order_and_the_limit_is_flagged_not_refused():
    found = problems(full_episode(arrived_at="2026-11-19T21:00:00"))
    assert found == {"arrived_at": "This is before detention. Check both times."}
    found = problems(full_episode(police_left_at="2026-11-19T23:00:00"))
    assert found == {"police_left_at": "This is before handover. Check both times."}
    assert problems(full_episode(extended="yes", extended_by="Dr A", extension_hours="13")) \
        == {"extension_hours": "An extension is from 1 to 12 hours (s136B)."}
    # "²" and "١٢" pass str.isdigit; neither is a length this can count.
    for typed in ("\u00b2", "\u0661\u0662", "abc"):
        assert problems(full_episode(extended="yes", extended_by="Dr A",
                                     extension_hours=typed)) \
            == {"extension_hours": "An extension is from 1 to 12 hours (s136B)."}
    long = full_episode(ended_at="2026-11-21T01:00:00")   # 26 h 05 min after arrival
    assert problems(long, now=dt.datetime(2026, 11, 21, 2, 0)) == {}
    assert s136_rules.flags(long) == ["Section 136 lasted 26 h 05 min, longer than the 24 hours "
                              "allowed. Check the times; if they are right, this is recorded "
                              "as over the limit."]
    extended = dict(long, extended="yes", extended_by="Dr A, consultant", extension_hours="4")
    assert s136_rules.flags(extended) == []
    assert s136_rules.flags(dict(extended, extension_hours="\u00b2"))[0].startswith(
        "Section 136 lasted 26 h 05 min, longer than the 24 hours allowed.")
    assert s136_rules.police_wait_minutes(full_episode()) == 45


def test_an_episode_conveyed_by_police_vehicle_needs_the_reason():
    found = problems(full_episode(conveyance="police_vehicle"))
    assert found == {"police_vehicle_why": "Choose why a police vehicle was used instead of an "
                                           "ambulance."}
    # The details in words are kept but optional: the choice is what can be counted.
    assert problems(full_episode(conveyance="police_vehicle",
                                 police_vehicle_why="diverted")) == {}


# ------------------------------------------------------------------ sync
def test_requests_episodes_and_an_outcome_written_after_the_receipt_reach_the_advisor(
        tmp_path):
    from tests.core.test_sync import World

    world = World(tmp_path)
    try:
        front, hub = world.front.db, world.advisor.db
        now = now_local().replace(second=0)
        assessment = (now + dt.timedelta(days=7)).isoformat()
        request = submit(front, full_request(assessment_at=assessment, ambulance="no"), now=now)
        episode = submit(front, full_episode(), now=now)
        assert world.sync(world.front).sent == 1
        assert world.sync(world.advisor).received == 1      # one bundle, two records
        kinds = {row["reference"]: row["kind"] for row in hub.query("SELECT reference, kind "
                                                                     "FROM reports")}
        assert kinds == {request.reference: assistance.KIND.key, episode.reference: s136.KIND.key}
        assert hub.query_one("SELECT count(*) FROM cases")[0] == 0   # no prosecution case
        world.sync(world.front)                                       # the receipts
        kept = incidents.get_report(front, request.id)
        assert kept.status == "received"
        assert kept.data == {"_kind": assistance.KIND.key, "assessment_at": assessment,
                             "reported_at": request.data["reported_at"],
                             "urgency": "planned", "warrant": "held"}   # no name, no address

        outcomes.record_outcome(front, request.id, {"outcome": "cancelled", "cancelled_by":
                                                    "police", "cancel_reason":
                                                    "police_resources"}, "Alex Amhp")
        assert world.sync(world.front).sent == 1
        world.sync(world.advisor)
        copy = incidents.find_report(hub, request.reference)
        assert outcomes.latest_outcome(hub, copy.id) == {
            "outcome": "cancelled", "cancelled_by": "police",
            "cancel_reason": "police_resources"}
        assert copy.data["person_name"] == "Person Assessed"   # the advisor has it all
        assert world.sync(world.front).sent == 0                 # nothing goes twice
    finally:
        world.close()


def test_a_record_of_an_unknown_kind_or_with_unknown_fields_is_refused():
    record = {"type": "report", "uuid": "u", "reference": "CG-2026-ABCD-000001",
              "submitted_at": "2026-11-20T10:00:00", "created_at": "2026-11-20T09:00:00",
              "data": full_episode(_kind="stop_and_search")}
    assert incoming.check_report_record(record) == ("the record is of a kind this version "
                                                    "does not know")
    record["data"] = full_episode(address="1 Example Street")
    assert incoming.check_report_record(record) == ("the report has fields this version does "
                                                    "not know: ['address']")
    record["data"] = full_episode(detained_at="")
    assert incoming.check_report_record(record) == "the record has no detained time"
    outcome = {"type": "outcome", "uuid": "o", "report_uuid": "u", "at": "x", "author": "a",
               "values": {"outcome": "on_time", "who_was_there": "PC Smith"}}
    assert incoming.check_report_record(outcome) == ("the outcome has fields this version "
                                                     "does not know: ['who_was_there']")


@pytest.mark.parametrize("typed", ["\u00b2", "\u0661\u0662", "\u00bd"])
def test_digits_that_are_not_0_to_9_are_no_whole_number_for_the_committee(typed):
    # str.isdigit takes "²" and "١٢"; int() refuses "²": it crashed the de-identified copy.
    from commonground.core.records import deid
    assert deid.whole(typed) is None
    assert deid.whole(" 12 ") == 12
