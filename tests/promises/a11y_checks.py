"""What a screen reader and a keyboard user need from one window, checked on the live widgets.

- Every control a person can use has an accessible name: the name Qt's accessibility layer
  really gives a screen reader (its own text, a buddy label, or a name set on it).
- Every enabled control can be reached with the Tab key (found by pressing Tab round the
  window, not by reading focus policies), and Tab never gets stuck: a keyboard trap.
- Every text colour the app sets itself (style sheets, colours in rich text, item colours,
  the search results in both states) is at least 4.5:1 against what it is drawn on (WCAG
  2.2, 1.4.3). The system's own colours (its text and selection) are the person's choice
  and are not judged here.

Used by ``screen_walk.py`` on every window and dialog of every role.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAccessible, QColor, QPalette, QTextDocument
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

MINIMUM_CONTRAST = 4.5
INTERACTIVE = (QAbstractButton, QLineEdit, QTextEdit, QPlainTextEdit, QComboBox,
               QAbstractSpinBox, QAbstractItemView, QTabBar)


# ----------------------------------------------------------------------------- names
def accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return (interface.text(QAccessible.Name) if interface is not None else "").strip()


def _shown(widget: QWidget, window: QWidget) -> bool:
    return widget.isVisible() and widget.window() is window and widget.width() > 0 \
        and widget.height() > 0


def _inside(widget: QWidget, kinds) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, kinds):
            return True
        parent = parent.parentWidget()
    return False


def controls(window: QWidget) -> list[QWidget]:
    """The widgets a person operates: buttons, boxes, lists, tabs, and any other Tab stop.
    Parts of a control (a spin box's text, a tab bar's scroll arrows, a list's editor) are
    reached through the control and are not counted on their own."""
    found = []
    for widget in window.findChildren(QWidget):
        if not _shown(widget, window) or not widget.isEnabled():
            continue
        if isinstance(widget, (QScrollBar, QHeaderView)):
            continue
        if _inside(widget, (QComboBox, QAbstractSpinBox, QTabBar, QAbstractItemView)):
            continue
        if isinstance(widget, QAbstractButton) and isinstance(widget.parentWidget(), QLineEdit):
            found.append(widget)   # a line edit's own clear button: a control of its own
            continue
        if isinstance(widget, INTERACTIVE) or widget.focusPolicy() & Qt.TabFocus:
            found.append(widget)

    return found


def describe(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, (QAbstractButton, QLabel)) else ""
    name = accessible_name(widget) or text.replace("&", "") or widget.objectName()
    return f"{type(widget).__name__} {name[:60]!r}"


def unnamed(window: QWidget) -> list[str]:
    problems = []
    for widget in controls(window):
        if isinstance(widget, QTabBar):
            missing = [index for index in range(widget.count())
                       if widget.isTabVisible(index) and not widget.tabText(index).strip("& ")
                       and not widget.accessibleTabName(index)]
            if missing:
                problems.append(f"tab bar {accessible_name(widget)!r} has tabs without a name")
        elif not accessible_name(widget):
            where = widget.parentWidget()
            problems.append(f"no accessible name: {type(widget).__name__} in "
                            f"{type(where).__name__ if where else 'nothing'}")
    return problems


# ------------------------------------------------------------------- keyboard reach
def tab_stops(window: QWidget) -> list[QWidget]:
    stops, widget = [], window.nextInFocusChain()
    for _ in range(5000):
        if widget is window or widget is None:
            break
        if widget.focusPolicy() & Qt.TabFocus and widget.isEnabled() and \
                _shown(widget, window) and widget.focusProxy() is None:
            stops.append(widget)
        widget = widget.nextInFocusChain()
    return stops


def tab_walk(window: QWidget) -> tuple[list[QWidget], list[str]]:
    """Press Tab round the window from its first stop; what received focus, and traps."""
    stops = tab_stops(window)
    if not stops:
        return [], []
    for _ in range(20):   # keys go to the active window: make sure it is this one
        if QApplication.activeWindow() is window:
            break
        window.activateWindow()
        QTest.qWait(10)
    else:
        others = [describe(w) for w in QApplication.topLevelWidgets()
                  if w.isVisible() and w is not window]
        return [], [f"another window kept the keyboard: {others}"]
    first = stops[0]
    first.setFocus(Qt.TabFocusReason)
    QApplication.processEvents()
    visited, problems = [], []
    for _ in range(len(stops) + 3):
        current = QApplication.focusWidget() or window.focusWidget()
        if current is None:
            break
        visited.append(current)
        QTest.keyClick(current, Qt.Key_Tab)
        after = QApplication.focusWidget() or window.focusWidget()
        if after is current:
            problems.append(f"keyboard trap: Tab stays in {describe(current)}")
            break
        if after is first or after is None or after.window() is not window:
            break
    return visited, problems


def _grouped(widget: QWidget) -> int | None:
    """The group a button moves within by arrow keys (radio buttons, or checkable buttons
    in an exclusive group), if any."""
    if isinstance(widget, QRadioButton):
        return id(widget.group() or widget.parentWidget())
    if isinstance(widget, QAbstractButton) and widget.isCheckable() and \
            widget.group() is not None and widget.group().exclusive():
        return id(widget.group())
    return None


def unreachable(window: QWidget) -> tuple[list[str], int]:
    """Enabled controls Tab never reaches (and traps); also how many Tab reached."""
    visited, problems = tab_walk(window)
    for edit in window.findChildren(QLineEdit):
        if _shown(edit, window) and edit.isClearButtonEnabled():
            # Its clear button shows once something is typed: unnamed, and Tab skips it.
            problems.append(f"a clear button Tab never reaches, in {describe(edit)}")
    reached = set()
    for widget in visited:
        reached.add(id(widget))
        proxy_of = [w for w in window.findChildren(QWidget) if w.focusProxy() is widget]
        reached.update(id(w) for w in proxy_of)
    groups = {}
    for widget in visited:   # Tab reaches the checked one of a group; arrows the rest
        if _grouped(widget):
            groups[_grouped(widget)] = True
    for widget in controls(window):
        if id(widget) in reached:
            continue
        if _grouped(widget) and groups.get(_grouped(widget)):
            continue
        focus = widget.focusProxy() or widget
        if id(focus) in reached:
            continue
        problems.append(f"not reachable with Tab: {describe(widget)}")
    return problems, len(visited)


# ------------------------------------------------------------------------- colours
def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def luminance(colour: QColor) -> float:
    r, g, b = (_linear(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: QColor, bg: QColor) -> float:
    lighter, darker = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def background(widget: QWidget) -> QColor:
    """What a widget's text is drawn on: its own styled or filled background, else the
    nearest ancestor's."""
    current = widget
    while current is not None:
        if current.testAttribute(Qt.WA_StyledBackground) or current.autoFillBackground():
            return current.palette().color(current.backgroundRole())
        current = current.parentWidget()
    return QApplication.palette().color(QPalette.Window)


def _document_pairs(document: QTextDocument, fg: QColor, bg: QColor, where: str):
    block = document.begin()
    while block.isValid():
        block_bg = block.blockFormat().background()
        base = block_bg.color() if block_bg.style() != Qt.NoBrush else bg
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            chars = fragment.charFormat()
            chosen = chars.foreground().style() != Qt.NoBrush or \
                chars.background().style() != Qt.NoBrush or block_bg.style() != Qt.NoBrush
            if fragment.isValid() and fragment.text().strip() and chosen:
                colour = chars.foreground().color() if chars.foreground().style() != \
                    Qt.NoBrush else fg
                under = chars.background().color() if chars.background().style() != \
                    Qt.NoBrush else base
                yield colour, under, f"{where}: {fragment.text().strip()[:40]!r}"
            iterator += 1
        block = block.next()


def _styled(widget: QWidget) -> bool:
    """Whether the app chose this widget's colours (a style sheet on it or around it);
    otherwise they are the system's, which the person chose."""
    current = widget
    while current is not None:
        if current.styleSheet():
            return True
        current = current.parentWidget()
    return False


def rich_text_pairs(widget: QWidget):
    """(text colour, background, where) of every piece of text this widget draws with
    colours of the app's choosing."""
    fg = widget.palette().color(widget.foregroundRole())
    styled = _styled(widget)
    if isinstance(widget, QLabel) and widget.text():
        bg = background(widget)
        if styled:
            yield fg, bg, f"label {widget.text()[:40]!r}"
        if widget.textFormat() == Qt.RichText or (widget.textFormat() == Qt.AutoText and
                                                  rich_text(widget.text())):
            document = QTextDocument()
            document.setHtml(widget.text())
            yield from _document_pairs(document, fg, bg, describe(widget))
    elif isinstance(widget, QTextEdit):
        palette = widget.viewport().palette()
        yield from _document_pairs(widget.document(), palette.color(QPalette.Text),
                                   palette.color(QPalette.Base), describe(widget))
    elif isinstance(widget, QAbstractButton) and widget.text() and styled:
        yield fg, background(widget), describe(widget)
    elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
        yield from _item_pairs(widget)


def _item_pairs(view: QAbstractItemView):
    model, palette = view.model(), view.palette()
    delegate = view.itemDelegate()
    rows = min(model.rowCount(QModelIndex()), 40)
    for row in range(rows):
        for column in range(min(columns(model), 12)):
            index = model.index(row, column)
            brush = index.data(Qt.ForegroundRole)
            fill = index.data(Qt.BackgroundRole)
            if brush is not None:
                colour = brush.color() if hasattr(brush, "color") else QColor(brush)
                under = fill.color() if fill is not None and hasattr(fill, "color") else None
                for bg in ([under] if under else [palette.color(QPalette.Base),
                                                  palette.color(QPalette.AlternateBase)]):
                    yield colour, bg, f"{describe(view)} row {row + 1}"
        if hasattr(delegate, "html_for"):   # rich rows are drawn selected or not
            for selected, fg_role, bg_role in ((False, QPalette.Text, QPalette.Base),
                                               (True, QPalette.HighlightedText,
                                                QPalette.Highlight)):
                document = QTextDocument()
                document.setHtml(delegate.html_for(model.index(row, 0), selected,
                                                   palette))
                yield from _document_pairs(document, palette.color(fg_role),
                                           palette.color(bg_role),
                                           f"{describe(view)} row {row + 1}"
                                           f"{' (selected)' if selected else ''}")


def low_contrast(window: QWidget) -> list[str]:
    problems = []
    for widget in window.findChildren(QWidget):
        if not _shown(widget, window) or not widget.isEnabled():
            continue   # WCAG asks nothing of a control that cannot be used
        for fg, bg, where in rich_text_pairs(widget):
            ratio = contrast(fg, bg)
            if ratio < MINIMUM_CONTRAST:
                problems.append(f"contrast {ratio:.2f}:1, {fg.name()} on {bg.name()}: {where}")
    return problems


def rich_text(text: str) -> bool:
    return GuiQt.mightBeRichText(text)


def columns(model) -> int:
    """How many columns a model has (a list model keeps its count private: one)."""
    try:
        return model.columnCount(QModelIndex())
    except TypeError:
        return 1
