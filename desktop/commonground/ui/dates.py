"""Dates and times as people type them on a ward: 20/11/2026, 20.11.26, 14:32, 1432.

Reading them, and naming what is wrong with one, is core's (``core/timeutil``), so the
report's checks and every dialog say the same words ("31 February 2026 does not exist").
"""

from __future__ import annotations

from ..core.timeutil import date_problem, entered_problem  # noqa: F401 (dialogs use them)
from ..core.timeutil import read_date as parse_date
from ..core.timeutil import read_entered as parse_entered

__all__ = ["about", "date_problem", "entered_problem", "parse_date", "parse_entered",
           "named_problem"]


def about(what: str, problem: str) -> str:
    """A problem said of one of several dates: "The due date: there is no month 13: ..."."""
    return f"{what}: {problem[:1].lower()}{problem[1:]}"


def named_problem(problem: str) -> bool:
    """Whether a problem names something impossible (worth saying while the person is still
    typing), rather than a date or time not yet finished."""
    return bool(problem) and not problem.startswith(("Write the ", "Enter the "))
