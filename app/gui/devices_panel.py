"""The person's paired devices in the window: "Your devices" in Models, and Unpair in Privacy.

:class:`DevicesPanel` (in the Models view) lists the computers this one may use, from
:func:`app.link.using.device_rows`: online or not (each is asked which models it serves, on the
link worker, a few seconds at most for one that is off), its models, and whether it may answer from
the person's data. "Use" makes a device's chosen model the one that answers in the chat
(:meth:`app.gui.model_host.ModelHost.use_device`). Its buttons open the pairing dialogs: "Pair with
a computer…" (this one will use the other's models) and "Show a pairing code…" (this one serves).
Under them, what this computer keeps of the weights its devices sent to split models across it
(pieces, size, limit: :func:`app.split.serving.cache_summary`), with Clear.

:class:`PairedDevicesPanel` (in the Privacy view) lists every paired device both ways, as known at
pairing (no connection made), each with Unpair: the grant is revoked at once, so the device's next
request is refused and an answer it is receiving ends; a device this one uses is asked to revoke
this one's grant too.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.gui.dialogs import error_text
from app.gui.link_host import LinkHost
from app.gui.runner import Task
from app.gui.widgets import fit_rows, note, section

DEVICE_COLUMNS = ("Device", "Now", "Model", "Your data", "")
PAIRED_COLUMNS = ("Device", "Which way", "")


def _item(text: str, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if tip:
        item.setToolTip(tip)
    return item


def _table(columns: tuple[str, ...], *, stretch: int) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(list(columns))
    table.verticalHeader().hide()
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(False)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def _fit(table: QTableWidget) -> None:
    """As tall as its rows, no taller: a list of two devices is not a page of blank rows."""
    fit_rows(table, least=1, most=8)
    table.setMaximumHeight(table.minimumHeight())


class DevicesPanel(QWidget):
    """"Your devices" in the Models view (see the module docstring)."""

    def __init__(self, host: Any, link: LinkHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host, self.link = host, link
        self.rows: list[dict[str, Any]] = []
        self.all_rows: list[dict[str, Any]] = []
        self.peers: dict[str, Any] = {}
        self.pickers: dict[str, QComboBox] = {}
        self.use_buttons: dict[str, QPushButton] = {}
        self._loading = False
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(section("Your devices", "Your other computers' models, over a private link "
                              "you paired. A device sees your files' excerpts only if you allowed "
                              "it when pairing."))
        self.state = note("", name="muted")
        col.addWidget(self.state)
        self.table = _table(DEVICE_COLUMNS, stretch=3)
        col.addWidget(self.table)
        row = QHBoxLayout()
        self.pair_button = QPushButton("Pair with a computer\u2026")
        self.pair_button.setToolTip("Use the models of another computer of yours")
        self.code_button = QPushButton("Show a pairing code\u2026")
        self.code_button.setToolTip("Let another computer of yours use this one's models")
        self.check_button = QPushButton("Check again")
        for b in (self.pair_button, self.code_button, self.check_button):
            row.addWidget(b)
        row.addStretch(1)
        col.addLayout(row)
        self.serving = note("", name="muted")
        col.addWidget(self.serving)
        cache_row = QHBoxLayout()
        self.cache_note = note("", name="muted")
        self.cache_button = QPushButton("Clear")
        self.cache_button.setToolTip("Remove the weight pieces kept for models split across this "
                                     "computer; the next load sends them again")
        cache_row.addWidget(self.cache_note, 1)
        cache_row.addWidget(self.cache_button)
        col.addLayout(cache_row)
        self.cache_button.clicked.connect(lambda: self.clear_cache())
        self.pair_button.clicked.connect(lambda: self.open_pairing())
        self.code_button.clicked.connect(lambda: self.open_code())
        self.check_button.clicked.connect(lambda: self.refresh())
        link.state_changed.connect(self._serving)
        host.device_measured.connect(lambda _n, _s: self._show((self.all_rows, self.peers)))
        host.session.unlocked.connect(lambda _v: self.refresh())
        host.session.locked.connect(self.clear_personal)
        self._serving(link.state)
        self.clear_personal()
        self.show_cache()

    def _serving(self, words: str) -> None:
        self.code_button.setEnabled(self.link.serving)
        self.serving.setText("This computer: " + (words if words != "Off" else
                             "not serving its models (Settings \u2192 \u201cLet my other devices use "
                             "this computer's models\u201d)."))

    def show_cache(self) -> None:
        from app.formats import size as shown_size
        from app.split.serving import cache_summary

        vault = self.host.session.vault if self.host.session.is_open else None
        files, size, limit, _ = cache_summary(vault)
        kept = (f"{files} weight pieces, {shown_size(size)} of at most {shown_size(limit)}"
                if files else f"nothing (at most {shown_size(limit)})")
        self.cache_note.setText(f"Kept for models your devices split across this computer: {kept}.")
        self.cache_button.setEnabled(files > 0)

    def clear_cache(self) -> None:
        from app.formats import size as shown_size
        from app.split.serving import clear_cache

        files, size = clear_cache()
        self.show_cache()
        self.cache_note.setText(f"Removed {files} weight pieces ({shown_size(size)}); a device that "
                                "splits a model across this computer sends its weights again.")

    def refresh(self) -> Task | None:
        self.show_cache()
        if not self.host.session.is_open or self._loading:
            return None
        self._loading = True
        self.state.setText("Checking which of your devices are on\u2026")
        return self.link.rows().on(done=self._show, error=self._failed,
                                   finished=lambda: setattr(self, "_loading", False))

    def _failed(self, exc: BaseException) -> None:
        if shiboken6.isValid(self.state):
            self.state.setText(error_text(exc))

    def _show(self, result: tuple[list[dict[str, Any]], dict[str, Any]]) -> None:
        if not shiboken6.isValid(self.table):
            return
        rows, self.peers = result
        self.all_rows = rows
        self.rows = [r for r in rows if r["role"] == "serves this device"]
        using = [r["name"] for r in rows if r["role"] == "uses this device"]
        # The chat may pick any paired device; what each serves is as last seen.
        chosen = self.host.devices
        for name in list(chosen):
            if name not in self.peers:
                del chosen[name]
        for name, peer in self.peers.items():
            chosen.setdefault(name, peer)
        self.host.models_changed.emit()
        self.table.setRowCount(len(self.rows))
        self.pickers.clear()
        self.use_buttons.clear()
        for i, r in enumerate(self.rows):
            name = str(r["name"])
            self.table.setItem(i, 0, _item(name, f"{r['address']} \u00b7 {r['did']}"))
            online = {True: "online", False: "off or unreachable", None: "not checked"}[r["online"]]
            speed = self.host.device_speeds.get(name)
            self.table.setItem(i, 1, _item(online + (f" \u00b7 {speed}" if speed else ""),
                                           "Speed as measured here, on the last answer it gave"
                                           if speed else "Its speed is measured on first use"))
            picker = QComboBox()
            picker.addItems([str(m) for m in r["models"]] or ["default"])
            chosen_peer = self.host.devices.get(name)
            if chosen_peer is not None and len(chosen_peer.models) == 1:   # chosen with "Use"
                picker.setCurrentText(str(chosen_peer.models[0]))
            picker.setToolTip("The model on that computer that answers")
            self.pickers[name] = picker
            self.table.setCellWidget(i, 2, picker)
            data = "may answer from it" if r["personal"] else "general questions only"
            self.table.setItem(i, 3, _item(data))
            use = QPushButton("Use")
            use.setToolTip(f"Answer in the chat with {name}'s model")
            use.clicked.connect(lambda _c=False, n=name: self.use(n))
            self.use_buttons[name] = use
            self.table.setCellWidget(i, 4, use)
        _fit(self.table)
        if not self.rows:
            self.state.setText("No computer paired yet. \u201cPair with a computer\u2026\u201d uses "
                               "another computer's models from here.")
        else:
            on = sum(1 for r in self.rows if r["online"])
            self.state.setText(f"{len(self.rows)} paired, {on} online." + (
                f" Using this computer: {', '.join(using)} (Privacy lists them)." if using else ""))
        self.table.setVisible(bool(self.rows))

    def use(self, name: str) -> Task | None:
        """Answer in the chat with ``name``'s chosen model."""
        peer = self.peers.get(name)
        picker = self.pickers.get(name)
        if peer is None or picker is None:
            return None
        self.host.devices[name] = replace(peer, models=(picker.currentText(),))
        self.state.setText(f"The chat now answers with {name}'s {picker.currentText()}. When {name} "
                           "is off, this computer answers and says so.")
        task: Task = self.host.load(name)
        return task

    def open_pairing(self) -> Any:
        from app.gui.pairing_dialog import AskPairingDialog

        dialog = AskPairingDialog(self.link, self.window())
        dialog.finished.connect(lambda _r: self.refresh())
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def open_code(self) -> Any:
        from app.gui.pairing_dialog import ServePairingDialog

        dialog = ServePairingDialog(self.link, self.window())
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def clear_personal(self) -> None:
        self.rows, self.all_rows, self.peers = [], [], {}
        self.table.setRowCount(0)
        self.table.hide()
        self.pickers.clear()
        self.use_buttons.clear()
        if self.host.current in self.host.devices:
            from app.gui import prefs

            self.host.current = self.host._wanted = str(prefs.get("model", "default"))
        self.host.devices.clear()
        self.state.setText("Unlock to see your devices.")


