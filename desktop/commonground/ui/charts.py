"""Bar charts painted with QPainter, and a figure view that pairs each chart with its table.

QtCharts is not in PySide6-Essentials (it would add the Addons wheel, over 100 MB, to every
ward PC), and these figures are simple bars: a small painter does them, scales with the
system font, and writes every value beside its bar so nothing is carried by colour alone.
Each chart sits above the table of the same numbers, which screen readers use.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.committee.stats import Table

BAR = QColor("#2f6db3")
HIDDEN = QColor("#9a9a9a")


class BarChart(QWidget):
    """Horizontal bars: one per row, label on the left, the value written after the bar."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.bars: list[tuple[str, object]] = []
        self.suffix = ""
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.setFocusPolicy(Qt.NoFocus)

    def set_bars(self, bars: list[tuple[str, object]], title: str, suffix: str = "") -> None:
        self.bars = bars
        self.suffix = suffix
        described = "; ".join(f"{name}: {value}{suffix}" for name, value in bars[:40])
        self.setAccessibleName(f"Chart: {title}")
        self.setAccessibleDescription(described)
        self.updateGeometry()
        self.update()

    def _row_height(self) -> int:
        return QFontMetrics(self.font()).height() + 8

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(400, max(1, len(self.bars)) * self._row_height() + 12)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.sizeHint()

    def paintEvent(self, _event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        metrics = QFontMetrics(self.font())
        if not self.bars:
            painter.drawText(self.rect(), Qt.AlignCenter, "No data in this period")
            return
        label_width = min(max(metrics.horizontalAdvance(name) for name, _ in self.bars) + 12,
                          self.width() // 2)
        value_width = metrics.horizontalAdvance("0000000" + self.suffix) + 8
        numbers = [v for _, v in self.bars if isinstance(v, (int, float))]
        top = max(numbers) if numbers else 0
        room = max(self.width() - label_width - value_width - 8, 10)
        row = self._row_height()
        for index, (name, value) in enumerate(self.bars):
            y = 6 + index * row
            text_rect = QRectF(0, y, label_width - 8, row - 4)
            painter.setPen(self.palette().color(self.foregroundRole()))
            painter.drawText(text_rect, Qt.AlignRight | Qt.AlignVCenter,
                             metrics.elidedText(name, Qt.ElideRight, label_width - 8))
            if isinstance(value, (int, float)) and top:
                length = room * value / top
                painter.fillRect(QRectF(label_width, y + 3, max(length, 1), row - 10), BAR)
                shown = f"{value:g}{self.suffix}" if isinstance(value, float) \
                    else f"{value}{self.suffix}"
                x = label_width + length + 6
            else:  # a hidden small count: an outline, and the words "<5", never a length
                painter.setPen(QPen(HIDDEN, 1, Qt.DashLine))
                painter.drawRect(QRectF(label_width, y + 3, 14, row - 10))
                shown, x = str(value), label_width + 20
            painter.setPen(self.palette().color(self.foregroundRole()))
            painter.drawText(QRectF(x, y, value_width + 40, row - 4),
                             Qt.AlignLeft | Qt.AlignVCenter, shown)


class NoChart(QWidget):
    """A figure that is a table only (a long list of counts draws no useful bars)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.hide()

    def set_bars(self, bars, title: str, suffix: str = "") -> None:
        pass

    def setVisible(self, visible: bool) -> None:  # noqa: N802 (Qt's name)
        super().setVisible(False)


class FigureView(QWidget):
    """One figure: its title, an optional note, the chart, and the table of numbers."""

    def __init__(self, parent=None, chart: QWidget | None = None):
        super().__init__(parent)
        self.title = QLabel("")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        self.chart = chart or BarChart()
        self.table = QTableWidget()
        self.table.setAccessibleName("Numbers")
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.note)
        layout.addWidget(self.chart)
        layout.addWidget(self.table, 1)

    def show_table(self, table: Table, bar_column: int = 1, suffix: str = "") -> None:
        self.title.setText(table.title)
        self.note.setText(table.note)
        self.note.setVisible(bool(table.note))
        self.table.setAccessibleName(f"Numbers: {table.title}")
        self.table.setColumnCount(len(table.columns))
        self.table.setHorizontalHeaderLabels([str(c) for c in table.columns])
        self.table.setRowCount(len(table.rows))
        for row, values in enumerate(table.rows):
            for column, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                if column and is_number(value):   # words (an area's name) read left
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.table.setItem(row, column, item)
        if hasattr(self.chart, "set_table"):   # a chart that draws every column
            self.chart.set_table(table)
            return
        bars = []
        for values in table.bars():     # months, not the quarters' and years' totals
            value = values[bar_column] if len(values) > bar_column else 0
            if isinstance(value, str) and value.endswith("%"):
                value = int(value[:-1]) if value[:-1].isdigit() else value
            bars.append((str(values[0]), value))
        self.chart.set_bars(bars, table.title, suffix)


def is_number(value) -> bool:
    """A count, share, median or a hidden one ("<5", "not shown", "–"), not words."""
    if not isinstance(value, str):
        return True
    return value in ("–", "", "not shown") or value.startswith("<") or value.endswith("%") \
        or value.replace(",", "").replace(".", "").isdigit()
