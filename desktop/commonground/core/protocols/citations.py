"""Where each rule in a protocol comes from, and what was checked.

A protocol whose front matter says ``checked:`` is held to the rules in
``protocols_md/FORMAT.md`` ("Sources and citations"):

- its References section lists each source once: ``- [KEY] description (accessed:
  YYYY-MM-DD; dated: YYYY-MM-DD)``, where ``accessed`` may instead say ``not consulted``
  (named but not read) or ``not applicable`` (not an outside source: the local agreement);
- statements of law cite their source in the text as ``[KEY pinpoint]``, or ``[KEY
  pinpoint, unverified]`` until a primary text has been quoted for the point;
- a section that states rules ("The clock ...", "Where ... can and cannot ...", "Time
  limits and numbers", or any heading naming a section of an Act) cites a source, and so
  does every row of its tables;
- "law as at" is no later than the newest source consulted.

Plain text work with line numbers, shared by the loader, the reader, the PDF and the tests.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .sections import FENCE, HEADING, slugify

NOT_CONSULTED = "not consulted"
NOT_APPLICABLE = "not applicable"
UNVERIFIED = "unverified"
LOCAL = "Local"
MAX_KEY = 40

_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9 '’&.\-]*$")
_ITEM = re.compile(r"^[-*+][ \t]+\[([^\[\]\n]+)\][ \t]+(.*?)[ \t]*$")
_TRAILER = re.compile(r"\(accessed:[ \t]*([^;()]*?)[ \t]*(?:;[ \t]*dated:[ \t]*([^;()]*?)[ \t]*)?"
                      r"\)[ \t]*\.?$")
# [text] that is not a link, an image or a reference-style link.
_BRACKET = re.compile(r"(?<![!\\\]])\[([^\[\]\n]+)\](?![(\[])")
_LINK_DEFINITION = re.compile(r"^[ \t]{0,3}\[[^\[\]\n]+\]:[ \t]*\S")
BRACKET = _BRACKET
_SPACED_BRACKET = re.compile(r"[ \t]*" + _BRACKET.pattern)
_YEAR = re.compile(r"^\d{4}$")
_CODE_SPAN = re.compile(r"`[^`\n]*`")
_CHECKED = re.compile(r"^(\S+)[ \t]+against[ \t]+(.+?),[ \t]*by[ \t]+(.+)$")
_RULE_HEADING = re.compile(r"^(the clock\b|where\b.*\bcan and cannot\b|time limits and numbers\b)",
                           re.I)
_ACT_SECTION = re.compile(r"\bsections?\s+\d|\bss?\.?\s?\d+[A-Za-z]?\b", re.I)
_TABLE_RULE = re.compile(r"^\|?[ \t]*:?-{3,}")


@dataclass(frozen=True)
class Reference:
    key: str
    text: str                      # the description, without its (accessed: ...) part
    accessed: dt.date | None       # None: not consulted, or not applicable
    accessed_note: str             # "" when accessed is a date
    dated: dt.date | None          # the date of the text as it was read, where known
    line: int

    @property
    def anchor(self) -> str:
        return "ref-" + slugify(self.key)

    @property
    def consulted(self) -> bool:
        return self.accessed is not None


@dataclass(frozen=True)
class Citation:
    key: str
    pinpoint: str
    unverified: bool
    line: int

    @property
    def label(self) -> str:
        """'MHA s136B(3)': how the fact-check record names the point."""
        return f"{self.key} {self.pinpoint}".strip()


@dataclass(frozen=True)
class Checked:
    date: dt.date
    against: str
    by: str


@dataclass(frozen=True)
class Sources:
    references: dict[str, Reference]
    citations: list[Citation]
    problems: list[tuple[int, str]]

    def unverified_labels(self) -> list[str]:
        """Each point cited as unverified, once, in the order the text first cites it."""
        seen: dict[str, None] = {}
        for citation in self.citations:
            if citation.unverified:
                seen.setdefault(citation.label, None)
        return list(seen)

    def newest_consulted(self) -> Reference | None:
        dated = [r for r in self.references.values() if r.consulted and r.dated]
        return max(dated, key=lambda r: r.dated) if dated else None


def parse_checked(value: str) -> Checked:
    """'2026-12-06 against secondary sources, by the protocol editor'; ValueError says why."""
    match = _CHECKED.match((value or "").strip())
    if not match:
        raise ValueError("'checked' must read 'YYYY-MM-DD against <what was consulted>, by "
                         f"<role>', not '{_short(value)}'")
    try:
        day = dt.date.fromisoformat(match.group(1))
    except ValueError:
        raise ValueError(f"'checked' must start with a date written YYYY-MM-DD, not "
                         f"'{match.group(1)}'") from None
    return Checked(day, match.group(2).strip(), match.group(3).strip())


# ---------------------------------------------------------------- the text in blocks
@dataclass
class _Block:
    level: int
    heading: str
    line: int
    lines: list[tuple[int, str]]


def _blocks(body: str, first_line: int) -> list[_Block]:
    """The body cut at its headings, keeping line numbers; code is blanked out."""
    blocks = [_Block(2, "", first_line, [])]
    in_fence = False
    for number, line in enumerate(body.splitlines(), start=first_line):
        if FENCE.match(line):
            in_fence = not in_fence
            blocks[-1].lines.append((number, ""))
            continue
        match = None if in_fence else HEADING.match(line)
        if match:
            blocks.append(_Block(len(match.group(1)), match.group(2).strip(), number, []))
        else:
            blocks[-1].lines.append((number, "" if in_fence else _CODE_SPAN.sub("", line)))
    return blocks


def _families(blocks: list[_Block]) -> list[tuple[_Block, list[_Block]]]:
    """Each level-1/2 block with the level-3 blocks under it."""
    out: list[tuple[_Block, list[_Block]]] = []
    for block in blocks:
        if block.level <= 2 or not out:
            out.append((block, []))
        else:
            out[-1][1].append(block)
    return out


def is_rule_heading(heading: str) -> bool:
    """A heading whose section states rules that must cite their sources."""
    return bool(_RULE_HEADING.match(heading.strip()) or _ACT_SECTION.search(heading))


# ------------------------------------------------------------------------ reading
def read_sources(body: str, first_line: int = 1, today: dt.date | None = None) -> Sources:
    """References, citations and every problem with them, each with its line."""
    today = today or dt.date.today()
    blocks = _blocks(body, first_line)
    problems: list[tuple[int, str]] = []
    ref_region: list[tuple[int, str]] = []
    found_references = False
    for parent, children in _families(blocks):
        if parent.heading.casefold() == "references":
            found_references = True
            for block in [parent, *children]:
                ref_region.extend(block.lines)
    if not found_references:
        problems.append((first_line, "the protocol has no '## References' section listing "
                                     "its sources"))
    references = _references(ref_region, today, problems)
    citations: list[Citation] = []
    ordered_keys = sorted(references, key=len, reverse=True)
    for parent, children in _families(blocks):
        if parent.heading.casefold() == "references":
            continue
        for block in [parent, *children]:
            for number, line in block.lines:
                citations.extend(_citations_in(line, number, ordered_keys, problems))
    for citation in citations:
        ref = references[citation.key]
        if ref.accessed_note == NOT_CONSULTED and not citation.unverified:
            problems.append((citation.line, f"[{citation.label}] cites [{ref.key}], which was "
                                            f"not consulted: write [{citation.label}, "
                                            f"{UNVERIFIED}] until a primary text is quoted"))
    problems.extend(_uncited_rules(blocks, ordered_keys))
    return Sources(references, citations, problems)


def _references(region: list[tuple[int, str]], today: dt.date,
                problems: list[tuple[int, str]]) -> dict[str, Reference]:
    found: dict[str, Reference] = {}
    for number, raw in region:
        line = raw.strip()
        if not line:
            continue
        item = _ITEM.match(line)
        if not item:
            problems.append((number, "each line under References is one source, written "
                                     "'- [KEY] description (accessed: YYYY-MM-DD)'"))
            continue
        key, rest = " ".join(item.group(1).split()), item.group(2)
        if len(key) > MAX_KEY or not _KEY.match(key):
            problems.append((number, f"the reference key [{_short(key)}] must start with a "
                                     f"letter and use letters, digits, spaces, ' & . - "
                                     f"(at most {MAX_KEY} characters)"))
            continue
        if key in found:
            problems.append((number, f"the reference [{key}] is listed twice (first on line "
                                     f"{found[key].line})"))
            continue
        trailer = _TRAILER.search(rest)
        if not trailer:
            problems.append((number, f"the reference [{key}] must end with '(accessed: "
                                     "YYYY-MM-DD)', '(accessed: not consulted)' or '(accessed: "
                                     "not applicable)'"))
            continue
        text = rest[:trailer.start()].rstrip()
        accessed_raw, dated_raw = trailer.group(1).strip(), (trailer.group(2) or "").strip()
        accessed, note = None, ""
        if accessed_raw.casefold() == NOT_APPLICABLE and key != LOCAL:
            problems.append((number, f"[{key}]: only [{LOCAL}], the values set locally, may say "
                                     f"'accessed: {NOT_APPLICABLE}'; an outside source was "
                                     f"either read on a date or '{NOT_CONSULTED}'"))
            continue
        if accessed_raw.casefold() in (NOT_CONSULTED, NOT_APPLICABLE):
            note = accessed_raw.casefold()
        else:
            accessed = _date(accessed_raw)
            if accessed is None:
                problems.append((number, f"[{key}]: 'accessed' must be a date written "
                                         f"YYYY-MM-DD, '{NOT_CONSULTED}' or '{NOT_APPLICABLE}', "
                                         f"not '{_short(accessed_raw)}'"))
                continue
        dated = None
        if trailer.group(2) is not None:
            dated = _date(dated_raw)
            if dated is None:
                problems.append((number, f"[{key}]: 'dated' must be a date written YYYY-MM-DD, "
                                         f"not '{_short(dated_raw)}'"))
                continue
        trouble = _date_trouble(key, accessed, dated, today)
        if not text:
            trouble = f"the reference [{key}] must say what the source is"
        if trouble:
            problems.append((number, trouble))
            continue
        found[key] = Reference(key, text, accessed, note, dated, number)
    return found


def _date_trouble(key: str, accessed: dt.date | None, dated: dt.date | None,
                  today: dt.date) -> str:
    if accessed and accessed > today:
        return f"[{key}] says it was accessed on {accessed}, which is after today"
    if dated and dated > today:
        return f"[{key}] is dated {dated}, which is after today"
    if accessed and dated and dated > accessed:
        return f"[{key}] is dated {dated}, after the day it was accessed ({accessed})"
    return ""


def _citations_in(line: str, number: int, ordered_keys: list[str],
                  problems: list[tuple[int, str]]) -> list[Citation]:
    out: list[Citation] = []
    if _LINK_DEFINITION.match(line):
        problems.append((number, "link definitions ('[name]: address') are not used in "
                                 "protocols; write the link in place"))
        return out
    for match in _BRACKET.finditer(line):
        inner = " ".join(match.group(1).split())
        if _YEAR.match(inner):
            continue            # a law report year, as in [2012] UKSC 2
        citation = resolve(inner, ordered_keys, number)
        if citation is None:
            problems.append((number, f"'[{_short(inner)}]' names no source in References: a "
                                     "citation is [KEY pinpoint] with a KEY listed there"))
        else:
            out.append(citation)
    return out


def resolve(inner: str, ordered_keys: list[str], line: int = 0) -> Citation | None:
    """The citation that '[inner]' makes, if it starts with a key (longest key wins)."""
    unverified = False
    if inner.casefold().endswith(", " + UNVERIFIED):
        inner, unverified = inner[:-len(UNVERIFIED) - 2].rstrip(), True
    for key in ordered_keys:
        if inner == key or inner.startswith(key + " "):
            return Citation(key, inner[len(key):].strip(), unverified, line)
    return None


def _uncited_rules(blocks: list[_Block], ordered_keys: list[str]) -> list[tuple[int, str]]:
    problems = []
    for parent, children in _families(blocks):
        family_rules = is_rule_heading(parent.heading)
        for block in [parent, *children]:
            if not (family_rules or is_rule_heading(block.heading)):
                continue
            text_lines = [(n, text) for n, text in block.lines if text.strip()]
            if text_lines and not any(_cites(text, ordered_keys) for _, text in text_lines):
                problems.append((block.line, f"the section '{block.heading}' states rules but "
                                             "cites no source: add a citation such as [MHA "
                                             "s136(2A)] naming an entry in References"))
            problems.extend(_uncited_rows(block, ordered_keys))
    return problems


def _uncited_rows(block: _Block, ordered_keys: list[str]) -> list[tuple[int, str]]:
    problems, row_in_table = [], 0
    for number, text in block.lines:
        if not text.lstrip().startswith("|"):
            row_in_table = 0
            continue
        row_in_table += 1
        if row_in_table == 1 or _TABLE_RULE.match(text.strip()):
            continue            # the header row, and the |---| line under it
        if not _cites(text, ordered_keys):
            problems.append((number, f"a row of the table under '{block.heading}' cites no "
                                     "source: each row names its source, like [MHA s136B(3)] "
                                     "(or [Local] for a value set locally)"))
    return problems


def _cites(text: str, ordered_keys: list[str]) -> bool:
    return any(resolve(" ".join(m.group(1).split()), ordered_keys) is not None
               for m in _BRACKET.finditer(text))


def strip_citations(text: str) -> str:
    """The text without its citation marks: what is left is the substance."""
    return _SPACED_BRACKET.sub(lambda m: m.group(0) if _YEAR.match(m.group(1).strip()) else "",
                               text)


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _short(value: str, limit: int = 60) -> str:
    value = " ".join((value or "").split())
    return value if len(value) <= limit else value[:limit - 3] + "..."
