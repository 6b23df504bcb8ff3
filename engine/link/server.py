"""Serving this device's models to the person's other devices: the link's listening side.

:class:`LinkServer` listens on one TCP address. Each connection gets its own thread and goes,
in order, through: the mode (:mod:`engine.link.wire`), the TLS 1.3 handshake with the context
the :class:`Door` gives for that mode, ALPN, a hello carrying this device's DID and a fresh
nonce, and one request line. What may pass is decided by the door (the ``app`` layer, which asks
``identity``): :meth:`Door.authorise` for *use* (the client's certificate pin, its proof over the
nonce, its grant), :meth:`Door.pair` for *pairing*. Only an authorised ``chat`` request's body
ever reaches the engine (:class:`ChatService`: this device's registered models, streamed as
OpenAI ``chat.completion.chunk`` server-sent events); :attr:`LinkServer.stats` counts what did.

While an answer streams, the door's ``live`` check runs every quarter second: once the device is
revoked, the generation is cancelled, an error event says why, and the connection closes, well
within 2 s. While a pairing waits for the person's confirmation, a watcher tells the door (its
optional ``pairing_left``) as soon as the asking device closes its side, so a pairing cancelled
there ends here too. Nothing of what was asked or answered is written or logged here: the door gets a
:class:`LinkEvent` with names, sizes and outcomes only.
"""

from __future__ import annotations

import contextlib
import json
import logging
import secrets
import select
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from engine.errors import EngineError
from engine.link.errors import LinkRefused
from engine.link.wire import (
    ALPN,
    MAX_BODY,
    MODE_LEN,
    MODE_PAIR,
    MODE_USE,
    LineReader,
    peer_pin,
    send_line,
)
from engine.running.generate import Generation, GenerationSettings
from engine.running.pool import ModelPool

log = logging.getLogger("hearth.link")

MAX_CONNECTIONS = 32
LIVE_EVERY_S = 0.25
#: How soon a pairing that waits for the person notices the asking device went away.
LEAVE_POLL_S = 0.1
#: The refusal's reason when the asking device cancelled while its pairing waited.
LEFT = "cancelled"
_MESSAGE_FIELDS = {"role", "content", "name"}
_BODY_FIELDS = {"model", "messages", "stream", "stream_options", "temperature", "top_p", "max_tokens",
                "seed", "stop", "repeat_penalty", "user"}


@dataclass(frozen=True)
class Authorised:
    """A device the door let in: its name and DID, and how to tell it may still be served."""

    name: str
    did: str
    live: Callable[[], None]  # raises LinkRefused once the device may no longer be served


@dataclass(frozen=True)
class LinkEvent:
    """What happened on one connection: names, sizes and outcomes only, never content."""

    kind: str          # "served", "refused", "paired", "unpaired", "listed"
    peer: str          # the device's name, or the address when it is not known
    did: str = ""
    model: str = ""
    bytes_in: int = 0
    bytes_out: int = 0
    outcome: str = ""
    started_at: float = 0.0
    ended_at: float = 0.0


Handler = Callable[[ssl.SSLSocket, LineReader, Authorised, dict[str, Any]], None]


class Door(Protocol):
    did: str

    def use_context(self) -> ssl.SSLContext: ...

    def pair_context(self) -> ssl.SSLContext: ...

    def authorise(self, *, op: str, pin: str | None, nonce: str, request: dict[str, Any]) -> Authorised: ...

    def pair(self, *, nonce: str, request: dict[str, Any],
             tell: Callable[[dict[str, Any]], None]) -> dict[str, Any]: ...

    def unpair(self, who: Authorised) -> None: ...

    def report(self, event: LinkEvent) -> None: ...


@dataclass
class LinkStats:
    connections: int = 0
    refused: dict[str, int] = field(default_factory=dict)
    engine_requests: int = 0
    engine_bytes_in: int = 0
    engine_bytes_out: int = 0
    open_streams: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"connections": self.connections, "refused": dict(self.refused),
                "engine_requests": self.engine_requests, "engine_bytes_in": self.engine_bytes_in,
                "engine_bytes_out": self.engine_bytes_out, "open_streams": self.open_streams}


