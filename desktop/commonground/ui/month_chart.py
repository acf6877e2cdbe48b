"""Incidents by month and type: one small chart per type, side by side.

The committee asks "which kinds of incident are rising?". One bar a month for all
incidents hid that; bars of every type stacked in one column would need a colour for each
type (and an incident of two types counts in both, so the stack would not add up). So each
type gets its own small chart with the same months, in words: its name and total above,
the count over every column, the month under it, every chart on the same scale so the
types compare at a glance. Nothing depends on colour. The table
underneath has every number, and a screen reader hears each type's total and its busiest
month from the chart's description.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..core.committee.stats import Table
from ..core.committee.tables import month_words
from .charts import BAR, HIDDEN

PANEL_MIN_WIDTH = 360
BAR_AREA = 70          # height of the tallest column, in pixels


class MonthTypeChart(QWidget):
    """Small multiples: a column chart per type (the first is every incident)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.months: list[str] = []
        self.series: list[tuple[str, list]] = []
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)
        self.setFocusPolicy(Qt.NoFocus)

    def set_table(self, table: Table) -> None:
        self.months = [str(row[0]) for row in table.rows]
        self.series = [(str(name), [row[column] for row in table.rows])
                       for column, name in enumerate(table.columns) if column]
        described = []
        for name, values in self.series:
            numbers = [v for v in values if isinstance(v, int)]
            busiest = max(range(len(values)), key=lambda i: values[i]
                          if isinstance(values[i], int) else -1) if values else 0
            described.append(f"{name}: {sum(numbers)} in the period"
                             + (f", most in {self.months[busiest]} ({values[busiest]})"
                                if numbers and max(numbers) else ""))
        self.setAccessibleName(f"Chart: {table.title}, one small chart per type")
        self.setAccessibleDescription("; ".join(described))
        self.updateGeometry()
        self.update()

    # ---------------------------------------------------------------- geometry
    def _line(self) -> int:
        return QFontMetrics(self.font()).height()

    def _panel_height(self) -> int:
        return self._line() * 3 + BAR_AREA + 14

    def _columns(self, width: int) -> int:
        return max(1, min(len(self.series) or 1, width // PANEL_MIN_WIDTH))

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt's name)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt's name)
        rows = math.ceil(max(len(self.series), 1) / self._columns(width))
        return rows * self._panel_height()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(2 * PANEL_MIN_WIDTH, self.heightForWidth(2 * PANEL_MIN_WIDTH))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(PANEL_MIN_WIDTH // 2, self._panel_height())

    # ---------------------------------------------------------------- painting
    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        if not self.series or not self.months:
            painter.drawText(self.rect(), Qt.AlignCenter, "No data in this period")
            return
        columns = self._columns(self.width())
        width = self.width() // columns
        top = max([v for _name, values in self.series for v in values
                   if isinstance(v, int)] + [1])
        for index, (name, values) in enumerate(self.series):
            row, column = divmod(index, columns)
            self._panel(painter, QRectF(column * width, row * self._panel_height(),
                                        width - 12, self._panel_height() - 10), name, values,
                        top)

    def _panel(self, painter: QPainter, box: QRectF, name: str, values: list,
               top: int) -> None:
        ink = self.palette().color(self.foregroundRole())
        line = self._line()
        bold = QFont(self.font())
        bold.setBold(True)
        numbers = [v for v in values if isinstance(v, int)]
        painter.setFont(bold)
        painter.setPen(ink)
        painter.drawText(QRectF(box.x(), box.y(), box.width(), line), Qt.AlignLeft,
                         f"{name}: {sum(numbers)}")
        painter.setFont(self.font())
        step = box.width() / max(len(values), 1)
        base = box.y() + line * 2 + BAR_AREA
        small = QFont(self.font())
        small.setPointSizeF(max(self.font().pointSizeF() * 0.85, 7))
        for position, value in enumerate(values):
            x = box.x() + position * step
            cell = QRectF(x, base + 2, step, line)
            if isinstance(value, int):
                height = BAR_AREA * value / top
                painter.fillRect(QRectF(x + step * 0.2, base - height, step * 0.6,
                                        max(height, 1)), BAR)
                label_y = base - height - line
            else:   # a hidden small count: an outline and its words, never a height
                painter.setPen(QPen(HIDDEN, 1, Qt.DashLine))
                painter.drawRect(QRectF(x + step * 0.3, base - 8, step * 0.4, 8))
                label_y = base - 8 - line
            painter.setPen(ink)
            painter.setFont(small)
            painter.drawText(QRectF(x, label_y, step, line), Qt.AlignHCenter | Qt.AlignBottom,
                             str(value))
            painter.drawText(cell, Qt.AlignHCenter | Qt.AlignTop,
                             _short_month(self.months[position], step,
                                          QFontMetrics(small)))
            painter.setFont(self.font())
        painter.setPen(QPen(ink, 1))
        painter.drawLine(int(box.x()), int(base), int(box.right()), int(base))


def _short_month(label: str, room: float, metrics: QFontMetrics) -> str:
    """The longest way to write the month that fits; a part-month says so ('Nov (part)',
    'Nov*'). The table underneath has every label whole."""
    words = month_words(label)
    return next((w for w in words if metrics.horizontalAdvance(w) <= room - 2), words[-1])
