"""The committee's figures, checked against numbers counted by hand from twelve incidents,
and the action log's rules."""

import datetime as dt
import sqlite3

import pytest

from commonground.core.committee import meetings as mt
from commonground.core.committee import stats
from commonground.core.storage.db import Database
from commonground.core.sync import deidentify, incoming

SOURCE = "00000000-0000-4000-8000-0000000000a1"
IMPORTED = dt.datetime(2026, 4, 5, 9, 0)
QUARTER = stats.Filters(dt.date(2026, 1, 1), dt.date(2026, 3, 31))
RIVERSIDE, LARKSPUR = "Riverside Hospital", "Larkspur House"


def case(decision=None, reason=None, decided=None, court=None, closed=None) -> dict:
    return {"opened": "2026-01-01", "steps": {}, "decision": decision, "nfa_reason": reason,
            "decision_date": decided, "court_outcome": court, "closed": closed,
            "closing_reason": "outcome_reached" if closed else None}


def incident(number: int, day: str, site: str, ward: str, types: list, aggravating: list,
             harm, delay, informed: str, attended: str, crime_reference: bool,
             case_part: dict | None = None) -> dict:
    reported = dt.date.fromisoformat(day) + dt.timedelta(hours=delay)
    return {"type": "incident", "id": f"{number:024x}", "incident_date": day,
            "reported_date": reported.isoformat(), "delay_hours": delay, "site": site,
            "ward": ward, "setting": "inpatient_ward", "types": types,
            "aggravating": aggravating, "victims": ["staff"], "perpetrator": "patient",
            "harm": harm, "treatment": None, "absence": None, "police_informed": informed,
            "police_attended": attended, "crime_reference": crime_reference,
            "late": delay > 48, "riddor": False, "supports_prosecution": "yes",
            "case": case_part}


# Twelve incidents; the eleven in January to March 2026 are counted by hand below.
RECORDS = [
    incident(1, "2026-01-05", RIVERSIDE, "Cedar Ward", ["physical_assault"],
             ["emergency_worker"], "low", 2, "yes", "yes", True,
             case("charge", None, "2026-01-25", "convicted", "2026-03-01")),
    incident(2, "2026-01-12", RIVERSIDE, "Cedar Ward", ["physical_assault", "spitting"], [],
             "moderate", 48, "yes", "no", True,
             case("nfa", "insufficient_evidence", "2026-02-11")),
    incident(3, "2026-01-20", RIVERSIDE, "Oak Ward", ["threat_verbal"], ["hostility_race"],
             "none", 49, "no", "no", False),
    incident(4, "2026-01-28", LARKSPUR, "Heron Ward", ["biting"], ["emergency_worker"],
             "low", 10, "yes", "yes", False, case("nfa", "public_interest", "2026-02-27")),
    incident(5, "2026-02-03", RIVERSIDE, "Cedar Ward", ["threat_verbal"], [], "none", 1,
             "no", "no", False),
    incident(6, "2026-02-14", LARKSPUR, "Heron Ward", ["physical_assault"],
             ["emergency_worker", "hostility_disability"], "severe", 72, "yes", "yes", True,
             case()),
    incident(7, "2026-02-20", RIVERSIDE, "Oak Ward", ["damage"], [], None, 5, "no", "no",
             False),
    incident(8, "2026-03-02", RIVERSIDE, "Cedar Ward", ["physical_assault"], [], "low", 24,
             "not_yet", "no", False),
    incident(9, "2026-03-09", LARKSPUR, "Heron Ward", ["spitting"], ["emergency_worker"],
             "none", 3, "yes", "no", True, case("caution", None, "2026-03-20")),
    incident(10, "2026-03-15", RIVERSIDE, "Oak Ward", ["threat_verbal"], [], "none", 0, "no",
             "no", False),
    incident(11, "2026-03-28", RIVERSIDE, "Cedar Ward", ["physical_assault"], [], "moderate",
             96, "yes", "yes", True, case("charge", None, "2026-03-30")),
    incident(12, "2026-04-02", LARKSPUR, "Heron Ward", ["weapon"], [], "severe", 6, "yes",
             "yes", True),
]
NOTES = [{"type": "note", "uuid": "00000000-0000-4000-8000-000000000001",
          "date": "2026-03-10", "title": "Charge after a bite <at night> & a letter",
          "text": "The clinical letter reached the police in five days."}]


