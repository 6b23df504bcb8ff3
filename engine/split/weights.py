"""Weights that travel once: the RPC stream's ``SET_TENSOR`` of a weight, replaced by digests.

llama.cpp's RPC client (protocol 7.0.0, ``ggml/src/ggml-rpc/ggml-rpc.cpp`` of ggml 0.25.3) sends
each request as ``| command (1 byte) | size (8, little-endian) | payload (size bytes) |``. Which
commands have a reply does not matter here: only the asking side's direction is read, and the
replies flow back untouched. ``SET_TENSOR`` (6, no reply) carries
``| rpc_tensor (296 bytes; its name at 228, 64 bytes) | cache flag (1) | offset (8) | data |``.
(llama.cpp's own hash path, ``SET_TENSOR_HASH`` for tensors of 10 MiB or more, still runs: the
worker's RPC server has no cache of its own, answers "not here", and gets the ``SET_TENSOR``.)

On the asking side, :class:`Offer` reads that stream: a ``SET_TENSOR`` of a weight (its name is a
tensor of the GGUF being loaded and it carries at least ``FLOOR`` bytes) becomes a Hearth frame,
``| 0xC8 | 313 | the 305-byte SET_TENSOR head | data size (8) |`` followed by one item per piece of
at most ``PIECE`` bytes: ``| 1 | length (4) | SHA-256 (32) |`` when the worker said it holds that
piece (its index, sent when the session opened), else ``| 2 | length (4) | bytes |``. Activations
never take this path (their names are not the file's), so they are never cached.

On the worker, :class:`Restore` turns the frame back into the plain ``SET_TENSOR`` for its RPC
server, reading held pieces from the encrypted :class:`engine.split.cache.WeightCache` and
filing new ones there. Any other command goes through as it came; a malformed frame, an unknown
command or a piece it does not hold ends the session (:class:`WireError`), as a malformed request
ends an RPC server's.
"""

from __future__ import annotations

import hashlib
import struct
import time
from collections.abc import Collection

from engine.split.cache import DIGEST, WeightCache

CMD_SET_TENSOR = 6
CMD_COUNT = 19                   # RPC_CMD_COUNT of protocol 7.0.0
HEARTH_SET = 0xC8
RPC_TENSOR = 296                 # sizeof(rpc_tensor)
NAME_AT, NAME_LEN = 228, 64      # rpc_tensor.name
SET_HEAD = RPC_TENSOR + 1 + 8    # rpc_tensor, cache flag, offset
FRAME_HEAD = SET_HEAD + 8
ITEM_REF, ITEM_DATA = 1, 2
PIECE = 4 * 1024 * 1024
#: Weights smaller than this travel as they are (a reference would save next to nothing).
FLOOR = 1024
_U64 = struct.Struct("<Q")
_ITEM = struct.Struct("<BI")


class WireError(Exception):
    """The stream broke the protocol (or named a piece this worker does not hold)."""


def tensor_name(head: bytes | memoryview) -> str:
    raw = bytes(head[NAME_AT:NAME_AT + NAME_LEN])
    return raw.split(b"\0", 1)[0].decode("utf-8", "replace")


class _Framed:
    """What both ends of the weight stream share: a message's 9-byte head (or any fixed-size
    part still to come) gathered in ``_buf`` until ``_need`` bytes are there, then ``_step``."""

    _state: str
    _need: int
    _buf: bytearray
    _left: int

    def _to_head(self) -> None:
        self._state, self._need = "head", 9
        self._buf = bytearray()

    def _fill(self, view: memoryview, out: list[bytes | memoryview]) -> memoryview:
        """Takes what ``_buf`` still needs from ``view``; the rest of ``view``."""
        take = min(len(view), self._need - len(self._buf))
        self._buf += view[:take]
        if len(self._buf) == self._need:
            self._step(out)
        return view[take:]

    def _pass_on(self, head: bytes, size: int, out: list[bytes | memoryview]) -> None:
        """Sends a message's head on as it is, and then its ``size`` bytes of payload."""
        out.append(head)
        if size:
            self._state, self._left = "pass", size
            self._buf = bytearray()
        else:
            self._to_head()

    def _step(self, out: list[bytes | memoryview]) -> None:
        raise NotImplementedError


