"""`hearth link cache` end to end: the real CLI in child processes, on a real vault and real
sealed weight pieces. It shows what the cache holds, keeps a limit (refusing one under a weight
piece before changing anything), makes the pieces least recently used go to fit it, and clears."""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from app.split.serving import cache_dir, cache_key
from engine.split.cache import WeightCache, usage
from tests.conftest import PASSPHRASE, TEST_KDF, run_cli
from vault import Keychain, Vault

ENV = {"HEARTH_PASSPHRASE": PASSPHRASE}
MiB = 1024 * 1024


def _shown(*args: str) -> dict[str, object]:
    proc = run_cli("link", "cache", *args, "--json", env=ENV)
    assert proc.returncode == 0, proc.stderr
    return dict(json.loads(proc.stdout))


def test_link_cache_shows_limits_and_clears(home: Path, no_keychain: Keychain) -> None:
    vault = Vault.create(PASSPHRASE, home=home, keychain=no_keychain, kdf_log2_n=TEST_KDF)
    key = cache_key(vault)
    vault.lock()
    folder = cache_dir()
    cache = WeightCache(folder, key)
    pieces = [os.urandom(MiB) for _ in range(6)]
    for data in pieces:
        cache.put(data)
        assert cache.flush()
        time.sleep(0.02)
    assert cache.get(hashlib.sha256(pieces[0]).digest()) == pieces[0]   # the oldest, read again
    files, size = usage(folder)
    assert files == 6 and 6 * MiB < size < 6 * MiB + 1024

    proc = run_cli("link", "cache", env=ENV)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("Weight cache: 6 pieces, 6.0 MiB of ") and "(the default: 8 GiB" in lines[0]
    assert lines[1] == f"Folder: {folder}"

    # A limit under one weight piece, or no size at all, is refused and changes nothing.
    for bad, words in (("1MB", "smaller than one weight piece (4.0 MiB); give at least 5 MiB"),
                       ("plenty", "'plenty' is not a size")):
        proc = run_cli("link", "cache", "--limit", bad, env=ENV)
        assert proc.returncode == 2 and words in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr
        assert "Traceback" not in proc.stderr
    proc = run_cli("link", "serve", "--cache-limit", "3MiB", "--listen", "127.0.0.1:0", env=ENV)
    assert proc.returncode == 2 and "smaller than one weight piece" in proc.stderr
    shown = _shown()
    assert (shown["folder"], shown["files"], shown["bytes"], shown["limit_set"]) == (str(folder), 6, size,
                                                                                   False)

    # 5 MiB holds four 1 MiB pieces: the two least recently used (not the oldest, read since) go.
    proc = run_cli("link", "cache", "--limit", "5MiB", env=ENV)
    assert proc.returncode == 0, proc.stderr
    assert "Removed 2 weight pieces, the least recently used" in proc.stdout
    assert "4 pieces, 4.0 MiB of 5.0 MiB (set by you)" in proc.stdout
    again = WeightCache(folder, key)
    assert [again.get(hashlib.sha256(d).digest()) == d for d in pieces] == [True, False, False,
                                                                           True, True, True]
    assert _shown()["limit"] == 5 * MiB

    # clear asks nothing (as unpair and forget do) and empties the folder; the limit stays.
    proc = run_cli("link", "cache", "clear")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"Removed 4 weight pieces (4.0 MiB) from {folder}. ")
    assert list(folder.iterdir()) == [] and again.index() == []
    assert _shown() == {"folder": str(folder), "files": 0, "bytes": 0, "limit": 5 * MiB, "limit_set": True}
    assert run_cli("link", "cache", "clear").stdout == f"The weight cache was empty ({folder}).\n"
    assert _shown("--limit", "default")["limit_set"] is False