class PairedDevicesPanel(QWidget):
    """Every paired device both ways, each with Unpair (in the Privacy view)."""

    def __init__(self, link: LinkHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.link = link
        self.unpair_buttons: dict[str, QPushButton] = {}
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(section("Your devices", "Computers of yours paired with this one. Unpair "
                              "takes the permission back at once."))
        self.table = _table(PAIRED_COLUMNS, stretch=1)
        col.addWidget(self.table)
        self.status = note("")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        col.addWidget(self.status)
        link.session.locked.connect(self.clear_personal)
        self.clear_personal()

    def refresh(self) -> Task | None:
        if not self.link.session.is_open:
            return None
        return self.link.rows(probe=False).on(done=self._show, error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        if shiboken6.isValid(self.status):
            self.status.setText(error_text(exc))

    def _show(self, result: tuple[list[dict[str, Any]], dict[str, Any]]) -> None:
        if not shiboken6.isValid(self.table):
            return
        rows, _ = result
        self.table.setRowCount(len(rows))
        self.unpair_buttons.clear()
        for i, r in enumerate(rows):
            name = str(r["name"])
            self.table.setItem(i, 0, _item(name, str(r["did"])))
            way = ("this computer uses its models" if r["role"] == "serves this device"
                   else "it uses this computer's models")
            self.table.setItem(i, 1, _item(way))
            button = QPushButton("Unpair")
            button.setToolTip(f"Take back {name}'s permission now")
            button.clicked.connect(lambda _c=False, n=name: self.unpair(n))
            self.unpair_buttons[name] = button
            self.table.setCellWidget(i, 2, button)
        _fit(self.table)
        self.table.setVisible(bool(rows))
        if not rows and not self.status.text():   # what an unpair said stays
            self.status.setText("No device is paired with this computer.")

    def unpair(self, name: str) -> Task:
        button = self.unpair_buttons.get(name)
        if button is not None:
            button.setEnabled(False)
        self.status.setText(f"Unpairing {name}\u2026")

        def done(words: str) -> None:
            if shiboken6.isValid(self.status):
                self.status.setText(words)
                self.refresh()

        return self.link.unpair(name).on(done=done, error=self._failed)

    def clear_personal(self) -> None:
        self.table.setRowCount(0)
        self.table.hide()
        self.unpair_buttons.clear()
        self.status.setText("")
