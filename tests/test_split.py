"""A model split across devices: three Hearth homes on 127.0.0.x, real TLS, real llama.cpp RPC.

"desk" (127.0.0.2) and "srv" (127.0.0.3) run ``hearth link serve`` and allow "lap" to split
models across them (``hearth split allow lap``); this test process is lap's app, so a split
engine dying must not take it down. Greedy tokens of the bundled Gemma 3 270M are compared
across one worker, two workers at 1:1 and 1:3, and this computer alone; the RPC server is
checked to be reachable only through the link (its own network namespace, loopback only) and to
get 0 bytes without an ``engine.split`` grant; a worker killed mid-answer is named within 5 s;
a reload sends no weights (counted), and the worker keeps none readable on disk.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from app.link.using import credentials, target
from app.split.using import open_rpc, opener, split_target, start_split
from engine.link.errors import LinkRefused
from engine.models.gguf import read_gguf
from engine.models.registry import ModelRegistry, gemma_model_path
from engine.split import rpc
from engine.split.plan import layer_devices
from engine.split.session import DeviceWentAway, SplitEngine
from identity import devices
from tests.link_support import Device, make_device

pytestmark = pytest.mark.skipif(not rpc.supported(),
                                reason="llama-cpp-python was built without -DGGML_RPC=ON "
                                       "(scripts/ensure-venv builds it with)")
PROMPT = "The three most useful things to pack for a long walk in the hills are"


@pytest.fixture(scope="module")
def homes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Device, Device, Device]]:
    root = tmp_path_factory.mktemp("split")
    # One thread per RPC server: on a machine with two shared cores, ggml's spinning threads
    # would otherwise wait on each other (measured: 0.7 against 5 tokens/s).
    os.environ["HEARTH_SPLIT_THREADS"] = "1"
    desk, srv, lap = make_device(root, "desk"), make_device(root, "srv"), make_device(root, "lap")
    desk.serve("--accept-pairing", host="127.0.0.2")
    srv.serve("--accept-pairing", host="127.0.0.3")
    try:
        for worker in (desk, srv):
            code = worker.cli("link", "code").stdout.strip()
            paired = lap.cli("link", "pair", code, "--name", worker.name, "--as", "lap")
            assert paired.returncode == 0, paired.stderr
        yield desk, srv, lap
    finally:
        desk.stop()
        srv.stop()


def _allow(device: Device) -> None:
    allowed = device.cli("split", "allow", "lap")
    assert allowed.returncode == 0 and "lap may now run models across this computer" in allowed.stdout, \
        allowed.stderr


def _model() -> Path:
    path = gemma_model_path()
    assert path is not None, "the bundled model is part of the dev install"
    return path


def _greedy(engine: SplitEngine, n: int = 64) -> tuple[list[int], dict[str, Any]]:
    ids, done = [], {}
    for line in engine.stream({"op": "tokens", "prompt": PROMPT, "max_tokens": n}):
        if "t" in line:
            ids.append(line["t"])
        done = line
    return ids, done


def _split_tokens(lap: Device, names: list[str], split: str | None) -> tuple[list[int], Any]:
    vault = lap.vault()
    try:
        run = start_split(vault, _model(), names, split=split, n_ctx=512, threads=1)
        try:
            ids, _ = _greedy(run.engine)
        finally:
            run.engine.close()
    finally:
        vault.lock()
    return ids, run


def test_no_split_grant_means_no_rpc_server_and_zero_bytes(homes: tuple[Device, Device, Device]) -> None:
    desk, _, lap = homes
    before = desk.stats()["split"]
    vault = lap.vault()
    try:
        me = credentials(vault)
        peer = devices.load_peer(vault, "desk")
        # desk has not allowed lap yet: asking for the grant is refused in words.
        with pytest.raises(LinkRefused) as caught:
            split_target(vault, peer, me)
        assert "has not allowed lap" in str(caught.value) and "hearth split allow lap" in str(caught.value)
        # The chat grant pairing gave is not a split grant: refused at the door.
        with pytest.raises(LinkRefused) as caught:
            open_rpc(target(peer), me)
        assert caught.value.reason == "scope_not_granted", caught.value
        with pytest.raises(LinkRefused):
            open_rpc(replace(target(peer), grant=""), me)
    finally:
        vault.lock()
    after = desk.stats()["split"]
    assert after == before and after["children_started"] == 0 and after["bytes_to_rpc"] == 0


def test_greedy_tokens_are_the_same_on_one_worker_two_workers_and_this_computer(
        homes: tuple[Device, Device, Device]) -> None:
    desk, srv, lap = homes
    _allow(desk)
    _allow(srv)
    local = SplitEngine([])
    try:
        local.load(_model(), tensor_split=[], n_gpu_layers=0, n_ctx=512, n_threads=1)
        here, _ = _greedy(local)
    finally:
        local.close()
    one, run1 = _split_tokens(lap, ["desk"], None)
    even, run2 = _split_tokens(lap, ["desk", "srv"], "1:1")
    skewed, run3 = _split_tokens(lap, ["desk", "srv"], "1:3")
    assert len(here) == 64
    assert one == here, _first_difference(one, here)
    assert even == one, _first_difference(even, one)
    assert skewed == one, _first_difference(skewed, one)
    # The plans that ran: all 18 layers and the output head on the workers, cut as asked.
    assert [(p.device, p.first, p.last, p.output) for p in run1.plan.parts] == [("desk", 0, 17, True)]
    assert [(p.device, p.first, p.last) for p in run2.plan.parts] == [("desk", 0, 9), ("srv", 10, 17)]
    assert [(p.device, p.first, p.last) for p in run3.plan.parts] == [("desk", 0, 4), ("srv", 5, 17)]
    # Both workers really carried their share: weights placed on each (sent, or already held
    # there from the earlier loads), tensors both ways on each link.
    placed = [f.weights_sent + f.weights_held for f in run3.engine.forwarders]
    for f, weights in zip(run3.engine.forwarders, placed, strict=True):
        assert weights > 10_000_000 and f.counts.b_to_a > 0, (f.name, f.counts)
    assert placed[1] > 2 * placed[0]  # srv: 13 layers and the output head against desk's 5 layers


def _first_difference(a: list[int], b: list[int]) -> str:
    at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return f"first different token at position {at}: {a[at:at + 4]} vs {b[at:at + 4]}"


def test_the_rpc_server_is_reachable_only_through_the_link(homes: tuple[Device, Device, Device]) -> None:
    desk, _, lap = homes
    _allow(desk)
    vault = lap.vault()
    try:
        me = credentials(vault)
        # desk's grant was just replaced: the opener fetches the new one through the link.
        sock, info = opener(vault, devices.load_peer(vault, "desk"), me)()
        try:
            assert info["ok"] is True and info["rpc"] == rpc.protocol_text()
            assert info["isolated"] is True, "unshare -rn works here: the server gets its own namespace"
            child = _rpc_child()
            assert child is not None, "no RPC server process for the open session"
            # Inside its namespace it listens on 127.0.0.1 only ...
            listening = _listening(Path(f"/proc/{child}/net/tcp"))
            assert listening == [("127.0.0.1", 50052)], listening
            # ... and from this computer's network that port is not there, on any loopback address.
            for host in ("127.0.0.1", "127.0.0.2", "127.0.0.3"):
                with pytest.raises(ConnectionRefusedError):
                    socket.create_connection((host, 50052), timeout=2).close()
            # The HELLO through the link is answered by that server.
            sock.sendall(bytes([rpc.CMD_HELLO]) + rpc.CONN_CAPS_SIZE.to_bytes(8, "little")
                         + bytes(rpc.CONN_CAPS_SIZE))
            head = sock.recv(8)
            assert int.from_bytes(head, "little") == 4 + rpc.CONN_CAPS_SIZE
        finally:
            sock.close()
    finally:
        vault.lock()


def _rpc_child() -> int | None:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                cmd = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"engine.split.rpc_child" in cmd:
                return int(pid)
        time.sleep(0.1)
    return None


def _listening(table: Path) -> list[tuple[str, int]]:
    out = []
    for line in table.read_text().splitlines()[1:]:
        cols = line.split()
        if cols[3] == "0A":  # LISTEN
            ip_hex, port_hex = cols[1].split(":")
            ip = socket.inet_ntoa(int(ip_hex, 16).to_bytes(4, "little"))
            out.append((ip, int(port_hex, 16)))
    return out


def test_a_reload_sends_no_weights_and_the_worker_keeps_none_readable(
        homes: tuple[Device, Device, Device]) -> None:
    desk, _, lap = homes
    _allow(desk)
    shutil.rmtree(desk.home / "split-cache", ignore_errors=True)  # earlier tests filled it
    vault = lap.vault()
    loads = []
    try:
        for _ in range(2):
            run = start_split(vault, _model(), ["desk"], n_ctx=512, threads=1)
            f = run.engine.forwarders[0]
            loaded = (f.counts.a_to_b, f.weights_sent, f.weights_held)
            try:
                ids, _ = _greedy(run.engine, 16)
            finally:
                run.engine.close()
            loads.append((*loaded, ids))
    finally:
        vault.lock()
    (sent1, weights1, held1, ids1), (sent2, weights2, held2, ids2) = loads
    print(f"sent while loading: first load {sent1} bytes ({weights1} of weights), "
          f"reload {sent2} bytes ({weights2} of weights, {held2} held by desk)")
    assert weights1 > 0.9 * _model().stat().st_size and held1 == 0
    assert weights2 == 0 and held2 == weights1   # every weight came from desk's cache
    assert sent2 < 500_000                       # tensor heads and digests
    assert ids2 == ids1 and len(ids1) == 16
    # Canary: windows of a weight that went to desk are in no file of desk's Hearth folder
    # (the cache is sealed with a key in desk's vault; the RPC server keeps no cache of its own).
    # A layer's weight, and the biggest tensor (the tied embeddings, desk's output head: over
    # llama.cpp's 10 MiB hash threshold, the kind its own RPC cache would have written as is).
    info = read_gguf(_model())
    canaries = []
    for tensor in (next(t for t in info.tensors if t.name == "blk.3.ffn_down.weight"),
                   max(info.tensors, key=lambda t: t.nbytes)):
        with _model().open("rb") as g:
            g.seek(info.data_offset + tensor.offset)
            weight = g.read(tensor.nbytes)
        canaries += [weight[at:at + 48] for at in (0, len(weight) // 3, len(weight) - 48)]
    files = [p for p in desk.home.rglob("*") if p.is_file()]
    pieces = list((desk.home / "split-cache").iterdir())
    assert sum(p.stat().st_size for p in pieces) >= weights1
    for path in files:
        blob = path.read_bytes()
        assert not any(c in blob for c in canaries), f"{path} holds the weight's bytes"


def test_the_cli_answers_across_two_devices_and_logs_each(homes: tuple[Device, Device, Device]) -> None:
    desk, srv, lap = homes
    _allow(desk)
    _allow(srv)
    # The default model (SmolLM2 135M, 30 layers) knows this one; the tiny Gemma does not.
    asked = lap.cli("ask", "--model", "default", "--across", "desk,srv", "--split", "1:3", "--json",
                    "--max-tokens", "16", "What is the capital of France? Answer in one word.")
    assert asked.returncode == 0, asked.stderr
    reply = json.loads(asked.stdout)
    assert "paris" in reply["text"].lower(), reply
    parts = reply["route"]["parts"]
    layers = read_gguf(ModelRegistry().resolve("default").path).n_layers
    cut = layer_devices(layers, [1, 3]).index(1)
    assert [(p["device"], p["layers"], p["output_head"]) for p in parts] == \
        [("desk", [0, cut - 1], False), ("srv", [cut, layers - 1], True)]
    assert 0.2 < cut / layers < 0.3
    sizes = {d["name"]: d for d in reply["route"]["devices"]}
    assert sizes["srv"]["bytes_out"] > sizes["desk"]["bytes_out"] > 1_000_000
    log = json.loads(lap.cli("network", "log", "--json").stdout)["entries"]
    rows = [e for e in log if e["path"] == "/split/ggml-rpc"]
    assert {e["host"] for e in rows} >= {desk.address, srv.address}
    for e in rows[:2]:
        assert e["status"] == "ok" and e["bytes_out"] > 1_000_000 and e["bytes_in"] > 0
        assert "split model" in e["detail"] and "layers" in e["detail"]


def test_a_worker_killed_mid_answer_is_named_and_the_next_answer_is_local(
        homes: tuple[Device, Device, Device]) -> None:
    desk, _, lap = homes
    _allow(desk)
    vault = lap.vault()
    try:
        run = start_split(vault, _model(), ["desk"], n_ctx=512, threads=1)
    finally:
        vault.lock()
    stream = run.engine.stream({"op": "tokens", "prompt": PROMPT, "max_tokens": 400})
    assert "t" in next(stream)
    assert desk.proc is not None
    desk.proc.send_signal(signal.SIGKILL)
    killed = time.monotonic()
    with pytest.raises(DeviceWentAway) as caught:
        for _ in stream:
            pass
    took = time.monotonic() - killed
    assert took <= 5.0, f"named after {took:.1f} s"
    assert caught.value.devices == ("desk",) and "desk went away" in str(caught.value)
    assert run.engine.proc is not None and run.engine.proc.poll() is not None  # only it ended
    run.engine.close()
    # The next question: desk cannot be reached, so this computer answers, saying why.
    asked = lap.cli("ask", "--model", "default", "--across", "desk", "--json", "--max-tokens", "16",
                    "What is the capital of France? Answer in one word.")
    assert asked.returncode == 0, asked.stderr
    reply = json.loads(asked.stdout)
    assert reply["route"]["answered_by"] == "this computer" and "desk" in reply["route"]["why"]
    assert "paris" in reply["text"].lower(), reply
