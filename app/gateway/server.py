"""The gateway's HTTP/1.1 server: a Unix socket for the user alone, loopback TCP on request.

Transport: the stdlib's threading servers, which give exact control of the
limits that matter here. The socket lives in the private (0700) runtime dir
and is created 0600; only this user's programs are served
(:mod:`app.gateway.connections`, which also caps connections overall and per
program). The optional TCP listener binds 127.0.0.1 only. Each connection's
requests are read, limited, routed and answered by :mod:`app.gateway.handler`;
every refusal is audited, repeats coalesced (:meth:`Authoriser.note`), and the
counts still open are written when the vault is about to lock
(:meth:`Vault.before_lock`) and when the gateway stops. This module holds the
:class:`Gateway`: its settings, its listeners and its lifecycle.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import socketserver
import threading
import time
from collections.abc import Callable
from pathlib import Path

from app.gateway.auth import COALESCE_WINDOW_S, KEY_REQUESTS_PER_MINUTE, Authoriser
from app.gateway.backend import Backend
from app.gateway.connections import Connections, Peer, TcpServer, UnixServer
from app.gateway.errors import ApiError
from app.gateway.handler import Handler
from identity import pairing as pairing_mod
from identity.errors import IdentityError, NoSession
from identity.pairing import Pairing
from identity.user import hearth_domain
from vault import Vault
from vault.paths import runtime_dir

log = logging.getLogger("hearth.gateway")

SOCKET_NAME = "gateway.sock"
DEFAULT_MAX_BODY = 1 << 20
DEFAULT_IDLE_TIMEOUT = 30.0
DEFAULT_REQUEST_TIMEOUT = 10.0
DEFAULT_MAX_CONNECTIONS = 128
DEFAULT_MAX_PER_PEER = 32


class Gateway:
    """The plugin gateway for one unlocked vault. ``start()`` returns once it listens.

    ``clock`` times challenges, sessions and the audit's coalescing windows (tests pass a fake one);
    socket timeouts and request deadlines always run on real time.
    """

    def __init__(self, vault: Vault, *, backend: Backend | None = None, socket_path: Path | None = None,
                 tcp_port: int | None = None, idle_timeout: float = DEFAULT_IDLE_TIMEOUT,
                 request_timeout: float = DEFAULT_REQUEST_TIMEOUT, max_body: int = DEFAULT_MAX_BODY,
                 max_connections: int = DEFAULT_MAX_CONNECTIONS,
                 max_connections_per_peer: int = DEFAULT_MAX_PER_PEER,
                 challenge_ttl: float = pairing_mod.CHALLENGE_TTL_S,
                 session_ttl: float = pairing_mod.SESSION_TTL_S,
                 coalesce_window: float = COALESCE_WINDOW_S, housekeeping_every: float = 5.0,
                 key_requests_per_minute: int = KEY_REQUESTS_PER_MINUTE,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.vault = vault
        self.backend = backend or Backend()
        self.socket_path = socket_path or runtime_dir() / SOCKET_NAME
        self.tcp_port = tcp_port
        self.idle_timeout = idle_timeout
        self.request_timeout = request_timeout
        self.max_body = max_body
        self.pairing = Pairing(domain=hearth_domain(vault), challenge_ttl=challenge_ttl,
                               session_ttl=session_ttl, clock=clock)
        self.auth = Authoriser(vault, self.pairing, coalesce_window=coalesce_window,
                               key_requests_per_minute=key_requests_per_minute, clock=clock)
        self.housekeeping_every = housekeeping_every
        self.connections = Connections(max_total=max_connections, max_per_peer=max_connections_per_peer,
                                       on_refused=self._refused)
        self._servers: list[socketserver.BaseServer] = []
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()

    # -- connections ------------------------------------------------------------------------------

    @property
    def max_connections(self) -> int:
        return self.connections.max_total

    @property
    def max_connections_per_peer(self) -> int:
        return self.connections.max_per_peer

    def open_connections(self) -> dict[str, int]:
        """Open connections by peer key, now."""
        return self.connections.per_peer()

    def _refused(self, peer: Peer, did: str, err: ApiError) -> None:
        self.auth.note(peer.key, did, scope="connect", decision="deny", reason=err.code)

    # -- lifecycle --------------------------------------------------------------------------------

    def start(self) -> Gateway:
        self.connections.start()
        handler = type("Handler", (Handler,), {"gateway": self})
        self._listen_unix(handler)
        if self.tcp_port is not None:
            tcp_handler = type("TcpHandler", (Handler,), {"gateway": self, "tcp": True})
            tcp = TcpServer(("127.0.0.1", self.tcp_port), tcp_handler)
            tcp.connections = self.connections
            self.tcp_port = int(tcp.server_address[1])
            self._serve(tcp)
        janitor = threading.Thread(target=self._housekeeping, name="hearth-gateway-janitor", daemon=True)
        janitor.start()
        self._threads.append(janitor)
        self.vault.before_lock(self._last_counts)
        return self

    def _housekeeping(self) -> None:
        while not self._stopping.wait(self.housekeeping_every):
            if not self.vault.is_open:
                continue   # locked: the counts were written before it locked; stop() follows
            try:
                self.auth.housekeeping()
            except Exception:
                log.exception("gateway housekeeping failed")

    def _last_counts(self) -> None:
        """Write every coalesced count still open, while the vault can take it (before a lock)."""
        self.auth.housekeeping(final=True)

    def _listen_unix(self, handler: type[Handler]) -> None:
        path = self.socket_path
        if path.exists() or path.is_symlink():
            probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                probe.connect(str(path))
            except OSError:
                path.unlink()  # a stale socket from a gateway that died
            else:
                raise IdentityError(f"another Hearth gateway is already serving on {path}")
            finally:
                probe.close()
        old = os.umask(0o177)
        try:
            server = UnixServer(str(path), handler)
        finally:
            os.umask(old)
        os.chmod(path, 0o600)
        server.connections = self.connections
        self._serve(server)

    def _serve(self, server: socketserver.BaseServer) -> None:
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                                  name="hearth-gateway", daemon=True)
        thread.start()
        self._servers.append(server)
        self._threads.append(thread)

    def stop(self) -> None:
        self._stopping.set()
        for server in self._servers:
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._servers.clear()
        self._threads.clear()
        self.connections.close()
        with contextlib.suppress(FileNotFoundError):
            self.socket_path.unlink()
        if self.vault.is_open:   # else they were written before it locked
            try:
                self.auth.housekeeping(final=True)  # the last coalesced counts
            except Exception:
                log.exception("could not write the last audit counts")
        self.backend.close()

    def __enter__(self) -> Gateway:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


__all__ = ["SOCKET_NAME", "Gateway", "NoSession"]
