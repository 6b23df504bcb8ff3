"""Vault benchmark: Hearth's encrypted vault against stdlib sqlite3 with the same schema.

Both databases get the same migrations (FTS triggers included), the same WAL
pragmas and page cache (32 MiB, as ``vault.db.open_encrypted`` sets), and the same
work, alternating, several rounds; medians reported.

  insert: N notes the way Hearth writes them: ``vault.notes.add_note``, one
          transaction per note (vs one INSERT per transaction on sqlite3); the old
          figure, all rows in one executemany, is printed as "bulk" for comparison
  select: M random primary-key lookups, cold connection each round
  unlock: Vault.unlock via a real Secret Service keychain, and via the passphrase
          (scrypt n=2^17 + AES-GCM key unwrap + SQLCipher open with the raw key)

Last line: vault insert_ratio=<hearth/sqlite3> select_ratio=<…> unlock_keychain_s=<…> unlock_passphrase_s=<…>
"""

from __future__ import annotations

import functools
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from keyring.backends import SecretService, fail

from tests.secret_service import private_secret_service
from vault import Keychain, Vault
from vault.schema import migrate

N_INSERT = 100_000
N_NOTES = 10_000
CACHE_PRAGMA = "PRAGMA cache_size = -32768"  # the vault's (vault/db.py)
N_SELECT = 20_000
ROUNDS = 3
PASSPHRASE = "benchmark passphrase"


def rows(n: int, seed: int) -> list[tuple[str, float, float]]:
    rng = random.Random(seed)
    words = ["alpha", "beta", "gamma", "delta", "river", "stone", "cloud", "ember", "hearth", "lamp",
             "table", "window"]
    return [(" ".join(rng.choices(words, k=12)), float(i), float(i)) for i in range(n)]


def plain_db(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute(CACHE_PRAGMA)
    migrate(conn)
    return conn


def insert_plain(conn: sqlite3.Connection, data: list[tuple[str, float, float]]) -> float:
    t = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany("INSERT INTO notes(body, created_at, updated_at) VALUES (?, ?, ?)", data)
    conn.execute("COMMIT")
    return len(data) / (time.perf_counter() - t)


def insert_vault(vault: Vault, data: list[tuple[str, float, float]]) -> float:
    t = time.perf_counter()
    with vault.transaction() as conn:
        conn.executemany("INSERT INTO notes(body, created_at, updated_at) VALUES (?, ?, ?)", data)
    return len(data) / (time.perf_counter() - t)


def add_notes_plain(conn: sqlite3.Connection, data: list[tuple[str, float, float]]) -> float:
    t = time.perf_counter()
    for row in data:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO notes(body, created_at, updated_at) VALUES (?, ?, ?)", row)
        conn.execute("COMMIT")
    return len(data) / (time.perf_counter() - t)


def add_notes_vault(vault: Vault, data: list[tuple[str, float, float]]) -> float:
    from vault.notes import add_note

    t = time.perf_counter()
    for body, _, _ in data:
        add_note(vault, body)
    return len(data) / (time.perf_counter() - t)


def select_rate(query_one: object, ids: list[int]) -> float:
    t = time.perf_counter()
    for i in ids:
        query_one("SELECT body FROM notes WHERE id = ?", (i,))  # type: ignore[operator]
    return len(ids) / (time.perf_counter() - t)


def _plain_one(conn: sqlite3.Connection, sql: str, params: tuple[int]) -> object:
    return conn.execute(sql, params).fetchone()


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="hearth-bench-"))
    no_kc = Keychain(backend=fail.Keyring())
    ins_h, ins_p, sel_h, sel_p, bulk_h, bulk_p = [], [], [], [], [], []
    for r in range(ROUNDS):
        data = rows(N_INSERT, r)
        home = work / f"h{r}"
        home.mkdir()
        vault = Vault.create(PASSPHRASE, home=home, keychain=no_kc)
        plain = plain_db(work / f"p{r}.db")
        # Alternate which goes first so cache warmth does not favour one side.
        notes = rows(N_NOTES, 100 + r)
        if r % 2 == 0:
            ins_h.append(add_notes_vault(vault, notes))
            ins_p.append(add_notes_plain(plain, notes))
            bulk_h.append(insert_vault(vault, data))
            bulk_p.append(insert_plain(plain, data))
        else:
            ins_p.append(add_notes_plain(plain, notes))
            ins_h.append(add_notes_vault(vault, notes))
            bulk_p.append(insert_plain(plain, data))
            bulk_h.append(insert_vault(vault, data))
        vault.lock()
        plain.close()
        ids = random.Random(r).choices(range(1, N_INSERT + N_NOTES + 1), k=N_SELECT)
        vault = Vault.unlock(home=home, passphrase=PASSPHRASE, keychain=no_kc)
        plain = sqlite3.connect(work / f"p{r}.db", isolation_level=None)
        plain.execute(CACHE_PRAGMA)
        sel_h.append(select_rate(vault.query_one, ids))
        sel_p.append(select_rate(functools.partial(_plain_one, plain), ids))
        vault.lock()
        plain.close()
        print(f"round {r}: add_note hearth {ins_h[-1]:,.0f}/s sqlite3 {ins_p[-1]:,.0f}/s; "
              f"bulk hearth {bulk_h[-1]:,.0f}/s sqlite3 {bulk_p[-1]:,.0f}/s; "
              f"select hearth {sel_h[-1]:,.0f}/s sqlite3 {sel_p[-1]:,.0f}/s", flush=True)

    with private_secret_service(work / "keyring") as env:
        import os

        os.environ["DBUS_SESSION_BUS_ADDRESS"] = env["DBUS_SESSION_BUS_ADDRESS"]
        kc = Keychain(backend=SecretService.Keyring())
        home = work / "kc"
        home.mkdir()
        Vault.create(PASSPHRASE, home=home, keychain=kc, remember=True).lock()
        unlock_kc, unlock_pw = [], []
        for _ in range(5):
            t = time.perf_counter()
            Vault.unlock(home=home, keychain=kc).lock()
            unlock_kc.append(time.perf_counter() - t)
            t = time.perf_counter()
            Vault.unlock(home=home, passphrase=PASSPHRASE, keychain=no_kc).lock()
            unlock_pw.append(time.perf_counter() - t)

    insert_ratio = statistics.median(ins_h) / statistics.median(ins_p)
    select_ratio = statistics.median(sel_h) / statistics.median(sel_p)
    med = statistics.median
    print(f"add_note: hearth {med(ins_h):,.0f} notes/s, sqlite3 {med(ins_p):,.0f} notes/s "
          "(a transaction each)")
    print(f"bulk insert (not Hearth's path): hearth {med(bulk_h):,.0f} rows/s, "
          f"sqlite3 {med(bulk_p):,.0f} rows/s")
    print(f"select: hearth {med(sel_h):,.0f} lookups/s, sqlite3 {med(sel_p):,.0f}/s")
    print(f"unlock: keychain {med(unlock_kc):.3f} s, passphrase {med(unlock_pw):.3f} s")
    print(f"vault insert_ratio={insert_ratio:.3f} select_ratio={select_ratio:.3f} "
          f"unlock_keychain_s={statistics.median(unlock_kc):.3f} "
          f"unlock_passphrase_s={statistics.median(unlock_pw):.3f}")


if __name__ == "__main__":
    main()
