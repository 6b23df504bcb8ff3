"""The Devices part of the Models view shows the split weight cache and clears it: real widgets,
a real vault, real sealed pieces in the real cache folder."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from keyring.backends import fail

from app.gui.desktop import Desktop
from app.split.serving import cache_dir, cache_key, set_cache_limit
from engine.split.cache import WeightCache, usage
from tests.conftest import PASSPHRASE
from tests.gui_support import WAIT_MS, close_desktop, make_vault, unlock
from vault import Keychain, Vault

MiB = 1024 * 1024


def test_the_devices_view_shows_the_weight_cache_and_clears_it(qtbot: Any, home: Path) -> None:
    keychain = Keychain(backend=fail.Keyring())
    make_vault(home, keychain)
    vault = Vault.unlock(home=home, passphrase=PASSPHRASE, keychain=keychain)
    set_cache_limit(vault, 64 * MiB)
    cache = WeightCache(cache_dir(), cache_key(vault))
    vault.lock()
    for _ in range(3):
        cache.put(os.urandom(MiB))
    assert cache.flush() and usage(cache_dir())[0] == 3

    d = Desktop(keychain=keychain, home=home, tray_available=False, load_model=False)
    qtbot.addWidget(d.window)
    qtbot.addWidget(d.quick)
    d.start()
    try:
        panel = d.models.devices
        # Locked: the pieces are counted (no key needed), the limit is the default until unlocked.
        assert panel.cache_note.text().startswith("Kept for models your devices split across this "
                                                  "computer: 3 weight pieces, 3.0 MiB of at most ")
        assert "64.0 MiB" not in panel.cache_note.text()
        unlock(qtbot, d)
        qtbot.waitUntil(lambda: not d.runner.busy(), timeout=WAIT_MS)
        assert panel.cache_note.text() == ("Kept for models your devices split across this computer: "
                                           "3 weight pieces, 3.0 MiB of at most 64.0 MiB.")
        assert panel.cache_button.isEnabled()
        panel.cache_button.click()
        assert usage(cache_dir()) == (0, 0) and cache.index() == []
        assert panel.cache_note.text().startswith("Removed 3 weight pieces (3.0 MiB); a device that "
                                                  "splits a model across this computer sends")
        assert not panel.cache_button.isEnabled()
        panel.refresh()
        assert panel.cache_note.text() == ("Kept for models your devices split across this computer: "
                                           "nothing (at most 64.0 MiB).")
    finally:
        close_desktop(d)
