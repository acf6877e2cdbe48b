"""The case file PDF for the police and the CPS: what a reader finds in it."""

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from commonground.core.cases import actions as ca
from commonground.core.cases import helpline
from commonground.core.cases import workflow as cases
from commonground.core.cases.steps import STEPS
from commonground.core.pdf import common
from commonground.core.pdf.case_pdf import case_pdf
from commonground.core.pdf.report_pdf import MARKING, printable
from commonground.core.records import reports as incidents
from commonground.core.storage.db import Database
from tests.core.test_incidents import full_report

SUBMITTED = dt.datetime(2026, 11, 20, 16, 0)
RECEIVED = dt.datetime(2026, 11, 20, 17, 0)   # same day: due dates count from here
LATER = dt.datetime(2026, 12, 10, 9, 0)
TODAY = dt.date(2026, 12, 30)
ADVISOR = "Violence and prosecution advisor"


def flat(text: str) -> str:
    return " ".join(text.split())


def pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def body_text(data: bytes) -> str:
    """The text inside the frame, without what every page repeats, so that text flowing
    over a page break reads on."""
    kept = []
    for text in pages(data):
        kept += [line for line in text.splitlines() if line.strip() != MARKING
                 and not line.startswith(("Case file · ", "Printed "))
                 and not re.fullmatch(r"Page \d+ of \d+", line.strip())]
    return flat("\n".join(kept))


def report_case(db, **changes) -> cases.Case:
    report = incidents.start_draft(db, "ward-pc", {}, now=SUBMITTED)
    incidents.save_draft(db, report.id, full_report(**changes), "ward-pc", now=SUBMITTED)
    report = incidents.submit(db, report.id, "ward-pc", now=SUBMITTED)
    return cases.receive_report(db, report.id, ADVISOR, now=RECEIVED)


def record(db, case, key, status="done", **kwargs) -> None:
    ca.record_step(db, case.id, key, status=status, by=ADVISOR,
                   done_on=dt.date(2026, 12, 1) if status == "done" else None, now=LATER,
                   **kwargs)


@pytest.fixture
def db():
    return Database.in_memory()


def test_the_case_file_holds_everything_the_police_and_cps_ask_for(db, tmp_path):
    case = report_case(db)
    record(db, case, "wishes_recorded", detail={"wish": "yes"}, note="Keen to go ahead")
    record(db, case, "cctv_requested", status="na", na_reason="No cameras on the ward")
    record(db, case, "decision", detail={"decision": "nfa",
                                         "nfa_reason": "insufficient_evidence"})
    report = incidents.get_report(db, case.report_id)
    target = tmp_path / "case.pdf"
    data = case_pdf(db, case.id, target, today=TODAY)
    assert target.read_bytes() == data
    every = pages(data)
    for number, text in enumerate(every, start=1):
        lines = [line.strip() for line in text.splitlines()]
        assert lines.count(MARKING) == 2, f"page {number}"
        assert f"Case file · {case.number} · {report.reference}" in lines
        assert f"Page {number} of {len(every)}" in lines
    body = body_text(data)
    assert body.startswith(f"Case file {case.number} Case number {case.number} Status Open")
    assert f"Opened from Report {report.reference}" in body
    assert "Crime reference 12/3456/26" in body
    assert "Decision No further action (NFA). Reason: Insufficient evidence" in body
    for step in STEPS:
        assert step.title in body
    # Due before 30 December and still to do: overdue. Done or not applicable: never.
    assert "Victim contacted Advisor To do 24 Nov 2026 OVERDUE" in body
    assert ("Victim's wishes recorded Advisor Done 27 Nov 2026 1 Dec 2026 "
            f"{ADVISOR} Victim's wish: Supports prosecution Note: Keen to go ahead") in body
    assert "Not applicable: No cameras on the ward" in body
    assert "Police outcome and CPS charging decision Police or CPS Done" in body
    assert "CCTV preservation Not applicable: No cameras on the ward" in body
    assert "Victim and witness statements Not taken yet, due 4 Dec 2026. OVERDUE" in body
    assert flat(full_report()["narrative"]) in body
    assert "The police or CPS decided to take no further action. Reason: Insufficient " \
           "evidence." in body
    assert f"Case opened from report {report.reference}" in body
    assert "Reporter told: A case has been opened to follow this up with the police." in body
    order = [body.index(words) for words in (
        "Steps Step Waits on", "Evidence checklist", "Incident report", "Messages to the "
        "reporter", "Case timeline")]
    assert order == sorted(order)


