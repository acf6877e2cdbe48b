"""One writer per data folder, from the command's side.

Every command that opens the data folder takes the writer lock the window takes
(``writer``). If the window holds it, the command is handed to the window, which runs it
with its own open database and sends back what it prints; the command prints that and
exits with the window's exit code. If another command holds it, this one waits, saying
for whom, up to ``--wait`` seconds, then gives up with exit code 75 (EX_TEMPFAIL) having
done nothing.

The window's side is here too: ``routed`` sends what a command prints on one thread to
its client, while the window's own threads print where they always did.
"""

from __future__ import annotations

import getpass
import os
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

from .. import __version__, paths, writer
from .common import PASSPHRASE_ENV, UserFacingError, load_and_report_policy

EXIT_BUSY = 75          # EX_TEMPFAIL: try again later; nothing was done
DEFAULT_WAIT = 120
POLL_SECONDS = 0.2
# Arguments that name files or folders: made absolute before the window runs the command,
# whose working folder is not the command's (tests/test_writer.py lists them from the
# parser, so a new one cannot be missed).
PATH_ARGUMENTS = {"output", "source", "to", "path", "policy", "data_dir", "questions"}


class Busy(UserFacingError):
    """Another command kept the data folder for longer than --wait."""


def data_folder(args) -> Path:
    policy = load_and_report_policy(args)
    return paths.resolve_data_dir(args.data_dir, policy_value=policy.data_dir)


def run_as_writer(args, argv: list[str], run_here: Callable[[], int]) -> int:
    """Run the command here holding the lock, or in the window, or wait for the lock."""
    root = data_folder(args)
    try:
        paths.prepare_data_dir(root)
    except paths.DataFolderError as exc:
        raise UserFacingError(str(exc)) from exc
    lock = writer.WriterLock(root, f"the command `{args.command}`")
    deadline = time.monotonic() + max(0.0, args.wait)
    waiting_said = False
    while True:
        if lock.try_acquire():
            try:
                return run_here()
            finally:
                lock.release()
        code = hand_to_window(root, argv)
        if code is not None:
            return code
        holder = writer.read_holder(root)
        who = holder.describe() if holder else "another Common Ground"
        if time.monotonic() >= deadline:
            raise Busy(f"{who} is still using the data folder {root}, so this command did "
                       f"nothing. Run it again later (or give it longer with --wait "
                       f"SECONDS).")
        if not waiting_said:
            print(f"commonground: waiting for {who} to finish with the data folder {root} "
                  f"(up to {args.wait:g} s)...", file=sys.stderr, flush=True)
            waiting_said = True
        time.sleep(POLL_SECONDS)


def hand_to_window(root: Path, argv: list[str]) -> int | None:
    """Run the command in the open window; None if no window takes it now."""
    env = {PASSPHRASE_ENV: os.environ[PASSPHRASE_ENV]} if os.environ.get(PASSPHRASE_ENV) \
        else {}
    request = {"argv": list(argv), "cwd": os.getcwd(), "env": env, "version": __version__}
    said = []

    def note():
        if not said:
            said.append(True)
            holder = writer.read_holder(root)
            print(f"commonground: Common Ground is open for this data folder"
                  f"{f' (process {holder.pid})' if holder else ''}; the command runs in "
                  "its window.", file=sys.stderr, flush=True)

    def out(text: str) -> None:
        note()
        sys.stdout.write(text)
        sys.stdout.flush()

    def err(text: str) -> None:
        note()
        sys.stderr.write(text)
        sys.stderr.flush()

    def answer(prompt: str) -> str | None:
        note()
        return getpass.getpass(prompt) if sys.stdin and sys.stdin.isatty() else None
    try:
        code = writer.run_in_holder(root, request, out=out, err=err, answer=answer)
    except writer.Lost as exc:
        raise UserFacingError("the Common Ground window closed before the command finished; "
                              "part of it may have been done. Run it again.") from exc
    if code is not None:
        note()
    return code


def absolute_paths(args, cwd: str) -> None:
    """The command's relative file and folder names, as the command meant them."""
    for name in PATH_ARGUMENTS:
        value = getattr(args, name, None)
        if isinstance(value, str) and value and not os.path.isabs(value):
            setattr(args, name, os.path.join(cwd, value))


# ------------------------------------------------------------------ the window's side

class _Routed:
    """sys.stdout or sys.stderr in the window: a thread running a command for a client
    writes to that client; every other thread writes where it always did."""

    def __init__(self, original, which: str):
        self.original = original
        self.which = which

    def write(self, text: str) -> int:
        target = getattr(_local, self.which, None)
        if target is not None:
            target(text)
        elif self.original is not None:
            self.original.write(text)
        return len(text)

    def flush(self) -> None:
        if getattr(_local, self.which, None) is None and self.original is not None:
            self.original.flush()

    def isatty(self) -> bool:
        return False

    def __getattr__(self, name):
        return getattr(self.original, name)


_local = threading.local()
_install_lock = threading.Lock()


@contextmanager
def routed(out: Callable[[str], None], err: Callable[[str], None]):
    """What this thread prints goes to out and err (the client), for the block."""
    with _install_lock:
        if not isinstance(sys.stdout, _Routed):
            sys.stdout = _Routed(sys.stdout, "out")
        if not isinstance(sys.stderr, _Routed):
            sys.stderr = _Routed(sys.stderr, "err")
    _local.out, _local.err = out, err
    try:
        yield
    finally:
        _local.out = _local.err = None
