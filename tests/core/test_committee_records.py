"""Police assistance requests and section 136 episodes, from the frontline form to the
committee's figures and meeting pack, checked against numbers counted by hand.

Ten requests have their assessment in September and October 2026 (one more in November is
outside the period) and seven episodes their detention (one more in November):

  request  sent       assessment  urgency  notice  what happened
  R1       Tue  1 Sep Tue  8 Sep  planned  4       police on time
  R2       Mon  7 Sep Thu 10 Sep  planned  2 late  cancelled by health: no bed (re-booked)
  R3       Mon 14 Sep Mon 14 Sep  urgent   0       police 40 minutes late
  R4       Tue 15 Sep Tue 22 Sep  planned  4       cancelled by police: police resources
  R10      Wed  9 Sep Wed 16 Sep  planned  4       police on time
  R5       Fri  2 Oct Tue  6 Oct  planned  1 late  cancelled by police: other (typed reason)
  R6       Thu  1 Oct Thu 15 Oct  planned  9       cancelled by health: doctor not available
  R7       Tue 20 Oct Tue 20 Oct  urgent   0       police did not attend
  R8       Mon 19 Oct Thu 29 Oct  planned  7       not recorded yet (later: on time)
  R11      Mon 12 Oct Wed 21 Oct  planned  6       not recorded yet

  episode  detained  conveyance      place           site        police wait  other
  E1       3 Sep     ambulance       136 suite       Riverside   45 min       detained s2
  E2       12 Sep    police vehicle  136 suite       Riverside   150 min      not consulted
  E3       25 Sep    ambulance       emergency dept  (typed)     240 min      discharged, f/u
  E4       2 Oct     police vehicle  police station  none        360 min      suite full,
                                                                              reg 2 not all
  E5       9 Oct     ambulance       136 suite       Riverside   30 min       extended 6 h,
                                                                              27 h in all
  E6       20 Oct    ambulance       police station  none        90 min       imminent risk,
                                                                              reg 2 all, 25 h
  E7       28 Oct    ambulance       136 suite       Riverside   60 min       under 18
"""

import datetime as dt
import io
import json
import zipfile

import pytest
from pypdf import PdfReader

from commonground.core.committee import stats
from commonground.core.pdf.meeting_pack import meeting_pack
from commonground.core.records import kinds as rk
from commonground.core.records import outcomes
from commonground.core.records import reports as incidents
from commonground.core.records.kinds import assistance, s136
from commonground.core.records.kinds.s136 import fields as sf
from commonground.core.sync import deidentify, incoming
from tests.core.test_meeting_pack import between, body_text
from tests.core.test_record_kinds import full_episode, full_request

RULES = rk.Rules(3, "the protocol")
AUTUMN = stats.Filters(dt.date(2026, 9, 1), dt.date(2026, 10, 31))
IMPORTED = dt.datetime(2026, 11, 2, 9, 0)
SECRETS = ("Alex Amhp", "North AMHP service", "07700 900123", "Person Assessed",
           "1 Example Street", "Execute the warrant", "Two large dogs", "Corner shop",
           "AMB-5521", "Valeshire Magistrates", "Threatening the neighbours",
           "Officer on a training course", "Good joint working", "Sam Nurse",
           "Place of safety nurse", "PC 9876", "Insp 4471", "Dr Extender", "RX99887",
           "Crisis line nurse Jo", "Ambulance wait was over two hours", "St Elsewhere",
           "Too agitated to call anyone", "Custody nurse on shift")

