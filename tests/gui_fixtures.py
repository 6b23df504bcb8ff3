"""Fixtures for the desktop tests: a real Desktop on a real vault, offscreen.

``desktop`` is the whole app (window, views, tray off, keychain injected) with
no model loading at start; ``open_desktop`` is the same after its vault is
created (cheap KDF) and unlocked through the unlock form; ``loaded`` also
loads the bundled GGUF through the model host, as the app does.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.gui.desktop import Desktop
from tests.gui_support import WAIT_MS, close_desktop, make_vault, unlock
from vault import Keychain


@pytest.fixture
def desktop(qtbot: Any, home: Path, no_keychain: Keychain) -> Iterator[Desktop]:
    d = Desktop(keychain=no_keychain, tray_available=False, load_model=False)
    qtbot.addWidget(d.window)
    qtbot.addWidget(d.quick)
    try:
        yield d
    finally:
        close_desktop(d)


@pytest.fixture
def open_desktop(qtbot: Any, desktop: Desktop, home: Path, no_keychain: Keychain) -> Desktop:
    make_vault(home, no_keychain)
    desktop.start()
    unlock(qtbot, desktop)
    # Let the views' first loads (conversations, sources, settings) land.
    qtbot.waitUntil(lambda: not desktop.runner.busy(), timeout=WAIT_MS)
    return desktop


@pytest.fixture
def loaded(qtbot: Any, open_desktop: Desktop) -> Desktop:
    with qtbot.waitSignal(open_desktop.host.loaded, timeout=WAIT_MS):
        open_desktop.host.load("default")
    # Short answers keep the suite fast; streaming and stopping look the same.
    open_desktop.host.max_tokens = 64
    return open_desktop
