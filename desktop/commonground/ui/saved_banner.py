"""'Saved to ...' where the person is looking, with Open and Show in folder.

The status bar at the bottom of the main window was the only place that said a PDF had
been saved, and on a ward PC with the taskbar over it, no place at all; a record window
has no status bar. Now the window where Save was pressed says so itself, near the button,
and offers to open the file or its folder. The cursor goes to Open, so a screen reader
hears where the file went.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

STYLE = ("#savedBanner { background: #e3f4e1; border: 1px solid #2d6a26; } "
         "#savedBanner QLabel { color: #0f3d0a; }")


class SavedBanner(QFrame):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("savedBanner")
        self.setStyleSheet(STYLE)
        self.path: Path | None = None
        self.text = QLabel("")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.text.setAccessibleName("Where the file was saved")
        self.open_button = QPushButton("&Open")
        self.open_button.setAccessibleName("Open the saved file")
        self.open_button.clicked.connect(self.open_file)
        self.folder_button = QPushButton("Show in fol&der")
        self.folder_button.setAccessibleName("Show the saved file in its folder")
        self.folder_button.clicked.connect(self.show_folder)
        self.hide_button = QPushButton("Hide")
        self.hide_button.setAccessibleName("Hide the message about the saved file")
        self.hide_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.text, 1)
        for button in (self.open_button, self.folder_button, self.hide_button):
            layout.addWidget(button)
        self.hide()

    def show_saved(self, path: Path, what: str = "PDF") -> None:
        self.path = Path(path)
        self.text.setText(f"✓ {what} saved to {self.path}")
        self.text.setToolTip(str(self.path))
        self.open_button.setAccessibleDescription(f"{what} saved to {self.path}")
        self.show()
        self.open_button.setFocus(Qt.OtherFocusReason)

    def open_file(self) -> None:
        if self.path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path)))

    def show_folder(self) -> None:
        if self.path is None:
            return
        if sys.platform == "win32":   # Explorer opens the folder with the file selected
            subprocess.Popen(["explorer", "/select,", str(self.path)])  # noqa: S603, S607
        else:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path.parent)))


def show_saved(host: QWidget, path: Path, index: int, what: str = "PDF") -> SavedBanner:
    """The banner of ``host`` (made the first time, at ``index`` in its layout; -1 for the
    end), saying where ``path`` went."""
    banner = getattr(host, "_saved_banner", None)
    if banner is None:
        banner = SavedBanner(host)
        layout = host.layout()
        layout.insertWidget(index if index >= 0 else layout.count(), banner)
        host._saved_banner = banner
    banner.show_saved(path, what)
    return banner
