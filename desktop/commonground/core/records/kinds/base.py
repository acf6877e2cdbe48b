"""What a kind of record is made of: one ``RecordKind`` carries every piece the form, the
checks, the documents, sync, the committee and the demo data need, so a kind is described
in one place (its package under ``kinds/``) and everything else loops over the registry.

Records sits below cases, sync, committee and pdf, so what a kind gives them is plain data
and plain functions over plain dicts: never an object of a higher layer.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Callable

from ..deid import Shape
from ..fields import Field, Section
from ..figures import Comparison, Figure, Headline

# (data, now, submitting) -> [(field key, problem in words)]
Checks = Callable[[dict, dt.datetime, bool], "list[tuple[str, str]]"]
# (data, sent, rules, calendar) -> what submission records, or the warnings it shows
Facts = Callable[[dict, dt.datetime, object, object], dict]
Flags = Callable[[dict, dt.datetime, object, object], "list[str]"]


@dataclass(frozen=True)
class Words:
    """What people read about a kind, wherever it appears."""
    heading: str        # the form's heading: "Report an incident"
    choice: str         # its button on New report: "Incident or assault"
    short: str          # in lists and sentences: "Incident or assault"
    document: str       # the PDF's, the report view's and the plain text's title
    noun: str           # "report", "request", "record"
    view: str           # the report view's window: "Report", "Section 136 episode"
    # The submitted page: (reference, notes, the police route) -> HTML, each already escaped.
    done: Callable[[str, str, str], str]


@dataclass(frozen=True)
class FormNote:
    """A note the form shows under a field while ``when(data)`` holds (it stops nothing)."""
    key: str
    after: str          # the field it follows
    text: str
    when: Callable[[dict], bool]


@dataclass(frozen=True)
class Outcome:
    """What happened afterwards, recorded on the submitted record as a timeline event (the
    record itself never changes); a later outcome replaces an earlier one in the figures."""
    fields: tuple[Field, ...]   # the first is the outcome itself, a choice
    problems: Callable[[dict, dict, dt.datetime], "list[tuple[str, str]]"]  # values, record, now
    summary: Callable[[dict], str]
    button: str = "Record &outcome…"    # the report view's button for it
    title: str = "Record the outcome"   # its dialog's OK button
    intro: str = ""                     # its dialog's opening words, if not the usual
    # What the record says before any outcome is recorded, from its data (None: "Not
    # recorded yet" and how to record it)
    pending: Callable[[dict], str] | None = None
    heading: str = "Outcome"            # its heading in the report view

    @property
    def field_map(self) -> dict[str, Field]:
        return {spec.key: spec for spec in self.fields}


@dataclass(frozen=True)
class Codes:
    """List-valued codes kept in a table of their own, one row per code, for counting."""
    table: str                  # FROZEN
    key: str                    # FROZEN: the column naming the record
    of: Callable[[dict], "list[tuple[str, str]]"]   # a record -> [(which list, code)]


@dataclass(frozen=True)
class Dashboard:
    """A kind's part of the committee's dashboard and meeting pack, described for
    ``committee/dashboards`` to compute: a tab of figures, headline numbers, a pack section.
    The first headline is the count of records."""
    tab: str                    # the dashboard tab's title, with its access key
    section: str                # the meeting pack's heading for it
    unit: str                   # one record, counted ("request"; "requests" for more)
    # (the count in words, the period and place, a filter that cannot apply) -> the tab's
    # opening sentence
    intro: Callable[[str, str, bool], str]
    none: str                   # the pack's words when there are none in the period
    counted_by: str             # "the date of the assessment"
    unfiltered: str             # the note when a site or ward filter cannot apply to it
    figures: tuple[Figure, ...]
    headline: tuple[Headline, ...]
    from_record: tuple[str, ...] = ()   # values read from the stored record, not a column
    comparison: Comparison | None = None  # a pack page setting it beside national tables


@dataclass(frozen=True)
class Quotes:
    """Words a kind's records may carry for the meeting pack to quote (only where the sender
    allowed it), a page for each group they are addressed to (an agency, for its lead to
    take back). ``about(record)`` says when and to whom, from codes and screened text."""
    section: str                # the pack's heading: "Thanks and positive feedback"
    group: str                  # the column grouping them (each group its own page)
    groups: tuple               # (code, label) of every group, in the pack's order
    text: str                   # the record's key holding the words (absent: not quoted)
    about: Callable[[dict], str]
    none: str                   # a group's words when nothing was addressed to it


@dataclass(frozen=True)
class Committee:
    """What the committee receives of a kind and keeps of it.

    ``deidentify(secret, report, extra)`` makes the record from a submitted one (``report``
    holds uuid, submitted_at and data); sync supplies ``extra``: "places" (the site
    policy's place names), "outcome" (the latest, for a kind with one) and "case" (what the
    advisor's case learnt, for a kind that opens cases). The committee keeps each record in
    ``table`` with plain ``columns`` for its figures, and shows them as its ``dashboard``
    describes (or as the module ``figures_from`` computes them).
    """
    deidentify: Callable[[bytes, dict, dict], dict]
    shape: Shape
    table: str                  # FROZEN, as are its columns
    columns: Callable[[dict], dict]
    date_column: str            # what dates it (every table also has "month", YYYY-MM)
    site_column: str | None = None
    ward_column: str | None = None
    codes: Codes | None = None
    dashboard: Dashboard | None = None
    figures_from: str = ""      # the module computing its figures, if not its dashboard
    quotes: Quotes | None = None    # words the meeting pack may quote, a page per group


@dataclass(frozen=True)
class Timing:
    """When a fictional record was started and submitted (None: still a draft), and what
    else its kind drew to make it at those times."""
    started: dt.datetime
    submitted: dt.datetime | None
    moment: object = None


@dataclass(frozen=True)
class Fictional:
    """A fictional record as the form holds it, and what happened to it after submission:
    its status and timeline events, each (at, who or None for its author, kind, detail)."""
    data: dict
    status: str = "queued"
    events: tuple = ()


@dataclass(frozen=True)
class Span:
    """What a demo asks of every kind's fictional records: how many years back they reach,
    and whether submitted ones stop at "sent" (the advisor's demo, whose cases say what was
    received next). A kind applies what it has a use for."""
    years: float = 3
    sent_only: bool = False


@dataclass(frozen=True)
class Demo:
    """Fictional records of a kind, for demos, screenshots, tests and benchmarks. Times are
    drawn first (cheap, so 100,000 can be sorted), then each record at its times; the
    writer (``records/demo.py``) stores them as drafts and submission would."""
    timing: Callable[[random.Random, dt.datetime, bool, Span], Timing]  # rng, now, a draft?
    record: Callable[[random.Random, dt.datetime, Timing, Span], Fictional]


@dataclass(frozen=True)
class RecordKind:
    key: str                    # FROZEN: stored in reports.kind and in the data as "_kind"
    wire: str                   # FROZEN: the de-identified record's "type" in bundles
    words: Words
    sections: tuple[Section, ...]
    when_key: str               # the field that dates it (for lists and sorting)
    when_label: str
    reporter_keys: tuple[str, ...]
    author_key: str             # whose name goes in the timeline
    summary: Callable[[dict], str]       # the "what" column of lists
    place: Callable[[dict], str]         # the "where" column of lists
    search_body: Callable[[dict], str]   # what My reports' search finds it by
    cross_checks: Checks
    facts: Facts                # what submission records beside the fields
    flags: Flags                # warnings that never stop submission, in words
    document_rows: Callable[[dict], "list[tuple[str, str]]"]  # facts atop the document
    committee: Committee
    demo: Demo
    # What a shared ward PC keeps after the advisor's receipt, for the policy's "type" and
    # "place" words (names, addresses and free text never).
    type_keys: tuple[str, ...] = ()
    place_keys: tuple[str, ...] = ()
    # The field holding the reporter's role ("Staff nurse"): what the timeline of a shared
    # ward PC says instead of the reporter's name once the advisor has the record.
    role_key: str = ""
    # Fields whose typed words the committee receives (quoted thanks): on submission they
    # must name no one in this computer's records (``people.committee_text_problems``).
    committee_text: tuple[str, ...] = ()
    reported_at_row: tuple[str, int] | None = None   # (section, row): where "Reported at" goes
    form_notes: tuple[FormNote, ...] = ()
    aids: tuple[str, ...] = ()  # decision aids the form can pre-fill (keys in aids.AIDS)
    # Capabilities: what this kind has that others do not.
    opens_case: bool = False    # a prosecution-support case opens from it (cases/)
    outcome: Outcome | None = None
    copyable: bool = False      # offered as plain text to paste where a PDF cannot go
    # Who is reporting: the field whose answer chooses the form's words (Field.readers) and
    # which questions are asked; "" for a kind that speaks to one reader only.
    reader_key: str = ""
    # More for the submitted page, from the record (already HTML, escaped): what a police
    # reporter should know, say.
    done_note: Callable[[dict], str] | None = None
    # A short privacy notice on the form: (the words naming what a ward PC keeps after the
    # advisor's receipt) -> who sees the record and for how long, in words.
    privacy: Callable[[str], str] | None = None
    fields: dict[str, Field] = field(default_factory=dict)

    def __post_init__(self):
        self.fields.update({f.key: f for s in self.sections for f in s.fields})

    @property
    def noun(self) -> str:
        return self.words.noun


def typed_text(sections: tuple[Section, ...]) -> Callable[[dict], str]:
    """A search body made of everything typed in the kind's text fields, in form order."""
    keys = [spec.key for section in sections for spec in section.fields
            if spec.kind in ("text", "textarea")]

    def body(data: dict) -> str:
        return "\n".join(str(data.get(key)) for key in keys if data.get(key))
    return body
