"""One writer per data folder: the window and every command take the same lock.

The lock is an operating-system lock on ``writer.lock`` in the data folder (``flock`` on
Linux and macOS, ``LockFileEx`` through ``msvcrt.locking`` on Windows). The system drops it
when the holding process ends, however it ends (a crash, a kill -9, a power cut), so a
stale lock never needs recovering: the next process simply gets it. The lock file is never
deleted (deleting a lock file is how two processes end up holding "the" lock).

The holder describes itself in ``writer.json`` (process, computer, what it is, since when).
The window also opens a local channel there, with a fresh key: a ``multiprocessing``
connection over a Unix socket or a named pipe, authenticated both ways with HMAC. A command
that finds the window holding the lock hands its work over that channel and prints the
window's output; a second window asks the first to come forward. Nothing here imports Qt.

Messages are JSON: the client sends ``{"op": "raise"}`` or ``{"op": "run", "argv": [...],
"cwd": ..., "env": {...}, "version": ..., "tty": bool}``; the window answers with
``{"out": text}``, ``{"err": text}``, ``{"ask": prompt}`` (the client answers
``{"answer": text or null}``) and finally ``{"exit": code}``, or ``{"busy": why}`` when it
cannot take work yet.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import secrets
import socket
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from multiprocessing.connection import Client, Connection, Listener
from pathlib import Path
from typing import Callable

from . import __version__

log = logging.getLogger(__name__)

LOCK_NAME, INFO_NAME, SOCKET_NAME = "writer.lock", "writer.json", "writer.sock"
IS_WINDOWS = sys.platform == "win32"


@dataclass(frozen=True)
class Holder:
    pid: int
    host: str
    what: str                # "the window", "the command `sync`"
    since: str
    version: str = ""
    address: str = ""        # the window's channel, if it listens
    key: str = ""            # the channel's key (hex)

    def describe(self) -> str:
        when = self.since[11:16] if len(self.since) >= 16 else self.since
        return f"{self.what} (process {self.pid} on {self.host}, since {when})"


def _lock(fd: int) -> bool:
    if IS_WINDOWS:  # pragma: no cover - Windows only
        import msvcrt
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    import fcntl
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def _unlock(fd: int) -> None:
    if IS_WINDOWS:  # pragma: no cover - Windows only
        import msvcrt
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl
        fcntl.flock(fd, fcntl.LOCK_UN)


class WriterLock:
    """The data folder's writer lock. ``what`` says who holds it, for whoever waits."""

    def __init__(self, root: Path, what: str):
        self.root = Path(root)
        self.what = what
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def try_acquire(self) -> bool:
        if self._fd is not None:
            return True
        path = self.root / LOCK_NAME
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        except PermissionError:
            fd = os.open(path, os.O_RDONLY)  # another account's lock file: locking still works
        if not _lock(fd):
            os.close(fd)
            return False
        self._fd = fd
        self.publish()
        return True

    def publish(self, address: str = "", key: str = "") -> None:
        """Say who holds the lock (and where its channel is) in writer.json."""
        holder = Holder(os.getpid(), socket.gethostname(), self.what,
                        dt.datetime.now().isoformat(timespec="seconds"), __version__,
                        address, key)
        try:
            _write_atomic(self.root / INFO_NAME, json.dumps(asdict(holder)).encode())
        except OSError as exc:  # the lock still holds; waiting commands see less
            log.warning("could not write %s: %s", INFO_NAME, exc)

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            _unlock(self._fd)
        finally:
            os.close(self._fd)
            self._fd = None


def _write_atomic(target: Path, data: bytes) -> None:
    temporary = target.with_name(f".{target.name}.{os.getpid()}.partial")
    with open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    # A waiting command may be reading writer.json this instant, and Windows will not
    # replace a file another process has open: try again for a moment, as
    # core.storage.atomic.replace does (this module may not import core).
    deadline = time.monotonic() + 2.0
    while True:
        try:
            os.replace(temporary, target)
            return
        except PermissionError:
            if not IS_WINDOWS or time.monotonic() >= deadline:
                temporary.unlink(missing_ok=True)
                raise
        time.sleep(0.02)


def read_holder(root: Path) -> Holder | None:
    """Who says they hold the lock (only meaningful while it is held)."""
    try:
        data = json.loads((Path(root) / INFO_NAME).read_text(encoding="utf-8"))
        return Holder(**{key: data[key] for key in Holder.__dataclass_fields__ if key in data})
    except (OSError, ValueError, TypeError, KeyError):
        return None


# ------------------------------------------------------------------------ the channel

def _family(address: str) -> str:
    return "AF_PIPE" if address.startswith("\\\\.\\pipe\\") else "AF_UNIX"


def _new_address(root: Path) -> str:
    if IS_WINDOWS:  # pragma: no cover - Windows only
        return f"\\\\.\\pipe\\commonground-{secrets.token_hex(12)}"
    inside = root / SOCKET_NAME
    if len(os.fsencode(inside)) < 100:   # sockaddr_un holds about 107 bytes
        return str(inside)
    return str(Path(tempfile.mkdtemp(prefix="commonground-")) / "s")