# (sent, assessment, changes, outcome or None, when the outcome was recorded)
REQUESTS = {
    "R1": ("2026-09-01T09:00", "2026-09-08T10:00", {}, {"outcome": "on_time"},
           "2026-09-08T17:00"),
    "R2": ("2026-09-07T09:00", "2026-09-10T10:00", {"warrant": "none",
                                                    "reason": "risk_to_life"},
           {"outcome": "cancelled", "cancelled_by": "health_social_care",
            "cancel_reason": "bed_unavailable", "rebooked_at": "2026-09-17T10:00:00"},
           "2026-09-09"),
    "R3": ("2026-09-14T09:00", "2026-09-14T15:00",
           {"urgency": "urgent", "urgent_reason": "Threatening the neighbours with a knife",
            "risk_weapons": "yes", "risk_weapons_detail": "Kitchen knives",
            "risk_animals": "yes", "risk_animals_detail": "Two large dogs in the garden",
            "meeting_point": "Corner shop", "ambulance_reference": "AMB-5521",
            "warrant_details": "Valeshire Magistrates, 13 Sep"},
           {"outcome": "late", "minutes_late": "40",
            "outcome_note": "Good joint working once they came"}, "2026-09-14T18:00"),
    "R4": ("2026-09-15T09:00", "2026-09-22T10:00", {},
           {"outcome": "cancelled", "cancelled_by": "police",
            "cancel_reason": "police_resources"}, "2026-09-21"),
    "R10": ("2026-09-09T09:00", "2026-09-16T10:00", {}, {"outcome": "on_time"},
            "2026-09-16T12:00"),
    "R5": ("2026-10-02T09:00", "2026-10-06T10:00", {},
           {"outcome": "cancelled", "cancelled_by": "police", "cancel_reason": "other",
            "cancel_other": "Officer on a training course"}, "2026-10-05"),
    "R6": ("2026-10-01T09:00", "2026-10-15T10:00", {},
           {"outcome": "cancelled", "cancelled_by": "health_social_care",
            "cancel_reason": "doctor_unavailable"}, "2026-10-14"),
    "R7": ("2026-10-20T08:00", "2026-10-20T14:00",
           {"urgency": "urgent", "urgent_reason": "Threatening the neighbours again",
            "ambulance": "no"}, {"outcome": "did_not_attend"}, "2026-10-20T18:00"),
    "R8": ("2026-10-19T09:00", "2026-10-29T10:00", {}, None, None),
    "R11": ("2026-10-12T09:00", "2026-10-21T10:00", {"ambulance": "not_needed"}, None, None),
    "R12": ("2026-10-26T09:00", "2026-11-04T10:00", {}, None, None),   # November
}


def at(day: str, hours=0, minutes=0) -> str:
    return (dt.datetime.fromisoformat(day) + dt.timedelta(hours=hours, minutes=minutes)) \
        .isoformat()


def episode(detained: str, wait: int, lasted_hours: float, **changes) -> dict:
    """Arrival 30 minutes after detention, handover 10 minutes after arrival; the police
    wait is arrival to police leaving; section 136 ends ``lasted_hours`` after arrival."""
    arrived = at(detained, minutes=30)
    return full_episode(detained_at=detained, arrived_at=arrived,
                        handover_at=at(arrived, minutes=10),
                        police_left_at=at(arrived, minutes=wait),
                        ended_at=at(arrived, hours=lasted_hours),
                        officer_number="PC 9876", patient_identifier="RX99887",
                        consulted_detail="Crisis line nurse Jo", **changes)


STATION = {"place_type": "police_station", "site": "", "inspector": "Insp 4471"}
NOT_PRACTICABLE = {"consulted": "not_practicable",
                   "not_consulted_reason": "Too agitated to call anyone"}
