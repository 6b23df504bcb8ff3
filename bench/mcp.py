"""MCP benchmark: what ``hearth mcp`` adds to a search, over the gateway it calls.

Usage: .venv/bin/python bench/mcp.py [--calls N]

A real vault in a temporary directory with a few documents and notes, the gateway in this
process on its Unix socket, and a real ``hearth mcp`` subprocess driven by the official SDK's
stdio client (``ClientSession``), holding a ``documents.search`` grant. Each round times one
``search_documents`` tool call through MCP and the same search (same query, same limit) posted
to ``/v1/hearth/search`` directly with httpx by a plugin holding the same grant; the two
alternate which goes first. The overhead is the median of the per-round differences. The last
line is machine-read:

    mcp overhead_ms=<median difference> mcp_ms=<median MCP call> gateway_ms=<median direct call>
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import anyio
import httpx

from app.gateway import Gateway
from identity import consent
from identity.holder import present
from identity.keys import Keypair
from identity.user import create_identity
from vault import Vault
from vault.keys import Keychain
from vault.notes import add_note

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
QUERIES = ["boiler service code", "when is the dentist", "train to Porto", "passport renewal",
           "recipe for lentil soup"]
DOCS = {
    "house.md": "# The house\n\nThe boiler service code is 7731. The engineer comes every March.\n"
                "The spare key is under the blue pot by the door.\n",
    "travel.md": "# Travel\n\nThe train to Porto leaves at 08:15 from platform 4. Seat 42, coach 7.\n"
                 "Passport renewal is due in June; the form is in the green folder.\n",
    "kitchen.md": "# Recipes\n\nLentil soup: one onion, two carrots, 250 g red lentils, cumin, "
                  "a litre of stock; simmer 25 minutes.\n",
}


def _direct_client(gw: Gateway) -> tuple[httpx.Client, dict[str, str]]:
    http = httpx.Client(transport=httpx.HTTPTransport(uds=str(gw.socket_path)), base_url="http://hearth",
                        timeout=60)
    key = Keypair.generate()
    hello = http.post("/pair/hello", json={"did": key.did, "name": "bench direct"}).json()
    vp = present(key, challenge=hello["challenge"], domain=hello["domain"])
    token = http.post("/pair/prove", json={"presentation": vp}).json()["session_token"]
    auth = {"Authorization": f"Bearer {token}"}
    request_id = http.post("/grants/request", json={"scopes": ["documents.search"], "purpose": "bench"},
                           headers=auth).json()["id"]
    consent.approve(gw.vault, request_id)
    assert http.get(f"/grants/request/{request_id}", headers=auth).json()["status"] == "approved"
    return http, auth


async def _measure(gw: Gateway, calls: int) -> tuple[list[float], list[float]]:
    # Run as a script, this file's folder is on sys.path, where this file shadows the SDK's ``mcp``.
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
    import mcp_types as types
    from mcp import ClientSession, StdioServerParameters
    from mcp.client.stdio import stdio_client

    http, auth = _direct_client(gw)
    env = {k: os.environ[k] for k in ("PATH", "HEARTH_HOME", "HEARTH_RUNTIME_DIR") if k in os.environ}
    env["HOME"] = os.environ["HEARTH_HOME"]
    params = StdioServerParameters(command=sys.executable, args=["-m", "app", "mcp", "--client", "bench"],
                                   env=env, cwd=str(REPO))
    changed = anyio.Event()

    async def on_message(message: object) -> None:
        if isinstance(message, types.ToolListChangedNotification):
            changed.set()

    mcp_times: list[float] = []
    direct_times: list[float] = []
    async with stdio_client(params) as (read, write), \
            ClientSession(read, write, message_handler=on_message) as session:
        await session.initialize()
        with anyio.fail_after(30):
            while not (pending := [r for r in consent.pending_requests(gw.vault)
                                   if r.app and r.app.name == "bench (MCP)"]):
                await anyio.sleep(0.1)
        consent.approve(gw.vault, pending[0].id, scopes=["documents.search"])
        with anyio.fail_after(30):
            await changed.wait()

        async def via_mcp(query: str) -> float:
            t0 = time.perf_counter()
            result = await session.call_tool("search_documents", {"query": query, "limit": 8})
            elapsed = time.perf_counter() - t0
            assert not result.is_error, result.content
            return elapsed

        def direct(query: str) -> float:
            t0 = time.perf_counter()
            r = http.post("/v1/hearth/search", json={"query": query, "limit": 8}, headers=auth)
            elapsed = time.perf_counter() - t0
            assert r.status_code == 200, r.text
            return elapsed

        for q in QUERIES * 4:   # warm: the embedder, statement caches, both connections
            await via_mcp(q)
            direct(q)
        for i in range(calls):
            q = QUERIES[i % len(QUERIES)]
            if i % 2:
                mcp_times.append(await via_mcp(q))
                direct_times.append(direct(q))
            else:
                direct_times.append(direct(q))
                mcp_times.append(await via_mcp(q))
    http.close()
    return mcp_times, direct_times


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=300)
    args = parser.parse_args()
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    with tempfile.TemporaryDirectory() as tmp:
        home, run, docs = Path(tmp) / "home", Path(tmp) / "run", Path(tmp) / "docs"
        for d in (home, run, docs):
            d.mkdir(mode=0o700)
        os.environ["HEARTH_HOME"], os.environ["HEARTH_RUNTIME_DIR"] = str(home), str(run)
        from keyring.backends import fail

        from engine.search.retrieval import retriever_for

        vault = Vault.create("bench passphrase", home=home, keychain=Keychain(backend=fail.Keyring()),
                             kdf_log2_n=12)
        create_identity(vault)
        for name, text in DOCS.items():
            (docs / name).write_text(text)
        retriever_for(vault).ingest([docs])
        for i in range(20):
            add_note(vault, f"bench note {i}")
        gw = Gateway(vault).start()
        try:
            mcp_times, direct_times = anyio.run(_measure, gw, args.calls)
        finally:
            gw.stop()
            vault.lock()
    diffs = [m - d for m, d in zip(mcp_times, direct_times, strict=True)]
    mcp_ms, gateway_ms = statistics.median(mcp_times) * 1000, statistics.median(direct_times) * 1000
    overhead = statistics.median(diffs) * 1000
    p95 = sorted(mcp_times)[int(0.95 * len(mcp_times))] * 1000
    print(f"search_documents over MCP: p50 {mcp_ms:.2f} ms, p95 {p95:.2f} ms; the same search straight "
          f"to the gateway: p50 {gateway_ms:.2f} ms ({args.calls} alternating rounds)")
    print(f"mcp overhead_ms={overhead:.2f} mcp_ms={mcp_ms:.2f} gateway_ms={gateway_ms:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
