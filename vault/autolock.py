"""Auto-lock: lock the vault after it has been idle for a set time.

A daemon thread polls the vault's idle time; when it passes the limit it
calls :meth:`Vault.lock`, which closes the database and wipes the key, and
the vault's ``on_lock`` callbacks tell the rest of the app.
"""

from __future__ import annotations

import threading

from vault.store import Vault


class AutoLock:
    def __init__(self, vault: Vault, *, idle_seconds: float, poll_seconds: float = 5.0) -> None:
        self.vault = vault
        self.idle_seconds = idle_seconds
        self._poll = min(poll_seconds, max(idle_seconds / 4, 0.05))
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="hearth-autolock", daemon=True)

    def start(self) -> AutoLock:
        if self.idle_seconds > 0:
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.wait(self._poll):
            if not self.vault.is_open:
                return
            if self.vault.idle_seconds() >= self.idle_seconds:
                self.vault.lock()
                return
