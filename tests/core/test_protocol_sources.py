"""Every rule cites its source, and the protocols say honestly what was checked.

Two kinds of test: the bundled protocols against the promises (each rule section cites; each
citation has a reference entry; "law as at" is no later than the newest source; each
"unverified" mark matches docs/protocol-fact-check.md), checked here independently of the
loader; and hostile files against the loader, which must refuse each one with its line and
its problem, never half load it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commonground import paths
from commonground.core.protocols.citations import (
    BRACKET,
    NOT_APPLICABLE,
    is_rule_heading,
    read_sources,
    resolve,
)
from commonground.core.protocols.files import load_directory, parse_protocol, split_sections
from tests.conftest import REPO

RECORD = REPO / "docs" / "protocol-fact-check.md"


def bundled():
    protocols, problems = load_directory(paths.bundled_protocols_dir())
    assert problems == []
    assert len(protocols) == 6
    return protocols


# ------------------------------------------------------------ the bundled protocols
def test_every_bundled_protocol_says_what_it_was_checked_against_and_when():
    for protocol in bundled():
        checked = protocol.checked()
        assert checked is not None, protocol.id
        assert checked.date <= dt.date.today()
        assert protocol.law_as_at <= checked.date, protocol.id
        assert checked.against and checked.by, protocol.id
        for ref in protocol.sources().references.values():
            assert ref.accessed is not None or ref.accessed_note, (protocol.id, ref.key)


def test_law_as_at_is_no_later_than_the_newest_source_consulted():
    for protocol in bundled():
        refs = protocol.sources().references.values()
        dated = [r.dated for r in refs if r.accessed is not None and r.dated]
        assert dated, protocol.id
        assert protocol.law_as_at <= max(dated), (protocol.id, protocol.law_as_at, max(dated))


def _keys(protocol) -> list[str]:
    return sorted(protocol.sources().references, key=len, reverse=True)


def _citations_in(text: str, keys: list[str]) -> list:
    found = []
    for match in BRACKET.finditer(text):
        inner = " ".join(match.group(1).split())
        if not re.fullmatch(r"\d{4}", inner):
            found.append((inner, resolve(inner, keys)))
    return found


def _rule_sections(protocol):
    """(section, why) for every section that states rules: by its heading or its parent's."""
    parent_rules = False
    for section in protocol.sections():
        if section.level <= 2:
            parent_rules = bool(re.match(r"(the clock|where\b.*\bcan and cannot|time limits and "
                                         r"numbers)", section.heading, re.I)
                                or re.search(r"\bsections?\s+\d|\bs\.?\s?\d", section.heading))
            if parent_rules:
                yield section
        elif parent_rules or re.search(r"\bsections?\s+\d|\bs\.?\s?\d", section.heading):
            yield section


def test_sections_that_state_rules_cite_a_source_in_every_section_and_table_row():
    seen = set()
    for protocol in bundled():
        keys = _keys(protocol)
        for section in _rule_sections(protocol):
            seen.add(section.heading.split(":")[0])
            assert is_rule_heading(section.heading) or section.level == 3
            text = section.body_md.strip()
            if not text:
                continue
            cited = [c for _inner, c in _citations_in(text, keys) if c is not None]
            assert cited, f"{protocol.id}: '{section.heading}' cites no source"
            rows = [line for line in text.splitlines() if line.lstrip().startswith("|")]
            for row in rows[2:]:                      # after the header and the |---| line
                assert any(c for _i, c in _citations_in(row, keys)), \
                    f"{protocol.id}: a row under '{section.heading}' cites nothing: {row}"
    # The rule is not vacuous: these sections exist and were checked.
    assert {"The clock", "Time limits and numbers", "Where section 136 can and cannot be used",
            "Warrant under section 135(1)", "Crime and Disorder Act 1998, section 115",
            "Getting into a house", "When the clock starts"} <= seen


def test_every_citation_names_an_entry_in_references():
    for protocol in bundled():
        keys = _keys(protocol)
        body = protocol.body
        references = next(s for s in protocol.sections() if s.heading == "References")
        for inner, citation in _citations_in(body.replace(references.body_md, ""), keys):
            assert citation is not None, f"{protocol.id}: [{inner}] has no reference entry"
        assert protocol.sources().citations, protocol.id


