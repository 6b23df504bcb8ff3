"""The chat's list of conversations: search, new, rename, delete (a part of the chat view).

:class:`ConversationList` is the base of :class:`app.gui.chat_view.ChatView`: it builds the
left column and keeps it in step with the vault (reads and writes on the vault worker,
through the one conversation service). Each row's tooltip says when the chat was last used,
in the person's locale.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.runner import VAULT, Task
from engine.answering.chat import Chat
from vault.conversations import Conversation


class ConversationList(QWidget):
    """The left column; the chat view provides ``session``, ``banner``, ``welcome``,
    ``conversation_id`` and ``new_chat``."""

    session: Any
    banner: Any
    welcome: Any
    conversation_id: int | None

    def new_chat(self) -> None:
        raise NotImplementedError

    def _build_list(self) -> QWidget:
        left = QWidget()
        left.setObjectName("chatList")
        lcol = QVBoxLayout(left)
        lcol.setContentsMargins(8, 8, 4, 8)
        self.search = QLineEdit(placeholderText="Search chats")
        self.search.setClearButtonEnabled(True)
        self.conv_list = QListWidget()
        self.conv_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.conv_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.conv_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.new_button = QPushButton("New chat")
        self.new_button.setShortcut(QKeySequence("Ctrl+N"))
        lcol.addWidget(self.new_button)
        lcol.addWidget(self.search)
        lcol.addWidget(self.conv_list, 1)
        self.no_chats = QLabel("No chats yet. Your conversations are kept here, encrypted.")
        self.no_chats.setObjectName("emptyState")
        self.no_chats.setWordWrap(True)
        self.no_chats.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        lcol.addWidget(self.no_chats, 1)
        self.no_chats.hide()
        buttons = QHBoxLayout()
        self.rename_button = QPushButton("Rename")
        self.delete_button = QPushButton("Delete")
        buttons.addWidget(self.rename_button)
        buttons.addWidget(self.delete_button)
        lcol.addLayout(buttons)
        return left

    def refresh_list(self) -> Task:
        text = self.search.text()
        task: Task = self.session.while_open(
            VAULT, lambda: Chat(self.session.require_vault()).conversations(search=text),
            name="list-conversations")
        return task.on(done=self._show_list, error=self.banner.show_error)

    def _show_list(self, items: list[Conversation]) -> None:
        self.conv_list.blockSignals(True)
        self.conv_list.clear()
        for c in items:
            item = QListWidgetItem(c.title or "Untitled chat")
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            stamp = QDateTime.fromSecsSinceEpoch(int(c.updated_at))
            item.setToolTip(f"{c.title or 'Untitled chat'}\nLast used "
                            f"{self.locale().toString(stamp, self.locale().FormatType.LongFormat)}")
            self.conv_list.addItem(item)
            if c.id == self.conversation_id:
                self.conv_list.setCurrentItem(item)
        self.conv_list.blockSignals(False)
        self.welcome.set_has_chats(bool(items) or bool(self.search.text()))
        some = bool(items) or bool(self.search.text())
        self.conv_list.setVisible(some)
        self.no_chats.setVisible(not some)

    def _current_id(self) -> int | None:
        item = self.conv_list.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def rename_current(self) -> None:
        cid = self._current_id()
        if cid is None:
            return
        old = self.conv_list.currentItem().text()
        title, ok = QInputDialog.getText(self, "Rename chat", "Title:", text=old)
        if ok and title.strip():
            self.session.runner.submit(
                VAULT, lambda: Chat(self.session.require_vault()).rename(cid, title.strip()),
                name="rename").on(done=lambda _r: self.refresh_list(), error=self.banner.show_error)

    def delete_current(self, *, confirm: bool = True) -> None:
        cid = self._current_id()
        if cid is None:
            return
        if confirm and QMessageBox.question(self, "Delete chat", "Delete this chat for good?") \
                != QMessageBox.StandardButton.Yes:
            return
        if cid == self.conversation_id:
            self.new_chat()
        self.session.runner.submit(
            VAULT, lambda: Chat(self.session.require_vault()).delete(cid),
            name="delete").on(done=lambda _r: self.refresh_list(), error=self.banner.show_error)

    def _context_menu(self, pos: Any) -> None:
        menu = QMenu(self)
        menu.addAction("Rename…", self.rename_current)
        menu.addAction("Delete…", self.delete_current)
        menu.exec(self.conv_list.mapToGlobal(pos))
