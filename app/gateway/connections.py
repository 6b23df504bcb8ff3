"""The gateway's connections: who is on the other end, and slots for them, within limits.

Each connection's peer (pid, uid) is read with ``SO_PEERCRED`` when it is
accepted, with the program it runs (``/proc/PID/exe``). On the loopback TCP
listener the peer is "tcp", and on Linux its account is the owner of the
client's end of the connection (:mod:`app.gateway.loopback`); a connection
whose owner cannot be found is refused too. Anyone but this user is refused. Connections
are limited overall (503) and per peer (429), counted exactly: a refused
connection never takes or frees a slot. Each limit is answered with an HTTP
status, never a reset: the refusal is written, the socket half-closed and what
the client still sends drained before it is closed (:class:`_Drain`); the
listen backlog is :data:`BACKLOG`. Refusals are reported to the gateway's
audit through ``on_refused``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import selectors
import socket
import socketserver
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.gateway import loopback
from app.gateway.errors import ApiError

log = logging.getLogger("hearth.gateway")

BACKLOG = 128
#: A TCP peer whose account could not be found (refused: it may be anyone's).
UNKNOWN_UID = -2


@dataclass(frozen=True)
class Peer:
    """The program on the other end of a connection, as the kernel reports it (``SO_PEERCRED``)."""

    key: str          # "pid:1234" (Unix socket) or "tcp" (the loopback listener)
    pid: int = 0
    uid: int = -1
    exe: str = ""     # /proc/PID/exe, read when the connection was accepted


class Connections:
    """Slots for open connections (thread-safe): at most ``max_total``, ``max_per_peer`` per program."""

    def __init__(self, *, max_total: int, max_per_peer: int,
                 on_refused: Callable[[Peer, str, ApiError], None]) -> None:
        self.max_total = max_total
        self.max_per_peer = max_per_peer
        self._on_refused = on_refused
        self._conns: dict[socket.socket, Peer] = {}
        self._per_peer: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._drain: _Drain | None = None

    def start(self) -> None:
        self._drain = _Drain()

    def close(self) -> None:
        if self._drain is not None:
            self._drain.close()

    def admit(self, request: socket.socket, peer: Peer) -> bool:
        """Take a slot for this connection, or answer the refusal now and return False."""
        if peer.uid not in (-1, os.getuid()):
            who = "unknown" if peer.uid == UNKNOWN_UID else f"uid:{peer.uid}"
            self._refuse(request, peer, who,
                         ApiError(403, "peer_refused", "this Hearth serves only the user who runs it"))
            return False
        with self._lock:
            if len(self._conns) >= self.max_total:
                err: ApiError | None = ApiError(503, "server_busy", "too many open connections; retry")
            elif self._per_peer[peer.key] >= self.max_per_peer:
                err = ApiError(429, "too_many_connections",
                               "this program has too many open connections; close some")
            else:
                err = None
                self._conns[request] = peer
                self._per_peer[peer.key] += 1
        if err is None:
            return True
        self._refuse(request, peer, "unknown", err)
        return False

    def release(self, request: socket.socket) -> None:
        """Give back the slot this connection took (nothing, if it was refused)."""
        with self._lock:
            peer = self._conns.pop(request, None)
            if peer is not None:
                self._per_peer[peer.key] -= 1
                if self._per_peer[peer.key] <= 0:
                    del self._per_peer[peer.key]

    def peer_of(self, request: socket.socket) -> Peer:
        with self._lock:
            return self._conns.get(request) or Peer("unknown")

    def per_peer(self) -> dict[str, int]:
        """Open connections by peer key, now."""
        with self._lock:
            return dict(self._per_peer)

    def _refuse(self, request: socket.socket, peer: Peer, did: str, err: ApiError) -> None:
        payload = json.dumps(err.body()).encode()
        with contextlib.suppress(OSError):
            request.settimeout(0.5)
            request.sendall(b"HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
                            b"Cache-Control: no-store\r\nConnection: close\r\n\r\n%s"
                            % (err.status, b"Refused", len(payload), payload))
        self.linger(request)
        try:
            self._on_refused(peer, did, err)
        except Exception:
            log.exception("could not audit a refused connection")

    def linger(self, request: socket.socket) -> None:
        """socketserver half-closes and closes ``request``; a duplicate keeps reading (and dropping)
        until the client hangs up, so it sees the answer already sent, not a reset."""
        if self._drain is not None:
            with contextlib.suppress(OSError):
                self._drain.add(request.dup())


class _Drain:
    """Closes refused connections gently: the refusal is sent, then what the client sends is read
    and dropped until it hangs up (or 2 s pass), so it reads the status instead of a reset."""

    MAX = 256
    LINGER_S = 2.0

    def __init__(self) -> None:
        self._selector = selectors.DefaultSelector()
        self._socks: dict[socket.socket, float] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="hearth-gateway-drain", daemon=True)
        self._thread.start()

    def add(self, sock: socket.socket) -> None:
        with self._lock:
            if len(self._socks) >= self.MAX:
                sock.close()
                return
            sock.setblocking(False)
            self._socks[sock] = time.monotonic() + self.LINGER_S
            self._selector.register(sock, selectors.EVENT_READ)

    def _drop(self, sock: socket.socket) -> None:
        with self._lock:
            self._socks.pop(sock, None)
            with contextlib.suppress(KeyError, ValueError):
                self._selector.unregister(sock)
        sock.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            with self._lock:
                idle = not self._socks
            if idle:
                self._stop.wait(0.05)
                continue
            for key, _ in self._selector.select(timeout=0.1):
                sock = key.fileobj
                assert isinstance(sock, socket.socket)
                try:
                    if sock.recv(65536):
                        continue
                except BlockingIOError:
                    continue
                except OSError:
                    pass
                self._drop(sock)
            now = time.monotonic()
            with self._lock:
                late = [s for s, deadline in self._socks.items() if deadline < now]
            for sock in late:
                self._drop(sock)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        with self._lock:
            socks = list(self._socks)
        for sock in socks:
            self._drop(sock)
        self._selector.close()


class UnixServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = BACKLOG
    connections: Connections

    def verify_request(self, request: Any, client_address: Any) -> bool:
        return self.connections.admit(request, unix_peer(request))

    def close_request(self, request: Any) -> None:
        super().close_request(request)
        self.connections.release(request)


class TcpServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = BACKLOG
    connections: Connections

    def verify_request(self, request: Any, client_address: Any) -> bool:
        return self.connections.admit(request, tcp_peer(request))

    def close_request(self, request: Any) -> None:
        super().close_request(request)
        self.connections.release(request)


def unix_peer(request: socket.socket) -> Peer:
    creds = request.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    pid, uid, _gid = struct.unpack("3i", creds)
    exe = ""
    if pid > 0:
        with contextlib.suppress(OSError):
            exe = os.readlink(f"/proc/{pid}/exe")
    return Peer(f"pid:{pid}", pid, uid, exe)


def tcp_peer(request: socket.socket) -> Peer:
    """The loopback TCP peer, with the account that owns its end of the connection (Linux:
    :mod:`app.gateway.loopback`); uid -1 where the system cannot tell anyone's."""
    if not loopback.SUPPORTED:
        return Peer("tcp")
    try:
        host, port = request.getpeername()[:2]
        ours = request.getsockname()[:2]
    except OSError:
        return Peer("tcp", uid=UNKNOWN_UID)
    end = loopback.client_end((str(host), int(port)), (str(ours[0]), int(ours[1])))
    return Peer("tcp", uid=UNKNOWN_UID if end is None else end.uid)
