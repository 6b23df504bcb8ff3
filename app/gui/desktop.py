"""The desktop controller: builds the window, views, tray and quick ask, and wires them.

Start-up order matters for how fast Hearth feels: the window is shown first
(no engine, no vault yet), then the vault opens (keychain) or waits for the
passphrase, and the default model loads in the background. Every core call
goes through the runner's workers (which thread does what: ``app.gui.runner``).
Locking, by the user or by auto-lock, clears every view and the quick-ask box
and returns to the unlock form in the same event-loop turn; the vector index
seals behind it on the lock worker, and a seal that fails is shown here.
Quitting waits for a seal under way.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from app.gui.chat_view import ChatView
from app.gui.library_view import LibraryView
from app.gui.link_host import SETTING as LINK_SETTING
from app.gui.link_host import LinkHost, link_host_for
from app.gui.main_window import MainWindow
from app.gui.model_host import ModelHost
from app.gui.models_view import ModelsView
from app.gui.privacy_view import ConsentWatcher, PrivacyView
from app.gui.quick_ask import QuickAsk
from app.gui.runner import Runner
from app.gui.session import Session
from app.gui.settings_view import SettingsView
from app.gui.tray import Tray
from vault import Keychain, VaultLocked

log = logging.getLogger(__name__)

NO_TRAY_NOTICE = ("No system tray was found on this desktop, so Hearth has no tray icon: "
                  "closing this window quits Hearth.")


class Desktop(QObject):
    def __init__(self, *, keychain: Keychain | None = None, home: Path | None = None,
                 tray_available: bool | None = None, runner: Runner | None = None,
                 load_model: bool = True, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from app.gui import theme

        theme.apply()
        self.runner = runner if runner is not None else Runner(parent=self)
        self.session = Session(keychain=keychain, runner=self.runner, home=home, parent=self)
        self.host = ModelHost(self.runner, self.session, parent=self)
        # Serving this computer's models to the person's paired devices (Settings' switch).
        self.link = link_host_for(self.session) or LinkHost(self.session, self.host)
        self.window = MainWindow()
        self.chat = ChatView(self.session, self.host)
        self.library = LibraryView(self.session)
        self.models = ModelsView(self.host)
        self.privacy = PrivacyView(self.session)
        self.settings = SettingsView(self.session)
        for name, title, view, scroll in (("chat", "Chat", self.chat, False),
                                          ("library", "Library", self.library, False),
                                          ("models", "Models", self.models, True),
                                          ("privacy", "Privacy", self.privacy, True),
                                          ("settings", "Settings", self.settings, False)):
            self.window.add_view(name, title, view, scroll=scroll)
        self.tray = Tray(available=tray_available, parent=self)
        self.quick = QuickAsk(self.session, self.host)
        self.consent = ConsentWatcher(self.session, parent_widget=self.window, parent=self)
        self.gateway: Any = None
        self._gateway_starting = False
        #: The loopback TCP port asked of the gateway (0: none), and the one the running one was asked.
        self._gateway_port = 0
        self._gateway_port_asked = 0
        self.load_model = load_model
        self.close_to_tray = True
        self._quitting = False
        # Every view shows the vault as it is now, whoever changed it (this window, the gateway,
        # the command line, another Hearth): a cheap change token, checked every two seconds.
        self._seen_version: Any = None
        self._checking = False
        self._changes = QTimer(self, interval=2000)
        self._changes.timeout.connect(self._check_changes)
        self._wire()

    def _wire(self) -> None:
        w = self.window
        w.create_panel.submitted.connect(self._create)
        w.unlock_panel.submitted.connect(self._unlock)
        w.lock_requested.connect(self.lock)
        w.quit_requested.connect(self.quit)
        w.quick_ask_requested.connect(self.quick.popup)
        w.close_to_tray.connect(lambda: self.tray.notify("Hearth", "Hearth is still here, in the tray."))
        self.session.unlocked.connect(self._on_unlocked)
        self.session.locked.connect(self._on_locked)
        self.session.seal_failed.connect(self._seal_failed)
        self.host.state_changed.connect(w.set_model_state)
        self.settings.changed.connect(self._apply_settings)
        self.link.state_changed.connect(self._link_state)
        self.settings.restored.connect(self._restored)
        self.chat.go_to.connect(self._go_to)
        self.tray.quick_ask.connect(self.quick.popup)
        self.tray.open_window.connect(self.show_window)
        self.tray.lock.connect(self.lock)
        self.tray.quit.connect(self.quit)
        self.tray.set_locked(True)
        self._update_keep_in_tray()

    # -- start -----------------------------------------------------------------------------------

    def start(self, *, quick: bool = False) -> None:
        """Show the window at once; open the vault and load the model behind it."""
        if self.session.vault_exists():
            self.window.show_unlock()
            self.session.try_keychain().on(error=self._keychain_failed)
        else:
            self.window.show_first_run()
        if quick:
            self.quick.popup()
        else:
            self.show_window()
        if not self.tray.available:
            self.window.statusBar().showMessage(NO_TRAY_NOTICE, 15000)
        if self.load_model:
            # After the first paint: the window must not wait for llama.cpp.
            QTimer.singleShot(0, lambda: self.host.load())

    def _go_to(self, where: str) -> None:
        """A first step from the chat's welcome: another view (and its action)."""
        name, _, action = where.partition(":")
        self.window.show_view(name)
        if name == "library" and action == "add":
            self.library.pick_files()

    def show_window(self) -> None:
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()

    def _keychain_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, VaultLocked):
            self.window.unlock_panel.banner.show_error(exc)

    def _create(self, passphrase: str, remember: bool) -> None:
        panel = self.window.create_panel
        panel.set_busy(True)
        panel.banner.show_info("Creating your vault…")
        def failed(exc: BaseException) -> None:
            panel.set_busy(False)
            panel.banner.show_error(exc)

        self.session.create(passphrase, remember=remember).on(error=failed)

    def _unlock(self, passphrase: str) -> None:
        panel = self.window.unlock_panel
        panel.set_busy(True)
        panel.banner.show_info("Unlocking…")
        def failed(exc: BaseException) -> None:
            panel.reset()
            panel.banner.show_error(exc)

        self.session.unlock(passphrase).on(error=failed)

    def _on_unlocked(self, vault: Any) -> None:
        self.window.show_workspace()
        self.tray.set_locked(False)
        for view in (self.chat, self.library, self.privacy, self.settings):
            view.on_unlocked()
        self.models.refresh_evals()
        self._seen_version = None
        self._changes.start()
        self._check_changes()  # the baseline: what the views are about to read
        notices = list(vault.notices)
        vault.notices.clear()
        if notices:
            self.chat.banner.show_info(" ".join(notices))
        self.runner.submit("vault", lambda: self.settings_values(vault), name="apply-settings").on(
            done=self._apply_settings)

    @staticmethod
    def settings_values(vault: Any) -> dict[str, Any]:
        from vault.settings import all_settings

        return all_settings(vault)

    def _restored(self, words: str) -> None:
        if shiboken6.isValid(self.window) and not self.session.is_open:
            self.window.show_unlock(words)

    def _apply_settings(self, values: dict[str, Any]) -> None:
        self.chat.use_data.setChecked(bool(values.get("chat_use_files", True)))
        self.close_to_tray = bool(values.get("close_to_tray", True))
        self._update_keep_in_tray()
        self.session.restart_autolock(values.get("autolock_minutes"))
        self._gateway(bool(values.get("gateway_enabled", True)), int(values.get("gateway_tcp_port") or 0))
        self.link.apply(bool(values.get(LINK_SETTING, False)))

    def _update_keep_in_tray(self) -> None:
        self.window.keep_in_tray = self.tray.available and self.close_to_tray
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(not self.window.keep_in_tray)

    # -- gateway ---------------------------------------------------------------------------------

    def _gateway(self, enabled: bool, port: int | None = None) -> None:
        """Start or stop the plugin gateway, on the vault worker; restart it there when the
        loopback TCP port asked for changes (``port`` 0: the private socket only)."""
        from app.gui import gateway_host

        if port is not None:
            self._gateway_port = port
        if enabled and self.gateway is not None and self._gateway_port_asked != self._gateway_port:
            self._stop_gateway()   # queued on the vault worker before the start below
        if enabled and self.gateway is None and not self._gateway_starting and self.session.is_open:
            vault = self.session.require_vault()
            asked = self._gateway_port
            self._gateway_starting = True
            # The shared pool is made on the worker too: it imports the engine.
            self.runner.submit("vault", lambda: gateway_host.start_gateway(
                vault, self.host.hearth().pool, tcp_port=asked), name="gateway").on(
                done=lambda gateway: self._gateway_started(gateway, asked), error=self._gateway_failed)
        elif not enabled and self.gateway is not None:
            self._stop_gateway()

    def _gateway_started(self, gateway: Any, asked: int = 0) -> None:
        self._gateway_starting = False
        if not self.session.is_open or self._quitting:
            # Locked while it was starting: it must not outlive the vault.
            self.runner.submit("vault", gateway.stop, name="gateway-stop")
            return
        self.gateway, self._gateway_port_asked = gateway, asked
        refused = bool(asked) and gateway.tcp_port != asked
        if shiboken6.isValid(self.window):
            # Where it listens is in Settings; the status bar is for people, not paths.
            words = (f"Tools cannot connect over 127.0.0.1:{asked}: another program uses that port. "
                     "Choose another in Settings. Paired apps can ask Hearth." if refused
                     else "Apps you have paired can now ask Hearth" + (
                         f"; tools connect at http://127.0.0.1:{asked}/v1." if asked else "."))
            self.window.statusBar().showMessage(words, 15000 if refused else 5000)
        if asked != self._gateway_port:
            self._gateway(True)   # the port changed again while this one was starting

    def _gateway_failed(self, exc: BaseException) -> None:
        from app.gui.dialogs import error_text

        self._gateway_starting = False
        # It starts on a worker: the window may already be closed when it answers.
        if shiboken6.isValid(self.window):
            self.window.statusBar().showMessage(f"Plugin gateway off: {error_text(exc)}", 15000)

    def _link_state(self, words: str) -> None:
        """Serving or not for the person's other devices, and why not (a port already taken)."""
        if shiboken6.isValid(self.window):
            self.window.statusBar().showMessage(f"Your devices: {words}", 10000)

    def _stop_gateway(self) -> None:
        gateway, self.gateway = self.gateway, None
        if gateway is not None:
            # stop() joins the server threads: not on the GUI thread's time.
            self.runner.submit("vault", gateway.stop, name="gateway-stop")

    # -- lock and quit ---------------------------------------------------------------------------

    def lock(self) -> None:
        self.session.lock()

    def _check_changes(self) -> None:
        if not self.session.is_open or self._checking:
            return  # nothing to show, or the last check is still queued behind other vault work
        from vault.changes import data_version

        vault = self.session.require_vault()
        self._checking = True
        self.runner.submit("vault", lambda: data_version(vault), name="vault-changed?").on(
            done=self._changed, error=lambda _exc: setattr(self, "_checking", False))

    def _changed(self, version: Any) -> None:
        self._checking = False
        seen, self._seen_version = self._seen_version, version
        if seen is not None and version != seen and self.session.is_open and \
                shiboken6.isValid(self.window):
            # New apps, grants, accesses, imported files: the views read them again.
            self.library.refresh()
            self.privacy.refresh()

    def _on_locked(self) -> None:
        self._changes.stop()
        self._stop_gateway()
        self.window.clear_views()
        self.models.refresh_evals()
        self.quick.clear_personal()
        self.quick.hide()
        self.tray.set_locked(True)
        if not self._quitting:
            self.window.show_unlock("Hearth is locked. Type your passphrase to open it again.")

    def _seal_failed(self, exc: BaseException) -> None:
        from app.gui.dialogs import error_text

        if self._quitting or not shiboken6.isValid(self.window):
            return  # logged by the session; nobody is left to read it
        words = (f"Hearth could not save its search index when it locked: {error_text(exc)}. "
                 "Your files and notes are safe in the vault; the index is brought up to date "
                 "from it when you unlock.")
        self.window.statusBar().showMessage(words, 60_000)
        if self.window.pages.currentWidget() is self.window.unlock_panel:
            self.window.unlock_panel.banner.show_error(words)

    def quit(self) -> None:
        if self._quitting:
            return
        self._quitting = True
        gateway, self.gateway = self.gateway, None
        if gateway is not None:
            gateway.stop()   # at quit there is no later: stop it now
        self.link.stop(now=True)
        self.session.shutdown()   # waits for the index seal: a quit must not cut it short
        self.host.shutdown()
        self.tray.hide()
        self.quick.close()
        self.window.keep_in_tray = False
        self.window.close()
        app = QApplication.instance()
        if app is not None:
            app.quit()


class ActivityFilter(QObject):
    """Keyboard and mouse use in any Hearth window keeps auto-lock from firing."""

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._kinds = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel}

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in self._kinds:
            self.session.touch()
        return False