class Offer(_Framed):
    """The asking side's transform of its RPC stream (see the module docstring)."""

    def __init__(self, weights: Collection[str], held: Collection[bytes]) -> None:
        self.weights = weights
        self.held = held
        self.sent = 0        # weight bytes that travelled
        self.skipped = 0     # weight bytes the worker had
        self.first_at = 0.0  # when the first and the last weight piece that travelled were read
        self.last_at = 0.0
        self._buf = bytearray()
        self._need = 9
        self._state = "head"
        self._left = 0       # payload bytes still to pass, or tensor bytes still to cut
        self._acc = bytearray()
        self._got = 0        # bytes of the current piece in _acc

    def feed(self, data: bytes | memoryview) -> list[bytes | memoryview]:
        """What to send on for ``data``; it may point into ``data`` (copy it before reusing that)."""
        out: list[bytes | memoryview] = []
        view = memoryview(data)
        while view:
            if self._state == "pass":
                n = min(len(view), self._left)
                out.append(view[:n])
                view, self._left = view[n:], self._left - n
                if not self._left:
                    self._to_head()
                continue
            if self._state == "raw":   # a piece that travels whatever it holds: no need to hold it
                n = min(len(view), self._need)
                out.append(view[:n])
                view, self._need, self._left = view[n:], self._need - n, self._left - n
                self.sent += n
                self.last_at = time.perf_counter()
                self.first_at = self.first_at or self.last_at
                if not self._need:
                    self._next_piece(out)
                continue
            if self._state == "piece":
                n = self._need
                if not self._got and len(view) >= n:
                    self._piece(view[:n], out)  # a whole piece in this read: no copy
                    view = view[n:]
                    continue
                if not self._got:
                    self._acc = bytearray(n)
                take = min(len(view), n - self._got)
                self._acc[self._got:self._got + take] = view[:take]
                self._got += take
                view = view[take:]
                if self._got == n:
                    self._got = 0
                    self._piece(memoryview(self._acc), out)
                continue
            view = self._fill(view, out)
        return out

    def _step(self, out: list[bytes | memoryview]) -> None:
        buf = bytes(self._buf)
        if self._state == "head":
            cmd, size = buf[0], _U64.unpack_from(buf, 1)[0]
            if cmd == CMD_SET_TENSOR and size >= SET_HEAD + FLOOR:
                self._state, self._need, self._left = "set", SET_HEAD, size - SET_HEAD
                self._buf = bytearray()
                return
            self._pass_on(buf, size, out)
        elif self._state == "set":
            if tensor_name(buf) in self.weights:
                out.append(bytes([HEARTH_SET]) + _U64.pack(FRAME_HEAD) + buf + _U64.pack(self._left))
                self._next_piece(out)
            else:
                out.append(bytes([CMD_SET_TENSOR]) + _U64.pack(SET_HEAD + self._left) + buf)
                self._state = "pass"
                self._buf = bytearray()

    def _piece(self, piece: memoryview, out: list[bytes | memoryview]) -> None:
        # Hashed only to be looked up: a device that holds nothing (a first load) costs no hashing.
        if self.held and (digest := hashlib.sha256(piece).digest()) in self.held:
            out.append(_ITEM.pack(ITEM_REF, len(piece)) + digest)
            self.skipped += len(piece)
        else:
            out.append(_ITEM.pack(ITEM_DATA, len(piece)))
            out.append(piece)
            self.sent += len(piece)
            self.last_at = time.perf_counter()
            self.first_at = self.first_at or self.last_at
        self._left -= len(piece)
        self._next_piece(out)

    def _next_piece(self, out: list[bytes | memoryview]) -> None:
        """The tensor's next piece: hashed whole when the device holds pieces, else passed on."""
        if not self._left:
            self._to_head()
            return
        self._need = min(PIECE, self._left)
        self._buf = bytearray()
        if self.held:
            self._state = "piece"
        else:
            self._state = "raw"
            out.append(_ITEM.pack(ITEM_DATA, self._need))


