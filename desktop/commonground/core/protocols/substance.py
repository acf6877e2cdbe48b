"""What a protocol tells staff to do, apart from where it says it comes from.

Two texts have the same substance when they differ only in citation marks, in their
References, in their version history, in the "asked as" phrases that help search find a
section (never shown to a reader), or in spacing. A new version that changes nothing else
asks nobody to confirm reading it again.
"""

from __future__ import annotations

from .changelog import HISTORY_HEADING
from .citations import strip_citations
from .sections import split_sections

SOURCE_ONLY = ("references", HISTORY_HEADING.casefold())


def substance(body: str) -> str:
    """The body's headings and text, without citations, sources, version history or
    "asked as" phrases (``split_sections`` keeps those apart from the text)."""
    kept, skipping = [], False
    for section in split_sections(body):
        if section.level <= 2:
            skipping = section.heading.casefold() in SOURCE_ONLY
        if not skipping:
            kept.append(section.heading)
            kept.append(strip_citations(section.body_md))
    return " ".join(" ".join(kept).split())


def same_substance(body_a: str, body_b: str) -> bool:
    return substance(body_a) == substance(body_b)


def is_source_section(heading: str) -> bool:
    return heading.casefold() in SOURCE_ONLY
