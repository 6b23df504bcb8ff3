"""Settings: auto-lock, remember on this device, close to tray, data location, the gateway.

Values live in the vault (``vault.settings``) and are read and written on
the vault worker. ``changed`` tells the desktop controller to apply them
(restart auto-lock, start or stop the gateway, keep-in-tray on close).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.gui.dialogs import Banner
from app.gui.runner import VAULT, Task
from app.gui.session import Session


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


class SettingsView(QWidget):
    changed = Signal(dict)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.values: dict[str, Any] = {}
        col = QVBoxLayout(self)
        col.addWidget(QLabel("<h2>Settings</h2>"))
        self.banner = Banner()
        col.addWidget(self.banner)
        form = QFormLayout()
        self.autolock = QSpinBox()
        self.autolock.setRange(0, 24 * 60)
        self.autolock.setSuffix(" min")
        self.autolock.setSpecialValueText("never")
        form.addRow("Lock after idle", self.autolock)
        self.remember = QCheckBox("Remember the vault key on this device")
        form.addRow("", self.remember)
        self.close_to_tray = QCheckBox("Keep Hearth in the tray when the window closes")
        form.addRow("", self.close_to_tray)
        self.gateway = QCheckBox("Let paired apps on this computer ask Hearth (plugin gateway)")
        form.addRow("", self.gateway)
        self.socket = QLabel("")
        self.socket.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow("Gateway socket", self.socket)
        self.location = QLabel("")
        self.location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow("Data location", self.location)
        col.addLayout(form)
        self.save_button = QPushButton("Save")
        col.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignLeft)
        col.addStretch(1)
        self.save_button.clicked.connect(self.save)

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
        self.autolock.setValue(int(values.get("autolock_minutes") or 0))
        self.remember.setChecked(bool(values.get("remembered")))
        self.remember.setEnabled(bool(values.get("keychain_available")) or self.remember.isChecked())
        if not values.get("keychain_available"):
            self.remember.setToolTip("No working keychain on this system")
        self.close_to_tray.setChecked(bool(values.get("close_to_tray", True)))
        self.gateway.setChecked(bool(values.get("gateway_enabled", True)))

    def save(self) -> Task:
        wanted = {"autolock_minutes": self.autolock.value(),
                  "close_to_tray": self.close_to_tray.isChecked(),
                  "gateway_enabled": self.gateway.isChecked()}
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

        return self.session.runner.submit(VAULT, work, name="save-settings").on(
            done=self._saved, error=self.banner.show_error)

    def _saved(self, result: dict[str, Any]) -> None:
        notices = result.pop("notices", [])
        self.remember.setChecked(bool(result.get("remembered")))
        self.banner.show_info(" ".join(notices) or "Saved.")
        self.values.update(result)
        self.changed.emit(dict(self.values))

    def clear_personal(self) -> None:
        self.values = {}
        self.banner.clear()
