"""The private control socket of a running ``hearth link serve``: pairing codes, confirmations, status.

A Unix socket in Hearth's private runtime folder (0700), created 0600; a connection from another
user is refused by its peer credentials. One JSON line in, one JSON line out. The serving process
keeps pairing codes in its memory only, so they die with it.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import struct
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from engine.link.errors import LinkFailed

SOCKET_NAME = "link.sock"
MAX_REQUEST = 64 * 1024


class ControlServer:
    def __init__(self, path: Path, handle: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
        self.path = path
        self.handle = handle
        self._sock: socket.socket | None = None

    def start(self) -> ControlServer:
        if self.path.exists():
            probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                probe.connect(str(self.path))
            except OSError:
                self.path.unlink()  # left by a server that died
            else:
                raise LinkFailed("another 'hearth link serve' is already running for this Hearth")
            finally:
                probe.close()
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old = os.umask(0o177)
        try:
            sock.bind(str(self.path))
        finally:
            os.umask(old)
        os.chmod(self.path, 0o600)
        sock.listen(8)
        self._sock = sock
        threading.Thread(target=self._accept, name="hearth-link-control", daemon=True).start()
        return self

    def stop(self) -> None:
        if self._sock is not None:
            self._sock.close()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    def _accept(self) -> None:
        assert self._sock is not None
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
            _, uid, _ = struct.unpack("3i", creds)
            if uid != os.getuid():
                return
            conn.settimeout(300)
            data = b""
            while b"\n" not in data and len(data) < MAX_REQUEST:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                data += chunk
            try:
                request = json.loads(data.split(b"\n", 1)[0])
                reply = self.handle(request if isinstance(request, dict) else {})
            except ValueError:
                reply = {"ok": False, "error": "not JSON"}
            with contextlib.suppress(OSError):
                conn.sendall(json.dumps(reply).encode() + b"\n")


def ask(path: Path, request: dict[str, Any], *, timeout: float = 10.0) -> dict[str, Any]:
    """Send one request to the running server; LinkFailed when none is running."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect(str(path))
    except OSError:
        sock.close()
        raise LinkFailed("'hearth link serve' is not running for this Hearth; start it first") from None
    with sock:
        sock.sendall(json.dumps(request).encode() + b"\n")
        data = b""
        while b"\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    try:
        reply = json.loads(data.split(b"\n", 1)[0])
    except ValueError:
        raise LinkFailed("the link server gave no answer") from None
    return reply if isinstance(reply, dict) else {}
