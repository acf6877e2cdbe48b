"""Opening Common Ground's data: the folder, the database, the protocol library, the policy.

The GUI and the CLI both start here, so both see the same data the same way.
"""

from __future__ import annotations

import getpass
import logging
from dataclasses import dataclass, field
from pathlib import Path

from . import logsetup, paths
from .core.protocols.library import Library
from .core.storage.db import Database
from .policy import Policy

log = logging.getLogger(__name__)


def current_login() -> str:
    """The operating-system account; on shared ward PCs it says little about who is typing."""
    try:
        return getpass.getuser() or "unknown"
    except Exception:  # getpass raises various errors when no login is known
        return "unknown"


@dataclass
class AppContext:
    paths: paths.DataPaths
    db: Database
    library: Library
    policy: Policy = field(default_factory=Policy)
    login: str = field(default_factory=current_login)

    @classmethod
    def open(cls, data_dir: Path, *, protocol_dirs: list[Path] | None = None,
             policy: Policy | None = None) -> "AppContext":
        policy = policy or Policy()
        data_paths = paths.prepare_data_dir(data_dir)
        logsetup.configure(data_paths.logs)
        log.info("opening data folder %s", data_paths.root)
        for notice in policy.notices():
            log.warning("site policy: %s", notice)
        db = Database.open(data_paths.database, backup_dir=data_paths.backups)
        folders = protocol_dirs if protocol_dirs is not None else [paths.bundled_protocols_dir()]
        library = Library.open(db, folders, paths.resources_dir(),
                               contact_values=policy.contacts)
        retention = policy.setting("cctv_retention_days")
        if retention and db.get_setting("cctv_retention_days_policy") != str(retention):
            db.set_setting("cctv_retention_days_policy", str(retention))
        return cls(data_paths, db, library, policy)

    def close(self) -> None:
        self.db.close()
