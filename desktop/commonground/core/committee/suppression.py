"""Small counts in figures shared outside the committee: a count from 1 to threshold-1
reads "<threshold" (zero stays zero), and no subtraction, nor the bounds a "<5" gives,
brings one back: where rows add up (``Table.sums``), the smallest count above zero beside
a hidden one is "not shown" too, until none is pinned; a share or median in a row with a
hidden count is not shown either. A total shown elsewhere (the headline) is taken as
known, unless it is small and so hidden there too.
"""

from __future__ import annotations

from .tables import Table

NOT_SHOWN = "not shown"


def count(value, threshold: int = 5):
    """One count as a shared copy shows it: from 1 to threshold-1 it reads "<threshold";
    zero, and anything that is not a count, stay as they are."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < threshold:
        return f"<{threshold}"
    return value


def part_of(part: int, whole: int, threshold: int = 5) -> tuple:
    """("part", "whole") of a "part of whole" as a shared copy shows them, by the tables'
    rule: the rest (whole - part) is a count a subtraction gives, so the part, the rest
    and the whole are a sum. Each comes back as the number, "<threshold" or NOT_SHOWN."""
    table = Table("", ["", "People"], rows=[["all", whole], ["part", part],
                                            ["rest", whole - part]], sums=[(0, (1, 2))])
    rows = suppressed(table, threshold).rows
    return rows[1][1], rows[0][1]


def suppressed(table: Table, threshold: int = 5) -> Table:
    """A copy for outside the committee: counts from 1 to threshold-1 read "<threshold"
    (zero stays zero); where rows add up (``table.sums``) and a sum would then have one
    hidden count, the smallest count beside it is not shown either, again and again until
    no subtraction gives a hidden count back; and a share or median in a row with a hidden
    count is not shown, since with the total it would give the count back."""
    def is_count(column: int, value) -> bool:
        if column == 0 or (table.counts is not None and column not in table.counts):
            return False
        return isinstance(value, int) and not isinstance(value, bool)

    rows = table.rows
    small = {(r, c) for r, row in enumerate(rows) for c, value in enumerate(row)
             if is_count(c, value) and 0 < value < threshold}
    hidden, any_small = set(small), bool(small)
    while True:
        more = _one_hidden_in_a_sum(table, hidden, small, threshold, is_count) \
            or _beside_a_pinned_one(table, hidden, small, threshold, is_count)
        if more is None:
            break
        if more in hidden:    # small counts alone give each other away: in that column,
            small -= {cell for cell in small if cell[1] == more[1]}   # none has a bound
        hidden.add(more)
    copy = Table(table.title, list(table.columns), note=table.note, counts=table.counts,
                 sums=list(table.sums), bar_rows=table.bar_rows)
    hid_beside = False
    for r, row in enumerate(rows):
        any_hidden = any((r, c) in hidden for c in range(len(row)))
        new = [row[0]]
        for column, value in enumerate(row[1:], start=1):
            if (r, column) in small:
                value = count(value, threshold)
            elif (r, column) in hidden:
                value = NOT_SHOWN
            elif any_hidden and not is_count(column, value) and value not in ("", "–"):
                value, hid_beside = NOT_SHOWN, True
            new.append(value)
        copy.rows.append(new)
    if any_small:
        extra = f"Counts under {threshold} are shown as <{threshold}"
        if hidden - small:
            extra += ("; a count that would give one back by subtraction from a total is "
                      "not shown")
        extra += "; a share or median beside one is not shown." if hid_beside else "."
        copy.note = f"{copy.note} {extra}".strip()
    return copy


def _one_hidden_in_a_sum(table: Table, hidden: set, small: set, threshold: int,
                         is_count) -> tuple[int, int] | None:
    """A count to hide next (None when no sum needs one): the smallest count above zero
    shown in a sum that would give a hidden one back, because it has exactly one hidden
    count in a column, or only small ones whose total can only be made one way (two "<5"
    adding up to 8 are both 4)."""
    width = len(table.columns)
    for total, members in table.sums:
        for column in range(1, width):
            cells = [(r, column) for r in members + ((total,) if total is not None else ())
                     if is_count(column, table.rows[r][column])]
            if total is None and sum(table.rows[r][column] for r, _ in cells) < threshold:
                continue      # a total from elsewhere that is small is hidden there too
            mine = [cell for cell in cells if cell in hidden]
            if not mine or not _pinned(mine, total, column, table, small, threshold):
                continue
            # A zero hidden beside it protects nothing (the sum still gives the count), so
            # the smallest count above zero; a sum with none is small itself, and hidden
            # wherever it is shown.
            shown = [cell for cell in cells if cell not in hidden
                     and table.rows[cell[0]][column] > 0]
            if shown:
                return min(shown, key=lambda cell: (table.rows[cell[0]][column], cell))
            # Every count of the sum is hidden and small, and "<5"s alone give it away:
            # the column's small counts say "not shown", with no bound.
            bounded = [cell for cell in mine if cell in small]
            if bounded:
                return max(bounded, key=lambda cell: (cell[0] == total,
                                                      table.rows[cell[0]][column], cell))
    return None


def _sums(table: Table, threshold: int, is_count):
    """Each sum, column by column, as (its cells with +1 or -1, the hidden combination's
    value is worked out from the true counts); a total from elsewhere that is small is
    hidden there too, so it is no sum."""
    for total, members in table.sums:
        for column in range(1, len(table.columns)):
            cells = [((r, column), 1) for r in members] + (
                [((total, column), -1)] if total is not None else [])
            if not all(is_count(column, table.rows[r][c]) for (r, c), _ in cells):
                continue
            if total is None and sum(table.rows[r][c] for (r, c), _ in cells) < threshold:
                continue
            yield cells


def _beside_a_pinned_one(table: Table, hidden: set, small: set, threshold: int,
                         is_count) -> tuple[int, int] | None:
    """Bounds worked through every sum in turn ("<5" is 1 to 4, "not shown" at least 0)
    until nothing narrows: if a small count is pinned to one value, the smallest count
    above zero shown in a sum with it, else one of it (then none in its column has a
    bound); None when nothing is pinned."""
    big = 10 ** 9
    low = {cell: 1 if cell in small else 0 for cell in hidden}
    high = {cell: threshold - 1 if cell in small else big for cell in hidden}
    sums = []
    for cells in _sums(table, threshold, is_count):
        value = sum(sign * table.rows[r][c] for (r, c), sign in cells
                    if (r, c) in hidden)
        mine = [(cell, sign) for cell, sign in cells if cell in hidden]
        if mine:
            sums.append((cells, mine, value))
    for _ in range(50):
        changed = False
        for _cells, mine, value in sums:
            for cell, sign in mine:
                rest = [(other, s) for other, s in mine if other != cell]
                rest_low = sum(low[o] if s > 0 else -high[o] for o, s in rest)
                rest_high = sum(high[o] if s > 0 else -low[o] for o, s in rest)
                ends = sorted(((value - rest_high) * sign, (value - rest_low) * sign))
                new = (max(low[cell], ends[0]), min(high[cell], ends[1]))
                if new != (low[cell], high[cell]):
                    low[cell], high[cell], changed = new[0], new[1], True
        if not changed:
            break
    for cell in sorted(small):
        if low[cell] != high[cell]:
            continue
        shown = [other for cells, mine, _ in sums if cell in dict(mine)
                 for other, _ in cells if other not in hidden
                 and table.rows[other[0]][other[1]] > 0]
        if shown:
            return min(shown, key=lambda other: (table.rows[other[0]][other[1]], other))
        return cell
    return None


def _pinned(mine: list, total, column: int, table: Table, small: set,
            threshold: int) -> bool:
    if len(mine) == 1:
        return True
    if any(cell not in small for cell in mine):
        return False          # a count hidden beside a small one could be anything
    sign = {cell: -1 if cell[0] == total else 1 for cell in mine}
    value = sum(sign[cell] * table.rows[cell[0]][column] for cell in mine)
    low = sum(1 if sign[cell] > 0 else -(threshold - 1) for cell in mine)
    high = sum(threshold - 1 if sign[cell] > 0 else -1 for cell in mine)
    return value in (low, high)
