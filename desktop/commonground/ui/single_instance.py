"""One Common Ground per data folder, and the window as the one writer while it is open.

The lock and the channel are ``writer`` (no Qt), shared with every command: a second
launch asks this window to come forward; a command run while the window is open (a hub's
scheduled ``commonground sync``) is handed to the window, which runs it on the channel's
thread with its own open database and sends back what it printed. A lock left by a crash
is released by the operating system when the process ends.
"""

from __future__ import annotations

import logging
from typing import Callable

from PySide6.QtCore import QObject, Signal

from .. import writer
from ..paths import DataPaths

log = logging.getLogger(__name__)

# runner(request, reply) -> exit code; request is the client's {"argv": ..., ...}.
Runner = Callable[[dict, writer.Reply], int]


class SingleInstance(QObject):
    raise_requested = Signal()
    command_finished = Signal(str, int)   # the command as typed, its exit code

    def __init__(self, data_paths: DataPaths, parent=None):
        super().__init__(parent)
        self.root = data_paths.root
        self.lock = writer.WriterLock(self.root, "the window")
        self.channel: writer.Channel | None = None
        self.runner: Runner | None = None

    def acquire(self) -> bool:
        """True if this process now owns the data folder (and listens for commands)."""
        if not self.lock.try_acquire():
            return False
        try:
            self.channel = writer.Channel(self.root, self._handle)
            self.lock.publish(self.channel.address, self.channel.key.hex())
        except OSError as exc:   # commands will wait for the window instead of using it
            log.warning("the window's channel is not listening: %s", exc)
        return True

    def set_runner(self, runner: Runner | None) -> None:
        """Commands are taken once the window's database is open, not before."""
        self.runner = runner

    def ask_running_instance_to_raise(self) -> bool:
        return writer.ask_to_raise(self.root)

    def holder(self) -> str:
        found = writer.read_holder(self.root)
        return found.describe() if found else "another process"

    def _handle(self, message: dict, reply: writer.Reply) -> None:
        """On a channel thread: never touch a widget here, only emit signals."""
        if message.get("op") == "raise":
            self.raise_requested.emit()
            reply.send(ok=True)
            return
        runner = self.runner
        if message.get("op") != "run" or runner is None:
            reply.send(busy="the window is not ready for commands yet")
            return
        code = runner(message, reply)
        reply.send(exit=code)
        argv = message.get("argv") if isinstance(message.get("argv"), list) else []
        self.command_finished.emit(" ".join(str(part) for part in argv), code)

    def release(self) -> None:
        """Stop taking commands (waiting for any running), then let go of the folder."""
        self.runner = None
        if self.channel is not None:
            self.channel.close()
            self.channel = None
        self.lock.release()
