"""The vault with real SQLCipher files: keys, errors, migrations, backup and restore."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE, TEST_KDF
from vault import (
    Keychain,
    Vault,
    VaultCorrupt,
    VaultExists,
    VaultLocked,
    VaultNotFound,
    WrongPassphrase,
)
from vault.autolock import AutoLock
from vault.backup import backup, restore
from vault.notes import add_note, list_notes, search_notes
from vault.schema import LATEST_VERSION, migrate
from vault.settings import get_setting, set_setting


def make_vault(home: Path, keychain: Keychain, **kw: object) -> Vault:
    return Vault.create(PASSPHRASE, home=home, keychain=keychain, kdf_log2_n=TEST_KDF, **kw)  # type: ignore[arg-type]


def snapshot(directory: Path) -> dict[str, str]:
    return {str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file()}


def test_create_unlock_and_read_back(home: Path, no_keychain: Keychain) -> None:
    with make_vault(home, no_keychain) as v:
        add_note(v, "first note")
        assert v.schema_version() == LATEST_VERSION
    assert oct((home / "vault.db").stat().st_mode & 0o777) == "0o600"
    assert oct((home / "keyslot.json").stat().st_mode & 0o777) == "0o600"
    with Vault.unlock(home=home, passphrase=PASSPHRASE, keychain=no_keychain) as v:
        assert [n.body for n in list_notes(v)] == ["first note"]
        assert v.unlocked_by == "passphrase"
        assert v.check() == []


def test_create_refuses_existing_vault(home: Path, no_keychain: Keychain) -> None:
    make_vault(home, no_keychain).lock()
    before = snapshot(home)
    with pytest.raises(VaultExists):
        make_vault(home, no_keychain)
    assert snapshot(home) == before


def test_unlock_without_vault_or_passphrase(home: Path, no_keychain: Keychain) -> None:
    with pytest.raises(VaultNotFound):
        Vault.unlock(home=home, passphrase=PASSPHRASE, keychain=no_keychain)
    make_vault(home, no_keychain).lock()
    with pytest.raises(VaultLocked):
        Vault.unlock(home=home, keychain=no_keychain)


def test_wrong_passphrase_changes_no_file(home: Path, no_keychain: Keychain) -> None:
    with make_vault(home, no_keychain) as v:
        add_note(v, "keep me")
    before = snapshot(home)
    with pytest.raises(WrongPassphrase, match="wrong passphrase"):
        Vault.unlock(home=home, passphrase="not it", keychain=no_keychain)
    assert snapshot(home) == before


def test_stdlib_sqlite_cannot_read_the_vault(home: Path, no_keychain: Keychain) -> None:
    make_vault(home, no_keychain).lock()
    conn = sqlite3.connect(home / "vault.db")
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("SELECT * FROM sqlite_master").fetchall()
    conn.close()


@pytest.mark.parametrize("damage", ["random", "truncated", "plain_sqlite", "keyslot_garbage"])
def test_damaged_or_foreign_files_are_refused_untouched(home: Path, no_keychain: Keychain,
                                                        damage: str) -> None:
    with make_vault(home, no_keychain) as v:
        for i in range(200):
            add_note(v, f"note {i} " + "x" * 200)
    db = home / "vault.db"
    if damage == "random":
        db.write_bytes(os.urandom(db.stat().st_size))
    elif damage == "truncated":
        db.write_bytes(db.read_bytes()[: 4096 + 100])
    elif damage == "plain_sqlite":
        db.unlink()
        plain = sqlite3.connect(db)
        plain.execute("CREATE TABLE notes(body TEXT)")
        plain.execute("INSERT INTO notes VALUES ('plain')")
        plain.commit()
        plain.close()
    else:
        (home / "keyslot.json").write_bytes(b"\x00garbage{")
    before = snapshot(home)
    with pytest.raises(VaultCorrupt):
        Vault.unlock(home=home, passphrase=PASSPHRASE, keychain=no_keychain)
    assert snapshot(home) == before


def test_change_passphrase_rewraps_without_reencrypting(home: Path, no_keychain: Keychain) -> None:
    with make_vault(home, no_keychain) as v:
        add_note(v, "survives a new passphrase")
    db_before = hashlib.sha256((home / "vault.db").read_bytes()).hexdigest()
    with Vault.unlock(home=home, passphrase=PASSPHRASE, keychain=no_keychain) as v:
        with pytest.raises(WrongPassphrase):
            v.change_passphrase("wrong", "new passphrase 1")
        v.change_passphrase(PASSPHRASE, "new passphrase 1")
    assert hashlib.sha256((home / "vault.db").read_bytes()).hexdigest() == db_before
    with pytest.raises(WrongPassphrase):
        Vault.unlock(home=home, passphrase=PASSPHRASE, keychain=no_keychain)
    with Vault.unlock(home=home, passphrase="new passphrase 1", keychain=no_keychain) as v:
        assert list_notes(v)[0].body == "survives a new passphrase"


def test_keychain_remembers_the_key(home: Path, secret_service: Keychain) -> None:
    with make_vault(home, secret_service, remember=True) as v:
        assert v.is_remembered()
        add_note(v, "via keychain")
        vault_id = v.vault_id
    stored = secret_service.fetch(vault_id)
    assert stored is not None and len(stored) == 32
    # The key is in the keychain, never in a file of the data directory.
    for path in home.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert stored not in data and stored.hex().encode() not in data
    with Vault.unlock(home=home, keychain=secret_service) as v:
        assert v.unlocked_by == "keychain"
        assert list_notes(v)[0].body == "via keychain"
        v.set_remembered(False)
    assert secret_service.fetch(vault_id) is None
    with pytest.raises(VaultLocked):
        Vault.unlock(home=home, keychain=secret_service)


def test_stale_keychain_key_falls_back_to_passphrase(home: Path, secret_service: Keychain) -> None:
    with make_vault(home, secret_service, remember=True) as v:
        vault_id = v.vault_id
    secret_service.store(vault_id, os.urandom(32))
    with Vault.unlock(home=home, passphrase=PASSPHRASE, keychain=secret_service) as v:
        assert v.unlocked_by == "passphrase"
    with Vault.unlock(home=home, keychain=secret_service) as v:
        assert v.unlocked_by == "keychain"


def test_no_keychain_says_so(home: Path, no_keychain: Keychain) -> None:
    with make_vault(home, no_keychain, remember=True) as v:
        assert not v.is_remembered()
        assert any("keychain" in n for n in v.notices)


def test_old_vault_migrates_forward(home: Path, no_keychain: Keychain) -> None:
    """A version-1 vault (notes, no FTS) opens, gains the newer tables, and finds old notes."""
    from vault.db import open_encrypted
    from vault.keys import KeySlot, new_data_key

    key = new_data_key()
    KeySlot.wrap(key, PASSPHRASE, vault_id="old", log2_n=TEST_KDF).save(home / "keyslot.json")
    conn = open_encrypted(home / "vault.db", key, create=True)
    migrate(conn, target=1)
    conn.execute("INSERT INTO notes(body, created_at, updated_at) VALUES ('from version one', 1, 1)")
    conn.close()
    with Vault.unlock(home=home, passphrase=PASSPHRASE, keychain=no_keychain) as v:
        assert v.schema_version() == LATEST_VERSION
        assert [h.note.body for h in search_notes(v, "version")] == ["from version one"]
        assert v.check() == []


def test_newer_vault_is_refused(home: Path, no_keychain: Keychain) -> None:
    with make_vault(home, no_keychain) as v:
        v.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
    with pytest.raises(VaultCorrupt, match="newer"):
        Vault.unlock(home=home, passphrase=PASSPHRASE, keychain=no_keychain)


def test_fts_search_ranks_and_survives_punctuation(home: Path, no_keychain: Keychain) -> None:
    with make_vault(home, no_keychain) as v:
        add_note(v, "The dentist appointment is on Friday at 3pm")
        add_note(v, "Buy oat milk")
        add_note(v, "Café opening hours: 8–17")
        assert [h.note.body for h in search_notes(v, "dentist friday")] == [
            "The dentist appointment is on Friday at 3pm"]
        assert [h.note.body for h in search_notes(v, 'oat" (milk *')] == ["Buy oat milk"]
        assert [h.note.body for h in search_notes(v, "cafe")] == ["Café opening hours: 8–17"]
        assert search_notes(v, "!!!") == []


def test_settings_roundtrip(home: Path, no_keychain: Keychain) -> None:
    with make_vault(home, no_keychain) as v:
        assert get_setting(v, "autolock_minutes") == 15
        set_setting(v, "autolock_minutes", 5)
        assert get_setting(v, "autolock_minutes") == 5


def test_autolock_closes_and_drops_the_key(home: Path, no_keychain: Keychain) -> None:
    v = make_vault(home, no_keychain)
    locked: list[bool] = []
    v.on_lock(lambda: locked.append(True))
    AutoLock(v, idle_seconds=0.3, poll_seconds=0.05).start()
    deadline = time.monotonic() + 5
    while v.is_open and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not v.is_open and locked == [True]
    assert bytes(v._key) == bytes(32)
    with pytest.raises(VaultLocked):
        list_notes(v)


def test_backup_and_restore(home: Path, tmp_path: Path, no_keychain: Keychain) -> None:
    target = tmp_path / "backups" / "hearth.backup"
    with make_vault(home, no_keychain) as v:
        add_note(v, "in the backup")
        backup(v, target)
        add_note(v, "after the backup")
    raw = target.read_bytes()
    assert b"in the backup" not in raw
    restore(target, PASSPHRASE, home=home)
    with Vault.unlock(home=home, passphrase=PASSPHRASE, keychain=no_keychain) as v:
        assert [n.body for n in list_notes(v)] == ["in the backup"]
        assert v.check() == []
    assert sorted(p.name for p in home.iterdir()) == ["keyslot.json", "vault.db"]


def test_restore_refuses_wrong_passphrase_and_bad_files(home: Path, tmp_path: Path,
                                                        no_keychain: Keychain) -> None:
    target = tmp_path / "hearth.backup"
    with make_vault(home, no_keychain) as v:
        add_note(v, "live data")
        backup(v, target)
        add_note(v, "newer live data")
    before = snapshot(home)
    with pytest.raises(WrongPassphrase):
        restore(target, "wrong passphrase", home=home)
    assert snapshot(home) == before
    damaged = tmp_path / "damaged.backup"
    raw = bytearray(target.read_bytes())
    raw[-5000] ^= 0xFF  # flip a byte in the last page of the database
    damaged.write_bytes(bytes(raw))
    with pytest.raises(VaultCorrupt):
        restore(damaged, PASSPHRASE, home=home)
    foreign = tmp_path / "foreign.backup"
    foreign.write_bytes(b"PK\x03\x04 not a backup")
    with pytest.raises(VaultCorrupt):
        restore(foreign, PASSPHRASE, home=home)
    assert snapshot(home) == before


def test_interrupted_restore_rolls_forward_or_back(home: Path, tmp_path: Path,
                                                  no_keychain: Keychain) -> None:
    from vault.recovery import COMMIT_MARKER, STAGED_DB, STAGED_SLOT

    target = tmp_path / "b.backup"
    with make_vault(home, no_keychain) as v:
        add_note(v, "old")
        backup(v, target)
        add_note(v, "new")
    # Staged files without the commit marker: an unfinished restore is rolled back.
    (home / STAGED_DB).write_bytes(b"half")
    with Vault.unlock(home=home, passphrase=PASSPHRASE, keychain=no_keychain) as v:
        assert len(list_notes(v)) == 2
    assert not (home / STAGED_DB).exists()
    # With the marker: rolled forward to the backup.
    from vault.backup import read_backup

    slot, db_bytes = read_backup(target)
    (home / STAGED_DB).write_bytes(db_bytes)
    (home / STAGED_SLOT).write_bytes(slot.to_bytes())
    (home / COMMIT_MARKER).write_bytes(b"commit\n")
    with Vault.unlock(home=home, passphrase=PASSPHRASE, keychain=no_keychain) as v:
        assert [n.body for n in list_notes(v)] == ["old"]
    assert not (home / COMMIT_MARKER).exists()


def test_writes_are_all_or_nothing(home: Path, no_keychain: Keychain) -> None:
    with make_vault(home, no_keychain) as v:
        with pytest.raises(RuntimeError), v.transaction() as conn:
            conn.execute("INSERT INTO notes(body, created_at, updated_at) VALUES ('a', 1, 1)")
            raise RuntimeError("boom")
        assert list_notes(v) == []


class _KeepingKeyring:
    """A keychain service that stores keys but refuses to delete them (a locked collection):
    a real keyring backend class, at the OS-service seam."""

    priority = 1

    def __init__(self) -> None:
        import typing

        import keyring.backend
        import keyring.errors

        class Backend(keyring.backend.KeyringBackend):
            priority = 1  # type: ignore[assignment]
            store: typing.ClassVar[dict[tuple[str, str], str]] = {}

            def get_password(self, service: str, username: str) -> str | None:
                return self.store.get((service, username))

            def set_password(self, service: str, username: str, password: str) -> None:
                self.store[(service, username)] = password

            def delete_password(self, service: str, username: str) -> None:
                raise keyring.errors.PasswordDeleteError("the collection is locked")

        self.backend = Backend()


def test_forgetting_the_key_never_claims_success_while_the_keychain_keeps_it(home: Path) -> None:
    from vault import KeychainUnavailable

    keeping = Keychain(backend=_KeepingKeyring().backend)
    with make_vault(home, keeping, remember=True) as v:
        assert v.is_remembered()
        with pytest.raises(KeychainUnavailable, match="kept the key"):
            v.set_remembered(False)
        assert v.is_remembered()
    # Nothing stored: forgetting is simply true, whatever the keychain says about deleting.
    Keychain(backend=_KeepingKeyring().backend).forget("no-such-vault")
