"""Plain `hearth ask` routes to the person's paired device when their eval results say it is better.

"desk" serves on 127.0.0.8 (``hearth link serve --accept-pairing``, a real process, real TLS 1.3,
real didkit grants, the bundled model); "lap" pairs with it through the CLI, saying desk may answer
from its data. lap's vault then holds the person's eval results: on both task kinds asked here
desk's model scored above the bar and lap's own did not. Every question is asked with plain
`hearth ask` (no --via, no --model, no --yes, no terminal): the router picks ``desk/default``,
the answer comes through the link (desk's own counter of engine requests moves), the JSON route
names the device, and lap's network log records the exchange. When desk hangs or is gone, lap
answers itself within seconds and says which device it could not reach.
"""

from __future__ import annotations

import json
import signal
from collections.abc import Iterator
from typing import Any

import pytest

from tests.canary import files_containing
from tests.link_support import Device, make_device

HARD = "Explain and compare: what is the capital of France? Answer in one word."


@pytest.fixture(scope="module")
def homes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Device, Device]]:
    root = tmp_path_factory.mktemp("routed-devices")
    desk, lap = make_device(root, "desk"), make_device(root, "lap")
    desk.serve("--accept-pairing", host="127.0.0.8")
    try:
        code = desk.cli("link", "code")
        assert code.returncode == 0, code.stderr
        paired = lap.cli("link", "pair", code.stdout.strip(), "--name", "desk", "--personal", "yes",
                         "--as", "lap")
        assert paired.returncode == 0, paired.stderr
        _seed_evals(lap)
        yield desk, lap
    finally:
        desk.stop()


def _seed_evals(lap: Device) -> None:
    """The person's eval results: desk's model passes their bar on 'chat' and 'quick', lap's does not."""
    from engine.routing.eval_store import ItemResult, save_run

    vault = lap.vault()
    try:
        rows = [ItemResult(model, i, task, score, score >= 0.6, 1.0, 0.2, 20.0, 8, "…")
                for task in ("chat", "quick") for i in range(3)
                for model, score in (("desk/default", 0.9), ("default", 0.3))]
        save_run(vault, "my-questions", "0" * 64, ["desk/default", "default"], rows)
    finally:
        vault.lock()


def _served(desk: Device) -> int:
    return int(desk.stats()["engine_requests"])


def _log(lap: Device) -> list[dict[str, Any]]:
    return list(json.loads(lap.cli("network", "log", "--json").stdout)["entries"])


def _ask(lap: Device, question: str) -> dict[str, Any]:
    asked = lap.cli("ask", "--json", "--max-tokens", "24", question)
    assert asked.returncode == 0, asked.stderr
    return dict(json.loads(asked.stdout))


def test_pairing_brings_the_device_s_model_sizes(homes: tuple[Device, Device]) -> None:
    from engine.models.gguf import read_gguf
    from engine.models.registry import ModelRegistry

    _, lap = homes
    bundled = ModelRegistry().resolve("default").path
    rows = json.loads(lap.cli("link", "list", "--json").stdout)
    assert rows[0]["name"] == "desk" and rows[0]["online"] is True
    assert rows[0]["sizes"]["default"] == {"bytes": bundled.stat().st_size,
                                           "parameters": read_gguf(bundled).parameter_count}
    listed = json.loads(lap.cli("models", "list", "--json").stdout)
    assert [m["sizes"] for m in listed if m.get("device")] == [rows[0]["sizes"]]
    shown = lap.cli("link", "list").stdout
    assert f"default ({read_gguf(bundled).parameter_count / 1e6:.0f}M parameters, " in shown, shown


def test_a_hard_question_goes_to_the_device_the_eval_results_prefer(homes: tuple[Device, Device]) -> None:
    desk, lap = homes
    routed = json.loads(lap.cli("route", "--json", HARD).stdout)
    assert routed["model"] == "desk/default" and "the prompt looks hard" in routed["reason"], routed
    before = _served(desk)
    reply = _ask(lap, HARD)
    assert "paris" in reply["text"].lower(), reply["text"]
    route = reply["route"]
    assert route["model"] == reply["model"] == "desk/default" and route["remote"] is True
    assert route["answered_by"] == "desk" and route["device"]["name"] == "desk"
    assert route["device"]["did"] == desk.stats()["did"] and route["device"]["address"] == desk.address
    assert _served(desk) == before + 1
    calls = [e for e in _log(lap) if e["kind"] == "model_call" and e["path"] == "/v1/chat/completions"
             and e["host"] == desk.address]
    assert len(calls) == 1 and calls[0]["status"] == "ok", calls
    assert calls[0]["detail"].startswith("device desk (") and calls[0]["detail"].endswith("model default")
    assert calls[0]["bytes_out"] > len(HARD) and calls[0]["bytes_in"] > 100 and not calls[0]["personal"]


def test_a_personal_question_goes_to_a_device_paired_for_it_without_a_dialog(
        homes: tuple[Device, Device]) -> None:
    desk, lap = homes
    assert lap.cli("note", "Our sailing boat Marigold is moored at pier 7 in Harbour Bay.").returncode == 0
    before = _served(desk)
    reply = _ask(lap, "Where is our boat Marigold moored?")  # no --yes and no terminal: no dialog
    assert reply["grounding"] == "personal" and reply["route"]["personal"] is True
    assert reply["route"]["answered_by"] == "desk", reply
    assert "7" in reply["text"] or "pier" in reply["text"].lower(), reply["text"]
    assert _served(desk) == before + 1
    personal = [e for e in _log(lap) if e["host"] == desk.address and e["personal"]]
    assert len(personal) == 1 and personal[0]["consent"].startswith("your device: you allowed it")
    assert files_containing([desk.home, desk.run], "Marigold") == []


def test_a_hung_or_stopped_device_is_named_and_this_computer_answers_within_seconds(
        homes: tuple[Device, Device]) -> None:
    desk, lap = homes
    assert desk.proc is not None
    desk.proc.send_signal(signal.SIGSTOP)  # takes connections (the kernel does), answers nothing
    try:
        hung = _ask(lap, HARD)
    finally:
        desk.proc.send_signal(signal.SIGCONT)
    desk.stop()
    gone = _ask(lap, HARD)
    for reply, why in ((hung, "did not answer in time"), (gone, "could not be reached")):
        assert reply["route"]["model"] == "desk/default" and reply["model"] == "default", reply["route"]
        assert reply["route"]["answered_by"] == "this computer" and reply["route"]["device"] is None
        assert "paris" in reply["text"].lower(), reply["text"]
        (note,) = [n for n in reply["notes"] if n.startswith("desk/default failed (desk")]
        assert why in note, reply["notes"]
    failed = [e for e in _log(lap) if e["host"] == desk.address and e["status"].startswith("failed")]
    assert len(failed) == 2, failed
    assert all(e["ended_at"] - e["started_at"] < 5 for e in failed), failed

