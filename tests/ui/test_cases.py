"""The advisor hub, driven like the advisor would: dashboard, case, steps, close; and what
the person who reported sees in My reports."""

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLabel

from commonground.core import roles
from commonground.core.cases import workflow as cases
from commonground.core.records import reports as incidents
from commonground.core.timeutil import now_local, parse_time
from commonground.policy import parse_policy
from commonground.ui.role_dialog import RoleDialog
from tests.core.test_incidents import full_report
from tests.ui.conftest import unlabelled_controls

ADVISOR = parse_policy(json.dumps({"role": "advisor", "site": "Riverside Hospital"}))


def submit_report(context, **changes):
    draft = incidents.start_draft(context.db, context.login)
    incidents.save_draft(context.db, draft.id, full_report(**changes), context.login)
    return incidents.submit(context.db, draft.id, context.login)


def choose(combo: QComboBox, code) -> None:
    combo.setCurrentIndex(combo.findData(code))


def press_ok(qtbot, dialog):
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)


def record(qtbot, view, step_key, **values):
    row = [s.key for s in view.steps].index(step_key)
    view.table.setCurrentCell(row, 0)
    qtbot.mouseClick(view.record_button, Qt.LeftButton)
    dialog = view.step_dialog
    for name, value in values.items():
        widget = dialog.extra.get(name) or getattr(dialog, name)
        if isinstance(widget, QComboBox):
            choose(widget, value)
        else:
            widget.clear()
            qtbot.keyClicks(widget, value)
    press_ok(qtbot, dialog)
    return dialog


@pytest.fixture
def advisor(open_window):
    window = open_window(policy=ADVISOR)
    window.ensure_role()  # as the app does at start
    return window


def open_first_case(window, qtbot):
    qtbot.keyClick(window.nav, Qt.Key_4, Qt.ControlModifier)
    assert window.pages.currentWidget() is window.cases
    window.cases.table.setFocus()
    window.cases.table.setCurrentIndex(window.cases.model.index(0, 0))
    qtbot.keyClick(window.cases.table, Qt.Key_Return)
    return window.case_view


def my_reports_row(window, qtbot):
    qtbot.keyClick(window.nav, Qt.Key_3, Qt.ControlModifier)
    model = window.my_reports.model
    return {key: model.index(0, column).data() for column, (key, _) in enumerate(model.columns)}


def test_a_report_made_on_the_advisors_computer_opens_a_case_and_goes_to_nfa(advisor, qtbot):
    window = advisor
    report = submit_report(window.context)
    window.apply_role()  # the advisor hub receives its own reports
    assert window.cases.bucket_group.button(0).text() == "All (1)"
    model = window.cases.model
    waiting = [key for key, _label in model.columns].index("waiting")
    assert model.index(0, waiting).data() == "Police"   # not "police, police or CPS"
    view = open_first_case(window, qtbot)
    assert "Crime reference:</b> 12/3456/26" in view.header.text()  # from the report
    assert view.table.item(2, 2).text() == "Done"

    record(qtbot, view, "decision", decision="nfa", nfa_reason="insufficient_evidence",
           date="20/11/2026")
    row = [s.key for s in view.steps].index("decision")
    assert view.table.item(row, 2).text() == "Done"
    assert "Insufficient evidence" in view.table.item(row, 6).text()
    court = [s.key for s in view.steps].index("court")
    assert view.table.item(court, 2).text() == "Not applicable"

    qtbot.mouseClick(view.close_button, Qt.LeftButton)
    dialog = view.close_dialog
    choose(dialog.reason, "no_police_action")
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and "still to do" in dialog.error.text()  # needs a reason
    qtbot.keyClicks(dialog.explanation, "Victim content with the outcome")
    press_ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert view.header.text().count("Closed: Police took no further action") == 1

    mine = my_reports_row(window, qtbot)
    assert mine["reference"] == report.reference and mine["status"] == "Closed"
    assert mine["news"].startswith("The case is closed: Police took no further action")
    news = [text for _at, text in cases.messages_for_report(window.context.db, report.id)]
    assert "The police or CPS decided to take no further action. Reason: Insufficient " \
           "evidence." in news


def test_a_case_through_charge_court_and_conviction(advisor, qtbot):
    window = advisor
    submit_report(window.context)
    window.apply_role()
    view = open_first_case(window, qtbot)
    record(qtbot, view, "victim_contacted", date="20/11/2026")
    record(qtbot, view, "decision", decision="charge", date="20/11/2026")
    record(qtbot, view, "court", outcome="convicted", sentence="12 weeks suspended",
           date="20/11/2026")
    record(qtbot, view, "victim_told", date="20/11/2026")
    assert not view.warnings.isVisible() or "court outcome" not in view.warnings.text()
    mine = my_reports_row(window, qtbot)
    assert mine["news"] == "Court outcome: convicted; sentence: 12 weeks suspended."
    assert mine["status"] == "Case open"
    timeline = view.timeline.toPlainText()
    assert "Court: hearings, outcome, sentence: Done. Convicted" in timeline


