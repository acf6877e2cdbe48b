"""The protocol library as the app sees it: load, index, search, read.

Both faces (GUI and CLI) go through :class:`Library`; neither touches the index directly.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..storage.db import Database
from . import files as _protocols
from . import index as _index
from .analysis import stem
from .directory_store import by_placeholder, shown_routes
from .localcontacts import LocalContacts
from .memory import Asked
from .memory import load as load_memory
from .search import SearchResult, search
from .searchcache import SearchCache
from .thesaurus import Thesaurus
from .versions import installed_pack_protocols, keep_replaced_texts

log = logging.getLogger(__name__)


@dataclass
class Library:
    db: Database
    thesaurus: Thesaurus
    contacts: LocalContacts
    problems: list[_protocols.LoadProblem] = field(default_factory=list)
    reindexed: list[str] = field(default_factory=list)
    protocol_dirs: list[Path] = field(default_factory=list)
    search_cache: SearchCache = field(default_factory=SearchCache, repr=False)
    memory: tuple[Asked, ...] = field(default=(), repr=False)    # questions asked before

    @classmethod
    def open(cls, db: Database, protocol_dirs: list[Path], resources: Path,
             contact_values: dict[str, str] | None = None) -> "Library":
        thesaurus = Thesaurus.load(resources)
        contacts = LocalContacts.load(resources / "local_contacts.json", contact_values)
        library = cls(db, thesaurus, contacts, protocol_dirs=list(protocol_dirs),
                      memory=load_memory(resources))
        library.reload()
        return library

    def reload(self) -> list[str]:
        """Read the protocol folders and the installed packs again; reindex what changed.

        Call it after a sync installed a protocol pack. Safe from a worker thread (it writes
        through the database's one writer); returns the ids that were reindexed.
        """
        started = time.perf_counter()
        self.contacts.use_directory(by_placeholder(shown_routes(self.db)[0]))
        found: dict[str, _protocols.Protocol] = {}
        problems: list[_protocols.LoadProblem] = []
        for folder in self.protocol_dirs:
            loaded, trouble = _protocols.load_directory(folder,
                                                        known_contacts=self.contacts.labels)
            problems.extend(trouble)
            for protocol in loaded:
                _keep_newest(found, protocol, ties_win=False)
        from_packs, trouble = installed_pack_protocols(self.db, self.contacts.labels)
        problems.extend(trouble)
        for protocol in from_packs:
            _keep_newest(found, protocol, ties_win=True)  # the committee's adopted text
        keep_replaced_texts(self.db, found.values())   # what staff saw before, kept
        fingerprint = _index.index_fingerprint(self.thesaurus.fingerprint, self.contacts)
        self.reindexed = _index.sync_index(self.db, list(found.values()), self.contacts,
                                               fingerprint)
        self.problems = problems
        log.info("library opened: %d protocols (%d from packs), %d problems, %.0f ms",
                 len(found), sum(1 for p in found.values() if p.source == "pack"),
                 len(problems), (time.perf_counter() - started) * 1000)
        return self.reindexed

    def protocols(self) -> list[_protocols.Protocol]:
        return _protocols.list_protocols(self.db)

    def get(self, protocol_id: str) -> _protocols.Protocol | None:
        return _protocols.get_protocol(self.db, protocol_id)

    def warm_up(self) -> None:
        """Do the slow first-use work of search (importing the stemmer, reading the English
        word list) now, off the UI thread, so no keystroke waits for it."""
        stem("searching")
        self.thesaurus.english.words  # noqa: B018  (read for its side effect)

    def search(self, text: str, limit: int = 20) -> SearchResult:
        with self.db.use() as conn:
            return search(conn, text, self.thesaurus, limit, self.search_cache, self.memory)


def _keep_newest(found: dict[str, _protocols.Protocol], protocol: _protocols.Protocol, *,
                 ties_win: bool) -> None:
    current = found.get(protocol.id)
    if current is None:
        found[protocol.id] = protocol
        return
    new, old = _protocols.version_key(protocol.version), _protocols.version_key(current.version)
    if new > old or (ties_win and new == old):
        found[protocol.id] = protocol
