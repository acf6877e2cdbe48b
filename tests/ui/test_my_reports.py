"""My reports and the report view: find a report, read it, correct it, print it."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from commonground.core.records import reports as incidents
from commonground.core.records.demo import generate
from commonground.ui.my_reports import ReportsTableModel
from commonground.ui.report_view import ReportView
from tests.core.test_incidents import full_report
from tests.ui.conftest import unlabelled_controls


def submitted(context, **changes):
    draft = incidents.start_draft(context.db, context.login)
    incidents.save_draft(context.db, draft.id, full_report(**changes), context.login)
    incidents.remember_reporter(context.db, context.login, full_report())  # as the form does
    return incidents.submit(context.db, draft.id, context.login)


def test_my_reports_lists_finds_and_opens_reports(window, qtbot, monkeypatch):
    context = window.context
    mine = submitted(context, location="Cedar Ward")
    submitted(context, location="Oak Ward", narrative="The visitor kicked the door and left.")
    incidents.start_draft(context.db, context.login)
    qtbot.keyClick(window.nav, Qt.Key_3, Qt.ControlModifier)
    page = window.my_reports
    assert window.pages.currentWidget() is page
    assert page.count_label.text() == "3 reports"

    qtbot.keyClicks(page.filter, "cedar")
    qtbot.waitUntil(lambda: page.count_label.text() == "1 report")
    assert page.model.index(0, 0).data() == mine.reference
    assert page.model.index(0, 3).data() == "Cedar Ward · Riverside Hospital"

    page.filter.clear()
    page.status.setCurrentIndex(page.status.findData("draft"))
    assert page.count_label.text() == "1 report"
    assert page.model.index(0, 0).data() == "Draft (not submitted)"
    page.status.setCurrentIndex(0)

    opened = []
    monkeypatch.setattr(window, "open_report", lambda report_id: opened.append(report_id))
    page.model.sort(0, Qt.AscendingOrder)
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(1, 0))
    qtbot.keyClick(page.table, Qt.Key_Return)
    assert opened == [page.model.row(1).id]


def test_the_report_view_shows_everything_and_takes_an_addendum(window, qtbot, monkeypatch):
    report = submitted(window.context)
    view = ReportView(window.context, report.id, window)
    qtbot.addWidget(view)
    text = view.browser.toPlainText()
    for words in (report.reference, "Cedar Ward", "Physical assault, Spitting", "12/3456/26",
                  "punched me on the left forearm", "Staff nurse", "Timeline", "Submitted as"):
        assert words in text
    assert not view.continue_button.isVisible()

    view.show()
    qtbot.mouseClick(view.addendum_button, Qt.LeftButton)
    dialog = view.addendum_dialog
    assert dialog.isVisible() and dialog.author.text() == "Sam Taylor"
    qtbot.keyClicks(dialog.text, "The blow was to the right forearm, not the left.")
    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.Ok),
                     Qt.LeftButton)
    assert not dialog.isVisible()
    assert "Addendum: The blow was to the right forearm" in view.browser.toPlainText()
    events = incidents.timeline(window.context.db, report.id)
    assert events[-1].kind == "addendum" and events[-1].author == "Sam Taylor"
    assert "left forearm" in incidents.get_report(window.context.db, report.id).data["narrative"]
    assert unlabelled_controls(view) == []


def test_saving_a_report_pdf_runs_in_the_background(window, qtbot, monkeypatch, tmp_path):
    report = submitted(window.context)
    view = ReportView(window.context, report.id, window)
    qtbot.addWidget(view)
    target = tmp_path / "report.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), "PDF files (*.pdf)"))
    qtbot.mouseClick(view.pdf_button, Qt.LeftButton)
    qtbot.waitUntil(target.exists, timeout=20000)
    assert target.read_bytes().startswith(b"%PDF")
    qtbot.waitUntil(lambda: incidents.timeline(window.context.db, report.id)[-1].kind == "pdf")


def test_a_draft_opens_for_editing_from_my_reports(window, qtbot):
    draft = incidents.start_draft(window.context.db, window.context.login)
    incidents.save_draft(window.context.db, draft.id, {"narrative": "Started earlier"},
                         window.context.login)
    view = ReportView(window.context, draft.id, window)
    qtbot.addWidget(view)
    view.show()
    assert view.continue_button.isVisible() and not view.addendum_button.isVisible()
    view.continue_draft.connect(window.continue_draft)
    qtbot.mouseClick(view.continue_button, Qt.LeftButton)
    assert window.pages.currentWidget() is window.record_page
    assert window.record_page.current is window.report_form
    assert window.report_form.fields["narrative"].value() == "Started earlier"


def test_opening_my_reports_costs_the_same_few_queries_for_ten_or_ten_thousand(window):
    db = window.context.db

    def statements_to_open() -> int:
        seen = []
        with db.use() as reader:  # the connection this (UI) thread reads through
            pass
        reader.set_trace_callback(seen.append)
        try:
            model = ReportsTableModel(db)
            model.refresh()
            for row in range(30):  # the rows a screen shows
                model.data(model.index(row, 0))
        finally:
            reader.set_trace_callback(None)
        return len(seen)

    generate(db, 10)
    few = statements_to_open()
    generate(db, 10000, seed=7)
    assert 2 <= few <= 4
    assert statements_to_open() == few
