"""Requests for police assistance and section 136 episodes, made on the New report page
like a person would: choose the kind, type, tick, submit, copy, record the outcome."""

import datetime as dt
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from commonground.core.records import outcomes
from commonground.core.records import reports as incidents
from commonground.core.records.kinds.s136 import fields as sf
from commonground.policy import parse_policy
from commonground.ui.report_view import ReportView
from tests.ui.conftest import unlabelled_controls

POLICY = parse_policy(json.dumps({
    "site": "Riverside Hospital",
    "sites": [{"name": "Riverside Hospital", "wards": ["Cedar Ward"]}],
    "contacts": {"police_planned_assessments": "the police mental health desk, by secure email"}}))


@pytest.fixture
def window(open_window):
    return open_window(policy=POLICY)


def day_after(days: int) -> str:
    return (dt.date.today() + dt.timedelta(days=days)).strftime("%d/%m/%Y")


def choose(qtbot, field, text):
    combo = field.combo
    combo.setFocus()
    target = combo.findText(text)
    assert target >= 0, f"{text} not offered"
    while combo.currentIndex() != target:   # arrow up or down, like a person
        qtbot.keyClick(combo, Qt.Key_Down if combo.currentIndex() < target else Qt.Key_Up)


def type_in(qtbot, field, text):
    qtbot.keyClicks(field.focus_target(), text)


def when(qtbot, field, date, time):
    qtbot.keyClicks(field.date, date)
    qtbot.keyClicks(field.time, time)


def pick_kind(qtbot, window, key):
    window.go_to(window.record_page)
    page = window.record_page
    qtbot.mouseClick(page.buttons[key], Qt.LeftButton)
    assert page.current is page.forms[key]
    return page.forms[key]


def fill_request(qtbot, form, days_ahead=1):
    f = form.fields
    for key, text in (("requester_name", "Alex Amhp"), ("requester_role", "AMHP"),
                      ("team", "North AMHP service"), ("requester_phone", "07700 900123"),
                      ("person_name", "Person Assessed"), ("address", "1 Example Street"),
                      ("asked_of_police", "Execute the warrant; we expect entry to be "
                                          "refused.")):
        type_in(qtbot, f[key], text)
    when(qtbot, f["assessment_at"], day_after(days_ahead), "10:00")
    choose(qtbot, f["urgency"], "Planned")
    choose(qtbot, f["address_type"], "Private dwelling (a home)")
    choose(qtbot, f["warrant"], "Held")
    choose(qtbot, f["warrant_kind"], "Section 135(1): entry, and removal to a place of safety")
    choose(qtbot, f["reason"], "To execute a section 135 warrant (only police can)")
    for key in ("violence", "weapons", "drugs_alcohol", "others_present", "animals",
                "access", "previous_police"):
        choose(qtbot, f[f"risk_{key}"], "No")
    choose(qtbot, f["ambulance"], "Not yet booked")


