"""A date that does not exist is named wherever a date is typed: "31 February 2026 does not
exist", never "write the date as day/month/year" to someone who did."""

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from commonground.core.records import kinds as rk
from commonground.policy import parse_policy
from commonground.ui.form_fields import DateTimeField
from tests.ui.test_cases import ADVISOR, open_first_case, press_ok, record, submit_report

NAMED = "31 February 2026 does not exist (February 2026 has 28 days)."
COMMITTEE = parse_policy(json.dumps({"role": "committee", "site": "Riverside Hospital"}))


@pytest.mark.parametrize("kind", list(rk.KINDS))
def test_every_date_on_every_form_names_a_date_that_does_not_exist(open_window, qtbot, kind):
    window = open_window()
    window.go_to(window.record_page)
    page = window.record_page
    qtbot.mouseClick(page.buttons[kind], Qt.LeftButton)
    form = page.forms[kind]
    dates = {key: f for key, f in form.fields.items() if isinstance(f, DateTimeField)}
    assert dates
    for key, field in dates.items():
        qtbot.keyClicks(field.date, "31/02/2026")
        qtbot.keyClicks(field.time, "14:32")
        assert field.read_back.text() == NAMED, key
    form.submit()
    QApplication.processEvents()
    for key, field in dates.items():
        if field.container.isVisibleTo(form):
            assert field.error.text() == f"Problem: {NAMED}", key
    field = next(iter(dates.values()))
    field.date.clear()
    qtbot.keyClicks(field.date, "20/11/2026")
    field.time.clear()
    qtbot.keyClicks(field.time, "25:10")
    assert field.read_back.text() == "25:10 is not a time of day: hours go from 00 to 23."


@pytest.fixture
def advisor(open_window):
    window = open_window(policy=ADVISOR)
    window.ensure_role()
    return window


def test_a_case_steps_date_and_due_date_name_a_date_that_does_not_exist(advisor, qtbot):
    submit_report(advisor.context)
    advisor.apply_role()
    view = open_first_case(advisor, qtbot)
    dialog = record(qtbot, view, "victim_contacted", status="done", date="31/02/2026")
    assert dialog.isVisible() and dialog.error.text() == f"Problem: {NAMED}"
    dialog.reject()
    view.table.setCurrentCell(0, 0)
    view.change_due()
    due = view.due_dialog
    due.date.setText("30/02/2026")
    press_ok(qtbot, due)
    assert due.isVisible()
    assert due.error.text() == "Problem: 30 February 2026 does not exist (February 2026 has " \
                               "28 days)."


def test_a_helpline_call_names_which_date_does_not_exist(advisor, qtbot):
    advisor.go_to(advisor.cases)
    dialog = advisor.cases.log_call()
    qtbot.keyClicks(dialog.caller, "Ward 3 charge nurse")
    qtbot.keyClicks(dialog.what, "Colleague bitten")
    dialog.date.setText("31/02/2026")
    press_ok(qtbot, dialog)
    assert dialog.error.text() == f"Problem: The time of the call: {NAMED}"
    dialog.date.setText("20/11/2026")
    qtbot.keyClicks(dialog.incident_date, "29/02/2026")
    press_ok(qtbot, dialog)
    assert dialog.error.text() == ("Problem: The incident: 29 February 2026 does not exist "
                                   "(February 2026 has 28 days).")


@pytest.fixture
def committee(open_window):
    window = open_window(policy=COMMITTEE)
    window.ensure_role()
    return window


def test_the_committees_dates_name_a_date_that_does_not_exist(committee, qtbot):
    page = committee.committee
    committee.go_to(page)
    page.start.clear()
    qtbot.keyClicks(page.start, "31/04/2026")
    qtbot.waitUntil(lambda: page.message.text() == (
        "Problem: the 'From' date: 31 April 2026 does not exist (April 2026 has 30 days)."),
        timeout=10000)
    meetings = committee.meetings
    committee.go_to(meetings)
    dialog = meetings.record_meeting()
    dialog.date.setText("31/02/2026")
    press_ok(qtbot, dialog)
    assert dialog.error.text() == f"Problem: The meeting date: {NAMED}"
    dialog.date.setText("01/09/2026")
    press_ok(qtbot, dialog)
    action = meetings.raise_action()
    qtbot.keyClicks(action.title, "Audit cancelled assessments")
    action.due.setText("12/13/2026")
    press_ok(qtbot, action)
    assert action.error.text() == ("Problem: The due date: there is no month 13: write the "
                                   "date as day/month/year, for example 20/11/2026.")
    qtbot.keyClicks(action.raised_by, "AMHP service manager")
    action.agency.setCurrentIndex(action.agency.findData("police"))
    qtbot.keyClicks(action.role, "Operations sergeant")
    action.due.setText("01/12/2026")
    press_ok(qtbot, action)
    assert not action.isVisible(), action.error.text()
    meetings.table.setCurrentCell(0, 0)
    update = meetings.add_update()
    update.date.setText("31/09/2026")
    press_ok(qtbot, update)
    assert update.error.text() == ("Problem: 31 September 2026 does not exist (September "
                                   "2026 has 30 days).")


def test_the_outcome_dialog_names_a_date_that_does_not_exist(qtbot, tmp_path):
    from commonground.context import AppContext
    from commonground.core.records import reports
    from commonground.ui.outcome_dialog import OutcomeDialog
    from tests.core.test_record_kinds import full_request

    context = AppContext.open(tmp_path / "data")
    draft = reports.start_draft(context.db, context.login)
    reports.save_draft(context.db, draft.id, full_request(), context.login)
    request = reports.submit(context.db, draft.id, context.login)
    dialog = OutcomeDialog(context, request, "Sam Taylor")
    qtbot.addWidget(dialog)
    dialog.show()
    dates = {key: f for key, f in dialog.fields.items() if isinstance(f, DateTimeField)}
    combo = dialog.fields["outcome"].focus_target()
    for index in range(combo.count()):   # the choice under which the date is asked
        combo.setCurrentIndex(index)
        if all(f.container.isVisibleTo(dialog) for f in dates.values()):
            break
    for field in dates.values():
        qtbot.keyClicks(field.date, "31/02/2026")
        qtbot.keyClicks(field.time, "10:00")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
    assert dialog.isVisible()
    for field in dates.values():
        assert field.error.text() == f"Problem: {NAMED}"
    context.close()
