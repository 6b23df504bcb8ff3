"""Using another of the person's devices: the link's asking side.

A :class:`Target` is a paired device as this one knows it (its DID, addresses, the pin of its
link key, the grant it gave); :class:`Credentials` are this device's link certificate and a
callable that proves this device's DID over a nonce (``identity`` signs; the engine never sees
a DID key). :func:`open_session` connects with a short timeout, checks the server's pin before
sending anything (:func:`engine.link.wire.connect`), checks the hello names the DID it paired
with, then presents the proof and the grant for one request.

:func:`start_link_chat` streams a chat completion through the link on its own thread and returns
the same :class:`~engine.running.generate.Generation` handle local and remote models return; the
exchange's sizes and outcome go to ``on_exchange`` as an :class:`~engine.routing.remote.Exchange`
(``url`` is ``hearth-link://ADDRESS/v1``). A device that is off or unreachable fails fast with
:class:`LinkFailed` before the first token, so the dispatcher's next model answers; a device that
goes away mid-answer, or revokes this one, ends the stream with an error naming it.

:func:`pair` takes a pairing code: TLS to an address in it, the server's key checked against the
code's pin, then the secret, this device's DID proof and link certificate; the server answers
with the 6-digit confirmation (checked against the one computed here) and, once the person
confirms, the grant.
"""

from __future__ import annotations

import base64
import hashlib
import json
import queue
import select
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.errors import EngineError
from engine.link.errors import LinkFailed, LinkRefused
from engine.link.wire import (
    MAX_LINE,
    MODE_PAIR,
    MODE_USE,
    LineReader,
    PairingCode,
    client_context,
    confirmation,
    connect,
    send_line,
    tls_words,
)
from engine.routing.remote import Exchange, ExchangeHook
from engine.running.generate import Answer, Generation, answer_from_stream

CONNECT_TIMEOUT_S = 3.0
READ_TIMEOUT_S = 120.0
PAIR_WAIT_S = 180.0
#: How soon a pairing that waits for the other computer's confirmation notices it was cancelled.
CANCEL_POLL_S = 0.1


@dataclass(frozen=True)
class Credentials:
    """This device on the link: its link certificate and key, and its DID's proof."""

    cert_pem: bytes
    key_pem: bytes = field(repr=False)
    pin: str
    did: str
    prove: Callable[[str, str], str] = field(repr=False)  # (nonce, audience DID) -> VP-JWT
    scratch: Path  # a private folder (the runtime folder) where ssl may read the key from a file


@dataclass(frozen=True)
class Target:
    """A paired device, as this one knows it."""

    name: str
    did: str
    addresses: tuple[str, ...]
    pin: str
    grant: str = field(repr=False)


@dataclass
class Session:
    sock: ssl.SSLSocket
    reader: LineReader
    address: str
    sent: int = 0

    def close(self) -> None:
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


def said(value: object, limit: int = 300) -> str:
    """Text the other device sent, fit to show: printable characters only, bounded."""
    return "".join(c for c in str(value) if c.isprintable())[:limit]


def _read(reader: LineReader, who: str, *, timeout: float, limit: int = MAX_LINE) -> dict[str, Any]:
    try:
        return reader.json(timeout=timeout, limit=limit)
    except ssl.SSLError as exc:
        raise LinkRefused("tls_refused", f"{who} refused this device: {tls_words(exc)}") from None
    except TimeoutError:
        raise LinkFailed(f"{who} stopped answering") from None
    except OSError:
        raise LinkFailed(f"{who} closed the connection") from None


def _reach(addresses: tuple[str, ...], who: str, *, mode: bytes, context: ssl.SSLContext, pin: str,
           timeout: float) -> tuple[ssl.SSLSocket, str]:
    failures: list[LinkFailed] = []
    for address in addresses:
        try:
            return connect(address, mode=mode, context=context, pin=pin, connect_timeout=timeout,
                           who=who), address
        except LinkRefused:
            raise
        except LinkFailed as exc:
            failures.append(exc)
    raise failures[-1] if failures else LinkFailed(f"{who} has no address")


