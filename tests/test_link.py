"""The link between two Hearth homes: real `hearth` processes, real TLS 1.3, real didkit, the bundled model.

"desk" serves on 127.0.0.2 (``hearth link serve --accept-pairing``); "lap" pairs with it through
the CLI and asks through it. Every refusal is checked for its words and for what reached desk's
engine: the running server's own counters (``hearth link status``) must not move.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from app.link.using import credentials, target
from engine.link.client import Target, list_models, pair, start_link_chat
from engine.link.errors import LinkRefused
from engine.link.wire import MODE_USE, LineReader, PairingCode, client_context, connect, send_line
from identity import devices, grants
from tests.canary import files_containing
from tests.link_support import Device, Interceptor, make_device

CANARY = "Quillfeather"
QUESTION = f"My cat is called {CANARY}. What is the capital of France? Answer in one word."
LONG = "Write a long story, at least 500 words, about a lighthouse keeper and a storm."


@pytest.fixture(scope="module")
def link(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Device, Device]]:
    root = tmp_path_factory.mktemp("devices")
    desk, lap = make_device(root, "desk"), make_device(root, "lap")
    desk.serve("--accept-pairing", host="127.0.0.2")
    try:
        _pair(desk, lap)
        yield desk, lap
    finally:
        desk.stop()


def _pair(desk: Device, lap: Device) -> None:
    code = desk.cli("link", "code")
    assert code.returncode == 0, code.stderr
    paired = lap.cli("link", "pair", code.stdout.strip(), "--name", "desk", "--personal", "yes",
                     "--as", "lap")
    assert paired.returncode == 0, paired.stderr
    assert "Paired with desk" in paired.stdout and "confirmation" in paired.stdout


def _body(question: str, max_tokens: int = 64) -> bytes:
    return json.dumps({"model": "default", "messages": [{"role": "user", "content": question}],
                       "stream": True, "temperature": 0.0, "max_tokens": max_tokens}).encode()


def test_a_paired_device_answers_through_the_link_and_the_exchange_is_logged(
        link: tuple[Device, Device]) -> None:
    desk, lap = link
    before = desk.stats()["engine_requests"]
    asked = lap.cli("ask", "--via", "desk", "--json", QUESTION)
    assert asked.returncode == 0, asked.stderr
    reply = json.loads(asked.stdout)
    assert "paris" in reply["text"].lower(), reply["text"]
    assert reply["route"]["answered_by"] == "desk" and reply["route"]["remote"] is True
    assert reply["route"]["device"]["did"] == desk.stats()["did"]
    assert reply["route"]["device"]["address"] == desk.address
    assert desk.stats()["engine_requests"] == before + 1
    # The asking side's network log: the device, its model, bytes each way, the outcome.
    log = json.loads(lap.cli("network", "log", "--json").stdout)["entries"]
    calls = [e for e in log if e["kind"] == "model_call" and e["host"] == desk.address]
    assert calls, log
    call = calls[0]
    assert call["status"] == "ok" and call["bytes_out"] > len(QUESTION) and call["bytes_in"] > 100
    assert "device desk" in call["detail"] and "model default" in call["detail"]
    # The serving side said what it did, in sizes, and kept nothing of what it was asked.
    served = desk.wait_line("hearth link: answered lap: model default")
    assert "bytes in" in served and served.endswith("ok")
    assert not [line for line in desk.lines if CANARY in line or "France" in line]
    assert files_containing([desk.home, desk.run], CANARY) == []


def test_a_device_paired_for_personal_data_answers_from_the_asking_side_s_files(
        link: tuple[Device, Device]) -> None:
    desk, lap = link
    noted = lap.cli("note", "Our sailing boat Marigold is moored at pier 7 in Harbour Bay.")
    assert noted.returncode == 0, noted.stderr
    asked = lap.cli("ask", "--via", "desk", "--json", "Where is our boat Marigold moored?")
    assert asked.returncode == 0, asked.stderr
    reply = json.loads(asked.stdout)
    assert reply["grounding"] == "personal" and reply["route"]["personal"] is True
    assert reply["route"]["answered_by"] == "desk"
    assert "7" in reply["text"] or "pier" in reply["text"].lower(), reply["text"]
    log = json.loads(lap.cli("network", "log", "--json").stdout)["entries"]
    personal = [e for e in log if e["host"] == desk.address and e["personal"]]
    assert personal and personal[0]["consent"].startswith("your device: you allowed it")
    # desk answered from lap's excerpt and kept nothing of it.
    assert not [line for line in desk.lines if "Marigold" in line]
    assert files_containing([desk.home, desk.run], "Marigold") == []


def test_the_list_shows_both_sides_with_models_and_the_personal_choice(link: tuple[Device, Device]) -> None:
    desk, lap = link
    rows = json.loads(lap.cli("link", "list", "--json").stdout)
    assert [(r["name"], r["online"], r["personal"]) for r in rows] == [("desk", True, True)]
    assert "default" in rows[0]["models"] and rows[0]["address"] == desk.address
    assert rows[0]["did"] == desk.stats()["did"]
    listed_models = json.loads(lap.cli("models", "list", "--json").stdout)
    assert [(m["name"], m["address"]) for m in listed_models if m.get("device")] == [("desk", desk.address)]
    theirs = json.loads(desk.cli("link", "list", "--json").stdout)
    assert [(r["name"], r["role"]) for r in theirs] == [("lap", "uses this device")]
    # Listing and pairing crossed the network too: both are in lap's network log, with their sizes.
    log = json.loads(lap.cli("network", "log", "--json").stdout)["entries"]
    listed = [e for e in log if e["path"] == "/link/models" and e["host"] == desk.address]
    assert listed and listed[0]["status"] == "ok" and listed[0]["bytes_out"] > 0 and listed[0]["bytes_in"] > 0
    assert listed[0]["detail"] == "device desk: asked which models it serves"
    paired = [e for e in log if e["path"] == "/link/pair" and e["host"] == desk.address]
    assert paired and paired[-1]["status"] == "ok" and paired[-1]["bytes_in"] > 0


def _refused(expect: str, words: str, call: Any) -> LinkRefused:
    with pytest.raises(LinkRefused) as caught:
        call()
    assert caught.value.reason == expect, (caught.value.reason, str(caught.value))
    assert words in str(caught.value), str(caught.value)
    return caught.value


def test_every_refusal_is_clear_and_reaches_no_engine(link: tuple[Device, Device], tmp_path: Path) -> None:
    desk, lap = link
    start = desk.stats()
    lap_vault, desk_vault = lap.vault(), desk.vault()
    stranger = make_device(tmp_path, "stranger").vault()
    other = make_device(tmp_path, "other").vault()
    try:
        me = credentials(lap_vault)
        desk_target = target(devices.load_peer(lap_vault, "desk"))
        lap_id = devices.device_identity(lap_vault)

        def models(t: Target = desk_target, who: Any = me) -> list[str]:
            return list_models(t, who)

        assert "default" in models()

        # No client certificate: the handshake itself fails (CERT_REQUIRED).
        def bare() -> None:
            sock = connect(desk.address, mode=MODE_USE, context=client_context(None, None, scratch=tmp_path),
                           pin=desk_target.pin, connect_timeout=3, who="desk")
            from engine.link.client import _read

            _read(LineReader(sock), "desk", timeout=5)

        _refused("tls_refused", "presented no certificate", bare)
        # A certificate that was never paired: also refused by TLS.
        _refused("tls_refused", "not paired", lambda: models(who=credentials(stranger)))
        # Paired, but no grant shown.
        _refused("no_grant", "presented no grant", lambda: models(replace(desk_target, grant="")))
        # An expired grant and a revoked one, both really issued by desk's user.
        short = devices.issue_device_grant(desk_vault, device_did=lap_id.did, pin=lap_id.link_pin,
                                           name="lap", days=1 / 86400)
        time.sleep(1.5)
        _refused("grant_expired", "expired", lambda: models(replace(desk_target, grant=short.vc_jwt)))
        revoked = devices.issue_device_grant(desk_vault, device_did=lap_id.did, pin=lap_id.link_pin,
                                             name="lap")
        grants.revoke_grant(desk_vault, revoked.id)
        _refused("grant_revoked", "revoked", lambda: models(replace(desk_target, grant=revoked.vc_jwt)))
        # A grant desk gave to another device, shown by lap.
        them = devices.device_identity(stranger)
        theirs = devices.issue_device_grant(desk_vault, device_did=them.did, pin=them.link_pin, name="x")
        _refused("grant_subject_mismatch", "another device",
                 lambda: models(replace(desk_target, grant=theirs.vc_jwt)))
        # A grant another Hearth's user issued.
        foreign = devices.issue_device_grant(other, device_did=lap_id.did, pin=lap_id.link_pin, name="lap")
        _refused("invalid_grant", "not issued by this Hearth",
                 lambda: models(replace(desk_target, grant=foreign.vc_jwt)))

        # A replayed proof: valid on its own connection, refused on the next one (a fresh nonce).
        def hello() -> tuple[Any, LineReader, dict[str, Any]]:
            sock = connect(desk.address, mode=MODE_USE, pin=desk_target.pin, connect_timeout=3, who="desk",
                           context=client_context(me.cert_pem, me.key_pem, scratch=tmp_path))
            reader = LineReader(sock)
            return sock, reader, reader.json()

        sock, reader, first = hello()
        proof = me.prove(first["nonce"], desk_target.did)
        send_line(sock, {"op": "models", "presentation": proof, "grant": desk_target.grant})
        assert reader.json()["ok"] is True
        sock.close()
        sock, reader, _ = hello()
        send_line(sock, {"op": "models", "presentation": proof, "grant": desk_target.grant})
        answer = reader.json()
        sock.close()
        assert answer["ok"] is False and answer["code"] == "invalid_proof" and "nonce" in answer["error"]

        # Pairing codes: single use, and expired ones refused (here and by desk itself).
        code = PairingCode.parse(desk.control({"op": "code"})["code"])
        pair(code, credentials(stranger), my_name="stranger")
        _refused("code_used", "already used", lambda: pair(code, credentials(other), my_name="other"))
        brief = PairingCode.parse(desk.control({"op": "code", "ttl": 1})["code"])
        time.sleep(1.5)
        _refused("code_expired", "expired", lambda: pair(brief, credentials(other), my_name="other"))
        _refused("code_expired", "expired",
                 lambda: pair(replace(brief, expires_at=time.time() + 600), credentials(other), my_name="o"))
        forged = replace(brief, secret=bytes(16), expires_at=time.time() + 600)
        _refused("unknown_code", "not one this device gave",
                 lambda: pair(forged, credentials(other), my_name="other"))
    finally:
        for v in (lap_vault, desk_vault, stranger, other):
            v.lock()
    end = desk.stats()
    assert end["engine_requests"] == start["engine_requests"]
    assert end["engine_bytes_in"] == start["engine_bytes_in"]
    assert end["refused"].get("no_certificate", 0) == start["refused"].get("no_certificate", 0) + 1
    assert end["refused"].get("unpaired", 0) == start["refused"].get("unpaired", 0) + 1
    assert not [line for line in desk.lines if "answered" in line and "stranger" in line]


def test_a_man_in_the_middle_with_another_key_gets_no_prompt_byte(link: tuple[Device, Device],
                                                                  tmp_path: Path) -> None:
    _, lap = link
    lap_vault = lap.vault()
    impostor = make_device(tmp_path, "impostor").vault()
    try:
        fake = devices.device_identity(impostor)
        middle = Interceptor(fake.link_cert_pem, fake.link_key_pem, tmp_path)
        desk_target = replace(target(devices.load_peer(lap_vault, "desk")), addresses=(middle.address,))
        generation = start_link_chat(desk_target, credentials(lap_vault), _body(QUESTION))
        with pytest.raises(LinkRefused) as caught:
            generation.result()
        assert caught.value.reason == "pin_mismatch" and "pin mismatch for desk" in str(caught.value)
        time.sleep(0.3)
        assert middle.bytes_read == 0
        middle.close()
    finally:
        lap_vault.lock()
        impostor.lock()


def test_unpairing_from_the_asking_side_revokes_it_on_the_serving_side(link: tuple[Device, Device]) -> None:
    desk, lap = link
    lap_vault = lap.vault()
    kept = devices.load_peer(lap_vault, "desk")
    lap_vault.lock()
    gone = lap.cli("link", "unpair", "desk")
    assert gone.returncode == 0 and "desk revoked this device's grant too" in gone.stdout, gone.stdout
    assert "lap" not in [r["name"] for r in json.loads(desk.cli("link", "list", "--json").stdout)]
    lap_vault = lap.vault()
    try:
        _refused("tls_refused", "not paired", lambda: list_models(target(kept), credentials(lap_vault)))
    finally:
        lap_vault.lock()
    _pair(desk, lap)


def test_pairing_again_ends_the_grant_the_device_held_before(link: tuple[Device, Device]) -> None:
    desk, lap = link
    lap_vault = lap.vault()
    old = devices.load_peer(lap_vault, "desk")
    lap_vault.lock()
    _pair(desk, lap)
    lap_vault = lap.vault()
    try:
        me, new = credentials(lap_vault), target(devices.load_peer(lap_vault, "desk"))
        assert new.grant != old.grant and "default" in list_models(new, me)
        _refused("grant_revoked", "revoked", lambda: list_models(replace(new, grant=old.grant), me))
    finally:
        lap_vault.lock()
    assert [r["name"] for r in json.loads(desk.cli("link", "list", "--json").stdout)].count("lap") == 1


def test_revoking_mid_answer_ends_the_stream_on_both_sides_within_two_seconds(
        link: tuple[Device, Device]) -> None:
    desk, lap = link
    lap_vault, desk_vault = lap.vault(), desk.vault()
    try:
        generation = start_link_chat(target(devices.load_peer(lap_vault, "desk")), credentials(lap_vault),
                                     _body(LONG, max_tokens=1500))
        first = threading.Event()
        ended: list[BaseException | None] = []
        pieces: list[str] = []

        def read() -> None:
            try:
                for piece in generation:
                    pieces.append(piece)
                    first.set()
                ended.append(None)
            except BaseException as exc:
                ended.append(exc)
            first.set()

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        assert first.wait(120), "no first token"
        assert not ended, f"the answer ended before the revoke: {ended}"
        revoked_at = time.monotonic()
        devices.forget_client(desk_vault, devices.find_client(desk_vault, "lap"))  # = hearth link unpair lap
        reader.join(10)
        took = time.monotonic() - revoked_at
        assert ended and isinstance(ended[0], LinkRefused), ended
        assert took <= 2.0, f"the stream went on for {took:.2f} s after the revoke"
        assert ended[0].reason == "grant_revoked" and "desk ended the answer" in str(ended[0])
        deadline = time.monotonic() + 2.0
        while desk.stats()["open_streams"] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert desk.stats()["open_streams"] == 0
        assert desk.wait_line("bytes out, revoked: grant_revoked", timeout=5).startswith(
            "hearth link: answered lap: model default")
    finally:
        lap_vault.lock()
        desk_vault.lock()
