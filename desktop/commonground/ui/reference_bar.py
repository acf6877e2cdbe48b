"""Under the protocol text: the source a citation names, like a footnote, with a way back.

A citation such as [MHA s136B(3)] is a link inside the text. Hovering shows its source as
a tooltip; following it (click, or Tab to it and press Enter) shows the source here and
scrolls to its entry under References, and "Back to the text" returns to where the reader
was. Keyboard only is enough: the button has a mnemonic and an accessible name.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton


class ReferenceBar(QFrame):
    back = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("referenceBar")
        self.setStyleSheet("#referenceBar { background: #f3f3f3; border: 1px solid #8a8a8a; }")
        self.text = QLabel("")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.PlainText)
        self.text.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.text.setAccessibleName("Source of the citation")
        self.back_button = QPushButton("&Back to the text")
        self.back_button.setAccessibleName("Back to where you were in the protocol text")
        self.back_button.clicked.connect(self._back)
        self.close_button = QPushButton("Close")
        self.close_button.setAccessibleName("Close the source")
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.back_button, 0, Qt.AlignTop)
        layout.addWidget(self.close_button, 0, Qt.AlignTop)
        self.hide()

    def show_source(self, citation: str, note: str) -> None:
        self.text.setText(f"Source of {citation}: {note}")
        self.show()

    def _back(self) -> None:
        self.hide()
        self.back.emit()
