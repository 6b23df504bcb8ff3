"""Using the person's other devices from this one: pairing, the list, unpairing, asking through one.

Paired devices this one may use are kept in the vault (:class:`identity.devices.PeerDevice`);
this module turns one into an :class:`engine.link.client.Target` and this vault's device identity
into :class:`~engine.link.client.Credentials` (the DID proof is signed by ``identity``).

Asking through a device goes through the one answer pipeline: the device appears to the router
and the dispatcher as a remote endpoint named after it (``hearth-link://ADDRESS/v1``), and its
chat is sent through the link (:func:`engine.link.client.start_link_chat`). Personal context may
go to it only when the person said so at pairing (``personal``); then no per-request dialog is
shown, because the answer comes from their own device. Each exchange is written to the network
log with the device, its model, the bytes each way and the outcome, and to the audit log by hash
and size like any remote call. A device that is off fails before its first token, so the next
model (a local one) answers and the reply's notes say which device was unreachable.

What a device serves is asked with a ``sizes`` request (its models, each with its file size and
parameter count, answered by :mod:`app.link.serving` to a device holding a live ``engine.chat``
grant; a device too old to know it is asked for its model names alone) when pairing and when
listing; the answer is kept in the vault (``link_peer_sizes:NAME``) so that routing
(:mod:`app.link.routed`) reads the sizes without reaching the device.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from app.routing import audit_remote_call, build_router, known_names
from engine.link.client import (
    Credentials,
    Target,
    list_models,
    open_session,
    pair,
    said,
    start_link_chat,
    unpair_remote,
)
from engine.link.errors import LinkFailed, LinkRefused
from engine.link.wire import PairingCode
from engine.routing.dispatch import Dispatcher, RemoteCall
from engine.routing.remote import Exchange, RemoteEndpoint, RemoteRegistry, start_remote_chat
from engine.running.generate import Generation
from identity import devices
from identity.didkey import fingerprint
from identity.errors import IdentityError
from vault import Vault
from vault.netlog import NetEntry, record
from vault.paths import runtime_dir
from vault.settings import get_setting, set_setting

SCHEME = "hearth-link://"
PROBE_TIMEOUT_S = 2.0
SIZES_OP = "sizes"
SIZES_SETTING = "link_peer_sizes:"
MAX_MODELS = 200


def credentials(vault: Vault) -> Credentials:
    me = devices.device_identity(vault)

    def prove(nonce: str, audience: str) -> str:
        return devices.present(me, nonce=nonce, audience=audience)

    return Credentials(me.link_cert_pem, me.link_key_pem, me.link_pin, me.did, prove, runtime_dir())


def target(peer: devices.PeerDevice) -> Target:
    return Target(peer.name, peer.did, peer.addresses, peer.pin, peer.grant)


_WHAT = {"/link/models": "asked which models it serves", "/link/unpair": "asked it to unpair this device",
         "/link/pair": "pairing"}


def link_log(vault: Vault, *, started_by: str) -> Callable[[Exchange], None]:
    """Writes the link's exchanges other than answers (listing, pairing, unpairing) to the network log."""
    def write(ex: Exchange) -> None:
        parts = urlsplit(ex.url)
        record(vault, NetEntry(kind="model_call", host=parts.netloc, method="POST", path=parts.path,
                               status=ex.status, started_at=ex.started_at, ended_at=ex.ended_at,
                               bytes_out=ex.bytes_out, bytes_in=ex.bytes_in,
                               detail=f"device {ex.endpoint}: {_WHAT.get(parts.path, parts.path)}",
                               started_by=started_by))

    return write


