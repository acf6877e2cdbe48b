"""The protocol text browser: it opens nothing by itself and fetches nothing, ever.

In-document anchors scroll; https links ask first; anything else is ignored. Citation
links (``#ref-...``) are its own: hovering shows the source as a tooltip, and following one
says so (``citation_followed``) before scrolling to the source's entry under References.
"""

from __future__ import annotations

import html
import logging

from PySide6.QtCore import QEvent, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QTextBrowser, QTextEdit, QToolTip

log = logging.getLogger(__name__)


class SafeBrowser(QTextBrowser):
    """A QTextBrowser that never fetches anything: no files, no network, no images.

    Citation links (``#ref-...``) are its own: hovering shows the source as a tooltip, and
    following one says so (``citation_followed``) before scrolling to the source's entry.

    A protocol cites its sources a hundred times, so Tab does not stop at each link: it
    moves on to the next control, as everywhere else. Alt+Right and Alt+Left move between
    the links in the text instead, and Enter follows the one selected.
    """

    NEXT_LINK_HELP = ("Alt+Right and Alt+Left move between citations and links in the text; "
                      "Enter shows the source.")

    citation_followed = Signal(str, str)     # the reference's anchor, the note about it

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._follow)
        self._pressed = QPoint(0, 0)

    def loadResource(self, kind, url):  # noqa: N802 (Qt's name)
        return None

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 (Qt's name)
        return QTextEdit.focusNextPrevChild(self, forward)   # Tab leaves; it never walks links

    def keyPressEvent(self, event):  # noqa: N802 (Qt's name)
        if event.modifiers() == Qt.AltModifier and event.key() in (Qt.Key_Right, Qt.Key_Left):
            self.move_to_link(event.key() == Qt.Key_Right)
            return
        super().keyPressEvent(event)

    def move_to_link(self, forward: bool) -> bool:
        """Select the next (or previous) link, counting from the one selected or else from
        the top of what is on screen; False, and nothing moves, when there is none."""
        cursor = self.textCursor()
        if cursor.hasSelection():
            here = cursor.selectionEnd() if forward else cursor.selectionStart()
        else:
            corner = QPoint(0, 0) if forward else QPoint(0, self.viewport().height() - 1)
            here = self.cursorForPosition(corner).position()
        links = self._links()
        if forward:
            found = next(((a, b) for a, b in links if a >= here), None)
        else:
            found = next(((a, b) for a, b in reversed(links) if b <= here), None)
        if found is None:
            return False
        cursor.setPosition(found[0])
        cursor.setPosition(found[1], cursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        return True

    def _links(self) -> list[tuple[int, int]]:
        """(start, end) of each link in the text, in order; a link split by a search mark
        is still one link."""
        links: list[tuple[int, int, str]] = []
        block = self.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                fmt = fragment.charFormat()
                href = fmt.anchorHref() if fmt.isAnchor() else ""
                if href:
                    start, end = fragment.position(), fragment.position() + fragment.length()
                    if links and links[-1][2] == href and links[-1][1] == start:
                        links[-1] = (links[-1][0], end, href)
                    else:
                        links.append((start, end, href))
                it += 1
            block = block.next()
        return [(start, end) for start, end, _href in links]

    def mousePressEvent(self, event):  # noqa: N802 (Qt's name)
        self._pressed = event.position().toPoint()
        super().mousePressEvent(event)

    def viewportEvent(self, event):  # noqa: N802 (Qt's name)
        if event.type() == QEvent.ToolTip:
            note = self.note_at(self.cursorForPosition(event.pos()))
            if note:
                QToolTip.showText(event.globalPos(), f"<qt>{html.escape(note)}</qt>", self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    @staticmethod
    def note_at(cursor) -> str:
        fmt = cursor.charFormat()
        if fmt.isAnchor() and fmt.toolTip():
            return fmt.toolTip()
        cursor.movePosition(cursor.MoveOperation.NextCharacter)
        fmt = cursor.charFormat()
        return fmt.toolTip() if fmt.isAnchor() else ""

    def _citation_note(self, href: str) -> str:
        for cursor in (self.textCursor(), self.cursorForPosition(self._pressed)):
            if cursor.charFormat().anchorHref() == href or cursor.hasSelection():
                note = self.note_at(cursor)
                if note:
                    return note
        return ""

    def _follow(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith("#ref-"):
            self.citation_followed.emit(text[1:], self._citation_note(text))
            self.scrollToAnchor(text[1:])
            return
        if text.startswith("#"):
            self.scrollToAnchor(text[1:])
            return
        if url.scheme() == "https":
            answer = QMessageBox.question(
                self, "Open a web page?",
                f"This link opens a web page outside Common Ground:\n\n{text}\n\n"
                "It needs a network connection. Open it?")
            if answer == QMessageBox.Yes:
                QDesktopServices.openUrl(url)
            return
        log.info("ignored a link with scheme %r", url.scheme())


