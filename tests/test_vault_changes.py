"""vault.changes.data_version: moves on every commit, from this process or another one."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE, TEST_KDF, run_cli
from vault import Keychain, Vault, VaultLocked
from vault.changes import data_version
from vault.notes import add_note


def test_data_version_moves_on_any_commit(home: Path, no_keychain: Keychain) -> None:
    vault = Vault.create(PASSPHRASE, home=home, keychain=no_keychain, kdf_log2_n=TEST_KDF)
    try:
        first = data_version(vault)
        assert data_version(vault) == first, "reading changes nothing"
        vault.query("SELECT count(*) FROM notes")
        assert data_version(vault) == first
        add_note(vault, "written in this process")
        second = data_version(vault)
        assert second != first and second.external == first.external
        # Another process (the command line) writes: the PRAGMA moves.
        out = run_cli("note", "written by another process", env={"HEARTH_PASSPHRASE": PASSPHRASE})
        assert out.returncode == 0, out.stderr
        third = data_version(vault)
        assert third.external != second.external and third.local == second.local
    finally:
        vault.lock()
    with pytest.raises(VaultLocked):
        data_version(vault)
