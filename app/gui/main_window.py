"""The main window: the lock screen (create or unlock) and, once open, the workspace.

The window is built and shown before the vault opens or any model loads; its
pages are the first-run form, the unlock form, and the workspace (a side bar
of views: Chat, Library, Models, Privacy, Settings). On lock, every view is
told to forget what it shows and the window returns to the unlock form.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.gui.dialogs import CreateVaultPanel, UnlockPanel
from app.gui.icons import app_icon

#: The chat's own keys (its text box and transcript), as the Help menu lists them.
CHAT_KEYS = (("Enter", "Send the question"), ("Shift+Enter", "New line in the question"),
             ("Esc", "Stop the answer"), ("Tab", "Next control (Shift+Tab: previous)"),
             ("Ctrl+N", "New chat"))


class MainWindow(QMainWindow):
    """Pages: first run, unlock, workspace. Views are added by the desktop controller."""

    lock_requested = Signal()
    quit_requested = Signal()
    quick_ask_requested = Signal()
    close_to_tray = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Hearth")
        self.setWindowIcon(app_icon())
        self.resize(1100, 720)
        self.keep_in_tray = False   # set by the controller from the setting and tray presence
        self.create_panel = CreateVaultPanel()
        self.unlock_panel = UnlockPanel()
        self.workspace = QWidget()
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(150)
        self.nav.setIconSize(QSize(20, 20))
        self.views = QStackedWidget()
        row = QHBoxLayout(self.workspace)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        # A notice above the views (the first-run model offer a view provides as `model_offer`).
        self.notices = QVBoxLayout()
        self.notices.setContentsMargins(0, 0, 0, 0)
        self.notices.setSpacing(0)
        self.notices.addWidget(self.views, 1)
        row.addLayout(self.notices, 1)
        self.nav.currentRowChanged.connect(self.views.setCurrentIndex)
        self.pages = QStackedWidget()
        for page in (self.create_panel, self.unlock_panel, self.workspace):
            self.pages.addWidget(page)
        self.setCentralWidget(self.pages)
        self._named: dict[str, QWidget] = {}
        self._pages: dict[str, QWidget] = {}
        self.model_label = QLabel("Model: not loaded")
        self.model_label.setTextFormat(Qt.TextFormat.PlainText)
        self.vault_label = QLabel("Vault: locked")
        self.statusBar().addWidget(self.vault_label)
        self.statusBar().addPermanentWidget(self.model_label)
        self._menus()

    def _menus(self) -> None:
        menu = self.menuBar().addMenu("&Hearth")
        self.quick_action = QAction("Quick ask…", self)
        self.quick_action.setShortcut(QKeySequence("Ctrl+Shift+Space"))
        self.quick_action.triggered.connect(self.quick_ask_requested)
        self.lock_action = QAction("Lock", self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock_requested)
        self.quit_action = QAction("Quit", self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.quit_requested)
        for action in (self.quick_action, self.lock_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.quit_action)
        self.view_menu = self.menuBar().addMenu("&View")
        self.help_menu = self.menuBar().addMenu("&Help")
        self.keys_action = QAction("Keyboard shortcuts", self)
        self.keys_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.keys_action.triggered.connect(self.show_shortcuts)
        self.help_menu.addAction(self.keys_action)
        self.help_menu.addSeparator()
        # Listed in the menu itself too, where people look for them.
        for keys, words in CHAT_KEYS:
            item = self.help_menu.addAction(f"{words}\t{keys}")
            item.setEnabled(False)

    def shortcuts_text(self) -> str:
        """Every key Hearth answers to, one per line (the Help menu's list)."""
        menus = [(a.shortcut().toString(QKeySequence.SequenceFormat.NativeText), a.text().replace("&", ""))
                 for menu in self.menuBar().findChildren(QMenu)
                 for a in menu.actions() if not a.shortcut().isEmpty()]
        return "\n".join(f"{keys}: {words}" for keys, words in [*CHAT_KEYS, *menus])

    def show_shortcuts(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.NoIcon, "Keyboard shortcuts", self.shortcuts_text(),
                          QMessageBox.StandardButton.Close, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.open()

    # -- views ---------------------------------------------------------------------------------

    def add_view(self, name: str, title: str, widget: QWidget, *, scroll: bool = False) -> None:
        """Add a view (``scroll``: in a scroll area, for pages taller or wider than a small window)."""
        from app.gui.widgets import scrolling

        self._named[name] = widget
        offer = getattr(widget, "model_offer", None)
        if isinstance(offer, QWidget):
            self.notices.insertWidget(0, offer)
        page = scrolling(widget) if scroll else widget
        self._pages[name] = page
        self.views.addWidget(page)
        QListWidgetItem(title, self.nav)
        index = self.views.count() - 1
        action = QAction(title, self)
        action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
        action.triggered.connect(lambda: self.show_view(name))
        self.view_menu.addAction(action)
        if self.nav.currentRow() < 0:
            self.nav.setCurrentRow(0)

    def view(self, name: str) -> Any:
        return self._named[name]

    def show_view(self, name: str) -> None:
        self.nav.setCurrentRow(self.views.indexOf(self._pages[name]))

    def current_view(self) -> str:
        page = self.views.currentWidget()
        return next((n for n, p in self._pages.items() if p is page), "")

    # -- states --------------------------------------------------------------------------------

    def show_first_run(self) -> None:
        self.create_panel.reset()
        self.pages.setCurrentWidget(self.create_panel)
        self.vault_label.setText("Vault: not created yet")
        self.lock_action.setEnabled(False)

    def show_unlock(self, message: str = "") -> None:
        self.unlock_panel.reset()
        if message:
            self.unlock_panel.banner.show_info(message)
        self.pages.setCurrentWidget(self.unlock_panel)
        self.vault_label.setText("Vault: locked")
        self.lock_action.setEnabled(False)

    def show_workspace(self) -> None:
        self.pages.setCurrentWidget(self.workspace)
        self.vault_label.setText("Vault: open")
        self.lock_action.setEnabled(True)

    def clear_views(self) -> None:
        """Forget every piece of personal content on screen (called on lock)."""
        for widget in self._named.values():
            clear = getattr(widget, "clear_personal", None)
            if clear is not None:
                clear()

    def set_model_state(self, text: str) -> None:
        self.model_label.setText(text)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.keep_in_tray:
            event.ignore()
            self.hide()
            self.close_to_tray.emit()
            return
        event.accept()
        self.quit_requested.emit()


def centered(text: str) -> QLabel:
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    return label
