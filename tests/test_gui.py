"""The desktop app, offscreen: first run, unlock, library import, lock, settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from app.gui.desktop import Desktop
from app.gui.dialogs import strength
from engine.answering.chat import Turn
from tests.conftest import PASSPHRASE
from tests.gui_support import WAIT_MS, make_vault, unlock, write_notes
from vault import Keychain, Vault, vault_exists

pytest_plugins = ["tests.gui_fixtures"]


def test_window_appears_before_any_model_or_vault(desktop: Desktop, qtbot: Any) -> None:
    desktop.start()
    qtbot.waitExposed(desktop.window)
    assert desktop.window.windowTitle().startswith("Hearth")
    assert desktop.window.pages.currentWidget() is desktop.window.create_panel
    assert desktop.host.model is None
    assert "not loaded" in desktop.window.model_label.text()


def test_first_run_creates_the_vault(desktop: Desktop, qtbot: Any, home: Path,
                                     no_keychain: Keychain) -> None:
    desktop.start()
    panel = desktop.window.create_panel
    panel.passphrase.setText(PASSPHRASE)
    panel.repeat.setText(PASSPHRASE[:-1])
    assert not panel.create_button.isEnabled(), "differing passphrases must not be accepted"
    assert "differ" not in panel.hint.text(), "no alarm while the second is still being typed"
    panel.repeat.setText(PASSPHRASE[:-1] + "X")
    assert "The two passphrases differ" in panel.hint.text() and "Strong" not in panel.hint.text()
    panel.repeat.setText(PASSPHRASE)
    assert panel.create_button.isEnabled()
    assert "Strong" in panel.hint.text() or "Good" in panel.hint.text()
    assert any("nobody can" in label.text() for label in panel.findChildren(type(panel.hint)))
    with qtbot.waitSignal(desktop.session.unlocked, timeout=WAIT_MS):
        panel.create_button.click()
    assert vault_exists(home)
    assert desktop.window.pages.currentWidget() is desktop.window.workspace
    # The vault made through the window unlocks with that passphrase, and has its identity.
    desktop.session.lock()
    with Vault.unlock(home=home, passphrase=PASSPHRASE, keychain=no_keychain) as vault:
        assert vault.query_one("SELECT count(*) FROM identity")[0] == 1


def test_strength_hint_grows_with_the_passphrase() -> None:
    scores = [strength(p)[0] for p in ("abc", "abcdefgh", "Abcdefgh12", "correct horse battery staple")]
    assert scores[0] == 0
    assert scores == sorted(scores) and scores[-1] >= 3


def test_wrong_passphrase_shows_the_error(desktop: Desktop, qtbot: Any, home: Path,
                                          no_keychain: Keychain) -> None:
    make_vault(home, no_keychain)
    desktop.start()
    panel = desktop.window.unlock_panel
    assert desktop.window.pages.currentWidget() is panel
    failures: list[BaseException] = []
    task = desktop.session.unlock("not the passphrase").on(error=failures.append)
    qtbot.waitUntil(lambda: task.done, timeout=WAIT_MS)
    assert failures and "passphrase" in str(failures[0]).lower()
    # Through the form: the banner says so, the vault stays shut, the form is usable again.
    panel.passphrase.setText("not the passphrase")
    panel.unlock_button.click()
    qtbot.waitUntil(lambda: not panel.banner.isHidden() and "passphrase" in panel.banner.text().lower()
                    and "unlocking" not in panel.banner.text().lower(), timeout=WAIT_MS)
    assert "Traceback" not in panel.banner.text()
    assert not desktop.session.is_open
    assert panel.box.isEnabled()
    unlock(qtbot, desktop)
    assert desktop.session.is_open


def test_import_shows_progress_and_lists_sources(open_desktop: Desktop, qtbot: Any,
                                                 tmp_path: Path) -> None:
    files = write_notes(tmp_path / "docs")
    view = open_desktop.library
    seen: list[tuple[int, int]] = []
    with qtbot.waitSignal(view.import_finished, timeout=WAIT_MS) as blocker:
        task = view.import_paths([tmp_path / "docs"])
        assert task is not None
        task.progressed.connect(lambda s: seen.append((s.done, s.total)))
        assert not view.progress.isHidden()
    report = blocker.args[0]
    assert report.count("added") == len(files)
    assert seen and seen[-1] == (len(files), len(files))
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    qtbot.waitUntil(lambda: view.table.rowCount() == len(files), timeout=WAIT_MS)
    kinds = {view.table.item(r, 1).text() for r in range(view.table.rowCount())}
    assert kinds and all(kinds)
    assert view.progress.isHidden()
    # Forget one: it leaves the list, the vault (source, passages) and the vector index.
    from engine.search.retrieval import retriever_for
    from vault.sources import list_sources

    vault = open_desktop.session.require_vault()
    before = {s.path: s for s in list_sources(vault)}
    index_before = retriever_for(vault).index.ids()
    assert len(before) == len(files) and index_before
    view.table.selectRow(0)
    gone = view.table.item(0, 0).toolTip()
    task = view.forget_selected(confirm=False)
    assert task is not None
    qtbot.waitUntil(lambda: view.table.rowCount() == len(files) - 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not open_desktop.runner.busy(), timeout=WAIT_MS)
    after = {s.path for s in list_sources(vault)}
    assert after == set(before) - {gone}
    forgotten = gone
    index_after = retriever_for(vault).index.ids()
    assert index_after < index_before  # its vectors left the index too
    hits = retriever_for(vault).search(Path(forgotten).stem, limit=10)
    assert all(h.path != forgotten for h in hits)


def test_drop_files_on_the_library_imports_them(open_desktop: Desktop, qtbot: Any,
                                                tmp_path: Path) -> None:
    files = write_notes(tmp_path / "dropped")
    view = open_desktop.library
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in files[:2]])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(view.import_finished, timeout=WAIT_MS) as blocker:
        view.dropEvent(event)
    assert blocker.args[0].count("added") == 2


def test_lock_clears_everything_personal(open_desktop: Desktop, qtbot: Any, tmp_path: Path) -> None:
    write_notes(tmp_path / "docs")
    with qtbot.waitSignal(open_desktop.library.import_finished, timeout=WAIT_MS):
        open_desktop.library.import_paths([tmp_path / "docs"])
    qtbot.waitUntil(lambda: open_desktop.library.table.rowCount() == 3, timeout=WAIT_MS)
    open_desktop.chat.history = [Turn("user", "where is Marigold moored?")]
    open_desktop.chat._render()
    assert "Marigold" in open_desktop.chat.transcript_text()
    with qtbot.waitSignal(open_desktop.session.locked, timeout=WAIT_MS):
        open_desktop.window.lock_action.trigger()
    assert open_desktop.window.pages.currentWidget() is open_desktop.window.unlock_panel
    assert open_desktop.library.table.rowCount() == 0
    assert "Marigold" not in open_desktop.chat.transcript_text()
    assert open_desktop.chat.conv_list.count() == 0


def test_idle_auto_lock_clears_the_window(open_desktop: Desktop, qtbot: Any) -> None:
    from vault.autolock import AutoLock

    open_desktop.chat.history = [Turn("user", "a private question")]
    open_desktop.chat._render()
    vault = open_desktop.session.vault
    assert vault is not None
    with qtbot.waitSignal(open_desktop.session.locked, timeout=WAIT_MS):
        AutoLock(vault, idle_seconds=0.2, poll_seconds=0.05).start()
    assert not vault.is_open
    assert "private question" not in open_desktop.chat.transcript_text()
    assert open_desktop.window.pages.currentWidget() is open_desktop.window.unlock_panel


def test_settings_apply_as_they_change(open_desktop: Desktop, qtbot: Any, home: Path) -> None:
    view = open_desktop.settings
    qtbot.waitUntil(lambda: bool(view.values), timeout=WAIT_MS)
    assert view.location.text() == str(home)
    assert view.socket.text()
    assert view.autolock.value() == 15
    assert not hasattr(view, "save_button"), "settings apply at once: no Save button"
    with qtbot.waitSignal(view.changed, timeout=WAIT_MS) as blocker:
        view.autolock.setValue(5)
    assert blocker.args[0]["autolock_minutes"] == 5
    with qtbot.waitSignal(view.changed, timeout=WAIT_MS):
        view.close_to_tray.setChecked(False)
    assert open_desktop.close_to_tray is False
    with qtbot.waitSignal(view.changed, timeout=WAIT_MS):
        view.use_files.setChecked(False)
    assert not open_desktop.chat.use_data.isChecked(), "the chat's default follows at once"
    from vault.settings import get_setting

    vault = open_desktop.session.require_vault()
    assert get_setting(vault, "autolock_minutes") == 5 and get_setting(vault, "chat_use_files") is False
    # No keychain here: "remember" cannot be switched on, and the window says why.
    with qtbot.waitSignal(view.changed, timeout=WAIT_MS):
        view.remember.setChecked(True)
    assert not view.remember.isChecked()
    assert "keychain" in view.banner.text().lower()


def test_no_tray_still_works_and_says_so(desktop: Desktop) -> None:
    desktop.start()
    assert desktop.tray.icon is None
    assert "tray" in desktop.window.statusBar().currentMessage().lower()
    assert desktop.window.keep_in_tray is False


def test_models_view_details_add_remove_and_gpu_layers(desktop: Desktop, qtbot: Any,
                                                       tmp_path: Path) -> None:
    from app.gui import prefs
    from engine.models.registry import bundled_model_path

    view = desktop.models
    view.refresh()
    qtbot.waitUntil(lambda: view.fields["quantization"].text() != "", timeout=WAIT_MS)
    assert view.selected() == "default"
    assert view.fields["quantization"].text() == "Q4_1"
    assert int(view.fields["layers"].text()) > 0
    assert not view.remove_button.isEnabled(), "the bundled model cannot be removed"
    # A manual GPU layer count is kept for the next load; automatic clears it.
    view.gpu_auto.setChecked(False)
    view.gpu_layers.setValue(0)
    assert prefs.gpu_layers("default") == 0
    view.gpu_auto.setChecked(True)
    assert prefs.gpu_layers("default") is None
    # Add a GGUF file (a link to the bundled one), see it listed, remove it again.
    bundled = bundled_model_path()
    assert bundled is not None
    link = tmp_path / "My-Model.Q4_1.gguf"
    link.symlink_to(bundled)
    with qtbot.waitSignal(desktop.host.models_changed, timeout=WAIT_MS):
        view.add_model(link)
    names = [view.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(view.list.count())]
    assert "my-model.q4_1" in names
    view.list.setCurrentRow(names.index("my-model.q4_1"))
    qtbot.waitUntil(lambda: view.remove_button.isEnabled(), timeout=WAIT_MS)
    with qtbot.waitSignal(desktop.host.models_changed, timeout=WAIT_MS):
        view.remove_selected(confirm=False)
    left = [view.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(view.list.count())]
    assert "my-model.q4_1" not in left
    # A file that is not GGUF is refused with a message, not a traceback.
    bogus = tmp_path / "bogus.gguf"
    bogus.write_bytes(b"not a model at all")
    task = view.add_model(bogus)
    qtbot.waitUntil(lambda: task.done, timeout=WAIT_MS)
    assert not view.banner.isHidden() and "Traceback" not in view.banner.text()
    assert "gguf" in view.banner.text().lower() or "bogus" in view.banner.text().lower()


def test_a_model_that_fails_to_load_is_reported(desktop: Desktop, qtbot: Any, tmp_path: Path) -> None:
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"GGUF" + b"\x00" * 64)
    with qtbot.waitSignal(desktop.host.load_failed, timeout=WAIT_MS):
        desktop.host.load(str(bad))
    assert "failed to load" in desktop.window.model_label.text()
    assert desktop.host.model is None


def test_the_library_shows_files_added_by_another_process(open_desktop: Desktop, qtbot: Any,
                                                           tmp_path: Path) -> None:
    from tests.conftest import run_cli

    view = open_desktop.library
    assert view.table.rowCount() == 0
    files = write_notes(tmp_path / "docs")
    added = run_cli("add", str(tmp_path / "docs"), "--wait", env={"HEARTH_PASSPHRASE": PASSPHRASE})
    assert added.returncode == 0, added.stderr
    # Nobody told the window: its change check finds the other process's commit.
    qtbot.waitUntil(lambda: view.table.rowCount() == len(files), timeout=WAIT_MS)


def test_consent_dialog_shows_every_scope_in_full(qtbot: Any) -> None:
    from app.gui.dialogs import ConsentDialog
    from identity.scopes import SCOPES, label

    did = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
    dialog = ConsentDialog(app_name="Notes helper", did=did, exe_path="/usr/bin/python3",
                           claimed_exe_path="/opt/notes/helper",
                           scopes=[(s, label(s)) for s in SCOPES], purpose="to help", days=30)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    lst = dialog.scope_list
    assert not lst.horizontalScrollBar().isVisible()
    assert not lst.verticalScrollBar().isVisible(), "some scopes are hidden below the fold"
    for i in range(lst.count()):
        rect = lst.visualItemRect(lst.item(i))
        assert rect.right() <= lst.viewport().width() and rect.bottom() <= lst.viewport().height()
