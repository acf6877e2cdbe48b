"""The incident form speaks to whoever is reporting: an officer sees the police's words, is
not asked what does not apply, and is told the report is not a crime report to their
force; everyone reads who sees the report and for how long."""

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from commonground.policy import parse_policy
from tests.ui.conftest import unlabelled_controls
from tests.ui.test_report_form import POLICY, act


def test_an_officer_reporting_by_keyboard_is_asked_only_what_applies(open_window, qtbot):
    window = open_window(policy=POLICY)
    window.go_to(window.report_form)
    form = window.report_form
    reader = form.fields["reporting_as"].combo
    assert reader.currentText() == "Trust staff (health or social care)"
    assert form.fields["harm_grade"].label.text() == "Harm (NHS grading) *"
    assert form.fields["police_informed"].container.isVisibleTo(form)
    reader.setFocus(Qt.TabFocusReason)
    act(qtbot, reader, "choose", "Police officer or police staff")
    assert form.fields["harm_grade"].label.text() == \
        "How badly hurt (the NHS's harm grading, not the offence) *"
    assert form.fields["harm_grade"].combo.accessibleName() == \
        "How badly hurt (the NHS's harm grading, not the offence)"
    assert not form.fields["police_informed"].container.isVisibleTo(form)
    assert not form.fields["police_attended"].container.isVisibleTo(form)
    assert form.fields["officer_number"].label.text() == "Your shoulder or collar number"
    victims = form.fields["victims"].entries[0][1]
    act(qtbot, victims["kind"].combo, "choose", "Police officer")
    assert not form.fields["wants_advisor_contact"].container.isVisibleTo(form)
    assert unlabelled_controls(form) == []

    typed = {"incident_at": None, "narrative": "The patient kicked me in the shin as I "
                                                 "escorted him to the ward.",
             "reporter_name": "PC Jo Reed", "reporter_role": "PC, response team"}
    field = form.fields["incident_at"]
    qtbot.keyClicks(field.date, "20/11/2026")
    qtbot.keyClicks(field.time, "03:10")
    for key, text in typed.items():
        if text:
            qtbot.keyClicks(form.fields[key].focus_target(), text)
    for key, choice in (("location", "Cedar Ward"), ("setting", "Inpatient ward"),
                        ("perpetrator_kind", "Patient"), ("harm_grade", "Low"),
                        ("treatment", "None"), ("supports_prosecution", "Yes")):
        act(qtbot, form.fields[key].focus_target(), "choose", choice)
    qtbot.keyClick(form.fields["incident_types"].boxes["physical_assault"], Qt.Key_Space)
    form.submit()
    QApplication.processEvents()
    assert form.done_panel.isVisible(), form.problems.text()
    said = form.done_text.text()
    assert "This is not a crime report to your force." in said.replace("<b>", "") \
        .replace("</b>", "")
    [row] = window.context.db.query("SELECT data FROM reports")
    data = json.loads(row["data"])
    assert data["reporting_as"] == "police" and data["police_informed"] == "yes"
    assert "wants_advisor_contact" not in data or not data["wants_advisor_contact"]


def test_a_nurse_is_not_told_about_a_police_force(open_window, qtbot):
    window = open_window(policy=POLICY)
    form = window.report_form
    assert "your force" not in (form.kind.done_note({"reporting_as": "trust_staff"}))


def test_the_privacy_notice_says_what_this_computer_keeps_under_the_sites_policy(
        open_window):
    window = open_window(policy=POLICY)
    notice = window.report_form.privacy.text()
    assert "anyone using Common Ground on this computer can open it in My reports until the " \
           "advisor's receipt arrives" in notice
    assert "keeps only its reference, its dates, its type, its status and the news about " \
           "it." in notice
    assert "no names, no free text" in notice


def test_a_site_that_keeps_less_is_told_so(open_window, qtbot):
    policy = parse_policy(json.dumps({"site": "Riverside Hospital",
                                      "retention": {"keep_after_receipt": "reference,status"}}))
    window = open_window(policy=policy)
    assert "keeps only its reference and its status." in window.report_form.privacy.text()


def test_a_removed_entry_leaves_the_screen_and_the_tab_order_at_once(open_window, qtbot):
    """Remove takes the entry off the screen there and then, not when Qt next frees what it
    was asked to: until then it stayed painted and a Tab could land in it."""
    window = open_window(policy=POLICY)
    window.go_to(window.report_form)
    field = window.report_form.fields["victims"]
    qtbot.mouseClick(field.add_button, Qt.LeftButton)
    assert len(field.entries) == 2
    first, second = field.entries[0][0], field.entries[1][0]
    remove = next(b for b in first.findChildren(type(field.add_button))
                  if b.text() == "Remove")
    remove.setFocus(Qt.TabFocusReason)
    qtbot.keyClick(remove, Qt.Key_Space)
    QApplication.processEvents()          # frees nothing: Qt frees at its own next turn
    assert [frame for frame, _ in field.entries] == [second]
    assert not first.isVisible() and second.isVisible()