def pair_with(vault: Vault, code_text: str, *, name: str | None, personal: bool, my_name: str,
              on_confirmation: Callable[[str], None],
              started_by: str = "cli: hearth link pair",
              cancelled: Callable[[], bool] | None = None) -> devices.PeerDevice:
    """Pair with the device that showed ``code_text``; stores and returns it once its grant is here.

    ``cancelled()`` holding while it waits for the other device's confirmation ends the attempt
    (:class:`engine.link.client.PairingCancelled`), with nothing stored on either side."""
    code = PairingCode.parse(code_text)
    if name:
        devices.clean_name(name)
    me = credentials(vault)
    paired = pair(code, me, my_name=my_name, on_confirmation=on_confirmation,
                  on_exchange=link_log(vault, started_by=started_by), cancelled=cancelled)
    claims = devices.grant_claims(paired.grant)
    if claims.get("id") != me.did or claims.get("linkKey") != me.pin or claims.get("audience") != code.did:
        raise LinkFailed("the device sent a grant for someone else; nothing was stored")
    peer = devices.PeerDevice(name or paired.name or "device", code.did, code.addresses, code.pin,
                              paired.grant, personal, paired.models, time.time())
    kept = devices.save_peer(vault, peer)
    set_setting(vault, SIZES_SETTING + kept.name, {})  # a device paired again under this name
    try:
        served_models(vault, kept, me, on_exchange=link_log(vault, started_by=started_by))
    except LinkFailed:
        pass  # paired; the sizes come with the next 'hearth link list'
    return kept


def served_models(vault: Vault, peer: devices.PeerDevice, me: Credentials, *,
                  on_exchange: Callable[[Exchange], None] | None = None) -> list[str]:
    """Ask ``peer`` which models it serves and their sizes (kept in the vault); its model names.

    A device that does not know the ``sizes`` request (an older Hearth) is asked for its names."""
    try:
        sizes = fetch_sizes(target(peer), me, on_exchange=on_exchange)
    except LinkRefused as exc:
        if exc.reason != "protocol":
            raise
        return list_models(target(peer), me, connect_timeout=PROBE_TIMEOUT_S, on_exchange=on_exchange)
    set_setting(vault, SIZES_SETTING + peer.name, {"models": sizes, "at": time.time()})
    return list(sizes)


def fetch_sizes(peer: Target, me: Credentials, *,
                on_exchange: Callable[[Exchange], None] | None = None) -> dict[str, dict[str, int]]:
    """``{model: {"bytes": file size, "parameters": count}}`` as the device reports them."""
    counts: dict[str, Any] = {"address": peer.addresses[0] if peer.addresses else "", "out": 0, "read": 0}
    started, status = time.time(), "ok"
    try:
        session = open_session(peer, me, SIZES_OP, connect_timeout=PROBE_TIMEOUT_S, counts=counts)
        try:
            reply = session.reader.json(timeout=10.0)
        except (OSError, TimeoutError):
            raise LinkFailed(f"{peer.name} did not say which models it serves") from None
        finally:
            counts["read"] = session.reader.received
            session.close()
        return _sizes(reply, peer.name)
    except LinkRefused as exc:
        status = f"refused: {exc.reason}"
        raise
    except LinkFailed as exc:
        status = f"failed: {exc}"
        raise
    finally:
        if on_exchange is not None:
            on_exchange(Exchange(peer.name, f"{SCHEME}{counts['address']}/link/models", "",
                                 int(counts["out"]), int(counts["read"]), status, started, time.time()))


def _sizes(reply: dict[str, Any], who: str) -> dict[str, dict[str, int]]:
    listed = reply.get("models")
    if not isinstance(listed, list):
        raise LinkFailed(f"{who} did not list its models")
    out: dict[str, dict[str, int]] = {}
    for item in listed[:MAX_MODELS]:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"]:
            continue
        out[said(item["name"], 200)] = {k: v if isinstance(v, int) and 0 <= v < 1 << 50 else 0
                                        for k, v in (("bytes", item.get("bytes")),
                                                     ("parameters", item.get("parameters")))}
    return out


def known_sizes(vault: Vault, name: str) -> dict[str, dict[str, int]]:
    """What ``name`` last said of its models' sizes (empty when it never did)."""
    kept = get_setting(vault, SIZES_SETTING + name, {})
    models = kept.get("models") if isinstance(kept, dict) else None
    if not isinstance(models, dict):
        return {}
    return {str(m): {"bytes": int(v.get("bytes") or 0), "parameters": int(v.get("parameters") or 0)}
            for m, v in models.items() if isinstance(v, dict)}


