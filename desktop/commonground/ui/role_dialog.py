"""First run: what is this computer for? (IT can preset it in the site policy instead.)"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
)

from ..core.roles import ROLES


class RoleDialog(QDialog):
    def __init__(self, current: str | None = None, parent=None):
        super().__init__(parent)
        self.setWindowTitle("What is this computer for?")
        intro = QLabel("Choose how this computer is used. You can change it later in “This "
                       "computer”; every change is recorded. If in doubt, choose Frontline.")
        intro.setWordWrap(True)
        self.group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        for code, text in ROLES:
            button = QRadioButton(text)
            button.setAccessibleName(text)
            button.setProperty("role_code", code)
            self.group.addButton(button)
            layout.addWidget(button)
            if code == (current or "frontline"):
                button.setChecked(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    def chosen(self) -> str:
        button = self.group.checkedButton()
        return button.property("role_code") if button else "frontline"
