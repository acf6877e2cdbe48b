"""``commonground selftest``: prove this installation works for this account, here.

IT runs it after installing (the frozen build runs it too), as the user who will work on
the computer. It exits 0 only if every check passed. Beyond "does it start", it proves the
account can work: it writes and rolls back a transaction in the real database, creates
and removes a file in each shared folder this computer's role uses, and says which rights
are missing in words IT can act on. It takes the data folder's writer lock for its checks
and says who holds it if it cannot.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import sys
import tempfile
import traceback
from functools import partial
from pathlib import Path
from typing import Callable

from . import __version__, paths, writer

# The shared folders each role writes to or takes files from (files it rejects are moved
# into a rejected/ folder beside them, so it must be able to create files in both kinds).
WRITES = {"frontline": ("upward",), "advisor": ("downward", "committee"),
          "committee": ("protocols",)}


class _Rollback(Exception):
    pass


class _Checks:
    def __init__(self, root: Path):
        self.root = root
        self.failed = 0

    def run(self, name: str, check: Callable[[], str]) -> object:
        try:
            detail = check()
        except Exception as exc:  # a selftest reports every failure, whatever its kind
            self.failed += 1
            message = paths.cannot_write_message(exc, self.root) if isinstance(
                exc, (PermissionError, sqlite3.OperationalError)) else None
            print(f"FAIL  {name}: {message or exc}")
            if os.environ.get("COMMONGROUND_DEBUG"):
                traceback.print_exc()
            return None
        print(f"ok    {name}: {detail}")
        return detail


def _policy_check(policy) -> str:
    found = [*policy.untrusted, *(f"{p.where}: {p}" if p.where else str(p)
                                  for p in policy.problems)]
    if found:
        raise RuntimeError(" | ".join(found))
    return (f"{policy.describe_sources()} (role {policy.role or 'not set'}, site "
            f"{policy.site or 'not set'})")


def _folder_check(name: str, folder: Path, writes: bool) -> Callable[[], str]:
    """A folder this computer writes to: a file must be created and removed. A folder it
    only reads: it must be listed; without the right to create files it still works, but a
    bad file is left where it is instead of being moved into rejected/ (said, not failed)."""
    def check() -> str:
        if not folder.is_dir():
            raise RuntimeError(f"{folder} does not exist or cannot be reached from this "
                               f"computer as {paths.account_name()}. Ask IT to check the "
                               "share and the site policy (docs/deploying.md, \"The shared "
                               "folders\").")
        try:
            next(folder.iterdir(), None)
        except OSError as exc:
            raise RuntimeError(f"this account ({paths.account_name()}) cannot read {folder} "
                               f"({exc.strerror or exc}). Ask IT to give it Read rights on "
                               "that folder (docs/deploying.md, \"The shared folders\").") \
                from exc
        probe = folder / f".commonground-selftest-{socket.gethostname()}-{os.getpid()}.tmp"
        try:
            with open(probe, "xb") as handle:
                handle.write(b"selftest\n")
                handle.flush()
                os.fsync(handle.fileno())
            probe.unlink()
        except OSError as exc:
            if not writes:
                return (f"{folder}: readable; this account cannot create files there "
                        f"({exc.strerror or exc}), so a bad file will be left where it is "
                        "rather than moved to rejected/")
            raise RuntimeError(
                f"this account ({paths.account_name()}) cannot create and remove files in "
                f"{folder} ({exc.strerror or exc}), and this computer sends through it. Ask "
                "IT to give it Modify rights on that folder (docs/deploying.md, \"The shared "
                "folders\").") from exc
        return f"{folder}: a file was created and removed"
    return check


def _sync_folders(policy, role: str) -> dict[str, Path]:
    from .core.sync import engine

    used = set(engine.READS.get(role, {})) | set(WRITES.get(role, ()))
    return {name: Path(os.path.expandvars(value)) for name, value in policy.folders.items()
            if name in used}


def _protocols(state: dict) -> str:
    context = state["context"]
    errors = [p for p in context.library.problems if p.severity == "error"]
    found = context.library.protocols()
    if not found:
        raise RuntimeError(f"no protocols loaded from {paths.bundled_protocols_dir()}")
    if errors:
        raise RuntimeError(f"{len(errors)} protocol file(s) skipped: {errors[0]}")
    return f"{len(found)} loaded from {paths.bundled_protocols_dir()}"


def _search(state: dict) -> str:
    result = state["context"].library.search("section 136 place of safety", limit=3)
    if not result.hits:
        raise RuntimeError("a search for 'section 136 place of safety' found nothing")
    top = result.hits[0]
    return f"'section 136 place of safety' -> {top.protocol_id} › {top.section}"


def _render(state: dict) -> str:
    from .core.pdf.protocol_pdf import protocol_pdf
    from .core.protocols.render import standalone_html
    context = state["context"]
    protocol = context.library.protocols()[0]
    with tempfile.TemporaryDirectory(prefix="commonground-selftest-") as folder:
        html_path = Path(folder) / f"{protocol.id}.html"
        html_path.write_text(standalone_html(protocol, context.library.contacts),
                             encoding="utf-8")
        pdf_path = Path(folder) / f"{protocol.id}.pdf"
        protocol_pdf(protocol, context.library.contacts, pdf_path)
        data = pdf_path.read_bytes()
        if not data.startswith(b"%PDF") or len(data) < 2000:
            raise RuntimeError("the PDF written is not a valid PDF")
        from .core.pdf.common import check_scripts
        return (f"{protocol.id}: HTML {html_path.stat().st_size:,} bytes, "
                f"PDF {len(data):,} bytes; names: {check_scripts()}")


def _aids(policy) -> str:
    """The worked example of the Act's clock across the March change: proves the time zone
    data is present (Windows has none of its own) and the aids give the law's answer on
    this computer; and the site's Right Care, Right Person questions can be read."""
    from .core.aids import police_need
    from .core.aids.s136_clock import S136ClockInput, work_out
    from .core.aids.uktime import parse_uk_time
    end = work_out(S136ClockInput(parse_uk_time("2026-03-28 22:10", "arrived")))
    shown = end.deadlines[0].words
    if not shown.startswith("23:10 BST on Sunday 29 March 2026"):
        raise RuntimeError(f"the section 136 clock gave {shown!r}, not 23:10 BST on "
                           "29 March 2026: the UK time zone data is wrong or missing")
    site_file = policy.setting("police_need_file") if policy is not None else None
    questions, problem = police_need.questions_for(site_file)
    if problem:
        raise RuntimeError(problem)
    return (f"s136 clock 22:10 GMT 28 Mar 2026 -> {shown}; police-need questions: "
            f"{len(questions.questions)} from {questions.origin}")


