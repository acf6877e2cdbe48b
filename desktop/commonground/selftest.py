"""``commonground selftest``: prove this installation works, and say what was checked.

IT runs it after installing (the frozen build runs it too); it exits 0 only if every
check passed.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Callable

from . import __version__, paths


class _Checks:
    def __init__(self):
        self.failed = 0

    def run(self, name: str, check: Callable[[], str]) -> object:
        try:
            detail = check()
        except Exception as exc:  # a selftest reports every failure, whatever its kind
            self.failed += 1
            print(f"FAIL  {name}: {exc}")
            if os.environ.get("COMMONGROUND_DEBUG"):
                traceback.print_exc()
            return None
        print(f"ok    {name}: {detail}")
        return detail


def _policy_check(policy) -> str:
    if policy.problems:
        raise RuntimeError(f"{policy.source}: " + "; ".join(str(p) for p in policy.problems))
    return f"{policy.source} (role {policy.role or 'not set'}, site {policy.site or 'not set'})"


def run_selftest(data_dir: Path, *, gui: bool = True, policy=None) -> bool:
    print(f"Common Ground {__version__} selftest (Python {sys.version.split()[0]}, "
          f"SQLite {sqlite3.sqlite_version})")
    checks = _Checks()
    state: dict = {}

    def data_folder():
        state["paths"] = paths.prepare_data_dir(data_dir)
        return str(state["paths"].root)

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
        return (f"{context.paths.database.name} schema {db.user_version()}, WAL, "
                "synchronous=FULL, foreign keys on, integrity ok")

    def protocols():
        context = state["context"]
        errors = [p for p in context.library.problems if p.severity == "error"]
        found = context.library.protocols()
        if not found:
            raise RuntimeError(f"no protocols loaded from {paths.bundled_protocols_dir()}")
        if errors:
            raise RuntimeError(f"{len(errors)} protocol file(s) skipped: {errors[0]}")
        return f"{len(found)} loaded from {paths.bundled_protocols_dir()}"

    def search():
        result = state["context"].library.search("section 136 place of safety", limit=3)
        if not result.hits:
            raise RuntimeError("a search for 'section 136 place of safety' found nothing")
        top = result.hits[0]
        return f"'section 136 place of safety' -> {top.protocol_id} › {top.section}"

    def render():
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
            return (f"{protocol.id}: HTML {html_path.stat().st_size:,} bytes, "
                    f"PDF {len(data):,} bytes")

    def aids():
        # The worked example from the Act's clock across the March change: proves the time
        # zone data is present (Windows has none of its own) and the aids give the law's
        # answer on this computer.
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

    def window():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from .app import build_window_for_selftest
        return build_window_for_selftest(state["context"])

    if policy is not None and policy.source is not None:
        checks.run("site policy", lambda: _policy_check(policy))
    checks.run("data folder", data_folder)
    if state.get("paths"):
        checks.run("database", database)
    if state.get("context"):
        checks.run("protocols", protocols)
        checks.run("search", search)
        checks.run("render HTML and PDF", render)
        checks.run("decision aids", aids)
        if gui:
            checks.run("main window (offscreen)", window)
        state["context"].close()
    if checks.failed:
        print(f"selftest FAILED: {checks.failed} check(s) failed")
        return False
    print("selftest passed")
    return True
