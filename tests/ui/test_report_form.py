"""Reporting an incident, driven like a person: keyboard, clicks, and a closed window."""

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox

from commonground.policy import parse_policy
from commonground.ui.drafts_dialog import DraftsDialog
from tests.ui.conftest import unlabelled_controls

POLICY = parse_policy(json.dumps({
    "site": "Riverside Hospital",
    "sites": [{"name": "Riverside Hospital", "wards": ["Cedar Ward", "Oak Ward"]},
              {"name": "Hillside Unit", "wards": ["Ash Ward"]}]}))


@pytest.fixture
def app_window(open_window):
    return lambda: open_window(policy=POLICY)


def rows(window, sql, params=()):
    return window.context.db.query(sql, params)


# What a person types, by the accessible name of the control that has focus.
KEYBOARD_PLAN = {
    "Date and time of the incident: date, day/month/year": ("type", "20/11/2026"),
    "Date and time of the incident: time, 24-hour hh:mm": ("type", "14:32"),
    "Ward or location": ("choose", "Cedar Ward"),
    "Setting": ("choose", "Inpatient ward"),
    "Type of incident: Physical assault": ("tick", None),
    "Type of incident: Spitting": ("tick", None),
    "Aggravating factors: Victim is an emergency worker": ("tick", None),
    "Who (person harmed 1)": ("choose", "Staff member"),
    "Role (person harmed 1)": ("type", "Staff nurse"),
    "Organisation (person harmed 1)": ("type", "Mental health Trust"),
    "Who did it": ("choose", "Patient"),
    "Harm (NHS grading)": ("choose", "Low"),
    "Injuries": ("type", "Bruise on the left forearm"),
    "Treatment": ("choose", "First aid"),
    "Police informed": ("choose", "Not yet"),
    "What happened, in your words": ("type", "At the evening medication round the patient "
                                             "shouted \"get away\" and punched me."),
    "Does the victim support prosecution?": ("choose", "Yes"),
    "Does the victim want contact from the violence and prosecution advisor?": ("choose",
                                                                                 "Yes"),
    "Your name": ("type", "Sam Taylor"),
    "Your role": ("type", "Staff nurse"),
}


def act(qtbot, widget, action, value):
    if action == "type":
        qtbot.keyClicks(widget, value)
    elif action == "tick":
        qtbot.keyClick(widget, Qt.Key_Space)
    elif action == "choose":
        assert isinstance(widget, QComboBox)
        while widget.currentText() != value:  # arrow down through the list, like a person
            before = widget.currentIndex()
            qtbot.keyClick(widget, Qt.Key_Down)
            assert widget.currentIndex() != before, f"{value} not offered"


def test_a_report_can_be_filled_and_submitted_with_the_keyboard_alone(app_window, qtbot):
    window = app_window()
    qtbot.keyClick(window.nav, Qt.Key_2, Qt.ControlModifier)
    form = window.report_form
    assert window.pages.currentWidget() is window.record_page
    assert window.record_page.current is form   # an incident report unless chosen otherwise
    form.fields["incident_at"].date.setFocus(Qt.TabFocusReason)
    done, seen = set(), []
    for _ in range(200):
        widget = QApplication.focusWidget()
        name = widget.accessibleName()
        seen.append(name)
        if name in KEYBOARD_PLAN and name not in done:
            act(qtbot, widget, *KEYBOARD_PLAN[name])
            done.add(name)
        if name == "Submit report (end of form)":
            qtbot.keyClick(widget, Qt.Key_Space)
            break
        qtbot.keyClick(widget, Qt.Key_Tab)
    assert done == set(KEYBOARD_PLAN), set(KEYBOARD_PLAN) - done
    assert form.done_panel.isVisible(), form.problems.text()

    [row] = rows(window, "SELECT * FROM reports")
    assert row["status"] == "queued" and row["reference"].startswith("CG-")
    data = json.loads(row["data"])
    assert data["incident_at"] == "2026-11-20T14:32"
    assert data["site"] == "Riverside Hospital" and data["location"] == "Cedar Ward"
    assert data["incident_types"] == ["physical_assault", "spitting"]
    assert data["victims"] == [{"kind": "staff", "name": "", "role": "Staff nurse",
                                "organisation": "Mental health Trust"}]
    assert data["narrative"].endswith("punched me.")
    kinds = [r["kind"] for r in rows(window, "SELECT kind FROM report_events ORDER BY id")]
    assert kinds[0] == "created" and kinds[-1] == "submitted"
    assert row["reference"] in form.done_text.text()


