from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QTextEdit,
    QWidget,
)

from commonground.context import AppContext
from commonground.policy import parse_policy
from commonground.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def dialogs(monkeypatch):
    """Message boxes never block a test: they are recorded, and answer 'No'/'OK'."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[tuple[str, str, str]] = []

    def recorder(kind, answer):
        def show(parent, title, text, *args, **kwargs):
            shown.append((kind, title, text))
            return answer
        return show
    monkeypatch.setattr(QMessageBox, "warning", recorder("warning", QMessageBox.Ok))
    monkeypatch.setattr(QMessageBox, "critical", recorder("critical", QMessageBox.Ok))
    monkeypatch.setattr(QMessageBox, "information", recorder("information", QMessageBox.Ok))
    monkeypatch.setattr(QMessageBox, "question", recorder("question", QMessageBox.No))
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(
        ("exec", self.windowTitle(), self.text())) or 0)
    return shown


@pytest.fixture
def open_window(qtbot, data_dir):
    """Open the real main window on a data folder (optionally other protocol folders)."""
    contexts, windows = [], []

    def opener(protocol_dirs=None, policy=None):
        context = AppContext.open(data_dir, protocol_dirs=protocol_dirs, policy=policy)
        contexts.append(context)
        window = MainWindow(context)
        windows.append(window)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        # Activation is asynchronous; keyboard shortcuts only work once it has happened.
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        window.go_to_search()
        return window
    yield opener
    from commonground.ui import tasks
    # Windows first, so no page timer (a search's pause) fires on a closed database.
    for window in windows:
        window.close()
        window.deleteLater()
    QApplication.processEvents()
    tasks.wait_for_all()
    for context in contexts:
        context.close()


@pytest.fixture
def role_window(open_window):
    """The main window under a site policy, written as its JSON would be (``role="advisor",
    folders={...}``), with the role the policy sets already taken."""
    def opener(**policy):
        window = open_window(policy=parse_policy(json.dumps(policy, default=str)))
        window.ensure_role()
        return window
    return opener



@pytest.fixture
def window(open_window):
    return open_window()


def unlabelled_controls(root: QWidget) -> list[str]:
    """Focusable, visible controls with neither an accessible name nor a label buddy."""
    buddies = {id(label.buddy()) for label in root.findChildren(QLabel) if label.buddy()}
    missing = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or not widget.focusPolicy():
            continue
        if not isinstance(widget, (QAbstractButton, QAbstractItemView, QLineEdit, QTextEdit)) \
                and widget.metaObject().className() not in ("QComboBox", "QSpinBox",
                                                            "QDateTimeEdit", "QCheckBox"):
            continue
        if widget.accessibleName() or id(widget) in buddies:
            continue
        if isinstance(widget, QAbstractButton) and widget.text().strip("&"):
            continue
        missing.append(f"{widget.metaObject().className()} {widget.objectName()!r}")
    return missing


def tab_chain(start: QWidget, qtbot, steps: int = 30) -> list[QWidget]:
    from PySide6.QtCore import Qt

    start.setFocus(Qt.TabFocusReason)
    seen = []
    for _ in range(steps):
        current = QApplication.focusWidget()
        if current is None:
            break
        seen.append(current)
        qtbot.keyClick(current, Qt.Key_Tab)
    return seen