def open_session(target: Target, me: Credentials, op: str, *,
                 connect_timeout: float = CONNECT_TIMEOUT_S, counts: dict[str, Any] | None = None) -> Session:
    """An authorised connection for one ``op`` (``chat``, ``models``, ``unpair``).

    ``counts`` gets the address reached and the bytes sent and read so far, also when refused."""
    context = client_context(me.cert_pem, me.key_pem, scratch=me.scratch)
    sock, address = _reach(target.addresses, target.name, mode=MODE_USE, context=context,
                           pin=target.pin, timeout=connect_timeout)
    session = Session(sock, LineReader(sock), address)
    if counts is not None:
        counts["address"] = address
    try:
        hello = _read(session.reader, target.name, timeout=10.0)
        if hello.get("did") != target.did or not isinstance(hello.get("nonce"), str):
            raise LinkRefused("wrong_device", f"the device at {address} is not {target.name}")
        proof = me.prove(hello["nonce"], target.did)
        session.sent += send_line(sock, {"op": op, "presentation": proof, "grant": target.grant})
        reply = _read(session.reader, target.name, timeout=10.0)
        if reply.get("ok") is not True:
            raise LinkRefused(said(reply.get("code") or "refused", 40),
                              f"{target.name} refused this device: {said(reply.get('error'))}")
        return session
    except BaseException:
        session.close()
        raise
    finally:
        if counts is not None:
            counts.update(out=session.sent, read=session.reader.received)


def _one_reply(target: Target, me: Credentials, op: str, *, connect_timeout: float,
               on_exchange: ExchangeHook | None) -> dict[str, Any]:
    """Open a session for ``op``, read its one reply; the exchange (sizes, outcome) to ``on_exchange``."""
    counts: dict[str, Any] = {"address": target.addresses[0] if target.addresses else "", "out": 0, "read": 0}
    started, status = time.time(), "ok"
    try:
        session = open_session(target, me, op, connect_timeout=connect_timeout, counts=counts)
        try:
            return _read(session.reader, target.name, timeout=10.0)
        finally:
            counts["read"] = session.reader.received
            session.close()
    except LinkRefused as exc:
        status = f"refused: {exc.reason}"
        raise
    except EngineError as exc:
        status = f"failed: {exc}"
        raise
    finally:
        if on_exchange is not None:
            on_exchange(Exchange(target.name, f"hearth-link://{counts['address']}/link/{op}", "",
                                 int(counts["out"]), int(counts["read"]), status, started, time.time()))


def list_models(target: Target, me: Credentials, *, connect_timeout: float = CONNECT_TIMEOUT_S,
                on_exchange: ExchangeHook | None = None) -> list[str]:
    reply = _one_reply(target, me, "models", connect_timeout=connect_timeout, on_exchange=on_exchange)
    models = reply.get("models")
    if not isinstance(models, list):
        raise LinkFailed(f"{target.name} did not list its models")
    return [said(m, 200) for m in models[:200]]


def unpair_remote(target: Target, me: Credentials, *, connect_timeout: float = CONNECT_TIMEOUT_S,
                  on_exchange: ExchangeHook | None = None) -> None:
    """Ask the device to revoke this device's grant there (it forgets this device)."""
    reply = _one_reply(target, me, "unpair", connect_timeout=connect_timeout, on_exchange=on_exchange)
    if reply.get("unpaired") is not True:
        raise LinkFailed(f"{target.name} did not confirm the unpairing")


def start_link_chat(target: Target, me: Credentials, body: bytes, *,
                    cancel: threading.Event | None = None, on_exchange: ExchangeHook | None = None,
                    connect_timeout: float = CONNECT_TIMEOUT_S,
                    read_timeout: float = READ_TIMEOUT_S) -> Generation:
    """Send ``body`` (an OpenAI chat completion request) through the link and stream the answer."""
    events: queue.SimpleQueue[Any] = queue.SimpleQueue()
    stop = threading.Event()
    submitted = time.perf_counter()

    def run() -> None:
        started = time.time()
        counts = {"out": 0, "in": 0}
        address = target.addresses[0] if target.addresses else ""
        outcome: Answer | EngineError
        try:
            session = open_session(target, me, "chat", connect_timeout=connect_timeout)
            address = session.address
            try:
                counts["out"] = session.sent + len(body) + 1
                session.sock.sendall(body + b"\n")
                outcome = _stream(target, session, stop, cancel, events, submitted, read_timeout)
            finally:
                counts["in"] = session.reader.received
                session.close()
            status = "cancelled" if outcome.finish_reason == "cancelled" else "ok"
        except LinkRefused as exc:
            outcome, status = exc, f"refused: {exc.reason}"
        except EngineError as exc:
            outcome, status = exc, f"failed: {exc}"
        except Exception as exc:  # a malformed stream is the device's failure; never leave the reader waiting
            outcome = LinkFailed(f"{target.name} sent an unreadable answer ({type(exc).__name__})")
            status = f"failed: {outcome}"
        if on_exchange is not None:
            try:
                on_exchange(Exchange(target.name, f"hearth-link://{address}/v1",
                                     hashlib.sha256(body).hexdigest(), counts["out"], counts["in"],
                                     status, started, time.time()))
            except Exception:  # the log's failure must not lose the answer
                pass
        events.put(outcome)

    threading.Thread(target=run, name=f"hearth-link-{target.name}", daemon=True).start()
    return Generation(model=target.name, _events=events, _stop=stop)


