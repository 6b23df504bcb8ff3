"""Helpers for the desktop tests (the fixtures are in ``tests/gui_fixtures.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.gui.desktop import Desktop
from tests.conftest import PASSPHRASE, TEST_KDF
from vault import Keychain, Vault

WAIT_MS = 60_000


def make_vault(home: Path, keychain: Keychain) -> None:
    vault = Vault.create(PASSPHRASE, home=home, keychain=keychain, kdf_log2_n=TEST_KDF)
    from identity.user import create_identity

    create_identity(vault)
    vault.lock()


def close_desktop(desktop: Desktop) -> None:
    model = desktop.host.model
    desktop.runner.cancel_all()
    for ex in list(desktop.runner._executors.values()):
        ex.shutdown(wait=True)
    desktop.quit()
    if model is not None:
        model.join(30)


def unlock(qtbot: Any, desktop: Desktop, passphrase: str = PASSPHRASE) -> None:
    panel = desktop.window.unlock_panel
    panel.passphrase.setText(passphrase)
    with qtbot.waitSignal(desktop.session.unlocked, timeout=WAIT_MS):
        panel.unlock_button.click()


def write_notes(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "garden.txt": "The tomato seedlings were planted on the 3rd of May in the east bed. "
                      "Water them every second morning.",
        "boat.md": "# The boat\n\nOur sailing boat is named Marigold and is moored at pier 7.",
        "bike.txt": "The bicycle lock code is kept in the drawer, not here.",
    }
    out = []
    for name, text in files.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out


__all__ = ["WAIT_MS", "close_desktop", "make_vault", "unlock", "write_notes"]