EPISODES = {
    "E1": episode("2026-09-03T21:00:00", 45, 8, age_band="18_34", gender="female",
                  ethnicity="black", officer_ethnicity="black", intoxication="alcohol",
                  doctor_arrived_at=at("2026-09-03T21:30:00", minutes=60), s12_doctor="yes",
                  amhp_arrived_at=at("2026-09-03T21:30:00", minutes=120)),
    "E2": episode("2026-09-12T14:00:00", 150, 10, conveyance="police_vehicle",
                  police_vehicle_why="no_ambulance_30",
                  police_vehicle_reason="Ambulance wait was over two hours",
                  age_band="35_49", gender="male", ethnicity="white", officer_ethnicity="white",
                  outcome="admitted_informal", **NOT_PRACTICABLE),
    "E3": episode("2026-09-25T02:00:00", 240, 12, place_type="emergency_department",
                  site="other", site_other="St Elsewhere Minor Injuries",
                  gender="male", ethnicity="not_stated", transferred="yes",
                  transfer_place="health_based", transferred_at=at("2026-09-25T02:30:00", 2),
                  outcome="discharged_follow_up"),
    "E4": episode("2026-10-02T23:00:00", 360, 14, conveyance="police_vehicle",
                  police_vehicle_why="not_requested",
                  police_vehicle_reason="Ambulance wait was over two hours",
                  age_band="18_34", gender="male", ethnicity="black", officer_ethnicity="black",
                  station_reason="suite_full", station_conditions=["imminent_risk"],
                  outcome="detained_s3", **STATION, **NOT_PRACTICABLE),
    "E5": episode("2026-10-09T10:00:00", 30, 27, extended="yes",
                  extended_by="Dr Extender, consultant", extension_hours="6"),
    "E6": episode("2026-10-20T16:00:00", 90, 25, station_reason="imminent_risk",
                  station_conditions=[code for code, _ in sf.REG2_CONDITIONS],
                  outcome="discharged", police_stay_reason="Custody nurse on shift",
                  age_band="50_64", gender="female", ethnicity="asian", ethnic_category="H",
                  officer_ethnicity="asian", **STATION),
    "E7": episode("2026-10-28T19:00:00", 60, 6, age="under_18", age_band="16_17",
                  gender="female", ethnicity="mixed", outcome="admitted_informal"),
    "E8": episode("2026-11-05T19:00:00", 60, 6),                           # November
}


def submit(db, data, now: dt.datetime):
    draft = incidents.start_draft(db, "ward-pc", data, now=now)
    return incidents.submit(db, draft.id, "ward-pc", now=now, rules=RULES)


def make_records(front) -> dict[str, int]:
    """Every request and episode submitted (with its outcome) on the frontline PC, and a
    draft of each kind that must never count. Returns the report ids by name."""
    ids = {}
    for name, (sent, assessment, changes, outcome, recorded) in REQUESTS.items():
        data = full_request(assessment_at=assessment + ":00",
                            ambulance_at=at(assessment, minutes=30), **changes)
        ids[name] = submit(front, data, dt.datetime.fromisoformat(sent)).id
        if outcome:
            outcomes.record_outcome(front, ids[name], outcome, "Alex Amhp",
                                    now=dt.datetime.fromisoformat(recorded))
    for name, data in EPISODES.items():
        ended = dt.datetime.fromisoformat(data["ended_at"])
        ids[name] = submit(front, data, ended + dt.timedelta(hours=1)).id
    incidents.start_draft(front, "ward-pc", full_request(assessment_at="2026-09-30T10:00:00"))
    incidents.start_draft(front, "ward-pc", full_episode(detained_at="2026-09-30T10:00:00"))
    return ids


def synced_world(root):
    from tests.core.test_sync import World

    world = World(root)
    ids = make_records(world.front.db)
    assert world.sync(world.front).sent == 1
    assert world.sync(world.advisor).received == 1
    result = world.sync(world.committee)
    assert result.received == 1 and not result.problems
    return world, ids


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    made, _ids = synced_world(tmp_path_factory.mktemp("world"))
    yield made
    made.close()


