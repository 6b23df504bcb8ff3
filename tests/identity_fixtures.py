"""Fixtures and helpers for the identity, gateway and security tests.

``forge_jws`` signs arbitrary header/payload bytes with any key, so tests can
build the tokens an attacker would (edited payloads, borrowed key ids,
``alg: none``) without going through didkit, which refuses to make them.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.services import create_vault
from identity.keys import Keypair
from tests.conftest import PASSPHRASE, TEST_KDF
from vault import Keychain, Vault


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64u(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def jwt_parts(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    head, body, _ = token.split(".")
    return json.loads(unb64u(head)), json.loads(unb64u(body))


def forge_jws(header: dict[str, Any], payload: dict[str, Any], signer: Keypair | None) -> str:
    """A compact JWS over exactly these parts, signed by ``signer`` (unsigned when None)."""
    signing_input = f"{b64u(json.dumps(header).encode())}.{b64u(json.dumps(payload).encode())}"
    if signer is None:
        return signing_input + "."
    return signing_input + "." + b64u(signer.sign(signing_input.encode()))


def edit_payload(token: str, **changes: Any) -> str:
    """The same token with payload fields changed and the old signature kept."""
    head, body, sig = token.split(".")
    payload = json.loads(unb64u(body))
    payload.update(changes)
    return f"{head}.{b64u(json.dumps(payload).encode())}.{sig}"


def make_vault(home: Path, keychain: Keychain) -> Vault:
    vault = Vault.create(PASSPHRASE, home=home, keychain=keychain, kdf_log2_n=TEST_KDF)
    from identity.user import create_identity

    create_identity(vault)
    return vault


@pytest.fixture
def vault(home: Path, no_keychain: Keychain) -> Iterator[Vault]:
    v = make_vault(home, no_keychain)
    try:
        yield v
    finally:
        v.lock()


@pytest.fixture
def plugin() -> Keypair:
    return Keypair.generate()





# -- a plugin app talking to a real gateway over its Unix socket ------------------------------------

class PluginClient:
    """What a plugin does: pair with its own did:key, ask for scopes, call the API."""

    def __init__(self, socket_path: Path, *, key: Keypair | None = None, name: str = "Test plugin") -> None:
        import httpx

        self.key = key or Keypair.generate()
        self.name = name
        self.socket_path = socket_path
        self.http = httpx.Client(transport=httpx.HTTPTransport(uds=str(socket_path)),
                                 base_url="http://hearth", timeout=60)
        self.token: str | None = None

    def close(self) -> None:
        self.http.close()

    def headers(self, **extra: str) -> dict[str, str]:
        out = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        out.update(extra)
        return out

    def pair(self) -> str:
        from identity.holder import present

        hello = self.http.post("/pair/hello", json={"did": self.key.did, "name": self.name,
                                                    "exe_path": "/usr/bin/test-plugin"})
        assert hello.status_code == 200, hello.text
        vp = present(self.key, challenge=hello.json()["challenge"], domain=hello.json()["domain"])
        proved = self.http.post("/pair/prove", json={"presentation": vp})
        assert proved.status_code == 200, proved.text
        self.token = proved.json()["session_token"]
        return self.token

    def request(self, scopes: list[str], *, purpose: str = "testing", **extra: Any) -> str:
        r = self.http.post("/grants/request", json={"scopes": scopes, "purpose": purpose, **extra},
                           headers=self.headers())
        assert r.status_code == 202, r.text
        return str(r.json()["id"])

    def poll(self, request_id: str) -> Any:
        return self.http.get(f"/grants/request/{request_id}", headers=self.headers())

    def get(self, path: str, **kw: Any) -> Any:
        return self.http.get(path, headers=self.headers(**kw.pop("headers", {})), **kw)

    def post(self, path: str, **kw: Any) -> Any:
        return self.http.post(path, headers=self.headers(**kw.pop("headers", {})), **kw)


def granted_plugin(gateway: Any, scopes: list[str], **request: Any) -> tuple[PluginClient, str]:
    """A paired plugin holding an approved grant for ``scopes`` (approved as the user would)."""
    from identity import consent

    client = PluginClient(gateway.socket_path)
    client.pair()
    request_id = client.request(scopes, **request)
    consent.approve(gateway.vault, request_id)
    polled = client.poll(request_id)
    assert polled.status_code == 200 and polled.json()["status"] == "approved", polled.text
    return client, str(polled.json()["grant"])


@pytest.fixture
def gateway(vault: Vault) -> Iterator[Any]:
    from app.gateway import Gateway

    gw = Gateway(vault, idle_timeout=5.0)
    gw.start()
    try:
        yield gw
    finally:
        gw.stop()


def error_code(response: Any) -> str:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"message", "type", "code"}, body
    return str(body["error"]["code"])
__all__ = ["PluginClient", "create_vault", "edit_payload", "error_code", "forge_jws", "gateway",
           "granted_plugin", "jwt_parts", "make_vault", "plugin", "vault"]
