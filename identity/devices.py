"""This computer as one of the person's devices: its did:key, its link key, and device grants.

Each vault has a **device identity** besides the user's DID: an Ed25519 did:key that speaks for
this install (it signs the presentation a device makes over a server's nonce), and a separate
Ed25519 **link key** with a self-signed certificate for mutual TLS. The link key is pinned by the
SHA-256 of its SubjectPublicKeyInfo (:func:`spki_pin`), as Syncthing pins device certificates;
it is unrelated to the DID key, so either can be replaced alone. Both secrets live only in the
vault (the ``device_identity`` setting), created on first use.

A **device grant** is a VC-JWT the user's DID issues, at pairing, to another device's DID: exact
device scopes (:data:`identity.scopes.DEVICE_SCOPES`), an expiry, this device's DID as the
audience, and the pin of the link key the device paired with (``linkKey``). It is recorded in the
``grants`` table like an app's grant, so the same table is the authority: revoking it (here or
with ``hearth grants revoke``) refuses the device on its next request and ends its open streams
(:func:`still_live`). :func:`check_device_grant` accepts a grant only when the presenter proved
it is the subject, the TLS peer's key is the pinned one, and the grant is live.

Two kinds of paired devices are kept, as settings rows: **servers** this device may use (it holds
their grant: ``link_peer:<name>``) and **clients** that may use this one (``link_client:<did>``).
Nothing here opens a socket; :mod:`engine.link` speaks TLS and ``app`` joins the two.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import secrets
import time
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.x509.oid import NameOID

from identity import grants, jwt, proofs, store
from identity.didkey import Did, require_key_did
from identity.errors import (
    GrantDenied,
    GrantSubjectMismatch,
    IdentityError,
    InvalidGrant,
    InvalidProof,
    NotFound,
)
from identity.holder import present as _present
from identity.keys import Keypair
from identity.scopes import DEVICE_SCOPES
from identity.store import Grant, GrantId
from identity.user import load_identity, user_did
from vault import Vault
from vault.settings import get_setting, set_setting

IDENTITY_SETTING = "device_identity"
PEER_PREFIX = "link_peer:"
CLIENT_PREFIX = "link_client:"
CHAT = "engine.chat"
SPLIT = "engine.split"
DEFAULT_DAYS = 365
MAX_NAME = 40
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,39}$")
_URN = "urn:hearth:grant:"
_CERT_YEARS = 20

__all__ = ["CHAT", "SPLIT", "ClientDevice", "DeviceIdentity", "DeviceRefused", "PeerDevice",
           "check_device_grant", "clean_name", "device_identity", "find_client", "forget_client",
           "forget_peer", "grant_claims", "issue_device_grant", "list_clients", "list_peers",
           "load_client", "load_peer", "present", "save_client", "save_peer", "spki_pin", "still_live",
           "touch", "unique_client_name", "verify_presentation"]


class DeviceRefused(GrantDenied):
    """A device may not do what it asked (unpaired, wrong key, wrong audience)."""

    code = "device_refused"


@dataclass(frozen=True)
class DeviceIdentity:
    """This install's device DID and link key (secrets kept out of ``repr``)."""

    did: Did
    keypair: Keypair = field(repr=False)
    link_key_pem: bytes = field(repr=False)
    link_cert_pem: bytes
    link_pin: str


def spki_pin(cert: bytes) -> str:
    """SHA-256 (hex) of a certificate's SubjectPublicKeyInfo; ``cert`` is PEM or DER."""
    try:
        parsed = (x509.load_pem_x509_certificate(cert) if cert.lstrip().startswith(b"-----")
                  else x509.load_der_x509_certificate(cert))
    except ValueError:
        raise InvalidProof("the link certificate cannot be read") from None
    spki = parsed.public_key().public_bytes(serialization.Encoding.DER,
                                            serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(spki).hexdigest()


def _new_link_key() -> tuple[bytes, bytes]:
    """A fresh Ed25519 link key and its self-signed certificate (CA:FALSE), both PEM."""
    key = Ed25519PrivateKey.generate()
    spki = key.public_key().public_bytes(serialization.Encoding.DER,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)
    # A name of its own: peers keep every paired device's certificate as a trust anchor, and
    # OpenSSL finds an anchor by its subject name, so two anchors must never share one.
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME,
                                         f"Hearth link {hashlib.sha256(spki).hexdigest()[:32]}")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=365 * _CERT_YEARS))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, None))
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return key_pem, cert.public_bytes(serialization.Encoding.PEM)


