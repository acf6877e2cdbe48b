"""Search stays cheap as the library grows and while a phrase is typed; no timing asserted.

Counted in SQL statements (SQLite's trace), which do not depend on the machine.
"""

import re

from commonground import paths
from commonground.core.protocols.library import Library
from commonground.core.protocols.search import GroupCache, parse_query
from commonground.core.storage.db import Database


def statements(db: Database, action) -> list[str]:
    """The statements ``action`` sends through this thread's connection (FTS5's own
    internal statements, traced with a leading '--', left out)."""
    seen: list[str] = []
    with db.use() as conn:
        pass
    conn.set_trace_callback(lambda sql: None if sql.startswith("--") else seen.append(sql))
    try:
        action()
    finally:
        conn.set_trace_callback(None)
    return seen


def copied_library(tmp_path, copies: int) -> Library:
    folder = tmp_path / f"protocols-{copies}"
    folder.mkdir()
    for path in paths.bundled_protocols_dir().glob("*.md"):
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---"):
            continue  # FORMAT.md
        for number in range(copies):
            new_id = f"{path.stem}-{number}"
            (folder / f"{new_id}.md").write_text(
                re.sub(r"^id: .*$", f"id: {new_id}", text, count=1, flags=re.M),
                encoding="utf-8")
    return Library.open(Database.in_memory(), [folder], paths.resources_dir())


def test_a_search_sends_the_same_statements_for_one_copy_or_five(tmp_path):
    counts = []
    for copies in (1, 5):
        library = copied_library(tmp_path, copies)
        for query in ("restraint", "appropriate adult interview"):
            library.search_cache = GroupCache()
            counts.append((query, len(statements(library.db, lambda: library.search(query)))))
    assert counts[:2] == counts[2:]
    assert dict(counts[:2])["restraint"] <= 5     # one word: no query per column


def test_typing_the_next_word_does_not_search_the_earlier_words_again(bundled_library):
    library = bundled_library
    typed = "restraint injury pol"
    cold = statements(library.db, lambda: library.search(typed))
    library.search_cache = GroupCache()
    library.search("restraint injury po")             # the keystroke before
    warm = statements(library.db, lambda: library.search(typed))
    assert len(parse_query(typed, library.thesaurus).groups) == 3
    assert len(warm) == len(cold) - 6                 # two earlier words × three questions


def test_the_cache_forgets_when_another_connection_writes(tmp_path):
    db = Database.open(tmp_path / "commonground.sqlite3")
    library = Library.open(db, [paths.bundled_protocols_dir()], paths.resources_dir())
    cache = GroupCache()
    reader = db.reader()
    expr = parse_query("custody", library.thesaurus).groups[0].fts()
    first = cache.matching(reader, "heading body", expr)
    asked = statements_on(reader, lambda: cache.matching(reader, "heading body", expr))
    assert not [sql for sql in asked if "MATCH" in sql]          # answered from the cache
    db.set_setting("anything", "changed")                        # another connection commits
    asked = statements_on(reader, lambda: cache.matching(reader, "heading body", expr))
    assert [sql for sql in asked if "MATCH" in sql]              # asked again
    assert cache.matching(reader, "heading body", expr) == first
    reader.close()
    db.close()


def test_the_cache_forgets_when_its_own_connection_writes(bundled_library):
    conn = bundled_library.db.conn                               # in memory: one connection
    cache = GroupCache()
    expr = parse_query("custody", bundled_library.thesaurus).groups[0].fts()
    cache.matching(conn, "heading body", expr)
    bundled_library.db.set_setting("anything", "changed")
    asked = statements_on(conn, lambda: cache.matching(conn, "heading body", expr))
    assert [sql for sql in asked if "MATCH" in sql]


def statements_on(conn, action) -> list[str]:
    seen: list[str] = []
    conn.set_trace_callback(lambda sql: None if sql.startswith("--") else seen.append(sql))
    try:
        action()
    finally:
        conn.set_trace_callback(None)
    return seen
