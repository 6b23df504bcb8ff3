"""Split benchmark: a model run across devices through the link, against this computer alone.

Usage: .venv/bin/python bench/split.py [--tokens N] [--reps N]

Three real vaults in a temporary folder: "desk" and "srv" serve on 127.0.0.2 and 127.0.0.3 in
this process (the link server, its door, the split worker: a private RPC server per session in
its own process), "lap" pairs with both and is given ``engine.split`` by each. The bundled Gemma
3 270M is then run, greedy, in the split engine's own process:

* ``local``: this computer alone (the same engine process, no RPC device);
* ``direct``: one RPC worker reached straight through a socket pair (no TLS, no link), the
  reference for what the link adds;
* ``one``: desk through the link; ``two``: desk and srv through the link at 1:1.

For each: time to the first token (the prompt's evaluation included) and tokens/s after it,
medians of ``--reps`` runs on one load. ``upload_MBps`` is the bytes the first load through the
link sent to desk (the weights, by then not in its cache) divided by the whole load's time (the
GGUF read and llama.cpp's setup included, so it is a floor), ``stream_MBps`` the same bytes over
the time they were moving (sampled every 0.25 s), and ``reload_bytes`` what a second load
sent. The last line is machine-read:

    split local_tps=<…> direct_tps=<…> one_tps=<…> two_tps=<…> local_ttft_ms=<…> one_ttft_ms=<…>
          two_ttft_ms=<…> link_ratio=<one/direct> upload_MBps=<…> stream_MBps=<…> reload_bytes=<…>
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PROMPT = "The three most useful things to pack for a long walk in the hills are"


def _runs(engine: Any, reps: int, tokens: int) -> tuple[float, float]:
    ttft, tps = [], []
    for _ in range(reps):
        done: dict[str, Any] = {}
        for line in engine.stream({"op": "tokens", "prompt": PROMPT, "max_tokens": tokens}):
            done = line
        ttft.append(done["ttft_s"])
        tps.append(done["tokens_per_s"])
    return statistics.median(ttft) * 1000, statistics.median(tps)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--tokens", type=int, default=64)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1, help="engine threads on each side")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="hearth-bench-split-"))
    os.environ["HEARTH_HOME"] = str(scratch / "home")
    os.environ["HEARTH_RUNTIME_DIR"] = str(scratch / "run")
    for d in ("home", "run"):
        (scratch / d).mkdir(mode=0o700)
    from keyring.backends import fail

    from app.link.serving import VaultDoor
    from app.link.using import credentials
    from app.split.serving import allow_split, install_split
    from app.split.using import start_split
    from engine.link.client import pair
    from engine.link.server import ChatService, LinkServer
    from engine.models.registry import gemma_model_path
    from engine.running.pool import ModelPool
    from engine.split.session import Forwarder, SplitEngine
    from engine.split.worker import SplitWorker
    from identity import devices
    from identity.user import create_identity
    from vault import Keychain, Vault

    model = gemma_model_path()
    assert model is not None, "the bundled model is part of the dev install"

    def vault(name: str) -> Vault:
        home = scratch / name
        home.mkdir(mode=0o700)
        v = Vault.create("bench passphrase", home=home, keychain=Keychain(backend=fail.Keyring()),
                         kdf_log2_n=12)
        create_identity(v)
        return v

    lap = vault("lap")
    me = credentials(lap)
    pool = ModelPool()
    servers = []
    for name, host in (("desk", "127.0.0.2"), ("srv", "127.0.0.3")):
        v = vault(name)
        chat = ChatService(pool)
        door = VaultDoor(v, models=chat.models, accept_pairing=True, say=lambda line: None)
        server = LinkServer(door, chat, host=host, port=0)
        worker = install_split(server, v, say=lambda line: None)
        worker.cache_dir = scratch / name / "split-cache"
        worker.threads = args.threads
        server.start()
        paired = pair(door.new_code((server.address,)), me, my_name="lap")
        devices.save_peer(lap, devices.PeerDevice(name, paired.did, paired.addresses, paired.pin,
                                                  paired.grant, False, paired.models))
        allow_split(v, "lap")
        servers.append((server, v))

    def timed_load(engine: SplitEngine, split: list[float], layers: int) -> float:
        t0 = time.perf_counter()
        engine.load(model, tensor_split=split, n_gpu_layers=layers, n_ctx=512, n_threads=args.threads)
        return time.perf_counter() - t0

    local = SplitEngine([])
    timed_load(local, [], 0)
    local_ttft, local_tps = _runs(local, args.reps, args.tokens)
    local.close()

    direct_worker = SplitWorker(scratch / "direct-cache", threads=args.threads)
    children = []

    def straight() -> tuple[Any, dict[str, Any]]:  # a fresh RPC server per connection, as the link does
        child, sock, ready = direct_worker.start_child()
        children.append(child)
        return sock, ready

    direct = SplitEngine([Forwarder("direct", straight)])  # type: ignore[arg-type]
    timed_load(direct, [1.0], 19)
    direct_ttft, direct_tps = _runs(direct, args.reps, args.tokens)
    direct.close()
    for child in children:
        child.kill()

    samples: list[tuple[float, int]] = []
    t0 = time.perf_counter()
    one_run = start_split(lap, model, ["desk"], n_ctx=512, threads=args.threads,
                          on_progress=lambda sent: samples.append((time.perf_counter(), sent)))
    load_s = time.perf_counter() - t0
    grew = [i for i in range(1, len(samples)) if samples[i][1] > samples[i - 1][1]]
    stream_MBps = ((samples[grew[-1]][1] - samples[grew[0] - 1][1])
                   / max(samples[grew[-1]][0] - samples[grew[0] - 1][0], 1e-9) / 1e6 if grew else 0.0)
    uploaded = one_run.engine.forwarders[0].counts.a_to_b
    one_ttft, one_tps = _runs(one_run.engine, args.reps, args.tokens)
    one_run.engine.close()
    again = start_split(lap, model, ["desk"], n_ctx=512, threads=args.threads)
    reload_bytes = again.engine.forwarders[0].counts.a_to_b
    again.engine.close()

    two_run = start_split(lap, model, ["desk", "srv"], split="1:1", n_ctx=512, threads=args.threads)
    two_ttft, two_tps = _runs(two_run.engine, args.reps, args.tokens)
    two_run.engine.close()
    for server, v in servers:
        server.stop()
        v.lock()
    pool.close()
    lap.lock()

    upload = uploaded / load_s / 1e6
    print(f"local:           {local_tps:.1f} tok/s, first token {local_ttft:.0f} ms")
    print(f"one RPC, direct: {direct_tps:.1f} tok/s, first token {direct_ttft:.0f} ms")
    print(f"one via link:    {one_tps:.1f} tok/s, first token {one_ttft:.0f} ms")
    print(f"two via link:    {two_tps:.1f} tok/s, first token {two_ttft:.0f} ms")
    print(f"first load via link: {uploaded / 1e6:.1f} MB in {load_s:.2f} s ({upload:.0f} MB/s, "
          f"load included); reload sent {reload_bytes / 1e6:.1f} MB")
    print(f"split local_tps={local_tps:.2f} direct_tps={direct_tps:.2f} one_tps={one_tps:.2f} "
          f"two_tps={two_tps:.2f} local_ttft_ms={local_ttft:.0f} one_ttft_ms={one_ttft:.0f} "
          f"two_ttft_ms={two_ttft:.0f} link_ratio={one_tps / direct_tps:.3f} upload_MBps={upload:.0f} "
          f"stream_MBps={stream_MBps:.0f} reload_bytes={reload_bytes}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
