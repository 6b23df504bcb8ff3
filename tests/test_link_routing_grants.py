"""Which paired devices the router may send to: those whose grant lets this device ask them now.

Real vaults and real grants (didkit): "desk" and "shed" each sign a grant for lap's device key,
as pairing does; lap keeps them as paired devices. Only a grant that names ``engine.chat``, for
lap's DID and link key, by the device it is kept under, unexpired and with a signature that
verifies, makes the device's models router candidates; personal requests may go only to the
device paired with "may answer from my data", and only such a device is sent to without asking.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from keyring.backends import fail

from app.link.routed import device_candidates, device_consent, device_models, why_not_chat
from app.link.using import SIZES_SETTING
from engine.routing.dispatch import RemotePlan
from identity import devices
from tests.identity_fixtures import edit_payload, make_vault, vault
from vault import Keychain, Vault
from vault.settings import get_setting, set_setting

__all__ = ["vault"]


def _device(root: Path, name: str) -> Vault:
    (root / name).mkdir(mode=0o700)
    return make_vault(root / name, Keychain(backend=fail.Keyring()))


def _paired(lap: Vault, other: Vault, name: str, *, personal: bool, scopes: tuple[str, ...] = (devices.CHAT,),
            to: devices.DeviceIdentity | None = None) -> devices.PeerDevice:
    me = to or devices.device_identity(lap)
    ident = devices.device_identity(other)
    grant = devices.issue_device_grant(other, device_did=me.did, pin=me.link_pin, name="lap", scopes=scopes)
    return devices.PeerDevice(name, ident.did, ("127.0.0.2:7461",), ident.link_pin, grant.vc_jwt, personal,
                              ("default",), time.time())


def test_only_a_live_chat_grant_for_this_device_makes_a_device_a_candidate(vault: Vault,
                                                                         tmp_path: Path) -> None:
    # Nothing paired: no candidate, and routing made no device identity in the vault either.
    assert device_models(vault) == [] and get_setting(vault, devices.IDENTITY_SETTING, {}) == {}
    desk, shed, stranger = _device(tmp_path, "desk"), _device(tmp_path, "shed"), _device(tmp_path, "stranger")
    try:
        me = devices.device_identity(vault)
        good = _paired(vault, desk, "desk", personal=True)
        assert why_not_chat(good, me) is None
        refused = {
            "its grant does not let this device ask it to answer (engine.chat)":
                _paired(vault, desk, "desk", personal=True, scopes=(devices.SPLIT,)),
            "its grant was given to another device":
                _paired(vault, desk, "desk", personal=True, to=devices.device_identity(stranger)),
            "its grant is for another device":
                replace(good, did=devices.device_identity(shed).did),
            "its grant's signature does not verify":
                replace(good, grant=edit_payload(good.grant, exp=int(time.time()) + 10**8)),
            "its grant cannot be read": replace(good, grant="not a grant"),
        }
        for why, peer in refused.items():
            assert why_not_chat(peer, me) == why, (why, why_not_chat(peer, me))
        assert why_not_chat(good, replace(me, link_pin="0" * 64)) == \
            "its grant names another link key than this device's"
        assert why_not_chat(good, me, now=time.time() + 400 * 86400) == "its grant has expired: pair it again"

        # Kept as lap keeps paired devices: desk (personal), shed (general), and a split-only "box".
        devices.save_peer(vault, good)
        devices.save_peer(vault, _paired(vault, shed, "shed", personal=False))
        devices.save_peer(vault, _paired(vault, desk, "box", personal=True, scopes=(devices.SPLIT,)))
        set_setting(vault, SIZES_SETTING + "desk", {"models": {
            "default": {"bytes": 100_000_000, "parameters": 135_000_000},
            "big": {"bytes": 4_000_000_000, "parameters": 7_000_000_000}}, "at": time.time()})
        found = {d.name: d for d in device_models(vault)}
        assert set(found) == {"desk/default", "desk/big", "shed/default"}
        assert found["desk/big"].endpoint.url == "hearth-link://127.0.0.2:7461/v1"
        assert found["desk/big"].endpoint.model == "big"
        assert {c.name: (c.parameters, c.device, c.personal_ok) for c in device_candidates(vault)} == {
            "desk/default": (135_000_000, True, True), "desk/big": (7_000_000_000, True, True),
            "shed/default": (0, True, False)}

        # The answer pipeline's router: a personal request (even with remote models allowed, as the
        # window allows them behind its dialog) falls back only to this computer's models and desk's:
        # desk/default and shed/default would receive the same bytes, and shed was never allowed.
        router = _router(vault)
        asked = [{"role": "user", "content": "Explain and compare my two insurance letters."}]
        personal = router.route(asked, personal_context=True, remote_consent=True, model="desk/default")
        assert "shed/default" not in personal.fallbacks and "desk/big" in personal.fallbacks
        assert "default" in personal.fallbacks
        general = router.route(asked, remote_consent=True, model="desk/default")
        assert "shed/default" in general.fallbacks
        # With no eval results, a hard question goes to the biggest device model (its size as told).
        assert router.route(asked).model == "desk/big"
    finally:
        for v in (desk, shed, stranger):
            v.lock()


def _router(vault: Vault) -> Any:
    from app.link.routed import routed_answerer
    from engine.models.registry import ModelRegistry
    from engine.routing.remote import RemoteRegistry
    from engine.running.pool import ModelPool

    with ModelPool() as pool:  # nothing is loaded: routing only
        answerer = routed_answerer(pool, vault, registry=ModelRegistry(), remotes=RemoteRegistry(),
                                   searcher=None)
        return answerer._router()


def test_only_a_device_paired_for_personal_data_is_sent_to_without_asking() -> None:
    asked: list[str] = []

    def person(plan: RemotePlan) -> bool:
        asked.append(plan.endpoint)
        return False

    def plan(endpoint: str) -> RemotePlan:
        return RemotePlan(endpoint, "hearth-link://127.0.0.2:7461/v1", b"{}", "0" * 64, {})

    decide = device_consent(frozenset({"desk/default"}), person)
    assert decide(plan("desk/default")) is True and asked == []
    assert decide(plan("shed/default")) is False and asked == ["shed/default"]
    assert decide(plan("openrouter")) is False and asked == ["shed/default", "openrouter"]
    assert device_consent(frozenset({"desk/default"}), None)(plan("shed/default")) is False
