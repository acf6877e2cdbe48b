"""Protocol versions on this computer: what packs installed, what they replaced, what changed.

Plain core, no cryptography: the library reads the installed pack protocols from here each
time it opens, and the reader asks what changed. Checking and installing a signed pack is
``core/sync/packs.py``.

Which text is current: for each protocol id, the highest version among the bundled files
and the installed pack wins; on equal versions the pack wins, because the committee's
adopted text is the local one.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, NamedTuple

from ..storage.db import Database
from ..timeutil import iso, now_local
from . import frontmatter
from .acknowledgements import Acknowledgement, confirmation
from .changelog import HISTORY_HEADING, Correction, corrections_between
from .citations import strip_citations
from .files import (
    LoadProblem,
    Protocol,
    Section,
    get_protocol,
    parse_protocol,
    split_sections,
    version_key,
)
from .substance import is_source_section, same_substance


class SectionChange(NamedTuple):
    heading: str          # "Who does what › Police" for a subsection
    change: str           # "added", "removed", "changed", or "cited" (citations only)
    anchor: str | None    # where it is in the current version; None once removed


@dataclass(frozen=True)
class ChangeSummary:
    """What a reader needs before confirming a new version, most important first."""
    version: str
    previous: str
    corrections: list[Correction]     # corrections to the law, from the version history
    changes: list[SectionChange]      # other changes of substance
    cited: list[SectionChange]        # sections whose citations alone changed
    same_substance: bool              # True: nothing but sources changed


@dataclass(frozen=True)
class Current:
    """The text of one protocol that staff see now, and where it came from."""
    version: str
    text: str
    sha256: str
    source: str           # "bundled" or "protocol pack 2026.1"
    from_pack: bool


def pack_label(pack_version: str) -> str:
    return f"protocol pack {pack_version}"


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ------------------------------------------------------------- installed packs
def installed_pack_version(db_or_conn) -> str | None:
    """The newest pack version installed on this computer, or None."""
    rows = _rows(db_or_conn, "SELECT DISTINCT pack_version FROM protocol_packs")
    versions = [row["pack_version"] for row in rows]
    return max(versions, key=version_key) if versions else None


def installed_pack_protocols(db: Database, known_contacts: Iterable[str] = ()) -> \
        tuple[list[Protocol], list[LoadProblem]]:
    """The protocols packs installed, parsed like files (checked again: belt and braces)."""
    found, problems = [], []
    for row in db.query("SELECT id, text, sha256, pack_version FROM pack_protocols "
                        "ORDER BY id"):
        where = f"{pack_label(row['pack_version'])} ({row['id']})"
        protocol, trouble = parse_protocol(row["text"], where, row["sha256"], source="pack",
                                           known_contacts=known_contacts)
        problems.extend(trouble)
        if protocol is not None and protocol.id == row["id"]:
            found.append(protocol)
    return found, problems


def current_texts(conn: sqlite3.Connection) -> dict[str, Current]:
    """Per protocol id, the text that is current: the library's, or a newer installed pack's."""
    found: dict[str, Current] = {}
    for row in conn.execute("SELECT * FROM protocols").fetchall():
        found[row["id"]] = _indexed_text(row)
    for row in conn.execute("SELECT * FROM pack_protocols").fetchall():
        here = found.get(row["id"])
        if here is None or version_key(row["version"]) >= version_key(here.version):
            found[row["id"]] = Current(row["version"], row["text"], row["sha256"],
                                       pack_label(row["pack_version"]), True)
    return found


def _indexed_text(row: sqlite3.Row) -> Current:
    source = row["source"]
    if source == "pack":
        pack = row["source_path"] or "protocol pack"
        return Current(row["version"], _rebuilt(row), row["content_hash"],
                       pack.split(" (")[0], True)
    if row["source_path"]:
        try:
            data = Path(row["source_path"]).read_bytes()
            if hashlib.sha256(data).hexdigest() == row["content_hash"]:
                return Current(row["version"], data.decode("utf-8"), row["content_hash"],
                               source, False)
        except (OSError, UnicodeDecodeError):
            pass  # the file moved or changed since it was indexed: rebuild from the index
    return Current(row["version"], _rebuilt(row), row["content_hash"], source, False)


def _rebuilt(row: sqlite3.Row) -> str:
    """A protocol file written back from its indexed fields (same body, same facts)."""
    lines = ["---"]
    for key in ("id", "title", "version", "effective", "review_due", "law_as_at"):
        lines.append(f"{key}: {row[key]}")
    lines.append(f"superseded_by: {row['superseded_by'] or ''}".rstrip())
    for key in ("owners", "audience", "synonyms"):
        lines.append(f"{key}: {'; '.join(json.loads(row[key]))}".rstrip())
    lines.append(f"summary: {row['summary']}")
    for key, value in json.loads(row["extra"]).items():
        lines.append(f"{key}: {value}".rstrip())
    return "\n".join(lines) + "\n---\n" + row["body"]


def keep_previous(conn: sqlite3.Connection, protocol_id: str, previous: Current,
                  when: str) -> None:
    """Remember the text a pack is about to replace (the last text seen at that version)."""
    conn.execute("INSERT INTO protocol_history(protocol_id, version, text, source, "
                 "replaced_at) VALUES (?,?,?,?,?) ON CONFLICT(protocol_id, version) DO UPDATE "
                 "SET text = excluded.text, source = excluded.source, "
                 "replaced_at = excluded.replaced_at",
                 (protocol_id, previous.version, previous.text, previous.source, when))


def keep_replaced_texts(db: Database, protocols: Iterable[Protocol]) -> list[str]:
    """Before the library re-indexes, remember each text a newer version is replacing.

    A pack import keeps the text it replaces itself; this catches the rest (a new release
    of the app bringing new bundled versions), so "what changed" and the reading record
    can compare with the text staff saw before. Returns the ids whose old text was kept.
    """
    stored = {row["id"]: row for row in db.query("SELECT * FROM protocols")}
    kept_already = {(row["protocol_id"], row["version"]) for row in
                    db.query("SELECT protocol_id, version FROM protocol_history")}
    replaced = [(p, stored[p.id]) for p in protocols
                if p.id in stored and stored[p.id]["content_hash"] != p.content_hash
                and version_key(p.version) > version_key(stored[p.id]["version"])
                and (p.id, stored[p.id]["version"]) not in kept_already]
    if not replaced:
        return []
    when = iso(now_local())
    with db.transaction() as conn:
        for protocol, row in replaced:
            keep_previous(conn, protocol.id, _indexed_text(row), when)
    return [protocol.id for protocol, _row in replaced]


# ---------------------------------------------------------------- what changed
def previous_version(db: Database, protocol_id: str) -> str | None:
    """The version staff saw before the current one, if this computer kept its text."""
    found = _previous(db, protocol_id)
    return found[0] if found else None


def what_changed(db: Database, protocol_id: str) -> list[SectionChange]:
    """The sections added, removed or changed between the previous version and the current.

    Subsections are named with their section ("Who does what › Police"); the list follows
    the current text, with each removed section where it used to be.
    """
    current = get_protocol(db, protocol_id)
    found = _previous(db, protocol_id, current)
    if current is None or found is None:
        return []
    _version, old_body = found
    return compare_sections(split_sections(old_body, current.title), current.sections())


def change_summary(db: Database, protocol_id: str) -> ChangeSummary | None:
    """Corrections first, then other changes, then citation-only changes; None when this
    computer has no earlier text to compare with."""
    current = get_protocol(db, protocol_id)
    found = _previous(db, protocol_id, current)
    if current is None or found is None:
        return None
    previous, old_body = found
    older = previous if version_key(previous) < version_key(current.version) else None
    corrections = corrections_between(current.body, older, current.version, version_key)
    corrected = {c.anchor for c in corrections}
    every = compare_sections(split_sections(old_body, current.title), current.sections())
    changes = [c for c in every if c.change != "cited" and c.anchor not in corrected]
    cited = [c for c in every if c.change == "cited"]
    return ChangeSummary(current.version, previous, corrections, changes, cited,
                         same_substance(old_body, current.body))


def texts_by_version(db: Database, protocol_id: str) -> dict[str, str]:
    """Every text of this protocol kept on this computer, by version (the latest seen)."""
    rows = db.query("SELECT version, text, replaced_at AS at FROM protocol_history WHERE "
                    "protocol_id = ? UNION ALL SELECT version, text, installed_at AS at FROM "
                    "pack_protocols WHERE id = ? ORDER BY at", (protocol_id, protocol_id))
    found = {row["version"]: _body(row["text"]) for row in rows}
    current = get_protocol(db, protocol_id)
    if current is not None:
        found[current.version] = current.body
    return found


def equivalent_versions(db: Database, protocol_id: str, version: str) -> set[str]:
    """The versions, this one included, that differ from it only in their sources."""
    texts = texts_by_version(db, protocol_id)
    if version not in texts:
        return {version}
    return {v for v, body in texts.items() if same_substance(body, texts[version])}


def standing_confirmation(db: Database, protocol: Protocol,
                          name: str) -> tuple[Acknowledgement, bool] | None:
    """This person's confirmation that still stands for the current version, if any.

    Their confirmation of this version; or else of an earlier version that differs from
    this one only in its sources (then the second value is True: carried over).
    """
    mine = confirmation(db, protocol.id, protocol.version, name)
    if mine is not None:
        return mine, False
    for version in sorted(equivalent_versions(db, protocol.id, protocol.version) -
                          {protocol.version}, key=version_key, reverse=True):
        earlier = confirmation(db, protocol.id, version, name)
        if earlier is not None:
            return earlier, True
    return None


def _previous(db: Database, protocol_id: str,
              current: Protocol | None = None) -> tuple[str, str] | None:
    current = current or get_protocol(db, protocol_id)
    if current is None:
        return None
    rows = db.query("SELECT version, text, replaced_at AS at FROM protocol_history WHERE "
                    "protocol_id = ? UNION ALL SELECT version, text, installed_at AS at "
                    "FROM pack_protocols WHERE id = ?", (protocol_id, protocol_id))
    here, body_now = version_key(current.version), _words(current.body)
    best = None
    for row in rows:
        key, body = version_key(row["version"]), _body(row["text"])
        if key > here or (key == here and _words(body) == body_now):
            continue  # a newer text not yet in the library, or the current text itself
        if best is None or (key, row["at"]) > best[0]:
            best = ((key, row["at"]), row["version"], body)
    return (best[1], best[2]) if best else None


def _body(text: str) -> str:
    try:
        return frontmatter.parse(text).body
    except frontmatter.FrontMatterError:
        return text


def _words(text: str) -> str:
    return " ".join(text.split())


def _labelled(sections: list[Section]) -> list[tuple[str, str, Section]]:
    """(key, label, section): subsections carry their section's heading; repeats a counter."""
    out, parent, seen = [], "", {}
    for section in sections:
        if section.level <= 2:
            parent, label = section.heading, section.heading
        else:
            label = f"{parent} › {section.heading}" if parent else section.heading
        base = _words(label).casefold()
        seen[base] = seen.get(base, 0) + 1
        out.append((f"{base}#{seen[base]}", label, section))
    return out