def device_identity(vault: Vault) -> DeviceIdentity:
    """This vault's device identity, created (and stored in the vault) on first use."""
    stored = get_setting(vault, IDENTITY_SETTING, {})
    if not isinstance(stored, dict) or not stored:
        pair = Keypair.generate()
        key_pem, cert_pem = _new_link_key()
        stored = {"did": pair.did, "secret_jwk": pair.jwk, "link_key_pem": key_pem.decode(),
                  "link_cert_pem": cert_pem.decode(), "created_at": time.time()}
        set_setting(vault, IDENTITY_SETTING, stored)
    try:
        pair = Keypair.from_jwk(str(stored["secret_jwk"]))
        cert_pem = str(stored["link_cert_pem"]).encode()
        key_pem = str(stored["link_key_pem"]).encode()
    except (KeyError, TypeError):
        raise IdentityError("this vault's device identity is damaged") from None
    if pair.did != stored.get("did"):
        raise IdentityError("this vault's device identity does not match its key")
    return DeviceIdentity(pair.did, pair, key_pem, cert_pem, spki_pin(cert_pem))


def clean_name(name: object) -> str:
    """A device name as kept: lower case letters, digits, '.', '_' or '-', at most 40."""
    text = str(name or "").strip().lower().replace(" ", "-")
    if not _NAME.match(text):
        raise IdentityError(f"a device name is 1 to {MAX_NAME} letters, digits, '.', '_' or '-' "
                            f"(got {str(name)[:60]!r})")
    return text


# == Proving the device's DID over a nonce ========================================================

def present(me: DeviceIdentity, *, nonce: str, audience: str) -> str:
    """A VP-JWT by this device's DID over a server's ``nonce``, for ``audience`` (its DID)."""
    return _present(me.keypair, challenge=nonce, domain=audience)


def verify_presentation(presentation: object, *, nonce: str, audience: str) -> Did:
    """The DID that signed ``presentation`` over exactly this nonce and audience; InvalidProof otherwise."""
    jws = jwt.decode(presentation, error=InvalidProof)
    assert isinstance(presentation, str)
    if jws.payload.get("nonce") != nonce:
        raise InvalidProof("the proof is not over this connection's nonce (a replay?)")
    if jws.payload.get("aud") != audience:
        raise InvalidProof("the proof is for another device")
    vp = jws.payload.get("vp")
    if not isinstance(vp, dict) or vp.get("holder", jws.issuer) != jws.issuer:
        raise InvalidProof("the proof's holder is not its signer")
    try:
        proofs.verify_vp_jwt(presentation, challenge=nonce, domain=audience)
    except InvalidProof:
        raise InvalidProof("the proof's signature does not verify") from None
    return jws.issuer


# == Device grants ================================================================================

