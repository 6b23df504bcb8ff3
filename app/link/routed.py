"""The person's paired devices in the one answer pipeline: candidates, consent, where an answer came from.

Which devices. A paired device takes part in routing (``hearth ask``, ``hearth chat``, ``hearth
route``, the window's answers) only while the grant it gave this device lets this device ask it:
a grant naming ``engine.chat`` among its scopes (an allowlist: a grant for anything else, such as
``engine.split`` alone, is not one), whose signature verifies (didkit), given to this device's
DID for this device's link key, by the device it names (its audience), and not expired. Whether
it was revoked only the device knows: it refuses, and the next model answers. Building the
candidates reads the vault only; no socket is opened until a device is asked.

Each of the device's models, as it last said (:func:`app.link.using.known_sizes`, else as at
pairing), is the router's candidate ``NAME/MODEL`` (the gateway's id for it too), sized by its
parameter count as the device reported it (0 when it never did: then only the person's eval
results or rules pick it). It may answer from the person's data only when the person said so at
pairing (``personal``): the router holds back any other device for a personal request.

Consent. Sending to a device paired with "may answer from my data" needs no per-request consent:
:class:`RoutedAnswerer` says yes for exactly those endpoints and asks the caller's consent step
for any other remote model, as before. A personal request's fallbacks are this computer's models
and those devices only: a consent given for one remote model's request never carries over to
another that would receive the same bytes.

A device that is off or unreachable fails before its first token (within the link's connect
timeout, 3 s), so the next model (this computer's first) answers and the reply's notes say which
device could not be reached; every exchange, answered or failed, is in the network log
(:class:`app.link.using.DeviceCallLog`).
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from dataclasses import dataclass, replace
from typing import Any

from app.link.using import MODEL_SEP, SCHEME, DeviceRemotes, device_dispatcher, known_sizes
from engine.answering.answer import Answerer, AnswerStream, ConsentHook
from engine.routing.remote import RemoteEndpoint, RemoteRegistry
from engine.routing.router import Candidate, Route, Router
from identity import devices, jwt, proofs
from identity.didkey import fingerprint
from identity.errors import IdentityError, InvalidGrant
from vault import Vault, VaultError

log = logging.getLogger(__name__)

STARTED_BY = "router: your device"
TIMEOUT_S = 120.0

_REMOTE = Candidate("", True, 0)
_verified: set[str] = set()
_verified_lock = threading.Lock()


@dataclass(frozen=True)
class DeviceModel:
    """One model of a paired device as the router sees it: ``name`` is ``NAME/MODEL``."""

    name: str
    peer: devices.PeerDevice
    model: str
    parameters: int

    @property
    def candidate(self) -> Candidate:
        return Candidate(self.name, True, self.parameters, device=True, personal_ok=self.peer.personal)

    @property
    def endpoint(self) -> RemoteEndpoint:
        address = self.peer.addresses[0] if self.peer.addresses else ""
        return RemoteEndpoint(self.name, f"{SCHEME}{address}/v1", self.model, True, TIMEOUT_S)


def why_not_chat(peer: devices.PeerDevice, me: devices.DeviceIdentity, *,
                 now: float | None = None) -> str | None:
    """None when ``peer``'s grant lets this device ask it to answer now; else why not, in words."""
    now = time.time() if now is None else now
    try:
        payload = jwt.decode(peer.grant, error=InvalidGrant).payload
        claims = devices.grant_claims(peer.grant)
    except IdentityError:
        return "its grant cannot be read"
    scopes = claims.get("scopes")
    if not isinstance(scopes, list) or devices.CHAT not in scopes:
        return f"its grant does not let this device ask it to answer ({devices.CHAT})"
    if claims.get("id") != me.did or payload.get("sub") != me.did:
        return "its grant was given to another device"
    if claims.get("linkKey") != me.link_pin:
        return "its grant names another link key than this device's"
    if claims.get("audience") != peer.did:
        return "its grant is for another device"
    expires = payload.get("exp")
    if not isinstance(expires, int | float) or expires <= now:
        return "its grant has expired: pair it again"
    digest = hashlib.sha256(peer.grant.encode()).hexdigest()
    with _verified_lock:
        known = digest in _verified
    if not known:
        try:
            proofs.verify_vc_jwt(peer.grant)
        except Exception:  # InvalidProof, or didkit's own failure: not a grant to act on
            return "its grant's signature does not verify"
        with _verified_lock:
            _verified.add(digest)
    return None


