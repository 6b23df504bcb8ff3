"""GET /v1/models names the person's paired devices only to an app whose grant lets it ask them.

The person's devices' names are their data. lap (this vault) has two paired devices, desk (may
answer from lap's data) and shed (general questions only), each with the real grant desk's and
shed's own vaults signed for lap's device key (didkit). Plugin apps pair over the gateway's Unix
socket, hold grants the person approved, and list the models with the unmodified ``openai`` SDK:
a device's model is listed only to an app holding ``assistant.general``, its ``+personal`` id only
to one holding ``assistant.personal`` and only for desk; nothing else of the devices is said.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx
import openai
from keyring.backends import fail

from identity import devices, grants
from tests.identity_fixtures import PluginClient, gateway, granted_plugin, make_vault, vault
from vault import Keychain, Vault

__all__ = ["gateway", "vault"]


def _pair_devices(lap: Vault, root: Path) -> None:
    """desk and shed, as lap keeps them after pairing: addresses, pins and the grants they signed."""
    me = devices.device_identity(lap)
    for name, personal in (("desk", True), ("shed", False)):
        (root / name).mkdir(mode=0o700)
        other = make_vault(root / name, Keychain(backend=fail.Keyring()))
        try:
            ident = devices.device_identity(other)
            grant = devices.issue_device_grant(other, device_did=me.did, pin=me.link_pin, name="lap")
            peer = devices.PeerDevice(name, ident.did, ("127.0.0.2:7461",), ident.link_pin, grant.vc_jwt,
                                      personal, ("default", "big"), time.time())
            devices.save_peer(lap, peer)
        finally:
            other.lock()


def _sdk(client: PluginClient) -> openai.OpenAI:
    return openai.OpenAI(api_key=client.token, base_url="http://hearth/v1", max_retries=0,
                         http_client=httpx.Client(transport=httpx.HTTPTransport(uds=str(client.socket_path))))


def _listed(client: PluginClient) -> set[str]:
    return {m.id for m in _sdk(client).models.list().data}


DEVICE_IDS = {"desk/default", "desk/big", "shed/default", "shed/big"}


def test_device_models_are_listed_only_to_apps_whose_grant_lets_them_ask(gateway: Any, vault: Vault,
                                                                        tmp_path: Path) -> None:
    _pair_devices(vault, tmp_path)
    # An app holding data scopes but none to ask a model: this computer's models, no device.
    reader, _ = granted_plugin(gateway, ["notes.read"])
    seen = _listed(reader)
    assert "default" in seen and not {i for i in seen if "/" in i}, seen
    raw = reader.get("/v1/models")
    assert raw.status_code == 200 and "desk" not in raw.text and "shed" not in raw.text
    # A paired session with no grant at all sees no device either.
    bare = PluginClient(gateway.socket_path, name="Bare plugin")
    bare.pair()
    assert not {i for i in _listed(bare) if "/" in i}
    # General questions: every device's models, no personal ids.
    general, general_grant = granted_plugin(gateway, ["assistant.general"])
    assert {i for i in _listed(general) if "/" in i} == DEVICE_IDS
    # Personal questions (and notes): the personal ids of the device allowed them, nothing of shed's.
    personal, _ = granted_plugin(gateway, ["assistant.personal", "notes.read"])
    assert {i for i in _listed(personal) if "/" in i} == {"desk/default+personal", "desk/big+personal"}
    both, _ = granted_plugin(gateway, ["assistant.general", "assistant.personal"])
    assert {i for i in _listed(both) if "/" in i} == DEVICE_IDS | {"desk/default+personal",
                                                                  "desk/big+personal"}
    # An "only this time" grant opens one request, not the list of the person's devices.
    once, _ = granted_plugin(gateway, ["assistant.general"], mode="once")
    assert not {i for i in _listed(once) if "/" in i}
    # Revoked: gone from the next listing.
    grants.revoke_grant(vault, grants.check_grant(vault, general_grant, presenter=general.key.did,
                                                  issuer=gateway.auth.issuer).id)
    assert not {i for i in _listed(general) if "/" in i}
