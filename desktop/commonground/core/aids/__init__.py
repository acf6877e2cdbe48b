"""Decision aids: the rules of the protocols applied to the person in front of you.

One module per aid, plain Python with no Qt. Each takes a small input dataclass (which a
record form can pre-fill from a record's fields) and returns an :class:`AidResult`: the
answer in words, deadlines as aware UK times, each rule applied with its citation (Act
section, regulation or Code paragraph, and the protocol section it belongs to), what it
could not decide, and warnings. Nothing an aid says is stored unless a person records it.

``AIDS`` lists them for the screens that reach an aid from a protocol section, a record
form or search; a kind of record names the aids its form can pre-fill (``RecordKind.aids``).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import citations as c


@dataclass(frozen=True)
class AidInfo:
    key: str               # the headless command: commonground check KEY
    title: str
    protocol: str
    section: str
    words: tuple[str, ...] = ()          # search words that should find it


AIDS: tuple[AidInfo, ...] = (
    AidInfo("s136-clock", "Section 136 clock", c.S136, c.CLOCK,
            ("136 clock", "s136 clock", "section 136 clock", "24 hours", "136 deadline",
             "136 extension", "136B")),
    AidInfo("police-station", "Police station for an adult?", c.S136, c.STATION,
            ("police station", "police station place of safety", "regulation 2",
             "inspector authorisation", "cells")),
    AidInfo("appropriate-adult", "Can this person be the appropriate adult?", c.AA,
            "Who must not act as an appropriate adult",
            ("AA", "appropriate adult", "appropriate adults")),
    AidInfo("awol", "AWOL: can we still retake?", c.AWOL, c.POWER,
            ("AWOL", "absent without leave", "retake", "retaking", "s18", "s21", "absconded",
             "missing patient")),
    AidInfo("police-need", "Does this need police?", c.AWOL,
            "When to call the police (Right Care, Right Person)",
            ("RCRP", "Right Care Right Person", "need police", "needs police",
             "call the police", "police attend", "police to attend")),
    AidInfo("prosecution-limit", "Prosecution time limit (common assault)", c.ASSAULT,
            "The six-month limit for common assault",
            ("time limit", "six months", "6 months", "s127", "common assault",
             "charged by", "prosecution limit")),
    AidInfo("notice", "Notice for a planned assessment", c.ASSIST,
            "Notice for planned assessments",
            ("notice", "enough notice", "working days", "planned assessment")),
)
