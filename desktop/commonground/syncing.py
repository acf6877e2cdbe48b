"""Sync for this install: the setup from its policy, role and keys; used by GUI and CLI."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from pathlib import Path
from typing import Callable

from .context import AppContext
from .core import roles
from .core.errors import UserError
from .core.install import install_id
from .core.storage.db import Database
from .core.sync import bundle as bundles
from .core.sync import engine, failures, incoming, keys, outgoing, state
from .paths import DataPaths
from .policy import Policy

log = logging.getLogger(__name__)


def effective_role(context: AppContext) -> str:
    """The site policy's role if IT set one (it wins, as in the window), else the role
    chosen on this computer, else frontline. A hub set up by IT and run only headless
    never had the window write its role to the database."""
    return context.policy.role or roles.current_role(context.db) or "frontline"


def make_setup(context: AppContext, *, advisor_private=None,
               now: dt.datetime | None = None) -> engine.SyncSetup:
    role = effective_role(context)
    return setup_from_policy(context.db, context.paths, context.policy, role,
                             advisor_private=advisor_private, now=now)


class SyncRefused(UserError):
    """Sync must not run (a machine policy that users could change); the message says why
    and how IT fixes it."""


def setup_from_policy(db: Database, paths: DataPaths, policy: Policy, role: str, *,
                      advisor_private=None, now: dt.datetime | None = None) -> engine.SyncSetup:
    """Folders and keys from the site policy; the policy's keys become trusted keys.
    Refused (SyncRefused) while the machine policy is not trusted."""
    refusal = policy.sync_refusal()
    if refusal:
        raise SyncRefused(refusal)
    signing = keys.install_signing_key(paths.keys)
    name = " · ".join(p for p in (socket.gethostname(), policy.site or "") if p)
    sender = outgoing.Sender(bundles.Source(install_id(db), name, signing), site=policy.site
                             or "", known_places=frozenset(
                                 [s.name for s in policy.sites]
                                 + [w for s in policy.sites for w in s.wards]))
    policy_keys = policy.keys or {}
    for purpose, key_name in (("advisor", "advisor_signing"),
                              ("committee", "committee_signing")):
        text = policy_keys.get(key_name)
        if isinstance(text, str) and text:
            try:
                keys.load_signing_public(text)
                state.trust(db, text, purpose, "policy", name=f"{purpose} (site policy)",
                            now=now)
            except keys.KeyError_:
                log.warning("site policy key %s is not a signing key", key_name)
    text = policy_keys.get("advisor_encryption")
    if isinstance(text, str) and text:
        try:
            sender.advisor_key = keys.load_encryption_public(text)
        except keys.KeyError_:
            sender.advisor_key_problem = ("the advisor's encryption key in the site policy is "
                                          "not valid")
    else:
        sender.advisor_key_problem = "the site policy has no advisor encryption key"
    folders = {key: Path(os.path.expandvars(value)) for key, value in
               (policy.folders or {}).items()
               if key in engine.FOLDER_NAMES and isinstance(value, str) and value}
    retention = set(policy.retention.get("keep_after_receipt", "").split(",")) - {""} \
        if isinstance(policy.retention.get("keep_after_receipt"), str) else None
    from .core.sync.packs import import_pack
    return engine.SyncSetup(role, folders, sender, install_id(db), advisor_private,
                     retention or set(incoming.DEFAULT_RETENTION), pack_importer=import_pack,
                     enrolled=tuple(policy.enrolled))


def unlock_advisor_key(context: AppContext, passphrase: str):
    """The advisor's private key, decrypted for this session only."""
    return keys.unlock_role_key(context.paths.keys, "advisor", passphrase)


# The window's own passes and a `commonground sync` handed to it run one after the other.
_ONE_PASS = threading.Lock()


def run(context: AppContext, *, advisor_private=None,
        progress: Callable[[int, int], None] | None = None) -> engine.SyncResult:
    """One pass; raises engine.SyncStopped (one sentence) if this computer's own storage
    fails, before or during it. The window's own passes and a `commonground sync` handed to
    it run one after the other."""
    with _ONE_PASS:
        try:
            setup = make_setup(context, advisor_private=advisor_private)
        except Exception as exc:
            message = failures.storage_problem(exc, local=True)   # keys and database only
            if message is None:
                raise
            raise failures.SyncStopped(message) from exc
        return engine.sync_once(context.db, setup, progress=progress)
