"""Sync for this install: the setup from its policy, role and keys; used by GUI and CLI."""

from __future__ import annotations

import datetime as dt
from typing import Callable

from .context import AppContext
from .core import roles
from .core.sync import engine, keys


def make_setup(context: AppContext, *, advisor_private=None,
               now: dt.datetime | None = None) -> engine.SyncSetup:
    role = roles.current_role(context.db) or context.policy.role or "frontline"
    return engine.setup_from_policy(context.db, context.paths, context.policy, role,
                                    advisor_private=advisor_private, now=now)


def unlock_advisor_key(context: AppContext, passphrase: str):
    """The advisor's private key, decrypted for this session only."""
    return keys.unlock_role_key(context.paths.keys, "advisor", passphrase)


def run(context: AppContext, *, advisor_private=None,
        progress: Callable[[int, int], None] | None = None) -> engine.SyncResult:
    return engine.sync_once(context.db, make_setup(context, advisor_private=advisor_private),
                            progress=progress)
