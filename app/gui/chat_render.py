"""From a stored turn to what its block shows, and the chat's text box.

:func:`block_model` turns a :class:`~engine.answering.chat.Turn` into a
:class:`~app.gui.chat_blocks.BlockModel`: sources numbered 1, 2, … as shown (the answer's
citations and quotes follow), quotes as cards naming their source once, times in the
person's words, the model by its friendly name, and a speed only when text was generated and
is shown (not under a headline alone).
:func:`answer_markdown` is the same answer as one Markdown text, for surfaces with a single
text box (quick ask); :func:`copy_text` is what Copy gives, every source listed.

:class:`ChatInput` is the question box: Enter sends, Shift+Enter starts a new line, Esc is
passed up (stop the answer, or leave editing), Tab moves the focus; it grows with its text
up to a few lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QFrame, QPlainTextEdit, QWidget

from app.gui.chat_blocks import BlockModel, quote_text
from app.gui.model_host import md_escape
from app.gui.texts import local_times, model_title, renumber, source_title, tokens_per_second
from engine.answering.chat import QuoteRef, Turn, TurnMeta

CHOSEN = "you chose this model"


def footer_text(meta: TurnMeta, *, speed: str = "", timed: bool = True) -> str:
    """The model's friendly name (or the person's own device that answered, by its name), "online
    model" for a remote one, why it was picked (when Hearth picked), the speed."""
    route = meta.route or ""
    model = meta.model or route.split(" (", 1)[0]
    words = [model_title(model)] if model else []
    if "(your device" in route:
        # "desk (your device desk, …)" when chosen, "desk/default (your device desk, …)" when
        # routed there; older turns said "(your device, …)" with the device as the model.
        device = route.partition("(your device")[2].split(",", 1)[0].strip() or model
        words = [f"On your device {device}"]
        name = model.partition("/")[2] if model.startswith(device + "/") else ""
        if name and name != "default":
            words.append(model_title(name))
    elif "(remote" in route:
        words.append("online model")
    reason = route.partition("): ")[2].strip()
    if reason and reason != CHOSEN:
        words.append(f"picked automatically: {reason}")
    if not timed:
        speed = ""
    elif not speed:
        gen = float(meta.timings.get("generation_s") or 0.0)
        speed = tokens_per_second(int(meta.tokens.get("completion") or 0), gen)
    if speed:
        words.append(speed)
    return " · ".join(words)


def _numbers(meta: TurnMeta, content: str) -> tuple[dict[int, int], str]:
    mapping, (text,) = renumber(meta.sources, content)
    return mapping, text


def block_model(turn: Turn, *, speed: str = "", live: bool = False,
                headline: str | None = None) -> BlockModel:
    """What the block of ``turn`` shows (its actions are set by the chat view); the headline is
    the one kept with the answer unless given."""
    if turn.role == "user":
        return BlockModel("user", md_escape_block(turn.content))
    meta = turn.meta
    headline = meta.headline_text if headline is None else headline
    raw, quotes_first = turn.content, meta.headline == "quote"
    if headline and any(q.text and q.text in headline for q in meta.quotes):
        # The headline is the quote itself: its card leads, and it is not said twice.
        if raw.lstrip().startswith(headline):
            raw = raw.lstrip()[len(headline):].lstrip()
        headline, quotes_first = "", True
    elif headline and raw.lstrip().startswith(headline):
        rest = raw.lstrip()[len(headline):]
        if repeats_a_quote(rest, meta.quotes):
            raw = headline   # the model's sentence only copies the quote its card shows
    # Only the headline shown (the model's sentence left out): no speed for text not shown.
    timed = live or not headline or raw.strip() != headline.strip()
    mapping, content = _numbers(meta, raw)
    index_of = {n: j for j, n in enumerate(mapping)}   # a source's number → its index
    quotes = []
    for q in meta.quotes:
        shown = mapping.get(q.n, q.n)
        where = source_title({"title": q.title, "path": q.path, "location": q.location})
        quotes.append((quote_text(q.text, shown), where, index_of.get(q.n, -1)))
    notes = []
    if meta.unsupported:
        _m, flags = renumber(meta.sources, ", ".join(meta.unsupported))
        notes.append(f"Not found in your files: {flags[0]} (check these yourself)")
    if meta.stopped == "loop":
        notes.append("Stopped: the model began repeating itself.")
    if meta.notice:
        notes.append(meta.notice)
    sources = [(mapping.get(s.n or j + 1, j + 1), source_title(s.as_dict()))
               for j, s in enumerate(meta.sources)]
    return BlockModel("assistant", local_times(content), quotes=quotes,
                      quotes_first=quotes_first, notes=notes, sources=sources,
                      footer=footer_text(meta, speed=speed, timed=timed), stopped=meta.stopped == "cancelled",
                      live=live, headline=local_times(headline))