def _stream(target: Target, session: Session, stop: threading.Event, cancel: threading.Event | None,
            events: queue.SimpleQueue[Any], submitted: float, read_timeout: float) -> Answer:
    parts: list[str] = []
    finish, first, chunks = "stop", None, 0
    usage: dict[str, Any] = {}
    done = False
    while True:
        if stop.is_set() or (cancel is not None and cancel.is_set()):
            finish = "cancelled"
            break
        try:
            line = session.reader.line(limit=MAX_LINE, timeout=read_timeout)
        except TimeoutError:
            raise LinkFailed(f"{target.name} stopped answering mid-answer") from None
        except (OSError, ConnectionResetError):
            break
        if not line.startswith(b"data:"):
            continue
        data = line[5:].strip()
        if data == b"[DONE]":
            done = True
            break
        try:
            chunk = json.loads(data)
        except ValueError:
            raise LinkFailed(f"{target.name} sent an unreadable answer") from None
        if not isinstance(chunk, dict):
            raise LinkFailed(f"{target.name} sent an unreadable answer")
        if isinstance(chunk.get("error"), dict):
            err = chunk["error"]
            reason = said(err.get("code") or "error", 40)
            if reason in ("grant_revoked", "grant_expired", "device_refused", "unpaired"):
                raise LinkRefused(reason, f"{target.name} ended the answer: this device's access "
                                  f"there was revoked ({said(err.get('message'), 200)})")
            raise LinkFailed(f"{target.name} could not answer: {said(err.get('message'), 200)}")
        usage = chunk.get("usage") or usage
        for choice in chunk.get("choices") or ():
            text = (choice.get("delta") or {}).get("content")
            if text:
                first = first or time.perf_counter()
                chunks += 1
                parts.append(text)
                events.put(text)
            if choice.get("finish_reason"):
                finish = str(choice["finish_reason"])
    if not done and finish != "cancelled":
        raise LinkFailed(f"{target.name} went away mid-answer")
    return answer_from_stream(parts, model=target.name, finish=finish, usage=usage, chunks=chunks,
                              submitted=submitted, first=first)


class PairingCancelled(LinkFailed):
    """The person cancelled the pairing on this computer while it waited; nothing was stored."""


@dataclass(frozen=True)
class Paired:
    """What pairing brought back: the serving device's DID, its name for itself, models, grant."""

    did: str
    address: str
    addresses: tuple[str, ...]
    pin: str
    grant: str = field(repr=False)
    name: str = ""
    models: tuple[str, ...] = ()
    confirmation: str = ""


