"""A saved PDF is confirmed in the window where Save was pressed, with Open and Show in
folder, not only in the status bar at the bottom of the main window."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog

from commonground.core.records import reports
from commonground.policy import parse_policy
from commonground.ui.report_view import ReportView
from commonground.ui.saved_banner import SavedBanner
from tests.core.test_incidents import full_report


def test_the_form_and_the_report_window_say_where_the_pdf_went(open_window, qtbot,
                                                                 monkeypatch, tmp_path):
    window = open_window(policy=parse_policy(json.dumps({"site": "Riverside Hospital"})))
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    target = tmp_path / "draft.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.go_to(window.report_form)
    form = window.report_form
    qtbot.keyClicks(form.fields["narrative"].edit, "Pushed against the wall")
    form.pdf_button.setFocus()
    qtbot.keyClick(form.pdf_button, Qt.Key_Return)
    qtbot.waitUntil(lambda: form.findChild(SavedBanner) is not None and
                    form.findChild(SavedBanner).isVisible(), timeout=20000)
    banner = form.findChild(SavedBanner)
    assert banner.text.text() == f"✓ PDF saved to {target}"
    assert target.read_bytes().startswith(b"%PDF")
    # Just under the buttons that made it, and the cursor on Open.
    assert banner.mapTo(form, banner.rect().topLeft()).y() < form.save_state.mapTo(
        form, form.save_state.rect().topLeft()).y()
    assert QApplication.focusWidget() is banner.open_button
    qtbot.keyClick(banner.open_button, Qt.Key_Return)
    qtbot.keyClick(banner.open_button, Qt.Key_Tab)
    assert QApplication.focusWidget() is banner.folder_button
    qtbot.keyClick(banner.folder_button, Qt.Key_Return)
    assert [url.toLocalFile() for url in opened] == [str(target), str(tmp_path)]

    draft = reports.start_draft(window.context.db, window.context.login)
    reports.save_draft(window.context.db, draft.id, full_report(), window.context.login)
    report = reports.submit(window.context.db, draft.id, window.context.login)
    view = ReportView(window.context, report.id, window)
    qtbot.addWidget(view)
    view.show()
    second = tmp_path / "report.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(second), ""))
    qtbot.mouseClick(view.pdf_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: view.findChild(SavedBanner) is not None and
                    view.findChild(SavedBanner).isVisible(), timeout=20000)
    assert view.findChild(SavedBanner).text.text() == f"✓ PDF saved to {second}"
    qtbot.mouseClick(view.findChild(SavedBanner).hide_button, Qt.LeftButton)
    assert not view.findChild(SavedBanner).isVisible()
