"""Locking the window: the screen clears at once, the vector index seals behind it.

A real vault and a real sealed index (the runtime dir the tests name counts as
RAM, so the index is sealed to ``index.sealed`` on lock). To watch the seal
while it runs, the real ``VectorIndex.close`` of the open index is wrapped in
a gate that holds it until the test lets go.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from app.gui import library
from app.gui.desktop import Desktop
from engine.errors import RetrievalError
from engine.search.index import SEALED_FILE, VectorIndex, read_sealed
from tests.conftest import PASSPHRASE
from tests.gui_support import WAIT_MS, unlock, write_notes
from vault import paths
from vault.sources import chunk_generation, embedded_chunk_ids

pytest_plugins = ["tests.gui_fixtures"]

INDEX_KEY = b"hearth vector index v1"


class Gate:
    """Holds the real index close until :meth:`open`; records the thread it ran on."""

    def __init__(self, index: VectorIndex, monkeypatch: pytest.MonkeyPatch) -> None:
        self.reached = threading.Event()
        self.released = threading.Event()
        self.finished = threading.Event()
        self.threads: list[int] = []
        real = index.close

        def gated(*, seal: bool = True) -> None:
            self.threads.append(threading.get_ident())
            self.reached.set()
            # Bounded: a lock that sealed on the GUI thread fails the test instead of hanging it.
            self.released.wait(5)
            try:
                real(seal=seal)
            finally:
                self.finished.set()

        monkeypatch.setattr(index, "close", gated)

    def open(self) -> None:
        self.released.set()


@pytest.fixture
def filled(open_desktop: Desktop, qtbot: Any, tmp_path: Path) -> Desktop:
    """The open desktop with three files imported: an open, changed vector index."""
    write_notes(tmp_path / "docs")
    with qtbot.waitSignal(open_desktop.library.import_finished, timeout=WAIT_MS):
        open_desktop.library.import_paths([tmp_path / "docs"])
    qtbot.waitUntil(lambda: open_desktop.library.table.rowCount() == 3, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not open_desktop.runner.busy(), timeout=WAIT_MS)
    return open_desktop


def _gate(d: Desktop, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Gate:
    index = library.open_index(d.session.require_vault())
    assert index is not None and index.mode == "ram"
    gate = Gate(index, monkeypatch)
    request.addfinalizer(gate.open)   # never leave a worker waiting behind a failed test
    return gate


def _workdirs() -> list[Path]:
    return sorted(paths.runtime_dir().glob("index-*"))


def test_lock_clears_the_window_before_the_seal_and_the_sealed_file_is_whole(
        filled: Desktop, qtbot: Any, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        request: pytest.FixtureRequest) -> None:
    d = filled
    vault = d.session.require_vault()
    key, generation = vault.subkey(INDEX_KEY), chunk_generation(vault)
    index = library.open_index(vault)
    assert index is not None
    wanted = embedded_chunk_ids(vault, model=index.model_id)
    assert len(wanted) >= 3
    gate = _gate(d, monkeypatch, request)
    sealed = home / SEALED_FILE
    assert not sealed.exists()

    d.window.lock_action.trigger()

    # Back in the event loop's hands with the seal not done: everything personal is gone.
    assert d.window.pages.currentWidget() is d.window.unlock_panel
    assert d.library.table.rowCount() == 0 and not d.library.status_label.text()
    assert d.session.vault is None and d.session.sealing
    assert gate.reached.wait(10), "the seal did not start"
    assert gate.threads and gate.threads[0] != threading.get_ident(), "it sealed on the GUI thread"
    qtbot.wait(100)   # the window keeps handling events while the seal waits
    assert d.session.sealing and not gate.finished.is_set() and not sealed.exists()
    assert d.library.table.rowCount() == 0

    with qtbot.waitSignal(d.session.sealed, timeout=WAIT_MS):
        gate.open()
    assert not d.session.sealing and not vault.is_open
    assert _workdirs() == []   # the working copy is wiped once sealed
    header = read_sealed(sealed, key, tmp_path / "unsealed")
    assert header["generation"] == generation
    import chromadb

    client = chromadb.PersistentClient(path=str(tmp_path / "unsealed"))
    try:
        ids = {int(i) for i in client.get_collection("chunks").get(include=[])["ids"]}
    finally:
        client.close()
    assert ids == wanted


def test_unlock_during_a_seal_waits_for_it_and_sees_the_data(
        filled: Desktop, qtbot: Any, monkeypatch: pytest.MonkeyPatch,
        request: pytest.FixtureRequest) -> None:
    d = filled
    vault = d.session.require_vault()
    index = library.open_index(vault)
    assert index is not None
    wanted = embedded_chunk_ids(vault, model=index.model_id)
    gate = _gate(d, monkeypatch, request)
    d.lock()
    assert gate.reached.wait(10)

    panel = d.window.unlock_panel
    panel.passphrase.setText(PASSPHRASE)
    opened: list[Any] = []
    d.session.unlocked.connect(opened.append)
    panel.unlock_button.click()
    qtbot.wait(600)   # long enough for a KDF and an open, had it not waited
    assert opened == [] and d.session.vault is None, "the vault opened while its index was sealing"
    assert len(_workdirs()) == 1   # only the copy being sealed

    gate.open()
    qtbot.waitUntil(lambda: bool(opened), timeout=WAIT_MS)
    assert gate.finished.is_set()
    new = d.session.require_vault()
    assert new is not vault
    qtbot.waitUntil(lambda: d.library.table.rowCount() == 3, timeout=WAIT_MS)
    from engine.search.retrieval import retriever_for

    reopened = retriever_for(new).index
    assert reopened.ids() == wanted
    assert len(_workdirs()) == 1   # one index copy open, never two


def test_a_seal_that_fails_is_reported_and_the_vault_still_locks(
        filled: Desktop, qtbot: Any, home: Path) -> None:
    d = filled
    vault = d.session.require_vault()
    # A real failure: the sealed file cannot replace a folder standing in its place.
    (home / SEALED_FILE).mkdir()
    with qtbot.waitSignal(d.session.seal_failed, timeout=WAIT_MS) as blocker:
        d.lock()
    assert isinstance(blocker.args[0], RetrievalError)
    qtbot.waitUntil(lambda: not d.session.sealing, timeout=WAIT_MS)
    assert not vault.is_open and _workdirs() == []
    shown = d.window.unlock_panel.banner.text()
    assert "could not save its search index" in shown and "cannot seal" in shown
    assert "could not save its search index" in d.window.statusBar().currentMessage()
    # The index comes back from the vault at the next unlock.
    (home / SEALED_FILE).rmdir()
    unlock(qtbot, d)
    from engine.search.retrieval import retriever_for

    new = d.session.require_vault()
    assert len(retriever_for(new).index.ids()) >= 3


def test_quit_waits_for_the_seal(filled: Desktop, qtbot: Any, home: Path, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch,
                                 request: pytest.FixtureRequest) -> None:
    d = filled
    key = d.session.require_vault().subkey(INDEX_KEY)
    gate = _gate(d, monkeypatch, request)
    opened_at: list[float] = []

    def let_go() -> None:
        gate.reached.wait(10)
        time.sleep(0.3)
        opened_at.append(time.monotonic())
        gate.open()

    threading.Thread(target=let_go, daemon=True).start()
    d.quit()
    returned_at = time.monotonic()
    assert gate.finished.is_set() and opened_at and opened_at[0] <= returned_at
    read_sealed(home / SEALED_FILE, key, tmp_path / "unsealed")   # whole: it authenticates to the end
    assert _workdirs() == []


def test_auto_lock_seals_too_and_an_unlock_after_it_sees_the_data(filled: Desktop, qtbot: Any,
                                                                  home: Path) -> None:
    from vault.autolock import AutoLock

    d = filled
    vault = d.session.require_vault()
    index = library.open_index(vault)
    assert index is not None
    wanted = embedded_chunk_ids(vault, model=index.model_id)
    with qtbot.waitSignal(d.session.locked, timeout=WAIT_MS):
        AutoLock(vault, idle_seconds=0.2, poll_seconds=0.05).start()
    assert d.library.table.rowCount() == 0
    unlock(qtbot, d)
    assert (home / SEALED_FILE).exists()
    from engine.search.retrieval import retriever_for

    assert retriever_for(d.session.require_vault()).index.ids() == wanted


def test_a_listing_that_lands_after_the_lock_is_not_shown(filled: Desktop, qtbot: Any) -> None:
    d = filled
    task = d.library.refresh()
    # The GUI thread stays busy while the vault worker finishes the listing, then locks in the
    # same turn: the listing's result is delivered after the view was cleared.
    time.sleep(1.0)
    d.lock()
    assert d.library.table.rowCount() == 0
    qtbot.waitUntil(lambda: task.done, timeout=WAIT_MS)
    assert task.error is None and len(task.result) == 3   # it did finish, before the lock
    assert d.library.table.rowCount() == 0


def test_chat_titles_listed_just_before_the_lock_are_not_shown(filled: Desktop, qtbot: Any) -> None:
    from engine.answering.chat import Chat

    d = filled
    Chat(d.session.require_vault()).ask(None, "Where is the spare key kept?")
    task = d.chat.refresh_list()
    time.sleep(1.0)  # the listing finishes on the vault worker while the GUI thread is busy
    d.lock()
    qtbot.waitUntil(lambda: task.done, timeout=WAIT_MS)
    assert task.error is None and len(task.result) == 1   # it did finish, before the lock
    assert d.chat.conv_list.count() == 0
