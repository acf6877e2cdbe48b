"""A thank-you or positive feedback to another service: which service, which team or
shift, what they did, and whether the committee may quote it.

Any frontline user can send one. It goes to the advisor's hub like any record, and from
there to the committee counted, quoted only as the sender allowed: the sender can change
that from My reports (the choice is recorded on the submitted record, as an outcome is,
and the latest choice travels with the next export).
"""

from __future__ import annotations

import datetime as dt

from ....identifiers import identifier_problem
from ....timeutil import FUTURE_TOLERANCE, parse_time
from ...fields import label_for
from ..base import Demo, Outcome, RecordKind, Words, typed_text
from . import committee, demo, fields


def cross_checks(data: dict, now: dt.datetime, submitting: bool) -> list[tuple[str, str]]:
    problems = []
    happened = parse_time(data.get("happened_at"))
    if happened and happened > now + FUTURE_TOLERANCE:
        problems.append(("happened_at", "That is in the future. Check the date."))
    for key in ("team", "what"):
        problem = identifier_problem(str(data.get(key) or ""))
        if problem:
            problems.append((key, problem))
    return problems


def summary(data: dict) -> str:
    agency = label_for(fields.AGENCIES, data.get("agency"))
    return f"Thanks to {agency}" if data.get("agency") else "Thanks"


def quote_summary(values: dict) -> str:
    return ("Your words may be quoted in the committee's meeting pack."
            if values.get("may_quote") == "yes" else
            "Your words are not to be quoted: the thanks is counted only.")


def quote_problems(values: dict, data: dict, now: dt.datetime) -> list[tuple[str, str]]:
    if values.get("may_quote") not in ("yes", "no"):
        return [("may_quote", "Choose whether your words may be quoted.")]
    return []


def done(reference: str, notes: str, route: str) -> str:
    return (f"<h2>Thank you sent</h2><p>Reference: <b>{reference}</b></p>{notes}"
            "<p>It goes to the Police Liaison Committee with the next de-identified figures, "
            "without your name. To change whether your words may be quoted, open it in "
            "<b>My reports</b> and choose <b>Change quoting</b>.</p>")


KIND = RecordKind(
    key="thanks", wire="thanks",
    words=Words(heading="Thank another service", choice="Thanks or positive feedback",
                short="Thanks", document="Thanks and positive feedback", noun="thank-you",
                view="Thanks", done=done),
    sections=fields.SECTIONS, when_key="happened_at", when_label="Happened",
    reporter_keys=("sender_name", "sender_role"), author_key="sender_name",
    summary=summary, place=lambda data: str(data.get("site") or ""),
    search_body=typed_text(fields.SECTIONS), cross_checks=cross_checks,
    facts=lambda data, sent, rules, calendar: {},
    flags=lambda data, sent, rules, calendar: [], document_rows=lambda data: [],
    committee=committee.COMMITTEE, demo=Demo(demo.timing, demo.record),
    type_keys=("agency",), place_keys=("site",), committee_text=("team", "what"),
    outcome=Outcome(fields.QUOTE_FIELDS, quote_problems, quote_summary,
                    button="Change &quoting…", title="Save the choice",
                    intro="Choose whether the committee may quote your words. The thanks "
                          "itself does not change. The committee gets your latest choice "
                          "with the next figures; words already printed in a meeting pack "
                          "cannot be taken back.",
                    pending=lambda data: quote_summary(data), heading="Quoting"),
)