def pair(code: PairingCode, me: Credentials, *, my_name: str,
         on_confirmation: Callable[[str], None] = lambda digits: None,
         connect_timeout: float = CONNECT_TIMEOUT_S, wait: float = PAIR_WAIT_S,
         on_exchange: ExchangeHook | None = None,
         cancelled: Callable[[], bool] | None = None) -> Paired:
    """Pair with the device that showed ``code``; ``on_confirmation`` gets the 6 digits to compare.

    The exchange (sizes and outcome, once it was attempted) goes to ``on_exchange``. Once
    ``cancelled()`` holds, before the grant arrived, the wait ends within :data:`CANCEL_POLL_S`
    with :class:`PairingCancelled` and the connection is closed, so the other device ends its wait
    too; nothing is paired on either side."""
    counts: dict[str, Any] = {"address": code.addresses[0], "out": 0, "read": 0}
    started, status = time.time(), "ok"
    try:
        return _pair(code, me, my_name=my_name, on_confirmation=on_confirmation,
                     connect_timeout=connect_timeout, wait=wait, counts=counts, cancelled=cancelled)
    except PairingCancelled:
        status = "cancelled"
        raise
    except LinkRefused as exc:
        status = f"refused: {exc.reason}"
        raise
    except EngineError as exc:
        status = f"failed: {exc}"
        raise
    finally:
        if on_exchange is not None and counts.get("tried"):
            on_exchange(Exchange("pairing", f"hearth-link://{counts['address']}/link/pair", "",
                                 int(counts["out"]), int(counts["read"]), status, started, time.time()))


def _pair(code: PairingCode, me: Credentials, *, my_name: str, on_confirmation: Callable[[str], None],
          connect_timeout: float, wait: float, counts: dict[str, Any],
          cancelled: Callable[[], bool] | None = None) -> Paired:
    if code.expires_at < time.time():
        raise LinkRefused("code_expired", "this pairing code has expired; ask for a new one "
                          "('hearth link code')")
    expected = confirmation(code.pin, me.pin)
    context = client_context(None, None, scratch=me.scratch)
    counts["tried"] = True
    sock, address = _reach(code.addresses, "the device that showed the code", mode=MODE_PAIR,
                           context=context, pin=code.pin, timeout=connect_timeout)
    counts["address"] = address
    reader = LineReader(sock)
    who = f"the device at {address}"
    try:
        hello = _read(reader, who, timeout=10.0)
        if hello.get("did") != code.did or not isinstance(hello.get("nonce"), str):
            raise LinkRefused("wrong_device", f"{who} is not the one that showed the code")
        if cancelled is not None and cancelled():
            raise PairingCancelled("the pairing was cancelled on this computer; nothing was stored")
        secret = base64.urlsafe_b64encode(code.secret).decode()
        counts["out"] = send_line(sock, {"op": "pair", "secret": secret, "did": me.did, "name": my_name,
                                         "cert": me.cert_pem.decode(),
                                         "presentation": me.prove(hello["nonce"], code.did)})
        deadline = time.monotonic() + wait
        while True:
            if cancelled is not None:
                _wait_unless_cancelled(reader, deadline, cancelled)
            reply = _read(reader, who, timeout=max(1.0, deadline - time.monotonic()))
            if reply.get("ok") is False:
                raise LinkRefused(said(reply.get("code") or "refused", 40),
                                  f"pairing refused: {said(reply.get('error'))}")
            digits = str(reply.get("confirmation") or "")
            if digits != expected:
                raise LinkRefused("confirmation_mismatch", "the confirmation the device shows differs "
                                  "from this one's: someone may be in between; nothing was stored")
            if reply.get("ok") is True:
                break
            on_confirmation(digits)
    finally:
        counts["read"] = reader.received
        sock.close()
    grant = reply.get("grant")
    if not isinstance(grant, str):
        raise LinkFailed("pairing ended without a grant")
    listed = reply.get("models")
    models = listed if isinstance(listed, list) else []
    return Paired(code.did, address, code.addresses, code.pin, grant, said(reply.get("name") or "", 40),
                  tuple(said(m, 200) for m in models[:200]), expected)


def _wait_unless_cancelled(reader: LineReader, deadline: float, cancelled: Callable[[], bool]) -> None:
    """Return once a line can be read from ``reader`` (or the deadline passed); raise
    :class:`PairingCancelled` as soon as ``cancelled()`` holds (checked every CANCEL_POLL_S) and
    nothing has arrived: a grant already here is read, not dropped."""
    sock = reader.sock
    while True:
        held = sock.pending() if isinstance(sock, ssl.SSLSocket) else 0
        left = deadline - time.monotonic()
        if b"\n" in reader.buffer or held or left <= 0:
            return
        stop = cancelled()
        readable, _w, _x = select.select([sock], [], [], 0 if stop else min(CANCEL_POLL_S, left))
        if readable:
            return
        if stop:
            raise PairingCancelled("the pairing was cancelled on this computer; nothing was stored")