def _iso(ts: float) -> str:
    return datetime.datetime.fromtimestamp(int(ts), datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def issue_device_grant(vault: Vault, *, device_did: Did, pin: str, name: str,
                       scopes: tuple[str, ...] = (CHAT,), days: float = DEFAULT_DAYS) -> Grant:
    """Sign and record a grant letting ``device_did``, holding the link key ``pin``, use this device."""
    subject = require_key_did(device_did)
    if not scopes or any(s not in DEVICE_SCOPES for s in scopes):
        raise IdentityError(f"device scopes are {', '.join(DEVICE_SCOPES)}")
    if not re.fullmatch(r"[0-9a-f]{64}", pin):
        raise IdentityError("a link key pin is 64 hex digits")
    if not 0 < days <= grants.MAX_DAYS:
        raise GrantDenied(f"a grant lasts between a moment and {grants.MAX_DAYS} days")
    user = load_identity(vault)
    me = device_identity(vault)
    exact = tuple(DEVICE_SCOPES[s].name for s in DEVICE_SCOPES if s in scopes)
    grant_id = GrantId(secrets.token_hex(12))
    issued = float(int(time.time()))
    expires = issued + days * 86400
    purpose = f"Use this computer's models from your device {clean_name(name)}"
    credential = {
        "@context": ["https://www.w3.org/2018/credentials/v1"],
        "id": _URN + grant_id, "type": ["VerifiableCredential"], "issuer": user.did,
        "issuanceDate": _iso(issued), "expirationDate": _iso(expires),
        "credentialSubject": {"id": subject, "scopes": list(exact), "purpose": purpose,
                              "mode": "until_expiry", "audience": me.did, "linkKey": pin},
    }
    token = proofs.issue_vc_jwt(credential, user.jwk, method=user.key_id)
    # The stored expiry is the exact one (the JWT's dates are whole seconds).
    store.insert_grant(vault, Grant(grant_id, subject, exact, purpose, "until_expiry", token, issued,
                                    expires, None, None, 0))
    return grants.get_grant(vault, grant_id)


def check_device_grant(vault: Vault, token: object, *, presenter: Did, pin: str,
                       scope: str = CHAT) -> Grant:
    """The grant, if it lets the device ``presenter`` (TLS key ``pin``) use ``scope`` here now.

    Raises InvalidGrant, GrantSubjectMismatch (another device's grant), GrantRevoked,
    GrantExpired, GrantDenied (scope) or DeviceRefused (other link key or audience).
    """
    try:
        grant = grants.check_grant(vault, token, presenter=presenter, issuer=user_did(vault),
                                   scope=scope)
    except GrantSubjectMismatch:
        raise GrantSubjectMismatch("this grant was given to another device") from None
    claims = jwt.decode(token, error=InvalidGrant).payload["vc"]["credentialSubject"]
    if claims.get("audience") != device_identity(vault).did:
        raise DeviceRefused("this grant is for another of your devices")
    if claims.get("linkKey") != pin:
        raise DeviceRefused("this grant names another link key than the one this device connected with")
    return grant


def still_live(vault: Vault, grant_id: GrantId) -> None:
    """Raise GrantRevoked/GrantExpired once the grant stops being valid (checked during streams)."""
    grants.still_live(vault, grant_id)


def touch(vault: Vault, grant: Grant) -> None:
    """Count a use (coarsely), so an often-used device's grant does not expire as unused."""
    grants.consume(vault, grant)


# == Paired devices ===============================================================================

@dataclass(frozen=True)
class PeerDevice:
    """A device this one may use: where it is, its keys, and the grant it gave."""

    name: str
    did: str
    addresses: tuple[str, ...]
    pin: str
    grant: str = field(repr=False)
    personal: bool
    models: tuple[str, ...] = ()
    paired_at: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ClientDevice:
    """A device that may use this one: its DID, the link certificate it paired with, its grant."""

    name: str
    did: str
    pin: str
    cert_pem: str = field(repr=False)
    grant_id: str
    paired_at: float = 0.0


def _load(vault: Vault, key: str) -> dict[str, Any] | None:
    value = get_setting(vault, key, {})
    return value if isinstance(value, dict) and value else None


def save_peer(vault: Vault, peer: PeerDevice) -> PeerDevice:
    """Keep ``peer`` under its cleaned name (replacing one of that name); returns it as kept."""
    kept = replace(peer, name=clean_name(peer.name))
    set_setting(vault, PEER_PREFIX + kept.name, kept.as_dict())
    return kept


def _peer(raw: dict[str, Any]) -> PeerDevice:
    return PeerDevice(str(raw["name"]), str(raw["did"]), tuple(raw.get("addresses") or ()),
                      str(raw["pin"]), str(raw["grant"]), bool(raw.get("personal")),
                      tuple(raw.get("models") or ()), float(raw.get("paired_at") or 0.0))


def load_peer(vault: Vault, name: str) -> PeerDevice:
    raw = _load(vault, PEER_PREFIX + clean_name(name))
    if raw is None:
        raise NotFound(f"no paired device named {name!r}; see 'hearth link list'")
    return _peer(raw)


def list_peers(vault: Vault) -> list[PeerDevice]:
    return [_peer(v) for k, v in _settings_with(vault, PEER_PREFIX)]


def forget_peer(vault: Vault, name: str) -> PeerDevice:
    peer = load_peer(vault, name)
    set_setting(vault, PEER_PREFIX + peer.name, {})
    return peer


def save_client(vault: Vault, client: ClientDevice) -> None:
    set_setting(vault, CLIENT_PREFIX + require_key_did(client.did), asdict(client))


def _client(raw: dict[str, Any]) -> ClientDevice:
    return ClientDevice(str(raw["name"]), str(raw["did"]), str(raw["pin"]), str(raw["cert_pem"]),
                        str(raw["grant_id"]), float(raw.get("paired_at") or 0.0))


def load_client(vault: Vault, did: str) -> ClientDevice | None:
    raw = _load(vault, CLIENT_PREFIX + did)
    return None if raw is None else _client(raw)


def list_clients(vault: Vault) -> list[ClientDevice]:
    return [_client(v) for k, v in _settings_with(vault, CLIENT_PREFIX)]


def find_client(vault: Vault, name_or_did: str) -> ClientDevice:
    for client in list_clients(vault):
        if name_or_did in (client.name, client.did):
            return client
    raise NotFound(f"no device named {name_or_did!r} may use this computer; see 'hearth link list'")


def forget_client(vault: Vault, client: ClientDevice) -> int:
    """Revoke every grant the device holds here and forget it; returns the grants revoked."""
    revoked = grants.revoke_all(vault, app_did=Did(client.did))
    set_setting(vault, CLIENT_PREFIX + client.did, {})
    return revoked


def _settings_with(vault: Vault, prefix: str) -> list[tuple[str, dict[str, Any]]]:
    from vault.settings import all_settings

    out = []
    for key, value in sorted(all_settings(vault).items()):
        if key.startswith(prefix) and isinstance(value, dict) and value:
            out.append((key, value))
    return out


def unique_client_name(vault: Vault, wanted: str, did: str) -> str:
    """``wanted``, or ``wanted-2``… when another device already goes by it here."""
    taken = {c.name for c in list_clients(vault) if c.did != did}
    base = clean_name(wanted)
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base[:MAX_NAME - 4]}-{n}"
    return name


def grant_claims(token: str) -> dict[str, Any]:
    """The credential subject of a device grant, read (not verified) from its JWT."""
    claims = jwt.decode(token, error=InvalidGrant).payload.get("vc", {}).get("credentialSubject")
    if not isinstance(claims, dict):
        raise InvalidGrant("the grant's subject is malformed")
    return dict(claims)
