"""An honest page for an area that a later version fills: it says so, and what to do now."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class ComingSoonPage(QWidget):
    def __init__(self, title: str, what: str, meanwhile: str, parent=None):
        super().__init__(parent)
        heading = QLabel(title)
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        heading.setFont(font)
        body = QLabel(f"<p>{what}</p><p><b>Not available in this version yet.</b> "
                      f"{meanwhile}</p>")
        body.setWordWrap(True)
        body.setTextFormat(Qt.RichText)
        body.setAccessibleName(f"{title}: not available yet")
        body.setFocusPolicy(Qt.StrongFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addStretch(1)
