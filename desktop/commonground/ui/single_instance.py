"""One Common Ground per data folder.

A QLockFile in the data folder says who holds it (a lock left by a crash is recovered,
as Qt checks whether the holder is still running). A local socket lets a second launch
bring the first window forward instead of opening the database twice.
"""

from __future__ import annotations

import hashlib
import logging

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from ..paths import DataPaths

log = logging.getLogger(__name__)


def server_name(data_paths: DataPaths) -> str:
    digest = hashlib.sha256(str(data_paths.root).encode()).hexdigest()[:16]
    return f"commonground-{digest}"


class SingleInstance(QObject):
    raise_requested = Signal()

    def __init__(self, data_paths: DataPaths, parent=None):
        super().__init__(parent)
        self.name = server_name(data_paths)
        self.lock = QLockFile(str(data_paths.lock_file))
        self.server: QLocalServer | None = None

    def acquire(self) -> bool:
        """True if this process now owns the data folder."""
        if not self.lock.tryLock(200):
            return False
        QLocalServer.removeServer(self.name)
        self.server = QLocalServer(self)
        if self.server.listen(self.name):
            self.server.newConnection.connect(self._on_connection)
        else:
            log.warning("single-instance server not listening: %s", self.server.errorString())
        return True

    def ask_running_instance_to_raise(self) -> bool:
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(1000):
            return False
        socket.write(b"raise\n")
        socket.waitForBytesWritten(1000)
        socket.disconnectFromServer()
        return True

    def holder(self) -> str:
        ok, pid, host, app = self.lock.getLockInfo()
        return f"process {pid} on {host}" if ok else "another process"

    def _on_connection(self) -> None:
        while self.server and self.server.hasPendingConnections():
            connection = self.server.nextPendingConnection()
            connection.waitForReadyRead(500)
            if connection.readAll().data().startswith(b"raise"):
                self.raise_requested.emit()
            connection.disconnectFromServer()

    def release(self) -> None:
        if self.server:
            self.server.close()
        self.lock.unlock()
