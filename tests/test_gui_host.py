"""The model host changes its own state on the GUI thread only, whatever the model worker does."""

from __future__ import annotations

import threading
from typing import Any

from app.gui.desktop import Desktop
from tests.gui_support import WAIT_MS

pytest_plugins = ["tests.gui_fixtures"]


def test_two_loads_keep_the_host_loading_until_the_last_one_lands(open_desktop: Desktop,
                                                                  qtbot: Any) -> None:
    host = open_desktop.host
    seen: list[tuple[bool, int]] = []
    host.loaded.connect(lambda _state: seen.append((host.loading, threading.get_ident())))
    first, second = host.load("default"), host.load("default")
    assert host.loading and host.model is None
    qtbot.waitUntil(lambda: first.done and second.done, timeout=WAIT_MS)
    assert [loading for loading, _ in seen] == [True, False]
    assert {thread for _, thread in seen} == {threading.get_ident()}
    assert host.model is not None and not host.loading


def test_unload_runs_on_the_model_worker_and_the_state_follows_on_the_gui_thread(
        loaded: Desktop, qtbot: Any) -> None:
    host = loaded.host
    changes: list[tuple[str, int]] = []
    host.state_changed.connect(lambda text: changes.append((text, threading.get_ident())))
    task = host.unload()
    assert task is not None
    qtbot.waitUntil(lambda: task.done, timeout=WAIT_MS)
    assert task.error is None
    assert host.model is None and host.state is None and host.device_text() == "not loaded"
    assert changes == [("Model: not loaded", threading.get_ident())]
    assert loaded.window.model_label.text() == "Model: not loaded"


def test_the_shared_hearth_gets_and_loses_the_vault_on_the_gui_thread(loaded: Desktop,
                                                                     qtbot: Any) -> None:
    hearth = loaded.host.hearth()
    quick = loaded.quick
    quick.use_data.setChecked(True)
    with qtbot.waitSignal(quick.answer_finished, timeout=WAIT_MS):
        quick.ask("Say hello.")
        # Set when the answer is asked for, not later on the model worker.
        assert hearth.vault is loaded.session.vault is not None
    loaded.lock()
    assert hearth.vault is None   # at once: an answer asked for now goes without the vault
