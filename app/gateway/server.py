"""The gateway's HTTP/1.1 server: a Unix socket for the user alone, loopback TCP on request.

Transport: the stdlib's threading servers and ``BaseHTTPRequestHandler``,
which give exact control of the limits that matter here. The socket lives in
the private (0700) runtime dir and is created 0600; each connection's peer
(pid, uid) is read with ``SO_PEERCRED`` when it is accepted, with the
program it runs (``/proc/PID/exe``), and anyone but this user is refused (and
audited). The optional TCP listener binds 127.0.0.1 only and refuses a Host
that is not the loopback address or any request carrying an Origin (a
browser, i.e. DNS rebinding).

Limits, each answered with an HTTP status, never a reset: connections
overall (503) and per peer (429), counted exactly (a refused connection
never takes or frees a slot; the refusal is written, the socket half-closed
and what the client sends drained before it is closed); a listen backlog of
:data:`BACKLOG`; an idle timeout between requests (closed silently) and a
deadline for a whole request, head and body, from its first byte (408); the
head's size (414/431); the body's size (413) with exactly one ASCII-digit
``Content-Length`` (no chunked bodies: 411). Every refusal is audited,
repeats coalesced (:meth:`Authoriser.note`). Responses stream server-sent
events with chunked transfer encoding.
"""

from __future__ import annotations

import contextlib
import io
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
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

from app.gateway import routes
from app.gateway.auth import COALESCE_WINDOW_S, Authoriser, Caller
from app.gateway.backend import Backend
from app.gateway.errors import ApiError, api_error
from app.gateway.jsonbody import ascii_int, parse_object
from app.gateway.routes import Peer
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
BACKLOG = 128
MAX_HEAD = 64 * 1024
METHODS = frozenset({"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"})
#: Protocol-level refusals (from the stdlib's parser): status, code, plain message.
_PROTOCOL = {400: (400, "bad_request", "the request is malformed"),
             408: (408, "request_timeout", "the request was not sent in time"),
             414: (414, "request_line_too_long", "the request line is too long"),
             431: (431, "headers_too_large", "the request headers are too many or too large"),
             501: (405, "method_not_allowed", "that method is not supported"),
             505: (400, "unsupported_version", "only HTTP/1.0 and HTTP/1.1 are spoken here")}


class _HeadTooLarge(Exception):
    pass


