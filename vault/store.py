"""The encrypted vault: create, unlock, lock, and run transactions.

A vault is two files in the data directory: ``vault.db`` (SQLCipher, keyed
with the raw 256-bit data key) and ``keyslot.json`` (that key wrapped by the
passphrase). ``vault.db`` appearing is the commit point of creation.

All access to the connection goes through one re-entrant lock, so the object
can be shared by threads; the app still gives it a single worker so that
vault work runs in order and off the GUI thread. After :meth:`Vault.lock` (by
the user or by auto-lock) the connection is closed, the key buffer wiped, and
every call raises :class:`VaultLocked`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vault import paths
from vault.db import Connection, map_error, open_encrypted, remove_sidecars, sqlcipher, translate_errors
from vault.errors import (
    VaultCorrupt,
    VaultError,
    VaultExists,
    VaultLocked,
    VaultNotFound,
    WrongPassphrase,
)
from vault.keys import DEFAULT_SCRYPT_LOG2_N, Keychain, KeySlot, new_data_key, new_vault_id, wipe
from vault.recovery import finish_pending_restore
from vault.schema import LATEST_VERSION, migrate

log = logging.getLogger("hearth.vault")

PassphraseSource = str | Callable[[], str] | None

NO_KEYCHAIN_NOTICE = ("No working OS keychain was found, so Hearth cannot remember the vault key "
                      "on this device; it will ask for your passphrase each time.")


@dataclass
class VaultStatus:
    path: str
    exists: bool
    unlocked: bool
    remembered: bool
    keychain_available: bool
    schema_version: int | None = None
    counts: dict[str, int] = field(default_factory=dict)


class _Fetched:
    """Rows read under the lock, handed out after it is released."""

    __slots__ = ("_rows",)

    def __init__(self, rows: list[Any]) -> None:
        self._rows = rows

    def fetchall(self) -> list[Any]:
        return self._rows

    def fetchone(self) -> Any:
        return self._rows[0] if self._rows else None


def vault_files(home: Path) -> tuple[Path, Path]:
    return home / paths.VAULT_FILE, home / paths.KEYSLOT_FILE


def vault_exists(home: Path | None = None) -> bool:
    home = home or paths.data_dir()
    finish_pending_restore(home)
    return vault_files(home)[0].exists()


class Vault:
    """An unlocked vault. Build one with :meth:`create` or :meth:`unlock`."""

    def __init__(self, home: Path, conn: Connection, key: bytes, slot: KeySlot,
                 keychain: Keychain, *, unlocked_by: str) -> None:
        self.home = home
        self._conn: Connection | None = conn
        self._key = bytearray(key)
        self._slot = slot
        self.keychain = keychain
        self.unlocked_by = unlocked_by
        self.notices: list[str] = []
        self._lock = threading.RLock()
        self._last_used = time.monotonic()
        self._on_lock: list[Callable[[], None]] = []
        self._before_lock: list[Callable[[], None]] = []

    # -- lifecycle ---------------------------------------------------------------------------

    @classmethod
    def create(cls, passphrase: str, *, home: Path | None = None, remember: bool = False,
               keychain: Keychain | None = None,
               kdf_log2_n: int = DEFAULT_SCRYPT_LOG2_N) -> Vault:
        """Create a new vault; refuses with VaultExists if one is there."""
        home = home or paths.data_dir()
        keychain = keychain or Keychain()
        db_path, slot_path = vault_files(home)
        if vault_exists(home):
            raise VaultExists(f"a vault already exists in {home}")
        if not passphrase:
            raise WrongPassphrase("choose a non-empty passphrase")
        key = new_data_key()
        slot = KeySlot.wrap(key, passphrase, vault_id=new_vault_id(), log2_n=kdf_log2_n)
        # A key slot without vault.db is a creation that never finished: replace it.
        slot.save(slot_path)
        staging = home / f".{paths.VAULT_FILE}.new-{os.getpid()}"
        staging.unlink(missing_ok=True)
        remove_sidecars(staging)
        conn = open_encrypted(staging, key, create=True, wal=False)
        try:
            with translate_errors("cannot create the vault"):
                migrate(conn)
        finally:
            conn.close()
        os.chmod(staging, 0o600)
        os.replace(staging, db_path)
        conn = open_encrypted(db_path, key)
        vault = cls(home, conn, key, slot, keychain, unlocked_by="passphrase")
        if remember:
            vault.set_remembered(True)
        return vault

    @classmethod
    def unlock(cls, *, home: Path | None = None, passphrase: PassphraseSource = None,
               keychain: Keychain | None = None) -> Vault:
        """Open the vault: the keychain first, then the passphrase (asked lazily if callable).

        Raises VaultNotFound, WrongPassphrase, VaultCorrupt or VaultLocked (no key
        source at all). A wrong passphrase changes no file.
        """
        home = home or paths.data_dir()
        keychain = keychain or Keychain()
        if not vault_exists(home):
            raise VaultNotFound(f"no vault in {home}; create one with 'hearth vault init'")
        db_path, slot_path = vault_files(home)
        slot = KeySlot.load(slot_path)
        remembered = keychain.fetch(slot.vault_id)
        if remembered is not None:
            with contextlib.suppress(VaultCorrupt):
                conn = open_encrypted(db_path, remembered)
                return cls._finish_open(home, conn, remembered, slot, keychain, "keychain")
        if passphrase is None:
            raise VaultLocked("the vault is locked: a passphrase is needed")
        text = passphrase() if callable(passphrase) else passphrase
        key = slot.unwrap(text)
        conn = open_encrypted(db_path, key)
        vault = cls._finish_open(home, conn, key, slot, keychain, "passphrase")
        if remembered is not None:
            # The keychain held a stale key (e.g. after a restore): refresh it.
            with contextlib.suppress(VaultError):
                keychain.store(slot.vault_id, key)
        return vault

    @classmethod
    def _finish_open(cls, home: Path, conn: Connection, key: bytes, slot: KeySlot,
                     keychain: Keychain, how: str) -> Vault:
        try:
            with translate_errors("cannot read the vault schema", corrupt_default=True):
                migrate(conn)
        except BaseException:
            conn.close()
            raise
        return cls(home, conn, key, slot, keychain, unlocked_by=how)

    def lock(self) -> None:
        """Close the database and drop the key. Safe to call twice."""
        with self._lock:
            if self._conn is None:
                return
            last_writes = list(self._before_lock)
        for callback in last_writes:
            try:
                callback()
            except Exception:
                log.exception("a last write before locking failed")
        with self._lock:
            if self._conn is None:
                return
            with contextlib.suppress(Exception):
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self._conn.close()
            self._conn = None
            wipe(self._key)
            callbacks = list(self._on_lock)
        for callback in callbacks:
            with contextlib.suppress(Exception):
                callback()

    close = lock

    def before_lock(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` (from the locking thread) just before the vault locks, while it can
        still be written: for what a component keeps in memory and must not lose."""
        self._before_lock.append(callback)

    def on_lock(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` (from the locking thread) whenever the vault locks."""
        self._on_lock.append(callback)

    @property
    def is_open(self) -> bool:
        return self._conn is not None

    @property
    def vault_id(self) -> str:
        return self._slot.vault_id

    @property
    def db_path(self) -> Path:
        return vault_files(self.home)[0]

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.lock()

    # -- access --------------------------------------------------------------------------------

    def idle_seconds(self) -> float:
        return time.monotonic() - self._last_used

    def touch(self) -> None:
        self._last_used = time.monotonic()

    @contextlib.contextmanager
    def connection(self) -> Iterator[Connection]:
        """The raw connection under the vault lock, for reads and multi-statement work."""
        with self._lock:
            if self._conn is None:
                raise VaultLocked("the vault is locked")
            self._last_used = time.monotonic()
            with translate_errors("vault operation failed"):
                yield self._conn

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One write transaction: all of it is committed, or none of it."""
        with self.connection() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                with contextlib.suppress(Exception):
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[Any]:
        return list(self._run(sql, params).fetchall())

    def query_one(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        return self._run(sql, params).fetchone()

    def _run(self, sql: str, params: Sequence[Any] | dict[str, Any]) -> Any:
        # The hot path for single reads: no generator-based context managers.
        with self._lock:
            conn = self._conn
            if conn is None:
                raise VaultLocked("the vault is locked")
            self._last_used = time.monotonic()
            try:
                cursor = conn.execute(sql, params)
                return _Fetched(cursor.fetchall())
            except sqlcipher.Error as exc:
                raise map_error(exc, "vault operation failed") from None

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> int:
        """Run one write statement in its own transaction; returns lastrowid."""
        with self.transaction() as conn:
            cur = conn.execute(sql, params)
            return int(cur.lastrowid or 0)

    # -- keys ----------------------------------------------------------------------------------

    def change_passphrase(self, old: str, new: str) -> None:
        """Rewrap the data key under ``new``; the database is not re-encrypted."""
        if not new:
            raise WrongPassphrase("choose a non-empty passphrase")
        with self._lock:
            if self._conn is None:
                raise VaultLocked("the vault is locked")
            key = self._slot.unwrap(old)
            if key != bytes(self._key):
                raise VaultCorrupt("the key slot does not match the open vault")
            slot = KeySlot.wrap(key, new, vault_id=self._slot.vault_id, log2_n=self._slot.log2_n)
            slot.save(vault_files(self.home)[1])
            self._slot = slot

    def set_remembered(self, remember: bool) -> bool:
        """Keep (or drop) the data key in the OS keychain; returns whether it is kept now."""
        if not remember:
            self.keychain.forget(self.vault_id)
            return False
        if not self.keychain.available():
            self.notices.append(NO_KEYCHAIN_NOTICE)
            return False
        with self._lock:
            if self._conn is None:
                raise VaultLocked("the vault is locked")
            self.keychain.store(self.vault_id, bytes(self._key))
        return True

    def is_remembered(self) -> bool:
        return self.keychain.fetch(self.vault_id) is not None

    def subkey(self, purpose: bytes) -> bytes:
        """A 32-byte key for one purpose (``b"hearth vector index v1"``), derived from the data key
        with HKDF-SHA256. Other packages get these, never the data key itself."""
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.kdf.hkdf import HKDF

        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(self.raw_key())

    def raw_key(self) -> bytes:
        """The data key itself, for the vault's own encrypted copies (backups) only."""
        with self._lock:
            if self._conn is None:
                raise VaultLocked("the vault is locked")
            return bytes(self._key)

    @property
    def keyslot(self) -> KeySlot:
        return self._slot

    # -- maintenance ---------------------------------------------------------------------------

    def check(self) -> list[str]:
        """Integrity problems found (empty when the vault is sound)."""
        problems: list[str] = []
        with self.connection() as conn:
            for row in conn.execute("PRAGMA cipher_integrity_check").fetchall():
                problems.append(f"page authentication: {row[0]}")
            for row in conn.execute("PRAGMA integrity_check").fetchall():
                if row[0] != "ok":
                    problems.append(str(row[0]))
            for table in ("notes_fts", "chunks_fts"):
                try:
                    conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")
                except Exception as exc:  # translated below into a finding, not an error
                    problems.append(f"{table}: {exc}")
            if conn.execute("PRAGMA foreign_key_check").fetchall():
                problems.append("rows refer to missing parents")
        return problems

    def schema_version(self) -> int:
        return int(self.query_one("PRAGMA user_version")[0])

    def status(self) -> VaultStatus:
        counts = {table: int(self.query_one(f"SELECT count(*) FROM {table}")[0])
                  for table in ("notes", "sources", "chunks", "conversations", "grants")}
        return VaultStatus(path=str(self.home), exists=True, unlocked=True,
                           remembered=self.is_remembered(),
                           keychain_available=self.keychain.available(),
                           schema_version=self.schema_version(), counts=counts)


def locked_status(home: Path | None = None, keychain: Keychain | None = None) -> VaultStatus:
    home = home or paths.data_dir()
    keychain = keychain or Keychain()
    exists = vault_exists(home)
    remembered = False
    if exists:
        with contextlib.suppress(VaultError):
            remembered = keychain.fetch(KeySlot.load(vault_files(home)[1]).vault_id) is not None
    return VaultStatus(path=str(home), exists=exists, unlocked=False, remembered=remembered,
                       keychain_available=keychain.available(), schema_version=None)


__all__ = ["LATEST_VERSION", "Vault", "VaultStatus", "locked_status", "vault_exists"]
