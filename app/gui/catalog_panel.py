"""The catalog in the Models view: fit labels, the recommended pick, Hub search, download.

The catalog and this computer's fit are computed on the registry worker
(the first time, that includes the memory-bandwidth measurement), and shown as
model cards that reflow with the window (``app.gui.model_cards``), each with its
own Download. "Search the Hub" lists other GGUF repositories' files as cards with
the same fit labels (network, on the download worker, only when asked). A download first
looks the file up on the Hub (metadata only) and shows the plan (host,
repository, file, size, SHA-256), which the person confirms before the first
byte; the transfer then runs on its own worker, so the rest of the window
stays usable, with progress, speed and ETA. Cancel keeps the partial file,
and "Resume download" continues from it. Finished files are registered and
the model list refreshes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.formats import countdown, size
from app.gui.model_cards import CardGrid, ModelCard
from app.gui.model_host import ModelHost
from app.gui.runner import REGISTRY, Task
from app.gui.texts import fit_words, model_title, speed_words
from app.gui.widgets import note, section

#: The worker downloads run on: never the registry's, so the view stays usable meanwhile.
DOWNLOAD = "download"
#: What each card's ``cells`` hold, in order.
CARD_CELLS = ("Model", "Size", "On this computer", "Speed", "Licence", "Good for")
STARTED_BY = "window: Models view"


@dataclass(frozen=True)
class Choice:
    """One card: a catalog model (its default file) or one file of a searched repository."""

    key: str
    repo: str
    file: str | None
    catalog: Any = None         # engine.models.catalog.CatalogModel, for catalog rows

    @property
    def title(self) -> str:
        return self.catalog.name if self.catalog is not None else f"{self.repo} · {self.file}"


class CatalogPanel(QWidget):
    """The catalog with fit labels and the recommended pick; search; download, cancel, resume."""

    loaded = Signal()
    searched = Signal()
    progressed = Signal(object)     # engine.models.download.Progress
    downloaded = Signal(object)     # engine.models.download.PullResult
    stopped = Signal(str)           # why a download stopped (cancelled, failed)

    def __init__(self, host: ModelHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.models: list[Any] = []
        self.fits: dict[str, Any] = {}
        self.pick: Any = None
        self.machine: Any = None
        self.choices: dict[str, Choice] = {}
        self.current: str | None = None      # the selected card's key
        self.task: Task | None = None
        self.resumable: dict[str, int] = {}
        #: Asked before the first byte with the plan; tests answer without a dialog.
        self.confirm: Any = self._ask
        #: Asked for a Hub access token when a repository is gated (None: not given).
        self.ask_token: Any = self._ask_token
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(section("Get a better model", "Downloaded from the Hugging Face Hub only "
                              "when you click Download (you confirm what and from where first), "
                              "then verified and added above."))
        self.machine_label = note("Checking this computer…", name="muted")
        col.addWidget(self.machine_label)
        search_row = QHBoxLayout()
        self.query = QLineEdit()
        self.query.setPlaceholderText("Search the Hub for other GGUF models (e.g. mistral nemo)")
        self.search_button = QPushButton("Search the Hub")
        self.catalog_button = QPushButton("Show the catalog")
        self.catalog_button.hide()
        search_row.addWidget(self.query, 1)
        search_row.addWidget(self.search_button)
        search_row.addWidget(self.catalog_button)
        col.addLayout(search_row)
        self.grid = CardGrid()
        col.addWidget(self.grid)
        row = QHBoxLayout()
        self.cancel_button = QPushButton("Cancel download")
        self.cancel_button.hide()   # shown while a download runs
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.hide()
        self.use_button = QPushButton("Use it now")
        self.use_button.setObjectName("primary")
        self.use_button.hide()
        row.addWidget(self.cancel_button)
        row.addWidget(self.use_button)
        row.addWidget(self.progress, 1)
        col.addLayout(row)
        self.status = QLabel("")
        self.status.setTextFormat(Qt.TextFormat.PlainText)   # repository and file names from the Hub
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        col.addWidget(self.status)
        self.use_button.clicked.connect(self.use_downloaded)
        self._downloaded: str | None = None
        self.cancel_button.clicked.connect(self.cancel)
        self.search_button.clicked.connect(lambda: self.search())
        self.query.returnPressed.connect(lambda: self.search())
        self.catalog_button.clicked.connect(self.show_catalog)

    # -- the catalog and its fit -------------------------------------------------------------------

    def load(self) -> Task:
        def work() -> tuple[Any, list[Any], dict[str, Any], Any]:
            from engine.models.catalog import load_catalog
            from engine.models.fit import fit_catalog, recommend, this_machine

            models = load_catalog()
            machine = this_machine()
            fits = {m.id: fit_catalog(m, machine) for m in models}
            return machine, models, fits, recommend(models, machine)

        return self.host.runner.submit(REGISTRY, work, name="catalog").on(
            done=self._loaded, error=lambda exc: self.machine_label.setText(
                f"The catalog could not be read: {exc}"))

    def _loaded(self, value: tuple[Any, list[Any], dict[str, Any], Any]) -> None:
        self.machine, self.models, self.fits, self.pick = value
        self.machine_label.setText(f"This computer: {self.machine.describe()}. "
                                   "Speeds are estimates.")
        self.show_catalog()
        self.loaded.emit()

    def show_catalog(self) -> None:
        self.catalog_button.hide()
        rows = []
        for m in self.models:
            f = self.fits[m.id]
            recommended = self.pick is not None and self.pick.model.id == m.id
            choice = Choice(key=m.id, repo=m.repo, file=None, catalog=m)
            cells = [m.name, size(m.default_file.size, decimal=True),
                     fit_words(f), speed_words(f), m.license, m.good_for]
            tip = (f"{m.repo} · {m.default_file.file}\n{f.note}"
                   + ("\nRecommended for this computer" if recommended else ""))
            rows.append((choice, cells, tip, recommended))
        self._fill(rows)

    def _fill(self, rows: list[tuple[Choice, list[str], str, bool]]) -> None:
        self.choices = {choice.key: choice for choice, _c, _t, _r in rows}
        self.current = next((choice.key for choice, _c, _t, pick in rows if pick), None)
        cards = []
        for choice, cells, tip, recommended in rows:
            card = ModelCard(choice.key, cells, tip, recommended=recommended)
            card.picked.connect(self.select)
            card.download_requested.connect(self._download_card)
            cards.append(card)
        self.grid.set_cards(cards)
        self.select(self.current)

    @property
    def cards(self) -> list[ModelCard]:
        return self.grid.cards

    def card(self, key: str) -> ModelCard:
        return next(c for c in self.cards if c.key == key)

    def select(self, key: str | None) -> None:
        self.current = key if key in self.choices else None
        for c in self.cards:
            c.set_selected(c.key == self.current)
        self._update_buttons()

    def _download_card(self, key: str) -> None:
        self.select(key)
        self.download()

    def selected(self) -> Choice | None:
        return self.choices.get(self.current) if self.current is not None else None

    def selected_model(self) -> Any:
        choice = self.selected()
        return choice.catalog if choice is not None else None

    def _busy(self) -> bool:
        return self.task is not None and not self.task.done

    def _update_buttons(self) -> None:
        for c in self.cards:
            c.download_button.setEnabled(not self._busy())
            c.download_button.setText("Resume download" if c.key in self.resumable else "Download")
        self.cancel_button.setVisible(self._busy())

    # -- searching the Hub ---------------------------------------------------------------------------

    def search(self, query: str | None = None) -> Task | None:
        """GGUF repositories matching ``query`` and their files, with fit labels (network)."""
        words = (query if query is not None else self.query.text()).strip()
        if not words:
            return None
        session = self.host.session
        self.status.setText(f"Searching the Hub for {words!r}…")

        def work() -> list[tuple[Any, Any, list[tuple[Any, Any]]]]:
            from engine.models.fit import fit_file, this_machine
            from engine.models.hub import Hub

            hub = Hub(vault=session.vault, started_by=STARTED_BY)
            machine = self.machine or this_machine()
            out = []
            for found in hub.search(words, limit=5):
                repo = hub.repo(found.repo)
                out.append((found, repo, [(f, fit_file(f.size, machine, quant=f.quant))
                                          for f in repo.files]))
            return out

        return self.host.runner.submit(DOWNLOAD, work, name="hub-search").on(
            done=lambda results: self._show_results(words, results), error=self._failed)

    def _show_results(self, words: str, results: list[tuple[Any, Any, list[tuple[Any, Any]]]]) -> None:
        rows = []
        for found, repo, files in results:
            for f, fit in files:
                choice = Choice(key=f"{repo.repo}/{f.name}", repo=repo.repo, file=f.name)
                downloads = f"{found.downloads:,} download{'s' if found.downloads != 1 else ''}"
                cells = [f"{repo.repo} · {f.quant}", size(f.size, decimal=True), fit_words(fit),
                         speed_words(fit), repo.license or "see its page",
                         f"From the Hub ({downloads}" + (", gated)" if repo.gated else ")")]
                rows.append((choice, cells, f"{f.name}\n{fit.note}", False))
        self._fill(rows)
        self.catalog_button.show()
        self.status.setText(f"{len(rows)} file(s) in {len(results)} repositories match {words!r}."
                            if rows else f"No GGUF repositories match {words!r}.")
        self.searched.emit()

    # -- downloading ---------------------------------------------------------------------------------

    def download(self, model: Any = None, *, confirm: bool = True,
                 use_when_done: bool = False) -> Task | None:
        """Download a catalog model (default: the selected card): plan, confirm, fetch."""
        choice = (Choice(key=model.id, repo=model.repo, file=None, catalog=model)
                  if model is not None else self.selected())
        if choice is None or self._busy():
            return None
        return self._start(choice, confirm=confirm, use_when_done=use_when_done)

    def _start(self, choice: Choice, *, confirm: bool, use_when_done: bool) -> Task:
        session = self.host.session
        self.status.setText(f"Looking up {choice.repo} on the Hub…")

        def plan() -> Any:
            from engine.models.download import plan_pull
            from engine.models.hub import Hub

            hub = Hub(vault=session.vault, started_by=STARTED_BY)
            return plan_pull(choice.repo, file=choice.file, catalog=choice.catalog, hub=hub), hub.token

        started: list[Task] = []

        def planned(pair: tuple[Any, str | None]) -> None:
            the_plan, token = pair
            if started and started[0].cancel.is_set():
                self._failed_text("Cancelled before anything was downloaded.")
                return
            self.status.setText(_plan_text(the_plan))
            if confirm and not self.confirm(the_plan):
                self._failed_text("Nothing was downloaded.")
                return
            self._fetch(choice, the_plan, token, use_when_done)

        task = self.host.runner.submit(DOWNLOAD, plan, name="plan-download").on(
            done=planned, error=self._failed)
        started.append(task)
        if self.task is None or self.task.done:
            self.task = task
        self._update_buttons()
        return task

    def _fetch(self, choice: Choice, plan: Any, token: str | None, use_when_done: bool) -> None:
        session = self.host.session

        def work(task: Task) -> Any:
            from engine.models.download import pull

            return pull(plan, vault=session.vault, token=token, cancel=task.cancel,
                        progress=task.report, started_by=STARTED_BY)

        def done(result: Any) -> None:
            self.resumable.pop(choice.key, None)
            self.progress.setValue(1000)
            self.status.setText(f"{plan.file} downloaded and verified (SHA-256 {result.sha256[:16]}…); "
                                f"added as {result.entry.name}.")
            self.host.models_changed.emit()
            self.downloaded.emit(result)
            if use_when_done:
                self.host.load(str(result.entry.name))
            else:
                self._downloaded = str(result.entry.name)
                self.use_button.setText(f"Use {model_title(self._downloaded)} now")
                self.use_button.show()

        def failed(exc: BaseException) -> None:
            from engine.errors import GatedModel

            if plan.partial.exists():
                self.resumable[choice.key] = plan.partial.stat().st_size
            self._failed(exc)
            if isinstance(exc, GatedModel) and session.is_open:
                self._token_then_retry(choice, use_when_done)

        self.progress.setValue(int(1000 * plan.resume_from / max(1, plan.size)))
        self.progress.show()
        self.task = self.host.runner.submit(DOWNLOAD, work, name="download").on(
            progress=self._progressed, done=done, error=failed, finished=self._update_buttons)
        self._update_buttons()

    def _progressed(self, p: Any) -> None:
        self.progress.setValue(int(1000 * p.done / max(1, p.total)))
        if p.phase == "verify":
            text = "Checking the SHA-256…"
        else:
            eta = f", {countdown(p.eta)} left" if p.eta is not None else ""
            done, total, speed = (size(n, decimal=True) for n in (p.done, p.total, p.speed))
            text = f"{done} of {total} · {speed}/s{eta}"
        self.status.setText(text)
        self.progressed.emit(p)

    def _failed(self, exc: BaseException) -> None:
        from app.gui.dialogs import error_text
        from engine.errors import DownloadCancelled

        if isinstance(exc, DownloadCancelled):
            self._failed_text("Cancelled; what arrived is kept: Resume download continues from there.")
        else:
            self._failed_text(error_text(exc))

    def _failed_text(self, text: str) -> None:
        self.status.setText(text)
        self.stopped.emit(text)
        self._update_buttons()

    def _token_then_retry(self, choice: Choice, use_when_done: bool) -> None:
        """A gated repository: ask for an access token, keep it in the vault, try again."""
        token = self.ask_token(choice)
        if not token:
            return
        session = self.host.session

        def keep() -> None:
            from engine.models.hub import store_token

            store_token(session.require_vault(), token)

        self.host.runner.submit("vault", keep, name="hf-token").on(
            done=lambda _r: self._start(choice, confirm=False, use_when_done=use_when_done),
            error=self._failed)

    def _ask_token(self, choice: Choice) -> str | None:
        from PySide6.QtWidgets import QInputDialog

        text, ok = QInputDialog.getText(
            self, "Access token", f"{choice.repo} is gated. Accept its licence on the Hub while "
            "signed in, then paste an access token (kept in your vault, sent only to the Hub):",
            QLineEdit.EchoMode.Password)
        return text.strip() if ok and text.strip() else None

    def use_downloaded(self) -> Task | None:
        """"Use it now" after a download: load it (the chat answers with it from then on)."""
        name, self._downloaded = self._downloaded, None
        self.use_button.hide()
        if not name:
            return None
        self.status.setText(f"Loading {model_title(name)}…")
        return self.host.load(name)

    def cancel(self) -> None:
        if self.task is not None and not self.task.done:
            self.task.cancel.set()

    def _ask(self, plan: Any) -> bool:
        return confirm_box(plan, parent=self).exec() == QMessageBox.StandardButton.Yes


def confirm_box(plan: Any, *, parent: QWidget | None) -> QMessageBox:
    """The one question before any download; names from the Hub are shown as text, not HTML."""
    box = QMessageBox(QMessageBox.Icon.Question, "Download a model",
                      _plan_text(plan) + "\n\nDownload it?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setDefaultButton(QMessageBox.StandardButton.Yes)
    return box


def _plan_text(plan: Any) -> str:
    resume = (f"\nResuming after {size(plan.resume_from, decimal=True)} already here."
              if plan.resume_from else "")
    return (f"From {plan.host}: {plan.repo}\nFile {plan.file}, {size(plan.size, decimal=True)} "
            f"({plan.size:,} bytes)\nSHA-256 {plan.sha256} ({plan.sha256_from}){resume}")