def committee_db() -> Database:
    db = Database.in_memory()
    assert [deidentify.check_record(r) for r in RECORDS + NOTES] == [None] * 13
    incoming.import_deidentified(db, RECORDS + NOTES, SOURCE, IMPORTED)
    return db


@pytest.fixture
def db() -> Database:
    return committee_db()


def test_incidents_by_month_and_type_count_an_incident_of_two_types_once_in_all(db):
    table = stats.figures(db, QUARTER).tables["by_month_type"]
    assert table.columns == ["Month", "All incidents", "Physical assault",
                             "Threat or verbal abuse", "Spitting", "Biting",
                             "Damage to property"]
    assert table.rows == [["Jan 2026", 4, 2, 1, 1, 1, 0],
                          ["Feb 2026", 3, 1, 1, 0, 0, 1],
                          ["Mar 2026", 4, 2, 1, 1, 0, 0]]


def test_wards_harm_and_aggravating_factors(db):
    tables = stats.figures(db, QUARTER).tables
    assert tables["by_ward"].rows == [["Cedar Ward", 5], ["Heron Ward", 3], ["Oak Ward", 3]]
    assert tables["harm"].rows == [["No harm", 4], ["Low", 3], ["Moderate", 2], ["Severe", 1],
                                   ["Not recorded", 1]]
    assert tables["aggravating"].rows == [
        ["Hostility: race", 1], ["Hostility: religion", 0], ["Hostility: disability", 1],
        ["Hostility: sexual orientation", 0], ["Hostility: transgender identity", 0],
        ["Victim is an emergency worker", 4]]


def test_reporting_delay_by_month_where_48_hours_is_not_late_and_49_is(db):
    # January 2, 10, 48, 49 hours; February 1, 5, 72; March 0, 3, 24, 96.
    figures = stats.figures(db, QUARTER)
    assert figures.tables["delay"].rows == [["Jan 2026", 4, 29, 1, "25%"],
                                            ["Feb 2026", 3, 5, 1, "33%"],
                                            ["Mar 2026", 4, 13.5, 1, "25%"]]
    assert figures.headline == {"incidents": 11, "median_delay_hours": 10, "over_48h": 3,
                                "median_days_to_decision": 20,   # 2, 11, 20, 30, 30 days
                                "requests": 0, "episodes": 0, "median_police_wait": None,
                                "thanks": 0, "thanks_quoted": 0}


def test_police_involvement_the_prosecution_funnel_and_reasons_for_nfa(db):
    tables = stats.figures(db, QUARTER).tables
    assert tables["police"].rows == [["Police informed", 6, "55%"],
                                     ["Police attended", 4, "36%"],
                                     ["Crime reference recorded", 5, "45%"]]
    assert tables["funnel"].rows == [["Reported", 11, "100%"], ["Police informed", 6, "55%"],
                                     ["Crime reference", 5, "45%"],
                                     ["Charging decision", 5, "45%"],
                                     ["Outcome reached", 4, "36%"], ["Charged", 2, "18%"],
                                     ["Convicted", 1, "9%"]]
    assert tables["nfa"].columns == ["Reason", "Cases"]
    assert tables["nfa"].rows == [["Insufficient evidence", 1],
                                  ["Not in the public interest", 1]]


def test_site_and_ward_filters(db):
    larkspur = stats.figures(db, stats.Filters(QUARTER.start, QUARTER.end, site=LARKSPUR))
    assert larkspur.total == 3
    assert larkspur.tables["by_ward"].rows == [["Heron Ward", 3]]
    assert larkspur.tables["nfa"].rows == [["Not in the public interest", 1]]
    oak = stats.figures(db, stats.Filters(QUARTER.start, QUARTER.end, RIVERSIDE, "Oak Ward"))
    assert [row[:2] for row in oak.tables["by_month_type"].rows] == [
        ["Jan 2026", 1], ["Feb 2026", 1], ["Mar 2026", 1]]
    assert oak.headline["median_delay_hours"] == 5     # 49, 5 and 0 hours
    assert oak.tables["funnel"].rows[3] == ["Charging decision", 0, "0%"]


def test_a_period_with_no_incidents(db):
    empty = stats.figures(db, stats.Filters(dt.date(2025, 1, 1), dt.date(2025, 6, 30)))
    assert empty.no_data
    assert empty.headline["median_delay_hours"] is None
    assert [row[1] for row in empty.tables["by_month_type"].rows] == [0] * 6
    assert empty.tables["nfa"].empty()


