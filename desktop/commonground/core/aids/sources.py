"""Which protocol versions an answer rests on, and whether they are still the ones to use.

An aid's rules name the protocol and section where people read the same rule. Before an
answer is shown, this checks each against the library: missing, superseded, past its
review date, or a cited section that is no longer in the protocol all become warnings, so a
stale or changed protocol never hides behind a confident answer.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

from .result import AidResult


def check_protocols(result: AidResult, lookup: Callable[[str], object | None],
                    today: dt.date | None = None) -> AidResult:
    today = today or dt.date.today()
    cited: dict[str, set[str]] = {}
    for applied in result.rules:
        citation = applied.citation
        if citation.protocol:
            cited.setdefault(citation.protocol, set())
            if citation.section:
                cited[citation.protocol].add(citation.section)
    for protocol_id in sorted(cited):
        protocol = lookup(protocol_id)
        if protocol is None:
            result.warnings.append(f"The protocol '{protocol_id}' is not in this computer's "
                                   "library, so the rules here could not be checked against "
                                   "it. Ask IT to restore the protocols.")
            continue
        result.protocols.append({
            "id": protocol.id, "title": protocol.title, "version": protocol.version,
            "law_as_at": protocol.law_as_at.isoformat(),
            "review_due": protocol.review_due.isoformat()})
        if protocol.superseded_by:
            result.warnings.append(f"'{protocol.title}' (version {protocol.version}) has been "
                                   f"replaced by '{protocol.superseded_by}'. Read the newer "
                                   "protocol: this answer may no longer be right.")
        if protocol.review_due < today:
            result.warnings.append(f"'{protocol.title}' (version {protocol.version}) was due "
                                   f"for review on {protocol.review_due:%d %B %Y}. The law may "
                                   "have changed since: check with your Mental Health Act "
                                   "lead or legal team.")
        headings = {section.heading for section in protocol.sections()}
        for section in sorted(cited[protocol_id] - headings):
            result.warnings.append(f"The section '{section}' is not in '{protocol.title}' "
                                   f"(version {protocol.version}): the protocol has changed "
                                   "since this aid was written. Read the protocol before "
                                   "relying on this answer.")
    return result
