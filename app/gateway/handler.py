"""One connection's HTTP/1.1 exchange: requests read within limits, routed, answered as JSON or SSE.

Built on the stdlib's ``BaseHTTPRequestHandler``, with the connection's reads
going through :class:`_Reader`, which applies an idle timeout between requests
(the connection is closed silently) and a deadline for a whole request, head
and body, from its first byte (408). The head's size is capped (414/431); a
body needs exactly one ASCII-digit ``Content-Length`` within the gateway's
limit (413; chunked bodies: 411); a header line that is not ``token: value``
(``Content-Length : 9``, which the stdlib's parser drops, letting the first
length win) or is folded is refused (400) before any body is read. On the
loopback TCP listener a Host that is not the loopback address is refused, and
on either listener any request that carries an Origin (a browser, i.e. DNS
rebinding). Every refusal is an OpenAI-style JSON error and is audited; an
access that sent data has its outcome audited whatever the client does.
Streams go out as server-sent events with chunked transfer encoding, each
event held back until the client has read the one before (nothing of it left
in the kernel's queues), so a stream that is stopped (a revoke) stops where
the client is reading, not a socket buffer later.
"""

from __future__ import annotations

import fcntl
import io
import json
import logging
import re
import socket
import struct
import termios
import time
from http.server import BaseHTTPRequestHandler
from typing import Any

from app.gateway import loopback, routes
from app.gateway.auth import Caller
from app.gateway.errors import ApiError, api_error
from app.gateway.jsonbody import ascii_int, parse_object
from app.gateway.parts import GatewayParts
from identity.errors import IdentityError
from identity.pairing import Session

log = logging.getLogger("hearth.gateway")

MAX_HEAD = 64 * 1024
METHODS = frozenset({"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"})
#: Protocol-level refusals (from the stdlib's parser): status, code, plain message.
_PROTOCOL = {400: (400, "bad_request", "the request is malformed"),
             408: (408, "request_timeout", "the request was not sent in time"),
             414: (414, "request_line_too_long", "the request line is too long"),
             431: (431, "headers_too_large", "the request headers are too many or too large"),
             501: (405, "method_not_allowed", "that method is not supported"),
             505: (400, "unsupported_version", "only HTTP/1.0 and HTTP/1.1 are spoken here")}
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
#: Bytes sent on a socket and not yet read by a Unix-socket peer, or not yet acknowledged by a
#: TCP one (Linux; SIOCOUTQ).
_OUTQ = getattr(termios, "TIOCOUTQ", None)


def _outq(sock: socket.socket) -> int:
    if _OUTQ is None:
        return 0
    try:
        return int(struct.unpack("i", fcntl.ioctl(sock.fileno(), _OUTQ, b"\0\0\0\0"))[0])
    except OSError:
        return 0


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


class Handler(BaseHTTPRequestHandler):
    """One connection: requests read within the limits, dispatched to :mod:`app.gateway.routes`."""

    protocol_version = "HTTP/1.1"
    default_request_version = "HTTP/1.0"  # never answer in HTTP/0.9 (no status line)
    server_version = "Hearth"
    sys_version = ""
    gateway: GatewayParts  # set on the per-gateway subclass
    tcp = False

    def setup(self) -> None:
        super().setup()
        self.peer = self.gateway.connections.peer_of(self.request)
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
            self.gateway.connections.linger(self.request)

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
                if not self._headers_well_formed():
                    self.close_connection = True
                    raise ApiError(400, "invalid_header", "a header line is malformed")
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
                    # A revoked or expired app key is refused under its own app.
                    who = Caller(Session(key_did, 0.0, ""), None) \
                        if (key_did := getattr(exc, "app_did", None)) else caller
                    self._audit_denial(who, request.scope if request else scope, err)
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

    def _headers_well_formed(self) -> bool:
        """Every header line a ``name: value`` with a token for a name, none folded. The stdlib's
        parser stops at the first line that is not a header and keeps the rest as a "payload", so
        ``Content-Length : 9`` after a ``Content-Length: 2`` would be silently dropped."""
        headers = self.headers
        if headers.defects or headers.get_payload():
            return False
        return all(_TOKEN.fullmatch(name) and "\n" not in value and "\r" not in value
                   for name, value in headers.items())

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

    def _unread(self) -> int:
        """What the client has not read yet of what was sent; 0 where the system cannot tell.
        On loopback TCP that is what is not acknowledged plus what waits in the client's own
        receive queue."""
        waiting = _outq(self.connection)
        if self.tcp and not waiting:
            try:
                client, server = self.connection.getpeername()[:2], self.connection.getsockname()[:2]
            except OSError:
                return 0
            end = loopback.client_end((str(client[0]), int(client[1])), (str(server[0]), int(server[1])))
            waiting = end.unread if end is not None else 0
        return waiting

    def _until_read(self) -> None:
        """Wait until the client has read everything sent so far (TimeoutError past the idle
        timeout: it stopped reading). Each next event is decided (grant still live?) only then."""
        deadline = time.monotonic() + self.gateway.idle_timeout
        pause = 0.0002
        while self._unread() > 0:
            if time.monotonic() > deadline:
                raise TimeoutError("the client stopped reading")
            time.sleep(pause)
            pause = min(pause * 2, 0.005)

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
                self._until_read()
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
