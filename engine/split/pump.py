"""Moving bytes both ways between two sockets, either of them TLS, on one thread.

:func:`pump` is the tunnel under the RPC backend: it relays until one side closes (or ``stop``
says so), counting the bytes each way in a :class:`Counts`. Both sockets are made non-blocking
and served from one ``select`` loop, so a TLS socket is never read and written from two threads
at once (OpenSSL does not allow it), and neither direction can stall the other: at most
``window`` bytes wait for one side before its reader pauses. ``shape``, when given, rewrites what
the first socket sends before it goes to the second (:mod:`engine.split.weights`); the counts are
of the bytes written on, after it. It imports nothing of Hearth, so the worker's RPC child can use
it.
"""

from __future__ import annotations

import select
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

CHUNK = 1024 * 1024
WINDOW = 8 * 1024 * 1024


@dataclass
class Counts:
    """Bytes relayed: ``a_to_b`` from the first socket to the second, ``b_to_a`` back."""

    a_to_b: int = 0
    b_to_a: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)


Shape = Callable[[memoryview], list[bytes | memoryview]]


def _drain(s: socket.socket, view: memoryview) -> tuple[int, bool]:
    """Read what ``s`` has now into ``view`` (several TLS records at once): (bytes, closed)."""
    filled = 0
    while filled < len(view):
        try:
            n = s.recv_into(view[filled:])
        except (ssl.SSLWantReadError, ssl.SSLWantWriteError, BlockingIOError, InterruptedError):
            return filled, False
        except OSError:
            return filled, True
        if not n:
            return filled, True
        filled += n
    return filled, False


def pump(a: socket.socket, b: socket.socket, *, counts: Counts | None = None,
         stop: threading.Event | None = None, check: Callable[[], None] | None = None,
         check_every: float = 0.25, window: int = WINDOW, shape: Shape | None = None) -> str:
    """Relay until a side closes; returns which ended it: ``"a"``, ``"b"``, ``"stop"`` or ``"check"``.

    ``check`` runs every ``check_every`` seconds; when it raises, the relay ends (``"check"``)
    and the exception is re-raised after both sockets are left to the caller to close; an
    exception from ``shape`` ends the relay the same way. ``shape`` gets a view of a read buffer
    that is reused: what it returns may point into it (it is copied before the next read), what
    it keeps must be a copy."""
    counts = counts or Counts()
    a.setblocking(False)
    b.setblocking(False)
    pending = {a: bytearray(), b: bytearray()}  # bytes waiting to be written INTO that socket
    other = {a: b, b: a}
    buffers = {a: memoryview(bytearray(CHUNK)), b: memoryview(bytearray(CHUNK))}
    closed: set[socket.socket] = set()
    next_check = time.monotonic() + check_every
    while True:
        if stop is not None and stop.is_set():
            return "stop"
        if check is not None and time.monotonic() >= next_check:
            next_check = time.monotonic() + check_every
            check()
        readers: list[socket.socket] = [s for s in (a, b)
                                        if s not in closed and len(pending[other[s]]) < window]
        ready_now = [s for s in readers if isinstance(s, ssl.SSLSocket) and s.pending()]
        writers: list[socket.socket] = [s for s in (a, b) if pending[s]]
        readable: list[socket.socket]
        writable: list[socket.socket]
        if ready_now:
            readable, writable = list(ready_now), []
        else:
            readable, writable, _ = select.select(readers, writers, [], check_every)
        for s in readable:
            n, ended = _drain(s, buffers[s])
            if ended:
                closed.add(s)
            if not n:
                continue
            data = buffers[s][:n]
            out = pending[other[s]]
            before = len(out)
            if shape is not None and s is a:
                for piece in shape(data):
                    out += piece
            else:
                out += data
            with counts.lock:
                if s is a:
                    counts.a_to_b += len(out) - before
                else:
                    counts.b_to_a += len(out) - before
        for s in writable:
            try:
                sent = s.send(pending[s])
            except (ssl.SSLWantReadError, ssl.SSLWantWriteError, BlockingIOError, InterruptedError):
                continue
            except OSError:
                return "b" if s is b else "a"
            del pending[s][:sent]
        for s in list(closed):
            if not pending[other[s]]:  # all it sent is delivered: the relay ends with it
                return "a" if s is a else "b"
