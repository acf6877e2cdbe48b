"""Search per keystroke: every prefix of a few phrases staff type, as the search box sends them.

Ours: ``Library.search`` (query parsing with the thesaurus, FTS5 MATCH, our ranking and
snippets) through the app's reader connection, on the bundled protocols and on 100 copies of
them (generated: each copy its own id and title). Floor: the same FTS5 MATCH expression on a
bare FTS5 table holding the same rows, ``ORDER BY rank LIMIT`` the same number.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from .harness import Figure, Settings, at_most, timed

PHRASES = ("section 136 place of safety", "appropriate adult under 18",
           "patient spat at nurse", "crime reference number", "police won't attend",
           "missing patient awol", "restraint injury to staff", "mental health act assessment")
LIMIT = 30  # the Protocols screen's RESULT_LIMIT
COPIES = 100


def keystrokes() -> list[str]:
    return [phrase[:end] for phrase in PHRASES for end in range(1, len(phrase) + 1)]


def copy_corpus(source: Path, target: Path, copies: int) -> int:
    """``copies`` of every protocol in ``source``, each with its own id and title."""
    from commonground.core.protocols.files import is_protocol_file

    target.mkdir(parents=True, exist_ok=True)
    made = 0
    for path in sorted(source.iterdir()):
        if not path.is_file() or not is_protocol_file(path):
            continue
        text = path.read_text(encoding="utf-8")
        for number in range(1, copies + 1):
            new_id = f"{path.stem}-copy-{number:03d}"
            copy = re.sub(r"^id: .*$", f"id: {new_id}", text, count=1, flags=re.M)
            copy = re.sub(r"^title: (.*)$", rf"title: \1 (site {number})", copy, count=1,
                          flags=re.M)
            (target / f"{new_id}.md").write_text(copy, encoding="utf-8")
            made += 1
    return made


def open_library(folder: Path, protocols: Path):
    from commonground import paths
    from commonground.core.protocols.library import Library
    from commonground.core.storage.db import Database

    folder.mkdir(parents=True, exist_ok=True)
    db = Database.open(folder / "commonground.sqlite3")
    return Library.open(db, [protocols], paths.resources_dir())


def bare_copy(library, path: Path) -> sqlite3.Connection:
    """A bare FTS5 table with the same rows (same tokenizer, so MATCH means the same)."""
    path.unlink(missing_ok=True)
    bare = sqlite3.connect(str(path))
    bare.execute("CREATE VIRTUAL TABLE bare USING fts5(heading, asked, body, "
                 "tokenize = 'unicode61 remove_diacritics 2')")
    with library.db.use() as conn:
        rows = conn.execute("SELECT rowid, heading, asked, body FROM sections_fts").fetchall()
    bare.executemany("INSERT INTO bare(rowid, heading, asked, body) VALUES (?,?,?,?)",
                     [tuple(r) for r in rows])
    bare.commit()
    return bare


def measure(library, bare: sqlite3.Connection, repeat: int) -> tuple[list, list]:
    """Each round types every phrase once, keystroke by keystroke, as a user would (so a
    cache sees what it would see then), alternating ours and the floor."""
    from commonground.core.protocols.query import parse_query

    with library.db.use() as conn:
        vocabulary = library.search_cache.state(conn).vocabulary(conn)
    expressions = {}
    for text in keystrokes():
        parsed = parse_query(text, library.thesaurus, vocabulary)
        expressions[text] = None if parsed.empty else parsed.fts()
    work: list[float] = []
    floor: list[float] = []
    for round_number in range(repeat):
        for text in keystrokes():
            def ours(text=text):
                library.search(text, limit=LIMIT)

            def bare_match(expression=expressions[text]):
                if expression:
                    bare.execute("SELECT rowid FROM bare WHERE bare MATCH ? ORDER BY rank "
                                 f"LIMIT {LIMIT}", (expression,)).fetchall()
            pair = [(ours, work), (bare_match, floor)]
            for fn, samples in (pair if round_number % 2 == 0 else pair[::-1]):
                samples.append(timed(fn))
    return work, floor


def run(settings: Settings) -> list[Figure]:
    from commonground import paths

    figures = []
    corpora = (("bundled protocols", paths.bundled_protocols_dir(), 10.0),
               (f"{COPIES} × the bundled protocols", None, 30.0))
    for label, protocols, limit in corpora:
        folder = settings.scratch / ("search-1x" if protocols else f"search-{COPIES}x")
        if protocols is None:
            protocols = folder / "protocols"
            if not protocols.exists():
                copy_corpus(paths.bundled_protocols_dir(), protocols, COPIES)
        library = open_library(folder, protocols)
        with library.db.use() as conn:
            sections = conn.execute("SELECT count(*) FROM protocol_sections").fetchone()[0]
        bare = bare_copy(library, folder / "bare.sqlite3")
        settings.log(f"search: {label} ({sections:,} sections), "
                     f"{len(keystrokes())} keystrokes × {settings.repeat} …")
        work, floor = measure(library, bare, settings.repeat)
        bare.close()
        library.db.close()
        figures.append(Figure(f"search per keystroke, {label}", work, floor=floor,
                              target=at_most(limit, "p95"), tail="p95",
                              note=f"{sections:,} sections; {len(keystrokes())} keystrokes "
                                   f"(every prefix of {len(PHRASES)} phrases) × "
                                   f"{settings.repeat}"))
    return figures
