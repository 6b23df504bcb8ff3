"""The desktop session: the vault (when unlocked), its auto-lock, and the worker runner.

The session owns every long-lived core object the views share. It opens and
creates the vault on the vault worker (scrypt takes half a second), starts
auto-lock, and turns the vault's ``on_lock`` callback, which may run on any
thread, into the ``locked`` signal on the GUI thread. Views hold no vault of
their own: they ask the session, and clear their personal content on
``locked``.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

from app.gui.runner import VAULT, Runner, Task
from vault import Keychain, Vault, VaultLocked, vault_exists
from vault.autolock import AutoLock

log = logging.getLogger(__name__)

#: Auto-lock after this many idle minutes until the vault's own setting has been read.
DEFAULT_AUTOLOCK_MINUTES = 15.0


class Session(QObject):
    """Holds the open vault and tells the GUI when it opens and locks."""

    unlocked = Signal(object)   # the Vault
    locked = Signal()
    _lock_seen = Signal()

    def __init__(self, *, keychain: Keychain | None = None, runner: Runner | None = None,
                 home: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.keychain = keychain if keychain is not None else Keychain()
        self.runner = runner if runner is not None else Runner(parent=self)
        self.home = home
        self.vault: Vault | None = None
        self._autolock: AutoLock | None = None
        self._autolock_minutes = DEFAULT_AUTOLOCK_MINUTES
        self._lock_seen.connect(self._after_lock, Qt.ConnectionType.QueuedConnection)

    # -- state -------------------------------------------------------------------------------------

    def vault_exists(self) -> bool:
        return vault_exists(self.home)

    @property
    def is_open(self) -> bool:
        return self.vault is not None and self.vault.is_open

    def require_vault(self) -> Vault:
        """The open vault, or VaultLocked (shown to the user like any vault error)."""
        vault = self.vault
        if vault is None or not vault.is_open:
            raise VaultLocked("the vault is locked")
        return vault

    # -- opening -----------------------------------------------------------------------------------

    def try_keychain(self) -> Task:
        """Open with a remembered key; fails with VaultLocked when a passphrase is needed."""
        return self._open(lambda: Vault.unlock(home=self.home, keychain=self.keychain))

    def unlock(self, passphrase: str) -> Task:
        return self._open(lambda: Vault.unlock(home=self.home, passphrase=passphrase,
                                               keychain=self.keychain))

    def create(self, passphrase: str, *, remember: bool) -> Task:
        from app.services import create_vault

        return self._open(lambda: create_vault(passphrase, remember=remember,
                                               keychain=self.keychain, home=self.home))

    def _open(self, make: Callable[[], Vault]) -> Task:
        def work() -> tuple[Vault, float]:
            vault = make()
            return vault, autolock_minutes(vault)

        task = self.runner.submit(VAULT, work, name="open-vault")
        task.succeeded.connect(self._adopt)
        return task

    @Slot(object)
    def _adopt(self, opened: tuple[Vault, float]) -> None:
        vault, minutes = opened
        self.vault = vault
        vault.on_lock(self._lock_seen.emit)
        self.restart_autolock(minutes)
        self.unlocked.emit(vault)

    def restart_autolock(self, minutes: Any = None) -> None:
        """(Re)start auto-lock after ``minutes`` idle, as the setting holds it (None: as last
        set; 0: never). Reads nothing from the vault: the GUI thread does not wait on it."""
        if minutes is not None:
            self._autolock_minutes = as_minutes(minutes)
        if self._autolock is not None:
            self._autolock.stop()
            self._autolock = None
        vault = self.vault
        if vault is None or not vault.is_open:
            return
        if self._autolock_minutes > 0:
            self._autolock = AutoLock(vault, idle_seconds=self._autolock_minutes * 60).start()

    # -- closing -----------------------------------------------------------------------------------

    def lock(self) -> None:
        """Lock now (menu, tray, quit). Running jobs are cancelled first."""
        self.runner.cancel_all()
        vault = self.vault
        if vault is not None:
            # The vault's own lock serialises this with any job still inside it.
            vault.lock()
        self._after_lock()

    @Slot()
    def _after_lock(self) -> None:
        if self.vault is None:
            return
        if self._autolock is not None:
            self._autolock.stop()
            self._autolock = None
        self.vault = None
        self.locked.emit()

    def touch(self) -> None:
        """User activity counts as use, so auto-lock waits for real idleness."""
        vault = self.vault
        if vault is not None:
            with contextlib.suppress(Exception):
                vault.touch()

    def shutdown(self) -> None:
        self.lock()
        self.runner.shutdown(wait=False)


def autolock_minutes(vault: Vault) -> float:
    """The auto-lock setting (a vault read: call it on the vault worker)."""
    from vault.settings import get_setting

    try:
        return as_minutes(get_setting(vault, "autolock_minutes"))
    except Exception:  # a damaged setting must not keep the vault open forever
        return DEFAULT_AUTOLOCK_MINUTES


def as_minutes(value: Any) -> float:
    try:
        return float(value or 0)
    except (TypeError, ValueError):  # a damaged setting must not keep the vault open forever
        return DEFAULT_AUTOLOCK_MINUTES
