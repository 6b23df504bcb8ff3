"""Privacy: the apps that paired, their grants, revoke buttons, and each app's access log.

A grant's record in the vault is what authorises each request, so a revoke
here blocks the app's very next request. The access timeline comes from the
hash-chained audit log (item ids and counts only, never contents). "Connect another app…"
makes an app key for a tool that cannot pair (``app.gui.app_keys_dialog``); that tool is then
listed and revoked here like any paired app.

:class:`ConsentWatcher` polls the vault for consent requests the gateway
recorded and shows the consent dialog for each, one at a time.

Ids come back from Qt (an item's data, a button's closure, a task's result) untyped; they are
made a :data:`~identity.didkey.Did`, :data:`~identity.store.GrantId` or
:data:`~identity.store.RequestId` where they do, before they reach :mod:`identity`.
"""

from __future__ import annotations

import time
from html import escape as _esc
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.gui.dialogs import Banner, ConsentDialog
from app.gui.network_view import NetworkLogView
from app.gui.privacy_words import STATUS_WORDS, access_rows, scope_words
from app.gui.runner import VAULT, Task
from app.gui.session import Session
from app.gui.texts import moment, moment_words
from app.gui.welcome import EmptyState
from app.gui.widgets import fit_rows, heading, note, section
from identity.didkey import Did, require_key_did

if TYPE_CHECKING:
    from identity.consent import ConsentRequest
    from identity.store import AuditEntry, Grant, GrantId, RequestId

GRANT_COLUMNS = ("", "What it may do", "For", "Status", "Until", "Last used", "Used")
AUDIT_COLUMNS = ("When", "What", "What happened", "Items")
#: Revoke sits in the first column: reachable however narrow the window.
REVOKE_COLUMN = 0


def load_apps(vault: Any) -> list[dict[str, Any]]:
    from identity.appkeys import list_app_keys
    from identity.apps import list_apps

    keyed = {k.app_did for k in list_app_keys(vault)}
    return [dict(did=a.did, name=a.name, exe_path=a.exe_path, last_seen=a.last_seen,
                 previous_name=a.previous_name, renamed_at=a.renamed_at, keyed=a.did in keyed)
            for a in list_apps(vault)]


def load_app_detail(vault: Any, did: Did) -> tuple[list[Grant], list[AuditEntry]]:
    from identity import audit, grants

    return grants.list_grants(vault, app_did=did), audit.entries(vault, app_did=did, limit=500)


