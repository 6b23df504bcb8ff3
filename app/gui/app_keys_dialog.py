"""Connect another app: an app key for a tool that takes only a base URL and an API key.

:class:`AppKeyDialog` asks for the app's name, exactly what it may read (the consent dialog's
words, from :mod:`identity.scopes`; nothing ticked to begin with) and for how many days, and
says plainly that a key is a weaker proof than pairing. Create makes the key on the vault
worker (:func:`identity.appkeys.create_app_key`, with ``personal`` only when the person ticked
it); the dialog then shows the key once, in a read-only field with Copy, with the base URLs to
use (the private socket, and ``http://127.0.0.1:PORT/v1`` when Settings serves tools over
loopback). The key is kept nowhere: the field is cleared when the dialog closes. ``created``
tells the Privacy view to list the new app, which is revoked there like any grant.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.gui.dialogs import Banner
from app.gui.runner import VAULT, Task
from app.gui.session import Session
from identity.appkeys import BASE_SCOPES, PERSONAL_SCOPE, WEAKER_THAN_PAIRING
from identity.grants import DEFAULT_DAYS, MAX_DAYS
from identity.scopes import SCOPES

#: What a key may be given beyond the models: every registry scope but the base ones.
CHOICES = tuple(name for name in SCOPES if name not in BASE_SCOPES)


def make_key(vault: Any, name: str, scopes: list[str], days: int) -> dict[str, Any]:
    """The key (once), its app, and where the gateway listens (vault worker)."""
    from app.gui.settings_view import gateway_socket_path
    from identity.appkeys import create_app_key
    from vault.settings import get_setting

    personal = PERSONAL_SCOPE in scopes
    made = create_app_key(vault, name=name, scopes=[s for s in scopes if s != PERSONAL_SCOPE],
                          days=days, personal=personal)
    port = int(get_setting(vault, "gateway_tcp_port") or 0)
    enabled = bool(get_setting(vault, "gateway_enabled", True))
    return {"key": made.key, "app_key": made.app_key, "socket": gateway_socket_path(),
            "port": port if enabled else 0}


class AppKeyDialog(QDialog):
    created = Signal(str)   # the new app's DID

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Connect another app")
        # Wide enough for the longest scope's words on one line (a check box does not wrap).
        self.setMinimumWidth(720)
        layout = QVBoxLayout(self)
        self.banner = Banner()
        # Two pages in one column, one shown at a time: wrapped text keeps its full height.
        self.ask_page = ask = QWidget()
        col = QVBoxLayout(ask)
        col.setContentsMargins(0, 0, 0, 0)
        intro = QLabel("For a tool that takes a base URL and an API key (an editor, a chat program, "
                       "llm, a script). It gets a key of its own and may always use Hearth's models "
                       "on questions without your data. Tick only what it needs to read.")
        intro.setWordWrap(True)
        col.addWidget(intro)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setMaxLength(80)
        self.name.setPlaceholderText("as Hearth will show it, e.g. Continue")
        form.addRow("The app's name", self.name)
        col.addLayout(form)
        col.addWidget(QLabel("It may:"))
        self.scopes: dict[str, QCheckBox] = {}
        for scope in CHOICES:
            box = QCheckBox(SCOPES[scope].label)
            box.setToolTip(scope)
            box.setChecked(False)
            self.scopes[scope] = box
            col.addWidget(box)
        row = QHBoxLayout()
        row.addWidget(QLabel("The key works for"))
        self.days = QSpinBox()
        self.days.setRange(1, int(MAX_DAYS))
        self.days.setValue(int(DEFAULT_DAYS))
        self.days.setSuffix(" days")
        row.addWidget(self.days)
        row.addStretch(1)
        col.addLayout(row)
        self.warning = QLabel(WEAKER_THAN_PAIRING)
        self.warning.setWordWrap(True)
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        self.warning.setStyleSheet("QLabel { background: #fff4e5; color: #663c00; padding: 8px; "
                                   "border-radius: 4px; }")
        col.addWidget(self.warning)
        buttons = QDialogButtonBox()
        self.create_button = buttons.addButton("Create key", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        col.addWidget(buttons)
        layout.addWidget(ask)

        self.key_page = shown = QWidget()
        col = QVBoxLayout(shown)
        col.setContentsMargins(0, 0, 0, 0)
        self.made = QLabel("")
        self.made.setWordWrap(True)
        self.made.setTextFormat(Qt.TextFormat.PlainText)
        col.addWidget(self.made)
        row = QHBoxLayout()
        self.key = QLineEdit()
        self.key.setReadOnly(True)
        self.key.setObjectName("app-key")
        row.addWidget(self.key, 1)
        self.copy_button = QPushButton("Copy")
        row.addWidget(self.copy_button)
        col.addLayout(row)
        self.once = QLabel("<b>You will not see this key again.</b> Paste it into the app's settings "
                           "now; Hearth keeps only a hash of it.")
        self.once.setWordWrap(True)
        col.addWidget(self.once)
        self.where = QLabel("")
        self.where.setWordWrap(True)
        self.where.setTextFormat(Qt.TextFormat.PlainText)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        col.addWidget(self.where)
        done = QDialogButtonBox()
        self.done_button = done.addButton("Done", QDialogButtonBox.ButtonRole.AcceptRole)
        col.addWidget(done)
        layout.addWidget(shown)
        shown.hide()
        layout.addWidget(self.banner)

        self.create_button.clicked.connect(lambda: self.create_key())
        self.cancel_button.clicked.connect(self.reject)
        self.done_button.clicked.connect(self.accept)
        self.copy_button.clicked.connect(self.copy)
        self.finished.connect(lambda _r: self.key.clear())   # the key is kept nowhere

    def chosen(self) -> list[str]:
        return [scope for scope, box in self.scopes.items() if box.isChecked()]

    def create_key(self) -> Task | None:
        name = self.name.text().strip()
        if not name:
            self.banner.show_error("Give the app a name: Hearth shows it in Privacy and in the "
                                   "access log.")
            return None
        if not self.session.is_open:
            self.banner.show_error("Unlock Hearth first.")
            return None
        scopes, days = self.chosen(), self.days.value()
        self.banner.clear()
        self.create_button.setEnabled(False)
        return self.session.while_open(
            VAULT, lambda: make_key(self.session.require_vault(), name, scopes, days),
            name="create-app-key").on(done=self._show_key, error=self.banner.show_error,
                                      finished=lambda: self.create_button.setEnabled(True))

    def _show_key(self, made: dict[str, Any]) -> None:
        from app.gui.texts import moment

        app_key = made["app_key"]
        self.made.setText(f"The key for {app_key.name}, until {moment(app_key.expires_at)}:")
        self.key.setText(made["key"])
        self.key.setCursorPosition(0)
        lines = ["Base URL for tools that connect over 127.0.0.1:"]
        if made["port"]:
            lines.append(f"    http://127.0.0.1:{made['port']}/v1")
        else:
            lines.append("    off: turn on \u201cLet tools on this computer connect over 127.0.0.1\u201d "
                         "in Settings, then use http://127.0.0.1:PORT/v1 with the port shown there")
        lines += ["For tools that can use a Unix socket:", f"    {made['socket']} (base URL http://hearth/v1)",
                  "Models: default, or default+personal for answers from what it may read."]
        self.where.setText("\n".join(lines))
        self.ask_page.hide()
        self.key_page.show()
        self.adjustSize()
        self.created.emit(str(app_key.app_did))

    def copy(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None and self.key.text():
            clipboard.setText(self.key.text())
            self.copy_button.setText("Copied")
