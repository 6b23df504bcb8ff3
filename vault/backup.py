"""Encrypted backup to one file, and a restore that never risks the live vault.

A backup file is ``HEARTHBK`` + format byte + 4-byte big-endian length + the
key slot (JSON) + an encrypted SQLCipher copy of the vault under the same data
key. It is as safe to keep as the vault itself: opening it needs the passphrase
that was current when it was made.

Restore unwraps the backup's key slot with the given passphrase (a wrong one
changes nothing), writes the database to a staging file, opens it and runs the
full integrity check, and only then swaps it in (see ``vault.recovery``).
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

from vault import paths
from vault.db import attach_encrypted, open_encrypted, remove_sidecars, translate_errors
from vault.errors import VaultCorrupt, VaultError
from vault.fsutil import atomic_write, fsync_dir, translate_os_error
from vault.keys import KeySlot
from vault.recovery import COMMIT_MARKER, STAGED_DB, STAGED_SLOT, finish_pending_restore
from vault.store import Vault

MAGIC = b"HEARTHBK"
FORMAT = 1


def backup(vault: Vault, dest: Path) -> int:
    """Write an encrypted backup of ``vault`` to ``dest``; returns its size in bytes."""
    dest = dest.expanduser().resolve()
    staging = vault.home / f".backup-{os.getpid()}.db"
    staging.unlink(missing_ok=True)
    key = vault.raw_key()
    try:
        with vault.connection() as conn:
            attach_encrypted(conn, staging, key, "backup_copy")
            try:
                conn.execute("SELECT sqlcipher_export('backup_copy')")
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                conn.execute(f"PRAGMA backup_copy.user_version = {int(version)}")
            finally:
                conn.execute("DETACH DATABASE backup_copy")
        slot = vault.keyslot.to_bytes()
        payload = MAGIC + bytes([FORMAT]) + struct.pack(">I", len(slot)) + slot + staging.read_bytes()
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(dest, payload)
        except OSError as exc:  # no such folder, read-only disk, disk full…
            raise translate_os_error(exc, f"cannot write the backup to {dest}") from exc
        return len(payload)
    finally:
        staging.unlink(missing_ok=True)
        remove_sidecars(staging)


def read_backup(src: Path) -> tuple[KeySlot, bytes]:
    try:
        raw = src.read_bytes()
    except FileNotFoundError:
        raise VaultError(f"no backup file at {src}") from None
    except OSError as exc:
        raise translate_os_error(exc, f"cannot read {src}") from exc
    header = len(MAGIC) + 5
    if len(raw) < header or raw[: len(MAGIC)] != MAGIC or raw[len(MAGIC)] != FORMAT:
        raise VaultCorrupt(f"{src.name} is not a Hearth backup")
    (slot_len,) = struct.unpack(">I", raw[len(MAGIC) + 1 : header])
    if header + slot_len > len(raw):
        raise VaultCorrupt(f"{src.name} is truncated")
    slot = KeySlot.from_bytes(raw[header : header + slot_len])
    return slot, raw[header + slot_len :]


def restore(src: Path, passphrase: str, *, home: Path | None = None) -> None:
    """Replace the vault in ``home`` by the backup in ``src`` (the vault must be locked).

    The backup's passphrase is the one to give; the restored vault keeps it. A key
    remembered in the keychain for another vault no longer fits: unlock then falls
    back to the passphrase and refreshes the keychain.
    """
    home = home or paths.data_dir()
    finish_pending_restore(home)
    slot, db_bytes = read_backup(src)
    key = slot.unwrap(passphrase)
    staged_db, staged_slot = home / STAGED_DB, home / STAGED_SLOT
    try:
        atomic_write(staged_db, db_bytes)
        conn = open_encrypted(staged_db, key, wal=False)
        try:
            with translate_errors("the backup's database is damaged", corrupt_default=True):
                problems = [r[0] for r in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
                problems += [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()
                             if r[0] != "ok"]
        finally:
            conn.close()
        if problems:
            raise VaultCorrupt(f"the backup failed its integrity check: {problems[0]}")
        atomic_write(staged_slot, slot.to_bytes())
        atomic_write(home / COMMIT_MARKER, b"commit\n")
    except BaseException:
        if not (home / COMMIT_MARKER).exists():
            for leftover in (staged_db, staged_slot):
                leftover.unlink(missing_ok=True)
            remove_sidecars(staged_db)
        raise
    fsync_dir(home)
    finish_pending_restore(home)