def test_a_late_request_is_flagged_submitted_copied_and_its_outcome_recorded(window, qtbot):
    form = pick_kind(qtbot, window, "police_assistance")
    assert form.heading.text() == "Request police assistance"
    assert unlabelled_controls(form) == []
    fill_request(qtbot, form)
    choose(qtbot, form.fields["risk_animals"], "Yes")
    assert form.fields["risk_animals_detail"].container.isVisible()   # asked after a yes
    qtbot.mouseClick(form.submit_button, Qt.LeftButton)
    assert form.fields["risk_animals_detail"].error.text() == (
        "Problem: You answered yes to 'animals': give the details the police need.")
    assert "before this request can be submitted" in form.problems.text()
    type_in(qtbot, form.fields["risk_animals_detail"], "Two large dogs, usually shut in the "
                                                       "kitchen")
    # Tomorrow is less than 3 working days away: said at once, in words, and not blocking.
    assert form.flags.isVisible()
    assert "Late request: 0 working days of notice; the protocol 'Police assistance at " \
           "Mental Health Act assessments' (version 1.1) asks for at least 3." \
           in form.flags.text()
    qtbot.mouseClick(form.submit_button, Qt.LeftButton)
    assert form.done_panel.isVisible(), form.problems.text()
    assert "Request recorded" in form.done_text.text()
    assert "the police mental health desk, by secure email" in form.done_text.text()
    [row] = window.context.db.query("SELECT id, kind, reference, types FROM reports")
    assert (row["kind"], row["types"]) == ("police_assistance",
                                           "Police assistance request: planned, warrant held")
    report = incidents.get_report(window.context.db, row["id"])
    assert report.data["notice"]["given"] == 0 and report.data["notice"]["rule"] == 3

    qtbot.mouseClick(form.done_panel.copy, Qt.LeftButton)
    text = QApplication.clipboard().text()
    assert text.startswith("REQUEST FOR POLICE ASSISTANCE AT A MENTAL HEALTH ACT ASSESSMENT\n"
                           f"Reference: {row['reference']}")
    assert any(line.startswith("Name of the person to be assessed:") and
               line.endswith(" Person Assessed") for line in text.splitlines())
    assert "Notice given: 0 working days (the rule is at least 3)" in text
    assert "Animals: details:" in text and "Two large dogs" in text
    assert "Note: Late request: 0 working days of notice;" in text

    # Later, from My reports: the outcome.
    view = ReportView(window.context, row["id"], window)
    qtbot.addWidget(view)
    view.show()
    assert "Not recorded yet." in view.browser.toPlainText()
    assert view.outcome_button.isVisible() and view.copy_button.isVisible()
    dialog = view.record_outcome()
    assert dialog.author.text() == "Alex Amhp"   # remembered from the request
    choose(qtbot, dialog.fields["outcome"], "The assessment was cancelled")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
    assert dialog.isVisible()
    assert dialog.error.text().startswith("Problem: 2 things to fix.")
    choose(qtbot, dialog.fields["cancelled_by"], "Health or social care")
    choose(qtbot, dialog.fields["cancel_reason"], "No bed available")
    when(qtbot, dialog.fields["rebooked_at"], day_after(8), "09:30")
    assert unlabelled_controls(dialog) == []
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
    assert not dialog.isVisible()
    saved = outcomes.latest_outcome(window.context.db, row["id"])
    assert (saved["cancelled_by"], saved["cancel_reason"]) == ("health_social_care",
                                                               "bed_unavailable")
    shown = view.browser.toPlainText()
    assert "The assessment was cancelled by health or social care: no bed available; " \
           "re-booked to" in shown


def test_a_child_at_a_police_station_is_refused_with_the_law(window, qtbot):
    form = pick_kind(qtbot, window, "s136")
    assert form.heading.text() == "Record a section 136 episode"
    assert unlabelled_controls(window.record_page) == []
    f = form.fields
    now = dt.datetime.now() - dt.timedelta(hours=5)
    when(qtbot, f["detained_at"], now.strftime("%d/%m/%Y"), now.strftime("%H:%M"))
    choose(qtbot, f["age"], "Under 18")
    choose(qtbot, f["place_type"], "Police station")
    assert f["station_conditions"].container.isVisible()
    qtbot.mouseClick(form.submit_button, Qt.LeftButton)
    assert not form.done_panel.isVisible()
    assert "Mental Health Act 1983 s136A" in form.problems.text()
    assert f["place_type"].error.text() == f"Problem: {sf.UNDER_18_AT_STATION}"
    assert form.flush()
    assert window.context.db.query_one("SELECT status FROM reports")[0] == "draft"

    choose(qtbot, f["age"], "18 or over")
    choose(qtbot, f["station_reason"], "The health-based place of safety was full")
    assert "Not every condition of regulation 2 is confirmed" in form.flags.text()
    assert "is not by itself a lawful reason" in form.flags.text()
    for code in ("imminent_risk", "no_other_place", "healthcare_present",
                 "inspector_authorised"):
        qtbot.mouseClick(f["station_conditions"].boxes[code], Qt.LeftButton)
    assert "Not every condition" not in form.flags.text()


