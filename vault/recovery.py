"""Crash-safe replacement of the vault's two files during a restore.

A restore stages ``vault.db.restore`` and ``keyslot.json.restore``, then writes
the ``restore.commit`` marker (the commit point), then moves both into place.
Whoever next looks at the data directory finishes the job: with the marker,
it rolls forward; without it, it deletes the staged files. So a process killed
at any moment leaves the old vault or the restored one, never a mix.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from vault import paths
from vault.db import remove_sidecars
from vault.fsutil import fsync_dir

COMMIT_MARKER = "restore.commit"
STAGED_DB = paths.VAULT_FILE + ".restore"
STAGED_SLOT = paths.KEYSLOT_FILE + ".restore"


def finish_pending_restore(home: Path) -> None:
    marker = home / COMMIT_MARKER
    staged_db, staged_slot = home / STAGED_DB, home / STAGED_SLOT
    if marker.exists():
        if staged_slot.exists():
            os.replace(staged_slot, home / paths.KEYSLOT_FILE)
        if staged_db.exists():
            remove_sidecars(home / paths.VAULT_FILE)
            os.replace(staged_db, home / paths.VAULT_FILE)
        fsync_dir(home)
        marker.unlink()
        fsync_dir(home)
        return
    for leftover in (staged_db, staged_slot):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
    remove_sidecars(staged_db)
