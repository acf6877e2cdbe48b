"""A protocol's own version history: what each version corrected, and what else changed.

The last section of a protocol may be ``## Version history``, one ``### Version X.Y``
subsection per version, newest first::

    ### Version 1.1 (6 December 2026)

    **Corrections to the law** (read these first):

    - [How long the power lasts](#how-long-the-power-lasts): the deadline is now stated.

    **Other changes:**

    - Every rule now cites its source.

Corrections name the section they corrected, so the reader can list them first and by
themselves, each opening its place in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .sections import FENCE, HEADING

HISTORY_HEADING = "Version history"
_VERSION_HEADING = re.compile(r"^Version[ \t]+(\d+(?:\.\d+){0,3})\b")
_CORRECTION = re.compile(r"^[-*+][ \t]+\[([^\[\]\n]+)\]\(#([a-z0-9-]+)\):?[ \t]*(.*)$")
_ITEM = re.compile(r"^[-*+][ \t]+(.+)$")


@dataclass(frozen=True)
class Correction:
    heading: str        # as the history names it
    anchor: str         # the section it corrected
    summary: str
    line: int


@dataclass(frozen=True)
class VersionNote:
    version: str
    corrections: tuple[Correction, ...]
    other: tuple[str, ...]
    line: int


def read_history(body: str, first_line: int = 1) -> tuple[list[VersionNote],
                                                          list[tuple[int, str]]]:
    """The version notes and any problems with them (each with its line)."""
    notes: list[VersionNote] = []
    problems: list[tuple[int, str]] = []
    inside, in_fence = False, False
    current: dict | None = None
    mode = ""

    def close():
        if current is not None:
            notes.append(VersionNote(current["version"], tuple(current["corrections"]),
                                     tuple(current["other"]), current["line"]))

    for number, line in enumerate(body.splitlines(), start=first_line):
        if FENCE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else HEADING.match(line)
        if heading:
            level, text = len(heading.group(1)), heading.group(2).strip()
            if level <= 2:
                close()
                current, inside = None, text.casefold() == HISTORY_HEADING.casefold()
                continue
            if inside:
                close()
                match = _VERSION_HEADING.match(text)
                if not match:
                    problems.append((number, "each subsection of the version history is "
                                             "headed '### Version X.Y'"))
                    current = None
                    continue
                if any(note.version == match.group(1) for note in notes):
                    problems.append((number, f"version {match.group(1)} has two entries in "
                                             "the version history"))
                current, mode = {"version": match.group(1), "corrections": [], "other": [],
                                 "line": number}, ""
            continue
        if not inside or current is None or in_fence:
            continue
        stripped = line.strip()
        if stripped.startswith("**Corrections"):
            mode = "corrections"
        elif stripped.startswith("**Other"):
            mode = "other"
        elif mode == "corrections" and stripped.startswith(("-", "*", "+")):
            found = _CORRECTION.match(stripped)
            if not found:
                problems.append((number, "a correction names the section it corrected: "
                                         "'- [Heading](#anchor): what was corrected'"))
                continue
            current["corrections"].append(Correction(found.group(1).strip(), found.group(2),
                                                     found.group(3).strip(), number))
        elif mode == "other" and (item := _ITEM.match(stripped)):
            current["other"].append(item.group(1).strip())
    close()
    return notes, problems


def check_history(body: str, first_line: int, version: str, anchors: set[str],
                  version_line: int = 0) -> list[tuple[int, str]]:
    """Problems: no entry for the current version (reported at ``version_line``, where the
    version is declared), or a correction naming no section of the protocol."""
    notes, problems = read_history(body, first_line)
    if not any(note.version == version for note in notes):
        problems.append((version_line or first_line, f"the version history has no entry for "
                                                     f"version "
                                     f"{version} ('### Version {version}' under '## "
                                     f"{HISTORY_HEADING}')"))
    for note in notes:
        for correction in note.corrections:
            if correction.anchor not in anchors:
                problems.append((correction.line, f"the correction '{correction.heading}' "
                                                  f"points to #{correction.anchor}, which is "
                                                  "not a section of this protocol"))
    return problems


def corrections_between(body: str, newer_than: str | None, up_to: str,
                        key) -> list[Correction]:
    """Corrections made after version ``newer_than`` up to and including ``up_to``.

    ``key`` turns a version string into something comparable (files.version_key).
    """
    notes, _ = read_history(body)
    low = key(newer_than) if newer_than else None
    high = key(up_to)
    out: list[Correction] = []
    seen: set[str] = set()
    for note in sorted(notes, key=lambda n: key(n.version), reverse=True):
        here = key(note.version)
        if here > high or (low is not None and here <= low):
            continue
        for correction in note.corrections:
            if correction.anchor not in seen:
                seen.add(correction.anchor)
                out.append(correction)
    return out
