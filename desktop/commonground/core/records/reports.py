"""Records (incident reports, requests, episodes): what the screens and commands call.

Drafts are saved as you type (``drafts``), checked in plain words (``validation``),
submitted with a reference and sealed (``submission``); corrections are addenda in the
timeline (``timeline``). This module only gathers those names in one place for callers
outside ``records``; each lives in its own module.
"""

from __future__ import annotations

from .columns import author_of, place_label, types_label
from .drafts import discard_draft, drafts, find_report, get_report, save_draft, start_draft
from .record import STATUS_LABELS, Report, ReportError
from .reporter import remember_place, remember_reporter, remembered_place, remembered_reporter
from .submission import submit
from .timeline import Event, add_addendum, record_event, timeline
from .validation import Problem, ValidationFailed, validate

__all__ = [
    "STATUS_LABELS", "Event", "Problem", "Report", "ReportError", "ValidationFailed",
    "add_addendum", "author_of", "discard_draft", "drafts", "find_report", "get_report",
    "place_label", "record_event", "remember_place", "remember_reporter", "remembered_place",
    "remembered_reporter",
    "save_draft", "start_draft", "submit", "timeline", "types_label",
    "validate",
]
