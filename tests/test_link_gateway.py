"""A paired device's model through the asking computer's own gateway, with the unmodified ``openai`` SDK.

"desk" serves on 127.0.0.6 and "shed" on 127.0.0.7 (``hearth link serve --accept-pairing``, real
processes, real TLS, the bundled model); "lap" pairs with both through the CLI (desk may answer from
lap's data, shed may not) and runs its gateway in this process on its real vault. An app key on lap
asks ``desk/default`` over loopback TCP: the answer's fact comes from desk's model (desk's own
counter of engine requests goes up by one per answer), and every refusal is an OpenAI-style error
with no request reaching a device's engine.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import openai
import pytest

from tests.link_support import Device, make_device

QUESTION = "What is the capital of France? Answer in one word."


class Lap:
    def __init__(self, device: Device, vault: Any, gateway: Any) -> None:
        self.device, self.vault, self.gw = device, vault, gateway

    def client(self, key: str) -> openai.OpenAI:
        return openai.OpenAI(base_url=f"http://127.0.0.1:{self.gw.tcp_port}/v1", api_key=key, max_retries=0)

    def key(self, name: str, scopes: tuple[str, ...] = (), **kw: Any) -> str:
        from identity import appkeys

        return appkeys.create_app_key(self.vault, name=name, scopes=list(scopes), **kw).key





Homes = tuple[Device, Device, Lap]


def _pair(server: Device, lap: Device, name: str, personal: str) -> None:
    code = server.cli("link", "code")
    assert code.returncode == 0, code.stderr
    paired = lap.cli("link", "pair", code.stdout.strip(), "--name", name, "--personal", personal,
                     "--as", "lap")
    assert paired.returncode == 0, paired.stderr


@pytest.fixture(scope="module")
def homes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Device, Device, Lap]]:
    from app.gateway import Gateway

    root = tmp_path_factory.mktemp("gateway-devices")
    desk, shed, lap = make_device(root, "desk"), make_device(root, "shed"), make_device(root, "lap")
    desk.serve("--accept-pairing", host="127.0.0.6")
    shed.serve("--accept-pairing", host="127.0.0.7")
    env = pytest.MonkeyPatch()
    try:
        _pair(desk, lap, "desk", "yes")
        _pair(shed, lap, "shed", "no")
        env.setenv("HEARTH_HOME", str(lap.home))
        env.setenv("HEARTH_RUNTIME_DIR", str(lap.run))
        vault = lap.vault()
        gw = Gateway(vault, socket_path=lap.run / "gateway.sock", tcp_port=0, coalesce_window=0.0).start()
        try:
            yield desk, shed, Lap(lap, vault, gw)
        finally:
            gw.stop()
            vault.lock()
    finally:
        env.undo()
        desk.stop()
        shed.stop()


def _served(device: Device) -> int:
    return int(device.stats()["engine_requests"])


def test_the_gateway_lists_paired_devices_models_and_personal_only_where_allowed(homes: Homes) -> None:
    _, _, lap = homes
    ids = {m.id: m for m in lap.client(lap.key("Lister", personal=True)).models.list().data}
    assert {"default", "desk/default", "desk/default+personal", "shed/default"} <= set(ids)
    assert "shed/default+personal" not in ids
    assert ids["desk/default"].owned_by == "hearth: your device desk"
    # A key for general questions only is not told of personal ids (tests/test_gateway_device_listing.py).
    general = {m.id for m in lap.client(lap.key("General lister")).models.list().data}
    assert {"desk/default", "shed/default"} <= general and not {i for i in general if "+personal" in i
                                                                 and "/" in i}


def test_a_paired_device_answers_through_the_gateway_streamed_and_not(homes: Homes) -> None:
    desk, shed, lap = homes
    client = lap.client(lap.key("Asker"))
    before, shed_before = _served(desk), _served(shed)
    answer = client.chat.completions.create(model="desk/default", max_tokens=24, temperature=0.0,
                                            messages=[{"role": "user", "content": QUESTION}])
    assert "paris" in answer.choices[0].message.content.lower(), answer.choices[0].message.content
    assert answer.model == "desk/default"
    assert _served(desk) == before + 1
    chunks = list(client.chat.completions.create(
        model="desk/default", max_tokens=24, temperature=0.0, stream=True,
        messages=[{"role": "user", "content": QUESTION}]))
    pieces = [c.choices[0].delta.content or "" for c in chunks if c.choices]
    assert "paris" in "".join(pieces).lower(), pieces
    assert chunks[0].choices[0].delta.role == "assistant" and chunks[-1].choices[0].finish_reason == "stop"
    assert _served(desk) == before + 2 and _served(shed) == shed_before
    # lap's network log names the device and its model for the gateway's calls.
    from vault.netlog import entries

    calls = [e for e in entries(lap.vault) if e.host == desk.address and e.started_by.startswith("gateway")]
    assert len(calls) == 2 and all(e.status == "ok" and "device desk" in e.detail for e in calls), calls


def test_a_personal_answer_goes_only_to_a_device_paired_for_it_and_needs_the_scope(homes: Homes) -> None:
    from vault.notes import add_note

    desk, shed, lap = homes
    add_note(lap.vault, "Our sailing boat Marigold is moored at pier 7 in Harbour Bay.")
    question = [{"role": "user", "content": "Where is our boat Marigold moored?"}]
    personal_key = lap.key("Personal asker", ("notes.read",), personal=True)
    before, shed_before = _served(desk), _served(shed)
    answer = lap.client(personal_key).chat.completions.create(
        model="desk/default+personal", max_tokens=40, temperature=0.0, messages=question)
    text = answer.choices[0].message.content
    assert "7" in text or "pier" in text.lower(), text
    assert answer.model_extra["hearth"]["grounding"] == "personal"
    assert _served(desk) == before + 1
    # shed was paired for general questions only.
    with pytest.raises(openai.PermissionDeniedError) as not_personal:
        lap.client(personal_key).chat.completions.create(model="shed/default+personal", max_tokens=8,
                                                         messages=question)
    assert not_personal.value.code == "device_not_personal"
    assert "shed was paired to answer general questions only" in not_personal.value.message
    # A key without personal answers gets none, from a device as from this computer.
    with pytest.raises(openai.PermissionDeniedError) as no_scope:
        lap.client(lap.key("General asker", ("notes.read",))).chat.completions.create(
            model="desk/default+personal", max_tokens=8, messages=question)
    assert no_scope.value.code == "scope_not_granted"
    assert _served(desk) == before + 1 and _served(shed) == shed_before


def test_a_revoked_then_unpaired_device_is_refused_with_a_clear_error(homes: Homes) -> None:
    desk, _, lap = homes
    client = lap.client(lap.key("Late asker"))
    before = _served(desk)
    # desk revokes lap (= 'hearth link unpair lap' on desk): lap still lists desk, desk refuses.
    gone = desk.cli("link", "unpair", "lap")
    assert gone.returncode == 0, gone.stderr
    for stream in (False, True):
        with pytest.raises(openai.APIError) as refused:
            out = client.chat.completions.create(model="desk/default", max_tokens=8, stream=stream,
                                                 messages=[{"role": "user", "content": QUESTION}])
            if stream:
                list(out)
        assert refused.value.code == "device_refused", refused.value.message
        assert "desk refused this device: this device is not paired with it" in refused.value.message
    assert _served(desk) == before
    # Unpaired on lap too: desk's models leave the list and asking one names the missing pairing.
    assert lap.device.cli("link", "unpair", "desk").returncode == 0
    assert not [m.id for m in client.models.list().data if m.id.startswith("desk/")]
    with pytest.raises(openai.NotFoundError) as unknown:
        client.chat.completions.create(model="desk/default", max_tokens=8,
                                       messages=[{"role": "user", "content": QUESTION}])
    assert unknown.value.code == "device_not_paired" and "no paired device serves 'desk/default'" in \
        unknown.value.message
    assert _served(desk) == before
    assert json.loads(lap.device.cli("link", "list", "--json").stdout)[0]["name"] == "shed"


def test_a_device_that_went_away_is_named_at_once_and_nothing_else_answers_for_it(homes: Homes) -> None:
    _, shed, lap = homes
    shed.stop()
    client = lap.client(lap.key("Offline asker"))
    started = time.monotonic()
    with pytest.raises(openai.APIStatusError) as away:
        client.chat.completions.create(model="shed/default", max_tokens=8,
                                       messages=[{"role": "user", "content": QUESTION}])
    assert time.monotonic() - started < 15
    assert away.value.status_code == 503 and away.value.code == "device_unreachable"
    assert "your device shed could not answer" in away.value.message, away.value.message
    # This computer's own model still answers.
    here = client.chat.completions.create(model="default", max_tokens=24, temperature=0.0,
                                          messages=[{"role": "user", "content": QUESTION}])
    assert "paris" in (here.choices[0].message.content or "").lower()
