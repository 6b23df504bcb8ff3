"""The network log in the Privacy view: everything Hearth sent and received over the network.

One row per exchange from :mod:`vault.netlog` (model downloads, the Hub
metadata calls made for them, later remote model calls): when, what, host,
path, bytes sent and received, the SHA-256 of what arrived, whether personal
data went out and under which consent, the outcome, and what started it. The
log lives in the vault, so it is read on the vault worker when the vault
opens or the view is shown, and cleared from the screen on lock.
"""

from __future__ import annotations

import pathlib
from typing import Any

from PySide6.QtCore import Qt
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

COLUMNS = ("When", "What", "Host", "Path", "Sent", "Received", "SHA-256", "Personal", "Status",
           "Started by")
KIND_WORDS = {"download": "model download", "hub_api": "Hub lookup", "model_call": "remote model"}


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
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        # A path keeps its start (the repository) and shows its end in the tooltip.
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        col.addWidget(self.table)
        self.empty = note("Nothing yet: Hearth has not used the network.", name="emptyState")
        col.addWidget(self.empty)
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
            cells = [when, KIND_WORDS.get(e.kind, e.kind), e.host, f"{e.method} {e.path}",
                     size(e.bytes_out, decimal=True), size(e.bytes_in, decimal=True),
                     e.sha256[:16] + ("…" if e.sha256 else ""),
                     personal, e.status, e.started_by]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                tip = {0: moment_words(e.started_at), 1: e.detail or text,
                       3: f"{text}\n{e.detail}".strip(), 6: e.sha256 or text}
                item.setToolTip(tip.get(c, text))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        for c in range(len(COLUMNS)):
            self.table.setColumnWidth(c, min(self.table.columnWidth(c), 320))
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        fit_rows(self.table, least=2, most=10)
        self.empty.setText("Nothing yet: Hearth has not used the network." if not self._rows
                           else "Nothing matches these filters.")
        self.empty.setVisible(not rows)
        self.table.setVisible(bool(rows))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def clear_personal(self) -> None:
        self._rows = []
        self.table.setRowCount(0)
        self.table.hide()
