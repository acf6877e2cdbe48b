"""A protocol body cut into sections at its headings, and its text made plain for search.

Leaf of the protocols package: it imports nothing else of it, so every other module may.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .localcontacts import LocalContacts

HEADING = re.compile(r"^(#{1,3})[ \t]+(.+?)[ \t]*#*[ \t]*$")
FENCE = re.compile(r"^\s*(```|~~~)")
_PLACEHOLDER = re.compile(r"\{\{\s*local:([a-z0-9_]+)\s*\}\}")


@dataclass(frozen=True)
class Section:
    ordinal: int
    level: int
    heading: str
    anchor: str
    body_md: str


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "section"


def split_sections(body: str, title: str = "") -> list[Section]:
    """Cut the Markdown body at its headings; text before the first heading is 'Overview'."""
    sections: list[Section] = []
    used: set[str] = set()
    heading, level, buffer = None, 2, []
    in_fence = False

    def flush():
        text = "\n".join(buffer).strip("\n")
        if heading is None and not text.strip():
            return
        name = heading if heading is not None else "Overview"
        anchor = base = slugify(name)
        counter = 2
        while anchor in used:
            anchor, counter = f"{base}-{counter}", counter + 1
        used.add(anchor)
        sections.append(Section(len(sections), level, name, anchor, text))

    for line in body.splitlines():
        if FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else HEADING.match(line)
        if match:
            if len(match.group(1)) == 1 and match.group(2).strip() == title.strip():
                continue  # a '# Title' line repeating the front-matter title
            flush()
            heading, level, buffer = match.group(2).strip(), len(match.group(1)), []
        else:
            buffer.append(line)
    flush()
    return sections


def fill_placeholders(markdown_text: str, contacts: LocalContacts, *, plain: bool = False) -> str:
    def replace(match: re.Match) -> str:
        return contacts.render(match.group(1), plain=plain)
    return _PLACEHOLDER.sub(replace, markdown_text)


def plain_text(markdown_text: str, contacts: LocalContacts) -> str:
    text = fill_placeholders(markdown_text, contacts, plain=True)
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^[ \t]*[-*+][ \t]+", "• ", text, flags=re.M)
    text = re.sub(r"[*`]+|(?<!\w)_+|_+(?!\w)", "", text)
    text = re.sub(r"[#>|]+", " ", text)
    text = re.sub(r"^\s*[-:| ]{3,}\s*$", " ", text, flags=re.M)
    return re.sub(r"[ \t]+", " ", text).strip()