def test_problems_are_listed_at_the_top_and_shown_next_to_each_field(app_window, qtbot):
    window = app_window()
    window.go_to(window.report_form)
    form = window.report_form
    qtbot.keyClicks(form.fields["incident_at"].date, "20/11/2099")
    qtbot.keyClicks(form.fields["incident_at"].time, "10:00")
    qtbot.mouseClick(form.submit_button, Qt.LeftButton)
    assert form.problems.isVisible()
    assert "to fix before this report can be submitted" in form.problems.text()
    assert "The incident time is in the future" in form.problems.text()
    date_error = form.fields["incident_at"].error
    assert date_error.isVisible()
    assert date_error.text() == ("Problem: The incident time is in the future. Check the date "
                                 "and the time.")
    assert form.fields["harm_grade"].error.text().startswith("Problem: Choose the harm")
    assert not form.fields["injuries"].error.isVisible()
    assert rows(window, "SELECT count(*) FROM reports WHERE status != 'draft'")[0][0] == 0

    form._go_to_field("harm_grade")
    assert form.fields["harm_grade"].combo.hasFocus()


def test_typing_is_saved_as_a_draft_within_a_second(app_window, qtbot):
    window = app_window()
    window.go_to(window.report_form)
    form = window.report_form
    qtbot.keyClicks(form.fields["narrative"].edit, "The patient threw a chair")
    qtbot.waitUntil(lambda: form.save_state.text().startswith("Draft saved"), timeout=5000)
    [row] = rows(window, "SELECT status, data FROM reports")
    assert row["status"] == "draft"
    assert json.loads(row["data"])["narrative"] == "The patient threw a chair"
    assert form.fields["reporter_name"].value() == ""


def test_closing_the_window_saves_the_last_keystrokes_without_asking(app_window, qtbot):
    window = app_window()
    window.go_to(window.report_form)
    form = window.report_form
    qtbot.keyClicks(form.fields["injuries"].edit, "Scratch to the neck")
    window.close()  # before the autosave timer fires
    [row] = rows(window, "SELECT data FROM reports")
    assert json.loads(row["data"])["injuries"] == "Scratch to the neck"


def test_an_unfinished_report_is_offered_back_after_a_restart(app_window, qtbot, monkeypatch):
    first = app_window()
    first.go_to(first.report_form)
    qtbot.keyClicks(first.report_form.fields["narrative"].edit, "Half a sentence")
    qtbot.keyClicks(first.report_form.fields["incident_at"].date, "19/11/2026")
    first.report_form.flush()
    first.context.db.close()

    offered = []

    def fake_exec(dialog):
        offered.append(dialog.list.item(0).text())
        dialog._continue()
        return True
    monkeypatch.setattr(DraftsDialog, "exec", fake_exec)
    second = app_window()
    second.offer_drafts()
    assert offered and offered[0].startswith("An unnamed incident or assault (no name given "
                                             "yet): Riverside Hospital, started ")
    form = second.report_form
    assert second.pages.currentWidget() is second.record_page
    assert second.record_page.current is form
    assert form.fields["narrative"].value() == "Half a sentence"
    assert form.fields["incident_at"].date.text() == "19/11/2026"  # kept though incomplete
    assert form.save_state.text().startswith("Continuing the draft started")


def test_the_48_hour_question_and_the_riddor_note_appear_when_they_apply(app_window, qtbot):
    window = app_window()
    window.go_to(window.report_form)
    form = window.report_form
    assert not form.fields["delay_reason"].container.isVisible()
    qtbot.keyClicks(form.fields["incident_at"].date, "01/01/2026")
    qtbot.keyClicks(form.fields["incident_at"].time, "09:00")
    assert form.fields["delay_reason"].container.isVisible()
    assert "more than 48 hours" in form.fields["delay_reason"].label.text()
    combo = form.fields["absence"].combo
    combo.setCurrentIndex(combo.findData("over_7"))
    assert form.notes["riddor"].isVisible() and "RIDDOR" in form.notes["riddor"].text()


def test_wards_follow_the_chosen_site_from_the_site_policy(app_window):
    window = app_window()
    window.go_to(window.report_form)
    form = window.report_form
    wards = form.fields["location"].combo
    assert [wards.itemText(i) for i in range(wards.count())] == [
        "Choose…", "Cedar Ward", "Oak Ward", "Other (not listed)"]
    site = form.fields["site"].combo
    site.setCurrentIndex(site.findData("Hillside Unit"))
    assert [wards.itemText(i) for i in range(wards.count())] == [
        "Choose…", "Ash Ward", "Other (not listed)"]
    wards.setCurrentIndex(wards.findData("other"))
    assert form.fields["location_other"].container.isVisible()


