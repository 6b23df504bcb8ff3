"""The desktop session: the vault (when unlocked), its auto-lock, and the worker runner.

The session owns every long-lived core object the views share. It opens and
creates the vault on the vault worker (scrypt takes half a second), starts
auto-lock, and turns the vault's ``on_lock`` callback, which may run on any
thread, into the ``locked`` signal on the GUI thread. Views hold no vault of
their own: they ask the session, and clear their personal content on
``locked``.

Locking has a quick half and a slow half. The quick half runs on the GUI
thread inside :meth:`Session.lock`: the session forgets the vault and emits
``locked``, so every view is cleared and the lock screen is up before control
returns to the event loop. The slow half runs on the runner's lock worker:
background embedding and watching stop, the vector index is sealed (seconds
for 100k passages) and the vault connection closes. Auto-lock closes the vault
on its own thread; the session's lock hook, the vault's first ``on_lock``
callback, seals there and tells the GUI thread. Either way:

* a seal that fails is reported through ``seal_failed`` (the vault itself is
  safe: the index is brought level with it at the next unlock);
* an unlock waits for every seal under way, so one index copy is open at a
  time and it unseals a complete file;
* :meth:`Session.shutdown` (quit) waits for them too.

The session's own state (``vault``, the auto-lock) changes on the GUI thread only.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

from app.gui import library
from app.gui.runner import LOCK, VAULT, Runner, Task
from vault import Keychain, Vault, VaultLocked, vault_exists
from vault.autolock import AutoLock

log = logging.getLogger(__name__)

#: Auto-lock after this many idle minutes until the vault's own setting has been read.
DEFAULT_AUTOLOCK_MINUTES = 15.0


class Pending:
    """How many seals are under way, counted across threads; :meth:`wait` for none."""

    def __init__(self) -> None:
        self._count = 0
        self._changed = threading.Condition()

    def begin(self) -> None:
        with self._changed:
            self._count += 1

    def end(self) -> None:
        with self._changed:
            self._count -= 1
            if self._count == 0:
                self._changed.notify_all()

    def busy(self) -> bool:
        with self._changed:
            return self._count > 0

    def wait(self, timeout: float | None = None) -> bool:
        """Block until no seal is under way; False if ``timeout`` passed first."""
        with self._changed:
            return self._changed.wait_for(lambda: self._count == 0, timeout)


class Session(QObject):
    """Holds the open vault and tells the GUI when it opens and locks."""

    unlocked = Signal(object)     # the Vault
    locked = Signal()
    sealed = Signal()             # a lock's slow half is over (index sealed, vault closed)
    seal_failed = Signal(object)  # the error: the search index could not be sealed
    _lock_seen = Signal(object)   # the Vault that locked, from whichever thread locked it
    _seal_error = Signal(object)

    def __init__(self, *, keychain: Keychain | None = None, runner: Runner | None = None,
                 home: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.keychain = keychain if keychain is not None else Keychain()
        self.runner = runner if runner is not None else Runner(parent=self)
        self.home = home
        self.vault: Vault | None = None
        self._autolock: AutoLock | None = None
        self._autolock_minutes = DEFAULT_AUTOLOCK_MINUTES
        self.seals = Pending()
        self._lock_seen.connect(self._after_lock, Qt.ConnectionType.QueuedConnection)
        self._seal_error.connect(self.seal_failed, Qt.ConnectionType.QueuedConnection)

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

    def while_open(self, resource: str, fn: Callable[..., Any], *args: Any, name: str = "") -> Task:
        """Submit vault work whose result reaches the GUI only while the vault it ran against is
        still the open one: a listing that finishes just before a lock is never shown after it."""
        vault = self.vault
        task = self.runner.submit(resource, fn, *args, name=name)
        task.only_while = lambda: self.vault is vault and self.is_open
        return task

    @property
    def sealing(self) -> bool:
        """Whether a lock's seal is still under way (on the lock worker or auto-lock's thread)."""
        return self.seals.busy()

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
            # The last lock's seal first: its index must be whole on disk before this vault's
            # index unseals it, and never open twice.
            self.seals.wait()
            vault = make()
            return vault, autolock_minutes(vault)

        task = self.runner.submit(VAULT, work, name="open-vault")
        task.succeeded.connect(self._adopt)
        return task

    @Slot(object)
    def _adopt(self, opened: tuple[Vault, float]) -> None:
        vault, minutes = opened
        self.vault = vault
        # Registered before anything can open an index for this vault, so it runs first.
        vault.on_lock(lambda: self._vault_locking(vault))
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
        """Lock now (menu, tray, quit): views clear at once, the index seals in the background.

        Running jobs are cancelled first."""
        self.runner.cancel_all()
        vault = self.vault
        if vault is not None and self._forget(vault):
            self._close_later(vault)

    @Slot(object)
    def _after_lock(self, vault: Vault) -> None:
        # Auto-lock (or anyone but lock()) closed it: clear the GUI, then wait out its seal
        # on the lock worker, which is what an unlock and a quit wait for.
        if self._forget(vault):
            self._close_later(vault)

    def _forget(self, vault: Vault) -> bool:
        """The quick half, on the GUI thread: no vault, no auto-lock, ``locked`` emitted."""
        if self.vault is not vault:
            return False
        if self._autolock is not None:
            self._autolock.stop()
            self._autolock = None
        self.vault = None
        self.locked.emit()
        return True

    def _close_later(self, vault: Vault) -> None:
        self.seals.begin()
        if self.runner.closed or self.runner.inline:
            # Nothing runs on a closed runner: seal here rather than never (and inline, as asked).
            self._close(vault)
            self.sealed.emit()
            return
        self.runner.submit(LOCK, self._close, vault, name="lock-vault").on(
            finished=self.sealed.emit)

    def _close(self, vault: Vault) -> None:
        """The slow half, on the lock worker."""
        try:
            vault.lock()       # its first on_lock callback, _vault_locking, seals the index here
            self._seal(vault)  # ...unless auto-lock's thread got there first: this waits for it
        finally:
            self.seals.end()

    def _vault_locking(self, vault: Vault) -> None:
        """The vault's first ``on_lock`` callback: on the locking thread, connection closed."""
        self.seals.begin()
        try:
            self._lock_seen.emit(vault)
            self._seal(vault)
        finally:
            self.seals.end()

    def _seal(self, vault: Vault) -> None:
        try:
            library.seal(vault)
        except Exception as exc:  # shown to the person; the vault holds every vector, so no loss
            log.warning("sealing the vector index failed: %s", exc)
            self._seal_error.emit(exc)

    def touch(self) -> None:
        """User activity counts as use, so auto-lock waits for real idleness."""
        vault = self.vault
        if vault is not None:
            with contextlib.suppress(Exception):
                vault.touch()

    def shutdown(self) -> None:
        """Lock, wait for every seal under way (a quit must not cut the sealed file short),
        then stop the workers."""
        self.lock()
        self.seals.wait()
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
