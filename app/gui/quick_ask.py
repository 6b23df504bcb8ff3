"""Quick ask: a small always-on-top box; type, press Enter, the answer streams below.

It uses personal context unless "Use my data" is unticked (and says so when
the vault is locked). Copy puts the answer on the clipboard; Esc closes the
box and stops a running answer.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.gui.dialogs import error_text
from app.gui.icons import app_icon
from app.gui.model_host import AnswerEvent, ModelHost
from app.gui.runner import Task
from app.gui.session import Session


class QuickAsk(QWidget):
    answer_finished = Signal(str)

    def __init__(self, session: Session, host: ModelHost, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint)
        self.session, self.host = session, host
        self.setWindowTitle("Hearth Quick ask")
        self.setWindowIcon(app_icon())
        self.setObjectName("quick-ask")
        self.resize(560, 300)
        self.stream: Task | None = None
        self.text = ""
        self._sources: list[dict[str, Any]] = []
        self._quotes: list[dict[str, Any]] = []
        self._headline = "text"
        self._reply: Any = None
        self._note = ""
        col = QVBoxLayout(self)
        self.input = QLineEdit(placeholderText="Ask Hearth… (Enter to ask, Esc to close)")
        self.input.setStyleSheet("QLineEdit { font-size: 16px; padding: 6px; }")
        col.addWidget(self.input)
        row = QHBoxLayout()
        self.use_data = QCheckBox("Use my data")
        self.use_data.setChecked(True)
        self.status = QLabel("")
        self.copy_button = QPushButton("Copy")
        row.addWidget(self.use_data)
        row.addWidget(self.status, 1)
        row.addWidget(self.copy_button)
        col.addLayout(row)
        self.answer = QTextBrowser()
        self.answer.setOpenLinks(False)
        col.addWidget(self.answer, 1)
        self._timer = QTimer(self, singleShot=True, interval=50)
        self._timer.timeout.connect(self._render)
        self.input.returnPressed.connect(self.ask)
        self.copy_button.clicked.connect(self.copy)

    def popup(self) -> None:
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            geo = screen.availableGeometry()
            self.move(geo.center().x() - self.width() // 2, geo.top() + geo.height() // 5)
        self.show()
        self.raise_()
        self.activateWindow()
        self.input.setFocus()
        self.input.selectAll()

    def ask(self, question: str | None = None) -> Task | None:
        text = (question if question is not None else self.input.text()).strip()
        if not text:
            return None
        self.stop()
        use = self.use_data.isChecked()
        self._note = ""
        if use and not self.session.is_open:
            self._note = "Vault locked: answering without your data"
            use = False
        self.status.setText(self._note or "Thinking…")
        self.text, self._sources = "", []
        self._quotes, self._headline, self._reply = [], "text", None
        self._render()
        self.stream = self.host.answer(text, history=[], use_context=use, compact_consent=True)
        self.stream.on(progress=self._event, error=self._error, finished=self._finished)
        return self.stream

    def _event(self, event: AnswerEvent) -> None:
        if event.kind == "sources":
            self._sources = event.sources
        elif event.kind == "quotes":
            self._quotes = event.quotes
        elif event.kind == "route":
            self._headline = event.headline
        elif event.kind == "done" and event.answer is not None:
            self._reply = event.answer
            self.text = event.answer.text
        elif event.kind == "token":
            self.text += event.text
            if not self._timer.isActive():
                self._timer.start()

    def _error(self, exc: BaseException) -> None:
        self.status.setText(error_text(exc))

    def _finished(self) -> None:
        task, self.stream = self.stream, None
        if task is not None and task.error is None:
            self.status.setText("Stopped" if task.cancel.is_set() else self._note)
        self._render()
        self.answer_finished.emit(self.text)

    def _turn(self) -> Any:
        """The answer as the chat keeps it (numbers, quotes, times, what to check)."""
        from engine.answering.chat import QuoteRef, SourceRef, Turn, TurnMeta

        reply = self._reply
        meta = TurnMeta(sources=tuple(SourceRef.from_dict(x) for x in self._sources)
                        if self.stream is None else (),
                        quotes=tuple(QuoteRef.from_dict(q) for q in self._quotes),
                        unsupported=tuple(reply.unsupported) if reply is not None else (),
                        notice=reply.notice if reply is not None else "",
                        headline=self._headline,
                        headline_text=TurnMeta.from_reply(reply).headline_text
                        if reply is not None else "")
        return Turn("assistant", self.text, meta)

    def _render(self) -> None:
        from app.gui.chat_blocks import MARKDOWN
        from app.gui.chat_render import answer_markdown

        # The chat's own words for an answer, in one box.
        body = answer_markdown(self._turn())
        if not body and self.stream is not None:
            body = "…"
        self.answer.document().setMarkdown(body, MARKDOWN)

    def copy(self) -> None:
        """The answer as shown (a model's sentence the box leaves out is left out here too), with
        its quotes and sources: what the chat's Copy gives for the same answer."""
        from app.gui.chat_render import copy_text

        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(copy_text(self._turn()))
            self.status.setText("Copied")

    def stop(self) -> None:
        if self.stream is not None:
            self.stream.cancel.set()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.stop()
            self.hide()
            return
        super().keyPressEvent(event)

    def clear_personal(self) -> None:
        task, self.stream = self.stream, None
        if task is not None:
            task.abandon()
        self.text, self._sources = "", []
        self.input.clear()
        self.answer.clear()
        self.status.setText("")
