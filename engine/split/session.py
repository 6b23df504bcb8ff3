"""The asking side of a split model: loopback forwarders into the link, and the engine process.

:class:`SplitEngine` runs the model in an engine process of its own
(:mod:`engine.split.engine_proc`), so that llama.cpp's abort() when a worker goes away ends
only that process. The engine reaches each worker's RPC server through a :class:`Forwarder`: a
listener on this computer's loopback (a random port) that takes connections only from this
user's processes and carries each through a fresh link session (``open`` opens it: mutual TLS,
the DID proof and the ``engine.split`` grant, the protocol check), counting the bytes each way.
When the engine process ends unexpectedly, :class:`DeviceWentAway` names the devices whose link
ended first (or the engine itself), at once: the forwarders see the link close before the
engine's abort.

The bytes counted per device are the weights (while loading; ``on_progress`` is told the weight
bytes placed on the devices so far) and then the tensor traffic of each token: the network log
gets both. Weights the device already
holds travel as digests (:class:`engine.split.weights.Offer`, with the index the device sent
when the session opened, ``info["held"]``); ``weights_sent`` and ``weights_held`` count both.
"""

from __future__ import annotations

import json
import os
import queue
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.errors import EngineError
from engine.link.errors import LinkFailed
from engine.models.gguf import GGUFInfo, read_gguf
from engine.split.pump import Counts, pump
from engine.split.weights import FLOOR, Offer

Opener = Callable[[], tuple[ssl.SSLSocket, dict[str, Any]]]


class DeviceWentAway(EngineError):
    code = "device_went_away"

    def __init__(self, message: str, devices: tuple[str, ...]) -> None:
        super().__init__(message)
        self.devices = devices


def _same_user(local_port: int, peer_port: int) -> bool:
    """Whether the loopback connection from ``peer_port`` belongs to this user (/proc/net/tcp)."""
    want = f"{peer_port:04X}"
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table, encoding="ascii") as f:
                next(f)
                for line in f:
                    cols = line.split()
                    if cols[1].rsplit(":", 1)[1] == want and cols[2].rsplit(":", 1)[1] == f"{local_port:04X}":
                        return int(cols[7]) == os.getuid()
        except OSError:
            continue
    return sys.platform != "linux"


@dataclass
class Forwarder:
    """``127.0.0.1:port`` → the link to one device (see the module docstring)."""

    name: str
    open: Opener
    counts: Counts = field(default_factory=Counts)
    sessions: int = 0
    gone: str = ""              # why the link to this device ended under a running session
    gone_at: float = 0.0
    info: dict[str, Any] = field(default_factory=dict)
    weights: frozenset[str] = frozenset()   # the names of the model's weight tensors
    offers: list[Offer] = field(default_factory=list)
    _primed: tuple[ssl.SSLSocket, dict[str, Any]] | None = None
    _listener: socket.socket | None = None
    _stop: threading.Event = field(default_factory=threading.Event)

    @property
    def weights_sent(self) -> int:
        """Weight bytes that travelled to the device."""
        return sum(o.sent for o in list(self.offers))

    @property
    def weights_held(self) -> int:
        """Weight bytes the device already held, sent as digests."""
        return sum(o.skipped for o in list(self.offers))

    def upload_window(self) -> tuple[float, float]:
        """When (``time.perf_counter``) the first and the last weight piece that travelled were read."""
        sent = [o for o in list(self.offers) if o.sent]
        return (min(o.first_at for o in sent), max(o.last_at for o in sent)) if sent else (0.0, 0.0)

    def prime(self) -> dict[str, Any]:
        """Open the first link session now (it says the device's free memory); kept for the engine."""
        self._primed = self.open()
        self.info = self._primed[1]
        return self.info

    def start(self) -> str:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        self._listener = listener
        threading.Thread(target=self._accept, name=f"hearth-split-{self.name}", daemon=True).start()
        return f"127.0.0.1:{listener.getsockname()[1]}"

    def close(self) -> None:
        self._stop.set()
        if self._listener is not None:
            self._listener.close()
        if self._primed is not None:
            self._primed[0].close()
            self._primed = None

    def _accept(self) -> None:
        assert self._listener is not None
        port = int(self._listener.getsockname()[1])
        while not self._stop.is_set():
            try:
                conn, addr = self._listener.accept()
            except OSError:
                return
            if not _same_user(port, int(addr[1])):
                conn.close()
                continue
            threading.Thread(target=self._carry, args=(conn,), daemon=True).start()

    def _carry(self, conn: socket.socket) -> None:
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        link: ssl.SSLSocket | None = None
        try:
            if self._primed is not None:
                (link, info), self._primed = self._primed, None
            else:
                try:
                    link, info = self.open()
                except (LinkFailed, OSError):  # once more: a session's server may fail to start
                    time.sleep(0.2)
                    link, info = self.open()
            self.sessions += 1
            shape = None
            if "held" in info:  # the other side takes weight frames (a Hearth worker)
                offer = Offer(self.weights, info["held"])
                self.offers.append(offer)
                shape = offer.feed
            ended = pump(conn, link, counts=self.counts, stop=self._stop, shape=shape)
            if ended == "b" and not self._stop.is_set():
                self.gone, self.gone_at = f"{self.name} closed the link", time.monotonic()
        except (LinkFailed, OSError) as exc:
            if not self._stop.is_set():
                self.gone, self.gone_at = f"{self.name}: {exc}", time.monotonic()
        finally:
            for s in (conn, link):
                if s is not None:
                    try:
                        s.close()
                    except OSError:
                        pass


