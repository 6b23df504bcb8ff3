"""`hearth eval run` measures a paired device's model through the link, and `hearth eval tune` uses it.

"desk" serves on 127.0.0.9 (a real ``hearth link serve`` process, real TLS, real didkit grants, the
bundled model); "lap" pairs with it. The person's eval set is run on ``desk/default``: every item
reaches desk's engine (its counter moves by the number of items), the results are kept under
``desk/default``, lap's network log has one exchange per item, and tuning and routing then choose
the device's model for that task. A model name of no paired device is refused in words.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.link_support import Device, make_device

ITEMS = [{"input": "What is the capital of France? Answer in one word.", "expected": "Paris",
          "task": "capitals"},
         {"input": "What is the capital of Italy? Answer in one word.", "expected": "Rome",
          "task": "capitals"}]


@pytest.fixture(scope="module")
def homes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Device, Device]]:
    root = tmp_path_factory.mktemp("eval-devices")
    desk, lap = make_device(root, "desk"), make_device(root, "lap")
    desk.serve("--accept-pairing", host="127.0.0.9")
    try:
        code = desk.cli("link", "code")
        assert code.returncode == 0, code.stderr
        paired = lap.cli("link", "pair", code.stdout.strip(), "--name", "desk", "--as", "lap")
        assert paired.returncode == 0, paired.stderr
        yield desk, lap
    finally:
        desk.stop()


def test_an_eval_set_measures_the_device_s_model_through_the_link(homes: tuple[Device, Device],
                                                                  tmp_path: Path) -> None:
    desk, lap = homes
    eval_set = tmp_path / "capitals.jsonl"
    eval_set.write_text("".join(json.dumps(item) + "\n" for item in ITEMS))
    before = int(desk.stats()["engine_requests"])
    ran = lap.cli("eval", "run", str(eval_set), "--models", "desk/default", "--max-tokens", "16", "--json")
    assert ran.returncode == 0, ran.stderr
    stats = {(s["model"], s["task"]): s for s in json.loads(ran.stdout)["stats"]}
    assert stats[("desk/default", "capitals")]["items"] == len(ITEMS)
    assert stats[("desk/default", "capitals")]["score"] == 1.0  # desk's model named both capitals
    assert int(desk.stats()["engine_requests"]) == before + len(ITEMS)
    log = json.loads(lap.cli("network", "log", "--json").stdout)["entries"]
    calls = [e for e in log if e["host"] == desk.address and e["path"] == "/v1/chat/completions"]
    assert len(calls) == len(ITEMS) and all(e["status"] == "ok" for e in calls), calls
    assert all(e["started_by"] == "router: your device (hearth eval run)" for e in calls)
    tuned = lap.cli("eval", "tune", "--json")
    assert tuned.returncode == 0, tuned.stderr
    # The device's model is one the router may choose: tuning keeps it for the task it passed.
    assert json.loads(tuned.stdout)["choices"] == {"capitals": "desk/default"}
    routed = json.loads(lap.cli("route", "--json", "--task", "capitals", "Capital of Spain?").stdout)
    assert routed["model"] == "desk/default", routed


def test_a_model_of_no_paired_device_is_refused_in_words(homes: tuple[Device, Device],
                                                         tmp_path: Path) -> None:
    desk, lap = homes
    eval_set = tmp_path / "capitals.jsonl"
    eval_set.write_text(json.dumps(ITEMS[0]) + "\n")
    before = int(desk.stats()["engine_requests"])
    ran = lap.cli("eval", "run", str(eval_set), "--models", "shed/default")
    assert ran.returncode != 0
    assert "'shed/default' is not a model of one of your paired devices" in ran.stderr, ran.stderr
    assert int(desk.stats()["engine_requests"]) == before
