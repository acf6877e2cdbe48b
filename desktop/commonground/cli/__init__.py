"""Headless commands. Each is a thin face on the same core functions the GUI uses.

``commonground`` with no command opens the window; with a command it runs headless and
never imports Qt (selftest excepted, which checks that the window can be built). Each area
has its module, which adds its commands with ``add_parsers`` and names each command's
function with ``set_defaults(func=...)``.
"""

from __future__ import annotations

import argparse
import logging
import sqlite3
import sys

from .. import __version__, paths
from ..core.errors import UserError
from ..logsetup import safe_traceback
from . import (
    aids,
    cases,
    committee,
    contacts,
    handoff,
    members,
    protocols,
    records,
    sync,
    system,
    training,
)
from .common import EXIT_FAIL, EXIT_USAGE, serving, utf8_output

AREAS = (protocols, records, cases, sync, committee, contacts, members, training, aids,
         system)
# Commands that do not go through the writer lock: selftest takes it itself, to say who
# holds it instead of waiting.
OWN_LOCK = {"selftest"}
log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="commonground",
        description="Common Ground: joint police and mental health protocols, incident "
                    "reports and prosecution follow-up. With no command, opens the window.",
    )
    parser.add_argument("--data-dir", metavar="DIR",
                        help=f"data folder (default: ${paths.DATA_DIR_ENV} or "
                             f"{paths.default_data_dir()})")
    parser.add_argument("--policy", metavar="FILE",
                        help="site policy file (default: $COMMONGROUND_POLICY, then the "
                             "machine-wide policy.json)")
    parser.add_argument("--wait", type=float, default=handoff.DEFAULT_WAIT, metavar="SECONDS",
                        help="while another command uses the data folder, wait this long "
                             f"for it (default {handoff.DEFAULT_WAIT}); then exit with "
                             f"{handoff.EXIT_BUSY}, having done nothing")
    parser.add_argument("--version", action="version", version=f"Common Ground {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for area in AREAS:
        area.add_parsers(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    utf8_output()
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["write-policy"]:  # the Windows installer's hidden step
        from ..install_policy import main as write_policy
        return write_policy(argv[1:])
    args = build_parser().parse_args(argv)
    if args.command is None:
        from ..app import run_gui
        return run_gui(args.data_dir, args.policy, command_runner=serve_request)
    try:
        if args.command in OWN_LOCK or getattr(args.func, "opens_nothing", False):
            return args.func(args)
        return handoff.run_as_writer(args, argv, lambda: args.func(args))
    except handoff.Busy as exc:
        print(f"commonground: {exc}", file=sys.stderr)
        return handoff.EXIT_BUSY
    except UserError as exc:  # a message for the person; anything else is a bug
        print(f"commonground: {exc}", file=sys.stderr)
        return EXIT_FAIL
    except (PermissionError, sqlite3.OperationalError) as exc:
        message = paths.cannot_write_message(exc, handoff.data_folder(args))
        if message is None:
            raise
        print(f"commonground: {message}", file=sys.stderr)
        return EXIT_FAIL


def serve_request(request: dict, context, reply) -> int:
    """In the window: run a command a client handed over, with the window's data, printing
    to the client. Returns its exit code."""
    argv = request.get("argv")
    if not isinstance(argv, list) or not all(isinstance(part, str) for part in argv):
        return EXIT_USAGE
    with handoff.routed(lambda text: reply.send(out=text), lambda text: reply.send(err=text)):
        if request.get("version") != __version__:
            print(f"commonground: the open window is Common Ground {__version__} and this "
                  f"command is {request.get('version')}; close the window (or restart the "
                  "computer after an upgrade) and run it again.", file=sys.stderr)
            return handoff.EXIT_BUSY
        try:
            args = build_parser().parse_args(argv)
        except SystemExit as stop:  # argparse printed the usage or --help
            return stop.code if isinstance(stop.code, int) else EXIT_USAGE
        if args.command is None or args.command in OWN_LOCK:
            print(f"commonground: {args.command or 'the window'} cannot run inside the open "
                  "window; close it first.", file=sys.stderr)
            return EXIT_USAGE
        handoff.absolute_paths(args, str(request.get("cwd") or "."))
        env = request.get("env") if isinstance(request.get("env"), dict) else {}
        with serving(context, env, reply.ask):
            try:
                return args.func(args)
            except UserError as exc:
                print(f"commonground: {exc}", file=sys.stderr)
                return EXIT_FAIL
            except Exception:  # a bug: the window's log keeps it, the client is told
                # The command's name only: its arguments can hold what people typed.
                log.error("command %s, run for a client, failed:\n%s", args.command,
                          safe_traceback(sys.exc_info()[1]))
                print(f"commonground: the command failed unexpectedly in the open window; "
                      f"the details are in {context.paths.logs / 'commonground.log'}.",
                      file=sys.stderr)
                return EXIT_FAIL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