def _hearth_root() -> str:
    return str(Path(__file__).resolve().parents[2])


class SplitEngine:
    """A model loaded across devices in an engine process of its own (see the module docstring)."""

    def __init__(self, forwarders: list[Forwarder]) -> None:
        self.forwarders = forwarders
        self.proc: subprocess.Popen[str] | None = None
        self._lines: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        self.devices: list[str] = []
        self.load_s = 0.0
        #: Held by whoever streams an answer (one at a time: the engine answers in order).
        self.answer_lock = threading.Lock()

    def load(self, model: Path, *, tensor_split: list[float], n_gpu_layers: int, n_ctx: int = 2048,
             n_threads: int | None = None, on_progress: Callable[[int], None] | None = None,
             timeout: float = 1800.0, info: GGUFInfo | None = None) -> None:
        """Load ``model`` (``info``: its header, when the caller read it already)."""
        if self.forwarders:
            info = info or read_gguf(model)
            weights = frozenset(t.name for t in info.tensors if t.nbytes >= FLOOR)
            for f in self.forwarders:
                f.weights = weights
        endpoints = [f.start() for f in self.forwarders]
        self.spawn()
        self._ask({"op": "load", "model": str(model), "endpoints": endpoints,
                   "tensor_split": tensor_split if endpoints else [],
                   "n_gpu_layers": n_gpu_layers if endpoints else 0, "n_ctx": n_ctx,
                   "n_threads": n_threads})
        reply = self._next(timeout, on_progress)
        if "error" in reply:
            raise EngineError(f"the split engine could not load {model.name}: {reply['error']}")
        self.devices = list(reply.get("devices") or [])
        self.load_s = float(reply.get("load_s") or 0.0)

    def spawn(self) -> None:
        """Start the engine process now (it loads llama.cpp while the devices are asked)."""
        if self.proc is not None:
            return
        env = dict(os.environ, GGML_RPC_NO_RDMA="1",
                   PYTHONPATH=os.pathsep.join(p for p in (_hearth_root(), os.environ.get("PYTHONPATH"))
                                              if p))
        # -P: the current folder is not on the path (a folder named "engine" there is not code).
        self.proc = subprocess.Popen([sys.executable, "-P", "-m", "engine.split.engine_proc"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True, env=env)
        threading.Thread(target=self._read, daemon=True, name="hearth-split-engine").start()

    def _read(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        for line in self.proc.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def _ask(self, request: dict[str, Any]) -> None:
        assert self.proc is not None and self.proc.stdin is not None
        try:
            self.proc.stdin.write(json.dumps(request) + "\n")
            self.proc.stdin.flush()
        except OSError:
            raise self._went_away() from None

    def _next(self, timeout: float, on_progress: Callable[[int], None] | None = None) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self._lines.get(timeout=0.25)
            except queue.Empty:
                if on_progress is not None:
                    on_progress(self.weights_placed())
                if time.monotonic() > deadline:
                    self.close()
                    raise EngineError("the split engine stopped answering")
                continue
            if line is None:
                raise self._went_away()
            value = json.loads(line)
            return value if isinstance(value, dict) else {}

    def _went_away(self) -> DeviceWentAway:
        if self.proc is not None:
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        gone = sorted((f for f in self.forwarders if f.gone), key=lambda f: f.gone_at)
        if gone:
            names = tuple(f.name for f in gone)
            return DeviceWentAway(f"{' and '.join(names)} went away; the split model stopped "
                                  f"({gone[0].gone})", names)
        code = self.proc.returncode if self.proc is not None else None
        return DeviceWentAway(f"the split engine stopped (exit {code})", ())

    def stream(self, request: dict[str, Any], *, timeout: float = 600.0) -> Iterator[dict[str, Any]]:
        """Lines of a ``tokens`` or ``chat`` request, ending with the ``done`` line."""
        self._ask(request)
        while True:
            value = self._next(timeout)
            if "error" in value:
                raise EngineError(f"the split engine failed: {value['error']}")
            yield value
            if value.get("done"):
                return

    def weights_placed(self) -> int:
        """Weight bytes on the devices so far: sent through the link, or already held there."""
        return sum(f.weights_sent + f.weights_held for f in self.forwarders)

    def bytes_out(self) -> int:
        return sum(f.counts.a_to_b for f in self.forwarders)

    def close(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            try:
                self._ask({"op": "quit"})
                self.proc.wait(5)
            except (EngineError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()
        for f in self.forwarders:
            f.close()
