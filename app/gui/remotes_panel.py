"""Remote models in the Models view: OpenAI-compatible servers on other computers.

Add one (a name, the server's URL, the model id to ask for, and an API key if
it needs one), Test it (asks the server which models it serves: nothing of the
person's is sent), Enable or Disable it, Remove it. The list lives in
``remotes.json`` (``engine.routing.remote.RemoteRegistry``; no secrets there); the API
key is kept in the vault, so adding one with a key needs the vault unlocked.
A new server starts disabled: until it is enabled Hearth opens no connection to
it. Every Test is written to the network log. What an enabled server may
receive is decided per request: anything personal only after the consent
dialog (``app.gui.remote_consent``).

File and network work runs on the runner's registry worker, vault work on the
vault worker; the GUI thread only shows results.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.dialogs import error_text
from app.gui.runner import REGISTRY, VAULT, Task
from app.gui.session import Session


def _registry() -> Any:
    from engine.routing.remote import RemoteRegistry

    return RemoteRegistry()


class Fold(QWidget):
    """A one-line header with a Show/Hide toggle over a body: a panel that stays one line tall
    until it is wanted (the Models view stacks several; the window must fit a laptop screen)."""

    def __init__(self, summary: QWidget, body: QWidget, *, open_: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.body = body
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.toggle = QToolButton()
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.toggled.connect(self._set_open)
        row.addWidget(summary, 1)
        row.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignTop)
        col.addLayout(row)
        col.addWidget(body)
        self.toggle.setChecked(open_)
        self._set_open(open_)

    def _set_open(self, on: bool) -> None:
        self.body.setVisible(on)
        self.toggle.setText("Hide" if on else "Show")
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)

    def open(self) -> None:
        self.toggle.setChecked(True)


def body_layout(widget: QWidget) -> QBoxLayout:
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(0, 0, 0, 0)
    return layout


class RemotesPanel(QGroupBox):
    changed = Signal()          # the list of remote models changed (added, removed, enabled…)
    tested = Signal(object)     # an engine.routing.remote.EndpointCheck, or the error

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__("Remote models (on other computers)", parent)
        self.session = session
        self.setObjectName("remotes-panel")
        outer = QVBoxLayout(self)
        self.empty = QLabel("No remote model yet. If you run a bigger model on another computer, "
                            "add it here; Hearth works without one.")
        self.empty.setWordWrap(True)
        body = QWidget()
        col = body_layout(body)
        self.fold = Fold(self.empty, body)
        outer.addWidget(self.fold)
        intro = QLabel("An OpenAI-compatible server you run elsewhere (llama.cpp's llama-server, "
                       "vLLM, Ollama…). A new one starts disabled. Requests with personal data "
                       "go to it only after you see and approve exactly what is sent.")
        intro.setWordWrap(True)
        col.addWidget(intro)
        self.list = QListWidget()
        self.list.setMaximumHeight(100)
        col.addWidget(self.list)
        row = QHBoxLayout()
        self.test_button = QPushButton("Test")
        self.enable_button = QPushButton("Enable")
        self.remove_button = QPushButton("Remove")
        for b in (self.test_button, self.enable_button, self.remove_button):
            row.addWidget(b)
        row.addStretch(1)
        col.addLayout(row)
        form = QFormLayout()
        self.name = QLineEdit(placeholderText="e.g. gpu-box")
        self.url = QLineEdit(placeholderText="http://gpu-box:8080/v1")
        self.model = QLineEdit(placeholderText="model id on the server (default: the name)")
        self.api_key = QLineEdit(placeholderText="only if the server needs one (kept in the vault)")
        self.api_key.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("Name", self.name)
        form.addRow("URL", self.url)
        form.addRow("Model", self.model)
        form.addRow("API key", self.api_key)
        col.addLayout(form)
        add_row = QHBoxLayout()
        self.add_button = QPushButton("Add remote model")
        add_row.addWidget(self.add_button)
        add_row.addStretch(1)
        col.addLayout(add_row)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        col.addWidget(self.status)
        self.add_button.clicked.connect(self.add)
        self.test_button.clicked.connect(self.test_selected)
        self.enable_button.clicked.connect(self.toggle_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.refresh()

    # -- reading ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        keep = self.selected()
        self.list.clear()
        try:
            endpoints = _registry().list()
        except Exception as exc:  # an unreadable remotes.json is shown, not fatal
            self.status.setText(error_text(exc))
            endpoints = []
        for e in endpoints:
            state = "enabled" if e.enabled else "disabled"
            item = QListWidgetItem(f"{e.name}: {e.model} at {e.url} ({state})")
            item.setData(Qt.ItemDataRole.UserRole, e.name)
            item.setData(Qt.ItemDataRole.UserRole + 1, e.enabled)
            self.list.addItem(item)
            if e.name == keep:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        enabled = sum(1 for e in endpoints if e.enabled)
        self.empty.setText(f"{len(endpoints)} remote model{'s' if len(endpoints) != 1 else ''}, "
                           f"{enabled} enabled." if endpoints else
                           "No remote model yet. If you run a bigger model on another computer, "
                           "add it here; Hearth works without one.")
        self.list.setVisible(bool(endpoints))
        self._update_buttons()

    def selected(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _update_buttons(self) -> None:
        item = self.list.currentItem()
        for b in (self.test_button, self.enable_button, self.remove_button):
            b.setEnabled(item is not None)
        enabled = bool(item.data(Qt.ItemDataRole.UserRole + 1)) if item is not None else False
        self.enable_button.setText("Disable" if enabled else "Enable")

    # -- changing --------------------------------------------------------------------------------

    def _done(self, text: str) -> None:
        self.status.setText(text)
        self.refresh()
        self.changed.emit()

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(error_text(exc))
        self.refresh()

    def add(self) -> Task | None:
        name, url = self.name.text().strip(), self.url.text().strip()
        model, key = self.model.text().strip() or None, self.api_key.text().strip()
        if not name or not url:
            self.status.setText("A remote model needs a name and the server's URL.")
            return None
        if key and not self.session.is_open:
            self.status.setText("Unlock Hearth first: the API key is kept in your vault.")
            return None
        def work() -> str:
            from engine.routing.remote import KEY_SETTING
            from vault.settings import set_setting

            registry = _registry()
            endpoint = registry.add(name, url, model=model)
            if key:
                try:
                    set_setting(self.session.require_vault(), KEY_SETTING + endpoint.name, key)
                except BaseException:
                    registry.remove(endpoint.name)
                    raise
            return str(endpoint.name)

        def added(added_name: str) -> None:
            for field in (self.name, self.url, self.model, self.api_key):
                field.clear()
            self._done(f"Added {added_name} (disabled). Test it, then enable it.")

        # The vault worker when a key goes into the vault (one writer), else the registry's.
        task = self.session.runner.submit(VAULT if key else REGISTRY, work, name="remote-add")
        return task.on(done=added, error=self._failed)

    def toggle_selected(self) -> Task | None:
        name = self.selected()
        item = self.list.currentItem()
        if name is None or item is None:
            return None
        enable = not bool(item.data(Qt.ItemDataRole.UserRole + 1))

        def work() -> None:
            _registry().set_enabled(name, enable)

        words = (f"{name} is enabled: the router may use it." if enable else
                 f"{name} is disabled: Hearth makes no connection to it.")
        return self.session.runner.submit(REGISTRY, work, name="remote-enable").on(
            done=lambda _r: self._done(words), error=self._failed)

    def remove_selected(self) -> Task | None:
        name = self.selected()
        if name is None:
            return None
        vault = self.session.vault if self.session.is_open else None

        def work() -> None:
            _registry().remove(name)

        def removed(_r: object) -> None:
            if vault is not None:  # its key, if any, leaves the vault too
                from engine.routing.remote import KEY_SETTING
                from vault.settings import set_setting

                self.session.runner.submit(VAULT, set_setting, vault, KEY_SETTING + name, "",
                                           name="remote-key-forget")
            self._done(f"Removed {name}.")

        return self.session.runner.submit(REGISTRY, work, name="remote-remove").on(
            done=removed, error=self._failed)

    def test_selected(self) -> Task | None:
        """Ask the server which models it serves; the exchange goes into the network log."""
        name = self.selected()
        if name is None:
            return None
        from app.routing import api_key_lookup

        key_of = api_key_lookup(self.session.vault if self.session.is_open else None)
        vault = self.session.vault if self.session.is_open else None
        self.status.setText(f"Testing {name}…")

        def work() -> Any:
            from urllib.parse import urlsplit

            from engine.errors import EngineError
            from engine.routing.remote import check_endpoint
            from vault.netlog import NetEntry, record

            endpoint = _registry().get(name)
            parts = urlsplit(endpoint.url)
            host = (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
            started = time.time()
            try:
                check = check_endpoint(endpoint.url, api_key=key_of(name),
                                       timeout_s=min(endpoint.timeout_s, 10.0))
            except EngineError as exc:
                record(vault, NetEntry(kind="model_call", host=host, path=parts.path + "/models",
                                       status=f"failed: {exc}", started_at=started,
                                       ended_at=time.time(), consent="you pressed Test",
                                       detail=f"{name}: test (lists models)",
                                       started_by="window: Models view"))
                raise
            record(vault, NetEntry(kind="model_call", host=host, path=parts.path + "/models",
                                   status="ok", started_at=check.started_at, ended_at=check.ended_at,
                                   bytes_in=check.bytes_in, consent="you pressed Test",
                                   detail=f"{name}: test (lists models)",
                                   started_by="window: Models view"))
            return endpoint, check

        def shown(pair: Any) -> None:
            endpoint, check = pair
            models = ", ".join(check.models) or "none listed"
            serves = endpoint.model in check.models
            self.status.setText(f"{name} answers. It serves: {models}."
                                + ("" if serves or not check.models else
                                   f" It does not list '{endpoint.model}', the model Hearth asks for."))
            self.tested.emit(check)

        def failed(exc: BaseException) -> None:
            self.status.setText(f"{name} failed the test: {error_text(exc)}")
            self.tested.emit(exc)

        return self.session.runner.submit(REGISTRY, work, name="remote-test").on(
            done=shown, error=failed)
