"""The network log in the Privacy view: everything Hearth sent and received over the network.

One row per exchange from :mod:`vault.netlog` (model downloads, the Hub
metadata calls made for them, later remote model calls): when, what, host,
path, bytes sent and received, the SHA-256 of what arrived, whether personal
data went out and under which consent, the outcome, and what started it. The
log lives in the vault, so it is read on the vault worker when the vault
opens or the view is shown, and cleared from the screen on lock.

Nothing in a row is cut off and nothing is out of view sideways: every column fits the table's
width (from an 800x600 window up), each at least as wide as its heading; long cells go onto more
lines, a path after each "/", a host after each "." and the hash by fours, and where even a word is
wider than its column's share it breaks between letters, in the outside words (personal, status,
host, path, started by) before the others (:meth:`NetworkLogView.fit_columns`). Only a table
too narrow for the headings alone scrolls sideways. The full path, detail and hash are in the tooltips.
"""

from __future__ import annotations

import pathlib
import re
import textwrap
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.formats import size
from app.gui.runner import VAULT, Task
from app.gui.session import Session
from app.gui.texts import moment, moment_words
from app.gui.widgets import fit_rows, note, section

#: Whether personal data went out, and how it ended, come before where to: in view first however
#: narrow the window.
COLUMNS = ("When", "What", "Personal", "Status", "Host", "Path", "Sent", "Received", "SHA-256",
           "Started by")
KIND_WORDS = {"download": "model download", "hub_api": "Hub lookup", "model_call": "remote model"}
PATH = 5
#: How much more of the room than the others a column takes when not all fit on one line: the
#: path most, then the host and the status.
WEIGHTS = {PATH: 3.0, 4: 1.5, 3: 1.5}
#: The columns of words from outside (personal, status, host, path, started by), which break
#: between letters before the short fixed words of the others do.
FREE_TEXT = (2, 3, 4, 5, 9)
#: A break opportunity that shows nothing, put after the punctuation of a path or host,
#: between the hash's groups of four, and every few letters of any longer run (:func:`breakable`).
_BREAK = "\u200b"
_PUNCTUATION = re.compile(r"([/\-_?&=](?=\S)|\.(?=[^\W\d]))")
_LONG_RUN = re.compile(r"[^\s/.\-_\u200b]{12}(?=[^\s/.\-_\u200b])")
#: Where an item keeps its text as first made (the text shown may hold more break opportunities).
_WHOLE = Qt.ItemDataRole.UserRole + 1
#: Room beside a cell's words (the item's margins), and beside a heading's (the section's).
_CELL_PAD, _HEAD_PAD = 8, 10


def breakable(text: str) -> str:
    """``text`` with a break opportunity after each "/", "-", "_", "?", "&", "=" and "." (not a
    decimal point) and inside any run of more than 12 letters without one, so that a narrow
    column can show it whole on more lines."""
    return _LONG_RUN.sub(lambda m: m.group(0) + _BREAK, _PUNCTUATION.sub(r"\1" + _BREAK, text))


def _shared(least: list[int], natural: list[int], room: int) -> list[int]:
    """Widths between ``least`` and ``natural`` that fill ``room``: each column up to one level
    (times its weight, :data:`WEIGHTS`), so the short ones (sizes, dates) keep their one line
    and the long ones share what is left."""
    def at(level: float) -> list[int]:
        return [max(lo, min(hi, int(level * WEIGHTS.get(c, 1.0))))
                for c, (lo, hi) in enumerate(zip(least, natural, strict=True))]

    low, high = 0.0, float(max(natural, default=0))
    for _ in range(30):
        mid = (low + high) / 2
        low, high = (mid, high) if sum(at(mid)) <= room else (low, mid)
    return at(low)


def _cap(least: list[int], head: list[int], room: int) -> int:
    """The widest any column may be for the columns to fit ``room`` (none narrower than its
    heading): as wide as its longest word when they all fit so."""
    if sum(least) <= room:
        return max(least, default=0)
    cap = max(least)
    while cap > 0 and sum(min(w, max(cap, h)) for w, h in zip(least, head, strict=True)) > room:
        cap -= 1
    return cap


def _broken(text: str, width: int, advance: Callable[[str], int]) -> str:
    """``text`` with a break opportunity inside each word wider than ``width``, wherever the
    line must break for the word to show whole."""
    out = []
    for word in re.split(r"(\s+|\u200b)", text):
        if advance(word) <= width:
            out.append(word)
            continue
        piece = ""
        for ch in word:
            if piece and advance(piece + ch) > width:
                out.append(piece + _BREAK)
                piece = ""
            piece += ch
        out.append(piece)
    return "".join(out)


