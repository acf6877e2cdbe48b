"""Headless commands. Each is a thin face on the same core functions the GUI uses.

``commonground`` with no command opens the window; with a command it runs headless and
never imports Qt (selftest excepted, which checks that the window can be built).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__, paths

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="commonground",
        description="Common Ground: joint police and mental health protocols, incident "
                    "reports and prosecution follow-up. With no command, opens the window.",
    )
    parser.add_argument("--data-dir", metavar="DIR",
                        help=f"data folder (default: ${paths.DATA_DIR_ENV} or "
                             f"{paths.default_data_dir()})")
    parser.add_argument("--version", action="version", version=f"Common Ground {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    search = commands.add_parser("search", help="search the protocols")
    search.add_argument("query", nargs="+", help="what to look for, in your own words")
    search.add_argument("--limit", type=int, default=10, metavar="N",
                        help="at most N results (default 10)")
    search.add_argument("--json", action="store_true", help="print a JSON array, best first")

    protocols = commands.add_parser("protocols", help="the protocol library")
    protocol_commands = protocols.add_subparsers(dest="protocols_command", metavar="ACTION")
    listing = protocol_commands.add_parser("list", help="list the protocols")
    listing.add_argument("--json", action="store_true", help="print JSON")

    selftest = commands.add_parser("selftest", help="check this installation works")
    selftest.add_argument("--no-gui", action="store_true",
                          help="skip building the window offscreen")
    return parser


def main(argv: list[str] | None = None) -> int:
    _utf8_output()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from .app import run_gui
        return run_gui(paths.resolve_data_dir(args.data_dir))
    handlers = {"search": cmd_search, "protocols": cmd_protocols, "selftest": cmd_selftest}
    if args.command == "protocols" and not args.protocols_command:
        parser.parse_args(["protocols", "--help"])
    try:
        return handlers[args.command](args)
    except UserFacingError as exc:
        print(f"commonground: {exc}", file=sys.stderr)
        return EXIT_FAIL


class UserFacingError(Exception):
    pass


def _utf8_output() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8", errors="replace")
        except (AttributeError, ValueError):
            pass


def _open(args):
    from .context import AppContext
    from .core.db import DatabaseError

    try:
        return AppContext.open(paths.resolve_data_dir(args.data_dir))
    except (paths.DataFolderError, DatabaseError) as exc:
        raise UserFacingError(str(exc)) from exc


def _report_problems(context) -> None:
    for problem in context.library.problems:
        print(f"warning: {problem}", file=sys.stderr)


def cmd_search(args) -> int:
    if args.limit < 1:
        raise UserFacingError("--limit must be 1 or more")
    context = _open(args)
    _report_problems(context)
    result = context.library.search(" ".join(args.query), limit=args.limit)
    if args.json:
        print(json.dumps([hit.as_json() for hit in result.hits], indent=2, ensure_ascii=False))
        return EXIT_OK
    if not result.hits:
        print("No matches. Try fewer or different words (for example 'AA', '136', "
              "'under 18', 'crime reference').")
        return EXIT_OK
    for number, hit in enumerate(result.hits, start=1):
        print(f"{number}. {hit.title} › {hit.section}   [{hit.protocol_id}#{hit.anchor}]")
        print(f"   {hit.snippet_marked()}")
    return EXIT_OK


def cmd_protocols(args) -> int:
    context = _open(args)
    _report_problems(context)
    rows = [{
        "id": p.id, "title": p.title, "version": p.version,
        "effective": p.effective.isoformat(), "review_due": p.review_due.isoformat(),
        "law_as_at": p.law_as_at.isoformat(), "review_overdue": p.review_overdue(),
    } for p in context.library.protocols()]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return EXIT_OK
    for row in rows:
        overdue = "  REVIEW OVERDUE" if row["review_overdue"] else ""
        print(f"{row['id']:<36} v{row['version']:<6} effective {row['effective']}  "
              f"review due {row['review_due']}{overdue}\n    {row['title']}")
    return EXIT_OK


def cmd_selftest(args) -> int:
    from .selftest import run_selftest

    return EXIT_OK if run_selftest(paths.resolve_data_dir(args.data_dir),
                                   gui=not args.no_gui) else EXIT_FAIL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
