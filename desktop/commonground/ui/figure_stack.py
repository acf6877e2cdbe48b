"""Several figures on one tab, one under another, each chart with its table of numbers.

The dashboard's police assistance and section 136 tabs hold several small figures each;
stacking them in one scrolling page keeps every table visible (no table hides its rows
behind its own scroll bar), and moving the keyboard focus to a table scrolls it into view.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..core.committee.stats import Table
from .charts import FigureView


class _FittedView(FigureView):
    """A figure whose table is exactly as tall as its rows."""

    def show_table(self, table: Table, bar_column: int = 1, suffix: str = "") -> None:
        super().show_table(table, bar_column, suffix)
        grid = self.table
        grid.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        grid.setSizeAdjustPolicy(QAbstractScrollArea.AdjustToContents)
        grid.resizeRowsToContents()
        height = grid.horizontalHeader().sizeHint().height() + 2 * grid.frameWidth()
        height += sum(grid.rowHeight(row) for row in range(grid.rowCount()))
        grid.setFixedHeight(height)
        # As wide as its columns, so the numbers sit beside their labels.
        grid.setMaximumWidth(grid.horizontalHeader().length() + 2 * grid.frameWidth() + 2)


class FigureStack(QScrollArea):
    """A scrolling column of figures under a line of words saying what they count."""

    def __init__(self, name: str, keys: tuple[str, ...], parent=None, charts=None):
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setWidgetResizable(True)
        self.setFocusPolicy(Qt.NoFocus)
        self.intro = QLabel("")
        self.intro.setWordWrap(True)
        self.intro.setAccessibleName(f"{name}: what is counted")
        self.intro.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.intro.hide()   # until there is something to say
        inner = QWidget()
        layout = QVBoxLayout(inner)
        self.top = QHBoxLayout()     # the intro, and any button acting on the whole stack
        self.top.addWidget(self.intro, 1)
        layout.addLayout(self.top)
        self.views: dict[str, FigureView] = {}
        for key in keys:
            view = _FittedView(chart=(charts or {}).get(key, lambda: None)())
            view.table.installEventFilter(self)
            self.views[key] = view
            layout.addWidget(view)
        layout.addStretch(1)
        self.setWidget(inner)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.FocusIn:
            view = watched.parentWidget()
            self.ensureWidgetVisible(view.title, 0, 0)
            self.ensureWidgetVisible(watched, 0, 20)
        return False

    def show_tables(self, intro: str, tables: dict[str, Table],
                    charts: dict[str, tuple[int, str]]) -> None:
        self.intro.setText(intro)
        self.intro.setVisible(bool(intro))
        for key, view in self.views.items():
            column, suffix = charts.get(key, (1, ""))
            view.show_table(tables[key], column, suffix)
