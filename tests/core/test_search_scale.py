"""Search stays cheap as the library grows and while a phrase is typed; no timing asserted.

Counted in SQL statements (SQLite's trace), which do not depend on the machine.
"""

import re

from commonground import paths
from commonground.core.protocols.library import Library
from commonground.core.protocols.query import parse_query
from commonground.core.protocols.search import search
from commonground.core.protocols.searchcache import SearchCache
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
            library.search_cache = SearchCache()
            counts.append((query, len(statements(library.db, lambda: library.search(query)))))
    assert counts[:2] == counts[2:]


def test_typing_the_next_word_does_not_search_the_earlier_words_again(bundled_library):
    library = bundled_library
    typed = "restraint injury pol"
    cold = statements(library.db, lambda: library.search(typed))
    library.search_cache = SearchCache()
    library.search("restraint injury po")             # the keystroke before
    warm = statements(library.db, lambda: library.search(typed))
    assert len(parse_query(typed, library.thesaurus).groups) == 3
    counted = [sql for sql in warm if "count(*)" in sql]
    assert len(counted) == 1                          # only the last word is counted again
    assert len(warm) < len(cold)


def test_the_cache_forgets_when_the_index_changes(tmp_path, protocol_dir):
    db = Database.open(tmp_path / "commonground.sqlite3")
    library = Library.open(db, [protocol_dir], paths.resources_dir())
    reader = db.reader()
    cache = SearchCache()
    first = search(reader, "zebracrossing", library.thesaurus, cache=cache)
    assert first.hits == ()
    again = statements_on(reader, lambda: search(reader, "custody", library.thesaurus,
                                                 cache=cache))
    assert not [sql for sql in again if "search_words" in sql]   # vocabulary kept
    path = protocol_dir / "appropriate-adult.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "- The **ward** gives the HCP", "- Zebracrossing. The **ward** gives the HCP", 1),
        encoding="utf-8")
    library.reload()                                   # another connection writes the index
    found = search(reader, "zebracrossing", library.thesaurus, cache=cache)
    assert [h.anchor for h in found.hits] == ["fitness-to-be-interviewed"]
    reader.close()
    db.close()


def statements_on(conn, action) -> list[str]:
    seen: list[str] = []
    conn.set_trace_callback(lambda sql: None if sql.startswith("--") else seen.append(sql))
    try:
        action()
    finally:
        conn.set_trace_callback(None)
    return seen
