"""Split benchmark: a model run across devices through the link, against this computer alone.

Usage: .venv/bin/python bench/split.py [--tokens N] [--reps N]

Three real vaults in a temporary folder: "desk" and "srv" are ``hearth link serve`` processes of
their own on 127.0.0.2 and 127.0.0.3 (the link server, its door, the split worker with its
private RPC server), as another computer would be; "lap", this process, pairs with both and is
given ``engine.split`` by each (``hearth split allow lap``). The bundled Gemma 3 270M is then
run, greedy, in the split engine's own process:

* ``local``: this computer alone (the same engine process, no RPC device);
* ``direct``: one RPC worker reached straight through a socket (no TLS, no link), the reference
  for what the link adds;
* ``one``: desk through the link; ``two``: desk and srv through the link at 1:1.

For each: time to the first token (the prompt's evaluation included) and tokens/s after it,
medians of ``--reps`` runs on one load. The first load through the link finds desk's weight cache
empty: ``upload_MBps`` is what it sent divided by the whole load's time (starting the engine
process and desk's RPC server, the link sessions, the GGUF read and llama.cpp's setup included,
so it is a floor), ``stream_MBps`` the weights sent divided by the time between the first and the
last weight piece the forwarder read (the link's throughput while weights move), ``load_s`` the
whole load. The second load finds them in desk's cache: ``reload_s`` is its time,
``reload_bytes`` all it sent through the link, ``reload_weight_bytes`` the weights among them.
The last line is machine-read:

    split local_tps=<…> direct_tps=<…> one_tps=<…> two_tps=<…> local_ttft_ms=<…> one_ttft_ms=<…>
          two_ttft_ms=<…> link_ratio=<one/direct> upload_MBps=<…> stream_MBps=<…> load_s=<…>
          reload_s=<…> reload_bytes=<…> reload_weight_bytes=<…>
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PASSPHRASE = "bench passphrase"
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

    from app.link.using import credentials
    from app.split.using import start_split
    from engine.link.client import pair
    from engine.link.wire import PairingCode
    from engine.models.registry import gemma_model_path
    from engine.split.session import Forwarder, SplitEngine
    from engine.split.worker import SplitWorker
    from identity import devices
    from identity.user import create_identity
    from vault import Keychain, Vault

    model = gemma_model_path()
    assert model is not None, "the bundled model is part of the dev install"
    root = Path(__file__).resolve().parents[1]

    def vault(name: str) -> Vault:
        home = scratch / name / "home"
        home.mkdir(mode=0o700, parents=True)
        (scratch / name / "run").mkdir(mode=0o700)
        v = Vault.create(PASSPHRASE, home=home, keychain=Keychain(backend=fail.Keyring()),
                         kdf_log2_n=12)
        create_identity(v)
        return v

    def cli(name: str, *argv: str) -> str:
        done = subprocess.run([sys.executable, "-m", "app", *argv], env=env_of(name), cwd=root,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def env_of(name: str) -> dict[str, str]:
        return dict(os.environ, HEARTH_HOME=str(scratch / name / "home"),
                    HEARTH_RUNTIME_DIR=str(scratch / name / "run"), HEARTH_PASSPHRASE=PASSPHRASE,
                    HEARTH_SPLIT_THREADS=str(args.threads))

    lap = vault("lap")
    me = credentials(lap)
    servers = []
    for name, host in (("desk", "127.0.0.2"), ("srv", "127.0.0.3")):
        vault(name).lock()
        proc = subprocess.Popen([sys.executable, "-m", "app", "link", "serve", "--listen", f"{host}:0",
                                 "--accept-pairing"], env=env_of(name), cwd=root, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        assert proc.stdout is not None
        said = proc.stdout.readline()
        assert said.startswith("serving on "), said
        threading.Thread(target=proc.stdout.read, daemon=True).start()  # keep its pipe drained
        servers.append(proc)
        paired = pair(PairingCode.parse(cli(name, "link", "code").strip()), me, my_name="lap")
        devices.save_peer(lap, devices.PeerDevice(name, paired.did, paired.addresses, paired.pin,
                                                  paired.grant, False, paired.models))
        cli(name, "split", "allow", "lap")

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

    def straight() -> tuple[Any, dict[str, Any]]:  # an RPC server of its own, as the link has
        server = direct_worker.start_child()
        children.append(server)
        return server.connect(), server.ready

    direct = SplitEngine([Forwarder("direct", straight)])
    timed_load(direct, [1.0], 19)
    direct_ttft, direct_tps = _runs(direct, args.reps, args.tokens)
    direct.close()
    for child in children:
        child.end()

    t0 = time.perf_counter()
    one_run = start_split(lap, model, ["desk"], n_ctx=512, threads=args.threads)
    load_s = time.perf_counter() - t0
    desk = one_run.engine.forwarders[0]
    uploaded, weights = desk.counts.a_to_b, desk.weights_sent
    first, last = desk.upload_window()
    stream_MBps = weights / max(last - first, 1e-9) / 1e6
    one_ttft, one_tps = _runs(one_run.engine, args.reps, args.tokens)
    one_run.engine.close()
    t0 = time.perf_counter()
    again = start_split(lap, model, ["desk"], n_ctx=512, threads=args.threads)
    reload_s = time.perf_counter() - t0
    reload_bytes = again.engine.forwarders[0].counts.a_to_b
    reload_weights = again.engine.forwarders[0].weights_sent
    again.engine.close()

    two_run = start_split(lap, model, ["desk", "srv"], split="1:1", n_ctx=512, threads=args.threads)
    two_ttft, two_tps = _runs(two_run.engine, args.reps, args.tokens)
    two_run.engine.close()
    for proc in servers:
        proc.terminate()
        proc.wait(20)
    lap.lock()

    upload = uploaded / load_s / 1e6
    print(f"local:           {local_tps:.1f} tok/s, first token {local_ttft:.0f} ms")
    print(f"one RPC, direct: {direct_tps:.1f} tok/s, first token {direct_ttft:.0f} ms")
    print(f"one via link:    {one_tps:.1f} tok/s, first token {one_ttft:.0f} ms")
    print(f"two via link:    {two_tps:.1f} tok/s, first token {two_ttft:.0f} ms")
    print(f"first load via link: {uploaded / 1e6:.1f} MB ({weights / 1e6:.1f} MB of weights) in "
          f"{load_s:.2f} s ({upload:.0f} MB/s, load included; {stream_MBps:.0f} MB/s while weights "
          f"moved); reload {reload_s:.2f} s, sent {reload_bytes / 1e6:.2f} MB "
          f"({reload_weights} bytes of weights)")
    print(f"split local_tps={local_tps:.2f} direct_tps={direct_tps:.2f} one_tps={one_tps:.2f} "
          f"two_tps={two_tps:.2f} local_ttft_ms={local_ttft:.0f} one_ttft_ms={one_ttft:.0f} "
          f"two_ttft_ms={two_ttft:.0f} link_ratio={one_tps / direct_tps:.3f} upload_MBps={upload:.0f} "
          f"stream_MBps={stream_MBps:.0f} load_s={load_s:.2f} reload_s={reload_s:.2f} "
          f"reload_bytes={reload_bytes} reload_weight_bytes={reload_weights}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