def device_rows(vault: Vault, *, probe: bool = True,
                started_by: str = "cli: hearth link list") -> list[dict[str, Any]]:
    """Every paired device, both ways: those this one uses (probed for models, in parallel) and
    those that use this one."""
    peers = devices.list_peers(vault)
    online: dict[str, list[str] | None] = {}
    if probe and peers:
        me = credentials(vault)
        logged = link_log(vault, started_by=started_by)

        def ask(peer: devices.PeerDevice) -> None:
            try:
                online[peer.name] = served_models(vault, peer, me, on_exchange=logged)
            except LinkFailed:
                online[peer.name] = None

        threads = [threading.Thread(target=ask, args=(p,), daemon=True) for p in peers]
        for t in threads:
            t.start()
        for t in threads:
            t.join(PROBE_TIMEOUT_S + 12)
    rows: list[dict[str, Any]] = []
    for p in peers:
        models = online.get(p.name)
        rows.append({"name": p.name, "did": p.did, "address": p.addresses[0] if p.addresses else "",
                     "addresses": list(p.addresses), "online": models is not None if probe else None,
                     "models": models if models is not None else list(p.models),
                     "sizes": known_sizes(vault, p.name), "personal": p.personal,
                     "role": "serves this device"})
    for c in devices.list_clients(vault):
        rows.append({"name": c.name, "did": c.did, "address": "", "addresses": [], "online": None,
                     "models": [], "sizes": {}, "personal": None, "role": "uses this device"})
    return rows


def unpair(vault: Vault, name: str, *, started_by: str = "cli: hearth link unpair") -> str:
    """Unpair ``name`` from this side (and, for a device this one uses, ask it to revoke too)."""
    try:
        peer = devices.load_peer(vault, name)
    except IdentityError:
        peer = None
    if peer is not None:
        try:
            unpair_remote(target(peer), credentials(vault), connect_timeout=PROBE_TIMEOUT_S,
                          on_exchange=link_log(vault, started_by=started_by))
            there = f"; {peer.name} revoked this device's grant too"
        except LinkFailed as exc:
            there = f"; {peer.name} could not be told ({exc}): unpair this device there as well"
        devices.forget_peer(vault, peer.name)
        set_setting(vault, SIZES_SETTING + peer.name, {})
        return f"Unpaired {peer.name}: this device no longer uses it{there}."
    client = devices.find_client(vault, name)
    revoked = devices.forget_client(vault, client)
    return (f"Unpaired {client.name}: its grant here is revoked ({revoked} revoked); an answer it was "
            "getting ends now.")


# -- asking through a device -------------------------------------------------------------------------

def endpoint_for(peer: devices.PeerDevice, model: str | None) -> RemoteEndpoint:
    chosen = model or ("default" if "default" in peer.models or not peer.models else peer.models[0])
    address = peer.addresses[0] if peer.addresses else ""
    return RemoteEndpoint(peer.name, f"{SCHEME}{address}/v1", chosen, True, 120.0)


class DeviceRemotes(RemoteRegistry):
    """The remote registry, with paired devices added as enabled endpoints (never written to disk)."""

    def __init__(self, endpoints: list[RemoteEndpoint]) -> None:
        super().__init__()
        self.devices = {e.name: e for e in endpoints}

    def list(self) -> list[RemoteEndpoint]:
        return [e for e in super().list() if e.name not in self.devices] + list(self.devices.values())

    def _save(self, endpoints: Any) -> None:
        super()._save([e for e in endpoints if e.name not in self.devices])


@dataclass
class DeviceCallLog:
    """Audit and network-log entries for calls through the link (other remotes: the usual log)."""

    vault: Vault
    peers: dict[str, devices.PeerDevice]
    models: dict[str, str]
    fallback_call: Callable[[RemoteCall], None]
    fallback_exchange: Callable[[Exchange], None]
    started_by: str = "cli: hearth ask --via"

    def __post_init__(self) -> None:
        self._calls: dict[str, list[RemoteCall]] = {}
        self._lock = threading.Lock()

    def call(self, call: RemoteCall) -> None:
        if call.endpoint not in self.peers:
            self.fallback_call(call)
            return
        audit_remote_call(self.vault, call)
        if call.sent:
            with self._lock:
                self._calls.setdefault(call.sha256, []).append(call)

    def exchange(self, ex: Exchange) -> None:
        if not ex.url.startswith(SCHEME):
            self.fallback_exchange(ex)
            return
        peer = self.peers.get(ex.endpoint)
        with self._lock:
            queued = self._calls.get(ex.sha256) or []
            call = queued.pop(0) if queued else None
        personal = bool(call and call.personal)
        parts = urlsplit(ex.url)
        detail = (f"device {peer.name if peer else ex.endpoint} ({fingerprint(peer.did) if peer else '?'}), "
                  f"model {self.models.get(ex.endpoint, '?')}")
        record(self.vault, NetEntry(
            kind="model_call", host=parts.netloc, method="POST", path=parts.path + "/chat/completions",
            status=ex.status, started_at=ex.started_at, ended_at=ex.ended_at, bytes_out=ex.bytes_out,
            bytes_in=ex.bytes_in, sha256=ex.sha256, personal=personal,
            consent="your device: you allowed it to answer from your data at pairing" if personal else None,
            detail=detail, started_by=self.started_by))