def compare_sections(old: list[Section], new: list[Section]) -> list[SectionChange]:
    before, after = _labelled(old), _labelled(new)
    old_by_key = {key: section for key, _label, section in before}
    new_keys = {key for key, _label, _section in after}
    removed_after: dict[str | None, list[SectionChange]] = {}
    last_kept = None
    for key, label, _section in before:
        if key in new_keys:
            last_kept = key
        elif not _in_history(label):
            removed_after.setdefault(last_kept, []).append(SectionChange(label, "removed", None))
    changes = list(removed_after.get(None, []))
    for key, label, section in after:
        old_section = old_by_key.get(key)
        if _in_history(label):
            pass                # the history itself: its corrections are listed apart
        elif old_section is None:
            changes.append(SectionChange(label, "added", section.anchor))
        elif _words(old_section.body_md) != _words(section.body_md):
            only_sources = (is_source_section(label.split(" › ")[0]) or
                            _words(strip_citations(old_section.body_md))
                            == _words(strip_citations(section.body_md)))
            changes.append(SectionChange(label, "cited" if only_sources else "changed",
                                         section.anchor))
        changes.extend(removed_after.get(key, []))
    return changes


def _in_history(label: str) -> bool:
    return label.split(" › ")[0].casefold() == HISTORY_HEADING.casefold()


def _rows(db_or_conn, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
    if isinstance(db_or_conn, Database):
        return db_or_conn.query(sql, params)
    return db_or_conn.execute(sql, params).fetchall()