class ChatService:
    """The engine behind the link: this device's registered models, one chat stream per request."""

    def __init__(self, pool: ModelPool) -> None:
        self.pool = pool

    def models(self) -> list[str]:
        return [str(e.name) for e in self.pool.registry.list()]

    def start(self, body: dict[str, Any], cancel: threading.Event) -> tuple[str, Generation]:
        if set(body) - _BODY_FIELDS:
            extra = ", ".join(sorted(set(body) - _BODY_FIELDS))[:120]
            raise LinkRefused("bad_request", f"unknown fields: {extra}")
        model = body.get("model") or "default"
        if not isinstance(model, str) or model not in self.models():
            raise LinkRefused("model_not_found", f"this device has no model {str(model)[:80]!r}")
        messages = body.get("messages")
        if not (isinstance(messages, list) and 0 < len(messages) <= 64 and all(
                isinstance(m, dict) and set(m) <= _MESSAGE_FIELDS
                and m.get("role") in ("system", "user", "assistant")
                and isinstance(m.get("content"), str) and len(m["content"]) <= 64_000 for m in messages)):
            raise LinkRefused("bad_request", "messages must be 1 to 64 chat turns of text")
        if body.get("stream", True) is not True:
            raise LinkRefused("bad_request", "the link only streams answers")
        try:
            settings = GenerationSettings(
                temperature=float(body.get("temperature", 0.2)), top_p=float(body.get("top_p", 0.9)),
                seed=int(body["seed"]) if body.get("seed") is not None else None,
                max_tokens=min(int(body.get("max_tokens") or 512), 8192),
                stop=tuple(str(s) for s in (body.get("stop") or ()))[:8],
                repeat_penalty=float(body.get("repeat_penalty", 1.0)))
        except (TypeError, ValueError, EngineError) as exc:
            raise LinkRefused("bad_request", f"bad sampling options ({exc})") from None
        turns = [{"role": m["role"], "content": m["content"]} for m in messages]
        return model, self.pool.chat(turns, model=model, settings=settings, cancel=cancel)


def sse(value: dict[str, Any] | str) -> bytes:
    data = value if isinstance(value, str) else json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return f"data: {data}\n\n".encode()


