"""The SQLCipher connection, and the one place its errors are translated.

``open_encrypted`` opens a database file with a raw 256-bit key, proves the
key by reading the schema, and gives the connection the SQL functions the schema's
triggers call (``hearth_search_text``, ``hearth_index_each``: see ``vault.fts``);
``translate_errors`` maps every sqlcipher3 error to the vault's error tree so none escapes raw.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlcipher3 import dbapi2 as sqlcipher

from vault.errors import DiskFull, VaultCorrupt, VaultError, VaultLocked
from vault.fts import index_each_row, search_text

Connection = Any  # sqlcipher3.dbapi2.Connection has no type stubs

__all__ = ["Connection", "Row", "attach_encrypted", "map_error", "open_encrypted", "remove_sidecars",
           "sqlcipher", "translate_errors"]
Row = sqlcipher.Row

_CORRUPT_MARKERS = ("file is not a database", "malformed", "file is encrypted", "not an error",
                    "disk i/o error", "database disk image")


def _key_pragma(key: bytes) -> str:
    return f"PRAGMA key = \"x'{key.hex()}'\""


def open_encrypted(path: Path, key: bytes, *, create: bool = False, wal: bool = True) -> Connection:
    """Open ``path`` with ``key``; raises VaultCorrupt if the file is not a vault under this key."""
    if not create and not path.exists():
        raise VaultCorrupt(f"{path.name} is missing")
    uri = f"file:{path}?mode={'rwc' if create else 'rw'}"
    with translate_errors(f"cannot open {path.name}", corrupt_default=True):
        conn = sqlcipher.connect(uri, uri=True, isolation_level=None, check_same_thread=False,
                                 timeout=30.0)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(_key_pragma(key))
        with translate_errors(f"{path.name} is not a Hearth vault, is damaged, or the key does not fit",
                              corrupt_default=True):
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if not create:
            _refuse_truncated(conn, path)
        conn.row_factory = sqlcipher.Row
        # The full-text index's triggers call it (vault.fts): every connection needs it.
        conn.create_function("hearth_search_text", 1, search_text, deterministic=True)
        conn.create_function("hearth_index_each", 0, index_each_row)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA busy_timeout = 30000")
        # 32 MiB of decrypted page cache: SQLCipher decrypts on every cache miss.
        conn.execute("PRAGMA cache_size = -32768")
        if wal:
            with translate_errors(f"cannot open {path.name}"):
                conn.execute("PRAGMA journal_mode = WAL").fetchone()
                conn.execute("PRAGMA synchronous = NORMAL")
        return conn
    except BaseException:
        conn.close()
        raise


def _refuse_truncated(conn: Connection, path: Path) -> None:
    """A file shorter than the pages its own header counts was cut off (a copy stopped half-way,
    a full disk outside SQLite's control): refuse it before anything reads a missing page.
    With a non-empty WAL beside it, committed pages may live there instead, so no verdict."""
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return
    pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
    size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    if pages * size > path.stat().st_size:
        raise VaultCorrupt(f"{path.name} is truncated: {path.stat().st_size} bytes on disk, "
                           f"{pages * size} expected; restore it from a backup")


def attach_encrypted(conn: Connection, path: Path, key: bytes, alias: str) -> None:
    conn.execute(f"ATTACH DATABASE ? AS {alias} KEY \"x'{key.hex()}'\"", (str(path),))


@contextlib.contextmanager
def translate_errors(what: str, *, corrupt_default: bool = False) -> Iterator[None]:
    """Map sqlcipher3 errors to VaultError children, naming ``what`` failed."""
    try:
        yield
    except sqlcipher.Error as exc:
        raise map_error(exc, what, corrupt_default=corrupt_default) from None


def map_error(exc: BaseException, what: str, *, corrupt_default: bool = False) -> VaultError:
    message = str(exc).lower()
    if "disk is full" in message or "database or disk is full" in message:
        return DiskFull(f"{what}: the disk is full; the change was rolled back")
    if isinstance(exc, sqlcipher.ProgrammingError) and "closed" in message:
        return VaultLocked("the vault is locked")
    if any(marker in message for marker in _CORRUPT_MARKERS) or corrupt_default:
        return VaultCorrupt(f"{what} ({exc})")
    if isinstance(exc, sqlcipher.IntegrityError):
        return VaultError(f"{what}: {exc}")
    return VaultError(f"{what}: {exc}")


def remove_sidecars(db_path: Path) -> None:
    for suffix in ("-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(str(db_path) + suffix)