# ------------------------------------------------------------------ end to end
def test_the_committee_counts_requests_as_counted_by_hand(world):
    figures = stats.figures(world.committee.db, AUTUMN)
    tables = figures.tables
    assert (figures.headline["requests"], figures.headline["episodes"]) == (10, 7)
    assert tables["requests_by_month"].columns == [
        "Month", "Requests", "Urgent", "Planned, with less notice than the rule"]
    assert tables["requests_by_month"].rows == [["Sep 2026", 5, 1, 1], ["Oct 2026", 5, 1, 1]]
    assert tables["request_outcomes"].rows == [
        ["Police attended on time", 2, "20%"], ["Police attended late", 1, "10%"],
        ["Police did not attend", 1, "10%"], ["Cancelled by police", 2, "20%"],
        ["Cancelled by health or social care", 2, "20%"], ["Not recorded yet", 2, "20%"]]
    reasons = ["No bed available", "Doctor not available", "Police resources",
               "Risk changed", "Person found elsewhere, or admitted", "Other"]
    police, health = tables["cancelled_by_police"], tables["cancelled_by_health"]
    assert police.title == "Assessments cancelled by police: the reasons"
    assert police.rows == [[reason, n] for reason, n in zip(reasons, (0, 0, 1, 0, 0, 1))]
    assert health.title == "Assessments cancelled by health or social care: the reasons"
    assert health.rows == [[reason, n] for reason, n in zip(reasons, (1, 1, 0, 0, 0, 0))]
    # Planned notice: 4, 2, 4, 4 in September; 1, 9, 7, 6 in October. Median 4.
    assert tables["notice"].rows == [
        ["None (the same or the next working day)", 0], ["1 working day", 1],
        ["2 working days", 1], ["3 or 4 working days", 3], ["5 to 9 working days", 3],
        ["10 working days or more", 0]]
    assert tables["notice"].note == (
        "Working days from the day after the request to the day before the assessment. "
        "Median notice: 4 working days. The rule asked for at least 3 working days.")


def test_the_committee_counts_episodes_as_counted_by_hand(world):
    tables = stats.figures(world.committee.db, AUTUMN).tables
    # Waits: September 45, 150, 240; October 360, 30, 90, 60 (median 75).
    assert tables["s136_by_month"].rows == [["Sep 2026", 3, 2, "67%", 150, 240],
                                            ["Oct 2026", 4, 3, "75%", 75, 360]]
    assert tables["conveyance"].rows == [
        ["Ambulance", 5, "71%"], ["Police vehicle", 2, "29%"], ["Other health vehicle", 0, "0%"],
        ["Other", 0, "0%"], ["None (already at a place of safety)", 0, "0%"],
        ["Not known", 0, "0%"]]
    assert tables["place_of_safety"].rows == [
        ["Health based place of safety (136 suite)", 4, "57%", 0],
        ["A&E (emergency department)", 1, "14%", 1], ["Police station", 2, "29%", 0],
        ["Private home", 0, "0%", 0], ["Other", 0, "0%", 0], ["Not known", 0, "0%", 0]]
    assert tables["station_reasons"].columns == ["Reason given", "Episodes",
                                                 "Regulation 2 not confirmed"]
    assert tables["station_reasons"].rows == [
        ["Imminent risk of serious injury or death (regulation 2)", 1, 0],
        ["The health-based place of safety was full", 1, 1]]
    assert tables["s136_outcomes"].rows == [
        ["Admitted informally", 2, "29%"], ["Detained under section 2", 2, "29%"],
        ["Detained under section 3", 1, "14%"], ["Discharged with follow-up", 1, "14%"],
        ["Discharged, no follow-up needed", 1, "14%"], ["Other", 0, "0%"]]
    assert tables["s136_limits"].rows == [
        ["Health professional consulted before detention", 5, "71%"],
        ["Under 18, or may be under 18", 1, "14%"],
        ["24 hours extended by a doctor", 1, "14%"],
        ["Longer than the time allowed", 1, "14%"],       # E6: 25 hours, no extension
        ["Police station without every regulation 2 condition confirmed", 1, "14%"]]


def test_a_site_filters_episodes_and_says_requests_have_no_site(world):
    riverside = stats.Filters(AUTUMN.start, AUTUMN.end, site="Riverside Hospital")
    figures = stats.figures(world.committee.db, riverside)
    # E1 (45, ambulance) and E2 (150, police) in September; E5 (30) and E7 (60) in October.
    assert figures.tables["s136_by_month"].rows == [["Sep 2026", 2, 1, "50%", 97.5, 150],
                                                    ["Oct 2026", 2, 2, "100%", 45, 60]]
    assert figures.headline["requests"] == 10
    assert figures.tables["requests_by_month"].note == (
        "Counted in the month of the assessment. "
        + assistance.KIND.committee.dashboard.unfiltered)
    other = stats.Filters(AUTUMN.start, AUTUMN.end, site="Other")
    assert stats.figures(world.committee.db, other).headline["episodes"] == 1   # E3
    sites, wards = stats.places(world.committee.db)
    assert "Riverside Hospital" in sites and "Other" in sites and "" not in sites


