"""The catalog in the Models view: fit labels, the recommended pick, download, cancel, resume.

The catalog and this computer's fit are computed on the registry worker
(the first time, that includes the memory-bandwidth measurement). A download
first looks the file up on the Hub (metadata only) and shows the plan (host,
repository, file, size, SHA-256), which the person confirms before the first
byte; the transfer then runs on its own worker, so the rest of the window
stays usable, with progress, speed and ETA. Cancel keeps the partial file,
and "Resume download" continues from it. Finished files are registered and
the model list refreshes.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.gui.model_host import ModelHost
from app.gui.runner import REGISTRY, Task

#: The worker downloads run on: never the registry's, so the view stays usable meanwhile.
DOWNLOAD = "download"
CATALOG_COLUMNS = ("Model", "Size", "On this computer", "Speed", "Licence", "Good for")


def _gb(n: float) -> str:
    return f"{n / 1e9:.1f} GB" if n >= 1e9 else f"{n / 1e6:.0f} MB"


class CatalogPanel(QWidget):
    """The catalog with fit labels and the recommended pick; download, cancel, resume."""

    loaded = Signal()
    progressed = Signal(object)     # engine.download.Progress
    downloaded = Signal(object)     # engine.download.PullResult
    stopped = Signal(str)           # why a download stopped (cancelled, failed)

    def __init__(self, host: ModelHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.models: list[Any] = []
        self.fits: dict[str, Any] = {}
        self.pick: Any = None
        self.task: Task | None = None
        self.resumable: dict[str, int] = {}
        #: Asked before the first byte with the plan; tests answer without a dialog.
        self.confirm: Any = self._ask
        #: Asked for a Hub access token when a repository is gated (None: not given).
        self.ask_token: Any = self._ask_token
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(QLabel("<b>Get a better model</b>: downloaded from the Hugging Face Hub "
                             "only when you click Download, then verified and added here."))
        self.machine_label = QLabel("Checking this computer…")
        self.machine_label.setWordWrap(True)
        col.addWidget(self.machine_label)
        self.table = QTableWidget(0, len(CATALOG_COLUMNS))
        self.table.setHorizontalHeaderLabels(list(CATALOG_COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(len(CATALOG_COLUMNS) - 1,
                                                           QHeaderView.ResizeMode.Stretch)
        col.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.download_button = QPushButton("Download")
        self.cancel_button = QPushButton("Cancel download")
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.hide()
        row.addWidget(self.download_button)
        row.addWidget(self.cancel_button)
        row.addWidget(self.progress, 1)
        col.addLayout(row)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        col.addWidget(self.status)
        self.download_button.clicked.connect(lambda: self.download())
        self.cancel_button.clicked.connect(self.cancel)
        self.table.currentCellChanged.connect(lambda *_a: self._update_buttons())

    # -- the catalog and its fit -------------------------------------------------------------------

    def load(self) -> Task:
        def work() -> tuple[Any, list[Any], dict[str, Any], Any]:
            from engine.catalog import load_catalog
            from engine.fit import fit_catalog, recommend, this_machine

            models = load_catalog()
            machine = this_machine()
            fits = {m.id: fit_catalog(m, machine) for m in models}
            return machine, models, fits, recommend(models, machine)

        return self.host.runner.submit(REGISTRY, work, name="catalog").on(
            done=self._show, error=lambda exc: self.machine_label.setText(
                f"The catalog could not be read: {exc}"))

    def _show(self, value: tuple[Any, list[Any], dict[str, Any], Any]) -> None:
        machine, self.models, self.fits, self.pick = value
        self.machine_label.setText(f"This computer: {machine.describe()}. Speeds are estimates.")
        self.table.setRowCount(0)
        for m in self.models:
            r = self.table.rowCount()
            self.table.insertRow(r)
            f = self.fits[m.id]
            recommended = self.pick is not None and self.pick.model.id == m.id
            cells = [("★ " if recommended else "") + m.name, _gb(m.default_file.size), f.label,
                     f.speed_text().replace("about ", "~"), m.license, m.good_for]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, m.id)
                item.setToolTip(f"{m.repo} · {m.default_file.file}\n{f.note}"
                                + ("\nRecommended for this computer" if recommended else ""))
                self.table.setItem(r, c, item)
            if recommended:
                self.table.setCurrentCell(r, 0)
        self.table.resizeColumnsToContents()
        self._update_buttons()
        self.loaded.emit()

    def label_of(self, model_id: str) -> str:
        fit = self.fits.get(model_id)
        return fit.label if fit is not None else ""

    def selected_model(self) -> Any:
        item = self.table.item(self.table.currentRow(), 0) if self.table.currentRow() >= 0 else None
        wanted = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return next((m for m in self.models if m.id == wanted), None)

    def _update_buttons(self) -> None:
        busy = self.task is not None and not self.task.done
        m = self.selected_model()
        self.download_button.setEnabled(not busy and m is not None)
        self.download_button.setText("Resume download" if m is not None and m.id in self.resumable
                                     else "Download")
        self.cancel_button.setEnabled(busy)

    # -- downloading ---------------------------------------------------------------------------------

    def download(self, model: Any = None, *, confirm: bool = True,
                 use_when_done: bool = False) -> Task | None:
        """Plan (metadata only), show and confirm the plan, then fetch on the download worker."""
        model = model or self.selected_model()
        if model is None or (self.task is not None and not self.task.done):
            return None
        session = self.host.session
        self.status.setText(f"Looking up {model.repo} on the Hub…")

        def plan() -> Any:
            from engine.download import plan_pull
            from engine.hub import Hub

            hub = Hub(vault=session.vault, started_by="window: Models view")
            return plan_pull(model.repo, catalog=model, hub=hub), hub.token

        def planned(pair: tuple[Any, str | None]) -> None:
            the_plan, token = pair
            self.status.setText(_plan_text(the_plan))
            if confirm and not self.confirm(the_plan):
                self.status.setText("Nothing was downloaded.")
                self._update_buttons()
                return
            self._fetch(model, the_plan, token, use_when_done)

        self.task = self.host.runner.submit(DOWNLOAD, plan, name="plan-download").on(
            done=planned, error=self._failed)
        self._update_buttons()
        return self.task

    def _fetch(self, model: Any, plan: Any, token: str | None, use_when_done: bool) -> None:
        session = self.host.session

        def work(task: Task) -> Any:
            from engine.download import pull

            return pull(plan, vault=session.vault, token=token, cancel=task.cancel,
                        progress=task.report, started_by="window: Models view")

        def done(result: Any) -> None:
            self.resumable.pop(model.id, None)
            self.progress.setValue(1000)
            self.status.setText(f"{plan.file} downloaded and verified (SHA-256 {result.sha256[:16]}…); "
                                f"added as {result.entry.name}.")
            self.host.models_changed.emit()
            self.downloaded.emit(result)
            if use_when_done:
                self.host.load(str(result.entry.name))

        def failed(exc: BaseException) -> None:
            from engine.errors import GatedModel

            if plan.partial.exists():
                self.resumable[model.id] = plan.partial.stat().st_size
            self._failed(exc)
            if isinstance(exc, GatedModel) and session.is_open:
                self._token_then_retry(model, use_when_done)

        self.progress.setValue(int(1000 * plan.resume_from / max(1, plan.size)))
        self.progress.show()
        self.task = self.host.runner.submit(DOWNLOAD, work, name="download").on(
            progress=self._progressed, done=done, error=failed, finished=self._update_buttons)
        self._update_buttons()

    def _progressed(self, p: Any) -> None:
        self.progress.setValue(int(1000 * p.done / max(1, p.total)))
        if p.phase == "hashing":
            text = f"Checking the {_gb(p.done)} already downloaded…"
        elif p.phase == "verify":
            text = "Verifying…"
        else:
            eta = f", {int(p.eta // 60)}:{int(p.eta % 60):02d} left" if p.eta is not None else ""
            text = f"{_gb(p.done)} of {_gb(p.total)} · {_gb(p.speed)}/s{eta}"
        self.status.setText(text)
        self.progressed.emit(p)

    def _failed(self, exc: BaseException) -> None:
        from app.gui.dialogs import error_text
        from engine.errors import DownloadCancelled

        text = error_text(exc)
        if isinstance(exc, DownloadCancelled):
            text = "Cancelled; what arrived is kept: Resume download continues from there."
        self.status.setText(text)
        self.stopped.emit(text)
        self._update_buttons()

    def _token_then_retry(self, model: Any, use_when_done: bool) -> None:
        """A gated repository: ask for an access token, keep it in the vault, try again."""
        token = self.ask_token(model)
        if not token:
            return
        session = self.host.session

        def keep() -> None:
            from engine.hub import store_token

            store_token(session.require_vault(), token)

        self.host.runner.submit("vault", keep, name="hf-token").on(
            done=lambda _r: self.download(model, confirm=False, use_when_done=use_when_done),
            error=self._failed)

    def _ask_token(self, model: Any) -> str | None:
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        text, ok = QInputDialog.getText(
            self, "Access token", f"{model.repo} is gated. Accept its licence on the Hub while "
            "signed in, then paste an access token (kept in your vault, sent only to the Hub):",
            QLineEdit.EchoMode.Password)
        return text.strip() if ok and text.strip() else None

    def cancel(self) -> None:
        if self.task is not None and not self.task.done:
            self.task.cancel.set()

    def _ask(self, plan: Any) -> bool:
        return QMessageBox.question(self, "Download a model", _plan_text(plan) + "\n\nDownload it?") \
            == QMessageBox.StandardButton.Yes


def _plan_text(plan: Any) -> str:
    resume = f"\nResuming after {_gb(plan.resume_from)} already here." if plan.resume_from else ""
    return (f"From {plan.host}: {plan.repo}\nFile {plan.file}, {_gb(plan.size)} "
            f"({plan.size:,} bytes)\nSHA-256 {plan.sha256} ({plan.sha256_from}){resume}")
