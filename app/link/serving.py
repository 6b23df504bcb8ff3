"""Serving this computer's models to the person's other devices: the link, composed.

:class:`LinkService` joins :mod:`engine.link` (TLS, the chat stream) and :mod:`identity.devices`
(who may pass) for one open vault. Its door lets a connection reach the engine only when:
its TLS certificate is a paired device's (pinned by SPKI), the device proved its DID over this
connection's nonce, and it presented a live ``engine.chat`` grant that this vault's user issued
to that DID for that link key. Every refusal and every answer served is written to the audit log
(device, model, sizes, outcome; never content) and said in one line on ``say``.

Pairing codes live in this process's memory only: single use (spent by the first attempt that
names them, whatever follows), 10 minutes. A pairing waits for the person to confirm the 6 digits
(:meth:`LinkService.confirm`, from ``hearth link confirm``) unless the service was started with
``accept_pairing``, where the valid code is the confirmation. The control socket (``hearth link
code | confirm | status``) is private to this user. A device let in for ``engine.chat`` may also
ask which models are served and their sizes (the ``sizes`` request: names, file sizes and
parameter counts), which its router weighs them by.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.link.using import SIZES_OP
from engine.link.control import SOCKET_NAME, ControlServer
from engine.link.errors import LinkFailed, LinkRefused
from engine.link.server import LEFT, Authorised, ChatService, LinkEvent, LinkServer
from engine.link.wire import (
    CODE_TTL_S,
    LineReader,
    PairingCode,
    confirmation,
    pairing_context,
    send_line,
    server_context,
    split_address,
)
from engine.running.pool import ModelPool
from identity import devices
from identity.audit import append as audit
from identity.didkey import fingerprint
from identity.errors import IdentityError
from vault import Vault
from vault.paths import runtime_dir

CONFIRM_WAIT_S = 180.0
MAX_OPEN_CODES = 8


@dataclass
class _Code:
    expires_at: float
    used: bool = False


@dataclass
class _Pending:
    name: str
    digits: str
    decided: threading.Event = field(default_factory=threading.Event)
    accepted: bool = False
    declined: bool = False
    tell: Any = None            # the connection's own, to know it again when it leaves
    left: bool = False          # the asking device cancelled (closed its side) while it waited


def model_sizes(registry: Any) -> list[dict[str, Any]]:
    """Each model this computer serves: its name, its file's size in bytes, its parameter count."""
    from app.routing import parameters_of

    out: list[dict[str, Any]] = []
    for entry in registry.list():
        try:
            size = entry.path.stat().st_size
        except OSError:
            size = 0
        out.append({"name": str(entry.name), "bytes": int(size), "parameters": parameters_of(entry.path)})
    return out


def control_path() -> Path:
    return runtime_dir() / SOCKET_NAME


def this_computer() -> str:
    """A device name for this computer, from its host name."""
    host = socket.gethostname().split(".")[0].lower() or "computer"
    cleaned = "".join(c if c.isalnum() or c in "._-" else "-" for c in host)[:40].strip("-._")
    return cleaned or "computer"