def device_dispatcher(pool: Any, vault: Vault, remotes: DeviceRemotes,
                      peers: dict[str, devices.PeerDevice], *,
                      started_by: str = "cli: hearth ask --via") -> Dispatcher:
    from app.routing import RemoteCallLog, api_key_lookup

    me = credentials(vault)
    usual = RemoteCallLog(vault)
    log = DeviceCallLog(vault, peers, {n: e.model for n, e in remotes.devices.items()}, usual.call,
                        usual.exchange, started_by)

    def remote_chat(endpoint: RemoteEndpoint, body: bytes, **kw: Any) -> Generation:
        peer = peers.get(endpoint.name)
        if peer is None or not endpoint.url.startswith(SCHEME):
            return start_remote_chat(endpoint, body, **kw)
        hook = kw.get("on_exchange")

        def logged(ex: Exchange) -> None:  # under the endpoint's name (NAME/MODEL when routed)
            if hook is not None:
                hook(replace(ex, endpoint=endpoint.name))

        return start_link_chat(target(peer), me, body, cancel=kw.get("cancel"), on_exchange=logged)

    return Dispatcher(pool, remotes, api_key=api_key_lookup(vault), on_remote_call=log.call,
                      on_exchange=log.exchange, remote_chat=remote_chat)


def device_answerer(hearth: Any, vault: Vault, peer: devices.PeerDevice, *, model: str | None,
                    started_by: str = "cli: hearth ask --via", fallbacks: bool = True) -> Any:
    """The answer pipeline with ``peer`` as a model the router may pick (and ``--via`` names).

    ``fallbacks=False``: when the device cannot answer, nothing else does (the error is raised,
    chained to the link's own), for a caller that named the device's model and must not get
    another model's answer under its name."""
    from engine.answering.answer import Answerer
    from engine.models.registry import ModelRegistry
    from engine.search.retrieval import retriever_for

    registry = ModelRegistry()
    hearth.pool.registry = registry
    remotes = DeviceRemotes([endpoint_for(peer, model)])

    def router() -> Any:
        built = build_router(vault, registry, remotes)
        if not fallbacks:
            chosen = built.route
            built.route = lambda *a, **kw: replace(chosen(*a, **kw), fallbacks=())  # type: ignore[method-assign]
        return built

    return Answerer(hearth.pool, vault=vault, searcher=lambda: retriever_for(vault), router=router,
                    dispatcher=device_dispatcher(hearth.pool, vault, remotes, {peer.name: peer},
                                                started_by=started_by),
                    known_names=lambda: known_names(vault))


# -- a device's models as model ids of this device's gateway ----------------------------------------

MODEL_SEP = "/"


def device_model_ids(vault: Vault) -> list[tuple[str, bool]]:
    """``(NAME/MODEL, may answer from your data)`` for each paired device's models as last known
    (at pairing), without reaching the device: listing models sends nothing over the network."""
    return [(f"{p.name}{MODEL_SEP}{m}", p.personal) for p in devices.list_peers(vault)
            for m in (p.models or ("default",))]


def device_model(vault: Vault, model_id: str) -> tuple[devices.PeerDevice, str] | None:
    """The paired device and its model that ``NAME/MODEL`` names, or None (no such paired device)."""
    name, sep, model = model_id.partition(MODEL_SEP)
    if not sep or not name or not model:
        return None
    try:
        peer = devices.load_peer(vault, name)
    except IdentityError:
        return None
    return (peer, model) if peer.name == name else None
