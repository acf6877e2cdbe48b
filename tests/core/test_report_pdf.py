import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from commonground.core.pdf import common
from commonground.core.pdf.report_pdf import MARKING, printable, report_pdf
from commonground.core.records import reports as incidents
from commonground.core.records.document import blocks, timeline_rows
from commonground.core.storage.db import Database
from commonground.core.timeutil import format_time

NOW = dt.datetime(2026, 3, 2, 18, 0)
NARRATIVE = ("Before: the patient had asked to leave the ward.\n"
             "During: the patient punched a nurse twice on the left arm.\n\n"
             "After: the patient said \"I'll be back\" & walked away.")
FULL = {
    "incident_at": "2026-03-02T14:30:00", "site": "Riverside Hospital",
    "location": "Cedar Ward", "setting": "inpatient_ward",
    "delay_reason": "Reported after the shift ended.",
    "incident_types": ["physical_assault", "other"], "type_other": "Threw a chair",
    "aggravating": ["emergency_worker"],
    "victims": [{"kind": "staff", "name": "Robin Quillon", "role": "Staff nurse",
                 "organisation": "Valeshire Mental Health Trust"},
                {"kind": "police", "name": "", "role": "Police constable",
                 "organisation": "Valeshire Police"}],
    "perpetrator_kind": "patient", "patient_identifier": "RH-40721",
    "perpetrator_description": "Adult man, about 30.",
    "harm_grade": "low", "injuries": "Bruising to the upper arm.", "treatment": "first_aid",
    "absence": "over_7", "police_informed": "yes", "police_informed_at": "2026-03-02T14:50:00",
    "police_attended": "yes", "officer_number": "4521", "cad_number": "CAD 0412 020326",
    "crime_reference": "VP/26/01234",
    "witnesses": [{"name": "Sam Treverrow", "role": "Healthcare assistant",
                   "contact": "Ext. 4412"}],
    "narrative": NARRATIVE, "immediate_actions": ["restraint", "other"],
    "immediate_actions_other": "Area cleared", "supports_prosecution": "yes",
    "wants_advisor_contact": "yes", "contact_preference": "Phone on the ward",
    "reporter_name": "Jo Fairholt", "reporter_role": "Ward manager",
    "reporter_contact": "Ext. 4400",
}


def flat(text: str) -> str:
    return " ".join(text.split())


def pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def body_text(data: bytes) -> str:
    """The text laid out in the frame, without the header, footer and markings that
    every page repeats (so text that flows over a page break reads on)."""
    kept = []
    for text in pages(data):
        kept += [line for line in text.splitlines() if line.strip() != MARKING
                 and not line.startswith(("Incident report · ", "Printed "))
                 and not re.fullmatch(r"Page \d+ of \d+", line.strip())]
    return flat("\n".join(kept))


def submitted(data: dict, addendum: str | None = None):
    db = Database.in_memory()
    report = incidents.start_draft(db, "ward-pc", {}, now=NOW - dt.timedelta(minutes=30))
    incidents.save_draft(db, report.id, data, "ward-pc", now=NOW - dt.timedelta(minutes=20))
    report = incidents.submit(db, report.id, "ward-pc", now=NOW)
    if addendum:
        incidents.add_addendum(db, report.id, addendum, "Jo Fairholt",
                               now=NOW + dt.timedelta(hours=2))
    return report, incidents.timeline(db, report.id)


def test_a_full_report_carries_every_label_value_table_addendum_and_timeline(tmp_path):
    report, events = submitted(FULL, addendum="The bruise was on the left arm, not right.")
    target = tmp_path / "report.pdf"
    data = report_pdf(report, events, target)
    assert target.read_bytes() == data
    text = flat("\n".join(pages(data)))
    count = len(pages(data))
    assert text.count(MARKING) == 2 * count
    assert f"Incident report · {report.reference}" in text
    assert f"Page 1 of {count}" in text and f"Page {count} of {count}" in text
    assert re.fullmatch(r"CG-2026-[A-Z2-9]{4}-000001", report.reference)
    body = body_text(data)
    checked = 0
    for block in blocks(report):
        assert flat(block.title) in body
        for label, value in block.rows:
            assert flat(label) in body, label
            assert flat(value) in body, (label, value)
            checked += 1
        for row in block.table:
            for cell in row:
                assert flat(cell) in body, cell
    assert checked > 30
    for cell in ("Robin Quillon", "Police constable", "Valeshire Police", "Sam Treverrow",
                 "Ext. 4412", "Name", "Organisation", "Contact"):
        assert cell in body
    assert flat(NARRATIVE) in body
    assert "Addenda" in body and "The bruise was on the left arm, not right." in body
    assert f"{format_time(NOW + dt.timedelta(hours=2))} · Jo Fairholt" in body
    timeline = body[body.index("Timeline"):]
    for at, who, what in timeline_rows(events):
        assert flat(f"{at} {who} {what}") in timeline
    assert "Draft started" in timeline and f"Submitted as {report.reference}" in timeline


def test_narrative_line_breaks_survive_as_separate_lines():
    report, events = submitted(FULL)
    lines = [line.strip() for line in "\n".join(pages(report_pdf(report, events, None)))
             .splitlines()]
    for line in NARRATIVE.splitlines():
        if line:
            assert line in lines


def test_a_draft_is_marked_draft_on_every_page_and_has_no_reference():
    db = Database.in_memory()
    draft = incidents.start_draft(db, "ward-pc", {"narrative": "Half written " * 900},
                                  now=NOW)
    data = report_pdf(draft, incidents.timeline(db, draft.id), None)
    texts = pages(data)
    assert len(texts) > 1
    for text in texts:
        assert "Incident report · DRAFT – not submitted" in text
        assert text.count(MARKING) == 2
    assert "This report has not been checked or submitted" in flat(texts[0])
    assert "CG-" not in flat("".join(texts))
    assert "Addenda None" in body_text(data)


