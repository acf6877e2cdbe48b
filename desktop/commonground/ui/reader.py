"""The protocol reader: a table of contents, the text, and the facts that date it.

The version, effective date, law-as-at date and review date stay in view above the text,
and an overdue review is a warning in words, not only in colour. The text browser opens
no links by itself: in-document anchors scroll, https links ask first, the rest are
ignored, and it never loads a resource from anywhere.
"""

from __future__ import annotations

import logging
import re
import tempfile
from pathlib import Path

from PySide6.QtCore import QRegularExpression, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont, QTextCursor
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..core.protocols.files import Protocol
from ..core.protocols.localcontacts import LocalContacts
from ..core.protocols.versions import change_summary
from ..core.storage.db import Database
from . import tasks
from .reference_bar import ReferenceBar
from .safe_browser import SafeBrowser
from .saved_banner import show_saved
from .version_panels import AcknowledgeBar, WhatChangedPanel

log = logging.getLogger(__name__)


INTRO_HTML = """
<h2>Find the right protocol in one search</h2>
<p>Type in the search box above, in your own words or in the jargon. For example:</p>
<ul>
<li>can we take a 16 year old to the police station</li>
<li>who can act as AA</li>
<li>how long can someone be kept on a 136</li>
<li>patient has gone missing from the ward</li>
<li>crime reference number</li>
</ul>
<p>Press <b>Enter</b> to open the best match, or <b>Down</b> to choose another.
Press <b>Ctrl+F</b> or <b>Ctrl+K</b> from anywhere to come back to the search box.</p>
<p>With the search box empty, the list on the left shows every protocol.</p>
<p>These are model protocols that your local Police Liaison Committee adopts. Each one
shows its version, the date its law is stated as at, and when it is due for review.</p>
"""