def test_every_form_control_has_a_readable_name(app_window):
    window = app_window()
    window.go_to(window.report_form)
    assert unlabelled_controls(window.report_form) == []


def saved_narrative(window) -> str:
    found = rows(window, "SELECT data FROM reports WHERE status = 'draft'")
    return json.loads(found[0]["data"]).get("narrative", "") if found else ""


def test_typing_that_never_pauses_is_still_saved_every_moment_or_so(app_window, qtbot):
    window = app_window()
    window.go_to(window.report_form)
    form = window.report_form
    edit = form.fields["narrative"].edit
    edit.setFocus()
    typed = ""
    saved_while_typing = []
    for char in "the patient kept shouting and would not stop at all":  # ~5 s, no pause
        qtbot.keyClicks(edit, char)
        typed += char
        qtbot.wait(100)   # a key every 100 ms: the pause timer never runs out
        saved_while_typing.append(saved_narrative(window))
    progress = [len(text) for text in saved_while_typing]
    assert progress[-1] >= len(typed) - 15, "more than ~1.5 s of typing was not yet saved"
    assert len(set(progress)) >= 4, "saves must keep coming while typing goes on"
    assert all(typed.startswith(text) for text in saved_while_typing)


def slow_timers(form) -> None:
    """Only an event, not a timer, can save within this test."""
    form.schedule.pause.setInterval(600_000)
    form.schedule.max_wait.setInterval(600_000)


def test_moving_to_another_field_saves_at_once(app_window, qtbot):
    window = app_window()
    window.go_to(window.report_form)
    form = window.report_form
    slow_timers(form)
    form.fields["narrative"].edit.setFocus()
    qtbot.keyClicks(form.fields["narrative"].edit, "Kicked the door")
    assert saved_narrative(window) == ""
    qtbot.keyClick(form.fields["narrative"].edit, Qt.Key_Tab)
    qtbot.waitUntil(lambda: saved_narrative(window) == "Kicked the door", timeout=3000)


def test_leaving_the_area_saves_at_once(app_window, qtbot):
    window = app_window()
    window.go_to(window.report_form)
    form = window.report_form
    slow_timers(form)
    qtbot.keyClicks(form.fields["narrative"].edit, "Threw a cup")
    qtbot.keyClick(window.nav, Qt.Key_1, Qt.ControlModifier)   # to Protocols
    qtbot.waitUntil(lambda: saved_narrative(window) == "Threw a cup", timeout=3000)


def test_switching_to_another_app_saves_at_once(app_window, qtbot):
    from PySide6.QtWidgets import QApplication

    window = app_window()
    window.go_to(window.report_form)
    form = window.report_form
    slow_timers(form)
    qtbot.keyClicks(form.fields["narrative"].edit, "Spat at me")
    QApplication.instance().applicationStateChanged.emit(Qt.ApplicationInactive)
    qtbot.waitUntil(lambda: saved_narrative(window) == "Spat at me", timeout=3000)


def test_on_a_shared_login_a_draft_is_offered_with_whose_it_is_never_opened_silently(
        app_window, qtbot, monkeypatch):
    from commonground.core.records import reports

    first = app_window()
    first.go_to(first.report_form)
    qtbot.keyClicks(first.report_form.fields["reporter_name"].edit, "Sam Taylor")
    qtbot.keyClicks(first.report_form.fields["narrative"].edit, "Bitten on the hand")
    first.report_form.flush()
    [draft] = reports.drafts(first.context.db)
    first.context.db.close()

    seen = []

    def next_person_decides_later(dialog):
        seen.append((dialog.intro.text(), dialog.continue_button.text()))
        dialog.later_button.click()
        return False
    monkeypatch.setattr(DraftsDialog, "exec", next_person_decides_later)
    second = app_window()
    second.offer_drafts()
    [(intro, button)] = seen
    saved_at = draft.updated_at[11:16]
    assert intro.startswith(f"Continue Sam Taylor's incident or assault from {saved_at} today?")
    assert "If you are not Sam Taylor, choose Decide later" in intro
    assert button == "&Continue Sam Taylor's draft"
    second.go_to(second.report_form)
    assert second.report_form.fields["narrative"].value() == ""   # not opened for them
    assert second.report_form.report_id is None
