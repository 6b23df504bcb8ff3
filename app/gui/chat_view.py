"""Chat: conversations on the left; on the right, the transcript as a centred column of blocks.

An answer streams from the model worker token by token; the live block is updated at most
every 50 ms so a fast model cannot flood the GUI thread. Keys: Enter sends, Shift+Enter is a
new line, Esc stops an answer (or leaves editing), Tab moves the focus. Each block has its
actions: copy; edit and resend (a question: what was asked and answered from there on is
kept as another version of the question); regenerate (the last answer: the old one is kept as
a version). ‹ 1/2 › on a question or an answer switches between its versions; the path left
shown is the one the vault keeps and the model sees next, the others are kept in its turns'
metas (:mod:`app.gui.chat_turns`), so each choice is there again when the chat is reopened.
Stop leaves the answer marked "Stopped". A source or a quote's source opens the source
viewer. Turns are kept through the one conversation service (``engine.answering.chat.Chat``),
on the vault worker: the transcript is a list of its :class:`~engine.answering.chat.Turn`
values, rebuilt from the vault when a chat is opened.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.gui import library
from app.gui.chat_blocks import MessageBlock, Transcript
from app.gui.chat_list import ConversationList
from app.gui.chat_render import (
    ChatInput,
    ModelPicker,
    block_model,
    copy_text,
    history_messages,
)
from app.gui.chat_turns import ChatTurns, kept_meta
from app.gui.dialogs import Banner
from app.gui.model_host import AnswerEvent, ModelHost
from app.gui.runner import VAULT, Task
from app.gui.session import Session
from app.gui.source_viewer import SourceViewer
from app.gui.texts import tokens_per_second
from app.gui.welcome import Welcome
from engine.answering.chat import Chat, QuoteRef, SourceRef, Turn, TurnMeta


class ChatView(ConversationList):
    answer_finished = Signal(str)   # the full answer text (tests and the tray wait on it)
    go_to = Signal(str)             # the welcome's first steps: "library:add", "models"

    def __init__(self, session: Session, host: ModelHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.host = session, host
        self.conversation_id: int | None = None
        #: The turns shown and their other versions (``history`` and ``versions`` are its own).
        self.turns = ChatTurns()
        self.editing: int | None = None
        self.stream: Task | None = None
        self._partial = ""
        self._route = ""
        self._sources: list[SourceRef] = []
        self._quotes: list[QuoteRef] = []
        self._headline = "text"
        self._lead = ""   # the headline the answer streaming now leads with, from its route event
        self._reply: Any = None
        self._first_token_at = 0.0
        self._tokens = 0
        self._regen_at: int | None = None
        self._live: MessageBlock | None = None
        self._turn: dict[str, int | None] = {"cid": None}
        self.viewer: SourceViewer | None = None
        self._render_timer = QTimer(self, singleShot=True, interval=50)
        self._render_timer.timeout.connect(self._render_live)
        self._build()

    @property
    def history(self) -> list[Turn]:
        return self.turns.history

    @history.setter
    def history(self, turns: list[Turn]) -> None:
        self.turns.history = turns

    @property
    def versions(self) -> dict[int, list[Turn]]:
        return self.turns.versions

    @versions.setter
    def versions(self, versions: dict[int, list[Turn]]) -> None:
        self.turns.versions = versions

    # -- layout --------------------------------------------------------------------------------

    def _build(self) -> None:
        left = self._build_list()

        right = QWidget()
        rcol = QVBoxLayout(right)
        rcol.setContentsMargins(0, 8, 0, 8)
        top = QHBoxLayout()
        top.setContentsMargins(12, 0, 12, 0)
        self.banner = Banner()
        self.model_picker = ModelPicker(self.host, self.banner)
        self.use_data = QCheckBox("Use my data")
        self.use_data.setChecked(True)
        self.use_data.setToolTip("Let Hearth look in your library and notes for this answer")
        top.addWidget(self.model_picker)
        top.addStretch(1)
        top.addWidget(self.use_data)
        rcol.addLayout(top)
        rcol.addWidget(self.banner)
        self.welcome = Welcome()
        self.transcript = Transcript(self.welcome)
        rcol.addWidget(self.transcript, 1)
        box = QFrame()
        box.setObjectName("inputBox")
        box.setMaximumWidth(760)
        brow = QHBoxLayout(box)
        brow.setContentsMargins(10, 6, 6, 6)
        self.input = ChatInput()
        self.input.setPlaceholderText("Ask Hearth…  (Enter sends, Shift+Enter for a new line)")
        brow.addWidget(self.input, 1)
        self.send_button = QPushButton("Send")
        self.send_button.setObjectName("primary")
        self.stop_button = QPushButton("Stop")
        self.stop_button.setToolTip("Stop the answer (Esc)")
        for b in (self.send_button, self.stop_button):
            brow.addWidget(b, 0, Qt.AlignmentFlag.AlignBottom)
        boxrow = QHBoxLayout()
        boxrow.setContentsMargins(12, 0, 12, 0)
        boxrow.addStretch(1)
        boxrow.addWidget(box, 100)
        boxrow.addStretch(1)
        rcol.addLayout(boxrow)

        self.split = QSplitter()
        self.split.addWidget(left)
        self.split.addWidget(right)
        self.split.setStretchFactor(1, 1)
        self.split.setCollapsible(1, False)
        self.split.setSizes([210, 790])
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.split)

        self.new_button.clicked.connect(self.new_chat)
        self.search.textChanged.connect(lambda _t: self.refresh_list())
        self.conv_list.currentItemChanged.connect(self._pick)
        self.conv_list.customContextMenuRequested.connect(self._context_menu)
        self.rename_button.clicked.connect(self.rename_current)
        self.delete_button.clicked.connect(lambda: self.delete_current())
        self.send_button.clicked.connect(lambda: self.send())
        self.stop_button.clicked.connect(self.stop)
        self.input.submitted.connect(lambda: self.send())
        self.input.escaped.connect(self.escape)
        # Esc anywhere in the chat stops the answer (the text box handles its own Esc).
        self.esc = QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.escape,
                             context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.welcome.add_files.clicked.connect(lambda: self.go_to.emit("library:add"))
        self.welcome.better_model.clicked.connect(lambda: self.go_to.emit("models"))
        self.welcome.try_question.clicked.connect(self._try_question)
        self.host.announced.connect(self.banner.show_info)
        self.setTabOrder(self.input, self.send_button)
        self._set_streaming(False)
        self._render()

    # -- conversations -------------------------------------------------------------------------

    def on_unlocked(self) -> None:
        self.banner.clear()   # nothing said while locked is still true
        self.refresh_list()
        self.model_picker.fill()
        self.input.setFocus()

    def new_chat(self) -> None:
        self._drop_stream()
        self.conversation_id = None
        self.turns.clear()
        self.editing = None
        self.conv_list.blockSignals(True)
        self.conv_list.setCurrentRow(-1)
        self.conv_list.blockSignals(False)
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
        self.turns.load(turns)
        self.editing = None
        self._render()

    def _kept(self, at: int, turn: Turn) -> TurnMeta:
        """``turn``'s meta as the vault keeps it: with the other versions of the answer at ``at``."""
        return kept_meta(self.versions.get(at) or [], turn)

    # -- asking --------------------------------------------------------------------------------

    def send(self, text: str | None = None) -> Task | None:
        question = (text if text is not None else self.input.toPlainText()).strip()
        if not question or self.stream is not None:
            return None
        at, self.editing = self.editing, None
        self.input.clear()
        self.banner.clear()
        if at is None:
            prior = history_messages(self.history)
            self.history.append(Turn("user", question))
            self._save_user(question)
        else:   # edit and resend: what was there stays as another version of the question
            prior = history_messages(self.history[:at])
            self._save_user(question, at=at, kept=self.turns.edit(at, question))
        return self._ask(question, prior)

    def _save_user(self, question: str, *, at: int | None = None, kept: Turn | None = None) -> None:
        # The vault worker runs jobs in order: the answer's save (queued later) reads
        # the id this job puts in the turn's box, even before the GUI hears of it.
        box = self._turn = {"cid": self.conversation_id}
        model = self.host.current

        def save() -> int:
            chat = Chat(self.session.require_vault())
            cid = box["cid"]
            if cid is not None and at is not None and kept is not None:
                chat.replace_from(cid, at, [kept])
            else:
                cid = chat.ask(cid, question, model=model)
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
        self._quotes, self._headline, self._reply, self._lead = [], "text", None, ""
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
            self._lead = event.lead
        elif event.kind == "done":
            self._reply = event.answer
        elif event.kind == "token":
            if not self._first_token_at:
                self._first_token_at = time.monotonic()
            self._partial += event.text
            self._tokens += 1
        if event.kind in ("sources", "quotes", "route"):
            self._render()   # the live block's cards and sources change: rebuild it once
        elif not self._render_timer.isActive():
            self._render_timer.start()

    def _on_error(self, exc: BaseException) -> None:
        self.banner.show_error(exc)

    def _speed(self) -> str:
        if not self._tokens or not self._first_token_at:
            return ""
        return tokens_per_second(self._tokens, time.monotonic() - self._first_token_at)

    def _finished(self) -> None:
        task, self.stream = self.stream, None
        self._set_streaming(False)
        reply = self._reply
        # The pipeline's final text is authoritative (e.g. a loop cut where it began).
        answer = reply.text if reply is not None else self._partial
        at, self._regen_at = self._regen_at, None
        if task is not None and task.error is not None and not answer:
            if at is not None and at in self.versions:   # the failed retry: the last version stays
                self.history.append(self.versions[at][-1])
                self._save_answer(self.history[-1].content, self._kept(at, self.history[-1]))
            self._render()
            return
        stopped = task is not None and task.cancel.is_set()
        if reply is not None:
            meta = replace(TurnMeta.from_reply(reply, route=self._route, cancelled=stopped),
                           sources=tuple(self._sources))
        else:
            meta = TurnMeta(sources=tuple(self._sources), quotes=tuple(self._quotes),
                            route=self._route, headline=self._headline, stopped="cancelled")
        turn = Turn("assistant", answer, meta)
        self.history.append(turn)
        if at is not None:
            self.versions.setdefault(at, []).append(turn)
        self._partial = ""
        self._render()
        self._save_answer(answer, self._kept(len(self.history) - 1, turn))
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

    def escape(self) -> None:
        """Esc: stop the answer; else leave editing a question."""
        if self.stream is not None:
            self.stop()
        elif self.editing is not None:
            self.editing = None
            self.input.clear()
            self.banner.clear()

    def _drop_stream(self) -> None:
        """Stop the running answer and ignore whatever it still sends (new chat, lock)."""
        task, self.stream = self.stream, None
        if task is not None:
            task.abandon()
        self._partial, self._sources = "", []
        self._regen_at = None
        self._set_streaming(False)

    def regenerate(self) -> Task | None:
        """Ask the last question again; the answer it had stays as a version."""
        if self.stream is not None or not self.history:
            return None
        if self.history[-1].role == "assistant":
            at = len(self.history) - 1
            old = self.history.pop()
            self.versions.setdefault(at, [old])
            self._regen_at = at
            cid = self.conversation_id
            if cid is not None:
                self.session.runner.submit(
                    VAULT, lambda: Chat(self.session.require_vault()).drop_answer(cid),
                    name="drop-answer").on(error=self.banner.show_error)
        if not self.history or self.history[-1].role != "user":
            return None
        self._regen_at = len(self.history)
        self.versions.setdefault(self._regen_at, [])
        self._turn = {"cid": self.conversation_id}
        question = self.history[-1].content
        return self._ask(question, history_messages(self.history[:-1]))

    def show_version(self, at: int, step: int) -> None:
        """‹ › on a question or an answer: show another version of it, and keep that choice."""
        if self.stream is not None or not self.turns.switch(at, step):
            return
        if self.editing is not None and self.editing >= at:
            self.editing = None   # the question being edited may be gone; the words stay in the box
            self.banner.clear()
        self._render()
        cid = self.conversation_id
        if cid is not None:
            tail = self.turns.stored(at)
            self.session.while_open(
                VAULT, lambda: Chat(self.session.require_vault()).replace_from(cid, at, tail),
                name="keep-version").on(error=self.banner.show_error)

    def edit(self, at: int) -> None:
        """Edit and resend the question at ``at``: its words go back into the text box."""
        if self.stream is not None or at >= len(self.history) or self.history[at].role != "user":
            return
        self.editing = at
        self.input.setPlainText(self.history[at].content)
        self.input.setFocus()
        self.banner.show_info("Editing your question: Enter asks it again (what came after it "
                              "stays as the earlier version: ‹ › switches); Esc leaves it as it was.")

    def copy(self, at: int) -> None:
        QGuiApplication.clipboard().setText(copy_text(self.history[at]))

    def _set_streaming(self, on: bool) -> None:
        self.stop_button.setVisible(on)
        self.stop_button.setEnabled(on)
        self.send_button.setVisible(not on)
        self.send_button.setEnabled(not on)

    def _try_question(self) -> None:
        self.input.setPlainText("What can you do with my files?")
        self.input.setFocus()

    # -- rendering -----------------------------------------------------------------------------

    def _render(self) -> None:
        models = []
        last_answer = max((i for i, t in enumerate(self.history) if t.role == "assistant"), default=-1)
        for i, t in enumerate(self.history):
            m = block_model(t)
            m.can_edit = t.role == "user"
            m.can_regenerate = i == last_answer and i == len(self.history) - 1
            m.version = self.turns.version(i)
            models.append(m)
        if self.stream is not None:
            models.append(block_model(self._live_turn(), speed=self._speed(), live=True,
                                      headline=self._lead or None))
        blocks = self.transcript.set_blocks(models)
        for i, b in enumerate(blocks[: len(self.history)]):
            b.copy_requested.connect(lambda i=i: self.copy(i))
            b.edit_requested.connect(lambda i=i: self.edit(i))
            b.regenerate_requested.connect(self.regenerate)
            b.version_requested.connect(lambda step, i=i: self.show_version(i, step))
            b.source_requested.connect(lambda j, i=i: self._open_source(i, j))
        self._live = blocks[-1] if self.stream is not None else None
        if self._live is not None:
            self._live.source_requested.connect(lambda j: self._open_source(len(self.history), j))

    def _live_turn(self) -> Turn:
        meta = TurnMeta(sources=tuple(self._sources), quotes=tuple(self._quotes), route=self._route,
                        headline=self._headline)
        return Turn("assistant", self._partial, meta)

    def _render_live(self) -> None:
        if self._live is None or self.stream is None:
            return
        live = block_model(self._live_turn(), speed=self._speed(), live=True, headline=self._lead or None)
        self._live.model.footer = live.footer
        self._live.footer.setText(live.footer)
        self._live.set_text(live.markdown, live=True)

    def transcript_text(self) -> str:
        return self.transcript.plain_text()

    def _open_source(self, at: int, index: int) -> None:
        try:
            sources = self.history[at].meta.sources if at < len(self.history) else self._sources
            turn = self.history[at] if at < len(self.history) else self._live_turn()
            src = sources[index].as_dict()
        except IndexError:
            return
        quotes = [q.text for q in turn.meta.quotes if q.n == src.get("n")]
        self.session.runner.submit(
            VAULT, lambda: library.passage(self.session.require_vault(), src), name="passage").on(
            done=lambda text: self.show_passage(src, text, quotes), error=self.banner.show_error)

    def show_passage(self, src: dict[str, Any], text: str, quotes: list[str] | None = None) -> None:
        if self.viewer is not None:
            self.viewer.close()
        self.viewer = SourceViewer(src, text, quotes or [], parent=self)
        self.viewer.show()

    def clear_personal(self) -> None:
        self._drop_stream()
        self.conversation_id = None
        self.turns.clear()
        self.editing = None
        self._partial, self._sources = "", []
        self.conv_list.clear()
        self.search.clear()
        self.input.clear()
        self.banner.clear()
        if self.viewer is not None:
            self.viewer.close()
            self.viewer = None
        self._render()