class Restore(_Framed):
    """The worker's transform of the stream from the link (see the module docstring)."""

    def __init__(self, cache: WeightCache | None) -> None:
        self.cache = cache
        self.restored = 0    # weight bytes read from the cache
        self.received = 0    # weight bytes that came through the link
        self._buf = bytearray()
        self._need = 9
        self._state = "head"
        self._left = 0       # payload bytes to pass, or tensor bytes still to come
        self._item = 0       # bytes of the current data item still to come
        self._piece = bytearray()
        self._filled = 0

    def feed(self, data: bytes | memoryview) -> list[bytes | memoryview]:
        """What to send on for ``data``; it may point into ``data`` (copy it before reusing that)."""
        out: list[bytes | memoryview] = []
        view = memoryview(data)
        while view:
            if self._state in ("pass", "data"):
                n = min(len(view), self._left if self._state == "pass" else self._item)
                out.append(view[:n])
                if self._state == "pass":
                    self._left -= n
                    if not self._left:
                        self._to_head()
                else:
                    self._piece[self._filled:self._filled + n] = view[:n]
                    self._filled += n
                    self._item -= n
                    if not self._item:
                        self._piece_done()
                view = view[n:]
                continue
            view = self._fill(view, out)
        return out

    def _next_item(self) -> None:
        if self._left:
            self._state, self._need = "item", _ITEM.size
            self._buf = bytearray()
        else:
            self._to_head()

    def _piece_done(self) -> None:
        piece, self._piece, self._filled = self._piece, bytearray(), 0
        self.received += len(piece)
        self._left -= len(piece)
        if self.cache is not None:
            self.cache.put(piece)
        self._next_item()

    def _step(self, out: list[bytes | memoryview]) -> None:
        buf = bytes(self._buf)
        if self._state == "head":
            cmd, size = buf[0], _U64.unpack_from(buf, 1)[0]
            if cmd == HEARTH_SET:
                if size != FRAME_HEAD:
                    raise WireError("a weight frame of the wrong size")
                self._state, self._need = "frame", FRAME_HEAD
                self._buf = bytearray()
                return
            if cmd >= CMD_COUNT:
                raise WireError(f"unknown command {cmd}")
            self._pass_on(buf, size, out)
        elif self._state == "frame":
            head, total = buf[:SET_HEAD], _U64.unpack_from(buf, SET_HEAD)[0]
            if total < 1 or total > 1 << 40:
                raise WireError("a weight frame of an impossible size")
            out.append(bytes([CMD_SET_TENSOR]) + _U64.pack(SET_HEAD + total) + head)
            self._left = total
            self._next_item()
        elif self._state == "item":
            tag, length = _ITEM.unpack(buf)
            if not 0 < length <= min(PIECE, self._left):
                raise WireError("a weight piece of the wrong length")
            if tag == ITEM_REF:
                self._state, self._need, self._item = "ref", DIGEST, length
                self._buf = bytearray()
            elif tag == ITEM_DATA:
                self._state, self._item = "data", length
                self._piece, self._filled = bytearray(length), 0
                self._buf = bytearray()
            else:
                raise WireError("an unknown weight item")
        elif self._state == "ref":
            data = self.cache.get(buf) if self.cache is not None else None
            if data is None or len(data) != self._item:
                raise WireError("the asking device named a weight piece this device does not hold")
            out.append(data)
            self.restored += len(data)
            self._left -= len(data)
            self._next_item()
