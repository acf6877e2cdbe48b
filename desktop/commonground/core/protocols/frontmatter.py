"""A strict, small front-matter reader for protocol files.

The format is documented in ``protocols_md/FORMAT.md``: a block between two ``---``
lines of ``key: value`` pairs. It is deliberately not YAML: fewer surprises for the
people who edit protocols, and every error can name its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import UserError

_KEY_LINE = re.compile(r"^([a-z][a-z0-9_]*)[ \t]*:(?:[ \t]+(.*?))?[ \t]*$")


class FrontMatterError(UserError, ValueError):
    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Field:
    value: str
    line: int


@dataclass(frozen=True)
class Document:
    fields: dict[str, Field]
    body: str
    body_first_line: int


def parse(text: str) -> Document:
    """Split ``text`` into front-matter fields and the Markdown body.

    Raises FrontMatterError with the 1-based line number of the first problem.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise FrontMatterError(1, "the file must start with a line '---' that opens the "
                                  "front matter (id, title, version, ...)")
    fields: dict[str, Field] = {}
    for index in range(1, len(lines)):
        number = index + 1
        raw = lines[index]
        stripped = raw.strip()
        if stripped == "---":
            body = "\n".join(lines[index + 1:])
            return Document(fields, body, number + 1)
        if not stripped or stripped.startswith("#"):
            continue
        match = _KEY_LINE.match(raw.rstrip())
        if not match:
            shown = stripped if len(stripped) <= 60 else stripped[:57] + "..."
            raise FrontMatterError(number, f"expected 'key: value' but found '{shown}'")
        key, value = match.group(1), (match.group(2) or "")
        if key in fields:
            raise FrontMatterError(number, f"'{key}' is given twice (first on line "
                                           f"{fields[key].line})")
        fields[key] = Field(value.strip(), number)
    raise FrontMatterError(1, "the front matter opened on line 1 is never closed with a "
                              "line '---'")


def split_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(";") if item.strip()]
