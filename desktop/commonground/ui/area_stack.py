"""The main window's areas, one at a time, each able to scroll when the window is small.

On a 1366x768 ward PC every area fits as it is. On a laptop at 200% (960x500 logical
pixels to use) an area can need more room than there is: rather than forcing the window
past the edge of the screen, the area scrolls, so every control is still reachable. The
stack hands out the pages themselves (``currentWidget``, ``indexOf``), never the scrolling
frames around them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QLineEdit, QStackedWidget, QStyle, QWidget

from .window_fit import Scroller


class _AreaScroller(Scroller):
    """Scrolls only when the window is smaller than the area's minimum; otherwise the area
    fills the window exactly, and its own lists and text scroll as they always did.

    (Qt's resizable scroll area gives a page with wrapped text its preferred height, not
    its minimum, which made the whole report form scroll as one long page.)"""

    def __init__(self, page: QWidget):
        super().__init__(page)
        self.setWidgetResizable(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAsNeeded)
        page.installEventFilter(self)

    def _fit(self) -> None:
        page = self.widget()
        needed = page.minimumSizeHint().expandedTo(page.minimumSize())
        room = self.maximumViewportSize()
        bar = self.style().pixelMetric(QStyle.PM_ScrollBarExtent)
        width = max(room.width() - (bar if needed.height() > room.height() else 0),
                    needed.width())
        height = max(room.height() - (bar if needed.width() > room.width() else 0),
                     needed.height())
        if page.size() != QSize(width, height):
            page.resize(width, height)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.widget() and event.type() == QEvent.LayoutRequest:
            self._fit()
        return False

    def sizeHint(self):  # noqa: N802 (Qt's name)
        return self.widget().sizeHint()

    def minimumSizeHint(self):  # noqa: N802 (Qt's name)
        # Small enough for any screen: beyond this the area scrolls instead.
        return self.widget().minimumSizeHint().boundedTo(QSize(320, 200))


class AreaStack(QStackedWidget):
    def addWidget(self, page: QWidget) -> int:  # noqa: N802 (Qt's name)
        return super().addWidget(_AreaScroller(page))

    def _page(self, frame: QWidget | None) -> QWidget | None:
        return frame.widget() if isinstance(frame, _AreaScroller) else frame

    def currentWidget(self) -> QWidget | None:  # noqa: N802 (Qt's name)
        return self._page(super().currentWidget())

    def widget(self, index: int) -> QWidget | None:
        return self._page(super().widget(index))

    def indexOf(self, page: QWidget) -> int:  # noqa: N802 (Qt's name)
        for index in range(self.count()):
            if self.widget(index) is page:
                return index
        return -1


def focus_first(page: QWidget) -> None:
    """Put the cursor in the area's first field: its own choice if it says, else the first
    text box, else the first control Tab would reach."""
    if hasattr(page, "focus_first"):
        page.focus_first()
        return
    edits = [w for w in page.findChildren(QLineEdit) if w.isVisible() and w.isEnabled()]
    target = edits[0] if edits else None
    if target is None:
        widget = page.nextInFocusChain()
        for _ in range(500):
            if widget is page or widget is None:
                break
            if widget.focusPolicy() & Qt.TabFocus and widget.isVisible() and \
                    widget.isEnabled() and page.isAncestorOf(widget):
                target = widget
                break
            widget = widget.nextInFocusChain()
    if target is not None:
        target.setFocus(Qt.TabFocusReason)