def test_dates_the_wrong_way_round_are_refused_with_a_message(db):
    with pytest.raises(stats.PeriodError) as raised:
        stats.figures(db, stats.Filters(dt.date(2026, 3, 31), dt.date(2026, 1, 1)))
    assert str(raised.value) == ("The period starts (31 Mar 2026) after it ends "
                                 "(1 Jan 2026). Swap the dates.")


def test_an_incident_in_two_exports_counts_once_and_its_newest_version_wins(db):
    assert incoming.import_deidentified(db, RECORDS[5:6], SOURCE, IMPORTED) == 0
    newer = {**RECORDS[5], "case": case("nfa", "victim_withdrew", "2026-03-16")}
    assert incoming.import_deidentified(db, [newer], SOURCE, IMPORTED) == 1
    figures = stats.figures(db, QUARTER)
    assert figures.total == 11
    assert figures.tables["by_ward"].rows[1] == ["Heron Ward", 3]
    assert figures.tables["nfa"].rows == [["Insufficient evidence", 1],
                                          ["Not in the public interest", 1],
                                          ["Victim withdrew support", 1]]
    assert figures.tables["aggravating"].rows[-1] == ["Victim is an emergency worker", 4]


def test_wards_of_the_same_name_at_two_sites_are_counted_apart(db):
    other = [incident(20 + n, "2026-02-0%d" % (n + 1), site, "Other", ["damage"], [], None,
                      1, "no", "no", False) for n, site in enumerate((RIVERSIDE, RIVERSIDE,
                                                                     LARKSPUR))]
    incoming.import_deidentified(db, other, SOURCE, IMPORTED)
    rows = stats.figures(db, QUARTER).tables["by_ward"].rows
    assert ["Other (Riverside Hospital)", 2] in rows and ["Other (Larkspur House)", 1] in rows
    assert ["Cedar Ward", 5] in rows  # a name only one site uses is shown alone
    mine = stats.figures(db, stats.Filters(QUARTER.start, QUARTER.end, site=LARKSPUR))
    assert mine.tables["by_ward"].rows == [["Heron Ward", 3], ["Other", 1]]


def test_an_export_that_arrives_late_does_not_roll_a_case_back(db):
    decided = {**RECORDS[5], "case": case("nfa", "victim_withdrew", "2026-03-16")}
    assert incoming.import_deidentified(db, [decided], SOURCE, IMPORTED, sequence=9) == 1
    older = {**RECORDS[5], "case": None}
    assert incoming.import_deidentified(db, [older], SOURCE, IMPORTED, sequence=8) == 0
    row = db.query_one("SELECT decision, nfa_reason FROM deid_incidents WHERE id = ?",
                       (RECORDS[5]["id"],))
    assert (row["decision"], row["nfa_reason"]) == ("nfa", "victim_withdrew")
    assert incoming.import_deidentified(db, [older], SOURCE, IMPORTED, sequence=10) == 1


def test_small_counts_read_under_5_and_zeros_and_large_numbers_stay():
    table = stats.Table("Counts", ["What", "Incidents", "Share"],
                        [["none", 0, "0%"], ["one", 1, "1%"], ["four", 4, "4%"],
                         ["five", 5, "5%"], ["many", 90, "90%"]])
    hidden = stats.suppressed(table, 5)
    assert [row[1] for row in hidden.rows] == [0, "<5", "<5", 5, 90]
    assert [row[1] for row in table.rows] == [0, 1, 4, 5, 90]        # the original is kept
    assert [row[1] for row in stats.suppressed(table, 10).rows] == [0, "<10", "<10", "<10", 90]


def test_a_share_or_median_beside_a_hidden_count_is_not_shown_either():
    table = stats.Table("Reporting delay", ["Month", "Incidents", "Median delay (hours)",
                                            "Reported after 48 hours", "Share after 48 hours"],
                        [["Jan 2026", 40, 3, 2, "5%"], ["Feb 2026", 3, 60, 2, "67%"],
                         ["Mar 2026", 20, 4.5, 10, "50%"]], counts=(1, 3))
    hidden = stats.suppressed(table, 5)
    assert hidden.rows == [["Jan 2026", 40, "not shown", "<5", "not shown"],
                           ["Feb 2026", "<5", "not shown", "<5", "not shown"],
                           ["Mar 2026", 20, 4.5, 10, "50%"]]
    assert hidden.note == ("Counts under 5 are shown as <5; a share or median beside one "
                           "is not shown.")


# ------------------------------------------------------------------ meetings
def meeting(db, day: dt.date) -> int:
    return mt.add_meeting(db, day, {"health": {"present": True, "names": "Ward manager"}},
                          now=dt.datetime.combine(day, dt.time(18, 0)))


