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
    QHeaderView,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..core.committee.stats import Table
from .charts import FigureView, is_number

MIN_WORDS = 120      # the narrowest a column of words is squeezed to (pixels)


class _FittedView(FigureView):
    """A figure whose table is exactly as tall as its rows, and as wide as its columns or
    the page, whichever is narrower: columns of words (a protocol's long title) wrap to
    make room, so the numbers beside them stay in view at 1024 pixels wide."""

    def __init__(self, parent=None, chart: QWidget | None = None):
        super().__init__(parent, chart)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.table.setSizeAdjustPolicy(QAbstractScrollArea.AdjustToContents)
        self.table.setWordWrap(True)
        self._words: list[int] = []

    def show_table(self, table: Table, bar_column: int = 1, suffix: str = "") -> None:
        super().show_table(table, bar_column, suffix)
        self._words = [column for column in range(len(table.columns))
                       if any(not is_number(row[column]) for row in table.rows
                              if column < len(row))]
        self._fit()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        grid = self.table
        header = grid.horizontalHeader()
        frame = 2 * grid.frameWidth() + 2
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        widths = [header.sectionSize(column) for column in range(grid.columnCount())]
        margins = self.layout().contentsMargins()
        room = self.width() - margins.left() - margins.right() - frame
        over = sum(widths) - room
        words = [column for column in self._words if widths[column] > MIN_WORDS]
        if over > 0 and words and self.width() > 0:
            header.setSectionResizeMode(QHeaderView.Fixed)
            spare = sum(widths[column] - MIN_WORDS for column in words)
            for column in words:     # each gives up its share of what does not fit
                cut = over * (widths[column] - MIN_WORDS) / spare
                header.resizeSection(column, max(MIN_WORDS, int(widths[column] - cut) - 1))
        grid.resizeRowsToContents()
        height = header.sizeHint().height() + 2 * grid.frameWidth()
        height += sum(grid.rowHeight(row) for row in range(grid.rowCount()))
        if header.length() + frame > max(room + frame, 0) and self.width() > 0:
            height += grid.horizontalScrollBar().sizeHint().height()   # numbers still wider
        grid.setFixedHeight(height)
        # As wide as its columns, so the numbers sit beside their labels.
        grid.setMaximumWidth(header.length() + frame)


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
