"""The system tray icon and its menu: Quick ask, Open Hearth, Lock, Quit.

Whether a tray exists is injected (``available``), so tests and desktops
without a tray host take the same path: no icon, Hearth keeps working, and
the main window says once that closing it quits.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from app.gui.icons import app_icon


def tray_available() -> bool:
    return bool(QSystemTrayIcon.isSystemTrayAvailable())


class Tray(QObject):
    quick_ask = Signal()
    open_window = Signal()
    lock = Signal()
    quit = Signal()

    def __init__(self, *, available: bool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.available = tray_available() if available is None else available
        self.menu = QMenu()
        self.quick_action = QAction("Quick ask", self.menu)
        self.open_action = QAction("Open Hearth", self.menu)
        self.lock_action = QAction("Lock", self.menu)
        self.quit_action = QAction("Quit", self.menu)
        self.quick_action.triggered.connect(self.quick_ask)
        self.open_action.triggered.connect(self.open_window)
        self.lock_action.triggered.connect(self.lock)
        self.quit_action.triggered.connect(self.quit)
        for action in (self.quick_action, self.open_action, self.lock_action):
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.icon: QSystemTrayIcon | None = None
        if self.available:
            self.icon = QSystemTrayIcon(app_icon(), self)
            self.icon.setToolTip("Hearth")
            self.icon.setContextMenu(self.menu)
            self.icon.activated.connect(self._activated)
            self.icon.show()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.quick_ask.emit()
        elif reason == QSystemTrayIcon.ActivationReason.DoubleClick:
            self.open_window.emit()

    def set_locked(self, locked: bool) -> None:
        self.lock_action.setEnabled(not locked)
        if self.icon is not None:
            self.icon.setToolTip("Hearth (locked)" if locked else "Hearth")

    def notify(self, title: str, text: str) -> None:
        if self.icon is not None and self.icon.supportsMessages():
            self.icon.showMessage(title, text, app_icon(), 4000)

    def hide(self) -> None:
        if self.icon is not None:
            self.icon.hide()
