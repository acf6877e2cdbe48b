"""What every headless command shares: opening the data, messages, exit codes, passphrases.

A command raises ``UserFacingError`` with a sentence for the person at the terminal; the
entry point prints it and exits 1. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

from .. import paths
from ..core.errors import UserError

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
PASSPHRASE_ENV = "COMMONGROUND_PASSPHRASE"


class UserFacingError(UserError):
    """A command's own message for the terminal."""


def utf8_output() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8", errors="replace")
        except (AttributeError, ValueError):
            pass


# A command the window runs for a client (cli.handoff) sees the window's open data, the
# client's passphrase variable, and asks the client's terminal its questions.
_serving = threading.local()


@contextmanager
def serving(context, env: dict, ask):
    _serving.context, _serving.env, _serving.ask = context, env, ask
    try:
        yield
    finally:
        _serving.context = _serving.env = _serving.ask = None


def load_and_report_policy(args):
    """The policy, once per command, with its warnings on stderr."""
    if getattr(args, "loaded_policy", None) is None:
        from ..policy import load_policy

        args.loaded_policy = load_policy(args.policy)
        report_policy(args.loaded_policy)
    return args.loaded_policy


def open_context(args):
    """The data folder, database, protocols and policy, as the window opens them (in the
    window, its own)."""
    if getattr(_serving, "context", None) is not None:
        return _serving.context
    from ..context import AppContext
    from ..core.storage.db import DatabaseError

    policy = load_and_report_policy(args)
    try:
        return AppContext.open(paths.resolve_data_dir(args.data_dir,
                                                      policy_value=policy.data_dir),
                               policy=policy)
    except (paths.DataFolderError, DatabaseError) as exc:
        raise UserFacingError(str(exc)) from exc


def committee_only(context, refused: str):
    """The context, if this is the committee's computer; else ``refused`` (what is kept
    there) for the terminal."""
    from ..core import roles

    if roles.current_role(context.db) != "committee":
        raise UserFacingError(refused)
    return context


def committee_context(args, refused: str):
    """The data opened (``open_context``), on the committee's computer only."""
    return committee_only(open_context(args), refused)


def day(text: str | None, option: str, blank: dt.date | None = None) -> dt.date | None:
    """The date typed for ``option``, as YYYY-MM-DD or DD/MM/YYYY; ``blank`` when none was
    given."""
    if not text:
        return blank
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            pass
    raise UserFacingError(f"{option} {text!r} is not a date: use YYYY-MM-DD or DD/MM/YYYY")


def report_policy(policy) -> None:
    """What IT must know about the policy: an untrusted machine file, problems, and the
    user values a machine policy overrides."""
    for line in policy.untrusted:
        print(f"warning: {line}", file=sys.stderr)
    for problem in policy.problems:
        print(f"warning: site policy {problem.where}: {problem}", file=sys.stderr)
    for problem in policy.ignored:
        print(f"warning: site policy: {problem}", file=sys.stderr)


def report_library_problems(context) -> None:
    for problem in context.library.problems:
        print(f"warning: {problem}", file=sys.stderr)


def output_file(value: str) -> Path:
    """Where to write a file the user named: its folder must exist."""
    target = Path(value)
    if target.parent and not target.parent.exists():
        raise UserFacingError(f"the folder {target.parent} does not exist")
    return target


def write_failed(target: Path, exc: OSError) -> UserFacingError:
    return UserFacingError(f"the PDF could not be written to {target}: {exc.strerror or exc}")


def passphrase(prompt: str, confirm: bool = False) -> str:
    """From $COMMONGROUND_PASSPHRASE (for scheduled tasks), or asked at the terminal."""
    environ = getattr(_serving, "env", None)
    environ = os.environ if environ is None else environ
    if environ.get(PASSPHRASE_ENV):
        return environ[PASSPHRASE_ENV]
    ask = getattr(_serving, "ask", None)
    if ask is not None:  # in the window: the command's terminal answers, if it has one
        first = ask(prompt)
        if first is None:
            raise UserFacingError(f"a passphrase is needed: set {PASSPHRASE_ENV} or run this "
                                  "in a terminal")
        if confirm and ask("Type it again: ") != first:
            raise UserFacingError("the two passphrases were not the same; nothing was made")
        return first
    if not sys.stdin or not sys.stdin.isatty():
        raise UserFacingError(f"a passphrase is needed: set {PASSPHRASE_ENV} or run this in "
                              "a terminal")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Type it again: ") != first:
        raise UserFacingError("the two passphrases were not the same; nothing was made")
    return first


def subcommands(parser, dest: str):
    """A command with actions (``reports list``); on its own it prints its help."""
    actions = parser.add_subparsers(dest=dest, metavar="ACTION")

    def show_help(_args) -> int:
        return _help(parser)
    show_help.opens_nothing = True     # no data folder, so no writer lock
    parser.set_defaults(func=show_help)
    return actions


def _help(parser) -> int:
    parser.print_help()
    return EXIT_OK
