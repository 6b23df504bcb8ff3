"""Device identity and device grants (``identity.devices``): real vaults, real didkit, real certificates."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from identity import devices, grants
from identity.errors import (
    GrantDenied,
    GrantExpired,
    GrantRevoked,
    GrantSubjectMismatch,
    IdentityError,
    InvalidGrant,
    InvalidProof,
)
from identity.scopes import SCOPES, label, require_scope
from tests.identity_fixtures import make_vault
from vault import Keychain, Vault


@pytest.fixture
def two(tmp_path: Path, no_keychain: Keychain) -> Iterator[tuple[Vault, Vault]]:
    for name in ("desk", "lap", "other"):
        (tmp_path / name).mkdir(mode=0o700)
    server = make_vault(tmp_path / "desk", no_keychain)
    client = make_vault(tmp_path / "lap", no_keychain)
    try:
        yield server, client
    finally:
        server.lock()
        client.lock()


def test_the_device_identity_is_made_once_kept_in_the_vault_and_separate_from_the_user(
        two: tuple[Vault, Vault]) -> None:
    server, _ = two
    me = devices.device_identity(server)
    again = devices.device_identity(server)
    assert me.did == again.did and me.link_pin == again.link_pin
    from identity.user import user_did
    assert me.did.startswith("did:key:z6Mk") and me.did != user_did(server)
    cert = x509.load_pem_x509_certificate(me.link_cert_pem)
    # The link key is its own Ed25519 key, not the DID's, and its certificate is a self-signed leaf.
    raw = cert.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    from identity.didkey import public_key_bytes
    assert raw != public_key_bytes(me.did)
    assert cert.issuer == cert.subject
    assert cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
    assert devices.spki_pin(cert.public_bytes(serialization.Encoding.DER)) == me.link_pin
    assert "PRIVATE" not in repr(me) and len(me.link_pin) == 64


def test_device_scopes_are_never_open_to_plugin_apps() -> None:
    assert "engine.chat" not in SCOPES
    with pytest.raises(IdentityError):
        require_scope("engine.chat")
    assert label("engine.chat").startswith("Use this computer's models")


def _pair(server: Vault, client: Vault, **kw: object) -> tuple[devices.DeviceIdentity, str]:
    them = devices.device_identity(client)
    grant = devices.issue_device_grant(server, device_did=them.did, pin=them.link_pin, name="laptop",
                                       **kw)  # type: ignore[arg-type]
    return them, grant.vc_jwt


def test_a_device_grant_lets_exactly_its_device_with_its_link_key_in(two: tuple[Vault, Vault],
                                                                     tmp_path: Path,
                                                                     no_keychain: Keychain) -> None:
    server, client = two
    them, token = _pair(server, client)
    grant = devices.check_device_grant(server, token, presenter=them.did, pin=them.link_pin)
    assert grant.scopes == ("engine.chat",)
    claims = devices.grant_claims(token)
    assert claims["linkKey"] == them.link_pin and claims["audience"] == devices.device_identity(server).did
    with pytest.raises(GrantDenied):
        devices.check_device_grant(server, token, presenter=them.did, pin=them.link_pin,
                                   scope="engine.split")
    with pytest.raises(devices.DeviceRefused, match="another link key"):
        devices.check_device_grant(server, token, presenter=them.did, pin="0" * 64)
    other = make_vault(tmp_path / "other", no_keychain)
    try:
        stranger = devices.device_identity(other)
        with pytest.raises(GrantSubjectMismatch, match="another device"):
            devices.check_device_grant(server, token, presenter=stranger.did, pin=stranger.link_pin)
        # A grant another Hearth issued is refused, whatever it says.
        _, foreign = _pair(other, client)
        with pytest.raises(InvalidGrant):
            devices.check_device_grant(server, foreign, presenter=them.did, pin=them.link_pin)
    finally:
        other.lock()


def test_a_revoked_or_expired_device_grant_is_refused(two: tuple[Vault, Vault]) -> None:
    server, client = two
    them, token = _pair(server, client)
    grant = devices.check_device_grant(server, token, presenter=them.did, pin=them.link_pin)
    grants.revoke_grant(server, grant.id)
    with pytest.raises(GrantRevoked):
        devices.check_device_grant(server, token, presenter=them.did, pin=them.link_pin)
    with pytest.raises(GrantRevoked):
        devices.still_live(server, grant.id)
    _, short = _pair(server, client, days=1 / 86400)
    time.sleep(1.2)
    with pytest.raises(GrantExpired):
        devices.check_device_grant(server, short, presenter=them.did, pin=them.link_pin)


def test_a_proof_counts_only_over_its_own_nonce_and_audience(two: tuple[Vault, Vault]) -> None:
    server, client = two
    me = devices.device_identity(client)
    audience = devices.device_identity(server).did
    vp = devices.present(me, nonce="n-1", audience=audience)
    assert devices.verify_presentation(vp, nonce="n-1", audience=audience) == me.did
    with pytest.raises(InvalidProof, match="nonce"):
        devices.verify_presentation(vp, nonce="n-2", audience=audience)
    with pytest.raises(InvalidProof, match="another device"):
        devices.verify_presentation(vp, nonce="n-1", audience=me.did)


def test_paired_devices_are_kept_by_name_and_forgotten_with_their_grants(two: tuple[Vault, Vault]) -> None:
    server, client = two
    them, token = _pair(server, client)
    grant_id = devices.grant_claims(token)
    devices.save_client(server, devices.ClientDevice("laptop", them.did, them.link_pin,
                                                     them.link_cert_pem.decode(), "x", time.time()))
    assert devices.unique_client_name(server, "laptop", "did:key:z6Mkother") == "laptop-2"
    found = devices.find_client(server, "laptop")
    assert found.did == them.did
    assert devices.forget_client(server, found) == 1
    assert devices.list_clients(server) == []
    with pytest.raises(GrantRevoked):
        devices.check_device_grant(server, token, presenter=them.did, pin=them.link_pin)
    assert grant_id["id"] == them.did
    with pytest.raises(IdentityError, match="device name"):
        devices.save_peer(client, devices.PeerDevice("my desk!", "did:key:z6Mkx", (), "a" * 64, token, True))
    kept = devices.save_peer(client, devices.PeerDevice("Desk", "did:key:z6Mkx", ("127.0.0.2:7461",),
                                                        "a" * 64, token, True))
    assert kept.name == "desk" and devices.load_peer(client, "DESK").addresses == ("127.0.0.2:7461",)
    assert [p.name for p in devices.list_peers(client)] == ["desk"]
    assert devices.forget_peer(client, "desk").personal is True
    assert devices.list_peers(client) == []
