"""Actions on a report shared by the form, My reports and the report view."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from ..context import AppContext
from ..core.records import reports as incidents
from . import tasks
from .saved_banner import show_saved


def suggested_pdf_name(report: incidents.Report) -> str:
    name = report.reference or f"draft-report-{report.id}"
    return re.sub(r"[^A-Za-z0-9-]+", "-", name) + ".pdf"


def save_report_pdf(parent: QWidget, context: AppContext, report_id: int,
                    status: Callable[[str], None], target: Path | None = None,
                    banner_at: int = -1) -> None:
    """Ask where, then make the PDF in a worker with a progress dialog (never freezing);
    when it is saved, ``parent`` says where (at ``banner_at`` in its layout)."""
    from ..core.pdf.report_pdf import report_pdf

    report = incidents.get_report(context.db, report_id)
    if report is None:
        return
    if target is None:
        chosen, _ = QFileDialog.getSaveFileName(
            parent, "Save report as PDF", str(Path.home() / suggested_pdf_name(report)),
            "PDF files (*.pdf)")
        if not chosen:
            return
        target = Path(chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf")
    events = incidents.timeline(context.db, report_id)
    dialog = QProgressDialog("Making the PDF…", "Cancel", 0, 0, parent)
    dialog.setWindowTitle("Saving PDF")
    dialog.setMinimumDuration(300)
    status(f"Making the PDF of {report.reference or 'the draft'}…")

    def work(progress, cancelled):
        report_pdf(report, events, target, progress=progress, cancelled=cancelled)
        return target

    def done(path):
        dialog.reset()
        incidents.record_event(context.db, report_id, "pdf", context.login,
                               {"file": Path(path).name})
        status(f"Saved {path}")
        show_saved(parent, Path(path), banner_at)

    def failed(message):
        dialog.reset()
        status("The PDF was not saved.")
        QMessageBox.warning(parent, "PDF not saved", f"The PDF was not saved: {message}")

    def progress(done_count, total):
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done_count, total))

    task = tasks.start(work, name="Report PDF", on_done=done, on_failed=failed,
                       on_progress=progress,
                       on_cancelled=lambda: (dialog.reset(), status("PDF cancelled.")))
    dialog.canceled.connect(task.cancel)
    tasks.free_when_ended(task, dialog)


def copy_as_text(context: AppContext, report_id: int, status: Callable[[str], None],
                 hint: str = "") -> str:
    """The record as plain text on the clipboard, to paste into an email or another system."""
    from PySide6.QtWidgets import QApplication

    from ..core.records.document import plain_text

    report = incidents.get_report(context.db, report_id)
    if report is None:
        return ""
    text = plain_text(report, incidents.timeline(context.db, report.id))
    QApplication.clipboard().setText(text)
    status(f"{report.reference} copied as text{hint}.")
    return text