def test_impossible_answers_keep_the_dialog_open_with_the_problem(advisor, qtbot):
    window = advisor
    submit_report(window.context)
    window.apply_role()
    view = open_first_case(window, qtbot)
    dialog = record(qtbot, view, "victim_contacted", date="01/01/2020")
    assert dialog.isVisible()
    assert dialog.error.text() == ("Problem: The date cannot be before the incident "
                                   "(20 Nov 2026).")
    dialog.date.clear()
    qtbot.keyClicks(dialog.date, "31/02/2026")
    press_ok(qtbot, dialog)
    assert dialog.error.text() == ("Problem: 31 February 2026 does not exist (February 2026 "
                                   "has 28 days).")
    dialog.reject()
    steps = {s.key: s for s in cases.steps(window.context.db, view.case_id)}
    assert steps["victim_contacted"].status == "todo"


def test_a_helpline_call_opens_a_case_without_a_report(advisor, qtbot):
    window = advisor
    window.go_to(window.cases)
    dialog = window.cases.log_call()
    qtbot.keyClicks(dialog.caller, "Ward 3 charge nurse")
    qtbot.keyClicks(dialog.what, "Colleague bitten on the hand last night; police not "
                                 "called yet.")
    press_ok(qtbot, dialog)
    assert not dialog.isVisible()
    view = window.case_view
    assert "Opened from a helpline call" in view.report.toPlainText()
    assert window.cases.count_label.text() == "1 case"
    assert unlabelled_controls(view) == []


def test_frontline_does_not_see_cases_and_the_first_run_asks_the_role(open_window,
                                                                      monkeypatch):
    monkeypatch.setattr(RoleDialog, "exec", lambda self: 1)
    monkeypatch.setattr(RoleDialog, "chosen", lambda self: "advisor")
    window = open_window()
    hidden = {window.nav.item(row).text(): window.nav.item(row).isHidden()
              for row in range(window.nav.count())}
    assert hidden["Cases"] is True and hidden["Dashboard"] is True
    window.ensure_role()
    assert roles.current_role(window.context.db) == "advisor"
    assert window.nav.item(3).text() == "Cases" and not window.nav.item(3).isHidden()
    [change] = roles.history(window.context.db)
    assert (change["role"], change["source"], change["previous"]) == ("advisor", "first run",
                                                                      None)


def test_the_site_policy_sets_the_role_and_the_change_is_recorded(advisor):
    advisor.ensure_role()
    assert roles.current_role(advisor.context.db) == "advisor"
    assert roles.history(advisor.context.db)[-1]["source"] == "site policy"
    assert not advisor.this_computer.role_button.isEnabled()
    assert "(set in the site policy: " in advisor.this_computer.details.text()


def test_the_advisor_sets_the_sites_default_deadlines(advisor, qtbot):
    window = advisor
    window.go_to(window.cases)
    dialog = window.cases.edit_deadlines()
    box = dialog.boxes["victim_contacted"]
    assert box.value() == 2 and "working days after receipt" in box.suffix()
    box.setValue(1)
    dialog.boxes["cctv_requested"].setValue(14)
    press_ok(qtbot, dialog)
    report = submit_report(window.context)
    window.apply_role()
    case = cases.case_for_report(window.context.db, report.id)
    steps = {s.key: s for s in cases.steps(window.context.db, case.id)}
    assert steps["cctv_requested"].due == "2026-12-04"  # 14 days after 20 November
    received = parse_time(case.received_at).date()
    from commonground.core.workdays import default_calendar
    assert steps["victim_contacted"].due == \
        default_calendar().add_working_days(received, 1).isoformat()


def test_reports_from_ward_pcs_are_in_the_inbox_not_in_my_reports(advisor, qtbot):
    from commonground.core.sync import incoming
    window = advisor
    record = {"type": "report", "uuid": "11111111-2222-3333-4444-555555555555",
              "reference": "CG-2026-WARD-000007", "submitted_at": "2026-11-20T16:00:00",
              "created_at": "2026-11-20T15:40:00", "data": full_report()}
    incoming.import_reports(window.context.db, [record], "99999999-2222-3333-4444-555555555555",
                            "advisor", now_local())
    window.go_to(window.inbox)
    assert window.inbox.count_label.text() == "1 report"
    assert window.inbox.model.index(0, 0).data() == "CG-2026-WARD-000007"
    assert window.inbox.model.index(0, 1).data() == "Case open"
    window.go_to(window.my_reports)
    assert window.my_reports.count_label.text() == "0 reports"