class Channel:
    """The window's end: accepts connections on a thread; ``handle(message, reply)`` runs
    on a thread of its own per connection, so a long command never blocks a 'raise'."""

    def __init__(self, root: Path, handle: Callable[[dict, "Reply"], None]):
        self.key = secrets.token_bytes(32)
        self.address = _new_address(Path(root))
        if not IS_WINDOWS:
            Path(self.address).unlink(missing_ok=True)  # left by a holder that was killed
        self.listener = Listener(self.address, _family(self.address), authkey=self.key)
        self.handle = handle
        self._closing = False
        self._workers: set[threading.Thread] = set()
        self._thread = threading.Thread(target=self._accept, name="writer channel",
                                        daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._closing:
            try:
                connection = self.listener.accept()
            except Exception as exc:  # a client that failed to authenticate, or closing
                if self._closing:
                    break
                log.info("channel: a connection was refused (%s)", exc)
                continue
            if self._closing:
                connection.close()
                break
            worker = threading.Thread(target=self._serve, args=(connection,),
                                      name="writer channel request", daemon=True)
            self._workers.add(worker)
            worker.start()

    def _serve(self, connection: Connection) -> None:
        reply = Reply(connection)
        try:
            message = json.loads(connection.recv_bytes(1_000_000))
            self.handle(message if isinstance(message, dict) else {}, reply)
        except (EOFError, OSError, ValueError) as exc:
            log.info("channel: a request ended early (%s)", exc)
        except Exception:  # the window must survive whatever a request does
            log.exception("channel: a request failed")
            reply.send(err="commonground: the open window could not run this; see its log "
                           "file.\n", exit=1)
        finally:
            connection.close()
            self._workers.discard(threading.current_thread())

    def close(self, wait_seconds: float = 30.0) -> None:
        """Stop listening, then wait for requests that are running."""
        self._closing = True
        try:   # wake the accepting thread: it is blocked until someone connects
            Client(self.address, _family(self.address), authkey=self.key).close()
        except Exception:
            pass
        self._thread.join(5)
        self.listener.close()
        for worker in list(self._workers):
            worker.join(wait_seconds)
        if not IS_WINDOWS:
            Path(self.address).unlink(missing_ok=True)


class Reply:
    """The window's side of one request."""

    def __init__(self, connection: Connection):
        self.connection = connection
        self.lost = False

    def send(self, **message) -> None:
        if self.lost:
            return
        try:
            self.connection.send_bytes(json.dumps(message).encode("utf-8"))
        except (OSError, ValueError):
            self.lost = True

    def ask(self, prompt: str) -> str | None:
        """A question for the person at the command's terminal (a passphrase)."""
        self.send(ask=prompt)
        if self.lost:
            return None
        try:
            answer = json.loads(self.connection.recv_bytes(100_000)).get("answer")
        except (EOFError, OSError, ValueError, AttributeError):
            self.lost = True
            return None
        return answer if isinstance(answer, str) else None


def _connect(root: Path) -> Connection | None:
    holder = read_holder(root)
    if not holder or not holder.address or not holder.key:
        return None
    try:
        return Client(holder.address, _family(holder.address), authkey=bytes.fromhex(holder.key))
    except Exception:  # gone, refused, or an old key: not reachable now
        return None


def ask_to_raise(root: Path) -> bool:
    connection = _connect(root)
    if connection is None:
        return False
    try:
        connection.send_bytes(json.dumps({"op": "raise"}).encode())
        return bool(json.loads(connection.recv_bytes(10_000)).get("ok"))
    except (EOFError, OSError, ValueError, AttributeError):
        return False
    finally:
        connection.close()


class Lost(Exception):
    """The window took the command but closed before saying how it ended."""


def run_in_holder(root: Path, request: dict, *, out: Callable[[str], None],
                  err: Callable[[str], None], answer: Callable[[str], str | None]
                  ) -> int | None:
    """Hand a command to the window: its exit code, or None if the window is not
    listening or cannot take work yet (then nothing was run). Raises Lost if the window
    went away while running it."""
    connection = _connect(root)
    if connection is None:
        return None
    started = False
    try:
        connection.send_bytes(json.dumps({"op": "run", **request}).encode("utf-8"))
        while True:
            message = json.loads(connection.recv_bytes(10_000_000))
            if "busy" in message:
                return None
            started = True
            if "out" in message:
                out(message["out"])
            if "err" in message:
                err(message["err"])
            if "ask" in message:
                connection.send_bytes(json.dumps({"answer": answer(message["ask"])}).encode())
            if "exit" in message:
                return int(message["exit"])
    except (EOFError, OSError, ValueError, TypeError) as exc:
        if started:
            raise Lost(str(exc)) from exc
        return None
    finally:
        connection.close()
