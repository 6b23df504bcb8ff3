"""The worker side: a private RPC server per asking device, reached only through the link.

:class:`SplitWorker` is the link server's handler for the ``rpc`` request. The link has already
done its part when it runs: mutual TLS with a paired device's pinned certificate, the device's
DID proof over a fresh nonce, and a live ``engine.split`` grant (checked by the ``app`` layer's
door). Only then does the handler read the asking side's RPC protocol, refuse another one with
"update Hearth on …", take that device's RPC server (:mod:`engine.split.rpc_child`: its own
process, its own network namespace where Linux allows it, else a random loopback port), have it
make a fresh connection to the server inside its namespace and hand the socket over, and relay
the link's bytes to it (:func:`engine.split.pump.pump`) while the grant stays live (checked every
quarter second: a revoked device is cut off).

An RPC server serves one connection at a time, each with state of its own (its buffers are freed
when the connection ends). llama.cpp's client opens several connections one after the other
while it loads, so a device's child, once its session ended cleanly, waits ``IDLE_S`` for that
device's next session (never another device's); a session while it is busy gets a new child. A
session that failed or was revoked ends its child.

So without a valid grant no RPC server even runs, and no byte reaches one: :class:`SplitStats`
counts the sessions, the children started and the bytes each way. Weights are kept by Hearth,
not by the RPC server (which gets no cache folder, so it writes nothing): the session's reply
line says how many weight pieces ``cache_dir`` holds and their digests follow it (32 bytes each),
the asking side then sends a held piece as its digest (:mod:`engine.split.weights`), and the
pieces that did travel are filed encrypted with ``key`` (:mod:`engine.split.cache`); without a
key nothing is kept. ``cache_limit`` caps the folder's bytes; the pieces a session was told of
are kept until it ends (:meth:`engine.split.cache.WeightCache.hold`). Nothing of what is
computed is written or logged: :class:`SplitEvent` has names, sizes and outcomes only.
``HEARTH_SPLIT_LEND_MB`` caps the free memory a session says this computer has (what the asking
side plans with).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from engine.link.errors import LinkRefused
from engine.link.wire import LineReader, send_line
from engine.split import rpc
from engine.split.cache import WeightCache
from engine.split.pump import Counts, pump
from engine.split.weights import Restore, WireError

log = logging.getLogger("hearth.split")

READY_TIMEOUT_S = 30.0
#: A device's RPC child waits this long for the device's next session (llama.cpp's client opens
#: several connections while it loads, one after the other), then ends.
IDLE_S = 30.0
#: A session of a device whose child is still busy waits this long for it before starting another.
HANDOVER_S = 0.5


class Who(Protocol):
    """The device the link's door let in (``engine.link.server.Authorised``)."""

    @property
    def name(self) -> str: ...

    @property
    def did(self) -> str: ...

    @property
    def live(self) -> Callable[[], None]: ...


@dataclass
class SplitStats:
    sessions: int = 0
    refused: int = 0
    children_started: int = 0
    bytes_to_rpc: int = 0
    bytes_from_rpc: int = 0
    weights_restored: int = 0   # weight bytes read from this device's cache
    weights_received: int = 0   # weight bytes that came through the link
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def as_dict(self) -> dict[str, int]:
        with self.lock:
            return {"sessions": self.sessions, "refused": self.refused,
                    "children_started": self.children_started, "bytes_to_rpc": self.bytes_to_rpc,
                    "bytes_from_rpc": self.bytes_from_rpc, "weights_restored": self.weights_restored,
                    "weights_received": self.weights_received}


@dataclass(frozen=True)
class SplitEvent:
    peer: str
    did: str
    bytes_in: int
    bytes_out: int
    outcome: str
    started_at: float
    ended_at: float


def _env_lend() -> int:
    """``HEARTH_SPLIT_LEND_MB``: the most memory this computer says it lends a split model."""
    text = os.environ.get("HEARTH_SPLIT_LEND_MB", "")
    return int(text) * 1024 * 1024 if text.isdigit() and int(text) > 0 else 0


def _env_threads() -> int:
    """``HEARTH_SPLIT_THREADS``: the RPC server's threads (default: every core)."""
    text = os.environ.get("HEARTH_SPLIT_THREADS", "")
    return int(text) if text.isdigit() and 0 < int(text) <= 1024 else 0


