"""The passphrase questions Settings asks: change it (old, new twice), or a backup's.

Changing: the current passphrase, a new one with its strength, and the new one again (the
hint says when the two differ); OK only when the new one is long enough and both match.
Restoring: the passphrase that was current when the backup was made. The dialog only
collects words; the vault checks them (``Vault.change_passphrase``, ``vault.backup.restore``).
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from app.gui.dialogs import MIN_PASSPHRASE, strength


def _secret() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class PassphraseDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, ask_old: bool = True,
                 restoring: bool = False) -> None:
        super().__init__(parent)
        self.restoring = restoring
        self.setWindowTitle("Restore a backup" if restoring else "Change passphrase")
        form = QFormLayout(self)
        self.old = _secret()
        self.new = _secret()
        self.repeat = _secret()
        self.hint = QLabel("")
        if restoring:
            intro = QLabel("Type the passphrase that opened Hearth when this backup was made. "
                           "Your vault is replaced by the backup; nothing changes if the "
                           "passphrase is wrong.")
            intro.setWordWrap(True)
            form.addRow(intro)
            form.addRow("Backup's passphrase", self.old)
        else:
            if ask_old:
                form.addRow("Current passphrase", self.old)
            form.addRow("New passphrase", self.new)
            form.addRow("Repeat it", self.repeat)
            form.addRow("", self.hint)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        for field in (self.old, self.new, self.repeat):
            field.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if self.restoring:
            ok_button.setEnabled(bool(self.old.text()))
            return
        new, again = self.new.text(), self.repeat.text()
        _score, words = strength(new)
        if again and again != new and (len(again) >= len(new) or not new.startswith(again)):
            words = "The two new passphrases differ"
        self.hint.setText(words)
        ok_button.setEnabled(bool(self.old.text()) and len(new) >= MIN_PASSPHRASE and new == again)

    def old_passphrase(self) -> str:
        return self.old.text()

    def new_passphrase(self) -> str:
        return self.new.text()
