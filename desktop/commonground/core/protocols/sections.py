"""A protocol body cut into sections at its headings, and its text made plain for search.

Leaf of the protocols package: it imports nothing else of it, so every other module may.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .localcontacts import LocalContacts

HEADING = re.compile(r"^(#{1,3})[ \t]+(.+?)[ \t]*#*[ \t]*$")
# "asked: phrase; phrase" lines directly under a heading: the questions the section answers,
# in staff words. Searched, never shown, and not part of the protocol's substance.
ASKED = re.compile(r"^asked:[ \t]*(.*?)[ \t]*$")
FENCE = re.compile(r"^\s*(```|~~~)")
_PLACEHOLDER = re.compile(r"\{\{\s*local:([a-z0-9_]+)\s*\}\}")


@dataclass(frozen=True)
class Section:
    ordinal: int
    level: int
    heading: str
    anchor: str
    body_md: str
    asked: tuple[str, ...] = ()


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "section"


def split_sections(body: str, title: str = "") -> list[Section]:
    """Cut the Markdown body at its headings; text before the first heading is 'Overview'."""
    sections: list[Section] = []
    used: set[str] = set()
    heading, level, buffer, asked = None, 2, [], []
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
        sections.append(Section(len(sections), level, name, anchor, text, tuple(asked)))

    for line in body.splitlines():
        if FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else HEADING.match(line)
        if match:
            if len(match.group(1)) == 1 and match.group(2).strip() == title.strip():
                continue  # a '# Title' line repeating the front-matter title
            flush()
            heading, level, buffer, asked = match.group(2).strip(), len(match.group(1)), [], []
        elif not in_fence and heading is not None and not "".join(buffer).strip() \
                and ASKED.match(line):
            asked.extend(split_asked(ASKED.match(line).group(1)))
        else:
            buffer.append(line)
    flush()
    return sections


def split_asked(value: str) -> list[str]:
    return [" ".join(part.split()) for part in value.split(";") if part.strip()]


def misplaced_asked(body: str) -> list[int]:
    """Line numbers (from 1) of 'asked:' lines that are not directly under a heading."""
    lines, heading_seen, text_seen, in_fence = [], False, False, False
    for number, line in enumerate(body.splitlines(), start=1):
        if FENCE.match(line):
            in_fence = not in_fence
        if in_fence:
            text_seen = True
            continue
        if HEADING.match(line):
            heading_seen, text_seen = True, False
        elif ASKED.match(line):
            if not heading_seen or text_seen:
                lines.append(number)
        elif line.strip():
            text_seen = True
    return lines


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


