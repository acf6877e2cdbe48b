"""Windows sized from the screen they open on, remembered per screen, and content that scrolls.

A ward PC's 1366x768 screen less the taskbar leaves 1366x728 logical pixels; a laptop's
1920x1080 at 150% leaves 1280x680, and at 200% 960x500. A window asks for the size it
would like and gets that, or the screen's available area less room for its title bar and
borders, whichever is smaller; it opens centred over its parent, or on its screen. Nothing
is ever placed under the taskbar or off the edge.

The main window and the record windows remember the size and place a person gives them,
for this login and this screen: a laptop's own screen and the monitor it is docked to each
keep their own. A remembered place that no longer fits (a smaller screen, a changed
scaling) is shrunk and moved back into view.

Long content scrolls instead of making the window taller than the screen: ``Scroller``
wraps a body whose natural size is its full size (so a dialog opens as big as it needs
where there is room) but whose minimum is small.
"""

from __future__ import annotations

import logging
import sqlite3

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QFrame, QScrollArea, QStyle, QWidget

log = logging.getLogger(__name__)
TITLE_BAR = 32      # logical pixels a Windows title bar takes, at any scaling
BORDER = 8          # each side's resize border


def screen_for(window: QWidget) -> QScreen:
    """Where ``window`` opens: over its parent's window, else where it is, else the
    primary screen."""
    parent = window.parentWidget()
    if parent is not None and parent.window().isVisible():
        return parent.window().screen()
    return window.screen() or QGuiApplication.primaryScreen()


def room(screen: QScreen) -> QRect:
    """The part of the screen a window's inside may use: the available geometry (no
    taskbar) less the title bar and the borders."""
    space = screen.availableGeometry()
    return QRect(space.x() + BORDER, space.y() + TITLE_BAR, space.width() - 2 * BORDER,
                 space.height() - TITLE_BAR - BORDER)


def _clamp(rect: QRect, space: QRect) -> QRect:
    size = rect.size().boundedTo(space.size())
    x = min(max(rect.x(), space.x()), space.right() - size.width() + 1)
    y = min(max(rect.y(), space.y()), space.bottom() - size.height() + 1)
    return QRect(x, y, size.width(), size.height())


def place(window: QWidget, wanted: QSize) -> None:
    """Give ``window`` the wanted size or what fits, centred over its parent or screen."""
    space = room(screen_for(window))
    size = wanted.expandedTo(window.minimumSize()).boundedTo(space.size())
    parent = window.parentWidget()
    centre = parent.window().geometry().center() if parent is not None and \
        parent.window().isVisible() else space.center()
    rect = QRect(0, 0, size.width(), size.height())
    rect.moveCenter(centre)
    window.setGeometry(_clamp(rect, space))
    window.setAttribute(Qt.WA_Moved)


def keep_on_screen(window: QWidget) -> None:
    """After content grew: the window's size hint, no bigger than the screen allows."""
    space = room(screen_for(window))
    wanted = window.size().expandedTo(window.sizeHint()).boundedTo(space.size())
    window.setGeometry(_clamp(QRect(window.geometry().topLeft(), wanted), space))


class _FitOnShow(QObject):
    def __init__(self, window: QWidget, size: QSize | None, remember=None):
        super().__init__(window)
        self.size, self.remember, self.done = size, remember, False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Show and not self.done:
            self.done = True
            if self.remember is None or not self.remember.restore():
                place(watched, self.size or watched.sizeHint())
        elif event.type() in (QEvent.Hide, QEvent.Close) and self.remember is not None \
                and self.done and not event.spontaneous():
            try:
                self.remember.save()
            except (RuntimeError, sqlite3.Error):  # closing down: the size is not worth it
                log.debug("window size not remembered", exc_info=True)
        return False


def fit_on_show(window: QWidget, width: int | None = None, height: int | None = None,
                remember: "Remembered | None" = None) -> None:
    """Size ``window`` from its screen the first time it is shown: (width, height) if
    given, else its own size hint; or where it was last left on this screen."""
    size = QSize(width, height) if width and height else None
    window.installEventFilter(_FitOnShow(window, size, remember))


class Remembered:
    """A window's size and place for this login, one per screen size and name."""

    def __init__(self, window: QWidget, db, login: str, name: str):
        self.window, self.db, self.login, self.name = window, db, login, name

    def key(self) -> str:
        screen = screen_for(self.window)
        space = screen.availableGeometry()
        return (f"window:{self.name}:{self.login}:{screen.name()}:"
                f"{space.width()}x{space.height()}")

    def restore(self) -> bool:
        text = self.db.get_setting(self.key()) or ""
        try:
            x, y, width, height, maximised = (int(part) for part in text.split(","))
        except ValueError:
            return False
        space = room(screen_for(self.window))
        self.window.setGeometry(_clamp(QRect(x, y, width, height), space))
        self.window.setAttribute(Qt.WA_Moved)
        if maximised:
            self.window.setWindowState(self.window.windowState() | Qt.WindowMaximized)
        return True

    def save(self) -> None:
        window = self.window
        rect = window.normalGeometry() if window.isMaximized() else window.geometry()
        if rect.isValid():
            self.db.set_setting(self.key(), f"{rect.x()},{rect.y()},{rect.width()},"
                                            f"{rect.height()},{int(window.isMaximized())}")


class Scroller(QScrollArea):
    """A scrolling body: as big as its content where there is room, scrolling where not.

    Not a Tab stop of its own (the controls inside are, and the area scrolls to whichever
    has focus), and it never scrolls sideways: its content is laid out to its width.
    """

    def __init__(self, content: QWidget, name: str = "", parent=None):
        super().__init__(parent)
        self.setWidget(content)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.NoFrame)
        self.setFocusPolicy(Qt.NoFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        if name:
            self.setAccessibleName(name)

    def _bar(self) -> int:
        return self.style().pixelMetric(QStyle.PM_ScrollBarExtent) + 2

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        inner = self.widget().sizeHint() if self.widget() else QSize(0, 0)
        return QSize(inner.width() + self._bar(), inner.height() + 2 * self.frameWidth())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        inner = self.widget().minimumSizeHint() if self.widget() else QSize(0, 0)
        lines = self.fontMetrics().lineSpacing() * 4
        return QSize(inner.width() + self._bar(), min(inner.height(), lines))