# --------------------------------------------------------------- the fact-check record
def read_record() -> tuple[dict[str, str], dict[str, str]]:
    """Labels verified (with their entry's text) and labels not yet verified."""
    text = RECORD.read_text(encoding="utf-8")
    verified, unverified = {}, {}
    parts = re.split(r"^## ", text, flags=re.M)
    for part in parts:
        title, _, rest = part.partition("\n")
        target = {"Verified against a primary text": verified,
                  "Not yet verified against a primary text": unverified}.get(title.strip())
        if target is None:
            continue
        for entry in re.split(r"^### ", rest, flags=re.M)[1:]:
            heading, _, body = entry.partition("\n")
            for label in heading.split(" · "):
                assert label.strip() not in target, f"{label} is listed twice"
                target[label.strip()] = body
    return verified, unverified


def test_the_record_quotes_a_primary_text_for_every_verified_point():
    verified, unverified = read_record()
    assert len(verified) > 30 and len(unverified) > 30
    for label, body in verified.items():
        assert re.search(r"^- Source: .*https?://", body, re.M), label
        read = re.search(r"^- Read: (\d{4}-\d{2}-\d{2})$", body, re.M)
        assert read and dt.date.fromisoformat(read.group(1)) <= dt.date.today(), label
        quotes = re.findall(r'^- Quote: "(.+)', body, re.M)
        assert quotes and all(len(q) >= 10 for q in quotes), label
    for label, body in unverified.items():
        assert re.search(r"^- Missing: \S", body, re.M), label
    assert not set(verified) & set(unverified)


def test_unverified_marks_in_the_text_match_the_fact_check_record():
    verified, unverified = read_record()
    cited_verified, cited_unverified = set(), set()
    for protocol in bundled():
        sources = protocol.sources()
        for citation in sources.citations:
            if sources.references[citation.key].accessed_note == NOT_APPLICABLE:
                continue
            if citation.unverified:
                cited_unverified.add(citation.label)
                assert citation.label not in verified, (
                    f"{protocol.id}: [{citation.label}] is verified in the record: drop "
                    "'unverified' from the text")
                assert citation.label in unverified, (
                    f"{protocol.id}: [{citation.label}, unverified] is not in the record's "
                    "list of points not yet verified")
            else:
                cited_verified.add(citation.label)
                assert citation.label in verified, (
                    f"{protocol.id}: [{citation.label}] has no primary text quoted in "
                    "docs/protocol-fact-check.md: mark it 'unverified'")
    # And no entry in the record is about a point no protocol cites.
    assert set(verified) <= cited_verified, set(verified) - cited_verified
    assert set(unverified) <= cited_unverified, set(unverified) - cited_unverified


def test_the_corrections_of_issue_17_are_in_the_text_with_their_sources():
    by_id = {p.id: p for p in bundled()}
    awol = by_id["missing-patients-awol"].body
    assert "[MHA s18(4), unverified]" in awol and "[MHA s18(5), unverified]" in awol
    assert "[PACE s17(1)(d), unverified] [D'Souza, unverified]" in awol
    assert "save life or limb" in awol.split("## Getting into a house")[1]
    s136 = by_id["s136-place-of-safety"].body
    assert "superintendent approval for any extension" not in s136
    assert "Any extension needs superintendent approval" not in s136
    assert s136.count("[MHA s136B(3)]") >= 4
    assert "[MHA s5, unverified]" in s136                   # the hospital wards caution
    assault = by_id["assault-reporting-prosecution"].body
    assert "### The six-month limit for common assault" in assault
    assert "[MCA 1980 s127(1)]" in assault and "[CJA 1988 s39A]" in assault
    police = by_id["police-assistance-mha-assessment"].body
    assert "**24 hours**" in police and "[MHA s6(1)(b), unverified]" in police
    aa = by_id["appropriate-adult"].body
    assert "[Code C para 15.3, unverified]" in aa and "- has their detention reviewed;" not in aa


