"""One Hearth per user: a second start hands its request to the running one and exits.

The first process listens on a local socket in the private runtime directory
(0700, so other users cannot reach it). ``hearth --quick`` bound to a desktop
shortcut then pops up the quick-ask box of the running Hearth in
milliseconds instead of starting a second app (Qt has no global-shortcut API;
the desktop environment's shortcut settings run the command).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

SOCKET_NAME = "desktop.sock"


def _server_path() -> str:
    from vault.paths import runtime_dir

    return str(runtime_dir() / SOCKET_NAME)


def hand_over(command: str, *, timeout_ms: int = 500) -> bool:
    """Send ``command`` to a running Hearth; False when none answers."""
    sock = QLocalSocket()
    sock.connectToServer(_server_path())
    if not sock.waitForConnected(timeout_ms):
        return False
    sock.write(command.encode("ascii") + b"\n")
    sock.flush()
    sock.waitForBytesWritten(timeout_ms)
    sock.disconnectFromServer()
    return True


class InstanceServer(QObject):
    """Receives ``show`` / ``quick`` from later starts."""

    def __init__(self, handle: Callable[[str], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.handle = handle
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        path = _server_path()
        if not self.server.listen(path):
            # A stale socket from a crashed run: nobody answered hand_over, so take it over.
            QLocalServer.removeServer(path)
            self.server.listen(path)
        self.server.newConnection.connect(self._accept)

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            conn = self.server.nextPendingConnection()
            conn.readyRead.connect(lambda c=conn: self._read(c))
            conn.disconnected.connect(conn.deleteLater)

    def _read(self, conn: QLocalSocket) -> None:
        while conn.canReadLine():
            line = bytes(conn.readLine().data()).decode("ascii", "replace").strip()
            if line in ("show", "quick"):
                self.handle(line)

    def close(self) -> None:
        self.server.close()
