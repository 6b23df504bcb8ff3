"""Settings, applied the moment they change (there is no Save button).

Appearance (light, dark or the system's; text size) lives in the desktop preferences and is
applied at once (``app.gui.theme``). Everything else lives in the vault (``vault.settings``)
and is written on the vault worker as soon as it changes; ``changed`` then tells the
desktop controller to apply it (restart auto-lock, start or stop the gateway or restart it on
another loopback port for tools (``gateway_tcp_port``, 0: off), keep-in-tray
on close, the chat's defaults). Security: remember the key on this device, change the
passphrase (``Vault.change_passphrase``), back up to one encrypted file (``vault.backup``),
and restore one: Hearth locks first, then ``vault.backup.restore`` replaces the vault with
the backup (checked whole before the swap; a wrong passphrase changes nothing), and the
unlock screen says how it went (``restored``). All of it off the GUI thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.gui import theme
from app.gui.dialogs import Banner
from app.gui.passphrase_dialog import PassphraseDialog
from app.gui.runner import VAULT, Task
from app.gui.session import Session

#: Settings written to the vault the moment their control changes.
VAULT_KEYS = ("autolock_minutes", "close_to_tray", "gateway_enabled", "chat_use_files",
              "link_serve_enabled", "gateway_tcp_port")
#: The loopback port offered when the person turns tools over 127.0.0.1 on (the README's).
DEFAULT_TCP_PORT = 8765


def gateway_socket_path() -> str:
    """Where the plugin gateway listens (``app.gateway.server`` puts it there)."""
    from vault.paths import runtime_dir

    # The server module's SOCKET_NAME; not imported here, as that pulls in didkit.
    return str(runtime_dir() / "gateway.sock")


def read_settings(vault: Any) -> dict[str, Any]:
    from vault.settings import all_settings

    values = all_settings(vault)
    values["remembered"] = vault.is_remembered()
    values["keychain_available"] = vault.keychain.available()
    return values


def _section(title: str) -> tuple[QFrame, QFormLayout]:
    card = QFrame()
    card.setObjectName("card")
    form = QFormLayout(card)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    heading = QLabel(title)
    heading.setObjectName("section")
    form.addRow(heading)
    return card, form


def _wrapped(text: str) -> QCheckBox:
    box = QCheckBox(text)
    box.setToolTip(text)
    return box


class SettingsView(QScrollArea):
    changed = Signal(dict)
    restored = Signal(str)    # what the unlock screen says after a restore (done or not)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.values: dict[str, Any] = {}
        self._showing = False
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        page = QWidget()
        col = QVBoxLayout(page)
        col.setContentsMargins(24, 16, 24, 16)
        col.setSpacing(12)
        title = QLabel("Settings")
        title.setObjectName("pageTitle")
        col.addWidget(title)
        note = QLabel("Changes apply at once.")
        note.setObjectName("muted")
        col.addWidget(note)
        self.banner = Banner()
        col.addWidget(self.banner)

        card, form = _section("Appearance")
        self.appearance = QComboBox()
        for key, words in theme.APPEARANCES:
            self.appearance.addItem(words, key)
        self.text_size = QComboBox()
        for points, words in theme.TEXT_SIZES:
            self.text_size.addItem(words, points)
        form.addRow("Colours", self.appearance)
        form.addRow("Text size", self.text_size)
        col.addWidget(card)

        card, form = _section("Chat")
        self.use_files = _wrapped("Use my data in chat answers by default")
        form.addRow(self.use_files)
        col.addWidget(card)

        card, form = _section("Security")
        self.autolock = QSpinBox()
        self.autolock.setRange(0, 24 * 60)
        self.autolock.setSuffix(" min")
        self.autolock.setSpecialValueText("never")
        form.addRow("Lock after idle", self.autolock)
        self.remember = _wrapped("Remember the vault key on this device")
        form.addRow(self.remember)
        row = QHBoxLayout()
        self.passphrase_button = QPushButton("Change passphrase…")
        self.backup_button = QPushButton("Back up…")
        self.restore_button = QPushButton("Restore…")
        self.restore_button.setToolTip("Replace this vault with a backup (Hearth locks first)")
        for b in (self.passphrase_button, self.backup_button, self.restore_button):
            row.addWidget(b)
        row.addStretch(1)
        form.addRow(row)
        col.addWidget(card)

        card, form = _section("Apps and the tray")
        self.close_to_tray = _wrapped("Keep Hearth in the tray when the window closes")
        form.addRow(self.close_to_tray)
        self.gateway = _wrapped("Let apps I have paired on this computer ask Hearth")
        form.addRow(self.gateway)
        self.socket = QLabel("")
        self.socket.setWordWrap(True)
        self.socket.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow("Apps connect at", self.socket)
        # Off unless the person turns it on; the port (gateway_tcp_port, 0 when off) is loopback only.
        self.tcp = _wrapped("Let tools on this computer connect over 127.0.0.1")
        self.tcp.setToolTip("For tools that take a base URL and an app key (Privacy \u2192 Connect "
                            "another app\u2026); only programs on this computer can reach it")
        form.addRow(self.tcp)
        self.tcp_port = QSpinBox()
        self.tcp_port.setRange(1024, 65535)
        self.tcp_port.setValue(DEFAULT_TCP_PORT)
        self.tcp_port.setKeyboardTracking(False)   # applied when typed in full, not at each digit
        self.tcp_url = QLabel("")
        self.tcp_url.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        port_row = QHBoxLayout()
        port_row.addWidget(self.tcp_port)
        port_row.addWidget(self.tcp_url, 1)
        form.addRow("Port", port_row)
        # Off unless the person turns it on: it listens on the network (app.gui.link_host).
        self.link_serve = _wrapped("Let my other devices use this computer's models")
        self.link_serve.setToolTip("Only computers you pair (Models \u2192 Your devices) can connect; "
                                   "they get answers from the models here, never your files")
        form.addRow(self.link_serve)
        self.location = QLabel("")
        self.location.setWordWrap(True)
        self.location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow("Your data is in", self.location)
        col.addWidget(card)
        col.addStretch(1)
        page.setMaximumWidth(780)   # a comfortable column on a wide screen, centred
        self.setWidget(page)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter)

        mode, size = theme.current()
        self.appearance.setCurrentIndex(max(self.appearance.findData(mode), 0))
        self.text_size.setCurrentIndex(max(self.text_size.findData(size), 1))
        self.appearance.currentIndexChanged.connect(lambda _i: self._appearance())
        self.text_size.currentIndexChanged.connect(lambda _i: self._appearance())
        for box in (self.use_files, self.close_to_tray, self.gateway, self.remember, self.link_serve,
                    self.tcp):
            box.toggled.connect(lambda _on: self.save())
        self.tcp_port.valueChanged.connect(lambda _v: self.save() if self.tcp.isChecked() else None)
        self.tcp.toggled.connect(lambda _on: self._show_tcp())
        self.tcp_port.valueChanged.connect(lambda _v: self._show_tcp())
        self.gateway.toggled.connect(lambda _on: self._show_tcp())
        self._show_tcp()
        self.autolock.valueChanged.connect(lambda _v: self.save())
        self.passphrase_button.clicked.connect(lambda: self.change_passphrase())
        self.backup_button.clicked.connect(lambda: self.backup())
        self.restore_button.clicked.connect(lambda: self.restore())

    def _appearance(self) -> None:
        theme.choose(str(self.appearance.currentData()), int(self.text_size.currentData()))

    def on_unlocked(self) -> None:
        self.refresh()

    def refresh(self) -> Task:
        from vault.paths import data_dir

        self.location.setText(str(self.session.home or data_dir()))
        self.socket.setText(gateway_socket_path())
        return self.session.while_open(
            VAULT, lambda: read_settings(self.session.require_vault()), name="settings").on(
            done=self._show, error=self.banner.show_error)

    def _show(self, values: dict[str, Any]) -> None:
        self.values = values
        self._showing = True   # setting the controls is not the person changing them
        try:
            self.autolock.setValue(int(values.get("autolock_minutes") or 0))
            self.remember.setChecked(bool(values.get("remembered")))
            self.remember.setEnabled(bool(values.get("keychain_available")) or self.remember.isChecked())
            if not values.get("keychain_available"):
                self.remember.setToolTip("No working keychain on this system")
            self.close_to_tray.setChecked(bool(values.get("close_to_tray", True)))
            self.gateway.setChecked(bool(values.get("gateway_enabled", True)))
            self.use_files.setChecked(bool(values.get("chat_use_files", True)))
            self.link_serve.setChecked(bool(values.get("link_serve_enabled", False)))
            port = int(values.get("gateway_tcp_port") or 0)
            self.tcp.setChecked(port > 0)
            if port:
                self.tcp_port.setValue(port)
        finally:
            self._showing = False

    def _show_tcp(self) -> None:
        self.tcp.setEnabled(self.gateway.isChecked())
        on = self.tcp.isChecked() and self.gateway.isChecked()
        self.tcp_url.setText(f"Tools use http://127.0.0.1:{self.tcp_port.value()}/v1" if on else "Off")

    def save(self) -> Task | None:
        """Write the vault's settings now (each control calls this as it changes)."""
        if self._showing or not self.session.is_open:
            return None
        wanted = {"autolock_minutes": self.autolock.value(),
                  "close_to_tray": self.close_to_tray.isChecked(),
                  "gateway_enabled": self.gateway.isChecked(),
                  "chat_use_files": self.use_files.isChecked(),
                  "link_serve_enabled": self.link_serve.isChecked(),
                  "gateway_tcp_port": self.tcp_port.value() if self.tcp.isChecked() else 0}
        remember = self.remember.isChecked()

        def work() -> dict[str, Any]:
            from vault.settings import set_setting

            vault = self.session.require_vault()
            for key, value in wanted.items():
                set_setting(vault, key, value)
            kept = vault.set_remembered(remember)
            notices = list(vault.notices)
            vault.notices.clear()
            return {**wanted, "remembered": kept, "notices": notices}

        return self.session.while_open(VAULT, work, name="save-settings").on(
            done=self._saved, error=self.banner.show_error)

    def _saved(self, result: dict[str, Any]) -> None:
        notices = result.pop("notices", [])
        self._showing = True
        try:
            self.remember.setChecked(bool(result.get("remembered")))
        finally:
            self._showing = False
        if notices:
            self.banner.show_info(" ".join(notices))
        self.values.update(result)
        self.changed.emit(dict(self.values))

    # -- passphrase, backup, restore ------------------------------------------------------------

    def change_passphrase(self, old: str | None = None, new: str | None = None) -> Task | None:
        if old is None or new is None:
            dialog = PassphraseDialog(self, ask_old=True)
            if dialog.exec() != PassphraseDialog.DialogCode.Accepted:
                return None
            old, new = dialog.old_passphrase(), dialog.new_passphrase()
        before, after = old, new
        return self.session.while_open(
            VAULT, lambda: self.session.require_vault().change_passphrase(before, after),
            name="change-passphrase").on(
            done=lambda _r: self.banner.show_info("Your passphrase is changed. Use the new one "
                                                  "from now on."),
            error=self.banner.show_error)

    def backup(self, path: Path | None = None) -> Task | None:
        if path is None:
            name, _ = QFileDialog.getSaveFileName(self, "Back up Hearth", "hearth-backup.hearthbk",
                                                  "Hearth backups (*.hearthbk)")
            if not name:
                return None
            path = Path(name)
        target = path

        def work() -> int:
            from vault.backup import backup

            return backup(self.session.require_vault(), target)

        def done(size: int) -> None:
            from app.formats import size as words

            self.banner.show_info(f"Backed up to {target} ({words(size)}). It opens with the "
                                  "passphrase you use now.")

        return self.session.while_open(VAULT, work, name="backup").on(
            done=done, error=self.banner.show_error)

    def restore(self, path: Path | None = None, passphrase: str | None = None) -> Task | None:
        """Lock, then replace the vault by a backup (its passphrase is asked for)."""
        if path is None:
            name, _ = QFileDialog.getOpenFileName(self, "Restore a Hearth backup", "",
                                                  "Hearth backups (*.hearthbk);;All files (*)")
            if not name:
                return None
            path = Path(name)
        if passphrase is None:
            dialog = PassphraseDialog(self, restoring=True)
            if dialog.exec() != PassphraseDialog.DialogCode.Accepted:
                return None
            passphrase = dialog.old_passphrase()
        source, secret, home = path, passphrase, self.session.home
        self.session.lock()

        def work() -> None:
            from vault.backup import restore

            self.session.seals.wait()   # the vault is closed before it is replaced
            restore(source, secret, home=home)

        return self.session.runner.submit(VAULT, work, name="restore").on(
            done=lambda _r: self.restored.emit("Restored from the backup. Unlock with the "
                                               "backup's passphrase."),
            error=lambda exc: self.restored.emit(_error_words(exc)))

    def clear_personal(self) -> None:
        self.values = {}
        self.banner.clear()


def _error_words(exc: BaseException) -> str:
    from app.gui.dialogs import error_text

    return f"The backup was not restored: {error_text(exc)}. Your vault is as it was."
