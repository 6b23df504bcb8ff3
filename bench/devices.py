"""Link benchmark: what the link between the person's devices adds to an answer, on loopback.

Usage: .venv/bin/python bench/devices.py [--reps N] [--max-tokens N] [--handshakes N]

Two real vaults in a temporary folder ("desk" serves, "lap" asks), paired through the real
pairing code; desk's link server runs in this process on 127.0.0.1 with the bundled model.

* ``handshake_ms``: the median time to open an authorised link session and get one reply
  (TCP, TLS 1.3 with both certificates, both pins checked, the hello, the DID proof signed on
  lap and verified on desk, the grant checked against desk's vault), for a model listing.
  ``tls_ms`` is the TCP + TLS part alone.
* ``tps_ratio``: completion tokens per second read through the link (TLS, SSE, the revocation
  check every 0.25 s) divided by the same generation read straight from the engine: same model,
  prompt and greedy settings, both measured where the tokens arrive, runs alternating, medians.
* ``ttft_added_ms``: the median, over the alternating pairs of runs, of the time to the first
  token through the link minus that straight from the engine (the session's handshake and proof
  included).

The last line is machine-read:

    devices handshake_ms=<…> tls_ms=<…> tps_ratio=<link/engine> ttft_added_ms=<…>
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.running.generate import Generation, GenerationSettings
from engine.running.pool import ModelPool

# A short prompt (little prompt work, whose noise on a busy machine would hide the link's few
# milliseconds) with a long answer in prose (a list or a count is held back by the loop guard and
# arrives in bursts).
PROMPT = "Explain how a lighthouse works."


def _measure(start: float, generation: Generation) -> tuple[float, float, int]:
    """(seconds to the first token, tokens per second after it, completion tokens) as read here."""
    first = end = 0.0
    for _ in generation:
        now = time.perf_counter()
        first = first or now
        end = now
    answer = generation.answer
    assert answer is not None
    tokens = answer.completion_tokens
    return first - start, max(tokens - 1, 0) / max(end - first, 1e-9), tokens


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--reps", type=int, default=9)
    parser.add_argument("--max-tokens", type=int, default=128)
    parser.add_argument("--handshakes", type=int, default=20)
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="hearth-bench-devices-"))
    os.environ["HEARTH_RUNTIME_DIR"] = str(scratch / "run")
    (scratch / "run").mkdir(mode=0o700)
    from keyring.backends import fail

    from app.link.serving import VaultDoor
    from app.link.using import credentials, target
    from engine.link.client import list_models, pair, start_link_chat
    from engine.link.server import ChatService, LinkServer
    from engine.link.wire import MODE_USE, client_context, connect
    from identity import devices
    from identity.user import create_identity
    from vault import Keychain, Vault

    def vault(name: str) -> Vault:
        home = scratch / name
        home.mkdir(mode=0o700)
        v = Vault.create("bench passphrase", home=home, keychain=Keychain(backend=fail.Keyring()),
                         kdf_log2_n=12)
        create_identity(v)
        return v

    desk, lap = vault("desk"), vault("lap")
    pool = ModelPool()
    chat = ChatService(pool)
    door = VaultDoor(desk, models=chat.models, accept_pairing=True, say=lambda line: None)
    server = LinkServer(door, chat, host="127.0.0.1", port=0).start()
    me = credentials(lap)
    paired = pair(door.new_code((server.address,)), me, my_name="lap")
    peer = devices.save_peer(lap, devices.PeerDevice("desk", paired.did, paired.addresses, paired.pin,
                                                     paired.grant, True, paired.models))
    desk_target = target(peer)

    handshakes, tls = [], []
    context = client_context(me.cert_pem, me.key_pem, scratch=scratch / "run")
    for _ in range(args.handshakes):
        t0 = time.perf_counter()
        list_models(desk_target, me)
        handshakes.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        connect(server.address, mode=MODE_USE, context=context, pin=peer.pin, connect_timeout=3,
                who="desk").close()
        tls.append(time.perf_counter() - t0)

    messages = [{"role": "user", "content": PROMPT}]
    settings = GenerationSettings(temperature=0.0, max_tokens=args.max_tokens)
    body = json.dumps({"model": "default", "messages": messages, "stream": True, "temperature": 0.0,
                       "top_p": settings.top_p, "max_tokens": args.max_tokens}).encode()
    pool.chat(messages, settings=GenerationSettings(max_tokens=4)).result()  # load and warm up
    direct: list[tuple[float, float, int]] = []
    linked: list[tuple[float, float, int]] = []
    for _ in range(args.reps):
        t0 = time.perf_counter()
        direct.append(_measure(t0, pool.chat(messages, settings=settings)))
        t0 = time.perf_counter()
        linked.append(_measure(t0, start_link_chat(desk_target, me, body)))
    server.stop()
    pool.close()
    desk.lock()
    lap.lock()

    def med(rows: list[tuple[float, float, int]], i: int) -> float:
        return statistics.median(r[i] for r in rows)

    hs, tl = statistics.median(handshakes) * 1000, statistics.median(tls) * 1000
    ratio = med(linked, 1) / med(direct, 1)
    added = statistics.median(b[0] - a[0] for a, b in zip(direct, linked, strict=True)) * 1000
    print(f"handshake + DID proof + grant check: {hs:.1f} ms median of {args.handshakes} "
          f"(TCP + TLS 1.3 alone: {tl:.1f} ms)")
    print(f"engine direct: {med(direct, 1):.1f} tok/s, first token {med(direct, 0) * 1000:.0f} ms "
          f"({int(med(direct, 2))} tokens, median of {args.reps})")
    print(f"through link:  {med(linked, 1):.1f} tok/s, first token {med(linked, 0) * 1000:.0f} ms "
          f"({int(med(linked, 2))} tokens)")
    print(f"devices handshake_ms={hs:.1f} tls_ms={tl:.1f} tps_ratio={ratio:.3f} ttft_added_ms={added:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