def test_no_identifier_leaves_the_advisor_in_any_byte(world):
    everything = b""
    for path in world.files("committee"):
        with zipfile.ZipFile(path) as archive:
            everything += b"".join(archive.read(name) for name in archive.namelist())
    database = world.committee.paths.database
    for path in (database, database.with_name(database.name + "-wal")):
        everything += path.read_bytes() if path.exists() else b""
    assert b'"type": "s136"' in everything or b'"type":"s136"' in everything
    for secret in SECRETS:
        assert secret.encode() not in everything, secret
    rows = world.committee.db.query("SELECT record FROM deid_assistance UNION ALL "
                                    "SELECT record FROM deid_s136")
    assert len(rows) == 19                     # 11 requests and 8 episodes; no drafts
    for row in rows:
        assert deidentify.check_record(json.loads(row["record"])) is None


def test_the_records_are_codes_days_and_minutes(world):
    db = world.committee.db
    e3 = json.loads(db.query_one("SELECT record FROM deid_s136 WHERE detained_date = "
                                 "'2026-09-25'")["record"])
    assert {k: v for k, v in e3.items() if k != "id"} == {
        "type": "s136", "detained_date": "2026-09-25", "site": "Other",
        "age": "18_or_over", "consulted": "yes", "consulted_who": "nurse",
        "conveyance": "ambulance", "place_type": "emergency_department",
        "station_reason": None, "station_confirmed": None, "wait_minutes": 240,
        "duration_minutes": 720, "outcome": "discharged_follow_up", "extended": False,
        "extension_hours": None, "over_limit": False,
        "age_band": None, "gender": "male", "ethnicity": "not_stated",
        "officer_ethnicity": None, "intoxication": None, "already_at_pos": None,
        "transferred": "yes", "transfer_place": "health_based", "s12_doctor": None,
        "police_vehicle_why": None, "doctor_minutes": None, "amhp_minutes": None}
    r5 = json.loads(db.query_one("SELECT record FROM deid_assistance WHERE "
                                 "assessment_date = '2026-10-06'")["record"])
    assert {k: v for k, v in r5.items() if k != "id"} == {
        "type": "assistance", "assessment_date": "2026-10-06", "submitted_date": "2026-10-02",
        "urgency": "planned", "address_type": "private_dwelling", "warrant": "held",
        "warrant_kind": "s135_1", "reason": "execute_warrant", "risks": [],
        "ambulance": "yes", "notice_days": 1, "notice_rule": 3, "late_notice": True,
        "outcome": "cancelled", "minutes_late": None, "cancelled_by": "police",
        "cancel_reason": "other", "rebooked": False}
    r3 = json.loads(db.query_one("SELECT record FROM deid_assistance WHERE "
                                 "assessment_date = '2026-09-14'")["record"])
    assert (r3["risks"], r3["minutes_late"], r3["late_notice"]) == (["weapons", "animals"],
                                                                    40, False)


def test_an_outcome_recorded_later_reaches_the_committee_and_changes_the_figure(tmp_path):
    world, ids = synced_world(tmp_path)
    try:
        assert world.sync(world.advisor).sent == 0     # nothing changed: nothing resent
        outcomes.record_outcome(world.front.db, ids["R8"], {"outcome": "on_time"},
                                "Alex Amhp", now=dt.datetime(2026, 10, 29, 13, 0))
        world.sync(world.front)
        world.sync(world.advisor)
        assert world.sync(world.committee).received == 1
        [bundle] = [p for p in world.files("committee")][-1:]
        with zipfile.ZipFile(bundle) as archive:
            payload = archive.read("payload.jsonl").decode()
        assert len(payload.splitlines()) == 1          # only the request that changed
        rows = stats.figures(world.committee.db, AUTUMN).tables["request_outcomes"].rows
        assert rows[0] == ["Police attended on time", 3, "30%"]
        assert rows[-1] == ["Not recorded yet", 1, "10%"]
        assert world.committee.db.query_one("SELECT count(*) FROM deid_assistance")[0] == 11
    finally:
        world.close()


