"""Does a window fit its screen, and can every control on it be seen or scrolled to?

Measured on the live window as it opened (or after a click changed it), never after a test
resized it:

- ``outside``: the window, with its frame, lies inside the screen's available geometry
  (the screen less the taskbar), and its minimum size does too, so it can never be forced
  bigger than the screen.
- ``hidden``: every enabled control is inside the window, or inside a scroll area that can
  scroll to it, and is not squashed below the size it needs.
- ``elided``: a label or a cell whose text does not fit has a tooltip with the whole text.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QComboBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QStyle,
    QTabBar,
    QWidget,
)

from tests.promises.a11y_checks import columns, controls, describe, rich_text


def available(window: QWidget) -> QRect:
    return window.screen().availableGeometry()


def outside(window: QWidget) -> list[str]:
    room = available(window)
    frame = window.frameGeometry()
    problems = []
    if not room.contains(frame):
        problems.append(f"window {frame.width()}x{frame.height()} at ({frame.x()},{frame.y()}) "
                        f"is not inside the screen's {room.width()}x{room.height()}")
    layout = window.layout()
    needed = layout.totalMinimumSize() if layout is not None else window.minimumSize()
    needed = needed.expandedTo(window.minimumSize())
    if needed.width() > room.width() or needed.height() > room.height():
        problems.append(f"needs at least {needed.width()}x{needed.height()}, more than the "
                        f"screen's {room.width()}x{room.height()}")
    return problems


def area_scrolls(window: QWidget) -> list[str]:
    """On the screens the app is made for, an area of the main window fits it whole: its
    lists and text scroll, the area itself does not."""
    problems = []
    for area in window.findChildren(QScrollArea):
        if type(area).__name__ != "_AreaScroller" or not area.isVisible():
            continue
        for bar, way in ((area.verticalScrollBar(), "down"),
                         (area.horizontalScrollBar(), "sideways")):
            if bar.isVisible():
                needed = area.widget().minimumSizeHint()
                problems.append(f"the area {type(area.widget()).__name__} scrolls {way}: it "
                                f"needs {needed.width()}x{needed.height()}, the window gives "
                                f"{area.viewport().width()}x{area.viewport().height()}")
    return problems


def _scroller(widget: QWidget) -> QScrollArea | None:
    """The scroll area whose content holds this widget, if any."""
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        grand = parent.parentWidget()
        if isinstance(grand, QWidget) and isinstance(grand.parentWidget(), QScrollArea) and \
                grand.parentWidget().widget() is parent:
            return grand.parentWidget()
        parent = grand
    return None


def _container(widget: QWidget, window: QWidget) -> QWidget:
    scroller = _scroller(widget)
    return scroller.widget() if scroller is not None else window


def reachable(widget: QWidget, window: QWidget) -> bool:
    """Inside its window, or inside what a scroll area (itself reachable) scrolls over."""
    current = widget
    for _ in range(20):
        holder = _container(current, window)
        rect = QRect(current.mapTo(holder, current.rect().topLeft()), current.size())
        if not holder.rect().contains(rect.center()):
            return False
        if holder is window:
            return True
        current = holder.parentWidget().parentWidget()  # the scroll area itself
    return False


def squashed(widget: QWidget) -> bool:
    """A box too narrow for what it is meant to hold."""
    if isinstance(widget, QLineEdit) and not isinstance(widget.parentWidget(), QComboBox):
        wanted = min(widget.sizeHint().width(), widget.maximumWidth()) * 0.9
        return widget.width() < wanted
    if isinstance(widget, QComboBox):
        return widget.width() < widget.minimumSizeHint().width()
    return widget.height() < min(widget.minimumSizeHint().height(), 16)


def hidden(window: QWidget) -> list[str]:
    problems = []
    for widget in controls(window):
        if not reachable(widget, window):
            problems.append(f"cannot be seen or scrolled to: {describe(widget)}")
        elif squashed(widget):
            problems.append(f"squashed to {widget.width()}x{widget.height()}: {describe(widget)}")
    return problems


def elided(window: QWidget) -> list[str]:
    problems = []
    for label in window.findChildren(QLabel):
        if not label.isVisible() or label.wordWrap() or not label.text() or label.toolTip():
            continue
        if label.textFormat() == Qt.RichText or rich_text(label.text()):
            continue
        needed = label.fontMetrics().horizontalAdvance(label.text().replace("&", ""))
        if needed > label.contentsRect().width() + 1:
            problems.append(f"label cut off ({label.width()} of {needed} px) without a "
                            f"tooltip: {label.text()[:60]!r}")
    for view in window.findChildren(QAbstractItemView):
        if view.isVisible() and view.model() is not None and \
                isinstance(view, QAbstractScrollArea):
            problems += _elided_cells(view)
    for bar in window.findChildren(QTabBar):
        if not bar.isVisible() or bar.elideMode() == Qt.ElideNone:
            continue
        for index in range(bar.count()):
            text = bar.tabText(index).replace("&", "")
            if bar.fontMetrics().horizontalAdvance(text) > bar.tabRect(index).width() - 8 \
                    and not bar.tabToolTip(index):
                problems.append(f"tab cut off without a tooltip: {text!r}")
    return problems


def _elided_cells(view: QAbstractItemView) -> list[str]:
    """A row or cell whose text is cut short (sideways, or wrapped rows cut at the bottom)
    must carry its whole text as a tooltip."""
    model = view.model()
    if hasattr(view.itemDelegate(), "html_for"):
        return []   # draws its own rows, as tall as their text
    wrap = view.wordWrap() if hasattr(view, "wordWrap") else False
    metrics = view.fontMetrics()
    margin = 2 * (view.style().pixelMetric(QStyle.PM_FocusFrameHMargin, None, view) + 1)
    for row in range(min(model.rowCount(QModelIndex()), 8)):
        for column in range(min(columns(model), 12)):
            index = model.index(row, column)
            text = str(index.data(Qt.DisplayRole) or "")
            rect = view.visualRect(index)
            if not text or rect.width() <= margin or index.data(Qt.ToolTipRole):
                continue
            if wrap:
                needed = metrics.boundingRect(QRect(0, 0, rect.width() - margin, 100000),
                                              Qt.TextWordWrap, text).height()
                cut = needed > rect.height()
            else:
                cut = metrics.horizontalAdvance(text) > rect.width() - margin
            if cut:
                return [f"row cut off without a tooltip in {describe(view)}: {text[:50]!r}"]
    return []
