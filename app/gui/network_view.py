"""The network log in the Privacy view: everything Hearth sent and received over the network.

One row per exchange from :mod:`vault.netlog` (model downloads, the Hub
metadata calls made for them, later remote model calls): when, what, host,
path, bytes sent and received, the SHA-256 of what arrived, whether personal
data went out and under which consent, the outcome, and what started it. The
log lives in the vault, so it is read on the vault worker when the vault
opens or the view is shown, and cleared from the screen on lock.

Nothing in a row is cut off: the path may break after each "/" and the short columns between
their words, so from about 1200 px wide the table fits its width and every row shows whole; a
narrower window scrolls the table sideways, the path still whole in its column
(:meth:`NetworkLogView.fit_columns`). The full path, detail and hash are in the tooltips.
"""

from __future__ import annotations

import pathlib
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
#: Columns whose words may go onto more lines when the window is narrow (the path breaks after
#: each "/"), in the order they give way; the others keep one line.
WRAPS = (9, 1, 2, 3, 4, 0)
#: A break opportunity that shows nothing, put after each "/" of a path.
_BREAK = "\u200b"


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
            cells = [when, KIND_WORDS.get(e.kind, e.kind), personal, e.status, e.host,
                     f"{e.method} {e.path}".replace("/", "/" + _BREAK),
                     size(e.bytes_out, decimal=True), size(e.bytes_in, decimal=True),
                     e.sha256[:16] + ("…" if e.sha256 else ""), e.started_by]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
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
        """Each column as wide as its text on one line, the path taking the rest; where that
        does not fit, the wrapping columns narrow to their longest word (the path to its
        longest piece between slashes) and their rows grow."""
        t = self.table
        fm, pad = t.fontMetrics(), 14
        n = len(COLUMNS)
        texts = [[item.text() for r in range(t.rowCount()) if (item := t.item(r, c)) is not None]
                 for c in range(n)]
        head = [fm.horizontalAdvance(h) + 2 * pad for h in COLUMNS]
        natural = [max([head[c], *(fm.horizontalAdvance(x) + pad for x in texts[c])]) for c in range(n)]
        least = [max([head[c], *(fm.horizontalAdvance(w) + pad for x in texts[c]
                                 for w in x.replace(_BREAK, " ").split())])
                 if c in (*WRAPS, PATH) else natural[c] for c in range(n)]
        widths = natural[:]
        room = t.viewport().width()
        over = sum(widths) - widths[PATH] + least[PATH] - room
        for c in WRAPS:
            cut = max(0, min(over, widths[c] - least[c]))
            widths[c] -= cut
            over -= cut
        widths[PATH] = max(room - (sum(widths) - widths[PATH]), least[PATH])
        for c, w in enumerate(widths):
            t.setColumnWidth(c, w)
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