def test_hostile_text_renders_and_survives():
    hostile = ('<b>&</b> <i>not markup</i> &amp; "quoted" \'single\' Łukasz Żółć '
               "\U0001F691 done")
    sentence = "Line {:05d}: the patient shouted at a nurse in the corridor. "
    long_text = hostile + "\n\n" + "".join(sentence.format(i) for i in range(400))
    long_text = long_text[:20000]
    reporter = "Łukasz <Nowak> & Sons"
    victim = dict(FULL["victims"][0], name="<b>Ann</b> & <font size=40>")
    data = dict(FULL, narrative=long_text, injuries="<script>alert(1)</script> & ½",
                reporter_name=reporter, perpetrator_description="\x00\x07\x1b",
                victims=[victim])
    assert not incidents.validate(data, now=NOW)
    report, events = submitted(data, addendum="Żaneta's note: <br/> is not a line break")
    # An addendum author with markup, in its heading line.
    events.append(incidents.Event("2026-03-03T09:00:00", "<i>Ed</i> & Co", "addendum",
                                  {"text": "Checked."}))
    pdf = report_pdf(report, events, None)
    body = body_text(pdf)
    assert len(pages(pdf)) >= 4
    assert flat(printable(long_text)) in body   # all 20,000 characters, in order
    assert "<b>&</b> <i>not markup</i> &amp;" in body and "[emoji: ambulance] done" in body
    assert "<script>alert(1)</script> & ½" in body
    assert f"Reporter's name {reporter}" in body
    assert "Staff member <b>Ann</b> & <font size=40> Staff nurse" in body   # table cell
    assert f"{format_time(NOW)} {reporter} Submitted as {report.reference}" in body
    assert "Żaneta's note: <br/> is not a line break" in body
    assert "3 Mar 2026 09:00 · <i>Ed</i> & Co Checked." in body


def test_unprintable_characters_are_named_not_dropped():
    assert printable("a\U0001F691b") == "a[emoji: ambulance]b"
    assert printable("line\r\nnext\rlast") == "line\nnext\nlast"
    assert printable("tab\there\x00\x1b") == "tab here"
    assert printable("lone \ud800 surrogate") == "lone \ufffd surrogate"
    assert printable("Łukasz مرحبا") == "Łukasz مرحبا"  # the font has both scripts


def test_arabic_emoji_and_controls_do_not_break_the_render():
    # Built directly: a lone surrogate (legal in JSON as "\\ud83d") cannot be stored by
    # start_draft, but may still arrive in a report read from elsewhere.
    data = dict(FULL, narrative="مرحبا بكم 😀 \ud83d \u200d\ufe0f \u202e reversed " * 50,
                reporter_name="عمر")
    report = incidents.Report(1, "u", None, "draft", "2026-03-02T18:00:00",
                              "2026-03-02T18:00:00", None, "ward-pc", 0, data)
    events = [incidents.Event("2026-03-02T18:00:00", "عمر \ud83d", "addendum",
                              {"text": "😀 \x00"})]
    pdf = report_pdf(report, events, None)
    body = body_text(pdf)
    assert "reversed" in body and "Incident report" in body


def test_a_huge_draft_field_and_a_long_addendum_flow_over_pages():
    huge = "zebra " * 4000   # a draft is not validated, so any field may be this long
    report, events = submitted(FULL, addendum="Further detail. " * 600)
    pdf = report_pdf(report, events, None)
    assert "(continues under Addenda)" in body_text(pdf)
    db = Database.in_memory()
    draft = incidents.start_draft(db, "ward-pc", dict(FULL, injuries=huge), now=NOW)
    pdf = report_pdf(draft, incidents.timeline(db, draft.id), None)
    assert body_text(pdf).count("zebra") == 4000


def test_progress_reaches_the_end():
    report, events = submitted(FULL)
    seen = []
    report_pdf(report, events, None, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1]


@pytest.mark.parametrize("after", [0, 5])
def test_a_cancelled_render_leaves_no_file(tmp_path, after):
    report, events = submitted(FULL)
    folder = tmp_path / "out"
    folder.mkdir()
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > after
    with pytest.raises(common.Cancelled):
        report_pdf(report, events, folder / "report.pdf", cancelled=cancelled)
    assert list(folder.iterdir()) == []


def test_a_request_prints_with_its_own_title_notice_and_outcome():
    from commonground.core.records import kinds as rk
    from commonground.core.records import outcomes
    from tests.core.test_record_kinds import full_request, submit

    db = Database.in_memory()
    request = submit(db, full_request(), rules=rk.Rules(3, "the protocol"))
    outcomes.record_outcome(db, request.id, {"outcome": "late", "minutes_late": "25"},
                            "Alex Amhp", now=dt.datetime(2026, 11, 28, 9, 0))
    data = report_pdf(incidents.get_report(db, request.id),
                      incidents.timeline(db, request.id), None)
    text = " ".join(" ".join(page.extract_text().split())
                    for page in PdfReader(io.BytesIO(data)).pages)
    assert text.count("Request for police assistance at a Mental Health Act assessment") >= 2
    assert "Notice given 4 working days (the rule is at least 3)" in text
    assert "Outcome: Police attended late (25 minutes)" in text
    assert "Name of the person to be assessed Person Assessed" in text.replace("\n", " ")
    assert "Incident report" not in text