def device_models(vault: Vault) -> list[DeviceModel]:
    """Every model of every paired device this device may ask now (see the module docstring)."""
    peers = devices.list_peers(vault)
    if not peers:  # (nor is this device's identity made for a person who never paired one)
        return []
    me = devices.device_identity(vault)
    out: list[DeviceModel] = []
    for peer in peers:
        why = why_not_chat(peer, me)
        if why is not None:
            log.info("your device %s is not asked: %s", peer.name, why)
            continue
        sizes = known_sizes(vault, peer.name)
        for model in list(sizes) or list(peer.models) or ["default"]:
            out.append(DeviceModel(f"{peer.name}{MODEL_SEP}{model}", peer, model,
                                   sizes.get(model, {}).get("parameters", 0)))
    return out


def device_candidates(vault: Vault | None) -> list[Candidate]:
    """The router's candidates for the paired devices (none without a vault, or when the device
    records cannot be read: answering goes on with this computer's models)."""
    if vault is None or not vault.is_open:
        return []
    try:
        return [d.candidate for d in device_models(vault)]
    except (IdentityError, VaultError) as exc:
        log.warning("your devices are left out of routing: %s", exc)
        return []


class RoutedAnswerer(Answerer):
    """The answer pipeline with the paired devices as candidates; a personal request goes to a
    device paired with "may answer from my data" without asking each time (see the module
    docstring), to any other remote model only through the caller's consent step."""

    def __init__(self, *args: Any, personal_devices: frozenset[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.personal_devices = personal_devices

    def ask(self, question: str, *, consent: ConsentHook | None = None,
            cancel: threading.Event | None = None, **options: Any) -> AnswerStream:
        return super().ask(question, consent=device_consent(self.personal_devices, consent),
                           cancel=cancel, **options)


def device_consent(personal_devices: frozenset[str], asked: ConsentHook | None) -> ConsentHook:
    """Yes for an endpoint in ``personal_devices`` (the person said so at pairing); for any other,
    the caller's own consent step (no step: no)."""
    def decide(plan: Any) -> bool:
        if plan.endpoint in personal_devices:
            return True
        return bool(asked is not None and asked(plan))

    return decide


def routed_answerer(pool: Any, vault: Vault, *, registry: Any, remotes: RemoteRegistry, searcher: Any,
                    started_by: str = STARTED_BY) -> Answerer:
    """The one answer pipeline over this computer's models, the paired devices' and the remotes."""
    from app.routing import build_router, dispatcher, known_names

    try:
        found = device_models(vault)
    except (IdentityError, VaultError) as exc:
        log.warning("your devices are left out of routing: %s", exc)
        found = []
    if not found:
        return Answerer(pool, vault=vault, searcher=searcher,
                        router=lambda: build_router(vault, registry, remotes),
                        dispatcher=dispatcher(pool, vault, remotes), known_names=lambda: known_names(vault))
    routed = DeviceRemotes([d.endpoint for d in found])
    candidates = [d.candidate for d in found]
    personal = frozenset(d.name for d in found if d.peer.personal)

    def router() -> Router:
        built = build_router(vault, registry, routed, candidates)
        chosen = built.route

        def route(*args: Any, **kwargs: Any) -> Route:
            # Consent covers the chosen model's request alone (the same body could go to another
            # device serving a model of the same name): a personal request falls back only to
            # this computer's models and the devices paired to answer from the person's data.
            picked = chosen(*args, **kwargs)
            if not picked.personal:
                return picked
            keep = tuple(n for n in picked.fallbacks
                         if n in personal or not built.candidates.get(n, _REMOTE).remote)
            return replace(picked, fallbacks=keep)

        built.route = route  # type: ignore[method-assign]
        return built

    return RoutedAnswerer(
        pool, vault=vault, searcher=searcher, router=router,
        dispatcher=device_dispatcher(pool, vault, routed, {d.name: d.peer for d in found},
                                     started_by=started_by),
        known_names=lambda: known_names(vault), personal_devices=personal)


def answered_by(vault: Vault | None, reply: Any) -> dict[str, Any] | None:
    """The paired device that answered ``reply`` (name, DID, fingerprint, address, model), or None."""
    name = str(getattr(reply, "model", "") or "")
    if vault is None or not vault.is_open or MODEL_SEP not in name:
        return None
    from app.link.using import device_model

    try:
        found = device_model(vault, name)
    except (IdentityError, VaultError):
        return None
    if found is None:
        return None
    peer, model = found
    return {"name": peer.name, "did": peer.did, "fingerprint": fingerprint(peer.did),
            "address": peer.addresses[0] if peer.addresses else "", "model": model}
