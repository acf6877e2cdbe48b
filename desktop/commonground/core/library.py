"""The protocol library as the app sees it: load, index, search, read.

Both faces (GUI and CLI) go through :class:`Library`; neither touches the index directly.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import protocols as _protocols
from .db import Database
from .localcontacts import LocalContacts
from .search import SearchResult, Thesaurus, search

log = logging.getLogger(__name__)


@dataclass
class Library:
    db: Database
    thesaurus: Thesaurus
    contacts: LocalContacts
    problems: list[_protocols.LoadProblem] = field(default_factory=list)
    reindexed: list[str] = field(default_factory=list)

    @classmethod
    def open(cls, db: Database, protocol_dirs: list[Path], resources: Path,
             contact_values: dict[str, str] | None = None) -> "Library":
        started = time.perf_counter()
        thesaurus = Thesaurus.load(resources)
        contacts = LocalContacts.load(resources / "local_contacts.json", contact_values)
        found: dict[str, _protocols.Protocol] = {}
        problems: list[_protocols.LoadProblem] = []
        for folder in protocol_dirs:
            loaded, trouble = _protocols.load_directory(folder, known_contacts=contacts.labels)
            problems.extend(trouble)
            for protocol in loaded:
                current = found.get(protocol.id)
                if current is None or (_protocols.version_key(protocol.version)
                                       > _protocols.version_key(current.version)):
                    found[protocol.id] = protocol
        fingerprint = _protocols.index_fingerprint(thesaurus.fingerprint, contacts)
        reindexed = _protocols.sync_index(db, list(found.values()), contacts, fingerprint)
        log.info("library opened: %d protocols, %d problems, %.0f ms", len(found),
                 len(problems), (time.perf_counter() - started) * 1000)
        return cls(db, thesaurus, contacts, problems, reindexed)

    def protocols(self) -> list[_protocols.Protocol]:
        return _protocols.list_protocols(self.db)

    def get(self, protocol_id: str) -> _protocols.Protocol | None:
        return _protocols.get_protocol(self.db, protocol_id)

    def search(self, text: str, limit: int = 20) -> SearchResult:
        with self.db.use() as conn:
            return search(conn, text, self.thesaurus, limit)