# ------------------------------------------------------------------ the whitelist
def test_the_committee_refuses_any_field_or_value_outside_the_whitelist(world):
    db = world.committee.db
    request = json.loads(db.query_one("SELECT record FROM deid_assistance")["record"])
    episode_ = json.loads(db.query_one("SELECT record FROM deid_s136")["record"])
    assert deidentify.check_record(request) is None
    assert deidentify.check_record({**request, "person_name": "Person Assessed"}) == \
        "unexpected fields ['person_name']"
    assert deidentify.check_record({**episode_, "officer_number": "PC 9876"}) == \
        "unexpected fields ['officer_number']"
    assert deidentify.check_record({**request, "cancel_reason": "Officer on a course"}) == \
        "'cancel_reason' holds something this version does not expect"
    assert deidentify.check_record({**episode_, "wait_minutes": "45"}) == \
        "'wait_minutes' holds something this version does not expect"
    assert deidentify.check_record({**request, "assessment_date": "2026-10-06T10:00"}) == \
        "'assessment_date' holds something this version does not expect"
    assert deidentify.check_record({**request, "risks": ["weapons", "a knife"]}) == \
        "'risks' holds something this version does not expect"
    missing = dict(episode_)
    del missing["over_limit"]
    assert deidentify.check_record(missing) == "missing fields ['over_limit']"
    assert deidentify.check_record({**episode_, "site": "x" * 121}) is not None


def test_the_same_request_in_two_exports_counts_once_and_the_latest_bundle_wins(world):
    from commonground.core.storage.db import Database

    db = Database.in_memory()
    source = world.committee.db.query_one("SELECT record FROM deid_assistance WHERE "
                                          "assessment_date = '2026-10-29'")["record"]
    pending = json.loads(source)
    attended = {**pending, "outcome": "on_time"}
    assert incoming.import_deidentified(db, [pending], "hub", IMPORTED, sequence=3) == 1
    assert incoming.import_deidentified(db, [pending], "hub", IMPORTED, sequence=4) == 0
    assert incoming.import_deidentified(db, [attended], "hub", IMPORTED, sequence=5) == 1
    assert incoming.import_deidentified(db, [pending], "hub", IMPORTED, sequence=4) == 0
    row = db.query_one("SELECT count(*), outcome FROM deid_assistance")
    assert tuple(row) == (1, "on_time")



# ------------------------------------------------------------------ small counts
def test_small_counts_hide_medians_beside_them_but_never_a_median_as_a_count(world):
    tables = stats.figures(world.committee.db, AUTUMN).tables
    hidden = stats.suppressed(tables["s136_by_month"], 5)
    assert hidden.rows == [["Sep 2026", "<5", "<5", "not shown", "not shown", "not shown"],
                           ["Oct 2026", "<5", "<5", "not shown", "not shown", "not shown"]]
    assert stats.suppressed(tables["requests_by_month"], 5).rows[0] == ["Sep 2026", 5, "<5",
                                                                        "<5"]
    # Six episodes in a month, all by ambulance: the counts stand, and a longest wait of
    # 4 minutes is a number of minutes, not a count to hide.
    db = _six_quick_episodes()
    table = stats.figures(db, stats.Filters(dt.date(2026, 3, 1),
                                            dt.date(2026, 3, 31))).tables["s136_by_month"]
    assert table.rows == [["Mar 2026", 6, 6, "100%", 3, 4]]
    assert stats.suppressed(table, 5).rows == table.rows


def _six_quick_episodes():
    from commonground.core.storage.db import Database

    db = Database.in_memory()
    secret = b"k" * 32
    records = [s136.KIND.committee.deidentify(
        secret, {"uuid": f"u{n}", "submitted_at": "",
                 "data": episode(f"2026-03-0{n + 1}T10:00:00", wait, 5)},
        {"places": {"Riverside Hospital"}}) for n, wait in enumerate((1, 2, 3, 3, 4, 4))]
    assert all(deidentify.check_record(r) is None for r in records)
    incoming.import_deidentified(db, records, "hub", IMPORTED)
    return db


