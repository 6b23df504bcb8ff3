"""Pairing two of the person's computers in the window: one shows a code, the other takes it.

:class:`ServePairingDialog` is the computer with the models: it shows a one-time code (selectable
text and a Copy button; no QR code, as no QR library ships with Hearth), then the request that
arrives with it: the other device's name and the 6 digits, with Confirm and Cancel. Nothing is
stored unless the person confirms digits that match.

:class:`AskPairingDialog` is the computer that will use them: paste the code (or open a file
holding it); the 6 digits both screens will show appear at once (they come from both link keys,
no connection needed); choose whether that computer may answer from the person's data; Pair.
While it waits for the other computer's confirmation, Cancel (or closing the dialog) stops the
wait at once: the link closes, the other computer's dialog says the attempt ended, and nothing
is paired on either side.

Everything slow runs on the link worker (:class:`app.gui.link_host.LinkHost`); a failure (an
expired or used code, wrong digits, a computer that cannot be reached) is said in one plain line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QDateTime, QLocale, Qt, QTimer
from PySide6.QtGui import QFont, QGuiApplication, QTextOption
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.dialogs import error_text
from app.gui.link_host import LinkHost
from app.gui.widgets import note

#: How often the serving dialog looks for a pairing request (memory only, no vault, no network).
POLL_MS = 250


def _digits_label() -> QLabel:
    label = QLabel("")
    font = QFont()
    font.setPointSize(22)
    font.setBold(True)
    font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 4)
    label.setFont(font)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setObjectName("pairingDigits")
    return label


def _line() -> QLabel:
    label = note("")
    label.setObjectName("pairingStatus")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ServePairingDialog(QDialog):
    """This computer's code, then the request with its 6 digits: Confirm or Cancel."""

    def __init__(self, link: LinkHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.link = link
        self.code_text = ""
        self.request: tuple[str, str] | None = None
        self.setWindowTitle("Pair a device with this computer")
        self.setMinimumWidth(520)
        col = QVBoxLayout(self)
        col.addWidget(note("On your other computer, open Hearth, go to Models \u2192 Your devices, "
                           "choose \u201cPair with a computer\u2026\u201d and paste this code. It works "
                           "once, for 10 minutes."))
        self.code = QPlainTextEdit()
        self.code.setReadOnly(True)
        self.code.setMaximumHeight(90)
        self.code.setWordWrapMode(QTextOption.WrapMode.WrapAnywhere)   # one long word, no hyphen break
        self.code.setPlaceholderText("Making a code\u2026")
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        col.addWidget(self.code)
        row = QHBoxLayout()
        self.copy_button = QPushButton("Copy")
        self.copy_button.setEnabled(False)
        self.expires = note("", name="muted")
        row.addWidget(self.copy_button)
        row.addWidget(self.expires, 1)
        col.addLayout(row)
        self.asks = note("")
        self.asks.hide()
        col.addWidget(self.asks)
        self.digits = _digits_label()
        self.digits.hide()
        col.addWidget(self.digits)
        buttons = QHBoxLayout()
        self.confirm_button = QPushButton("Confirm")
        self.confirm_button.setObjectName("primary")
        self.cancel_button = QPushButton("Cancel")
        for b in (self.confirm_button, self.cancel_button):
            b.hide()
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.close_button = QPushButton("Close")
        buttons.addWidget(self.close_button)
        col.addLayout(buttons)
        self.status = _line()
        col.addWidget(self.status)
        self.copy_button.clicked.connect(self.copy)
        self.confirm_button.clicked.connect(self.confirm)
        self.cancel_button.clicked.connect(self.decline)
        self.close_button.clicked.connect(self.reject)
        self.poll = QTimer(self, interval=POLL_MS)
        self.poll.timeout.connect(self._look)
        link.said.connect(self._said)
        self.task = link.new_code().on(done=self._show_code, error=self._error)

    def _show_code(self, made: tuple[str, float]) -> None:
        if not shiboken6.isValid(self.code):
            return
        self.code_text, expires_at = made
        self.code.setPlainText(self.code_text)
        self.copy_button.setEnabled(True)
        until = self.locale().toString(QDateTime.fromSecsSinceEpoch(int(expires_at)).time(),
                                       QLocale.FormatType.ShortFormat)
        self.expires.setText(f"Valid until {until}, for one device.")
        self.status.setText("Waiting for your other computer\u2026")
        self.poll.start()

    def _error(self, exc: BaseException) -> None:
        if shiboken6.isValid(self.status):
            self.status.setText(error_text(exc))

    def copy(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None and self.code_text:
            clipboard.setText(self.code_text)
            self.status.setText("Copied. Paste it on your other computer.")

    def _look(self) -> None:
        waiting = self.link.waiting()
        if waiting is None and self.request is not None:
            # Shown, then gone without an answer here: the other computer cancelled (or the
            # wait ran out).
            for b in (self.confirm_button, self.cancel_button):
                b.hide()
            self.poll.stop()
            self.status.setText(f"{self.request[0]} is no longer waiting: the pairing ended and "
                                "nothing was stored.")
            return
        if waiting is None or waiting == self.request:
            return
        self.request = waiting
        name, digits = waiting
        self.asks.setText(f"{name} asks to use this computer's models. Confirm only if {name} shows "
                          "these same 6 digits:")
        self.digits.setText(digits)
        for w in (self.asks, self.digits, self.confirm_button, self.cancel_button):
            w.show()
        self.confirm_button.setDefault(True)
        self.status.setText("")

    def confirm(self) -> dict[str, Any]:
        return self._answer(self.request[1] if self.request else "")

    def decline(self) -> dict[str, Any]:
        return self._answer("")

    def _answer(self, digits: str) -> dict[str, Any]:
        result = self.link.confirm(digits) if digits else self.link.decline()
        for w in (self.confirm_button, self.cancel_button):
            w.hide()
        self.poll.stop()
        name = self.request[0] if self.request else "The device"
        if not result.get("ok"):
            self.status.setText(str(result.get("error") or "The pairing was not made."))
        elif digits:
            self.status.setText(f"Paired: {result.get('device') or name} can use this computer's "
                                "models now. Unpair it any time in Privacy.")
        else:
            self.status.setText(f"Cancelled: {name} was not paired and nothing was stored.")
        return result

    def _said(self, line: str) -> None:
        if shiboken6.isValid(self.status) and line.startswith("refused ") and self.request is None:
            self.status.setText(line[:1].upper() + line[1:])

    def done(self, result: int) -> None:
        self.poll.stop()
        if self.request is not None and self.link.waiting() == self.request:
            self.link.decline()   # closed without an answer: nothing is stored
        super().done(result)


class AskPairingDialog(QDialog):
    """Take another computer's code, compare the 6 digits, choose "may answer from my data", Pair."""

    def __init__(self, link: LinkHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.link = link
        self.expected = ""
        self.shown = ""
        self.peer: Any = None
        self.task: Any = None       # the pairing under way, until it ends
        self.setWindowTitle("Pair with a computer")
        self.setMinimumWidth(520)
        col = QVBoxLayout(self)
        col.addWidget(note("On the computer with the models: in Settings, turn on \u201cLet my other "
                           "devices use this computer's models\u201d, then in Models \u2192 Your devices "
                           "choose \u201cShow a pairing code\u2026\u201d. Paste that code here."))
        self.code = QPlainTextEdit()
        self.code.setPlaceholderText("hearth-link:\u2026")
        self.code.setMaximumHeight(90)
        self.code.setWordWrapMode(QTextOption.WrapMode.WrapAnywhere)   # one long word, no hyphen break
        col.addWidget(self.code)
        row = QHBoxLayout()
        self.open_button = QPushButton("Open a file\u2026")
        row.addWidget(self.open_button)
        row.addStretch(1)
        col.addLayout(row)
        self.digits_note = note("Both screens will show:")
        self.digits = _digits_label()
        for w in (self.digits_note, self.digits):
            w.hide()
            col.addWidget(w)
        name_row = QHBoxLayout()
        name_row.addWidget(QLabel("Call it"))
        self.name = QLineEdit()
        self.name.setPlaceholderText("its own name, e.g. desk")
        self.name.setMaxLength(40)
        name_row.addWidget(self.name, 1)
        col.addLayout(name_row)
        self.personal_yes = QRadioButton("It may answer from my data: excerpts of my files go to it "
                                         "with my questions")
        self.personal_no = QRadioButton("General questions only: my files stay on this computer")
        self.personal_no.setChecked(True)
        group = QButtonGroup(self)
        for b in (self.personal_yes, self.personal_no):
            group.addButton(b)
            col.addWidget(b)
        buttons = QHBoxLayout()
        self.pair_button = QPushButton("Pair")
        self.pair_button.setObjectName("primary")
        self.pair_button.setEnabled(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop waiting: nothing is paired on either computer")
        self.cancel_button.hide()
        self.close_button = QPushButton("Close")
        buttons.addWidget(self.pair_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        col.addLayout(buttons)
        self.status = _line()
        col.addWidget(self.status)
        self._debounce = QTimer(self, singleShot=True, interval=300)
        self._debounce.timeout.connect(self._read_code)
        self.code.textChanged.connect(self._debounce.start)
        self.open_button.clicked.connect(lambda: self.open_file())
        self.pair_button.clicked.connect(lambda: self.pair())
        self.cancel_button.clicked.connect(self.reject)
        self.close_button.clicked.connect(self.reject)

    def open_file(self, path: Path | None = None) -> None:
        if path is None:
            name, _ = QFileDialog.getOpenFileName(self, "Open a pairing code", "",
                                                  "Text files (*.txt);;All files (*)")
            if not name:
                return
            path = Path(name)
        try:
            if path.stat().st_size > 4096:
                raise ValueError
            self.code.setPlainText(path.read_text(encoding="utf-8").strip())
        except (OSError, ValueError):
            self.status.setText(f"{path.name} does not hold a pairing code.")

    def _read_code(self) -> Any:
        text = self.code.toPlainText().strip()
        self.expected = ""
        self.pair_button.setEnabled(False)
        for w in (self.digits_note, self.digits):
            w.hide()
        if not text:
            self.status.setText("")
            return None
        return self.link.expected_digits(text).on(done=lambda d: self._digits(text, d),
                                                  error=self._error)

    def _digits(self, text: str, digits: str) -> None:
        if not shiboken6.isValid(self.code) or self.code.toPlainText().strip() != text:
            return
        self.expected = digits
        self.digits.setText(digits)
        for w in (self.digits_note, self.digits):
            w.show()
        self.pair_button.setEnabled(True)
        self.status.setText("Check the other computer shows the same digits when you press Pair.")

    def pair(self) -> Any:
        text = self.code.toPlainText().strip()
        if not text:
            self.status.setText("Paste the code the other computer shows first.")
            return None
        self.pair_button.setEnabled(False)
        self.status.setText("Connecting\u2026")
        self.cancel_button.show()
        self.close_button.hide()
        self.task = self.link.pair(text, name=self.name.text().strip() or None,
                                   personal=self.personal_yes.isChecked()).on(
            progress=self._asked, done=self._paired, error=self._failed, finished=self._ended)
        return self.task

    def _ended(self) -> None:
        if shiboken6.isValid(self.cancel_button):
            self.cancel_button.hide()
            self.close_button.show()

    def done(self, result: int) -> None:
        """Closed (Cancel, Close, Esc) while the pairing waits: it is cancelled at once; the
        link closes within a tenth of a second, the other computer sees the attempt end, and
        nothing is stored on either side."""
        task, self.task = self.task, None
        if task is not None and not task.done:
            task.abandon()
        super().done(result)

    def _asked(self, digits: object) -> None:
        if shiboken6.isValid(self.status):
            self.shown = str(digits)
            self.digits.setText(self.shown)
            self.status.setText(f"Waiting: confirm {self.shown} on the other computer.")

    def _paired(self, peer: Any) -> None:
        self.peer = peer
        if not shiboken6.isValid(self.status):
            return
        may = "may answer from your data" if peer.personal else "answers general questions only"
        self.status.setText(f"Paired with {peer.name}: it {may}. Choose it in Models \u2192 Your "
                            "devices, or in the chat's list of models.")
        self.close_button.setText("Done")

    def _failed(self, exc: BaseException) -> None:
        if shiboken6.isValid(self.status):
            self.status.setText(error_text(exc))
            self.pair_button.setEnabled(bool(self.expected))

    def _error(self, exc: BaseException) -> None:
        if shiboken6.isValid(self.status):
            self.status.setText(error_text(exc))