def test_changed_since_lists_actions_updated_or_raised_since_the_last_meeting(db):
    january = meeting(db, dt.date(2026, 1, 15))
    raised = dt.datetime(2026, 1, 15, 18, 0)
    updated = mt.add_action(db, title="Ask for CCTV within a day", raised_by="Chair",
                            owner_agency="police", meeting_id=january, now=raised)
    untouched = mt.add_action(db, title="Review the s136 leaflet", raised_by="Chair",
                              owner_agency="health", meeting_id=january, now=raised)
    mt.update_action(db, untouched, date=dt.date(2026, 1, 15), author="Ward manager",
                     text="Started", status="in_progress", now=raised)
    mt.update_action(db, updated, date=dt.date(2026, 2, 20), author="Inspector",
                     text="Agreed with the CCTV team", status="done",
                     now=dt.datetime(2026, 2, 20, 12, 0))
    new = mt.add_action(db, title="Count ambulance waits", raised_by="Ambulance lead",
                        owner_agency="ambulance", now=dt.datetime(2026, 3, 1, 9, 0))
    found = mt.changed_since(db, dt.date(2026, 1, 15), dt.date(2026, 4, 10))
    assert [a.id for a in found] == [updated, new]
    assert [(u.date, u.text, u.status) for u in found[0].updates] == [
        (dt.date(2026, 2, 20), "Agreed with the CCTV team", "done")]
    assert found[0].status == "done"


def test_an_action_cannot_be_due_before_the_meeting_that_raised_it(db):
    april = meeting(db, dt.date(2026, 4, 10))
    with pytest.raises(mt.CommitteeError, match="The due date is before the meeting"):
        mt.add_action(db, title="Too late already", raised_by="Chair", owner_agency="police",
                      meeting_id=april, due_date=dt.date(2026, 4, 9))
    assert db.query_one("SELECT count(*) FROM actions")[0] == 0


def test_an_update_cannot_be_dated_before_the_meeting_that_raised_the_action(db):
    june = meeting(db, dt.date(2026, 6, 4))
    action = mt.add_action(db, title="Fix the rota", raised_by="Chair",
                           owner_agency="social_care", meeting_id=june,
                           now=dt.datetime(2026, 8, 1, 9, 0))  # typed in later
    with pytest.raises(mt.CommitteeError) as raised:
        mt.update_action(db, action, date=dt.date(2026, 6, 3), author="Lead", text="Begun",
                         status="in_progress", now=dt.datetime(2026, 8, 1, 9, 5))
    assert str(raised.value) == ("The update is dated before the action was raised "
                                 "(4 Jun 2026).")
    mt.update_action(db, action, date=dt.date(2026, 7, 1), author="Lead", text="Begun",
                     status="in_progress", now=dt.datetime(2026, 8, 1, 9, 5))
    assert mt.actions(db)[0].status == "in_progress"


def test_an_update_needs_text_and_cannot_be_dated_in_the_future(db):
    action = mt.add_action(db, title="Fix the rota", raised_by="Chair",
                           owner_agency="social_care", now=dt.datetime(2026, 4, 1, 9, 0))
    now = dt.datetime(2026, 4, 2, 9, 0)
    with pytest.raises(mt.CommitteeError, match="cannot be dated in the future"):
        mt.update_action(db, action, date=dt.date(2026, 4, 3), author="Lead", text="Done",
                         status="done", now=now)
    with pytest.raises(mt.CommitteeError, match="Enter the update"):
        mt.update_action(db, action, date=dt.date(2026, 4, 2), author="Lead", text="  ",
                         status="done", now=now)
    assert db.query_one("SELECT count(*) FROM action_updates")[0] == 0
    assert mt.actions(db)[0].status == "open"


def test_action_updates_are_a_record_and_cannot_be_deleted(db):
    action = mt.add_action(db, title="Fix the rota", raised_by="Chair",
                           owner_agency="social_care", now=dt.datetime(2026, 4, 1, 9, 0))
    mt.update_action(db, action, date=dt.date(2026, 4, 1), author="Lead", text="Begun",
                     status="in_progress", now=dt.datetime(2026, 4, 1, 10, 0))
    with pytest.raises(sqlite3.IntegrityError, match="they are not deleted"):
        with db.transaction() as conn:
            conn.execute("DELETE FROM action_updates")
    assert [u.text for u in mt.actions(db)[0].updates] == ["Begun"]