# ------------------------------------------------------------------ hostile files
GOOD = """---
id: sample
title: Sample protocol
version: 1.1
effective: 2026-01-10
review_due: 2027-01-10
law_as_at: 2025-05-15
checked: 2026-01-10 against the Act, by the protocol editor
owners: Police; Health
audience: Everyone
summary: A protocol for the tests.
---
## The 30-second version
The clock runs for 24 hours [MHA s136(2A)].

## The clock: 24 hours
From arrival [MHA s136(2A)].

### When the clock starts
On arrival [MHA s136(2A)] and see [2012] UKSC 2.

## Time limits and numbers

| What | Rule | Law |
|---|---|---|
| Clock | 24 hours | [MHA s136(2A)] |
| Notice | 3 days | [Local] |

## References

- [MHA] Mental Health Act 1983. (accessed: 2026-01-10; dated: 2025-05-15)
- [CoP] Code of Practice. (accessed: not consulted)
- [Local] Set locally. (accessed: not applicable)

## Version history

### Version 1.1 (10 January 2026)

**Corrections to the law** (read these first):

- [The clock](#the-clock-24-hours): the start is arrival.
"""


def load(text: str):
    return parse_protocol(text, "sample.md", "hash")


def line_of(text: str, needle: str) -> int:
    lines = text.splitlines()
    return lines.index(next(line for line in lines if needle in line)) + 1


def test_the_good_sample_loads():
    protocol, problems = load(GOOD)
    assert problems == [] and protocol is not None
    assert protocol.sources().unverified_labels() == []
    assert [c.label for c in protocol.sources().citations][:2] == ["MHA s136(2A)"] * 2


@pytest.mark.parametrize("old, new, at, words", [
    ("checked: 2026-01-10 against the Act, by the protocol editor",
     "checked: 2026-13-40 against the Act, by the editor", "checked:",
     "'checked' must start with a date written YYYY-MM-DD"),
    ("checked: 2026-01-10 against the Act, by the protocol editor",
     "checked: 2026-01-10 by the editor", "checked:", "'checked' must read 'YYYY-MM-DD against"),
    ("checked: 2026-01-10 against", "checked: 2999-01-10 against", "checked:",
     "which is after today"),
    ("law_as_at: 2025-05-15", "law_as_at: 2026-02-01", "law_as_at:",
     "is later than the day the text was checked"),
    ("law_as_at: 2025-05-15", "law_as_at: 2025-06-01", "law_as_at:",
     "later than the newest source consulted ([MHA], dated 2025-05-15)"),
    ("(accessed: 2026-01-10; dated: 2025-05-15)", "(accessed: 2026-01-10)", "checked:",
     "no consulted reference says when its text is dated"),
    ("- [MHA] Mental Health Act 1983. (accessed: 2026-01-10; dated: 2025-05-15)",
     "- [MHA] Mental Health Act 1983.", "- [MHA]", "must end with '(accessed: YYYY-MM-DD)'"),
    ("(accessed: 2026-01-10; dated", "(accessed: yesterday; dated", "- [MHA]",
     "'accessed' must be a date written YYYY-MM-DD, 'not consulted' or 'not applicable'"),
    ("(accessed: 2026-01-10; dated", "(accessed: 2999-01-10; dated", "- [MHA]",
     "accessed on 2999-01-10, which is after today"),
    ("dated: 2025-05-15)", "dated: 2026-05-15)", "- [MHA]",
     "is dated 2026-05-15, after the day it was accessed"),
    ("- [CoP] Code of Practice. (accessed: not consulted)",
     "- [MHA] Again. (accessed: not consulted)", "Again", "listed twice (first on line"),
    ("- [CoP] Code of Practice.", "- [C<o>P] Code of Practice.", "C<o>P",
     "must start with a letter"),
    ("- [CoP] Code of Practice. (accessed: not consulted)", "Code of Practice, not a list item",
     "not a list item", "each line under References is one source"),
    ("- [CoP] Code of Practice. (accessed: not consulted)",
     "- [CoP] Code of Practice. (accessed: not applicable)", "- [CoP]",
     "only [Local], the values set locally, may say 'accessed: not applicable'"),
    ("From arrival [MHA s136(2A)].", "From arrival [PACE s17].", "From arrival",
     "'[PACE s17]' names no source in References"),
    ("From arrival [MHA s136(2A)].", "From arrival [CoP para 16.26].", "From arrival",
     "which was not consulted: write [CoP para 16.26, unverified]"),
    ("From arrival [MHA s136(2A)].", "From arrival.", "## The clock",
     "the section 'The clock: 24 hours' states rules but cites no source"),
    ("On arrival [MHA s136(2A)] and see", "On arrival and see", "### When the clock",
     "the section 'When the clock starts' states rules but cites no source"),
    ("| Notice | 3 days | [Local] |", "| Notice | 3 days | Local |", "| Notice",
     "a row of the table under 'Time limits and numbers' cites no source"),
    ("## The 30-second version", "## Warrant under section 135(1)\nPolice execute it.\n\n"
     "## The 30-second version", "## Warrant", "the section 'Warrant under section 135(1)'"),
    ("## The 30-second version", "[note]: https://example.org\n## The 30-second version",
     "[note]:", "link definitions"),
    ("### Version 1.1 (10 January 2026)", "### Version 1.0 (10 January 2025)", "version:",
     "the version history has no entry for version 1.1"),
    ("(#the-clock-24-hours)", "(#no-such-section)", "- [The clock]",
     "points to #no-such-section, which is not a section of this protocol"),
    ("- [The clock](#the-clock-24-hours): the start is arrival.", "- The clock changed.",
     "The clock changed", "a correction names the section it corrected"),
])
def test_each_broken_protocol_is_refused_with_its_line_and_problem(old, new, at, words):
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    protocol, problems = load(text)
    assert protocol is None, words
    assert any(words in p.message for p in problems), [p.message for p in problems]
    found = next(p for p in problems if words in p.message)
    assert found.line == line_of(text, at), (found.line, found.message)
    assert str(found).startswith(f"sample.md, line {found.line}: ")
    assert str(found).endswith("The file was not loaded.")


