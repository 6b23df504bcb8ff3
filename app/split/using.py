"""Running a model across the person's paired devices, from the asking device.

:func:`opener` turns a paired device into the :data:`engine.split.session.Opener` the engine's
forwarders call for each RPC session: a link session for ``rpc`` with the ``engine.split`` grant
that device gave this one (fetched once through the link with the chat grant, kept in the vault,
fetched again when it was replaced), then the RPC protocol check, which refuses another build
with "update Hearth on <device>" before any RPC byte moves, and the digests of the weight pieces
the device holds (the forwarder sends those pieces as digests: :mod:`engine.split.weights`).

:func:`start_split` asks each device its free memory (the first session, kept for the engine),
plans which layers go where (:func:`engine.split.plan.plan_split`, with the fit arithmetic) and
loads the model in the engine process of its own. :func:`log_split` writes one network-log row
per device: the bytes each way (weights and tensor traffic), what ran there, the outcome.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from app.link.using import credentials, target
from engine.errors import EngineError
from engine.link.client import Credentials, Target, _read, open_session
from engine.link.errors import LinkFailed, LinkRefused
from engine.link.wire import send_line
from engine.models.gguf import read_gguf
from engine.split import rpc
from engine.split.cache import DIGEST
from engine.split.plan import SplitPlan, parse_split, plan_split
from engine.split.session import Forwarder, Opener, SplitEngine
from identity import devices
from vault import Vault
from vault.netlog import NetEntry, record
from vault.settings import get_setting, set_setting

HELD_PREFIX = "split_held:"
RPC_READY_S = 40.0
#: Fewer weight bytes than this placed on the devices (sent, or held there) while loading means
#: llama.cpp kept the layers here.
MIN_WEIGHT_BYTES = 1 << 20
#: At most this many weight pieces in a device's index (4 MiB each: 4 TiB of weights).
MAX_HELD = 1 << 20


def _fetch_grant(vault: Vault, peer: devices.PeerDevice, me: Credentials) -> str:
    session = open_session(target(peer), me, "split_grant")
    try:
        reply = _read(session.reader, peer.name, timeout=10.0)
    finally:
        session.close()
    token = reply.get("grant")
    if not isinstance(token, str) or not token:
        raise LinkRefused("no_split_grant", f"{peer.name}: {str(reply.get('error'))[:300]}")
    claims = devices.grant_claims(token)
    if claims.get("id") != me.did or claims.get("audience") != peer.did or \
            devices.SPLIT not in (claims.get("scopes") or ()):
        raise LinkFailed(f"{peer.name} sent a split grant for someone else; nothing was kept")
    set_setting(vault, HELD_PREFIX + peer.did, {"token": token})
    return token


def split_target(vault: Vault, peer: devices.PeerDevice, me: Credentials, *, fresh: bool = False) -> Target:
    held = get_setting(vault, HELD_PREFIX + peer.did, {})
    token = held.get("token") if isinstance(held, dict) and not fresh else None
    return replace(target(peer), grant=token or _fetch_grant(vault, peer, me))


def open_rpc(tgt: Target, me: Credentials) -> tuple[Any, dict[str, Any]]:
    """One RPC session through the link: the TLS socket, and what the worker said of itself."""
    session = open_session(tgt, me, "rpc")
    try:
        send_line(session.sock, {"rpc": rpc.protocol_text()})
        reply = _read(session.reader, tgt.name, timeout=RPC_READY_S)
        if reply.get("ok") is not True:
            if reply.get("code") == "rpc_version":
                rpc.require_same(str(reply.get("error")), tgt.name)
            raise LinkRefused(str(reply.get("code") or "refused"),
                              f"{tgt.name} refused the split: {str(reply.get('error'))[:300]}")
        rpc.require_same(reply.get("rpc"), tgt.name)
        held = reply.get("held") or 0
        if not isinstance(held, int) or not 0 <= held <= MAX_HELD:
            raise LinkFailed(f"{tgt.name} said it holds an impossible number of weight pieces")
        raw = _exactly(session, held * DIGEST, tgt.name)
        reply["held"] = frozenset(raw[i:i + DIGEST] for i in range(0, len(raw), DIGEST))
        if session.reader.buffer:
            raise LinkFailed(f"{tgt.name} sent RPC bytes before it was asked")
        return session.sock, reply
    except BaseException:
        session.close()
        raise


def _exactly(session: Any, n: int, name: str, timeout: float = RPC_READY_S) -> bytes:
    """``n`` bytes that follow the reply line (the digests of the weight pieces a device holds)."""
    deadline = time.monotonic() + timeout
    data = bytearray(session.reader.buffer[:n])
    session.reader.buffer = session.reader.buffer[n:]
    while len(data) < n:
        left = deadline - time.monotonic()
        if left <= 0:
            raise LinkFailed(f"{name} did not say which weights it holds in time")
        session.sock.settimeout(left)
        chunk = session.sock.recv(min(n - len(data), 1 << 20))
        if not chunk:
            raise LinkFailed(f"{name} closed the connection")
        data += chunk
    return bytes(data)


def opener(vault: Vault, peer: devices.PeerDevice, me: Credentials) -> Opener:
    lock = threading.Lock()
    state: dict[str, Target | None] = {"target": None}

    def open_() -> tuple[Any, dict[str, Any]]:
        with lock:
            tgt = state["target"] or split_target(vault, peer, me)
            try:
                result = open_rpc(tgt, me)
            except LinkRefused as exc:
                if exc.reason not in ("grant_revoked", "grant_expired", "invalid_grant", "scope_not_granted"):
                    raise
                tgt = split_target(vault, peer, me, fresh=True)  # replaced there: fetch it again
                result = open_rpc(tgt, me)
            state["target"] = tgt
            return result

    return open_


@dataclass
class SplitRun:
    model: Path
    peers: list[devices.PeerDevice]
    plan: SplitPlan
    engine: SplitEngine
    started_at: float


def start_split(vault: Vault, model: Path, names: list[str], *, split: str | None = None,
                n_ctx: int = 2048, on_progress: Any = None, threads: int | None = None) -> SplitRun:
    """Plan and load ``model`` across the paired devices ``names`` (see the module docstring)."""
    started = time.time()
    peers = [devices.load_peer(vault, n) for n in names]
    if len({p.did for p in peers}) != len(peers):
        raise LinkFailed("a device is named twice")
    me = credentials(vault)
    forwarders = [Forwarder(p.name, opener(vault, p, me)) for p in peers]
    engine = SplitEngine(forwarders)
    engine.spawn()  # it loads llama.cpp meanwhile
    errors: list[BaseException] = []

    def prime(f: Forwarder) -> None:
        try:
            f.prime()
        except BaseException as exc:
            errors.append(exc)

    threads_ = [threading.Thread(target=prime, args=(f,)) for f in forwarders]
    for t in threads_:
        t.start()
    for t in threads_:
        t.join()
    try:
        if errors:
            raise errors[0]
        info = read_gguf(model)
        shares = parse_split(split, len(peers)) if split else None
        plan = plan_split(info, [(f.name, int(f.info.get("free") or 0)) for f in forwarders],
                          n_ctx=n_ctx, shares=shares)
        engine.load(model, tensor_split=plan.tensor_split, n_gpu_layers=plan.n_gpu_layers, n_ctx=n_ctx,
                    n_threads=threads, on_progress=on_progress, info=info)
        placed = sum(f.weights_sent + f.weights_held for f in forwarders)
        if placed < MIN_WEIGHT_BYTES:  # llama.cpp did not put the layers on the devices
            engine.close()
            raise EngineError(f"llama.cpp kept {model.name} on this computer instead of your devices; "
                              "the split did not happen")
    except BaseException:
        engine.close()
        raise
    return SplitRun(model, peers, plan, engine, started)


def log_split(vault: Vault | None, run: SplitRun, *, status: str, started_by: str) -> None:
    parts = {p.device: p for p in run.plan.parts}
    for peer, f in zip(run.peers, run.engine.forwarders, strict=True):
        part = parts.get(peer.name)
        record(vault, NetEntry(
            kind="model_call", host=(peer.addresses[0] if peer.addresses else peer.name),
            method="RPC", path="/split/ggml-rpc", status=status, started_at=run.started_at,
            ended_at=time.time(), bytes_out=f.counts.a_to_b, bytes_in=f.counts.b_to_a,
            personal=False, consent=f"you named {peer.name} with --across",
            detail=(f"device {peer.name}: split model {run.model.name}, "
                    f"{part.describe() if part else 'no layers'}; weights and tensors, "
                    f"{f.sessions} link session(s)"),
            started_by=started_by))
