from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QSpinBox

from commonground.context import AppContext
from commonground.core.aids.uktime import LONDON
from commonground.ui.aids.env import AidEnv

NOW = dt.datetime(2026, 3, 29, 12, 0, tzinfo=LONDON)


@pytest.fixture
def context(data_dir):
    opened = AppContext.open(data_dir)
    yield opened
    opened.close()


@pytest.fixture
def env(context):
    return AidEnv(context.library, context.policy, now=lambda: NOW)


def answer(qtbot, dialog, **values) -> None:
    """Type and choose answers as a person would, by keyboard where it is a keyboard thing."""
    for name, value in values.items():
        widget = dialog.form.widgets[name]
        if isinstance(widget, QLineEdit):
            widget.clear()
            qtbot.keyClicks(widget, str(value))
        elif isinstance(widget, QComboBox):
            index = widget.findData(value)
            assert index >= 0, (name, value)
            widget.setCurrentIndex(index)
        elif isinstance(widget, QCheckBox):
            if widget.isChecked() != bool(value):
                qtbot.mouseClick(widget, Qt.LeftButton)
        elif isinstance(widget, QSpinBox):
            widget.setValue(int(value))


def work_out(qtbot, dialog) -> str:
    qtbot.mouseClick(dialog.work_button, Qt.LeftButton)
    return dialog.view.toPlainText()
