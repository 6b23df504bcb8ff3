"""The gateway's HTTP/1.1 server: a Unix socket for the user alone, loopback TCP on request.

Transport: the stdlib's threading servers and ``BaseHTTPRequestHandler``,
which give exact control of the limits that matter here. The socket lives in
the private (0700) runtime dir and is created 0600; each connection's peer uid
is read with ``SO_PEERCRED`` and anyone but this user is refused (and
audited). The optional TCP listener binds 127.0.0.1 only and refuses a Host
that is not the loopback address or any request carrying an Origin (a
browser, i.e. DNS rebinding). Limits: body size (``body_too_large``), request
line and header count (the stdlib's 64 KiB / 100), an idle timeout per
connection, and a cap on concurrent connections. Responses stream server-sent
events with chunked transfer encoding.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import socketserver
import struct
import sys
import threading
import traceback
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

from app.gateway import routes
from app.gateway.auth import Authoriser, Caller
from app.gateway.backend import Backend
from app.gateway.errors import ApiError, api_error
from app.gateway.jsonbody import parse_object
from identity import pairing as pairing_mod
from identity.errors import IdentityError, NoSession
from identity.pairing import Pairing
from identity.user import hearth_domain
from vault import Vault
from vault.paths import runtime_dir

SOCKET_NAME = "gateway.sock"
DEFAULT_MAX_BODY = 1 << 20
DEFAULT_IDLE_TIMEOUT = 30.0
DEFAULT_MAX_CONNECTIONS = 64


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "Hearth"
    sys_version = ""
    gateway: Gateway  # set on the per-gateway subclass
    tcp = False

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.gateway.idle_timeout)

    def log_message(self, format: str, *args: Any) -> None:  # requests are audited, not logged
        return

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Protocol-level refusals (bad request line, too many headers…) as JSON, then close."""
        status = 405 if code == 501 else code
        names = {400: "bad_request", 405: "method_not_allowed", 408: "idle_timeout",
                 414: "request_line_too_long", 431: "headers_too_large"}
        self.close_connection = True
        err = ApiError(status, names.get(status, "bad_request"), message or "bad request")
        self._send_json(status, err.body())

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_PUT(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def do_PATCH(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        gw = self.gateway
        path, _, query = self.path.partition("?")
        caller = Caller(None, None)
        scope = "request"
        request: routes.Request | None = None
        try:
            # The body is consumed first, so any answer leaves the connection usable.
            raw = self._read_body()
            if self.tcp:
                self._check_loopback_headers()
            if "origin" in {k.lower() for k in self.headers}:
                raise ApiError(403, "origin_refused", "requests from web pages are refused")
            found = routes.match(self.command, path)
            if found is None:
                raise ApiError(404, "not_found", "no such endpoint")
            (_, _, handler, scope, needs_session), params = found
            if needs_session:
                caller = gw.auth.caller(self.headers.get("Authorization"))
            body = parse_object(raw) if raw.strip() else {}
            request = routes.Request(gw, self.command, path, query,
                                     {k.lower(): v for k, v in self.headers.items()}, body, caller,
                                     params, scope)
            result = handler(request)
        except Exception as exc:
            err = api_error(exc)
            if err.code == "internal_error":
                traceback.print_exc(file=sys.stderr)  # a bug: keep its traceback
            self._audit_denial(caller, request.scope if request else scope, err)
            self._send_json(err.status, err.body())
            return
        if isinstance(result, routes.Stream):
            self._send_stream(result)
        else:
            self._send_json(result.status, result.body)

    def _audit_denial(self, caller: Caller, scope: str, err: ApiError) -> None:
        did = caller.did
        with contextlib.suppress(Exception):
            self.gateway.auth.record(did, scope=scope, decision="deny", reason=err.code)

    def _check_loopback_headers(self) -> None:
        port = self.gateway.tcp_port
        host = self.headers.get("Host", "")
        if host not in (f"127.0.0.1:{port}", f"localhost:{port}"):
            raise ApiError(403, "host_refused", "the Host header must name the loopback address")

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            raise ApiError(411, "length_required", "send the body with a Content-Length")
        length_text = self.headers.get("Content-Length")
        if length_text is None:
            if self.command in ("POST", "PUT", "PATCH"):
                self.close_connection = True
                raise ApiError(411, "length_required", "send the body with a Content-Length")
            return b""
        if not length_text.isdigit() or len(length_text) > 12:
            self.close_connection = True
            raise ApiError(400, "invalid_length", "the Content-Length is not a number")
        length = int(length_text)
        if length > self.gateway.max_body:
            self.close_connection = True
            raise ApiError(413, "body_too_large", f"the body is over {self.gateway.max_body} bytes")
        raw = self.rfile.read(length)
        if len(raw) != length:
            self.close_connection = True
            raise ApiError(400, "incomplete_body", "the body ended early")
        return raw

    def _send_json(self, status: int, body: dict[str, Any]) -> None:
        payload = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.send_header("Cache-Control", "no-store")
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(payload)
        except OSError:
            self.close_connection = True

    def _send_stream(self, stream: routes.Stream) -> None:
        events = stream.events
        try:
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
            self.close_connection = True  # the plugin went away; closing the generator stops the model
        finally:
            close = getattr(events, "close", None)
            if close is not None:
                close()


class _UnixServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True
    block_on_close = False
    gateway: Gateway

    def verify_request(self, request: Any, client_address: Any) -> bool:
        creds = request.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
        _pid, uid, _gid = struct.unpack("3i", creds)
        if uid == os.getuid():
            return self.gateway.admit(request)
        err = ApiError(403, "peer_refused", "this Hearth serves only the user who runs it")
        with contextlib.suppress(Exception):
            self.gateway.auth.record(f"uid:{uid}", scope="connect", decision="deny", reason=err.code)
        _refuse(request, err)
        return False

    def close_request(self, request: Any) -> None:
        super().close_request(request)
        self.gateway.release()


class _TcpServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    gateway: Gateway

    def verify_request(self, request: Any, client_address: Any) -> bool:
        return self.gateway.admit(request)

    def close_request(self, request: Any) -> None:
        super().close_request(request)
        self.gateway.release()


def _refuse(request: socket.socket, err: ApiError) -> None:
    payload = json.dumps(err.body()).encode()
    with contextlib.suppress(OSError):
        request.sendall(b"HTTP/1.1 %d Refused\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
                        b"Connection: close\r\n\r\n%s" % (err.status, len(payload), payload))


class Gateway:
    """The plugin gateway for one unlocked vault. ``start()`` returns once it listens."""

    def __init__(self, vault: Vault, *, backend: Backend | None = None, socket_path: Path | None = None,
                 tcp_port: int | None = None, idle_timeout: float = DEFAULT_IDLE_TIMEOUT,
                 max_body: int = DEFAULT_MAX_BODY, max_connections: int = DEFAULT_MAX_CONNECTIONS,
                 challenge_ttl: float = pairing_mod.CHALLENGE_TTL_S,
                 session_ttl: float = pairing_mod.SESSION_TTL_S) -> None:
        self.vault = vault
        self.backend = backend or Backend()
        self.socket_path = socket_path or runtime_dir() / SOCKET_NAME
        self.tcp_port = tcp_port
        self.idle_timeout = idle_timeout
        self.max_body = max_body
        self.pairing = Pairing(domain=hearth_domain(vault), challenge_ttl=challenge_ttl,
                               session_ttl=session_ttl)
        self.auth = Authoriser(vault, self.pairing)
        self._slots = threading.BoundedSemaphore(max_connections)
        self._servers: list[socketserver.BaseServer] = []
        self._threads: list[threading.Thread] = []

    def admit(self, request: socket.socket) -> bool:
        if self._slots.acquire(blocking=False):
            return True
        _refuse(request, ApiError(503, "too_many_connections", "too many open connections"))
        return False

    def release(self) -> None:
        with contextlib.suppress(ValueError):
            self._slots.release()

    def start(self) -> Gateway:
        handler = type("Handler", (_Handler,), {"gateway": self})
        self._listen_unix(handler)
        if self.tcp_port is not None:
            tcp_handler = type("TcpHandler", (_Handler,), {"gateway": self, "tcp": True})
            tcp = _TcpServer(("127.0.0.1", self.tcp_port), tcp_handler)
            tcp.gateway = self
            self.tcp_port = int(tcp.server_address[1])
            self._serve(tcp)
        return self

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
        for server in self._servers:
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._servers.clear()
        with contextlib.suppress(FileNotFoundError):
            self.socket_path.unlink()
        self.backend.close()

    def __enter__(self) -> Gateway:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


__all__ = ["SOCKET_NAME", "Gateway", "NoSession"]
