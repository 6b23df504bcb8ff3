"""Forms and dialogs: create the vault, unlock it, consent to an app, show errors.

The create and unlock forms are panels inside the main window (so the window
appears at once, before the vault or any model is open); they emit
``submitted`` and show the outcome inline. Errors from the core are shown as
their one-line message; anything else is logged as a bug and shown briefly.
"""

from __future__ import annotations

import logging
import math
import string
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.errors import EngineError
from identity.errors import IdentityError
from vault import VaultError

log = logging.getLogger(__name__)

MIN_PASSPHRASE = 8
# The same tuple as app.services.USER_ERRORS, without importing app.services at start
# (it pulls in didkit, which the window must not wait for).
USER_ERRORS: tuple[type[BaseException], ...] = (VaultError, EngineError, IdentityError)


def error_text(exc: BaseException) -> str:
    """What the user reads for an error: our errors as written, bugs as a short notice."""
    if isinstance(exc, USER_ERRORS):
        return str(exc) or type(exc).__name__
    log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    return f"Something went wrong inside Hearth ({type(exc).__name__}). It has been logged."


def show_error(parent: QWidget | None, exc: BaseException, *, title: str = "Hearth") -> None:
    QMessageBox.warning(parent, title, error_text(exc))


class Banner(QLabel):
    """An inline message line; hidden while empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        # Errors quote names and messages from outside (files, the Hub, apps): text, never HTML.
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_error(self, exc: BaseException | str) -> None:
        self._show(exc if isinstance(exc, str) else error_text(exc), "#fdecea", "#8a1c12")

    def show_info(self, text: str) -> None:
        self._show(text, "#eef4fb", "#1d3f66")

    def _show(self, text: str, bg: str, fg: str) -> None:
        self.setStyleSheet(f"QLabel {{ background: {bg}; color: {fg}; padding: 8px; "
                           "border-radius: 4px; }")
        self.setText(text)
        self.show()

    def clear(self) -> None:
        self.setText("")
        self.hide()


def strength(passphrase: str) -> tuple[int, str]:
    """A rough strength score 0..4 and its words (length and variety, no dictionary)."""
    if not passphrase:
        return 0, ""
    pools = [string.ascii_lowercase, string.ascii_uppercase, string.digits, string.punctuation]
    pool = sum(len(p) for p in pools if any(c in p for c in passphrase))
    pool += 100 if any(ord(c) > 127 for c in passphrase) else 0
    words = len(passphrase.split())
    bits = len(passphrase) * math.log2(max(pool, 2))
    if words >= 4:
        bits = max(bits, 44.0)
    if len(passphrase) < MIN_PASSPHRASE:
        return 0, f"Too short: use at least {MIN_PASSPHRASE} characters"
    for limit, score, text in ((40, 1, "Weak: add more words"), (60, 2, "Fair"),
                               (80, 3, "Good")):
        if bits < limit:
            return score, text
    return 4, "Strong"


class _Panel(QWidget):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        self.box = QWidget()
        self.box.setMinimumWidth(380)
        self.box.setMaximumWidth(460)
        self.form = QVBoxLayout(self.box)
        from app.gui.icons import app_icon

        mark = QLabel()
        mark.setPixmap(app_icon().pixmap(72, 72))
        mark.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.form.addWidget(mark)
        heading = QLabel(f"<h2>{title}</h2>")
        heading.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.form.addWidget(heading)
        outer.addWidget(self.box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self.banner = Banner()

    def set_busy(self, busy: bool) -> None:
        self.box.setEnabled(not busy)


class CreateVaultPanel(_Panel):
    """First run: choose a passphrase (twice), see its strength, choose to remember it."""

    submitted = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Welcome to Hearth", parent)
        intro = QLabel("Hearth keeps everything you give it in an encrypted vault on this "
                       "computer. Choose a passphrase to lock it.")
        intro.setWordWrap(True)
        self.form.addWidget(intro)
        fields = QFormLayout()
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setObjectName("new-passphrase")
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setObjectName("repeat-passphrase")
        self.hint = QLabel("")
        fields.addRow("Passphrase", self.passphrase)
        fields.addRow("Repeat it", self.repeat)
        fields.addRow("", self.hint)
        self.form.addLayout(fields)
        self.remember = QCheckBox("Remember on this device (unlock without typing it)")
        self.form.addWidget(self.remember)
        warning = QLabel("<b>Keep your passphrase safe.</b> If you forget it, nobody can "
                         "recover your vault: not you, not Hearth.")
        warning.setWordWrap(True)
        self.form.addWidget(warning)
        self.form.addWidget(self.banner)
        self.create_button = QPushButton("Create my vault")
        self.create_button.setDefault(True)
        self.form.addWidget(self.create_button)
        self.passphrase.textChanged.connect(self._update)
        self.repeat.textChanged.connect(self._update)
        self.create_button.clicked.connect(self._submit)
        self.repeat.returnPressed.connect(self._submit)
        self._update()

    def _update(self) -> None:
        score, words = strength(self.passphrase.text())
        colour = ["#b3261e", "#b3261e", "#a15c00", "#2e7d32", "#1b5e20"][score]
        typed, again = self.passphrase.text(), self.repeat.text()
        # The second field is judged once it is as long as the first: no alarm mid-typing.
        if again and (len(again) >= len(typed) or not typed.startswith(again)) and again != typed:
            colour, words = "#b3261e", "The two passphrases differ"
        elif again and again == typed and score >= 2:
            words += " · they match"
        self.hint.setText(f"<span style='color:{colour}'>{words}</span>")
        ok = len(typed) >= MIN_PASSPHRASE and typed == again
        self.create_button.setEnabled(ok)

    def _submit(self) -> None:
        if self.passphrase.text() != self.repeat.text():
            self.banner.show_error("The two passphrases differ.")
            return
        if len(self.passphrase.text()) < MIN_PASSPHRASE:
            self.banner.show_error(f"Use at least {MIN_PASSPHRASE} characters.")
            return
        self.banner.clear()
        self.submitted.emit(self.passphrase.text(), self.remember.isChecked())

    def reset(self) -> None:
        self.passphrase.clear()
        self.repeat.clear()
        self.banner.clear()
        self.set_busy(False)


class UnlockPanel(_Panel):
    """Later runs: the passphrase, unless the keychain already opened the vault."""

    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Unlock Hearth", parent)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText("Vault passphrase")
        self.passphrase.setObjectName("unlock-passphrase")
        self.form.addWidget(self.passphrase)
        self.form.addWidget(self.banner)
        self.unlock_button = QPushButton("Unlock")
        self.unlock_button.setDefault(True)
        self.form.addWidget(self.unlock_button)
        self.unlock_button.clicked.connect(self._submit)
        self.passphrase.returnPressed.connect(self._submit)

    def _submit(self) -> None:
        if not self.passphrase.text():
            self.banner.show_error("Type your passphrase.")
            return
        self.banner.clear()
        self.submitted.emit(self.passphrase.text())

    def reset(self) -> None:
        self.passphrase.clear()
        self.banner.clear()
        self.set_busy(False)
        self.passphrase.setFocus()


EXPIRY_DAYS = (1, 7, 30, 90)


class ConsentDialog(QDialog):
    """An app asks for access: who it is, what it wants and why; the user decides.

    ``decision()`` after ``exec()``: ``None`` (denied) or a dict with the
    scopes the user left ticked, ``once`` (only this time) and ``days``.
    """

    def __init__(self, *, app_name: str, did: str, exe_path: str, scopes: list[tuple[str, str]],
                 purpose: str, days: int = 30, claimed_exe_path: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Hearth: {app_name} asks for access")
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        layout = QVBoxLayout(self)
        fingerprint = did[-8:] if did else "?"
        # ``exe_path`` is what Hearth saw running (/proc/PID/exe of the connection); the app's own
        # word about its path is shown only as its claim, and only when it differs.
        claim = ""
        if claimed_exe_path and claimed_exe_path != exe_path:
            claim = f"<br><i>It says it is</i> <code>{_esc(claimed_exe_path)}</code> (not checked)"
        who = QLabel(f"<h3>{_esc(app_name)} wants to use your Hearth</h3>"
                     f"<p>Program: <code>{_esc(exe_path or 'unknown')}</code>{claim}<br>"
                     f"Identity: <code>…{_esc(fingerprint)}</code></p>"
                     f"<p>Purpose: {_esc(purpose or 'not given')}</p>")
        who.setWordWrap(True)
        layout.addWidget(who)
        layout.addWidget(QLabel("It asks to (untick what you do not want to give):"))
        self.scope_list = QListWidget()
        for name, label in scopes:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setToolTip(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.scope_list.addItem(item)
        # Every scope readable in full: wrapped, no sideways scrolling, as tall as its rows.
        self.scope_list.setWordWrap(True)
        self.scope_list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.scope_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scope_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMinimumWidth(560)
        rows = sum(max(self.scope_list.sizeHintForRow(i), 22) for i in range(self.scope_list.count()))
        self.scope_list.setMinimumHeight(rows + 2 * self.scope_list.frameWidth() + 4)
        layout.addWidget(self.scope_list)
        self.expiry = QComboBox()
        for n in sorted({*EXPIRY_DAYS, days}):
            self.expiry.addItem(f"Allow for {n} day{'s' if n != 1 else ''}", n)
        self.expiry.setCurrentIndex(self.expiry.findData(days))
        layout.addWidget(self.expiry)
        buttons = QDialogButtonBox()
        self.allow_button = buttons.addButton("Allow", QDialogButtonBox.ButtonRole.AcceptRole)
        self.once_button = buttons.addButton("Only this time", QDialogButtonBox.ButtonRole.AcceptRole)
        self.deny_button = buttons.addButton("Deny", QDialogButtonBox.ButtonRole.RejectRole)
        layout.addWidget(buttons)
        self._once = False
        self.allow_button.clicked.connect(lambda: self._accept(False))
        self.once_button.clicked.connect(lambda: self._accept(True))
        self.deny_button.clicked.connect(self.reject)

    def _accept(self, once: bool) -> None:
        self._once = once
        self.accept()

    def decision(self) -> dict[str, Any] | None:
        if self.result() != QDialog.DialogCode.Accepted:
            return None
        scopes = [str(self.scope_list.item(i).data(Qt.ItemDataRole.UserRole))
                  for i in range(self.scope_list.count())
                  if self.scope_list.item(i).checkState() == Qt.CheckState.Checked]
        if not scopes:
            return None
        return {"scopes": scopes, "once": self._once, "days": int(self.expiry.currentData())}


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