class NetworkLogView(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(section("Network log", "Everything Hearth sent and fetched over the network "
                              "(model downloads, Hub searches, remote model calls with what you "
                              "allowed), newest first."))
        bar = QHBoxLayout()
        self.kind_filter = QComboBox()
        self.kind_filter.addItem("Everything", "")
        for kind, words in KIND_WORDS.items():
            self.kind_filter.addItem(words[:1].upper() + words[1:] + "s", kind)
        self.personal_only = QCheckBox("Only what carried personal data")
        self.export_button = QPushButton("Export…")
        self.kind_filter.currentIndexChanged.connect(lambda _i: self._apply())
        self.personal_only.toggled.connect(lambda _on: self._apply())
        self.export_button.clicked.connect(self.export)
        bar.addWidget(self.kind_filter)
        bar.addWidget(self.personal_only)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        col.addLayout(bar)
        self._rows: list[Any] = []
        self._fitting = False
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.viewport().installEventFilter(self)
        col.addWidget(self.table, 1)
        self.empty = note("Nothing yet: Hearth has not used the network.", name="emptyState")
        # In place of the table, it takes the room the table would (its words at the top), so the
        # heading and filters stay together however tall the page.
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        col.addWidget(self.empty, 1)
        session.unlocked.connect(lambda _v: self.refresh())
        session.locked.connect(self.clear_personal)

    def refresh(self) -> Task | None:
        if not self.session.is_open:
            return None

        def load() -> list[Any]:
            from vault.netlog import entries

            return entries(self.session.require_vault(), limit=500)

        return self.session.while_open(VAULT, load, name="network-log").on(done=self.show_entries)

    def show_entries(self, rows: list[Any]) -> None:
        self._rows = list(rows)
        self._apply()

    def shown(self) -> list[Any]:
        """The entries the filters let through, newest first."""
        kind = self.kind_filter.currentData()
        return [e for e in self._rows if (not kind or e.kind == kind)
                and (e.personal or not self.personal_only.isChecked())]

    def export(self, path: str | None = None) -> None:
        """Write the entries shown to a JSON file the person picks (the log itself stays put)."""
        import dataclasses
        import json

        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "Export the network log", "hearth-network-log.json",
                                                  "JSON (*.json)")
        if not path:
            return
        from vault.fsutil import atomic_write

        data = json.dumps([dataclasses.asdict(e) for e in self.shown()], indent=2, ensure_ascii=False)
        atomic_write(pathlib.Path(path), data.encode("utf-8"))

    def _apply(self) -> None:
        rows = self.shown()
        self.table.setRowCount(0)
        for e in rows:
            r = self.table.rowCount()
            self.table.insertRow(r)
            when = moment(e.started_at, seconds=True)
            personal = ("yes" + (f" ({e.consent})" if e.consent else "")) if e.personal else "no"
            cells = [when, KIND_WORDS.get(e.kind, e.kind), breakable(personal), breakable(e.status),
                     breakable(e.host), breakable(f"{e.method} {e.path}"),
                     size(e.bytes_out, decimal=True), size(e.bytes_in, decimal=True),
                     _BREAK.join(textwrap.wrap(e.sha256[:16], 4)) + "…" if e.sha256 else "",
                     breakable(e.started_by)]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(_WHOLE, text)
                tip = {0: moment_words(e.started_at), 1: e.detail or text,
                       PATH: f"{e.method} {e.path}\n{e.detail}".strip(), 8: e.sha256 or text}
                item.setToolTip(tip.get(c, text))
                self.table.setItem(r, c, item)
        self.fit_columns()
        self.empty.setText("Nothing yet: Hearth has not used the network." if not self._rows
                           else "Nothing matches these filters.")
        self.empty.setVisible(not rows)
        self.table.setVisible(bool(rows))

    def fit_columns(self) -> None:
        """Share the table's width among the columns: each gets at least its heading's width and
        its longest word's, then up to a common level (the path three times it, :func:`_shared`);
        a column whose text fits gets no more than it needs and the path takes what is spare.
        Where even the longest words do not fit, the widest columns narrow alike (never below
        their heading) and their words longer than that break between letters. Rows grow to fit
        the lines their cells wrap onto."""
        t = self.table
        fm, head_fm = t.fontMetrics(), t.horizontalHeader().fontMetrics()
        n = len(COLUMNS)
        items = [[item for r in range(t.rowCount()) if (item := t.item(r, c)) is not None]
                 for c in range(n)]
        texts = [[str(item.data(_WHOLE)) for item in items[c]] for c in range(n)]
        head = [head_fm.horizontalAdvance(h) + _HEAD_PAD for h in COLUMNS]
        natural = [max([head[c], *(fm.horizontalAdvance(x) + _CELL_PAD for x in texts[c])])
                   for c in range(n)]
        least = [max([head[c], *(fm.horizontalAdvance(w) + _CELL_PAD for x in texts[c]
                                 for w in x.replace(_BREAK, " ").split())]) for c in range(n)]
        room = t.viewport().width()
        # Words break between letters in the free-text columns first, then in all.
        free = [least[c] if c in FREE_TEXT else head[c] for c in range(n)]
        fixed = sum(least[c] for c in range(n) if c not in FREE_TEXT)
        cap = _cap(free, head, room - fixed + sum(head[c] for c in range(n) if c not in FREE_TEXT))
        least = [min(w, max(cap, head[c])) if c in FREE_TEXT else w for c, w in enumerate(least)]
        cap = _cap(least, head, room)
        least = [min(w, max(cap, head[c])) for c, w in enumerate(least)]
        if sum(natural) <= room:
            widths = natural[:]
            widths[PATH] += room - sum(natural)
        else:
            widths = _shared(least, natural, room)
            widths[PATH] += max(0, room - sum(widths))  # what rounding down left over
        for c, w in enumerate(widths):
            t.setColumnWidth(c, w)
            for item, text in zip(items[c], texts[c], strict=True):
                shown = _broken(text, w - _CELL_PAD, fm.horizontalAdvance)
                if item.text() != shown:
                    item.setText(shown)
        t.resizeRowsToContents()
        fit_rows(t, least=2, most=10)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize \
                and self.table.rowCount() and not self._fitting:
            self._fitting = True   # fitting changes the table's height, not its width: once
            try:
                self.fit_columns()
            finally:
                self._fitting = False
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def clear_personal(self) -> None:
        self._rows = []
        self.table.setRowCount(0)
        self.table.hide()