class LinkServer:
    """One listening address, a thread per connection; ``start()`` returns once it listens."""

    def __init__(self, door: Door, chat: ChatService, *, host: str, port: int,
                 handshake_timeout: float = 10.0) -> None:
        self.door = door
        self.chat = chat
        self.host = host
        self.port = port
        self.handshake_timeout = handshake_timeout
        self.stats = LinkStats()
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None
        self._stopping = threading.Event()
        self._open: set[ssl.SSLSocket | socket.socket] = set()
        #: Further requests an authorised device may make (``rpc`` for a split model): each takes
        #: over its connection once the door let it in.
        self.handlers: dict[str, Handler] = {}

    @property
    def address(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"

    def start(self) -> LinkServer:
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        listener = socket.socket(family, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((self.host, self.port))
        listener.listen(64)
        self.port = int(listener.getsockname()[1])
        self._listener = listener
        threading.Thread(target=self._accept, name="hearth-link-accept", daemon=True).start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._listener is not None:
            self._listener.close()
        with self._lock:
            for sock in list(self._open):
                _shut(sock)

    def _accept(self) -> None:
        assert self._listener is not None
        while not self._stopping.is_set():
            try:
                raw, addr = self._listener.accept()
            except OSError:
                return
            with self._lock:
                crowded = len(self._open) >= MAX_CONNECTIONS
                if not crowded:
                    self._open.add(raw)
                    self.stats.connections += 1
            if crowded:
                raw.close()
                self._refused(str(addr[0]), "busy", "too many connections")
                continue
            threading.Thread(target=self._serve, args=(raw, str(addr[0])), name="hearth-link-conn",
                             daemon=True).start()

    def _refused(self, peer: str, reason: str, message: str, did: str = "") -> None:
        with self._lock:
            self.stats.refused[reason] = self.stats.refused.get(reason, 0) + 1
        now = time.time()
        self._report(LinkEvent("refused", peer, did, outcome=f"{reason}: {message}", started_at=now,
                               ended_at=now))

    def _report(self, event: LinkEvent) -> None:
        try:
            self.door.report(event)
        except Exception:
            log.exception("a link event could not be reported")

    def _serve(self, raw: socket.socket, peer: str) -> None:
        tls: ssl.SSLSocket | None = None
        try:
            opened = self._handshake(raw)
            if opened is not None:
                tls = opened[0]
                self._exchange(*opened)
        except LinkRefused as exc:
            self._refused(peer, exc.reason, str(exc))
        except (OSError, TimeoutError) as exc:
            self._refused(peer, "connection", type(exc).__name__)
        except Exception as exc:  # a bug or a vault error: this connection ends, the server stays
            log.exception("a link connection failed")
            self._refused(peer, "error", type(exc).__name__)
        finally:
            with self._lock:
                self._open.discard(raw)
                if tls is not None:
                    self._open.discard(tls)
            _shut(tls or raw)

    def _handshake(self, raw: socket.socket) -> tuple[ssl.SSLSocket, bool] | None:
        raw.settimeout(self.handshake_timeout)
        mode = b""
        while len(mode) < MODE_LEN:
            chunk = raw.recv(MODE_LEN - len(mode))
            if not chunk:
                return None
            mode += chunk
        if mode == MODE_USE:
            context = self.door.use_context()
        elif mode == MODE_PAIR:
            context = self.door.pair_context()
        else:
            raise LinkRefused("protocol", "not a Hearth link connection")
        try:
            tls = context.wrap_socket(raw, server_side=True)
        except ssl.SSLError as exc:
            reason = (exc.reason or "").lower().replace("_", " ")
            if "did not return a certificate" in reason or "no certificate" in reason:
                raise LinkRefused("no_certificate", "a device presented no certificate") from None
            if "certificate verify failed" in str(exc).lower():
                raise LinkRefused("unpaired",
                                  "a device presented a certificate that is not paired here") from None
            raise LinkRefused("tls", f"the TLS handshake failed ({reason[:80]})") from None
        with self._lock:
            self._open.add(tls)
        if tls.version() != "TLSv1.3" or tls.selected_alpn_protocol() != ALPN:
            raise LinkRefused("protocol", f"the other side does not speak {ALPN} over TLS 1.3")
        tls.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return tls, mode == MODE_PAIR

    def _exchange(self, tls: ssl.SSLSocket, pairing: bool) -> None:
        nonce = secrets.token_urlsafe(24)
        send_line(tls, {"v": 1, "did": self.door.did, "nonce": nonce})
        reader = LineReader(tls)
        request = reader.json(timeout=self.handshake_timeout)
        op = request.get("op")
        try:
            if pairing:
                if op != "pair":
                    raise LinkRefused("protocol", "only pairing is possible on a pairing connection")
                def tell(message: dict[str, Any]) -> None:
                    send_line(tls, message)

                with _watching_for_leave(tls, lambda: self._pairing_left(tell)):
                    reply = self.door.pair(nonce=nonce, request=request, tell=tell)
                send_line(tls, {"ok": True, **reply})
                return
            if op not in ("chat", "models", "unpair") and op not in self.handlers:
                raise LinkRefused("protocol", "unknown request")
            who = self.door.authorise(op=op, pin=peer_pin(tls), nonce=nonce, request=request)
        except LinkRefused as exc:
            if exc.reason != LEFT:   # nobody is there to read it
                send_line(tls, {"ok": False, "code": exc.reason, "error": str(exc)})
            raise
        send_line(tls, {"ok": True})
        if op == "models":
            send_line(tls, {"models": self.chat.models()})
            self._report(LinkEvent("listed", who.name, who.did, outcome="ok"))
        elif op == "unpair":
            self.door.unpair(who)
            send_line(tls, {"unpaired": True})
        elif op in self.handlers:
            self.handlers[op](tls, reader, who, request)
        else:
            self._chat(tls, reader, who)

    def _pairing_left(self, tell: Callable[[dict[str, Any]], None]) -> None:
        """The asking device closed its side while its pairing waited (it cancelled): the door,
        when it can, ends that wait (``Door.pairing_left``), and nothing is stored."""
        left = getattr(self.door, "pairing_left", None)
        if left is not None:
            left(tell)

    def _chat(self, tls: ssl.SSLSocket, reader: LineReader, who: Authorised) -> None:
        started = time.time()
        raw = reader.line(limit=MAX_BODY, timeout=30.0)
        try:
            body = json.loads(raw)
            if not isinstance(body, dict):
                raise ValueError
        except ValueError:
            raise LinkRefused("bad_request", "the request body is not a JSON object") from None
        cancel = threading.Event()
        write = threading.Lock()
        ended = threading.Event()
        revoked: list[LinkRefused] = []
        sent = [0]

        def emit(data: bytes) -> None:
            with write:
                if ended.is_set():
                    raise ConnectionAbortedError("the stream was ended")
                tls.sendall(data)
                sent[0] += len(data)

        def watch() -> None:
            while not ended.wait(LIVE_EVERY_S):
                try:
                    who.live()
                except LinkRefused as exc:
                    revoked.append(exc)
                    cancel.set()
                    if not ended.wait(1.0):  # the model did not stop in time: end it from here
                        with write:
                            if not ended.is_set():
                                ended.set()
                                _try_send(tls, _error_event(exc))
                                _shut(tls)
                    return
                except Exception:
                    log.exception("the live check failed")

        try:
            model, generation = self.chat.start(body, cancel)
        except LinkRefused as exc:
            _try_send(tls, _error_event(exc))
            raise
        except EngineError as exc:  # the model is missing or will not load
            refused = LinkRefused(exc.code, f"this device could not answer: {exc}")
            _try_send(tls, _error_event(refused))
            raise refused from None
        with self._lock:
            self.stats.engine_requests += 1
            self.stats.engine_bytes_in += len(raw)
            self.stats.open_streams += 1
        threading.Thread(target=watch, name="hearth-link-live", daemon=True).start()
        outcome = "ok"
        try:
            for chunk in _chunks(model, generation):
                emit(chunk)
            if revoked:
                outcome = f"revoked: {revoked[0].reason}"
                emit(_error_event(revoked[0]))
        except (OSError, ConnectionAbortedError):
            outcome = f"revoked: {revoked[0].reason}" if revoked else "the device went away"
            generation.cancel()
        except EngineError as exc:
            outcome = f"failed: {exc}"
            _try_send(tls, _error_event(LinkRefused(exc.code, str(exc))))
        finally:
            ended.set()
            generation.cancel()
            with self._lock:
                self.stats.engine_bytes_out += sent[0]
                self.stats.open_streams -= 1
        self._report(LinkEvent("served", who.name, who.did, model=model, bytes_in=len(raw),
                               bytes_out=sent[0], outcome=outcome, started_at=started, ended_at=time.time()))


def _chunks(model: str, generation: Generation) -> Iterator[bytes]:
    ident = "chatcmpl-" + secrets.token_hex(8)
    created = int(time.time())

    def chunk(delta: dict[str, str], finish: str | None, **extra: Any) -> bytes:
        return sse({"id": ident, "object": "chat.completion.chunk", "created": created, "model": model,
                    "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra})

    yield chunk({"role": "assistant"}, None)
    for delta in generation:
        yield chunk({"content": delta}, None)
    answer = generation.answer
    assert answer is not None
    if answer.finish_reason == "cancelled":
        return
    yield chunk({}, answer.finish_reason, usage={
        "prompt_tokens": answer.prompt_tokens, "completion_tokens": answer.completion_tokens,
        "total_tokens": answer.prompt_tokens + answer.completion_tokens})
    yield sse("[DONE]")


def _error_event(exc: LinkRefused) -> bytes:
    return sse({"error": {"code": exc.reason, "message": str(exc)}})


@contextlib.contextmanager
def _watching_for_leave(tls: ssl.SSLSocket, left: Callable[[], None]) -> Iterator[None]:
    """While the block runs, call ``left`` once if the other side closes the connection or sends
    anything (an asking device sends nothing while its pairing waits for the confirmation)."""
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            try:
                readable, _w, _x = select.select([tls], [], [], LEAVE_POLL_S)
            except (OSError, ValueError):
                return
            if readable and not done.is_set():
                left()
                return

    watcher = threading.Thread(target=watch, name="link-pair-watch", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join()


def _try_send(sock: ssl.SSLSocket, data: bytes) -> None:
    try:
        sock.sendall(data)
    except OSError:
        pass


def _shut(sock: socket.socket | None) -> None:
    if sock is None:
        return
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
