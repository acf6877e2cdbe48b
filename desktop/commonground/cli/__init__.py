"""Headless commands. Each is a thin face on the same core functions the GUI uses.

``commonground`` with no command opens the window; with a command it runs headless and
never imports Qt (selftest excepted, which checks that the window can be built). Each area
has its module, which adds its commands with ``add_parsers`` and names each command's
function with ``set_defaults(func=...)``.
"""

from __future__ import annotations

import argparse
import sys

from .. import __version__, paths
from ..core.errors import UserError
from . import aids, cases, committee, protocols, records, sync, system
from .common import EXIT_FAIL, utf8_output

AREAS = (protocols, records, cases, sync, committee, aids, system)


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
        return run_gui(args.data_dir, args.policy)
    try:
        return args.func(args)
    except UserError as exc:  # a message for the person; anything else is a bug
        print(f"commonground: {exc}", file=sys.stderr)
        return EXIT_FAIL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
