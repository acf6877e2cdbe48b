"""The result list: protocol title, section heading and a snippet with the matched words.

A small list model (results are capped) and a delegate that paints rich text. Screen
readers get the same content as plain text through the display role.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPoint, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ..core.protocols.search import END, START, SearchHit

HTML_ROLE = Qt.UserRole + 1
ITEM_ROLE = Qt.UserRole + 2
MARK = '<span style="background-color:#ffe27a; color:#000000; font-weight:bold">'
# Secondary and warning text: dark grey and dark red on a plain row; on the selected row
# (white on blue) they take the selected text colour, since #444444 on the selection blue
# was 2.6:1 and dark red 3.1:1, under the 4.5:1 WCAG asks. The words still say it.
MUTED, ALERT = "class='muted'", "class='alert'"
COLOURS = {MUTED: "#444444", ALERT: "#7a0000"}


@dataclass(frozen=True)
class BrowseEntry:
    protocol_id: str
    title: str
    summary: str
    version: str
    overdue: bool


def _marked_html(snippet: str) -> str:
    return html.escape(snippet).replace(START, MARK).replace(END, "</span>")


class ResultsModel(QAbstractListModel):
    """Either search hits or, when the box is empty, every protocol to browse."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._items: list[SearchHit | BrowseEntry] = []

    def set_items(self, items: list) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item(self, row: int):
        return self._items[row] if 0 <= row < len(self._items) else None

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        if not index.isValid():
            return None
        entry = self._items[index.row()]
        if role in (Qt.DisplayRole, Qt.AccessibleTextRole, Qt.ToolTipRole):
            if isinstance(entry, SearchHit):
                snippet = entry.snippet.replace(START, "").replace(END, "")
                return f"{entry.section} — {entry.title}. {snippet}"
            overdue = " Review overdue." if entry.overdue else ""
            return f"{entry.title} (version {entry.version}). {entry.summary}{overdue}"
        if role == HTML_ROLE:
            if isinstance(entry, SearchHit):
                return (f"<b>{html.escape(entry.section)}</b><br/>"
                        f"<span {MUTED}>{html.escape(entry.title)}</span><br/>"
                        f"{_marked_html(entry.snippet)}")
            overdue = (f"<br/><b {ALERT}>Warning: review overdue</b>" if entry.overdue else "")
            return (f"<b>{html.escape(entry.title)}</b> "
                    f"<span {MUTED}>version {html.escape(entry.version)}</span>"
                    f"<br/>{html.escape(entry.summary)}{overdue}")
        if role == ITEM_ROLE:
            return entry
        return None


class RichTextDelegate(QStyledItemDelegate):
    MARGIN = 6

    def html_for(self, index: QModelIndex, selected: bool, palette: QPalette) -> str:
        """The row's HTML with its colours for the state it is drawn in: on the selected
        row, the selected text colour throughout."""
        text = index.data(HTML_ROLE) or ""
        for marker, colour in COLOURS.items():
            text = text.replace(marker, "" if selected else f"style='color:{colour}'")
        return text

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex,
                  width: int) -> QTextDocument:
        document = QTextDocument()
        document.setDocumentMargin(0)
        document.setDefaultFont(option.font)
        document.setHtml(self.html_for(index, bool(option.state & QStyle.State_Selected),
                                       option.palette))
        document.setTextWidth(max(width - 2 * self.MARGIN, 50))
        return document

    def paint(self, painter, option, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget else None
        opt.text = ""
        if style:
            style.drawControl(QStyle.CE_ItemViewItem, opt, painter, widget)
        document = self._document(opt, index, opt.rect.width())
        context = QAbstractTextDocumentLayout.PaintContext()
        if opt.state & QStyle.State_Selected:
            context.palette.setColor(QPalette.Text,
                                     opt.palette.color(QPalette.Active, QPalette.HighlightedText))
        else:
            context.palette.setColor(QPalette.Text, opt.palette.color(QPalette.Text))
        painter.save()
        painter.translate(opt.rect.topLeft() + QPoint(self.MARGIN, self.MARGIN))
        painter.setClipRect(0, 0, opt.rect.width() - self.MARGIN, opt.rect.height())
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        width = opt.widget.viewport().width() if opt.widget else 300
        document = self._document(opt, index, width)
        return QSize(width, int(document.size().height()) + 2 * self.MARGIN)
