"""The split worker's weight cache and the weight frames, on real files and real AES-GCM.

A stream of llama.cpp RPC requests (``SET_TENSOR`` of weights and of an activation, other
commands around them) goes through the asking side's :class:`Offer` and the worker's
:class:`Restore`: the RPC server must get the very bytes llama.cpp sent, whatever the worker
held; a second pass must carry only digests; activations must never be kept; the files must not
contain the weights' bytes, nor open with another key; a reference to a piece the worker does
not hold must end the session.
"""

from __future__ import annotations

import hashlib
import os
import struct
from pathlib import Path

import pytest

from engine.split.cache import WeightCache
from engine.split.weights import (
    CMD_SET_TENSOR,
    NAME_AT,
    PIECE,
    RPC_TENSOR,
    Offer,
    Restore,
    WireError,
)

MiB = 1024 * 1024


def _request(cmd: int, payload: bytes) -> bytes:
    return bytes([cmd]) + struct.pack("<Q", len(payload)) + payload


def _set_tensor(name: str, data: bytes, offset: int = 0) -> bytes:
    tensor = bytearray(os.urandom(RPC_TENSOR))
    tensor[NAME_AT:NAME_AT + 64] = name.encode().ljust(64, b"\0")
    return _request(CMD_SET_TENSOR, bytes(tensor) + b"\0" + struct.pack("<Q", offset) + data)


def _through(stream: bytes, offer: Offer, restore: Restore, step: int) -> tuple[bytes, int]:
    """The stream cut in ``step``-byte reads, as sockets would; what the RPC server gets, link bytes."""
    on_link = b"".join(b"".join(offer.feed(stream[i:i + step])) for i in range(0, len(stream), step))
    out = b"".join(b"".join(restore.feed(on_link[i:i + 65536])) for i in range(0, len(on_link), 65536))
    return out, len(on_link)


def test_weights_travel_once_and_what_the_server_gets_is_what_llama_cpp_sent(tmp_path: Path) -> None:
    key = os.urandom(32)
    weights = {"blk.0.attn_q.weight": os.urandom(9 * MiB + 123), "output_norm.weight": os.urandom(2560)}
    activation = os.urandom(3 * MiB)
    # DEVICE_COUNT, a weight, INIT_TENSOR, a small weight, an activation, a tensor under the floor.
    stream = (_request(15, b"") + _set_tensor("blk.0.attn_q.weight", weights["blk.0.attn_q.weight"])
              + _request(12, os.urandom(296))
              + _set_tensor("output_norm.weight", weights["output_norm.weight"])
              + _set_tensor("norm-0", activation) + _set_tensor("tiny.weight", b"abc"))
    names = {"blk.0.attn_q.weight", "output_norm.weight"}
    cache = WeightCache(tmp_path / "cache", key)
    assert cache.index() == []
    first = Offer(names, frozenset(cache.index()))
    got, link_bytes = _through(stream, first, Restore(cache), 100_003)
    assert got == stream
    assert first.sent == sum(map(len, weights.values())) and first.skipped == 0
    assert link_bytes > len(activation) + first.sent
    cache.flush()
    # Four pieces: the big weight in three (4 MiB at most each) and the small one; never the
    # activation, nor the tensor under the floor.
    assert len(cache.index()) == 4 and len(list((tmp_path / "cache").iterdir())) == 4

    again = WeightCache(tmp_path / "cache", key)   # as after a restart: the index from the files
    second = Offer(names, frozenset(again.index()))
    restore = Restore(again)
    got, link_bytes = _through(stream, second, restore, 65_536)
    assert got == stream
    assert second.sent == 0 and second.skipped == first.sent and restore.restored == first.sent
    assert link_bytes < len(activation) + 64 * 1024   # the activation still travels; weights do not

    # Nothing readable on disk: no 32-byte window of any weight is in any file.
    blobs = b"".join(p.read_bytes() for p in (tmp_path / "cache").iterdir())
    for data in weights.values():
        for at in (0, len(data) // 2, len(data) - 32):
            assert data[at:at + 32] not in blobs
    # Another key opens nothing (and the files it cannot open are dropped, never served).
    stranger = WeightCache(tmp_path / "cache", os.urandom(32))
    assert stranger.index() == []


def test_a_reference_to_a_piece_the_worker_lacks_ends_the_session(tmp_path: Path) -> None:
    data = os.urandom(PIECE)
    stream = _set_tensor("blk.1.ffn_up.weight", data)
    # The asking side believes the worker holds the piece; the worker's cache is empty.
    offer = Offer({"blk.1.ffn_up.weight"}, frozenset({hashlib.sha256(data).digest()}))
    on_link = b"".join(offer.feed(stream))
    assert len(on_link) < 1024
    with pytest.raises(WireError, match="does not hold"):
        Restore(WeightCache(tmp_path / "empty", os.urandom(32))).feed(on_link)
    # Commands outside the protocol, and frames of the wrong size, are refused too.
    with pytest.raises(WireError, match="unknown command"):
        Restore(None).feed(_request(0x77, b"x"))
    with pytest.raises(WireError, match="wrong size"):
        Restore(None).feed(_request(0xC8, b"x" * 10))


def test_a_cache_folder_emptied_by_hand_is_noticed(tmp_path: Path) -> None:
    cache = WeightCache(tmp_path / "c", os.urandom(32))
    data = os.urandom(1000)
    cache.put(data)
    digest = hashlib.sha256(data).digest()
    assert cache.index() == [digest] and cache.get(digest) == data
    for p in (tmp_path / "c").iterdir():
        p.unlink()
    assert cache.index() == [] and cache.get(digest) is None
