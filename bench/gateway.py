"""Gateway benchmark: per-request authorisation cost, and streamed generation through the gateway.

Usage: .venv/bin/python bench/gateway.py [--requests N] [--reps N] [--max-tokens N]

* ``auth_p50_ms``: the median time of the gateway's per-request authorisation as
  the server runs it (session lookup, grant check against the vault's grants
  table and the JWT, counting the use, appending the audit entry) for a
  ``notes.read`` call. End-to-end latency of ``GET /v1/hearth/notes`` over the
  socket, and of the same read without any authorisation, are printed too.
* ``key_overhead_ms``: the median extra time of ``GET /v1/hearth/notes`` over the
  socket with an app key (``Authorization: Bearer hk_…``: the key's HMAC checked
  against its record, its grant read, the per-key rate counted) over the same
  request from a paired session holding the same scopes; requests alternate.
* ``stream_ratio``: completion tokens per second of a streamed chat completion
  read over the gateway's Unix socket (SSE, with the per-token revocation check)
  divided by the same generation read straight from the engine, same model,
  prompt and greedy settings. Runs alternate; medians are used.

The vault is a real SQLCipher vault in a temporary directory; the model is the
bundled one. The last line is machine-read:

    gateway auth_p50_ms=<…> key_overhead_ms=<keyed − paired> stream_ratio=<gateway/engine>
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

import httpx

from app.gateway import Gateway
from app.gateway.backend import Backend
from engine.running.generate import GenerationSettings
from engine.running.pool import ModelPool
from identity import appkeys, consent
from identity.holder import present
from identity.keys import Keypair
from identity.user import create_identity
from vault import Vault
from vault.keys import Keychain
from vault.notes import add_note, list_notes


def _pair(http: httpx.Client, key: Keypair) -> str:
    hello = http.post("/pair/hello", json={"did": key.did, "name": "bench"}).json()
    vp = present(key, challenge=hello["challenge"], domain=hello["domain"])
    return str(http.post("/pair/prove", json={"presentation": vp}).json()["session_token"])


def _granted(gw: Gateway, http: httpx.Client, scopes: list[str]) -> tuple[str, dict[str, str]]:
    key = Keypair.generate()
    token = _pair(http, key)
    auth = {"Authorization": f"Bearer {token}"}
    request_id = http.post("/grants/request", json={"scopes": scopes, "purpose": "bench"},
                           headers=auth).json()["id"]
    consent.approve(gw.vault, request_id)
    assert http.get(f"/grants/request/{request_id}", headers=auth).json()["status"] == "approved"
    return key.did, auth


def _ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def bench_auth(gw: Gateway, http: httpx.Client, n: int) -> float:
    did, auth = _granted(gw, http, ["notes.read"])
    caller = gw.auth.caller(auth["Authorization"])
    for _ in range(20):  # warm caches (signature check, statement cache)
        gw.auth.authorise(caller, "notes.read")
    auth_times, request_times, bare_times = [], [], []
    for _ in range(n):
        t0 = time.perf_counter()
        caller = gw.auth.caller(auth["Authorization"])
        grant = gw.auth.authorise(caller, "notes.read")
        gw.auth.record(did, scope="notes.read", decision="allow", reason="ok", items=[f"grant:{grant.id}"])
        auth_times.append(time.perf_counter() - t0)
    for _ in range(n):
        t0 = time.perf_counter()
        r = http.get("/v1/hearth/notes", params={"limit": 5}, headers=auth)
        request_times.append(time.perf_counter() - t0)
        assert r.status_code == 200
        t0 = time.perf_counter()
        list_notes(gw.vault, limit=5)
        bare_times.append(time.perf_counter() - t0)
    print(f"auth: p50 {_ms(auth_times):.3f} ms  p95 "
          f"{sorted(auth_times)[int(0.95 * n)] * 1000:.3f} ms over {n} requests")
    print(f"GET /v1/hearth/notes over the socket: p50 {_ms(request_times):.3f} ms "
          f"(the same read without the gateway: {_ms(bare_times):.3f} ms)")
    return _ms(auth_times)


def bench_keyed(gw: Gateway, http: httpx.Client, n: int) -> float:
    """Median (keyed − paired) time of the same notes read, in ms."""
    _, paired = _granted(gw, http, ["notes.read"])
    key = appkeys.create_app_key(gw.vault, name="bench", scopes=["notes.read"]).key
    keyed = {"Authorization": f"Bearer {key}"}
    gw.auth.key_requests_per_minute = 10 * n + 100   # the benchmark is the runaway script here

    def timed(headers: dict[str, str]) -> float:
        t0 = time.perf_counter()
        r = http.get("/v1/hearth/notes", params={"limit": 5}, headers=headers)
        elapsed = time.perf_counter() - t0
        assert r.status_code == 200, r.text
        return elapsed

    for _ in range(20):
        timed(paired)
        timed(keyed)
    paired_times, keyed_times, diffs = [], [], []
    for i in range(n):
        if i % 2:
            p, k = timed(paired), timed(keyed)
        else:
            k, p = timed(keyed), timed(paired)
        paired_times.append(p)
        keyed_times.append(k)
        diffs.append(k - p)
    print(f"GET /v1/hearth/notes: paired p50 {_ms(paired_times):.3f} ms, app key p50 "
          f"{_ms(keyed_times):.3f} ms (key overhead p50 {_ms(diffs):.3f} ms over {n} alternating pairs)")
    return _ms(diffs)


def bench_stream(gw: Gateway, http: httpx.Client, pool: ModelPool, reps: int, max_tokens: int) -> float:
    _, auth = _granted(gw, http, ["assistant.general"])
    messages = [{"role": "user", "content": "Tell me a long story about a lighthouse keeper and a storm."}]
    settings = GenerationSettings(temperature=0.0, max_tokens=max_tokens, seed=1)
    body = {"model": "default", "messages": messages, "stream": True, "temperature": 0,
            "max_tokens": max_tokens, "seed": 1, "stream_options": {"include_usage": True}}

    def engine_run() -> float:
        t0 = time.perf_counter()
        generation = pool.chat(messages, model="default", settings=settings)
        for _ in generation:
            pass
        elapsed = time.perf_counter() - t0
        assert generation.answer is not None
        return generation.answer.completion_tokens / elapsed

    def gateway_run() -> float:
        tokens = 0
        t0 = time.perf_counter()
        with http.stream("POST", "/v1/chat/completions", json=body, headers=auth) as r:
            for line in r.iter_lines():
                if line.startswith("data: {"):
                    event = json.loads(line[6:])
                    if event.get("usage"):
                        tokens = event["usage"]["completion_tokens"]
        elapsed = time.perf_counter() - t0
        return tokens / elapsed

    engine_run()  # load the model, warm up
    gateway_run()
    engine_tps, gateway_tps, ratios = [], [], []
    for i in range(reps):
        if i % 2:
            e, g = engine_run(), gateway_run()
        else:
            g, e = gateway_run(), engine_run()
        engine_tps.append(e)
        gateway_tps.append(g)
        ratios.append(g / e)
    print(f"stream: engine {statistics.median(engine_tps):.1f} tok/s, gateway "
          f"{statistics.median(gateway_tps):.1f} tok/s ({reps} alternating runs of {max_tokens} tokens)")
    return statistics.median(ratios)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--reps", type=int, default=6)
    parser.add_argument("--max-tokens", type=int, default=128)
    args = parser.parse_args()
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    with tempfile.TemporaryDirectory() as tmp:
        home, run = Path(tmp) / "home", Path(tmp) / "run"
        home.mkdir(mode=0o700)
        run.mkdir(mode=0o700)
        os.environ["HEARTH_HOME"], os.environ["HEARTH_RUNTIME_DIR"] = str(home), str(run)
        from keyring.backends import fail

        vault = Vault.create("bench passphrase", home=home, keychain=Keychain(backend=fail.Keyring()),
                             kdf_log2_n=12)
        create_identity(vault)
        for i in range(20):
            add_note(vault, f"bench note {i}")
        pool = ModelPool()
        gw = Gateway(vault, backend=Backend(pool=pool)).start()
        http = httpx.Client(transport=httpx.HTTPTransport(uds=str(gw.socket_path)), base_url="http://hearth",
                            timeout=300)
        try:
            auth_p50 = bench_auth(gw, http, args.requests)
            key_overhead = bench_keyed(gw, http, args.requests)
            ratio = bench_stream(gw, http, pool, args.reps, args.max_tokens)
        finally:
            http.close()
            gw.stop()
            pool.close()
            vault.lock()
    print(f"gateway auth_p50_ms={auth_p50:.3f} key_overhead_ms={key_overhead:.3f} stream_ratio={ratio:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