def test_each_kind_keeps_its_own_draft_when_switching(window, qtbot):
    incident = pick_kind(qtbot, window, "incident")
    type_in(qtbot, incident.fields["narrative"], "Started an incident report")
    request = pick_kind(qtbot, window, "police_assistance")
    type_in(qtbot, request.fields["person_name"], "Someone Else")
    assert window.record_page.flush()
    back = pick_kind(qtbot, window, "incident")
    assert back.fields["narrative"].value() == "Started an incident report"
    kinds = sorted(row["kind"] for row in window.context.db.query("SELECT kind FROM reports"))
    assert kinds == ["incident", "police_assistance"]
    # The choice is remembered for this login.
    assert window.context.db.get_setting(f"record_kind:{window.context.login}") == "incident"
    # A draft request reopened from My reports opens on the request form.
    draft_id = next(row["id"] for row in window.context.db.query(
        "SELECT id, kind FROM reports") if row["kind"] == "police_assistance")
    window.continue_draft(draft_id)
    assert window.record_page.current is request
    assert request.fields["person_name"].value() == "Someone Else"


def test_the_kind_can_be_chosen_with_the_keyboard(window, qtbot):
    window.go_to(window.record_page)
    page = window.record_page
    page.buttons["incident"].setFocus()
    qtbot.keyClick(page.buttons["incident"], Qt.Key_Right)
    assert page.buttons["police_assistance"].isChecked()
    assert page.current is page.forms["police_assistance"]


def test_the_questions_about_the_person_are_reached_by_keyboard_and_checked(window, qtbot):
    form = pick_kind(qtbot, window, "s136")
    f = form.fields
    assert unlabelled_controls(window.record_page) == []
    # Why it is asked and who sees it, on screen and to a screen reader.
    assert "whether any group is detained more often" in f["gender"].help.text()
    assert "only as counts, never with a name" in \
        f["gender"].focus_target().accessibleDescription()
    choose(qtbot, f["gender"], "Female")
    choose(qtbot, f["ethnicity"], "White")
    choose(qtbot, f["ethnic_category"], "Black or Black British: African")
    choose(qtbot, f["age"], "18 or over")
    choose(qtbot, f["age_band"], "16 to 17")
    qtbot.mouseClick(form.submit_button, Qt.LeftButton)
    assert not form.done_panel.isVisible()
    assert f["ethnic_category"].error.text() == (
        "Problem: This category is not in the ethnic group chosen above (White). Check both.")
    assert f["age_band"].error.text() == (
        "Problem: This band is under 18, but the age says 18 or over. Check both.")
    choose(qtbot, f["ethnicity"], "Black / African / Caribbean / Black British")
    choose(qtbot, f["age_band"], "18 to 34")
    choose(qtbot, f["conveyance"], "Police vehicle")
    assert f["police_vehicle_why"].combo.isVisible()
    choose(qtbot, f["police_vehicle_why"], "Ambulance not available within 30 minutes")
    assert form.flush()
    saved = json.loads(window.context.db.query_one("SELECT data FROM reports")[0])
    assert (saved["ethnicity"], saved["ethnic_category"], saved["gender"],
            saved["police_vehicle_why"]) == ("black", "N", "female", "no_ambulance_30")


def test_the_section_list_says_optional_once(window, qtbot):
    """A section titled "(optional)" is not also called "optional" in the list of
    sections; an untitled optional one still says so."""
    episode = pick_kind(qtbot, window, "s136")
    shown = [episode.index.item(row).text() for row in range(episode.index.count())]
    assert "2. About the person (optional): nothing entered" in shown
    assert not [text for text in shown if text.count("optional") > 1]
    incident = pick_kind(qtbot, window, "incident")
    shown = [incident.index.item(row).text() for row in range(incident.index.count())]
    assert any(text.endswith("Witnesses: optional") for text in shown)