class PrivacyView(QWidget):
    revoked = Signal(str)   # grant id

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.current_did: Did | None = None
        col = QVBoxLayout(self)
        col.setContentsMargins(16, 12, 16, 12)
        col.addWidget(heading("Privacy", "Apps on this computer that asked to use Hearth, what "
                              "you allowed them, and every access they made."))
        self.banner = Banner()
        col.addWidget(self.banner)
        self.connect_button = QPushButton("Connect another app\u2026")
        self.connect_button.setToolTip("An app key for a tool that takes a base URL and an API key")
        self.connect_button.clicked.connect(lambda: self.connect_app())
        col.addWidget(self.connect_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.key_dialog: Any = None
        self.split = split = QSplitter()
        left = QWidget()
        lcol = QVBoxLayout(left)
        self.apps = QListWidget()
        lcol.addWidget(self.apps, 1)
        self.revoke_all_button = QPushButton("Revoke all")
        self.revoke_all_button.setToolTip("Take back everything you allowed this app")
        lcol.addWidget(self.revoke_all_button)
        split.addWidget(left)
        right = QWidget()
        rcol = QVBoxLayout(right)
        self.app_label = note("", rich=True)
        self.app_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        rcol.addWidget(self.app_label)
        rcol.addWidget(section("What you allowed"))
        self.grants = _table(GRANT_COLUMNS, stretch=1)
        rcol.addWidget(self.grants)
        rcol.addWidget(section("What it did", "One row per access, newest first."))
        self.timeline = _table(AUDIT_COLUMNS, stretch=2)
        rcol.addWidget(self.timeline)
        split.addWidget(right)
        split.setChildrenCollapsible(False)
        left.setMinimumWidth(140)
        split.setSizes([200, 800])
        col.addWidget(split, 1)
        self.empty = EmptyState("No app has asked to use Hearth yet. When a program on this "
                                "computer asks, Hearth shows you who it is and what it wants, and "
                                "you decide; what you allowed and every access it makes are listed "
                                "here, and you can take it back at any time.")
        col.addWidget(self.empty)
        split.hide()
        from app.gui.devices_panel import PairedDevicesPanel
        from app.gui.link_host import LinkHost, link_host_for

        self.devices = PairedDevicesPanel(link_host_for(session) or LinkHost(session, None))
        col.addWidget(self.devices)
        self.network = NetworkLogView(session)
        col.addWidget(self.network, 1)
        self.apps.currentItemChanged.connect(lambda item, _p: self._pick(item))
        # Live: the gateway writes the log on this process's own connection, which the
        # window's change token does not see; while this page is shown it reads it again.
        self.live = QTimer(self, interval=2000)
        self.live.timeout.connect(self._tick)
        self._loading = False
        self._shown: Any = None
        self.revoke_all_button.clicked.connect(self.revoke_all)

    def on_unlocked(self) -> None:
        self.refresh()
        self.live.start()

    def _tick(self) -> None:
        item = self.apps.currentItem()
        if item is not None and self.isVisible() and self.session.is_open and not self._loading:
            self._pick(item)

    def refresh(self) -> Task:
        self.devices.refresh()
        return self.session.while_open(
            VAULT, lambda: load_apps(self.session.require_vault()), name="apps").on(
            done=self._show_apps, error=self.banner.show_error)

    def _show_apps(self, apps: list[dict[str, Any]]) -> None:
        self.apps.blockSignals(True)
        self.apps.clear()
        for a in apps:
            item = QListWidgetItem(a["name"])
            item.setData(Qt.ItemDataRole.UserRole, a)
            self.apps.addItem(item)
            if a["did"] == self.current_did:
                self.apps.setCurrentItem(item)
        self.apps.blockSignals(False)
        self.split.setVisible(bool(apps))
        self.empty.setVisible(not apps)
        if not apps:
            self.app_label.setText("")
        elif self.apps.currentItem() is None:
            self.apps.setCurrentRow(0)
        else:
            self._pick(self.apps.currentItem())

    def _pick(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        app = item.data(Qt.ItemDataRole.UserRole)
        did = require_key_did(app["did"])
        self.current_did = did
        # Names and paths come from the app: escaped, never read as markup.
        renamed = (f" <i>(renamed from {_esc(app['previous_name'])} on {moment(app['renamed_at'])})</i>"
                   if app.get("previous_name") else "")
        program = ("any program that has its app key" if app.get("keyed")
                   else _esc(app["exe_path"] or "unknown"))
        self.app_label.setText(f"<b>{_esc(app['name'])}</b>{renamed}<br>Program: "
                               f"{program}<br>Identity: …{_esc(app['did'][-12:])}"
                               f"<br>Last seen: {moment(app['last_seen'])}")
        self._loading = True
        self.session.while_open(
            VAULT, lambda: load_app_detail(self.session.require_vault(), did), name="grants").on(
            done=lambda pair: self._show_detail(did, *pair), error=self.banner.show_error,
            finished=lambda: setattr(self, "_loading", False))

    def _show_detail(self, did: Did, grants: list[Grant], entries: list[AuditEntry]) -> None:
        if did != self.current_did:
            return
        shown = (did, tuple((g.id, g.status(), g.last_used_at) for g in grants),
                 entries[-1].seq if entries else 0)
        if shown == self._shown:
            return   # the live re-read found nothing new: keep the rows, the scroll, the selection
        self._shown = shown
        from identity.scopes import label

        accesses = access_rows(entries)
        self.grants.setRowCount(0)
        now = time.time()
        for g in grants:
            row = self.grants.rowCount()
            self.grants.insertRow(row)
            status = g.status()
            mode = "only once" if g.mode == "once" else "until it expires"
            used = sum(1 for a in accesses if a.allowed and a.scope in g.scopes
                       and g.issued_at <= a.ts <= (g.revoked_at or now))
            cells = ["", ", ".join(label(s) for s in g.scopes), mode, STATUS_WORDS.get(status, status),
                     moment(g.expires_at), moment(g.last_used_at),
                     f"{used} time{'s' if used != 1 else ''}"]
            tips = {1: ", ".join(g.scopes), 4: moment_words(g.expires_at),
                    5: moment_words(g.last_used_at)}
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(tips.get(c, text))
                self.grants.setItem(row, c, item)
            button = QPushButton("Revoke")
            button.setObjectName(f"revoke-{g.id}")
            button.setEnabled(status == "active")
            button.clicked.connect(lambda _c=False, gid=g.id: self.revoke(gid))
            self.grants.setCellWidget(row, REVOKE_COLUMN, button)
        self.grants.resizeRowsToContents()
        fit_rows(self.grants, least=2, most=6)
        self.timeline.setRowCount(0)
        for a in reversed(accesses):
            row = self.timeline.rowCount()
            self.timeline.insertRow(row)
            items = f"{len(a.items)} item{'s' if len(a.items) != 1 else ''}" if a.items else ""
            for c, text in enumerate((moment(a.ts), scope_words(a.scope), a.words, items)):
                cell = QTableWidgetItem(text)
                if c == 3 and a.items:
                    cell.setToolTip("\n".join(a.items[:50]))
                if c == 2:
                    cell.setToolTip(a.codes)
                if c == 0:
                    cell.setToolTip(moment_words(a.ts))
                self.timeline.setItem(row, c, cell)
        fit_rows(self.timeline, least=4, most=12)

    def revoke(self, grant_id: GrantId) -> Task:
        def work() -> Any:
            from identity.grants import revoke_grant

            return revoke_grant(self.session.require_vault(), grant_id)

        def revoked(_grant: Any) -> None:
            self.revoked.emit(grant_id)
            self.refresh()

        return self.session.runner.submit(VAULT, work, name="revoke").on(
            done=revoked, error=self.banner.show_error)

    def revoke_all(self) -> Task | None:
        did = self.current_did
        if did is None:
            return None

        def work() -> int:
            from identity.grants import revoke_all

            return revoke_all(self.session.require_vault(), app_did=did)

        def revoked(count: int) -> None:
            self.banner.show_info(f"Revoked {count} grant(s).")
            self.refresh()

        return self.session.runner.submit(VAULT, work, name="revoke-all").on(
            done=revoked, error=self.banner.show_error)

    def connect_app(self) -> Any:
        """Open the app key dialog (window-modal, not blocking: the key is made on the vault worker)."""
        from app.gui.app_keys_dialog import AppKeyDialog

        self._close_key_dialog()
        self.key_dialog = dialog = AppKeyDialog(self.session, parent=self)
        dialog.created.connect(self._key_made)
        dialog.open()
        return dialog

    def _close_key_dialog(self) -> None:
        dialog, self.key_dialog = self.key_dialog, None
        if dialog is not None:
            dialog.close()
            dialog.deleteLater()

    def _key_made(self, did: str) -> None:
        self.current_did = require_key_did(did)
        self.refresh()

    def clear_personal(self) -> None:
        self._close_key_dialog()   # a key on screen is not left behind a lock
        self.live.stop()
        self._shown = None
        self.current_did = None
        self.apps.clear()
        self.grants.setRowCount(0)
        self.timeline.setRowCount(0)
        self.app_label.setText("")
        self.banner.clear()


def _table(columns: tuple[str, ...], *, stretch: int = 0) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(list(columns))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.setWordWrap(True)
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    for c in range(len(columns)):
        header.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch if c == stretch
                                    else QHeaderView.ResizeMode.ResizeToContents)
    return table


class ConsentWatcher(QObject):
    """Shows the consent dialog for each request an app makes while the vault is open."""

    answered = Signal(str, bool)   # request id, allowed

    def __init__(self, session: Session, *, parent_widget: QWidget | None = None,
                 interval_ms: int = 1500, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.parent_widget = parent_widget
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(self.poll)
        self._asking = False
        self._seen: set[RequestId] = set()
        #: Tests set this to answer without a modal loop: request -> decision dict or None.
        self.decide: Any = None
        session.unlocked.connect(lambda _v: self.timer.start())
        session.locked.connect(self._stop_polling)

    def poll(self) -> None:
        if self._asking or not self.session.is_open:
            return

        def pending() -> list[ConsentRequest]:
            from identity.consent import pending_requests

            return pending_requests(self.session.require_vault())

        self._asking = True
        self.session.while_open(VAULT, pending, name="consent-poll").on(
            done=self._ask_first, error=lambda _e: self._done())

    def _done(self) -> None:
        self._asking = False

    def _stop_polling(self) -> None:
        # A poll in flight at the lock never delivers (Session.while_open): the next unlock
        # must be free to ask again.
        self.timer.stop()
        self._done()

    def _ask_first(self, requests: list[ConsentRequest]) -> None:
        fresh = [r for r in requests if r.id not in self._seen]
        if not fresh:
            self._done()
            return
        request = fresh[0]
        self._seen.add(request.id)
        from identity.scopes import label

        app = request.app
        if self.decide is not None:
            choice = self.decide(request)
        else:
            dialog = ConsentDialog(app_name=app.name if app else "An unknown app",
                                   did=str(request.app_did), exe_path=app.exe_path if app else "",
                                   claimed_exe_path=app.claimed_exe_path if app else "",
                                   scopes=[(s, label(s)) for s in request.scopes],
                                   purpose=request.purpose, days=request.days,
                                   parent=self.parent_widget)
            dialog.exec()
            choice = dialog.decision()
        self._answer(request.id, choice)

    def _answer(self, request_id: RequestId, choice: dict[str, Any] | None) -> None:
        def work() -> None:
            from identity import consent

            vault = self.session.require_vault()
            if choice is None:
                consent.deny(vault, request_id)
            else:
                consent.approve(vault, request_id, scopes=choice["scopes"], once=choice["once"],
                                days=choice["days"])

        self.session.runner.submit(VAULT, work, name="consent-answer").on(
            done=lambda _r: self.answered.emit(request_id, choice is not None),
            finished=self._done)
