"""Settings in the window: appearance (light, dark, text size) applied at once, the passphrase
changed, a backup made and restored through the real vault."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from app.gui import prefs, theme
from app.gui.desktop import Desktop
from app.gui.passphrase_dialog import PassphraseDialog
from engine.answering.chat import Chat
from tests.conftest import PASSPHRASE
from tests.gui_support import WAIT_MS, unlock
from vault import Vault, WrongPassphrase

pytest_plugins = ["tests.gui_fixtures"]


def _window_colour() -> int:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app.palette().color(QPalette.ColorRole.Window).lightness()


def test_theme_and_text_size_switch_at_once_and_are_kept(open_desktop: Desktop) -> None:
    view = open_desktop.settings
    try:
        view.appearance.setCurrentIndex(view.appearance.findData("dark"))
        assert _window_colour() < 80, "dark means a dark window"
        assert "#262321" in QApplication.instance().styleSheet()  # the dark sheet, blocks included
        assert prefs.get("appearance") == "dark"
        view.appearance.setCurrentIndex(view.appearance.findData("light"))
        assert _window_colour() > 200
        view.text_size.setCurrentIndex(view.text_size.findData(14))
        assert QApplication.font().pointSize() == 14 and prefs.get("text_size") == 14
        assert theme.current() == ("light", 14)
    finally:
        theme.choose("light", theme.DEFAULT_SIZE)


def test_change_passphrase(open_desktop: Desktop, qtbot: Any, home: Path, no_keychain: Any) -> None:
    view = open_desktop.settings
    new = "a brand new and long passphrase"
    dialog = PassphraseDialog(view)
    qtbot.addWidget(dialog)
    dialog.old.setText(PASSPHRASE)
    dialog.new.setText(new)
    dialog.repeat.setText(new[:-1] + "X")
    assert "differ" in dialog.hint.text() and not dialog.buttons.buttons()[0].isEnabled()
    dialog.repeat.setText(new)
    assert dialog.buttons.buttons()[0].isEnabled()
    task = view.change_passphrase("not the passphrase", new)
    assert task is not None
    qtbot.waitUntil(lambda: task.done, timeout=WAIT_MS)
    assert isinstance(task.error, WrongPassphrase) and view.banner.text()
    task = view.change_passphrase(PASSPHRASE, new)
    assert task is not None
    qtbot.waitUntil(lambda: task.done, timeout=WAIT_MS)
    assert task.error is None and "changed" in view.banner.text()
    open_desktop.session.lock()
    qtbot.waitUntil(lambda: not open_desktop.session.sealing, timeout=WAIT_MS)
    with Vault.unlock(home=home, passphrase=new, keychain=no_keychain) as vault:
        assert vault.is_open


def test_backup_then_restore_brings_the_vault_back(open_desktop: Desktop, qtbot: Any,
                                                   tmp_path: Path) -> None:
    d, view = open_desktop, open_desktop.settings
    vault = d.session.require_vault()
    Chat(vault).ask(None, "Kept in the backup")
    target = tmp_path / "b" / "hearth.hearthbk"
    task = view.backup(target)
    assert task is not None
    qtbot.waitUntil(lambda: task.done, timeout=WAIT_MS)
    assert task.error is None and target.is_file() and str(target) in view.banner.text()
    assert b"Kept in the backup" not in target.read_bytes()   # encrypted like the vault
    Chat(vault).ask(None, "Made after the backup")
    with qtbot.waitSignal(view.restored, timeout=WAIT_MS) as blocker:
        view.restore(tmp_path / "missing.hearthbk", PASSPHRASE)
    assert "not restored" in blocker.args[0]
    assert d.window.pages.currentWidget() is d.window.unlock_panel
    unlock(qtbot, d)
    with qtbot.waitSignal(view.restored, timeout=WAIT_MS) as blocker:
        view.restore(target, PASSPHRASE)
    assert "Restored" in blocker.args[0] and "Restored" in d.window.unlock_panel.banner.text()
    unlock(qtbot, d)
    titles = [c.title for c in Chat(d.session.require_vault()).conversations()]
    assert titles == ["Kept in the backup"]
