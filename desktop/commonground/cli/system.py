"""``selftest``: is this installation able to work (IT's check after deploying)."""

from __future__ import annotations

from .. import paths
from .common import EXIT_FAIL, EXIT_OK


def add_parsers(commands) -> None:
    selftest = commands.add_parser("selftest", help="check this installation works")
    selftest.add_argument("--no-gui", action="store_true",
                          help="skip building the window offscreen")
    selftest.set_defaults(func=cmd_selftest)


def cmd_selftest(args) -> int:
    from ..policy import load_policy
    from ..selftest import run_selftest

    policy = load_policy(args.policy)
    data_dir = paths.resolve_data_dir(args.data_dir, policy_value=policy.data_dir)
    return EXIT_OK if run_selftest(data_dir, gui=not args.no_gui, policy=policy) \
        else EXIT_FAIL
