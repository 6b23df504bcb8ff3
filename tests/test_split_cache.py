"""The split worker's weight cache and the weight frames, on real files and real AES-GCM.

A stream of llama.cpp RPC requests (``SET_TENSOR`` of weights and of an activation, other
commands around them) goes through the asking side's :class:`Offer` and the worker's
:class:`Restore`: the RPC server must get the very bytes llama.cpp sent, whatever the worker
held; a second pass must carry only digests; activations must never be kept; the files must not
contain the weights' bytes, nor open with another key; a reference to a piece the worker does
not hold must end the session. The folder stays under its limit, the pieces least recently
written or read going first, never those of a live session; clearing it makes a reload send
the weights again.
"""

from __future__ import annotations

import hashlib
import os
import struct
import time
from pathlib import Path

import pytest

from app.split.serving import check_limit, parse_size
from engine.split.cache import WeightCache, clear, stored_size, usage
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


def _stored(cache: WeightCache, datas: list[bytes]) -> list[bool]:
    """Which of ``datas`` have a file that opens and gives those very bytes."""
    return [cache.get(hashlib.sha256(d).digest()) == d for d in datas]


def test_the_limit_holds_after_many_puts_and_the_least_recently_used_go_first(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    piece = 64 * 1024
    limit = 5 * stored_size(piece)
    cache = WeightCache(folder, os.urandom(32), limit=limit)
    datas = [os.urandom(piece) for _ in range(40)]
    for i, data in enumerate(datas):
        cache.put(data)
        if i % 7 == 0:
            assert cache.flush()
            assert usage(folder)[1] <= limit
    assert cache.flush()
    files, size = usage(folder)
    assert files == 5 and size == limit == cache.size() and cache.evicted == 35
    assert _stored(cache, datas) == [False] * 35 + [True] * 5   # the last written are kept

    # Read the oldest two of the five: the next two puts remove the three never read since.
    for data in datas[35:37]:
        time.sleep(0.01)
        assert cache.get(hashlib.sha256(data).digest()) == data
    time.sleep(0.01)
    newer = [os.urandom(piece) for _ in range(2)]
    for data in newer:
        cache.put(data)
    assert cache.flush()
    assert _stored(cache, datas[35:]) == [True, True, False, False, True]

    # A piece larger than the whole limit is not kept, and removes nothing for itself.
    cache.put(os.urandom(6 * piece))
    assert cache.flush() and cache.skipped == 1 and cache.evicted == 37
    assert _stored(cache, datas[35:37] + newer) == [True] * 4

def test_a_restarted_cache_orders_by_the_files_times(tmp_path: Path) -> None:
    folder, key, piece = tmp_path / "c", os.urandom(32), 32 * 1024
    first = WeightCache(folder, key, limit=3 * stored_size(piece))
    a, b, c, d = (os.urandom(piece) for _ in range(4))
    for data in (a, b, c):
        first.put(data)
        assert first.flush()
        time.sleep(0.01)
    assert first.get(hashlib.sha256(a).digest()) == a     # read: its file's time is now
    time.sleep(0.01)
    second = WeightCache(folder, key, limit=3 * stored_size(piece))   # as after a restart
    second.put(d)
    assert second.flush()
    assert _stored(second, [a, b, c, d]) == [True, False, True, True]


def test_a_session_keeps_its_pieces_and_a_half_removed_piece_is_never_read(tmp_path: Path) -> None:
    folder, key, piece = tmp_path / "c", os.urandom(32), 32 * 1024
    cache = WeightCache(folder, key, limit=3 * stored_size(piece))
    told = [os.urandom(piece) for _ in range(2)]
    for data in told:
        cache.put(data)
    token, held = cache.hold()
    assert sorted(held) == sorted(hashlib.sha256(d).digest() for d in told)
    # The session writes three new pieces: the first fits, the next two find no room outside
    # what the session was told of or wrote, so they are not kept; nothing it may refer to went.
    fresh = [os.urandom(piece) for _ in range(3)]
    for data in fresh:
        cache.put(data)
    assert cache.flush()
    assert _stored(cache, told + fresh) == [True, True, True, False, False]
    assert cache.skipped == 2 and cache.evicted == 0
    cache.release(token)
    cache.put(fresh[1])                          # the session is over: the oldest piece makes room
    assert cache.flush() and cache.evicted == 1
    assert _stored(cache, told + fresh[:2]) == [False, True, True, True]

    # A file cut short (as a removal or a full disk might leave it) is refused and dropped.
    name = cache.name(hashlib.sha256(told[1]).digest())
    blob = (folder / name).read_bytes()
    (folder / name).write_bytes(blob[:len(blob) // 2])
    assert cache.get(hashlib.sha256(told[1]).digest()) is None and not (folder / name).exists()
    (folder / cache.name(hashlib.sha256(fresh[0]).digest())).write_bytes(blob[:40])
    restarted = WeightCache(folder, key)
    assert restarted.index() == [hashlib.sha256(fresh[1]).digest()]


def test_clear_empties_the_cache_and_a_reload_sends_the_weights_again(tmp_path: Path) -> None:
    weights = {"blk.0.ffn_down.weight": os.urandom(5 * MiB)}
    stream = _set_tensor("blk.0.ffn_down.weight", weights["blk.0.ffn_down.weight"])
    cache = WeightCache(tmp_path / "c", os.urandom(32))
    first = Offer(set(weights), frozenset(cache.index()))
    assert _through(stream, first, Restore(cache), 65_536)[0] == stream
    assert cache.flush() and usage(tmp_path / "c")[0] == 2
    second = Offer(set(weights), frozenset(cache.index()))
    assert _through(stream, second, Restore(cache), 65_536)[0] == stream and second.sent == 0

    assert clear(tmp_path / "c") == (2, stored_size(PIECE) + stored_size(MiB))
    assert usage(tmp_path / "c") == (0, 0) and list((tmp_path / "c").iterdir()) == []
    third = Offer(set(weights), frozenset(cache.index()))   # the same running cache notices
    got, _ = _through(stream, third, Restore(cache), 65_536)
    assert got == stream and third.sent == first.sent == len(weights["blk.0.ffn_down.weight"])


def test_a_bad_limit_is_refused_in_plain_words(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="0 or more"):
        WeightCache(tmp_path / "c", os.urandom(32), limit=-1)
    with pytest.raises(ValueError, match=r"smaller than one weight piece \(4\.0 MiB\)"):
        check_limit(PIECE)
    with pytest.raises(ValueError, match="'lots' is not a size"):
        parse_size("lots")
    assert parse_size("4GiB") == 4 * 1024**3 and parse_size("500 MB") == 500 * 1000**2
    assert check_limit(parse_size("5MiB")) == 5 * MiB