def test_warnings_are_printed_and_a_closed_case_has_nothing_overdue(db):
    case = report_case(db)
    record(db, case, "wishes_recorded", detail={"wish": "no"})
    record(db, case, "decision", detail={"decision": "charge"})
    body = body_text(case_pdf(db, case.id, None, today=TODAY))
    assert "Warnings The CCTV preservation request is overdue" in body
    assert "The victim's recorded wish is not to support prosecution" in body
    ca.close_case(db, case.id, "other", ADVISOR, "Moved to another force area", now=LATER)
    body = body_text(case_pdf(db, case.id, None, today=TODAY))
    assert "OVERDUE" not in body and "CCTV preservation request is overdue" not in body
    assert "Status Closed" in body
    assert "Closing reason Other: Moved to another force area" in body


def test_a_helpline_case_renders_without_a_report(db):
    at = dt.datetime(2026, 12, 1, 10, 0)
    _, case = helpline.log_helpline_contact(
        db, caller="Duty sergeant", caller_role="Police sergeant",
        organisation="County police", phone="0100 000 0000", what="An officer was bitten",
        by=ADVISOR, at=at, incident_at="2026-11-30T23:40", now=at)
    data = case_pdf(db, case.id, None, today=TODAY)
    assert f"Case file · {case.number} · helpline" in pages(data)[0]
    body = body_text(data)
    assert "Opened from A helpline call" in body
    assert "Report Opened from a helpline call." in body
    assert ("Caller Duty sergeant Caller's role Police sergeant Organisation County police "
            "Phone 0100 000 0000 What the call was about An officer was bitten") in body
    assert "Incident report" not in body
    assert "Messages to the reporter None: this case came from a helpline call" in body
    assert "Case opened from a helpline call from Duty sergeant" in body


def test_hostile_text_is_printed_as_written(db):
    hostile = "<b>&</b> <font size=40>big</font> \U0001F691 done"
    sentence = "Sentence {:03d}: the officer phoned back about the statement. "
    long_note = hostile + " " + "".join(sentence.format(i) for i in range(90))
    long_note = long_note[:5000]
    assert len(long_note) == 5000
    case = report_case(db)
    record(db, case, "victim_contacted", note=long_note)
    ca.add_note(db, case.id, "<i>Ed</i> & Co said: <br/> is not a line break", "<b>Jo</b>",
                now=LATER)
    body = body_text(case_pdf(db, case.id, None, today=TODAY))
    assert "<b>&</b> <font size=40>big</font> [emoji: ambulance] done" in body
    assert flat(printable(long_note)) in body          # the whole note, in order
    assert "(continues under Step notes)" in body
    assert "<b>Jo</b> Note: <i>Ed</i> & Co said: <br/> is not a line break" in body


def test_an_unknown_case_is_an_error_not_an_empty_file(db, tmp_path):
    with pytest.raises(cases.CaseError, match="This case does not exist."):
        case_pdf(db, 99, tmp_path / "case.pdf")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("after", [0, 5])
def test_a_cancelled_render_leaves_no_file(db, tmp_path, after):
    case = report_case(db)
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > after
    with pytest.raises(common.Cancelled):
        case_pdf(db, case.id, tmp_path / "case.pdf", cancelled=cancelled, today=TODAY)
    assert list(tmp_path.iterdir()) == []


def test_progress_reaches_the_end(db):
    case = report_case(db)
    seen = []
    case_pdf(db, case.id, None, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1]
