"""The chat transcript: a centred column of message blocks, each with its own actions.

:class:`Transcript` is a scroll area holding one :class:`MessageBlock` per turn in a column
at most :data:`COLUMN_WIDTH` wide, centred in the window, followed by the view's empty state
when there are no turns. A block shows who spoke, the text (Markdown with raw HTML off: what
a model or a file says is never rendered as HTML), the verbatim quotes as cards naming their
source, what to check and why it stopped, as links the sources no quote card names (a card's
source is not listed twice; Copy still lists every source), and a footer: the model's
name, a speed only when text was generated, and the actions (copy; edit and resend for a
question; regenerate for the last answer; ‹ 1/2 › where a question or an answer has other
versions). Blocks only emit what the person asked for; the chat view does the work.

The live answer's block is updated in place (:meth:`MessageBlock.set_text`), not rebuilt,
so streaming costs one Markdown layout of one block per render tick.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QResizeEvent, QTextDocument, QWheelEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.gui.texts import local_times

COLUMN_WIDTH = 720
CODE = re.compile(r"```[^\n]*\n(.*?)```", re.DOTALL)
#: Markdown as GitHub writes it, with raw HTML shown as text, never rendered.
MARKDOWN = (QTextDocument.MarkdownFeature.MarkdownDialectGitHub
            | QTextDocument.MarkdownFeature.MarkdownNoHTML)


class RichText(QTextBrowser):
    """Read-only Markdown as tall as its text: the transcript scrolls, not each block."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.viewport().setAutoFillBackground(False)
        self.setStyleSheet("QTextBrowser { background: transparent; }")
        self.document().setDocumentMargin(2)
        self.document().documentLayout().documentSizeChanged.connect(lambda _s: self._fit())

    def set_markdown(self, text: str) -> None:
        self.document().setMarkdown(text, MARKDOWN)
        self._fit()

    def _fit(self) -> None:
        self.document().setTextWidth(self.viewport().width())
        height = math.ceil(self.document().size().height()) + 2 * self.frameWidth() + 2
        if height != self.height():
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def wheelEvent(self, event: QWheelEvent) -> None:
        event.ignore()   # the transcript scrolls


@dataclass
class BlockModel:
    """What one block shows (made by the chat view from a turn)."""

    role: str                                  # "user" | "assistant"
    markdown: str                              # the text, Markdown
    quotes: list[tuple[str, str, int]] = field(default_factory=list)   # (text, where, source index)
    quotes_first: bool = False
    notes: list[str] = field(default_factory=list)                    # plain text
    sources: list[tuple[int, str]] = field(default_factory=list)       # (number, title)
    footer: str = ""                                                   # plain text
    stopped: bool = False
    can_edit: bool = False
    can_regenerate: bool = False
    version: tuple[int, int] = (1, 1)                                  # (shown, of)
    live: bool = False
    #: What the person reads first (the value asked for, on a small model), when the answer
    #: begins with it: shown above the rest, large when it is a value, not a sentence.
    headline: str = ""

    def unnamed_sources(self) -> list[tuple[int, int, str]]:
        """(index, number, title) of the sources no quote card names: a card's "— where" link
        that reads the source's title names it; one the card only calls "source" does not."""
        named = {index for _t, where, index in self.quotes
                 if 0 <= index < len(self.sources) and where == self.sources[index][1]}
        return [(j, n, title) for j, (n, title) in enumerate(self.sources) if j not in named]


