"""A table model that fetches rows from core a page at a time.

Only the count is asked for up front; pages are fetched when the view shows them and a few
are kept. Lists of 100,000 rows open as fast as lists of ten.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

PAGE_SIZE = 200
CACHED_PAGES = 20
ROW_ID_ROLE = Qt.UserRole + 1


class PagedTableModel(QAbstractTableModel):
    """``columns``: (sort key, header). ``count()`` and ``fetch(offset, limit)`` read core;
    ``cell(row, key)`` turns a row into the text shown; ``row_id(row)`` identifies it."""

    def __init__(self, columns: Sequence[tuple[str, str]], count: Callable[[], int],
                 fetch: Callable[[int, int], list], cell: Callable[[object, str], str],
                 row_id: Callable[[object], int], parent=None):
        super().__init__(parent)
        self.columns = tuple(columns)
        self._count_fn, self._fetch_fn, self._cell, self._row_id = count, fetch, cell, row_id
        self._count = 0
        self._pages: OrderedDict[int, list] = OrderedDict()
        self.on_sort: Callable[[str, bool], None] | None = None

    def refresh(self) -> None:
        self.beginResetModel()
        self._pages.clear()
        self._count = self._count_fn()
        self.endResetModel()

    def row(self, number: int):
        if not 0 <= number < self._count:
            return None
        page = number // PAGE_SIZE
        if page not in self._pages:
            self._pages[page] = self._fetch_fn(page * PAGE_SIZE, PAGE_SIZE)
            while len(self._pages) > CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        rows = self._pages[page]
        offset = number - page * PAGE_SIZE
        return rows[offset] if offset < len(rows) else None

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return self.columns[section][1]
        return None

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        if not index.isValid():
            return None
        row = self.row(index.row())
        if row is None:
            return None
        if role == ROW_ID_ROLE:
            return self._row_id(row)
        if role in (Qt.DisplayRole, Qt.ToolTipRole, Qt.AccessibleTextRole):
            return self._cell(row, self.columns[index.column()][0])
        return None

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        if self.on_sort is not None:
            self.on_sort(self.columns[column][0], order == Qt.DescendingOrder)
