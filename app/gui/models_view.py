"""Models: the registered GGUF models, their details, GPU layers, add and remove; the catalog.

Details are read from each file's GGUF header on the model worker (cheap, but
still file I/O). GPU layers are "auto" (the engine fits them to free GPU
memory) or a number the user sets; the value the engine chose for the loaded
model is shown next to it. Model names and paths are not personal, so this
view works while the vault is locked.

Below them, :class:`CatalogPanel` shows the shipped catalog as model cards with how
each model fits this computer and the recommended pick, searches the Hub for other
GGUF files with the same labels, and downloads one: the
plan (host, repository, file, size, SHA-256) is shown and confirmed before
the first byte, the transfer runs on its own worker with progress, speed and
ETA, Cancel keeps the partial file, and Download again resumes it. The first
run offer (:class:`~app.gui.model_offer.ModelOffer`, placed by the main
window) downloads the recommended model through the same panel.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.charts import render_svg
from app.formats import size
from app.gui import prefs
from app.gui.catalog_panel import CatalogPanel
from app.gui.dialogs import Banner
from app.gui.eval_view import EvalPanel
from app.gui.model_host import ModelHost, ModelState
from app.gui.model_offer import ModelOffer
from app.gui.remotes_panel import RemotesPanel
from app.gui.runner import REGISTRY, VAULT, Task
from app.gui.texts import fit_words, model_title, speed_words
from app.gui.widgets import heading, note, section


class ModelsView(QWidget):
    def __init__(self, host: ModelHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        col = QVBoxLayout(self)
        col.setContentsMargins(16, 12, 16, 12)
        col.addWidget(heading("Models", "The language models that answer you, on this computer. "
                              "Add any chat model in GGUF format, or get one below."))
        self.banner = Banner()
        col.addWidget(self.banner)
        body = QHBoxLayout()
        self.list = QListWidget()
        self.list.setMaximumWidth(240)
        self.list.setMinimumWidth(150)
        self.list.setMaximumHeight(260)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        body.addWidget(self.list, 2, Qt.AlignmentFlag.AlignTop)
        right = QVBoxLayout()
        self.details = QFormLayout()
        self.details.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.details.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QLabel] = {}
        for key, title in (("title", "Name"), ("model_name", "Name in the file"),
                           ("architecture", "Architecture"),
                           ("parameters", "Parameters"), ("quantization", "Quantization"),
                           ("context_length", "Context length"), ("layers", "Layers"),
                           ("file_size", "File size"), ("path", "File"),
                           ("fit", "On this computer")):
            label = note("")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fields[key] = label
            self.details.addRow(title, label)
        right.addLayout(self.details)
        gpu_row = QHBoxLayout()
        self.gpu_auto = QCheckBox("GPU layers: automatic")
        self.gpu_auto.setChecked(True)
        self.gpu_layers = QSpinBox()
        self.gpu_layers.setRange(-1, 999)
        self.gpu_layers.setSpecialValueText("all")
        self.gpu_layers.setEnabled(False)
        gpu_row.addWidget(self.gpu_auto)
        gpu_row.addWidget(self.gpu_layers)
        gpu_row.addStretch(1)
        right.addLayout(gpu_row)
        self.fitted = note("")
        right.addWidget(self.fitted)
        from app.gui.split_panel import SplitPanel

        self.split = SplitPanel(host)  # "Too big for this computer: run it across …?"
        right.addWidget(self.split)
        buttons = QHBoxLayout()
        self.use_button = QPushButton("Use this model")
        self.add_button = QPushButton("Add GGUF file…")
        self.remove_button = QPushButton("Remove")
        for b in (self.use_button, self.add_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        right.addLayout(buttons)
        right.addStretch(1)
        body.addLayout(right, 5)
        col.addLayout(body)
        col.addWidget(section("Evaluations", "How well each model answers your own questions; "
                              "\u201cAutomatic\u201d picks the model by these scores."))
        self.eval_note = note("", name="muted")
        col.addWidget(self.eval_note)
        # A QLabel showing the SVG rendered by QtSvg: the bundle ships no QtSvgWidgets.
        self.eval_chart = QLabel()
        self.eval_chart.setMinimumHeight(220)
        self.eval_chart.hide()
        col.addWidget(self.eval_chart)
        self.evals = EvalPanel(host)
        self.evals.results_changed.connect(self.refresh_evals)
        col.addWidget(self.evals)
        self.catalog = CatalogPanel(host)
        col.addWidget(self.catalog)
        from app.gui.devices_panel import DevicesPanel
        from app.gui.link_host import LinkHost, link_host_for

        # Above the remote models: people with their own hardware pair it rather than use plain HTTP.
        self.devices = DevicesPanel(host, link_host_for(host.session) or LinkHost(host.session, host))
        col.addWidget(self.devices)
        self.remotes = RemotesPanel(host.session)
        col.addWidget(self.remotes)
        #: Placed above the views by the main window; shown while only the bundled model exists.
        self.model_offer = ModelOffer()
        self.model_offer.download.connect(self._offer_download)
        self.catalog.loaded.connect(self._update_offer)
        self.catalog.loaded.connect(lambda: self._show_fit(self.selected() or "default"))
        host.models_changed.connect(self._update_offer)
        self.catalog.downloaded.connect(self._offer_done)
        self.catalog.progressed.connect(self.model_offer.show_progress)
        self.catalog.stopped.connect(self.model_offer.show_stopped)
        self.list.currentItemChanged.connect(lambda item, _p: self._select(item))
        self.gpu_auto.toggled.connect(self._gpu_changed)
        self.gpu_layers.valueChanged.connect(self._gpu_changed)
        self.use_button.clicked.connect(self._use)
        self.add_button.clicked.connect(self._pick_file)
        self.remove_button.clicked.connect(self.remove_selected)
        host.loaded.connect(self._loaded)
        host.models_changed.connect(self.refresh)
        self._catalog_task: Task | None = None
        # The catalog's fit measures this computer once: not at start-up, but when the vault
        # opens (for the first-run offer) or the view is first shown, whichever comes first.
        host.session.unlocked.connect(lambda _v: self.load_catalog())
        # A download made while the vault was locked was logged in memory: into the vault now.
        host.session.unlocked.connect(self._flush_network_log)
        self.refresh()

    def _flush_network_log(self, vault: Any) -> None:
        from vault.netlog import flush_pending

        self.host.runner.submit(VAULT, flush_pending, vault, name="network-log-flush")

    def load_catalog(self, *, again: bool = False) -> Task:
        if self._catalog_task is None or again:
            self._catalog_task = self.catalog.load()
        return self._catalog_task

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.load_catalog()

    def selected(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def refresh(self) -> None:
        keep = self.selected() or self.host.current
        self.list.blockSignals(True)
        self.list.clear()
        for name in self.host.model_names():
            item = QListWidgetItem(model_title(name) + ("  (in use)" if name == self.host.current and
                                                        self.host.state is not None else ""))
            item.setToolTip(name)
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.list.addItem(item)
            if name == keep:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self._select(self.list.currentItem())
        self.refresh_evals()

    def refresh_evals(self) -> None:
        """The latest eval results as a chart (they live in the vault: locked means none)."""
        session = self.host.session
        if session.vault is None:
            self.eval_chart.hide()
            self.eval_note.setText("Unlock to see your evaluation results.")
            return

        def load() -> str:
            from engine.routing.evals import latest_results, summarise, svg_chart

            stats = summarise(latest_results(session.require_vault()))
            return svg_chart(stats) if stats else ""

        session.while_open(VAULT, load, name="eval-chart").on(
            done=self._show_evals, error=self.banner.show_error)

    def _show_evals(self, svg: str) -> None:
        if not svg:
            self.eval_chart.hide()
            self.eval_note.setText("No results yet. Choose an eval set below and run it on the "
                                   "models you have.")
            return
        self.eval_note.setText("")
        self.eval_chart.setPixmap(QPixmap.fromImage(render_svg(svg)))
        self.eval_chart.show()

    def _select(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        name = str(item.data(Qt.ItemDataRole.UserRole))
        self.runner_submit(lambda: self.host.registry().info(name)).on(
            done=self._show_info, error=self.banner.show_error)
        self._show_fit(name)
        layers = prefs.gpu_layers(name)
        for w in (self.gpu_auto, self.gpu_layers):
            w.blockSignals(True)
        self.gpu_auto.setChecked(layers is None)
        self.gpu_layers.setEnabled(layers is not None)
        self.gpu_layers.setValue(layers if layers is not None else 0)
        for w in (self.gpu_auto, self.gpu_layers):
            w.blockSignals(False)
        self._show_fitted()

    def _show_fit(self, name: str) -> None:
        """How the selected model fits here, once the catalog has measured this computer."""
        machine = self.catalog.machine
        if machine is None:
            self.fields["fit"].setText("(measured when the catalog below is shown)")
            return

        def work() -> Any:
            from engine.models.fit import fit_path

            return fit_path(self.host.registry().resolve(name).path, machine)

        def show(fit: Any) -> None:
            # The fit is measured on a worker: the view may be gone (window closed) by now.
            if shiboken6.isValid(self.list) and self.selected() == name:
                speed = speed_words(fit)
                self.fields["fit"].setText(fit_words(fit) + (f" ({speed}, estimated)" if speed else ""))
                self.fields["fit"].setToolTip(fit.note)
                if fit.fits:
                    self.split.clear()
                else:
                    self.split.offer(name)

        def failed(_exc: BaseException) -> None:
            if shiboken6.isValid(self.list):
                self.fields["fit"].setText("")

        self.runner_submit(work).on(done=show, error=failed)

    def runner_submit(self, fn: Any) -> Task:
        return self.host.runner.submit(REGISTRY, fn, name="models")

    def _show_info(self, info: Any) -> None:
        params = info.parameter_count
        shown = f"{params / 1e9:.1f} B" if params >= 1e9 else f"{params / 1e6:.0f} M"
        values = {"title": model_title(str(info.name)), "model_name": info.model_name or "",
                  "architecture": info.architecture,
                  "parameters": shown, "quantization": info.quantization,
                  "context_length": f"{info.context_length:,}", "layers": str(info.layers),
                  "file_size": size(info.file_size, decimal=True), "path": info.path}
        for key, value in values.items():
            self.fields[key].setText(value)
        self.remove_button.setEnabled(not info.builtin)

    def _show_fitted(self) -> None:
        state = self.host.state
        name = self.selected()
        if state is None or name != self.host.current:
            self.fitted.setText("Not loaded. " + ("The layers are fitted when it loads."
                                                  if self.gpu_auto.isChecked() else ""))
            return
        note_words = state.note[:1].upper() + state.note[1:] if state.note else ""
        if state.n_gpu_layers == 0:
            where = "Running on the CPU"
        else:
            where = ("All layers on the GPU" if state.n_gpu_layers < 0 else
                     f"{state.n_gpu_layers} layer{'s' if state.n_gpu_layers != 1 else ''} on the GPU")
        self.fitted.setText(f"{where}, context {state.n_ctx:,} tokens. {note_words}".strip())

    def _loaded(self, _state: ModelState) -> None:
        self.refresh()

    def _gpu_changed(self, *_args: Any) -> None:
        name = self.selected()
        if name is None:
            return
        self.gpu_layers.setEnabled(not self.gpu_auto.isChecked())
        prefs.set_gpu_layers(name, None if self.gpu_auto.isChecked() else self.gpu_layers.value())
        self.fitted.setText("Applies the next time this model loads (use “Use this model”).")

    def _use(self) -> None:
        name = self.selected()
        if name:
            self.host.load(name).on(error=self.banner.show_error)

    def _pick_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Add a GGUF model", "", "GGUF models (*.gguf)")
        if path:
            self.add_model(Path(path))

    def add_model(self, path: Path) -> Task:
        def added(entry: Any) -> None:
            self.banner.show_info(f"Added {entry.name}.")
            self.host.models_changed.emit()

        return self.runner_submit(lambda: self.host.registry().add(path)).on(
            done=added, error=self.banner.show_error)

    def remove_selected(self, *, confirm: bool = True) -> Task | None:
        """Forget the selected model; a file Hearth downloaded is deleted too (after asking)."""
        name = self.selected()
        if name is None:
            return None
        path = self._entry_path(name)
        downloaded = path is not None and _inside_models_dir(path)
        question = (f"Remove {name} and delete its downloaded file ({path})?" if downloaded else
                    f"Remove {name} from Hearth? The file itself is kept.")
        if confirm and QMessageBox.question(self, "Remove model", question) \
                != QMessageBox.StandardButton.Yes:
            return None

        def work() -> Any:
            entry = self.host.registry().remove(name)
            if downloaded and path is not None:
                path.unlink(missing_ok=True)
            return entry

        return self.runner_submit(work).on(
            done=lambda _e: self.host.models_changed.emit(), error=self.banner.show_error)

    def _entry_path(self, name: str) -> Path | None:
        try:
            return Path(self.host.registry().resolve(name).path)
        except Exception:
            return None

    # -- the first-run offer ---------------------------------------------------------------------

    def _only_bundled(self) -> bool:
        try:
            return not self.host.registry().user_models()
        except Exception:
            return False

    def _update_offer(self) -> None:
        pick = self.catalog.pick
        if pick is not None and self._only_bundled() and not prefs.get("model_offer_dismissed"):
            self.model_offer.offer(pick)
        elif not self.model_offer.busy:
            self.model_offer.hide()

    def _offer_download(self) -> None:
        pick = self.catalog.pick
        if pick is not None:
            # The same one confirmation as every other download (what, from where, how big).
            self.catalog.download(pick.model, use_when_done=True)

    def _offer_done(self, result: Any) -> None:
        if self.model_offer.busy:
            self.model_offer.show_done(str(result.entry.name))


def _inside_models_dir(path: Path) -> bool:
    from engine.models.download import models_dir

    try:
        return path.resolve().is_relative_to(models_dir().resolve())
    except OSError:
        return False