class VaultDoor:
    """Who may pass, decided from the vault (see the module docstring)."""

    def __init__(self, vault: Vault, *, models: Callable[[], list[str]], accept_pairing: bool,
                 say: Callable[[str], None]) -> None:
        self.vault = vault
        self.me = devices.device_identity(vault)
        self.did: str = self.me.did
        self.models = models
        self.accept_pairing = accept_pairing
        # What a device sent may be in a line (a refused field's name): printable characters only.
        self.say: Callable[[str], None] = lambda line: say("".join(c for c in line if c.isprintable()))
        self.scratch = runtime_dir()
        self._lock = threading.Lock()
        self._codes: dict[bytes, _Code] = {}
        self._pending: _Pending | None = None
        self._use: tuple[tuple[str, ...], ssl.SSLContext] | None = None
        self._pair: ssl.SSLContext | None = None

    # -- TLS contexts -------------------------------------------------------------------------------

    def use_context(self) -> ssl.SSLContext:
        clients = devices.list_clients(self.vault)
        pins = tuple(sorted(c.pin for c in clients))
        with self._lock:
            if self._use is None or self._use[0] != pins:
                trusted = [c.cert_pem.encode() for c in clients]
                self._use = (pins, server_context(self.me.link_cert_pem, self.me.link_key_pem, trusted,
                                                  scratch=self.scratch))
            return self._use[1]

    def pair_context(self) -> ssl.SSLContext:
        with self._lock:
            if self._pair is None:
                self._pair = pairing_context(self.me.link_cert_pem, self.me.link_key_pem,
                                             scratch=self.scratch)
            return self._pair

    # -- pairing codes and confirmations --------------------------------------------------------------

    def new_code(self, addresses: tuple[str, ...], *, ttl: float = CODE_TTL_S) -> PairingCode:
        import secrets

        secret = secrets.token_bytes(16)
        now = time.time()
        ttl = min(max(float(ttl), 1.0), CODE_TTL_S)
        with self._lock:
            self._codes = {h: c for h, c in self._codes.items() if c.expires_at > now and not c.used}
            if len(self._codes) >= MAX_OPEN_CODES:
                raise LinkFailed("too many pairing codes are open; use one or wait 10 minutes")
            self._codes[hashlib.sha256(secret).digest()] = _Code(now + ttl)
        return PairingCode(self.did, addresses, self.me.link_pin, secret, now + ttl)

    def confirm(self, digits: str) -> dict[str, Any]:
        with self._lock:
            pending = self._pending
        if pending is None:
            return {"ok": False, "error": "no pairing request is waiting for a confirmation"}
        pending.accepted = digits.strip() == pending.digits
        pending.decided.set()
        if not pending.accepted:
            return {"ok": False, "error": f"that is not the confirmation {pending.name} showed; "
                                          "the pairing was aborted and nothing was stored"}
        return {"ok": True, "device": pending.name}

    def decline(self) -> dict[str, Any]:
        """The person said no to the waiting pairing (the window's Cancel): nothing is stored."""
        with self._lock:
            pending = self._pending
        if pending is None:
            return {"ok": False, "error": "no pairing request is waiting for a confirmation"}
        pending.declined = True
        pending.decided.set()
        return {"ok": True, "device": pending.name}

    def pairing_left(self, tell: object) -> None:
        """The asking device of the waiting pairing (known by its ``tell``) went away: it
        cancelled, so the wait ends and nothing is stored."""
        with self._lock:
            pending = self._pending
        if pending is not None and pending.tell is tell and not pending.decided.is_set():
            pending.left = True
            pending.decided.set()

    def waiting(self) -> tuple[str, str] | None:
        """The pairing waiting for the person now: (the device's name, its 6 digits), or None."""
        with self._lock:
            pending = self._pending
        return None if pending is None or pending.decided.is_set() else (pending.name, pending.digits)

    def _spend(self, secret: object) -> None:
        try:
            raw = base64.urlsafe_b64decode(str(secret)) if isinstance(secret, str) else b""
        except (ValueError, binascii.Error):
            raw = b""
        with self._lock:
            code = self._codes.get(hashlib.sha256(raw).digest()) if len(raw) == 16 else None
            if code is None and not self._codes:
                raise LinkRefused("not_pairing", "this device has no pairing code open; "
                                  "run 'hearth link code' there first")
            if code is None:
                raise LinkRefused("unknown_code", "this pairing code is not one this device gave")
            if code.used:
                raise LinkRefused("code_used", "this pairing code was already used; ask for a new one")
            code.used = True
            if code.expires_at <= time.time():
                raise LinkRefused("code_expired", "this pairing code has expired; ask for a new one")

    def pair(self, *, nonce: str, request: dict[str, Any],
             tell: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
        self._spend(request.get("secret"))  # refused here, in words, when no code is open
        try:
            did = devices.verify_presentation(request.get("presentation"), nonce=nonce, audience=self.did)
            if did != request.get("did"):
                raise LinkRefused("wrong_device", "the device proved another DID than it named")
            cert = str(request.get("cert") or "")
            pin = devices.spki_pin(cert.encode())
            name = devices.unique_client_name(self.vault, request.get("name") or "device", did)
        except IdentityError as exc:
            raise LinkRefused(exc.code, f"pairing refused: {exc}") from None
        digits = confirmation(self.me.link_pin, pin)
        if not self.accept_pairing:
            pending = _Pending(name, digits, tell=tell)
            with self._lock:
                if self._pending is not None:
                    raise LinkRefused("busy", "another pairing is waiting for its confirmation")
                self._pending = pending
            try:
                tell({"status": "confirm", "confirmation": digits})
                self.say(f"pairing request from {name} ({fingerprint(did)}): confirmation {digits}. "
                         f"If {name} shows the same, run 'hearth link confirm {digits}' here")
                if not pending.decided.wait(CONFIRM_WAIT_S):
                    raise LinkRefused("not_confirmed", "nobody confirmed the pairing in time; "
                                      "nothing was stored")
                if pending.left:
                    raise LinkRefused(LEFT, f"{name} cancelled the pairing; nothing was stored")
                if pending.declined:
                    raise LinkRefused("declined", "the pairing was cancelled on the other computer; "
                                      "nothing was stored")
                if not pending.accepted:
                    raise LinkRefused("confirmation_mismatch", "the confirmation entered on this "
                                      "device did not match; nothing was stored")
            finally:
                with self._lock:
                    self._pending = None
        earlier = devices.load_client(self.vault, did)
        if earlier is not None:  # paired again: the grants it held before end now
            devices.forget_client(self.vault, earlier)
        grant = devices.issue_device_grant(self.vault, device_did=did, pin=pin, name=name)
        devices.save_client(self.vault, devices.ClientDevice(name, did, pin, cert, grant.id, time.time()))
        audit(self.vault, app_did=did, app_name=f"device {name}", scope="engine.chat", decision="allow",
              reason="paired", items=[f"grant:{grant.id}", f"pin:{pin[:16]}"])
        self.say(f"paired with {name} ({fingerprint(did)}); 'hearth link unpair {name}' revokes it")
        return {"confirmation": digits, "grant": grant.vc_jwt, "name": this_computer(),
                "models": self.models()}

    # -- use ------------------------------------------------------------------------------------------

    def authorise(self, *, op: str, pin: str | None, nonce: str, request: dict[str, Any]) -> Authorised:
        client = next((c for c in devices.list_clients(self.vault) if c.pin == pin), None)
        if client is None:
            raise LinkRefused("unpaired", "this device is not paired here (or was unpaired)")
        try:
            did = devices.verify_presentation(request.get("presentation"), nonce=nonce, audience=self.did)
        except IdentityError as exc:
            self._deny(client, "invalid_proof", str(exc))
            raise LinkRefused("invalid_proof", f"the device's proof of its DID failed: {exc}") from None
        if did != client.did:
            self._deny(client, "wrong_device", "proved another DID")
            raise LinkRefused("wrong_device",
                              "the device proved another DID than the one paired with its key")
        if op == "unpair":
            return Authorised(client.name, did, lambda: None)
        token = request.get("grant")
        if not isinstance(token, str) or not token:
            self._deny(client, "no_grant", "no grant")
            raise LinkRefused("no_grant", "the device presented no grant; pair it again")
        try:
            grant = devices.check_device_grant(self.vault, token, presenter=did, pin=client.pin,
                                               scope=devices.SPLIT if op == "rpc" else devices.CHAT)
            devices.touch(self.vault, grant)
        except IdentityError as exc:
            self._deny(client, exc.code, str(exc))
            raise LinkRefused(exc.code, str(exc)) from None

        def live() -> None:
            try:
                devices.still_live(self.vault, grant.id)
            except IdentityError as exc:
                raise LinkRefused(exc.code, str(exc)) from None

        return Authorised(client.name, did, live)

    def _deny(self, client: devices.ClientDevice, code: str, why: str) -> None:
        audit(self.vault, app_did=client.did, app_name=f"device {client.name}", scope="engine.chat",
              decision="deny", reason=code, items=[])

    def unpair(self, who: Authorised) -> None:
        client = devices.load_client(self.vault, who.did)
        if client is not None:
            devices.forget_client(self.vault, client)
            self.say(f"{who.name} unpaired itself: its grant here is revoked")

    def report(self, event: LinkEvent) -> None:
        if event.kind == "served":
            self.say(f"answered {event.peer}: model {event.model}, {event.bytes_in} bytes in, "
                     f"{event.bytes_out} bytes out, {event.outcome}")
            audit(self.vault, app_did=event.did, app_name=f"device {event.peer}", scope="engine.chat",
                  decision="allow", reason="answered" if event.outcome == "ok" else event.outcome[:60],
                  items=[f"model:{event.model}", f"bytes_in:{event.bytes_in}",
                         f"bytes_out:{event.bytes_out}"])
        elif event.kind == "refused":
            self.say(f"refused {event.peer}: {event.outcome}")


class LinkService:
    """``hearth link serve``: the listener, its door, and the private control socket."""

    def __init__(self, vault: Vault, pool: ModelPool, *, host: str, port: int, accept_pairing: bool,
                 say: Callable[[str], None]) -> None:
        self.chat = ChatService(pool)
        self.door = VaultDoor(vault, models=self.chat.models, accept_pairing=accept_pairing, say=say)
        self.server = LinkServer(self.door, self.chat, host=host, port=port)
        self.server.handlers[SIZES_OP] = self._sizes
        self.control = ControlServer(control_path(), self._control)
        from app.split.serving import install_split

        self.split = install_split(self.server, vault, say=say)

    def _sizes(self, tls: ssl.SSLSocket, reader: LineReader, who: Authorised,
               request: dict[str, Any]) -> None:
        """A paired device (the door let it in for ``engine.chat``) asks which models this computer
        serves and how big each is: names, file sizes and parameter counts, nothing else."""
        send_line(tls, {"models": model_sizes(self.chat.pool.registry)})

    def start(self) -> LinkService:
        self.control.start()
        try:
            self.server.start()
        except OSError as exc:
            self.control.stop()
            raise LinkFailed(f"cannot listen on {self.server.address}: {exc.strerror or exc}") from None
        return self

    def stop(self) -> None:
        self.server.stop()
        self.control.stop()

    def addresses(self) -> tuple[str, ...]:
        host, port = self.server.host, self.server.port
        if host not in ("0.0.0.0", "::", ""):
            return (self.server.address,)
        found: list[str] = []
        try:
            infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
        except OSError:
            infos = []
        for info in infos:
            ip = str(info[4][0])
            if not ip.startswith("127.") and f"{ip}:{port}" not in found:
                found.append(f"{ip}:{port}")
        return tuple(found) or (f"127.0.0.1:{port}",)

    def _control(self, request: dict[str, Any]) -> dict[str, Any]:
        op = request.get("op")
        try:
            if op == "code":
                ttl, given = request.get("ttl"), request.get("addresses")
                addresses = self.addresses()
                if isinstance(given, list) and given:
                    addresses = tuple(str(a)[:100] for a in given[:8])
                    for address in addresses:
                        split_address(address)
                code = self.door.new_code(addresses,
                                          ttl=float(ttl) if isinstance(ttl, int | float) else CODE_TTL_S)
                return {"ok": True, "code": code.text(), "expires_at": code.expires_at}
            if op == "confirm":
                return self.door.confirm(str(request.get("confirmation") or ""))
            if op == "status":
                return {"ok": True, "address": self.server.address, "did": self.door.did,
                        "pin": self.door.me.link_pin, **self.server.stats.as_dict(),
                        "split": self.split.stats.as_dict()}
        except LinkFailed as exc:
            return {"ok": False, "error": str(exc)}
        return {"ok": False, "error": "unknown request"}