_MARKS = re.compile(r"\[\d+\]")


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", _MARKS.sub(" ", text).casefold()))


#: Words a sentence may change while it only repeats a quote ("The flight…" for "Our flight…").
_FILLER = frozenset({"a", "an", "the", "our", "my", "your", "their", "his", "her", "its", "this",
                     "that", "is", "are", "was"})


def repeats_a_quote(text: str, quotes: Sequence[QuoteRef]) -> bool:
    """Whether ``text`` says nothing that one of ``quotes`` does not: each of its words is the
    quote's (citation marks, case, punctuation and a few words like "the"/"our" aside: "Dr. Anna
    Price" repeats "Dr Anna Price", "The flight…" repeats "Our flight…")."""
    said = set(_words(text).split()) - _FILLER
    return len(said) >= 3 and any(said <= set(_words(q.text).split()) for q in quotes)


def md_escape_block(text: str) -> str:
    """A person's own words shown as typed: Markdown characters escaped, lines kept."""
    return "  \n".join(md_escape(line) for line in text.split("\n"))


def answer_markdown(turn: Turn) -> str:
    """The answer as one Markdown text: the headline (as a heading), quotes, text, what to
    check, sources, in the order the chat's block shows them."""
    m = block_model(turn)
    quotes = "\n>\n".join(f"> {md_escape(q)}" + (f"  \n> — {md_escape(w)}" if w else "")
                          for q, w, _i in m.quotes)
    head, body = "", m.markdown
    if m.headline and body.lstrip().startswith(m.headline):
        head = f"### {md_escape(m.headline)}"
        body = body.lstrip()[len(m.headline):].lstrip()
    parts = [head, quotes, body] if m.quotes_first else [head, body, quotes]
    parts += [f"*{md_escape(n)}*" for n in m.notes]
    unnamed = m.unnamed_sources()  # as in the chat's block: a source a quote names is not listed again
    if unnamed:
        parts.append("Sources: " + " · ".join(f"[{n}] {md_escape(t)}" for _j, n, t in unnamed))
    return "\n\n".join(p for p in parts if p)


def copy_text(turn: Turn) -> str:
    """What Copy puts on the clipboard: the words as shown, with quotes and sources."""
    if turn.role == "user":
        return turn.content
    m = block_model(turn)
    quotes = [f"{q}\n— {w}" if w else q for q, w, _i in m.quotes]
    parts = [*quotes, m.markdown] if m.quotes_first else [m.markdown, *quotes]
    if m.sources:
        parts.append("Sources: " + "; ".join(f"[{n}] {t}" for n, t in m.sources))
    return "\n\n".join(p for p in parts if p)


class ChatInput(QPlainTextEdit):
    """The question box (keys in the module docstring)."""

    submitted = Signal()
    escaped = Signal()

    MAX_LINES = 8

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setObjectName("chatInput")
        self.document().documentLayout().documentSizeChanged.connect(lambda _s: self._grow())
        self._grow()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if mods & Qt.KeyboardModifier.ShiftModifier:
                self.insertPlainText("\n")
            else:
                self.submitted.emit()
            event.accept()
            return
        if key == Qt.Key.Key_Escape:
            self.escaped.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def _grow(self) -> None:
        line = self.fontMetrics().lineSpacing()
        lines = max(2, min(self.MAX_LINES, int(self.document().size().height()) or 1))
        self.setFixedHeight(lines * line + 2 * int(self.document().documentMargin()) + 8)


def history_messages(turns: list[Turn]) -> list[dict[str, Any]]:
    return [{"role": t.role, "content": t.content} for t in turns]


class ModelPicker(QComboBox):
    """The model that answers, by its friendly name (the registry name in the tooltip)."""

    def __init__(self, host: Any, banner: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host, self.banner = host, banner
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.setToolTip("The model that answers")
        self.activated.connect(self._picked)
        host.models_changed.connect(self.fill)
        host.state_changed.connect(self._state)

    def fill(self) -> None:
        self.blockSignals(True)
        self.clear()
        for name in self.host.model_names(include_auto=True):
            self.addItem(model_title(name), name)
            self.setItemData(self.count() - 1, name, Qt.ItemDataRole.ToolTipRole)
        self.setCurrentIndex(max(self.findData(self.host.current), 0))
        self.blockSignals(False)

    def _picked(self, index: int) -> None:
        name = self.itemData(index)
        if name and name != self.host.current:
            self.host.load(name).on(error=self.banner.show_error)

    def _state(self, _text: str) -> None:
        index = self.findData(self.host.current)
        if index >= 0:
            self.setCurrentIndex(index)