def test_a_case_of_note_refuses_identifiers_and_travels_with_the_deidentified_data(advisor,
                                                                                   qtbot):
    from commonground.core.sync import deidentify
    window = advisor
    report = submit_report(window.context)
    window.apply_role()
    view = open_first_case(window, qtbot)
    qtbot.mouseClick(view.of_note_button, Qt.LeftButton)
    dialog = view.of_note_dialog
    [warning] = [label for label in dialog.findChildren(QLabel)
                 if label.accessibleName() == "Before you write"]
    assert "Write no names, dates of birth, NHS or crime numbers" in warning.text()
    qtbot.keyClicks(dialog.title, "Charge after a bite on the ward")
    qtbot.keyClicks(dialog.text, f"Patient 943 476 5919 bit a nurse; see {report.reference}.")
    press_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.error.text().startswith("Problem: It contains a report reference")
    dialog.text.clear()
    qtbot.keyClicks(dialog.text, "Patient 943 476 5919 bit a nurse.")
    press_ok(qtbot, dialog)
    assert dialog.error.text() == ("Problem: It contains what looks like an NHS number. "
                                   "Take it out.")
    assert window.context.db.query("SELECT COUNT(*) AS n FROM case_notes")[0]["n"] == 0
    dialog.text.clear()
    qtbot.keyClicks(dialog.text, "CCTV kept early made the charge possible.")
    press_ok(qtbot, dialog)
    assert not dialog.isVisible()
    [note] = deidentify.note_records(window.context.db)
    assert (note["title"], note["text"]) == ("Charge after a bite on the ward",
                                             "CCTV kept early made the charge possible.")
    assert note["date"] == now_local().date().isoformat()
    assert unlabelled_controls(dialog) == []


def test_a_case_of_note_naming_someone_in_the_report_says_which_field_and_whom(advisor, qtbot,
                                                                               tmp_path):
    window = advisor
    submit_report(window.context, victims=[{"kind": "staff", "name": "Zoë Brontë",
                                            "role": "Staff nurse"}])
    window.apply_role()
    view = open_first_case(window, qtbot)
    qtbot.mouseClick(view.of_note_button, Qt.LeftButton)
    dialog = view.of_note_dialog
    qtbot.keyClicks(dialog.title, "Charge after a bite on the ward")
    qtbot.keyClicks(dialog.text, "ZOE BRONTE was bitten; CCTV kept early made the charge "
                                 "possible.")
    press_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.error.text() == (
        "Problem: The summary contains the name of someone in this case's report (Zoë "
        "Brontë). Take it out or use their role: the committee must not be able to tell who "
        "it is.")
    dialog.grab().save(str(tmp_path / "case_of_note_name.png"))
    assert window.context.db.query("SELECT COUNT(*) AS n FROM case_notes")[0]["n"] == 0
    dialog.text.clear()
    qtbot.keyClicks(dialog.text, "A nurse was bitten; CCTV kept early made the charge "
                                 "possible.")
    press_ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert window.context.db.query("SELECT COUNT(*) AS n FROM case_notes")[0]["n"] == 1


def test_a_task_shows_a_user_error_as_advice_and_any_other_error_as_a_bug(qtbot):
    from commonground.core.cases.workflow import CaseError
    from commonground.ui import tasks

    shown = []

    def run(error):
        def work(progress, cancelled):
            raise error
        task = tasks.start(work, name="Case file PDF", on_failed=shown.append)
        qtbot.waitUntil(lambda: task not in tasks._running)
    run(CaseError("This case is closed; reopen it first."))
    run(ValueError("invalid literal for int() with base 10: 'x'"))
    assert shown == ["This case is closed; reopen it first.",
                     "Case file PDF failed unexpectedly. The details are in the log file; "
                     "please tell IT."]


def test_case_file_pdf_asks_where_and_writes_the_pdf(advisor, qtbot, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    from commonground.ui import tasks

    window = advisor
    submit_report(window.context)
    window.apply_role()
    view = open_first_case(window, qtbot)
    target = tmp_path / "case-file.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(view.pdf_button, Qt.LeftButton)
    tasks.wait_for_all()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == f"Saved {target}")
    assert target.read_bytes().startswith(b"%PDF")
    banner = view._saved_banner       # said in the case window too, where the eye is
    assert banner.isVisible() and banner.text.text() == f"✓ PDF saved to {target}"


def test_a_record_opens_in_one_window_and_every_open_window_shows_its_changes(advisor, qtbot):
    window = advisor
    report = submit_report(window.context)
    window.apply_role()
    case_view = open_first_case(window, qtbot)
    assert open_first_case(window, qtbot) is case_view          # brought forward, not doubled
    report_view = window.open_report(report.id)
    assert window.open_report(report.id) is report_view
    assert [type(w).__name__ for w in window.record_windows.values()] == ["CaseView",
                                                                         "ReportView"]

    dialog = report_view.add_addendum()
    qtbot.keyClicks(dialog.text, "The bruise came up the next day.")
    qtbot.keyClicks(dialog.author, "Sam Taylor")
    dialog.accept()
    assert "The bruise came up the next day." in case_view.report.toPlainText()

    assert "The case is closed" not in report_view.browser.toPlainText()
    record(qtbot, case_view, "decision", decision="nfa", nfa_reason="insufficient_evidence",
           date="20/11/2026")
    qtbot.mouseClick(case_view.close_button, Qt.LeftButton)
    choose(case_view.close_dialog.reason, "no_police_action")
    qtbot.keyClicks(case_view.close_dialog.explanation, "Victim content with the outcome")
    press_ok(qtbot, case_view.close_dialog)
    assert "The case is closed: Police took no further action" in \
        report_view.browser.toPlainText()              # the news, without reopening it
    report_view.close()
    assert window.open_report(report.id) is not report_view    # a closed window is forgotten