def _window(state: dict) -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from .app import build_window_for_selftest
    return build_window_for_selftest(state["context"])


def _enrolment(state: dict) -> str:
    """What IT collects from each ward PC to enrol it with the advisor hub."""
    from .core.install import install_id
    from .core.sync import keys

    context = state["context"]
    signing = keys.install_signing_key(context.paths.keys)
    return (f"install {install_id(context.db)}, signing key fingerprint "
            f"{keys.fingerprint(keys.raw_public(signing.public_key()))} (for \"enrolled\" in "
            "the advisor hub's site policy)")


def _role(state: dict, policy) -> str:
    from .core import roles

    found = roles.current_role(state["context"].db) if state.get("context") else None
    return found or policy.role or "frontline"


def run_selftest(data_dir: Path, *, gui: bool = True, policy=None) -> bool:
    print(f"Common Ground {__version__} selftest (Python {sys.version.split()[0]}, "
          f"SQLite {sqlite3.sqlite_version}) as {paths.account_name()}")
    checks = _Checks(data_dir)
    state: dict = {}
    if policy is not None and policy.sources:
        checks.run("site policy", lambda: _policy_check(policy))
        for problem in policy.ignored:
            print(f"note  site policy: {problem}")

    def data_folder():
        state["paths"] = paths.prepare_data_dir(data_dir)
        return f"{state['paths'].root}: this account can create, change and remove files"

    def lock():
        held = writer.WriterLock(data_dir, "the command `selftest`")
        if not held.try_acquire():
            found = writer.read_holder(data_dir)
            raise RuntimeError(f"{found.describe() if found else 'another Common Ground'} "
                               "is using this data folder, so the database was not checked. "
                               "Close it and run selftest again.")
        state["lock"] = held
        return "no other Common Ground is using this data folder"

    def database():
        from .context import AppContext
        state["context"] = context = AppContext.open(data_dir, policy=policy)
        db = context.db
        journal = db.query_one("PRAGMA journal_mode")[0]
        synchronous = db.query_one("PRAGMA synchronous")[0]
        foreign = db.query_one("PRAGMA foreign_keys")[0]
        if journal.lower() != "wal" or synchronous != 2 or foreign != 1:
            raise RuntimeError(f"unsafe settings: journal_mode={journal}, "
                               f"synchronous={synchronous}, foreign_keys={foreign}")
        problems = db.integrity_check()
        if problems:
            raise RuntimeError("integrity check failed: " + "; ".join(problems[:3]))
        try:
            with db.transaction() as conn:   # a real write, then undone
                conn.execute("INSERT INTO settings(key, value) VALUES ('selftest', ?) "
                             "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                             (__version__,))
                raise _Rollback
        except _Rollback:
            pass
        return (f"{context.paths.database.name} schema {db.user_version()}, WAL, "
                "synchronous=FULL, foreign keys on, integrity ok, a write made and rolled "
                "back")

    steps = [("data folder", data_folder, None), ("writer lock", lock, "paths"),
             ("database", database, "lock"), ("protocols", partial(_protocols, state), "context"),
             ("search", partial(_search, state), "context"),
             ("render HTML and PDF", partial(_render, state), "context"),
             ("decision aids", partial(_aids, policy), "context"),
             ("this computer's key", partial(_enrolment, state), "context")]
    if gui:
        steps.append(("main window (offscreen)", partial(_window, state), "context"))
    try:
        for name, check, needs in steps:
            if needs is None or state.get(needs):
                checks.run(name, check)
        if policy is not None:
            role = _role(state, policy)
            for name, folder in sorted(_sync_folders(policy, role).items()):
                checks.run(f"sync folder {name}",
                           _folder_check(name, folder, name in WRITES.get(role, ())))
    finally:
        if state.get("context"):
            state["context"].close()
        if state.get("lock"):
            state["lock"].release()
    if checks.failed:
        print(f"selftest FAILED: {checks.failed} check(s) failed")
        return False
    print("selftest passed")
    return True
