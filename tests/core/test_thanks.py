"""Thanks and positive feedback: from a frontline PC, through the advisor's hub, to the
committee's dashboard and the meeting pack's page per service, quoted only as the sender
allows, and never with an identifier."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest

from commonground.core.committee import stats
from commonground.core.pdf.meeting_pack import meeting_pack
from commonground.core.records import outcomes
from commonground.core.records import reports as incidents
from commonground.core.records.kinds import thanks
from commonground.core.records.record import ReportError
from commonground.core.sync import deidentify
from tests.core.test_meeting_pack import body_text, pages

NOW = dt.datetime.now().replace(microsecond=0)
PERIOD = stats.Filters(NOW.date() - dt.timedelta(days=60), NOW.date())
CEDAR = ("Thank you to the officers who stayed with us on Cedar Ward on Tuesday night "
         "until it was calm.")
QUIET = "The crew were kind to a frightened man and his mother."
AMBULANCE = "They came within twenty minutes and took time to explain everything."
NHS = "Thank you for helping with the patient, NHS number 943 476 5919."


def thanks_data(**changes) -> dict:
    data = {"_kind": "thanks", "agency": "police", "team": "the night shift response team",
            "happened_at": (NOW - dt.timedelta(days=10)).isoformat(timespec="minutes"),
            "site": "Riverside Hospital", "what": CEDAR, "may_quote": "yes",
            "sender_name": "Sam Sender", "sender_role": "Staff nurse"}
    data.update(changes)
    return data


def send(db, **changes) -> incidents.Report:
    draft = incidents.start_draft(db, "ward-pc", thanks_data(**changes))
    return incidents.submit(db, draft.id, "ward-pc")



def through(world) -> None:
    world.sync(world.front)
    world.sync(world.advisor)
    result = world.sync(world.committee)
    assert not result.problems


def stored(world) -> dict[str, dict]:
    return {json.loads(row["record"])["agency"] + "/" + str(row["quote"]): json.loads(
        row["record"]) for row in world.committee.db.query("SELECT * FROM deid_thanks")}


def test_a_thanks_with_an_identifier_is_refused_at_submission_and_nothing_is_sent(world):
    db = world.front.db
    draft = incidents.start_draft(db, "ward-pc", thanks_data(what=NHS))
    with pytest.raises(ReportError) as refused:
        incidents.submit(db, draft.id, "ward-pc")
    assert [(p.field, p.message) for p in refused.value.problems] == [
        ("what", "It contains what looks like an NHS number. Take it out.")]
    draft2 = incidents.start_draft(db, "ward-pc", thanks_data(team="see CG-2026-K7Q2-000123"))
    with pytest.raises(ReportError) as refused:
        incidents.submit(db, draft2.id, "ward-pc")
    assert "report reference or case number" in refused.value.problems[0].message
    assert db.query("SELECT status FROM reports WHERE kind = 'thanks'") != []
    assert {row[0] for row in db.query("SELECT status FROM reports WHERE kind = 'thanks'")} \
        == {"draft"}


def test_thanks_reach_the_committee_quoted_only_as_allowed_and_without_names(world):
    db = world.front.db
    send(db)
    send(db, agency="police", what="They were quick and calm.", may_quote="no",
         team="the custody sergeant on duty")
    send(db, agency="ambulance", team="the crew who came out", what=AMBULANCE)
    through(world)
    rows = stored(world)
    assert set(rows) == {"police/1", "police/0", "ambulance/1"}
    assert rows["police/1"]["words"] == CEDAR
    assert rows["police/1"]["team"] == "the night shift response team"
    assert (rows["police/0"]["words"], rows["police/0"]["team"]) == (None, None)
    # The bytes the advisor sent the committee: no sender, no unquoted words or team.
    [bundle] = world.files("committee")
    with zipfile.ZipFile(io.BytesIO(bundle.read_bytes())) as archive:
        payload = archive.read("payload.jsonl").decode()
    assert CEDAR in payload
    for secret in ("Sam Sender", "Staff nurse", "They were quick and calm",
                   "custody sergeant"):
        assert secret not in payload

    figures = stats.figures(world.committee.db, PERIOD)
    assert (figures.headline["thanks"], figures.headline["thanks_quoted"]) == (3, 2)
    assert figures.tables["thanks_by_agency"].rows == [
        ["Police", 2, "67%", 1], ["Mental health trust", 0, "0%", 0],
        ["Social care (AMHP service)", 0, "0%", 0], ["Ambulance service", 1, "33%", 1],
        ["Another service", 0, "0%", 0]]

    pdf = meeting_pack(world.committee.db, PERIOD, None)
    text = body_text(pdf)
    assert "Thanks, by service: for each lead to take back" in text
    day = NOW - dt.timedelta(days=10)
    assert (f"Police 2 in this period; 1 may be quoted. To the night shift response team, "
            f"Riverside Hospital, {day.day} {day:%b %Y} “{CEDAR}”") in text
    assert "Ambulance service 1 in this period; 1 may be quoted." in text
    assert "Nothing was addressed to: Mental health trust; Social care (AMHP service); " \
        "Another service." in text
    police_page = next(page for page in pages(pdf) if "“" + CEDAR[:40] in page)
    assert "Ambulance service" not in police_page        # each service on its own page
    assert "They were quick and calm" not in text


def test_withdrawing_consent_from_my_reports_takes_the_words_out_at_the_next_export(world):
    db = world.front.db
    sent = send(db)
    through(world)
    assert stored(world)["police/1"]["words"] == CEDAR
    outcomes.record_outcome(db, sent.id, {"may_quote": "no"}, "Sam Sender")
    through(world)
    rows = stored(world)
    assert set(rows) == {"police/0"}
    assert rows["police/0"]["words"] is None
    pdf = meeting_pack(world.committee.db, PERIOD, None)
    assert CEDAR[:30] not in body_text(pdf)
    assert "Police 1 in this period; 0 may be quoted. None of them may be quoted." \
        in body_text(pdf)


def test_the_committee_refuses_a_thanks_carrying_an_identifier():
    good = {"type": "thanks", "id": "a" * 24, "thanks_date": "2026-11-01",
            "submitted_date": "2026-11-02", "agency": "police", "site": "Riverside Hospital",
            "quote": True, "team": "the night shift", "words": CEDAR}
    assert deidentify.check_record(good) is None
    assert "NHS number" in deidentify.check_record(dict(good, words=NHS))
    assert "report reference" in deidentify.check_record(
        dict(good, team="CG-2026-K7Q2-000123"))
    assert deidentify.check_record(dict(good, agency="fire")) is not None
    assert deidentify.check_record(dict(good, sender="Sam")) is not None


def test_de_identifying_drops_words_that_slipped_past_the_form():
    report = {"uuid": "u-1", "submitted_at": NOW.isoformat(),
              "data": thanks_data(what=NHS)}
    made = thanks.committee.deidentify(b"secret", report, {"places": {"Riverside Hospital"}})
    assert (made["words"], made["team"], made["quote"]) == (None, None, False)