class MessageBlock(QFrame):
    """One turn. Signals carry nothing: the view knows which block is which."""

    copy_requested = Signal()
    edit_requested = Signal()
    regenerate_requested = Signal()
    version_requested = Signal(int)     # -1 older, +1 newer
    source_requested = Signal(int)      # the source's index in the turn's sources

    def __init__(self, model: BlockModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.setObjectName("userBlock" if model.role == "user" else "answerBlock")
        self.setProperty("role", model.role)
        col = QVBoxLayout(self)
        col.setContentsMargins(14, 10, 14, 8)
        col.setSpacing(6)
        self.who = QLabel("You" if model.role == "user" else "Hearth")
        self.who.setObjectName("who")
        col.addWidget(self.who)
        self.headline = QLabel("")
        self.headline.setObjectName("headline")
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        self.headline.setWordWrap(True)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.headline.hide()
        col.addWidget(self.headline)
        self.body = RichText()
        self.body.anchorClicked.connect(self._link)
        self.cards: list[QFrame] = []
        cards = [self._card(text, where, index) for text, where, index in model.quotes]
        if model.quotes_first:
            for c in cards:
                col.addWidget(c)
        col.addWidget(self.body)
        if not model.quotes_first:
            for c in cards:
                col.addWidget(c)
        self.code_row = QHBoxLayout()
        self.code_row.setContentsMargins(0, 0, 0, 0)
        self.code_buttons: list[QPushButton] = []
        col.addLayout(self.code_row)
        self.notes = QLabel("\n".join(model.notes))
        self.notes.setObjectName("notes")
        self.notes.setTextFormat(Qt.TextFormat.PlainText)
        self.notes.setWordWrap(True)
        self.notes.setVisible(bool(model.notes))
        col.addWidget(self.notes)
        self.source_buttons: list[QPushButton] = []
        unnamed = model.unnamed_sources()  # a source a quote card names is not listed twice
        if unnamed:
            row = QHBoxLayout()
            row.setSpacing(4)
            label = QLabel("Sources:")
            label.setObjectName("muted")
            row.addWidget(label)
            for j, n, title in unnamed:
                b = QPushButton(f"[{n}] {title}")
                b.setObjectName("sourceLink")
                b.setFlat(True)
                b.setCursor(Qt.CursorShape.PointingHandCursor)
                b.setToolTip("Show this passage")
                b.clicked.connect(lambda _c=False, j=j: self.source_requested.emit(j))
                b.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
                self.source_buttons.append(b)
                row.addWidget(b)
            row.addStretch(1)
            wrap = QWidget()
            wrap.setLayout(row)
            row.setContentsMargins(0, 0, 0, 0)
            col.addWidget(wrap)
        self.footer_row = QHBoxLayout()
        self.footer_row.setSpacing(2)
        self.footer = QLabel(model.footer)
        self.footer.setObjectName("muted")
        self.footer.setTextFormat(Qt.TextFormat.PlainText)
        self.footer.setWordWrap(True)
        self.footer.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.stopped = QLabel("Stopped")
        self.stopped.setObjectName("stopped")
        self.stopped.setToolTip("You stopped this answer before it was finished")
        self.stopped.setVisible(model.stopped)
        self.footer_row.addWidget(self.stopped)
        self.footer_row.addWidget(self.footer, 1)
        what = "answer" if model.role == "assistant" else "question and what followed it"
        self.older = self._action("‹", f"The earlier version of this {what}",
                                  lambda: self.version_requested.emit(-1))
        self.version_label = QLabel(f"{model.version[0]}/{model.version[1]}")
        self.version_label.setObjectName("muted")
        self.newer = self._action("›", f"The later version of this {what}",
                                  lambda: self.version_requested.emit(1))
        many = model.version[1] > 1
        for w in (self.older, self.version_label, self.newer):
            w.setVisible(many)
            self.footer_row.addWidget(w)
        self.older.setEnabled(model.version[0] > 1)
        self.newer.setEnabled(model.version[0] < model.version[1])
        self.copy_button = self._action("Copy", "Copy this message", self.copy_requested.emit)
        self.edit_button = self._action("Edit", "Change this question and ask it again",
                                        self.edit_requested.emit)
        self.edit_button.setVisible(model.can_edit)
        self.regen_button = self._action("Regenerate", "Ask again; this answer is kept as a version",
                                         self.regenerate_requested.emit)
        self.regen_button.setVisible(model.can_regenerate)
        for b in (self.copy_button, self.edit_button, self.regen_button):
            self.footer_row.addWidget(b)
        col.addLayout(self.footer_row)
        self.set_text(model.markdown, live=model.live)

    def _action(self, text: str, tip: str, slot: Any) -> QPushButton:
        b = QPushButton(text)
        b.setObjectName("blockAction")
        b.setFlat(True)
        b.setToolTip(tip)
        b.setCursor(Qt.CursorShape.PointingHandCursor)
        b.clicked.connect(lambda _c=False: slot())
        return b

    def _card(self, text: str, where: str, index: int) -> QFrame:
        card = QFrame()
        card.setObjectName("quoteCard")
        box = QVBoxLayout(card)
        box.setContentsMargins(12, 6, 8, 6)
        box.setSpacing(2)
        quote = QLabel(text)
        quote.setTextFormat(Qt.TextFormat.PlainText)
        quote.setWordWrap(True)
        quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(quote)
        if where:
            link = QPushButton(f"— {where}")
            link.setObjectName("sourceLink")
            link.setFlat(True)
            link.setCursor(Qt.CursorShape.PointingHandCursor)
            link.setToolTip("Show this passage")
            if index >= 0:
                link.clicked.connect(lambda _c=False: self.source_requested.emit(index))
            else:
                link.setEnabled(False)
            row = QHBoxLayout()
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(link)
            row.addStretch(1)
            box.addLayout(row)
        self.cards.append(card)
        return card

    def set_text(self, markdown: str, *, live: bool = False) -> None:
        self.model.markdown = markdown
        head = self.model.headline.strip()
        rest = markdown
        if head and markdown.lstrip().startswith(head):
            rest = markdown.lstrip()[len(head):].lstrip("\n ")
        else:
            head = ""
        self.headline.setText(head)
        self.headline.setVisible(bool(head))
        # A value ("TP1359") is the answer and reads large; a sentence ("I'm not sure; this may
        # be it:", "I found nothing…") says how the answer stands, a little above the text.
        kind = "words" if head.endswith((".", ":", "?", "!")) or len(head) > 60 else "value"
        if self.headline.property("kind") != kind:
            self.headline.setProperty("kind", kind)
            self.headline.style().unpolish(self.headline)
            self.headline.style().polish(self.headline)
        self.body.setVisible(bool(rest.strip()) or (live and not head))
        self.body.set_markdown(rest if rest or not live else ("" if head else "…"))
        self._code_buttons(markdown, live)
        self.copy_button.setEnabled(not live)
        # Kept in the row even when empty: it is the stretch that puts the actions on the right.
        self.footer.setVisible(True)

    def _code_buttons(self, markdown: str, live: bool) -> None:
        """A "Copy code" action for each fenced code block (once the answer is whole)."""
        blocks = [] if live else CODE.findall(markdown)
        if len(blocks) == len(self.code_buttons):
            return
        for b in self.code_buttons:
            self.code_row.removeWidget(b)
            b.deleteLater()
        self.code_buttons = []
        for i, code in enumerate(blocks, 1):
            name = "Copy code" if len(blocks) == 1 else f"Copy code {i}"
            b = self._action(name, "Copy this code block", lambda code=code: _copy(code))
            self.code_buttons.append(b)
            self.code_row.addWidget(b)
        if blocks:
            self.code_row.addStretch(1)

    def _link(self, url: QUrl) -> None:
        if url.scheme() == "source":
            try:
                self.source_requested.emit(int(url.path()))
            except ValueError:
                pass

    def plain_text(self) -> str:
        parts = [self.who.text()] + ([self.headline.text()] if self.headline.text() else [])
        quotes = [label.text() for c in self.cards if (label := c.findChild(QLabel)) is not None]
        wheres = ["\n".join(b.text() for b in c.findChildren(QPushButton)) for c in self.cards]
        cards = [q + ("\n" + w if w else "") for q, w in zip(quotes, wheres, strict=True)]
        body = [self.body.toPlainText()] if not self.body.isHidden() else []
        parts += [*cards, *body] if self.model.quotes_first else [*body, *cards]
        if self.model.notes:
            parts.append(self.notes.text())
        if self.source_buttons:
            parts.append("Sources: " + " · ".join(b.text() for b in self.source_buttons))
        if self.model.stopped:
            parts.append("Stopped")
        if self.model.footer:
            parts.append(self.model.footer)
        return "\n".join(parts)


class Transcript(QScrollArea):
    """The column of blocks, centred, at most COLUMN_WIDTH wide, scrolled to the end as it grows."""

    def __init__(self, empty: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transcript")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        inner.setObjectName("transcriptInner")
        outer = QHBoxLayout(inner)
        outer.setContentsMargins(16, 12, 16, 12)
        self.column = QWidget()
        self.column.setMaximumWidth(COLUMN_WIDTH)
        self.column.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        outer.addStretch(1)
        outer.addWidget(self.column, 100)
        outer.addStretch(1)
        self.rows = QVBoxLayout(self.column)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setSpacing(12)
        self.empty = empty
        self.rows.addWidget(empty)
        self.rows.addStretch(1)
        self.setWidget(inner)
        self.blocks: list[MessageBlock] = []
        self._stick = True
        self.verticalScrollBar().rangeChanged.connect(self._range_changed)
        self.verticalScrollBar().valueChanged.connect(self._moved)

    def set_blocks(self, models: list[BlockModel]) -> list[MessageBlock]:
        for b in self.blocks:
            self.rows.removeWidget(b)
            b.hide()   # at once: deleteLater waits for the event loop, and it must not be painted
            b.deleteLater()
        self.blocks = [MessageBlock(m) for m in models]
        for i, b in enumerate(self.blocks):
            self.rows.insertWidget(i, b)
        self.empty.setVisible(not self.blocks)
        self._stick = True
        QTimer.singleShot(0, self._to_end)
        return self.blocks

    def _moved(self, value: int) -> None:
        self._stick = value >= self.verticalScrollBar().maximum() - 8

    def _range_changed(self, _lo: int, _hi: int) -> None:
        if self._stick:
            self._to_end()

    def _to_end(self) -> None:
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())

    def plain_text(self) -> str:
        return "\n\n".join(b.plain_text() for b in self.blocks)


def _copy(text: str) -> None:
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().setText(text.rstrip("\n"))


def quote_text(text: str, n: int) -> str:
    """A quote as a card shows it: the words as written (times in local words), its number."""
    return f"“{local_times(text)}” [{n}]"
