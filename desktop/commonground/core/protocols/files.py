"""The protocol library: read protocol files, check them, index them for search.

A protocol file that cannot be used (unreadable, broken front matter, a duplicate id) is
skipped with a :class:`LoadProblem` naming the file, the line and what is wrong; the rest
load. The search index is kept by content hash, so editing a file is picked up at the
next start without anyone rebuilding anything.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..storage.db import Database
from . import frontmatter
from .changelog import check_history
from .citations import Checked, Sources, parse_checked, read_sources
from .sections import (  # noqa: F401 (where callers have always found them)
    _PLACEHOLDER,
    Section,
    fill_placeholders,
    misplaced_asked,
    plain_text,
    slugify,
    split_sections,
)

log = logging.getLogger(__name__)

MAX_PROTOCOL_BYTES = 1_000_000

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_VERSION = re.compile(r"^\d+(?:\.\d+){0,3}$")

REQUIRED = ("id", "title", "version", "effective", "review_due", "law_as_at",
            "owners", "audience", "summary")
OPTIONAL = ("superseded_by", "synonyms")


@dataclass(frozen=True)
class LoadProblem:
    path: str
    line: int
    message: str
    severity: str = "error"  # "error": file skipped; "warning": loaded anyway

    def __str__(self) -> str:
        where = f"{Path(self.path).name}, line {self.line}" if self.line else Path(self.path).name
        outcome = "" if self.severity == "warning" else " The file was not loaded."
        return f"{where}: {self.message}.{outcome}"


@dataclass(frozen=True)
class Protocol:
    id: str
    title: str
    version: str
    effective: dt.date
    review_due: dt.date
    law_as_at: dt.date
    owners: tuple[str, ...]
    audience: tuple[str, ...]
    summary: str
    body: str
    content_hash: str
    source: str = "bundled"
    source_path: str | None = None
    superseded_by: str | None = None
    synonyms: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)

    def review_overdue(self, today: dt.date | None = None) -> bool:
        return self.review_due < (today or dt.date.today())

    def sections(self) -> list[Section]:
        return split_sections(self.body, self.title)

    def checked(self) -> Checked | None:
        """What this text was checked against, when and by whom, if the file says."""
        try:
            return parse_checked(self.extra["checked"]) if self.extra.get("checked") else None
        except ValueError:
            return None

    def sources(self) -> Sources:
        """References and citations (line numbers count from the first line of the body)."""
        return read_sources(self.body)


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


# ------------------------------------------------------------------ parsing
def _parse_date(fields, key, path, problems) -> dt.date | None:
    item = fields[key]
    try:
        return dt.date.fromisoformat(item.value)
    except ValueError:
        problems.append(LoadProblem(path, item.line,
                                    f"'{key}' must be a date written YYYY-MM-DD, not "
                                    f"'{item.value}'"))
        return None


def parse_protocol(text: str, path: str, content_hash: str, *, source: str = "bundled",
                   known_contacts: Iterable[str] = ()) -> tuple[Protocol | None,
                                                                 list[LoadProblem]]:
    problems: list[LoadProblem] = []
    try:
        doc = frontmatter.parse(text)
    except frontmatter.FrontMatterError as exc:
        return None, [LoadProblem(path, exc.line, exc.message)]
    fields = doc.fields
    missing = [key for key in REQUIRED if key not in fields or not fields[key].value]
    if missing:
        names = ", ".join(f"'{key}'" for key in missing)
        line = max((f.line for f in fields.values()), default=1)
        return None, [LoadProblem(path, line, f"the front matter has no {names}")]
    if not _ID.match(fields["id"].value):
        problems.append(LoadProblem(path, fields["id"].line,
                                    f"'id' must be lower case letters, digits and hyphens, not "
                                    f"'{fields['id'].value}'"))
    if not _VERSION.match(fields["version"].value):
        problems.append(LoadProblem(path, fields["version"].line,
                                    f"'version' must be dotted numbers such as 1.0, not "
                                    f"'{fields['version'].value}'"))
    dates = {key: _parse_date(fields, key, path, problems)
             for key in ("effective", "review_due", "law_as_at")}
    superseded = fields.get("superseded_by")
    if superseded and superseded.value and not _ID.match(superseded.value):
        problems.append(LoadProblem(path, superseded.line,
                                    f"'superseded_by' must be a protocol id, not "
                                    f"'{superseded.value}'"))
    if not doc.body.strip():
        problems.append(LoadProblem(path, doc.body_first_line, "the protocol has no text "
                                                               "after its front matter"))
    for line in misplaced_asked(doc.body):
        problems.append(LoadProblem(path, doc.body_first_line + line - 1,
                                    "an 'asked:' line belongs directly under a heading, before "
                                    "the section's text"))
    if "checked" in fields and not problems:
        problems.extend(_source_problems(fields, doc, dates, path))
    if problems:
        return None, problems

    warnings = []
    known = set(known_contacts)
    for number, line in enumerate(doc.body.splitlines(), start=doc.body_first_line):
        for match in _PLACEHOLDER.finditer(line):
            if known and match.group(1) not in known:
                warnings.append(LoadProblem(path, number,
                                            f"unknown local contact '{match.group(1)}' (see "
                                            "resources/local_contacts.json)", "warning"))
    extra = {key: item.value for key, item in fields.items()
             if key not in REQUIRED and key not in OPTIONAL}
    protocol = Protocol(
        id=fields["id"].value,
        title=fields["title"].value,
        version=fields["version"].value,
        effective=dates["effective"],
        review_due=dates["review_due"],
        law_as_at=dates["law_as_at"],
        owners=tuple(frontmatter.split_list(fields["owners"].value)),
        audience=tuple(frontmatter.split_list(fields["audience"].value)),
        summary=fields["summary"].value,
        body=doc.body,
        content_hash=content_hash,
        source=source,
        source_path=path,
        superseded_by=(superseded.value or None) if superseded else None,
        synonyms=tuple(frontmatter.split_list(fields["synonyms"].value))
        if "synonyms" in fields else (),
        extra=extra,
    )
    return protocol, warnings


def _source_problems(fields, doc, dates, path) -> list[LoadProblem]:
    """A protocol that says what it was checked against must cite and date its sources."""
    item, law = fields["checked"], dates["law_as_at"]
    try:
        checked = parse_checked(item.value)
    except ValueError as exc:
        return [LoadProblem(path, item.line, str(exc))]
    today = dt.date.today()
    out = []
    if checked.date > today:
        out.append(LoadProblem(path, item.line, f"'checked' is dated {checked.date}, which is "
                                                "after today"))
    if law > checked.date:
        out.append(LoadProblem(path, fields["law_as_at"].line,
                               f"'law_as_at' ({law}) is later than the day the text was "
                               f"checked ({checked.date})"))
    sources = read_sources(doc.body, doc.body_first_line, today)
    out += [LoadProblem(path, line, message) for line, message in sources.problems]
    newest = sources.newest_consulted()
    if not sources.problems and newest is None:
        out.append(LoadProblem(path, item.line, "no consulted reference says when its text is "
                                                "dated ('dated: YYYY-MM-DD'), so 'law_as_at' "
                                                "cannot be checked against the sources"))
    elif not sources.problems and law > newest.dated:
        out.append(LoadProblem(path, fields["law_as_at"].line,
                               f"'law_as_at' ({law}) is later than the newest source consulted "
                               f"([{newest.key}], dated {newest.dated}): the law can only be "
                               "stated as at a date some source was read for"))
    anchors = {s.anchor for s in split_sections(doc.body, fields["title"].value)}
    out += [LoadProblem(path, line, message) for line, message in
            check_history(doc.body, doc.body_first_line, fields["version"].value, anchors,
                          fields["version"].line)]
    return sorted(out, key=lambda problem: problem.line)


def read_protocol_file(path: Path, *, source: str = "bundled",
                       known_contacts: Iterable[str] = ()) -> tuple[Protocol | None,
                                                                    list[LoadProblem]]:
    where = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_PROTOCOL_BYTES:
            return None, [LoadProblem(where, 0, f"the file is {size:,} bytes, larger than "
                                                f"the {MAX_PROTOCOL_BYTES:,} allowed")]
        data = path.read_bytes()
    except OSError as exc:
        return None, [LoadProblem(where, 0, f"the file cannot be read ({exc.strerror or exc})")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        return None, [LoadProblem(where, line, "the file is not UTF-8 text")]
    digest = hashlib.sha256(data).hexdigest()
    return parse_protocol(text, where, digest, source=source, known_contacts=known_contacts)


def is_protocol_file(path: Path) -> bool:
    return path.suffix == ".md" and not path.stem.isupper()


def load_directory(folder: Path, *, source: str = "bundled",
                   known_contacts: Iterable[str] = ()) -> tuple[list[Protocol],
                                                                list[LoadProblem]]:
    protocols: list[Protocol] = []
    problems: list[LoadProblem] = []
    try:
        paths = sorted(p for p in folder.iterdir() if p.is_file() and is_protocol_file(p))
    except OSError as exc:
        return [], [LoadProblem(str(folder), 0, f"the protocol folder cannot be read "
                                                f"({exc.strerror or exc})")]
    # A file named after its id wins a duplicate over a stray copy.
    paths.sort(key=lambda p: (0 if _declared_id_matches_name(p) else 1, p.name))
    seen: dict[str, Protocol] = {}
    for path in paths:
        protocol, found = read_protocol_file(path, source=source, known_contacts=known_contacts)
        problems.extend(found)
        if protocol is None:
            continue
        if protocol.id in seen:
            first = Path(seen[protocol.id].source_path or "").name
            problems.append(LoadProblem(str(path), 2, f"duplicate id '{protocol.id}': it is "
                                                      f"already used by {first}"))
            continue
        seen[protocol.id] = protocol
        protocols.append(protocol)
    protocols.sort(key=lambda p: p.title.lower())
    for problem in problems:
        log.warning("protocol %s", problem)
    return protocols, problems


def _declared_id_matches_name(path: Path) -> bool:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            for _ in range(40):
                line = handle.readline()
                if line.startswith("id:"):
                    return line[3:].strip() == path.stem
    except OSError:
        pass
    return False


def protocol_from_row(row: sqlite3.Row) -> Protocol:
    return Protocol(
        id=row["id"], title=row["title"], version=row["version"],
        effective=dt.date.fromisoformat(row["effective"]),
        review_due=dt.date.fromisoformat(row["review_due"]),
        law_as_at=dt.date.fromisoformat(row["law_as_at"]),
        owners=tuple(json.loads(row["owners"])), audience=tuple(json.loads(row["audience"])),
        summary=row["summary"], body=row["body"], content_hash=row["content_hash"],
        source=row["source"], source_path=row["source_path"],
        superseded_by=row["superseded_by"], synonyms=tuple(json.loads(row["synonyms"])),
        extra=json.loads(row["extra"]),
    )


def list_protocols(db: Database) -> list[Protocol]:
    rows = db.query("SELECT * FROM protocols ORDER BY title COLLATE NOCASE")
    return [protocol_from_row(row) for row in rows]


def get_protocol(db: Database, protocol_id: str) -> Protocol | None:
    row = db.query_one("SELECT * FROM protocols WHERE id = ?", (protocol_id,))
    return protocol_from_row(row) if row else None
