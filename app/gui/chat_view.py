"""Chat: conversations on the left, the transcript (Markdown) and the input on the right.

An answer streams from the model worker token by token; the transcript is
re-rendered at most every 50 ms so a fast model cannot flood the GUI thread.
Stop sets the stream's cancel event; Regenerate drops the last answer and asks
again. Sources used for an answer are listed under it as links; a click shows
the passage. Turns are kept through the one conversation service
(``engine.answering.chat.Chat``), on the vault worker: the transcript is a list of its
:class:`~engine.answering.chat.Turn` values, rebuilt from the vault when a chat is opened.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.gui import library
from app.gui.dialogs import Banner
from app.gui.model_host import AUTO, AnswerEvent, ModelHost, md_escape, quote_markdown, source_label
from app.gui.runner import VAULT, Task
from app.gui.session import Session
from engine.answering.chat import Chat, QuoteRef, SourceRef, Turn, TurnMeta
from vault.conversations import Conversation


class ChatView(QWidget):
    answer_finished = Signal(str)   # the full answer text (tests and the tray wait on it)

    def __init__(self, session: Session, host: ModelHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.host = session, host
        self.conversation_id: int | None = None
        self.history: list[Turn] = []
        self.stream: Task | None = None
        self._partial = ""
        self._route = ""
        self._sources: list[SourceRef] = []
        self._quotes: list[QuoteRef] = []
        self._headline = "text"
        self._reply: Any = None
        self._first_token_at = 0.0
        self._tokens = 0
        self._turn: dict[str, int | None] = {"cid": None}
        self._render_timer = QTimer(self, singleShot=True, interval=50)
        self._render_timer.timeout.connect(self._render)
        self._build()

    # -- layout --------------------------------------------------------------------------------

    def _build(self) -> None:
        left = QWidget()
        lcol = QVBoxLayout(left)
        self.search = QLineEdit(placeholderText="Search conversations")
        self.search.setClearButtonEnabled(True)
        self.conv_list = QListWidget()
        self.conv_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.new_button = QPushButton("New chat")
        lcol.addWidget(self.new_button)
        lcol.addWidget(self.search)
        lcol.addWidget(self.conv_list, 1)
        buttons = QHBoxLayout()
        self.rename_button = QPushButton("Rename")
        self.delete_button = QPushButton("Delete")
        buttons.addWidget(self.rename_button)
        buttons.addWidget(self.delete_button)
        lcol.addLayout(buttons)

        right = QWidget()
        rcol = QVBoxLayout(right)
        top = QHBoxLayout()
        self.model_picker = QComboBox()
        self.model_picker.setMinimumWidth(200)
        self.use_data = QCheckBox("Use my data")
        self.use_data.setChecked(True)
        self.use_data.setToolTip("Let Hearth look in your library and notes for this answer")
        self.speed = QLabel("")
        top.addWidget(QLabel("Model:"))
        top.addWidget(self.model_picker)
        top.addWidget(self.use_data)
        top.addStretch(1)
        top.addWidget(self.speed)
        rcol.addLayout(top)
        self.banner = Banner()
        rcol.addWidget(self.banner)
        self.transcript = QTextBrowser()
        self.transcript.setOpenLinks(False)
        self.transcript.setObjectName("transcript")
        rcol.addWidget(self.transcript, 1)
        self.input = QPlainTextEdit()
        self.input.setPlaceholderText("Ask Hearth… (Ctrl+Enter to send)")
        self.input.setFixedHeight(80)
        self.input.installEventFilter(self)
        rcol.addWidget(self.input)
        actions = QHBoxLayout()
        self.stop_button = QPushButton("Stop")
        self.regen_button = QPushButton("Regenerate")
        self.send_button = QPushButton("Send")
        self.send_button.setDefault(True)
        actions.addStretch(1)
        for b in (self.stop_button, self.regen_button, self.send_button):
            actions.addWidget(b)
        rcol.addLayout(actions)

        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([240, 760])
        QVBoxLayout(self).addWidget(split)

        self.new_button.clicked.connect(self.new_chat)
        self.search.textChanged.connect(lambda _t: self.refresh_list())
        self.conv_list.currentItemChanged.connect(self._pick)
        self.conv_list.customContextMenuRequested.connect(self._context_menu)
        self.rename_button.clicked.connect(self.rename_current)
        self.delete_button.clicked.connect(self.delete_current)
        self.send_button.clicked.connect(self.send)
        self.stop_button.clicked.connect(self.stop)
        self.regen_button.clicked.connect(self.regenerate)
        self.transcript.anchorClicked.connect(self._open_source)
        self.model_picker.activated.connect(self._model_picked)
        self.host.models_changed.connect(self._fill_models)
        self.host.state_changed.connect(self._model_state)
        self.host.announced.connect(self.banner.show_info)
        self._set_streaming(False)

    def eventFilter(self, obj: Any, event: Any) -> bool:
        # Ctrl+Enter sends; a plain Enter stays a new line in the input.
        if obj is self.input and event.type() == QEvent.Type.KeyPress and \
                event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.send()
            return True
        return super().eventFilter(obj, event)

    # -- conversations -------------------------------------------------------------------------

    def on_unlocked(self) -> None:
        self.refresh_list()
        self._fill_models()
        self.input.setFocus()

    def refresh_list(self) -> Task:
        text = self.search.text()
        return self.session.while_open(
            VAULT, lambda: Chat(self.session.require_vault()).conversations(search=text),
            name="list-conversations").on(done=self._show_list, error=self.banner.show_error)

    def _show_list(self, items: list[Conversation]) -> None:
        self.conv_list.blockSignals(True)
        self.conv_list.clear()
        for c in items:
            item = QListWidgetItem(c.title or "Untitled chat")
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            item.setToolTip(time.strftime("%Y-%m-%d %H:%M", time.localtime(c.updated_at)))
            self.conv_list.addItem(item)
            if c.id == self.conversation_id:
                self.conv_list.setCurrentItem(item)
        self.conv_list.blockSignals(False)

    def new_chat(self) -> None:
        self._drop_stream()
        self.conversation_id = None
        self.history = []
        self.conv_list.clearSelection()
        self._render()
        self.input.setFocus()

    def _pick(self, item: QListWidgetItem | None, _prev: Any = None) -> None:
        if item is None:
            return
        cid = int(item.data(Qt.ItemDataRole.UserRole))
        if cid == self.conversation_id:
            return
        self._drop_stream()
        self.conversation_id = cid
        self.session.while_open(
            VAULT, lambda: Chat(self.session.require_vault()).turns(cid),
            name="load-conversation").on(done=lambda turns: self._show_turns(cid, turns),
                                         error=self.banner.show_error)

    def _show_turns(self, cid: int, turns: list[Turn]) -> None:
        if cid != self.conversation_id:
            return
        self.history = turns
        self._render()

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

    # -- asking --------------------------------------------------------------------------------

    def send(self, text: str | None = None) -> Task | None:
        question = (text if text is not None else self.input.toPlainText()).strip()
        if not question or self.stream is not None:
            return None
        self.input.clear()
        self.banner.clear()
        prior = [{"role": t.role, "content": t.content} for t in self.history]
        self.history.append(Turn("user", question))
        self._save_user(question)
        return self._ask(question, prior)

    def _save_user(self, question: str) -> None:
        # The vault worker runs jobs in order: the answer's save (queued later) reads
        # the id this job puts in the turn's box, even before the GUI hears of it.
        box = self._turn = {"cid": self.conversation_id}

        model = self.host.current

        def save() -> int:
            cid = Chat(self.session.require_vault()).ask(box["cid"], question, model=model)
            box["cid"] = cid
            return cid

        def saved(cid: int) -> None:
            first = self.conversation_id is None
            self.conversation_id = cid
            if first:
                self.refresh_list()

        self.session.while_open(VAULT, save, name="save-question").on(
            done=saved, error=self.banner.show_error)

    def _ask(self, question: str, prior: list[dict[str, Any]]) -> Task:
        self._partial, self._sources, self._tokens = "", [], 0
        self._quotes, self._headline, self._reply = [], "text", None
        self._route = ""
        self._first_token_at = 0.0
        self.stream = self.host.answer(question, history=prior,
                                       use_context=self.use_data.isChecked())
        self.stream.on(progress=self._on_event, error=self._on_error, finished=self._finished)
        self._set_streaming(True)
        self._render()
        return self.stream

    def _on_event(self, event: AnswerEvent) -> None:
        if event.kind == "sources":
            self._sources = [SourceRef.from_dict(s) for s in event.sources]
        elif event.kind == "quotes":
            self._quotes = [QuoteRef.from_dict(q) for q in event.quotes]
        elif event.kind == "route":
            self._route = event.text
            self._headline = event.headline
        elif event.kind == "done":
            self._reply = event.answer
        elif event.kind == "token":
            if not self._first_token_at:
                self._first_token_at = time.monotonic()
            self._partial += event.text
            self._tokens += 1
            elapsed = time.monotonic() - self._first_token_at
            if elapsed > 0.2:
                self.speed.setText(f"{self._tokens / elapsed:.1f} tokens/s · {self.host.device_text()}")
        if not self._render_timer.isActive():
            self._render_timer.start()

    def _on_error(self, exc: BaseException) -> None:
        self.banner.show_error(exc)

    def _finished(self) -> None:
        task, self.stream = self.stream, None
        self._set_streaming(False)
        reply = self._reply
        # The pipeline's final text is authoritative (e.g. a loop cut where it began).
        answer = reply.text if reply is not None else self._partial
        if task is not None and task.error is not None and not answer:
            self._render()
            return
        stopped = task is not None and task.cancel.is_set()
        if reply is not None:
            meta = replace(TurnMeta.from_reply(reply, route=self._route, cancelled=stopped),
                           sources=tuple(self._sources))
        else:
            meta = TurnMeta(sources=tuple(self._sources), quotes=tuple(self._quotes),
                            route=self._route, headline=self._headline, stopped="cancelled")
        self.history.append(Turn("assistant", answer, meta))
        self._partial = ""
        if self._tokens and self._first_token_at:
            elapsed = max(time.monotonic() - self._first_token_at, 1e-6)
            self.speed.setText(f"{self._tokens / elapsed:.1f} tokens/s · {self.host.device_text()}")
        self._render()
        self._save_answer(answer, meta)
        self.answer_finished.emit(answer)

    def _save_answer(self, answer: str, meta: TurnMeta) -> None:
        box = self._turn

        def save() -> None:
            if box["cid"] is not None:
                Chat(self.session.require_vault()).answer(box["cid"], answer, meta)

        self.session.runner.submit(VAULT, save, name="save-answer").on(
            error=self.banner.show_error)

    def stop(self) -> None:
        if self.stream is not None:
            self.stream.cancel.set()

    def _drop_stream(self) -> None:
        """Stop the running answer and ignore whatever it still sends (new chat, lock)."""
        task, self.stream = self.stream, None
        if task is not None:
            task.abandon()
        self._partial, self._sources = "", []
        self._set_streaming(False)

    def regenerate(self) -> Task | None:
        if self.stream is not None or not self.history:
            return None
        if self.history[-1].role == "assistant":
            self.history.pop()
            cid = self.conversation_id
            if cid is not None:
                self.session.runner.submit(
                    VAULT, lambda: Chat(self.session.require_vault()).drop_answer(cid),
                    name="drop-answer").on(error=self.banner.show_error)
        if not self.history or self.history[-1].role != "user":
            return None
        self._turn = {"cid": self.conversation_id}
        question = self.history[-1].content
        prior = [{"role": t.role, "content": t.content} for t in self.history[:-1]]
        return self._ask(question, prior)

    def _set_streaming(self, on: bool) -> None:
        self.stop_button.setEnabled(on)
        self.send_button.setEnabled(not on)
        self.regen_button.setEnabled(not on and bool(self.history))

    # -- rendering -----------------------------------------------------------------------------

    def _render(self) -> None:
        parts: list[str] = []
        for i, t in enumerate(self.history):
            parts.append(_block(t.role, t.content, t.meta, i))
        if self.stream is not None:
            live = TurnMeta(sources=tuple(self._sources), quotes=tuple(self._quotes), route=self._route,
                            headline=self._headline)
            parts.append(_block("assistant", self._partial or "…", live, len(self.history)))
        if not parts:
            parts.append("*Ask anything. With “Use my data” on, Hearth looks in your library "
                         "and notes first; nothing leaves this computer.*")
        bar = self.transcript.verticalScrollBar()
        at_end = bar.value() >= bar.maximum() - 4
        self.transcript.setMarkdown("\n\n---\n\n".join(parts))
        if at_end:
            bar.setValue(bar.maximum())

    def transcript_text(self) -> str:
        return self.transcript.toPlainText()

    def _open_source(self, url: QUrl) -> None:
        if url.scheme() != "source":
            return
        try:
            msg_index, src_index = (int(x) for x in url.path().split("/")[:2])
            sources = (self.history[msg_index].meta.sources if msg_index < len(self.history)
                       else self._sources)
            src = sources[src_index].as_dict()
        except (ValueError, IndexError):
            return
        self.session.runner.submit(
            VAULT, lambda: library.passage(self.session.require_vault(), src), name="passage").on(
            done=lambda text: self.show_passage(src, text), error=self.banner.show_error)

    def show_passage(self, src: dict[str, Any], text: str) -> None:
        self.passage_box = box = QMessageBox(self)
        box.setWindowTitle("Source")
        box.setText(source_label(src))
        where = src.get("path") or ""
        box.setInformativeText((text or "(this passage is no longer in the library)")
                               + (f"\n\nFrom: {where}" if where else ""))
        box.setModal(False)
        box.show()

    def _fill_models(self) -> None:
        self.model_picker.blockSignals(True)
        self.model_picker.clear()
        for name in self.host.model_names(include_auto=True):
            label = "auto (the router picks)" if name == AUTO else name
            self.model_picker.addItem(label, name)
        index = self.model_picker.findData(self.host.current)
        self.model_picker.setCurrentIndex(max(index, 0))
        self.model_picker.blockSignals(False)

    def _model_picked(self, index: int) -> None:
        name = self.model_picker.itemData(index)
        if name and name != self.host.current:
            self.host.load(name).on(error=self.banner.show_error)

    def _model_state(self, _text: str) -> None:
        index = self.model_picker.findData(self.host.current)
        if index >= 0:
            self.model_picker.setCurrentIndex(index)

    def clear_personal(self) -> None:
        self._drop_stream()
        self.conversation_id = None
        self.history = []
        self._partial, self._sources = "", []
        self.conv_list.clear()
        self.search.clear()
        self.input.clear()
        self.transcript.clear()
        self.banner.clear()
        self.speed.setText("")


def _block(role: str, content: str, meta: TurnMeta, index: int) -> str:
    who = "**You**" if role == "user" else "**Hearth**"
    quotes = [q.as_dict() for q in meta.quotes]
    if quotes and meta.headline == "quote":
        text = f"{who}\n\n{quote_markdown(quotes)}\n\n{content}"
    elif quotes:
        text = f"{who}\n\n{content}\n\n{quote_markdown(quotes)}"
    else:
        text = f"{who}\n\n{content}"
    if meta.unsupported:
        text += ("\n\n*Not found in your files: " + md_escape(", ".join(meta.unsupported))
                 + " (check these yourself)*")
    if meta.stopped == "loop":
        text += "\n\n*Stopped: the model began repeating itself.*"
    if meta.notice:
        text += f"\n\n*{md_escape(meta.notice)}*"
    if meta.route:
        text += f"\n\n*Answered by {md_escape(meta.route)}*"
    if meta.sources:
        links = [f"[{s.n or j + 1}. {md_escape(source_label(s.as_dict()))}](source:{index}/{j})"
                 for j, s in enumerate(meta.sources)]
        text += "\n\nSources: " + " · ".join(links)
    return text
