"""Split weight cache benchmark: what keeping under the limit costs a write, against no pressure.

Usage: .venv/bin/python bench/split_cache.py [--pieces N] [--small N]

Real sealed files in a temporary folder (:class:`engine.split.cache.WeightCache`, AES-GCM, one
file per piece). Two runs of the same writes, each in a fresh folder:

* ``4 MiB pieces``: ``--pieces`` pieces of 4 MiB (the largest a weight is cut into) are put and
  flushed, once with a limit none of them reach (the reference), once with a limit of a quarter
  of them, so that each write past it first removes the least recently used piece;
* ``small pieces``: a cache of ``--small`` 16 KiB pieces (as many files as 8 GiB of 4 MiB pieces
  would make), then 256 more put under no pressure and at the limit: the cost of choosing what
  goes among many pieces, with little sealing to hide it.

For each: milliseconds per piece put under no pressure and at the limit (the disk's page cache
makes these noisy on a busy machine: fewer files at the limit may even write faster). Then
``evict_ms``: a cache of ``--small`` pieces is given half its size as a new limit
(:meth:`WeightCache.set_limit`), which removes the least recently used half; its time per piece
removed is the cost of one eviction (choosing it, its ``unlink``), and ``evict_ratio`` that cost
against writing one 4 MiB piece. The last line is machine-read:

    split_cache write_ms=<…> full_write_ms=<…> small_write_ms=<…> small_full_write_ms=<…>
                evict_ms=<…> evict_ratio=<evict_ms/write_ms>
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.split.cache import WeightCache, stored_size

MiB = 1024 * 1024


def _per_piece(folder: Path, key: bytes, limit: int, fill: list[bytes],
               datas: list[bytes]) -> tuple[float, int]:
    """Milliseconds per piece for putting ``datas`` after ``fill``, and how many were evicted."""
    cache = WeightCache(folder, key, limit=limit)
    for data in fill:
        cache.put(data)
    cache.flush(600)
    before = cache.evicted
    started = time.perf_counter()
    for data in datas:
        cache.put(data)
    cache.flush(600)
    return (time.perf_counter() - started) * 1000 / len(datas), cache.evicted - before


def _pair(tmp: Path, name: str, size: int, held: int, count: int, full_at: int) -> tuple[float, float]:
    key = os.urandom(32)
    fill = [os.urandom(size) for _ in range(held)]
    datas = [os.urandom(size) for _ in range(count)]
    free, _ = _per_piece(tmp / f"{name}-free", key, 1 << 50, fill, datas)
    full, evicted = _per_piece(tmp / f"{name}-full", key, full_at * stored_size(size), fill, datas)
    print(f"{name}: {free:.2f} ms a piece under no pressure, {full:.2f} ms at the limit "
          f"({evicted} evicted of {count} put)", flush=True)
    return free, full


def _evict_ms(tmp: Path, count: int) -> float:
    """Milliseconds per piece that halving the limit of ``count`` 16 KiB pieces removes."""
    cache = WeightCache(tmp / "evict", os.urandom(32), limit=1 << 50)
    for _ in range(count):
        cache.put(os.urandom(16 * 1024))
    cache.flush(600)
    started = time.perf_counter()
    gone = cache.set_limit(cache.size() // 2)
    took = (time.perf_counter() - started) * 1000
    print(f"halving the limit of {count} pieces removed {gone} in {took:.1f} ms", flush=True)
    return took / gone


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pieces", type=int, default=48)
    parser.add_argument("--small", type=int, default=2048)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hearth-bench-") as tmp:
        free, full = _pair(Path(tmp), "4 MiB pieces", 4 * MiB, 0, args.pieces, max(1, args.pieces // 4))
        s_free, s_full = _pair(Path(tmp), "small pieces", 16 * 1024, args.small, 256, args.small)
        evict = _evict_ms(Path(tmp), args.small)
    print(f"split_cache write_ms={free:.3f} full_write_ms={full:.3f} small_write_ms={s_free:.3f} "
          f"small_full_write_ms={s_full:.3f} evict_ms={evict:.3f} evict_ratio={evict / free:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