def test_a_protocol_without_checked_still_loads_and_says_nothing_was_recorded():
    from commonground.core.protocols.render import checked_text

    legacy = GOOD.replace("checked: 2026-01-10 against the Act, by the protocol editor\n", "")
    protocol, problems = load(legacy.replace("From arrival [MHA s136(2A)].", "From arrival [x]."))
    assert problems == [] and protocol is not None
    assert checked_text(protocol) == "This text does not say what it was checked against."


# ------------------------------------------------------------------------ fuzzing
_PIECES = st.sampled_from(["[", "]", "(", ")", "[MHA s1]", "[MHA]", "[Local]", ", unverified",
                           "(accessed: 2026-01-10)", "(accessed: not consulted)", "; dated: ",
                           "2025-05-15", "\n", "- ", "| ", "|---|", "## References\n",
                           "## The clock\n", "### Version 1.1\n", "**Corrections**\n",
                           "```\n", "`", "[2012]", "](#x)", "é", "\u202e", "\x00", "  "])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=60))
def test_any_body_gives_sources_or_problems_with_lines_never_an_error(pieces):
    body = "".join(pieces)
    sources = read_sources(body, first_line=13, today=dt.date(2026, 12, 6))
    last = 13 + max(len(body.splitlines()), 1)
    for line, message in sources.problems:
        assert 13 <= line <= last and message
    for citation in sources.citations:
        assert citation.key in sources.references


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200), st.sampled_from(["## References\n", "From arrival",
                                                "| Clock", "### Version 1.1", "checked: "]))
def test_any_insertion_into_a_good_protocol_loads_or_is_refused_with_a_line(junk, where):
    at = GOOD.index(where)
    text = GOOD[:at] + junk + GOOD[at:]
    try:
        protocol, problems = load(text)
    except Exception as exc:                                      # pragma: no cover
        pytest.fail(f"the loader raised {exc!r}")
    if protocol is None:
        assert problems and all(p.line >= 0 for p in problems)
    else:
        assert all(p.severity == "warning" for p in problems)


def test_sections_split_the_same_way_the_rules_see_them():
    protocol, _ = load(GOOD)
    headings = [s.heading for s in split_sections(protocol.body, protocol.title)]
    assert "When the clock starts" in headings
    assert Path(RECORD).exists()