@cache
def namespaces_work() -> bool:
    """Whether an unprivileged user and network namespace can be made here (``unshare -rn``)."""
    if sys.platform != "linux" or shutil.which("unshare") is None:
        return False
    try:
        return subprocess.run(["unshare", "-rn", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def _hearth_root() -> str:
    return str(Path(__file__).resolve().parents[2])


@dataclass
class RpcServer:
    """One RPC child: its process, our end of its control socket, the line it said when ready."""

    proc: subprocess.Popen[bytes]
    ctrl: socket.socket
    ready: dict[str, Any]

    def alive(self) -> bool:
        return self.proc.poll() is None

    def connect(self, timeout: float = READY_TIMEOUT_S) -> socket.socket:
        """A fresh connection to the RPC server, made inside its namespace and handed over here."""
        self.ctrl.settimeout(timeout)
        try:
            self.ctrl.sendall(b"c")
            _, fds, _, _ = socket.recv_fds(self.ctrl, 1, 1)
        except OSError:
            fds = []
        if not fds:
            raise LinkRefused("rpc_unavailable", "this device's RPC server did not answer")
        conn = socket.socket(fileno=fds[0])
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return conn

    def end(self) -> None:
        self.ctrl.close()
        _end(self.proc)


class SplitWorker:
    """The ``rpc`` handler of :class:`engine.link.server.LinkServer` (see the module docstring)."""

    def __init__(self, cache_dir: Path, *, report: Callable[[SplitEvent], None] = lambda e: None,
                 netns: bool | None = None, threads: int | None = None, key: bytes | None = None,
                 cache_limit: int | None = None) -> None:
        self.cache_dir = cache_dir
        self.key = key
        self.cache_limit = cache_limit   # None: the cache's default (engine.split.cache.default_limit)
        self._cache: WeightCache | None = None
        self.report = report
        self.netns = namespaces_work() if netns is None else netns
        self.threads = threads or _env_threads() or os.cpu_count() or 1
        self.lend = _env_lend()     # 0: all the memory that is free
        self.stats = SplitStats()
        self._idle: dict[str, tuple[RpcServer, threading.Timer]] = {}
        self._busy: dict[str, int] = {}
        self._pool = threading.Condition()

    def start_child(self) -> RpcServer:
        """A new RPC child (see :mod:`engine.split.rpc_child`), once it said it is ready."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        cmd = [sys.executable, "-P", "-m", "engine.split.rpc_child", "--fd", str(theirs.fileno()),
               "--threads", str(self.threads)]
        if self.netns:
            cmd = ["unshare", "-rn", *cmd, "--netns"]
        env = dict(os.environ, GGML_RPC_NO_RDMA="1",
                   PYTHONPATH=os.pathsep.join(p for p in (_hearth_root(), os.environ.get("PYTHONPATH"))
                                              if p))
        child = subprocess.Popen(cmd, pass_fds=(theirs.fileno(),), stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=env)
        theirs.close()
        with self.stats.lock:
            self.stats.children_started += 1
        try:
            ready = _ready_line(child, READY_TIMEOUT_S)
        except BaseException:
            _end(child)
            ours.close()
            raise
        return RpcServer(child, ours, ready)

    @property
    def cache(self) -> WeightCache | None:
        if self.key is None:
            return None
        if self._cache is None or self._cache.folder != self.cache_dir:
            self._cache = WeightCache(self.cache_dir, self.key, limit=self.cache_limit)
        return self._cache

    def _take(self, did: str) -> RpcServer:
        """The device's idle RPC child, else one it is about to give back, else a new one."""
        deadline = time.monotonic() + HANDOVER_S
        with self._pool:
            while True:
                held = self._idle.pop(did, None)
                if held is not None:
                    held[1].cancel()
                    if held[0].alive():
                        self._busy[did] = self._busy.get(did, 0) + 1
                        return held[0]
                    held[0].end()
                    continue
                left = deadline - time.monotonic()
                if not self._busy.get(did) or left <= 0:
                    break
                self._pool.wait(left)
            self._busy[did] = self._busy.get(did, 0) + 1
        try:
            return self.start_child()
        except BaseException:
            self._give_back(did, None)
            raise

    def _give_back(self, did: str, server: RpcServer | None) -> None:
        """A session of ``did`` is over: its child waits for the device's next one, or ends."""
        with self._pool:
            self._busy[did] = max(0, self._busy.get(did, 0) - 1)
            if server is not None and server.alive() and did not in self._idle:
                timer = threading.Timer(IDLE_S, self._drop, args=(did, server))
                timer.daemon = True
                self._idle[did] = (server, timer)
                timer.start()
                server = None
            self._pool.notify_all()
        if server is not None:
            server.end()

    def _drop(self, did: str, server: RpcServer) -> None:
        with self._pool:
            held = self._idle.get(did)
            if held is None or held[0] is not server:
                return
            del self._idle[did]
        server.end()

    def close(self) -> None:
        """End the idle RPC children (the link server is stopping)."""
        with self._pool:
            idle, self._idle = list(self._idle.values()), {}
        for server, timer in idle:
            timer.cancel()
            server.end()

    def handle(self, tls: ssl.SSLSocket, reader: LineReader, who: Who, request: dict[str, Any]) -> None:
        started = time.time()
        asked = reader.json(timeout=10.0)
        mine = rpc.protocol_text()
        if asked.get("rpc") != mine:
            with self.stats.lock:
                self.stats.refused += 1
            send_line(tls, {"ok": False, "code": "rpc_version",
                            "error": f"the engine builds differ (RPC protocol {str(asked.get('rpc'))[:20]} "
                                     f"there, {mine} here)"})
            self.report(SplitEvent(who.name, who.did, 0, 0, "refused: rpc_version", started, time.time()))
            return
        try:
            server = self._take(who.did)
        except LinkRefused as exc:
            send_line(tls, {"ok": False, "code": exc.reason, "error": str(exc)})
            self.report(SplitEvent(who.name, who.did, 0, 0, f"failed: {exc}", started, time.time()))
            raise
        counts = Counts()
        outcome = "ok"
        sock: socket.socket | None = None
        holding: tuple[WeightCache, int] | None = None
        try:
            ready = server.ready
            if ready.get("rpc") != mine:
                send_line(tls, {"ok": False, "code": "rpc_version",
                                "error": f"this device's RPC server speaks {ready.get('rpc')}"})
                outcome = "refused: rpc_version"
                return
            sock = server.connect()
            cache = self.cache
            token, held = cache.hold() if cache is not None else (0, [])
            holding = (cache, token) if cache is not None else None
            free = int(ready.get("free") or 0)
            send_line(tls, {"ok": True, "rpc": mine, "free": min(free, self.lend) if self.lend else free,
                            "total": int(ready.get("total") or 0), "isolated": bool(ready.get("netns")),
                            "held": len(held)})
            if held:
                tls.sendall(b"".join(held))
            with self.stats.lock:
                self.stats.sessions += 1
            restore = Restore(cache)
            try:
                if reader.buffer:  # bytes that came with the last line belong to the RPC stream
                    early = b"".join(restore.feed(reader.buffer))
                    sock.sendall(early)
                    counts.a_to_b += len(early)
                    reader.buffer = b""
                ended = pump(tls, sock, counts=counts, check=lambda: _still_live(who), shape=restore.feed)
            finally:
                with self.stats.lock:
                    self.stats.weights_restored += restore.restored
                    self.stats.weights_received += restore.received
            outcome = "ok" if ended == "a" else "the RPC server ended the session"
        except LinkRefused as exc:
            outcome = f"revoked: {exc.reason}"
            raise
        except WireError as exc:
            outcome = f"failed: {exc}"
        except OSError as exc:
            outcome = f"failed: {type(exc).__name__}"
        finally:
            if sock is not None:
                sock.close()
            if holding is not None:
                holding[0].release(holding[1])
            self._give_back(who.did, server if outcome == "ok" else None)
            with self.stats.lock:
                self.stats.bytes_to_rpc += counts.a_to_b
                self.stats.bytes_from_rpc += counts.b_to_a
            self.report(SplitEvent(who.name, who.did, counts.a_to_b, counts.b_to_a, outcome, started,
                                   time.time()))


def _still_live(who: Who) -> None:
    """The grant check: a refusal ends the session; any other failure of the check is logged."""
    try:
        who.live()
    except LinkRefused:
        raise
    except Exception:  # a busy vault must not cut a live session
        log.exception("the split session's live check failed")


def _ready_line(child: subprocess.Popen[bytes], timeout: float) -> dict[str, Any]:
    assert child.stdout is not None
    box: list[bytes] = []
    reader = threading.Thread(target=lambda: box.append(child.stdout.readline() if child.stdout else b""),
                              daemon=True)
    reader.start()
    reader.join(timeout)
    if not box or not box[0]:
        raise LinkRefused("rpc_unavailable", "this device could not start its RPC server")
    try:
        ready = json.loads(box[0])
    except ValueError:
        raise LinkRefused("rpc_unavailable", "this device's RPC server did not start cleanly") from None
    if not isinstance(ready, dict) or ready.get("ready") is not True:
        raise LinkRefused("rpc_unavailable", "this device's RPC server did not start cleanly")
    return ready


def _end(child: subprocess.Popen[bytes]) -> None:
    if child.poll() is None:
        child.kill()
    try:
        child.wait(5)
    except subprocess.TimeoutExpired:
        pass
