"""Opening Common Ground's data: the folder, the database, the protocol library.

The GUI and the CLI both start here, so both see the same data the same way.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from . import logsetup, paths
from .core.db import Database
from .core.library import Library

log = logging.getLogger(__name__)


@dataclass
class AppContext:
    paths: paths.DataPaths
    db: Database
    library: Library

    @classmethod
    def open(cls, data_dir: Path, *, protocol_dirs: list[Path] | None = None) -> "AppContext":
        data_paths = paths.prepare_data_dir(data_dir)
        logsetup.configure(data_paths.logs)
        log.info("opening data folder %s", data_paths.root)
        db = Database.open(data_paths.database, backup_dir=data_paths.backups)
        folders = protocol_dirs if protocol_dirs is not None else [paths.bundled_protocols_dir()]
        library = Library.open(db, folders, paths.resources_dir())
        return cls(data_paths, db, library)

    def close(self) -> None:
        self.db.close()