class ProtocolReader(QWidget):
    status_message = Signal(str)

    def __init__(self, contacts: LocalContacts, parent=None, *, db: Database | None = None,
                 login: str = "", site: str = "",
                 policy_who: tuple[str | None, str | None] = (None, None)):
        super().__init__(parent)
        self.contacts = contacts
        self.db = db
        self.protocol: Protocol | None = None
        self._task = None

        self.title = QLabel("Protocols")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextSelectableByMouse)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setAccessibleName("Protocol title")

        self.facts = QLabel("")
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.facts.setAccessibleName("Protocol version and dates")

        self.checked = QLabel("")
        self.checked.setWordWrap(True)
        self.checked.setTextFormat(Qt.PlainText)
        self.checked.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.checked.setAccessibleName("What this text was checked against")
        self.checked.hide()

        self.warning = QLabel("")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("QLabel { background: #fde2e1; color: #7a0000; "
                                   "border: 1px solid #7a0000; padding: 6px; font-weight: bold; }")
        self.warning.setAccessibleName("Review warning")
        self.warning.hide()

        self.save_button = QPushButton("Save as PD&F…")
        self.save_button.setAccessibleName("Save this protocol as a PDF file")
        self.save_button.clicked.connect(self.save_pdf)
        self.print_button = QPushButton("&Print…")
        self.print_button.setAccessibleName("Print this protocol (opens it as a PDF)")
        self.print_button.clicked.connect(self.print_pdf)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("PDF progress")
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        for button in (self.save_button, self.print_button):
            button.setEnabled(False)

        self.toc = QListWidget()
        self.toc.setAccessibleName("Contents of this protocol")
        self.toc.setWordWrap(True)
        self.toc.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.toc.itemActivated.connect(self._toc_activated)
        self.toc.itemClicked.connect(self._toc_activated)

        self.browser = SafeBrowser()
        self.browser.setAccessibleName("Protocol text")
        self.browser.setAccessibleDescription(SafeBrowser.NEXT_LINK_HELP)
        self.sources = ReferenceBar()
        self.browser.citation_followed.connect(self._show_source)
        self.sources.back.connect(self._back_to_text)
        self._return_to = 0

        self.toc_box = toc_box = QWidget()
        toc_layout = QVBoxLayout(toc_box)
        toc_layout.setContentsMargins(0, 0, 0, 0)
        toc_label = QLabel("&Contents")
        toc_label.setBuddy(self.toc)
        toc_layout.addWidget(toc_label)
        toc_layout.addWidget(self.toc)

        # Only with a database: what changed since the last version, and confirming reading.
        self.changes = WhatChangedPanel()
        self.changes.open_anchor.connect(self._go_to_change)
        self.acknowledge = None
        if db is not None:
            self.acknowledge = AcknowledgeBar(db, login, site, policy_who=policy_who)
            self.acknowledge.confirmed.connect(self.status_message)
            self.acknowledge.hide()

        text_box = QWidget()
        text_layout = QVBoxLayout(text_box)
        text_layout.setContentsMargins(0, 0, 0, 0)
        text_layout.addWidget(self.browser, 1)
        text_layout.addWidget(self.sources)
        split = QSplitter(Qt.Horizontal)
        split.addWidget(toc_box)
        split.addWidget(text_box)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([230, 600])
        split.setChildrenCollapsible(False)

        buttons = QHBoxLayout()
        buttons.addWidget(self.facts, 1)
        buttons.addWidget(self.progress)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)

        self.browser.setHtml(INTRO_HTML)
        self.toc_box.hide()
        for widget in (self.save_button, self.print_button):
            widget.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(buttons)
        layout.addWidget(self.checked)
        layout.addWidget(self.warning)
        if self.acknowledge is not None:
            layout.addWidget(self.acknowledge)
        layout.addWidget(self.changes)
        layout.addWidget(split, 1)
        chain = [self.save_button, self.print_button] + (
            [self.acknowledge.button] if self.acknowledge is not None else []) + [
            self.changes.changes, self.toc, self.browser, self.sources.back_button,
            self.sources.close_button]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    # ----------------------------------------------------------------- showing
    def show_protocol(self, protocol: Protocol, anchor: str | None = None,
                      highlight: list[str] | tuple[str, ...] = (), *,
                      sentence: str = "") -> None:
        from ..core.protocols.render import (
            checked_text,
            compile_highlight,
            format_date,
            protocol_html,
            review_status,
        )

        self.protocol = protocol
        self.title.setText(protocol.title)
        self.facts.setText(
            f"Version {protocol.version} · Effective {format_date(protocol.effective)} · "
            f"Law stated as at {format_date(protocol.law_as_at)} · "
            f"Review due {format_date(protocol.review_due)} · "
            f"Owned by {'; '.join(protocol.owners)}")
        self.checked.setText(checked_text(protocol))
        self.checked.show()
        self.sources.hide()
        status = review_status(protocol)
        notes = []
        if status.overdue:
            notes.append(status.text)
        if protocol.superseded_by:
            notes.append(f"This version is superseded by '{protocol.superseded_by}'.")
        self.warning.setText("\n".join(notes))
        self.warning.setVisible(bool(notes))
        self._show_versions(protocol)

        self.toc.clear()
        for section in protocol.sections():
            indent = "    " if section.level >= 3 else ""
            item = QListWidgetItem(indent + section.heading)
            item.setData(Qt.UserRole, section.anchor)
            self.toc.addItem(item)
            if section.anchor == anchor:
                self.toc.setCurrentItem(item)

        self.toc_box.show()
        for button in (self.save_button, self.print_button):
            button.setEnabled(True)
            button.show()
        self.browser.setHtml(protocol_html(protocol, self.contacts,
                                           compile_highlight(list(highlight))))
        self._scroll_to(anchor, sentence)
        # Showing the contents may re-flow the text once the layout settles: scroll again.
        QTimer.singleShot(0, self, lambda: self._scroll_to(anchor, sentence))

    def _show_versions(self, protocol: Protocol) -> None:
        if self.db is None:
            return
        self.acknowledge.show_for(protocol)
        self.changes.show_summary(change_summary(self.db, protocol.id))

    def _show_source(self, anchor: str, note: str) -> None:
        from ..core.protocols.render import reference_note

        self._return_to = self.browser.verticalScrollBar().value()
        if not note and self.protocol is not None:
            found = [r for r in self.protocol.sources().references.values()
                     if r.anchor == anchor]
            note = reference_note(found[0]) if found else ""
        cursor = self.browser.textCursor()
        cited = cursor.selectedText() if cursor.hasSelection() else "this citation"
        self.sources.show_source(cited, note or "not found under References.")

    def _back_to_text(self) -> None:
        self.browser.verticalScrollBar().setValue(self._return_to)
        self.browser.setFocus(Qt.OtherFocusReason)

    def _go_to_change(self, anchor: str) -> None:
        for row in range(self.toc.count()):
            if self.toc.item(row).data(Qt.UserRole) == anchor:
                self.toc.setCurrentRow(row)
        self.browser.scrollToAnchor(anchor)

    def _scroll_to(self, anchor: str | None, sentence: str = "") -> None:
        if anchor:
            self.browser.scrollToAnchor(anchor)
            if sentence:
                self._show_sentence(anchor, sentence)
        else:
            self.browser.verticalScrollBar().setValue(0)

    def _show_sentence(self, anchor: str, sentence: str) -> None:
        """Select the answering sentence (found by its first words: the text shown carries
        citation links the searched text does not) below its section's heading, and bring
        it into view, with the heading too when both fit."""
        document = self.browser.document()
        start = _anchor_cursor(document, anchor)
        if start is None:
            return
        words = re.findall(r"\w+", sentence)[:8]
        if not words:
            return
        pattern = QRegularExpression(r"\W+".join(re.escape(w) for w in words),
                                     QRegularExpression.CaseInsensitiveOption)
        found = document.find(pattern, start)
        if found.isNull():
            return
        self.browser.setTextCursor(found)
        bar = self.browser.verticalScrollBar()
        top = self.browser.cursorRect(found).top()
        height = self.browser.viewport().height()
        if top > height * 0.75 or top < 0:
            bar.setValue(bar.value() + top - height // 4)

    def _toc_activated(self, item: QListWidgetItem) -> None:
        self.browser.scrollToAnchor(item.data(Qt.UserRole))

    def visible_text(self) -> str:
        return self.browser.toPlainText()

    # --------------------------------------------------------------------- PDF
    def save_pdf(self) -> None:
        if not self.protocol:
            return
        suggested = str(Path.home() / f"{self.protocol.id}-v{self.protocol.version}.pdf")
        target, _ = QFileDialog.getSaveFileName(self, "Save protocol as PDF", suggested,
                                                "PDF files (*.pdf)")
        if target:
            if not target.lower().endswith(".pdf"):
                target += ".pdf"
            self.write_pdf(Path(target), open_after=False)

    def print_pdf(self) -> None:
        if not self.protocol:
            return
        folder = Path(tempfile.mkdtemp(prefix="commonground-print-"))
        safe = re.sub(r"[^a-z0-9-]+", "-", self.protocol.id)
        self.write_pdf(folder / f"{safe}-v{self.protocol.version}.pdf", open_after=True)

    def write_pdf(self, target: Path, *, open_after: bool) -> None:
        from ..core.pdf.protocol_pdf import protocol_pdf

        protocol, contacts = self.protocol, self.contacts
        for button in (self.save_button, self.print_button):
            button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.status_message.emit(f"Making the PDF of {protocol.title}…")

        def work(progress, cancelled):
            protocol_pdf(protocol, contacts, target, progress=progress, cancelled=cancelled)
            return target

        def done(path):
            self._finish()
            self.status_message.emit(f"Saved {path}")
            if open_after:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
            else:   # said where the eye is, not only in the status bar
                show_saved(self, Path(path), 2)
            self.pdf_written(path)

        def failed(message):
            self._finish()
            self.status_message.emit("The PDF was not saved.")
            QMessageBox.warning(self, "PDF not saved", f"The PDF was not saved: {message}")

        def progress(done_count, total):
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(done_count)

        self._task = tasks.start(work, name="Protocol PDF", on_done=done, on_failed=failed,
                                 on_progress=progress, on_cancelled=self._finish)

    def pdf_written(self, path: Path) -> None:
        """Hook for tests and callers; the status bar already says where it went."""

    def _finish(self) -> None:
        self.progress.hide()
        for button in (self.save_button, self.print_button):
            button.setEnabled(self.protocol is not None)


def _anchor_cursor(document, anchor: str) -> QTextCursor | None:
    """A cursor at the heading that carries the named anchor."""
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.isValid() and anchor in fragment.charFormat().anchorNames():
                cursor = QTextCursor(document)
                cursor.setPosition(fragment.position())
                return cursor
            iterator += 1
        block = block.next()
    return None
