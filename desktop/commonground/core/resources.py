"""The files Common Ground ships beside its code: the bundled protocols and resources.

Every module may import this one; it imports nothing of the app. Where user data lives is
``paths`` (above core), which reuses these.
"""

from __future__ import annotations

import sys
from pathlib import Path


def install_root() -> Path:
    """The folder holding the bundled ``protocols_md`` and ``resources``."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    # desktop/commonground/core/resources.py -> repository root
    return Path(__file__).resolve().parents[3]


def bundled_protocols_dir() -> Path:
    return install_root() / "protocols_md"


def resources_dir() -> Path:
    return install_root() / "resources"
