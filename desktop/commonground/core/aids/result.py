"""What every decision aid returns, and the errors it raises for input it cannot use.

An aid answers in words (``answer``), gives each deadline as an aware moment, shows each
rule it applied with its citation, says what it could not decide, and warns. Nothing here
is stored: a screen shows it, a command prints it, and a person may choose to record it
(``to_json`` is the form a record keeps).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..errors import UserError

CALL_999 = "If there is an immediate risk to life, call 999 now."


class AidInputError(UserError):
    """An input the aid cannot use; ``field`` names it so a form can point at it."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class AmbiguousTimeError(AidInputError):
    """A UK wall-clock time in the hour the clocks go back: it happened twice."""

    def __init__(self, field: str, naive: dt.datetime):
        clock = f"{naive:%H:%M}"
        self.naive = naive
        self.choices = (f"{clock} BST", f"{clock} GMT")
        super().__init__(field, (
            f"{clock} on {naive:%A} {naive.day} {naive:%B %Y} happened twice: the clocks went "
            f"back an hour that night. Was it {clock} BST or {clock} GMT? (BST is the first "
            f"time the clocks showed {clock}, GMT the second.) Enter it again with BST or "
            "GMT after the time."))


@dataclass(frozen=True)
class Citation:
    """A source an aid relies on. ``verified`` is False where the primary text was not
    read, and ``note`` then says what to check."""
    key: str
    source: str
    protocol: str | None = None
    section: str | None = None
    verified: bool = True
    note: str = ""

    def words(self) -> str:
        where = f" [protocol {self.protocol}: {self.section}]" if self.protocol else ""
        doubt = f" (NOT VERIFIED: {self.note})" if not self.verified else ""
        return f"{self.source}{where}{doubt}"


@dataclass(frozen=True)
class AppliedRule:
    citation: Citation
    applied: str          # the rule as applied to this person, in words

    def to_json(self) -> dict:
        c = self.citation
        return {"key": c.key, "source": c.source, "protocol": c.protocol,
                "section": c.section, "verified": c.verified, "note": c.note,
                "applied": self.applied}


@dataclass(frozen=True)
class Deadline:
    label: str
    at: dt.datetime        # aware, in Europe/London (so tzname() is GMT or BST)
    words: str             # as a person reads it
    whole_day: bool = False

    def to_json(self) -> dict:
        return {"label": self.label, "at": self.at.isoformat(), "zone": self.at.tzname(),
                "words": self.words, "whole_day": self.whole_day,
                "date": self.at.date().isoformat()}


@dataclass
class AidResult:
    aid: str
    title: str
    answer: str
    outcome: str                      # a short code a screen or an audit can sort on
    deadlines: list[Deadline] = field(default_factory=list)
    rules: list[AppliedRule] = field(default_factory=list)
    undecided: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    inputs: dict = field(default_factory=dict)
    protocols: list[dict] = field(default_factory=list)

    def rule(self, citation: Citation, applied: str) -> None:
        self.rules.append(AppliedRule(citation, applied))

    def unverified(self) -> list[Citation]:
        return [r.citation for r in self.rules if not r.citation.verified]

    def to_json(self) -> dict:
        return {
            "aid": self.aid, "title": self.title, "answer": self.answer,
            "outcome": self.outcome,
            "deadlines": [d.to_json() for d in self.deadlines],
            "rules": [r.to_json() for r in self.rules],
            "could_not_decide": list(self.undecided), "warnings": list(self.warnings),
            "steps": list(self.steps), "inputs": self.inputs, "protocols": self.protocols,
        }

    def recorded(self) -> dict:
        """What recording this answer keeps: one ``aid`` event on a record's or a case's
        timeline (``text`` is the line the timeline shows; ``result`` the whole answer, so an
        audit sees what the person saw)."""
        return {"text": f"Decision aid, {self.title}: {self.answer}", "aid": self.aid,
                "outcome": self.outcome, "result": self.to_json()}

    def to_text(self) -> str:
        lines = [self.title, "", self.answer]
        if self.deadlines:
            lines += [""] + [f"  {d.label}: {d.words}" for d in self.deadlines]
        for heading, items in (("Warnings", self.warnings), ("What to do", self.steps),
                               ("Could not decide", self.undecided)):
            if items:
                lines += ["", f"{heading}:"] + [f"  - {item}" for item in items]
        if self.rules:
            lines += ["", "Rules applied:"]
            for applied in self.rules:
                lines.append(f"  - {applied.applied}")
                lines.append(f"    Source: {applied.citation.words()}")
        return "\n".join(lines)