class _Reader(io.RawIOBase):
    """The connection's read side, with the idle timeout and the current request's deadline."""

    def __init__(self, sock: socket.socket, idle: float) -> None:
        super().__init__()
        self.sock = sock
        self.idle = idle
        self.deadline: float | None = None
        self.head_budget: int | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        timeout = self.idle
        if self.deadline is not None:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the request deadline passed")
            timeout = min(timeout, left)
        self.sock.settimeout(timeout)
        n = self.sock.recv_into(buffer)
        if self.head_budget is not None:
            self.head_budget -= n
            if self.head_budget < 0:
                raise _HeadTooLarge
        return n


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    default_request_version = "HTTP/1.0"  # never answer in HTTP/0.9 (no status line)
    server_version = "Hearth"
    sys_version = ""
    gateway: Gateway  # set on the per-gateway subclass
    tcp = False

    def setup(self) -> None:
        super().setup()
        self.peer = self.gateway.peer_of(self.request)
        self.rfile.close()
        self._reader = _Reader(self.connection, self.gateway.idle_timeout)
        self._buffered = io.BufferedReader(self._reader, 8192)
        self.rfile = self._buffered
        self._responded = False

    def log_message(self, format: str, *args: Any) -> None:  # requests are audited, not logged
        return

    def handle_one_request(self) -> None:
        reader, self._responded, self.raw_requestline, self.requestline = self._reader, False, b"", ""
        self.command, self.request_version = None, self.default_request_version  # type: ignore[assignment]
        reader.deadline, reader.head_budget = None, None
        try:
            if not self._buffered.peek(1):   # waits (idle timeout) for the next request
                self.close_connection = True
                return
        except OSError:                      # idle too long, or the client went away: hang up
            self.close_connection = True
            return
        reader.deadline = time.monotonic() + self.gateway.request_timeout
        reader.head_budget = MAX_HEAD  # past what peek() buffered: the head may be 64–72 KiB
        try:
            self.raw_requestline = self.rfile.readline(65537)
            if len(self.raw_requestline) > 65536:
                self.send_error(414)
                return
            if not self.parse_request():
                if not self._responded:
                    self.send_error(400)
                return
            reader.head_budget = None
            if len(self.requestline.split()) != 3:   # HTTP/0.9 is not spoken
                self.send_error(400)
                return
            if not self.request_version.startswith("HTTP/1."):
                self.send_error(505)
                return
            self._dispatch()
            self.wfile.flush()
        except _HeadTooLarge:
            self.send_error(431 if self.raw_requestline.endswith(b"\n") else 414)
        except TimeoutError:                 # half a request, then silence
            self.send_error(408)
        except OSError:
            self.close_connection = True

    def handle_expect_100(self) -> bool:
        """Say "100 Continue" only to a body that will be read; any other is refused unread."""
        lengths = self.headers.get_all("Content-Length") or []
        length = ascii_int(lengths[0].strip(" \t"), digits=12) if len(lengths) == 1 else None
        chunked = self.headers.get("Transfer-Encoding") is not None
        if length is not None and length <= self.gateway.max_body and not chunked:
            return super().handle_expect_100()
        return True

    def finish(self) -> None:
        super().finish()
        if self.close_connection and self._responded:
            # The client may still be sending what we refused: read and drop it until it hangs up,
            # so it reads our answer instead of a reset.
            self.gateway.linger(self.request)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Protocol-level refusals (bad request line, too many headers…) as JSON, audited, then close."""
        status, name, text = _PROTOCOL.get(code, _PROTOCOL[400])
        self.close_connection = True
        err = ApiError(status, name, text)
        self._audit_denial(Caller(None, None), "request", err)
        self._send_json(status, err.body())

    def _dispatch(self) -> None:
        gw = self.gateway
        path, _, query = self.path.partition("?")
        caller = Caller(None, None)
        scope = "request"
        request: routes.Request | None = None
        outcome, code = "error", ""
        try:
            try:
                if self.command not in METHODS:
                    raise ApiError(405, "method_not_allowed", "that method is not supported")
                # The body is consumed first, so any answer leaves the connection usable.
                raw = self._read_body()
                if self.tcp:
                    self._check_loopback_headers()
                if "origin" in {k.lower() for k in self.headers}:
                    raise ApiError(403, "origin_refused", "requests from web pages are refused")
                for name in ("Authorization", "Hearth-Grant"):
                    if len(self.headers.get_all(name) or ()) > 1:
                        raise ApiError(400, "duplicate_header", f"send at most one {name} header")
                found = routes.match(self.command, path)
                if found is None:
                    raise ApiError(404, "not_found", "no such endpoint")
                (_, _, handler, scope, needs_session), params = found
                if needs_session:
                    caller = gw.auth.caller(self.headers.get("Authorization"))
                body = parse_object(raw) if raw.strip() else {}
                request = routes.Request(gw, self.command, path, query,
                                         {k.lower(): v for k, v in self.headers.items()}, body, caller,
                                         params, scope, self.peer)
                result = handler(request)
            except Exception as exc:
                err = api_error(exc)
                if request is not None and request.access is not None:
                    outcome, code = ("revoked" if isinstance(exc, IdentityError) else "error"), err.code
                else:
                    self._audit_denial(caller, request.scope if request else scope, err)
                self._send_json(err.status, err.body())
                return
            if isinstance(result, routes.Stream):
                self._send_stream(result)
                outcome, code = result.outcome, result.code
            else:
                outcome = "completed" if self._send_json(result.status, result.body) else "client_closed"
        finally:
            if request is not None and request.access is not None:
                try:
                    gw.auth.finish(request.access, outcome, code=code)
                except Exception:
                    log.exception("could not audit how an access ended")

    def _audit_denial(self, caller: Caller, scope: str, err: ApiError) -> None:
        try:
            self.gateway.auth.note(self.peer.key, caller.did, scope=scope, decision="deny",
                                   reason=err.code)
        except Exception:
            log.exception("could not audit a refusal")

    def _check_loopback_headers(self) -> None:
        port = self.gateway.tcp_port
        host = self.headers.get("Host", "")
        if host not in (f"127.0.0.1:{port}", f"localhost:{port}"):
            raise ApiError(403, "host_refused", "the Host header must name the loopback address")

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding") is not None:
            self.close_connection = True
            raise ApiError(411, "length_required", "send the body with a Content-Length, not chunked")
        lengths = self.headers.get_all("Content-Length") or []
        if len(lengths) > 1:
            self.close_connection = True
            raise ApiError(400, "duplicate_length", "send exactly one Content-Length")
        if not lengths:
            if self.command in ("POST", "PUT", "PATCH"):
                self.close_connection = True
                raise ApiError(411, "length_required", "send the body with a Content-Length")
            return b""
        length = ascii_int(lengths[0].strip(" \t"), digits=12)
        if length is None:
            self.close_connection = True
            raise ApiError(400, "invalid_length", "the Content-Length is not a number")
        if length > self.gateway.max_body:
            self.close_connection = True
            raise ApiError(413, "body_too_large", f"the body is over {self.gateway.max_body} bytes")
        try:
            raw = self.rfile.read(length)
        except TimeoutError:
            self.close_connection = True
            raise ApiError(408, "request_timeout", "the request body was not sent in time") from None
        finally:
            self._reader.deadline = None
        if len(raw) != length:
            self.close_connection = True
            raise ApiError(400, "incomplete_body", "the body ended early")
        return raw

    def _send_json(self, status: int, body: dict[str, Any]) -> bool:
        """Send one JSON response; False when the client was gone."""
        payload = json.dumps(body, separators=(",", ":")).encode()
        self._responded = True
        if not self.request_version.startswith("HTTP/1."):
            self.request_version = "HTTP/1.0"  # an HTTP/0.9 answer would carry no status line
        try:
            self.connection.settimeout(self.gateway.idle_timeout)
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.send_header("Cache-Control", "no-store")
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)
            self.wfile.flush()
            return True
        except OSError:
            self.close_connection = True
            return False

    def _send_stream(self, stream: routes.Stream) -> None:
        events = stream.events
        self._responded = True
        try:
            self.connection.settimeout(self.gateway.idle_timeout)
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for event in events:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(event), event))
                self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except OSError:
            # The plugin went away; closing the generator stops the model.
            self.close_connection = True
            stream.outcome, stream.code = "client_closed", ""
        except Exception:
            log.exception("gateway bug while streaming")
            self.close_connection = True
            stream.outcome, stream.code = "error", "internal_error"
        finally:
            close = getattr(events, "close", None)
            if close is not None:
                close()


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


class _UnixServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = BACKLOG
    gateway: Gateway

    def verify_request(self, request: Any, client_address: Any) -> bool:
        return self.gateway.admit(request, _unix_peer(request))

    def close_request(self, request: Any) -> None:
        super().close_request(request)
        self.gateway.release(request)


class _TcpServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = BACKLOG
    gateway: Gateway

    def verify_request(self, request: Any, client_address: Any) -> bool:
        return self.gateway.admit(request, Peer("tcp"))

    def close_request(self, request: Any) -> None:
        super().close_request(request)
        self.gateway.release(request)


def _unix_peer(request: socket.socket) -> Peer:
    creds = request.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    pid, uid, _gid = struct.unpack("3i", creds)
    exe = ""
    if pid > 0:
        with contextlib.suppress(OSError):
            exe = os.readlink(f"/proc/{pid}/exe")
    return Peer(f"pid:{pid}", pid, uid, exe)


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
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.vault = vault
        self.backend = backend or Backend()
        self.socket_path = socket_path or runtime_dir() / SOCKET_NAME
        self.tcp_port = tcp_port
        self.idle_timeout = idle_timeout
        self.request_timeout = request_timeout
        self.max_body = max_body
        self.max_connections = max_connections
        self.max_connections_per_peer = max_connections_per_peer
        self.pairing = Pairing(domain=hearth_domain(vault), challenge_ttl=challenge_ttl,
                               session_ttl=session_ttl, clock=clock)
        self.auth = Authoriser(vault, self.pairing, coalesce_window=coalesce_window, clock=clock)
        self.housekeeping_every = housekeeping_every
        self._conns: dict[socket.socket, Peer] = {}
        self._per_peer: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._servers: list[socketserver.BaseServer] = []
        self._threads: list[threading.Thread] = []
        self._drain: _Drain | None = None
        self._stopping = threading.Event()

    # -- connection slots -------------------------------------------------------------------------

    def admit(self, request: socket.socket, peer: Peer) -> bool:
        """Take a slot for this connection, or answer the refusal now and return False."""
        if peer.uid not in (-1, os.getuid()):
            self._refuse(request, peer, f"uid:{peer.uid}",
                         ApiError(403, "peer_refused", "this Hearth serves only the user who runs it"))
            return False
        with self._lock:
            if len(self._conns) >= self.max_connections:
                err: ApiError | None = ApiError(503, "server_busy", "too many open connections; retry")
            elif self._per_peer[peer.key] >= self.max_connections_per_peer:
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

    def open_connections(self) -> dict[str, int]:
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
            self.auth.note(peer.key, did, scope="connect", decision="deny", reason=err.code)
        except Exception:
            log.exception("could not audit a refused connection")

    def linger(self, request: socket.socket) -> None:
        """socketserver half-closes and closes ``request``; a duplicate keeps reading (and dropping)
        until the client hangs up, so it sees the answer already sent, not a reset."""
        if self._drain is not None:
            with contextlib.suppress(OSError):
                self._drain.add(request.dup())

    # -- lifecycle --------------------------------------------------------------------------------

    def start(self) -> Gateway:
        self._drain = _Drain()
        handler = type("Handler", (_Handler,), {"gateway": self})
        self._listen_unix(handler)
        if self.tcp_port is not None:
            tcp_handler = type("TcpHandler", (_Handler,), {"gateway": self, "tcp": True})
            tcp = _TcpServer(("127.0.0.1", self.tcp_port), tcp_handler)
            tcp.gateway = self
            self.tcp_port = int(tcp.server_address[1])
            self._serve(tcp)
        janitor = threading.Thread(target=self._housekeeping, name="hearth-gateway-janitor", daemon=True)
        janitor.start()
        self._threads.append(janitor)
        return self

    def _housekeeping(self) -> None:
        while not self._stopping.wait(self.housekeeping_every):
            try:
                self.auth.housekeeping()
            except Exception:
                log.exception("gateway housekeeping failed")

    def _listen_unix(self, handler: type[_Handler]) -> None:
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
            server = _UnixServer(str(path), handler)
        finally:
            os.umask(old)
        os.chmod(path, 0o600)
        server.gateway = self
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
        if self._drain is not None:
            self._drain.close()
        with contextlib.suppress(FileNotFoundError):
            self.socket_path.unlink()
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