# ------------------------------------------------------------------ meeting pack
def pack_text(db, tmp_path, filters=AUTUMN, **options) -> str:
    data = meeting_pack(db, filters, tmp_path / "pack.pdf", today=dt.date(2026, 11, 5),
                        **options)
    assert PdfReader(io.BytesIO(data)).pages
    return body_text(data)


def test_the_meeting_pack_carries_the_hand_counted_numbers(world, tmp_path):
    body = pack_text(world.committee.db, tmp_path)
    requests = between(body, "3 Police assistance at Mental Health Act assessments",
                       "4 Section 136")
    assert requests.startswith(
        "3 Police assistance at Mental Health Act assessments Requests for police assistance "
        "10 Counted by the date of the assessment, 1 Sep 2026 to 31 Oct 2026, all sites")
    assert "Month Requests Urgent Planned, with less notice than the rule Sep 2026 5 1 1 " \
           "Oct 2026 5 1 1" in requests
    assert "Cancelled by police 2 20% Cancelled by health or social care 2 20% Not recorded " \
           "yet 2 20%" in requests
    assert "Reason Cancellations No bed available 0 Doctor not available 0 Police resources " \
           "1 Risk changed 0 Person found elsewhere, or admitted 0 Other 1 Assessments " \
           "cancelled by health or social care: the reasons" in requests
    episodes = between(body, "4 Section 136: removal to a place of safety",
                       "5 Thanks and positive feedback")
    assert episodes.startswith(
        "4 Section 136: removal to a place of safety Section 136 episodes 7 Median police "
        "wait at the place of safety 90 minutes Counted by the date of detention, 1 Sep 2026 "
        "to 31 Oct 2026, all sites")
    assert "Sep 2026 3 2 67% 150 240 Oct 2026 4 3 75% 75 360" in episodes
    assert "Reason given Episodes Regulation 2 not confirmed Imminent risk of serious injury " \
           "or death (regulation 2) 1 0 The health-based place of safety was full 1 1" \
        in episodes
    assert "Longer than the time allowed 1 14%" in episodes


def test_a_shared_pack_hides_the_small_counts_of_requests_and_episodes(world, tmp_path):
    body = pack_text(world.committee.db, tmp_path, share_outside=True)
    episodes = between(body, "4 Section 136: removal to a place of safety",
                       "5 Thanks and positive feedback")
    assert "Section 136 episodes 7" in episodes
    assert "Sep 2026 <5 <5 not shown not shown not shown" in episodes
    assert "240" not in episodes.split() and "360" not in episodes.split()
    requests = between(body, "3 Police assistance", "4 Section 136")
    assert "Sep 2026 5 <5 <5 Oct 2026 5 <5 <5" in requests
    assert "Cancelled by police <5 not shown" in requests


# ------------------------------------------------------------------ demo data
def test_the_demo_records_pass_the_whitelist_and_look_like_the_audits():
    from commonground.core.committee.demo import generate_records

    records = generate_records(20000, dt.datetime(2026, 11, 20, 10, 0), seed=7)
    assert [deidentify.check_record(r) for r in records] == [None] * len(records)
    requests = [r for r in records if r["type"] == "assistance"]
    episodes = [r for r in records if r["type"] == "s136"]
    assert len(requests) == len(episodes) == 2000
    police = sum(1 for r in requests if r["cancelled_by"] == "police")
    health = sum(1 for r in requests if r["cancelled_by"] == "health_social_care")
    assert 0.8 < police / health < 1.25                   # about as often as each other
    by = {way: sum(1 for e in episodes if e["conveyance"] == way)
          for way in ("ambulance", "police_vehicle")}
    assert by["ambulance"] > len(episodes) / 2 and by["police_vehicle"] > len(episodes) / 5
    assert all(30 <= e["wait_minutes"] <= 360 for e in episodes)
    station = [e for e in episodes if e["place_type"] == "police_station"]
    assert 0 < len(station) < len(episodes) / 10
    assert any(e["station_reason"] == "suite_full" for e in station)
    assert not any(e["age"] != "18_or_over" for e in station)
