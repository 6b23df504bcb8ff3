"""Evaluations in the window: run an eval set on chosen models, read the results, tune the router.

Pick an eval set (JSONL, see ``engine.routing.evals``), tick the models (this
computer's, and enabled remote ones: ticking a remote one sends it the eval
items, nothing else), Run: every model answers every item on the model worker
(one request at a time, as chat does), with progress and Cancel. The results
and the set's labelled inputs (the examples the router recognises your labels
by) are stored in the vault; the table shows the newest results per model and
label. "Apply tuned routing" sets the router's policy: per label, the cheapest
model that reaches the bar, local or remote.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.gui.dialogs import error_text
from app.gui.model_host import ModelHost
from app.gui.remotes_panel import Fold, body_layout
from app.gui.runner import MODEL, VAULT, Task

COLUMNS = ("Model", "Label", "Score", "Items", "Median s", "Tokens/s")


class EvalPanel(QGroupBox):
    results_changed = Signal()   # new results stored, or routing applied
    applied = Signal(object)     # the engine.routing.router.Policy set

    def __init__(self, host: ModelHost, parent: QWidget | None = None) -> None:
        super().__init__("Evaluate models on your own tasks", parent)
        self.host, self.session = host, host.session
        self.setObjectName("eval-panel")
        self.eval_set: Any = None
        self.task: Task | None = None
        self._version: Any = None   # the vault's change token the table was read at
        outer = QVBoxLayout(self)
        self.summary = QLabel("Measure which model is good enough for each kind of request you "
                              "make, and let \u201cauto\u201d follow it.")
        self.summary.setWordWrap(True)
        body = QWidget()
        col = body_layout(body)
        self.fold = Fold(self.summary, body)
        outer.addWidget(self.fold)
        row = QHBoxLayout()
        self.pick_button = QPushButton("Eval set…")
        self.set_label = QLabel("No eval set chosen: a JSONL file of inputs, expected answers and "
                                "your own task labels (assets/evals/ has two examples).")
        self.set_label.setWordWrap(True)
        row.addWidget(self.pick_button)
        row.addWidget(self.set_label, 1)
        col.addLayout(row)
        self.models = QListWidget()
        self.models.setMaximumHeight(90)
        col.addWidget(self.models)
        run_row = QHBoxLayout()
        self.run_button = QPushButton("Run")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        run_row.addWidget(self.run_button)
        run_row.addWidget(self.cancel_button)
        run_row.addWidget(self.progress, 1)
        col.addLayout(run_row)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setMaximumHeight(150)
        col.addWidget(self.table)
        tune_row = QHBoxLayout()
        tune_row.addWidget(QLabel("Bar"))
        self.bar = QDoubleSpinBox()
        self.bar.setRange(0.01, 1.0)
        self.bar.setSingleStep(0.05)
        self.bar.setValue(0.6)
        self.apply_button = QPushButton("Apply tuned routing")
        tune_row.addWidget(self.bar)
        tune_row.addWidget(self.apply_button)
        tune_row.addStretch(1)
        col.addLayout(tune_row)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        col.addWidget(self.status)
        self.pick_button.clicked.connect(self.pick)
        self.run_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.cancel)
        self.apply_button.clicked.connect(self.apply)
        self.session.unlocked.connect(lambda _v: self.refresh())
        self.session.locked.connect(self._locked)
        self.refresh()

    # -- choosing ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        """The models to choose from, and the stored results (when the vault is open)."""
        ticked = set(self.chosen())
        self.models.clear()
        remote_names: list[str] = []
        try:
            from engine.routing.remote import RemoteRegistry

            remote_names = [e.name for e in RemoteRegistry().list() if e.enabled]
        except Exception as exc:  # an unreadable remotes.json: local models still evaluate
            self.status.setText(error_text(exc))
        for name in self.host.model_names():
            self._add_model(name, f"{name} (this computer)", name in ticked or not ticked)
        for name in remote_names:
            self._add_model(name, f"{name} (remote: ticking it sends it the eval items)",
                            name in ticked)
        self.load_results()

    def _add_model(self, name: str, label: str, checked: bool) -> None:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, name)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.models.addItem(item)

    def chosen(self) -> list[str]:
        return [str(self.models.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.models.count())
                if self.models.item(i).checkState() == Qt.CheckState.Checked]

    def pick(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose an eval set", "", "Eval sets (*.jsonl)")
        if path:
            self.choose(Path(path))

    def choose(self, path: Path) -> bool:
        from engine.errors import EngineError
        from engine.routing.evals import load_eval_set

        try:
            self.eval_set = load_eval_set(path)
        except EngineError as exc:
            self.eval_set = None
            self.set_label.setText(error_text(exc))
            return False
        labels = sorted({i.task for i in self.eval_set.items})
        self.set_label.setText(f"{self.eval_set.name}: {len(self.eval_set.items)} items; labels: "
                               + ", ".join(labels))
        return True

    # -- running -----------------------------------------------------------------------------------

    def run(self) -> Task | None:
        models = self.chosen()
        if self.eval_set is None or not models:
            self.status.setText("Choose an eval set and at least one model first.")
            return None
        if not self.session.is_open:
            self.status.setText("Unlock Hearth first: results are kept in your vault.")
            return None
        eval_set, vault, hearth = self.eval_set, self.session.require_vault(), self.host.hearth()

        def work(task: Task) -> Any:
            from app.routing import dispatcher
            from engine.models.registry import ModelRegistry
            from engine.routing.evals import embed_examples, run_eval
            from engine.routing.remote import RemoteRegistry
            from engine.routing.router import Route
            from engine.running.generate import Answer, GenerationSettings
            from engine.search.embeddings import default_embedder

            registry, remotes = ModelRegistry(), RemoteRegistry()
            hearth.pool.registry = registry
            runner = dispatcher(hearth.pool, vault, remotes)
            settings = GenerationSettings(temperature=0.0, max_tokens=96, seed=0)
            embedder = default_embedder()

            def complete(model: str, messages: list[dict[str, str]]) -> Answer:
                route = Route(model, remotes.find(model) is not None, "eval", "eval")
                return runner.start(route, messages, settings=settings, cancel=task.cancel).result()

            results = run_eval(eval_set, models, complete, embed=embedder.embed,
                               remote=lambda n: remotes.find(n) is not None,
                               progress=lambda done, total, model: task.report((done, total, model)),
                               cancel=task.cancel)
            return results, embed_examples(eval_set, embedder.embed)

        self.progress.setRange(0, len(models) * len(eval_set.items))
        self.progress.setValue(0)
        self._busy(True)
        self.status.setText("Running…")
        self.task = self.session.runner.submit(MODEL, work, name="eval-run")
        self.task.on(progress=self._progressed, done=lambda r: self._ran(models, r),
                     error=self._failed)
        return self.task

    def _progressed(self, value: Any) -> None:
        done, total, model = value
        self.progress.setValue(done)
        self.progress.setFormat(f"{done}/{total} answered ({model})")

    def _ran(self, models: list[str], pair: Any) -> None:
        from engine.routing.evals import save_examples, save_run
        from engine.search.embeddings import MODEL_ID

        results, examples = pair
        eval_set, cancelled = self.eval_set, self.task is not None and self.task.cancel.is_set()
        self.task = None
        self._busy(False)
        if cancelled or not results:
            self.status.setText("Cancelled: nothing was stored.")
            return

        def store() -> int:
            vault = self.session.require_vault()
            run_id = save_run(vault, eval_set, models, results)
            save_examples(vault, eval_set, examples, model_id=MODEL_ID)
            return run_id

        def stored(run_id: int) -> None:
            self.status.setText(f"Saved as run {run_id}. Apply tuned routing to let \u201cauto\u201d "
                                "follow these results.")
            self.load_results()
            self.results_changed.emit()

        self.session.runner.submit(VAULT, store, name="eval-save").on(done=stored, error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        self._busy(False)
        self.status.setText(error_text(exc))

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel.set()
            self.status.setText("Cancelling after the current item…")

    def _busy(self, busy: bool) -> None:
        self.run_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        self.pick_button.setEnabled(not busy)

    def _locked(self) -> None:
        self.cancel()
        self.table.setRowCount(0)

    # -- results and tuning ------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        """Results stored meanwhile by ``hearth eval run`` (another process) appear on show."""
        super().showEvent(event)
        if self.session.is_open and self.task is None:
            from vault.changes import data_version

            vault = self.session.require_vault()
            self.session.runner.submit(VAULT, data_version, vault, name="eval-version").on(
                done=lambda v: self.load_results() if v != self._version else None)

    def load_results(self) -> Task | None:
        if not self.session.is_open:
            self.table.setRowCount(0)
            return None
        from app.routing import load_stats
        from vault.changes import data_version

        vault = self.session.require_vault()

        def read() -> Any:
            return data_version(vault), load_stats(vault)

        return self.session.while_open(VAULT, read, name="eval-stats").on(
            done=self._show_stats, error=self._failed)

    def _show_stats(self, pair: Any) -> None:
        self._version, stats = pair
        rows = [s for s in stats if s.task != "all"]
        self.table.setRowCount(len(rows))
        for r, s in enumerate(rows):
            values = (s.model, s.task, f"{s.score:.2f}", str(s.items), f"{s.median_latency_s:.2f}",
                      f"{s.tokens_per_s:.1f}")
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        if not rows and not self.status.text():
            self.status.setText("No results yet: choose an eval set and Run.")

    def apply(self) -> Task | None:
        if not self.session.is_open:
            self.status.setText("Unlock Hearth first: the routing policy is kept in your vault.")
            return None
        vault, bar = self.session.require_vault(), float(self.bar.value())

        def work() -> Any:
            from app.routing import candidates, load_policy, load_stats, save_policy
            from engine.errors import EngineError
            from engine.models.registry import ModelRegistry
            from engine.routing.remote import RemoteRegistry
            from engine.routing.router import tune

            stats = [s for s in load_stats(vault) if s.task != "all"]
            if not stats:
                raise EngineError("no eval results yet: run an eval set first")
            old = load_policy(vault)
            policy = tune(stats, candidates(ModelRegistry(), RemoteRegistry()), bar=bar,
                          preference=old.preference, rules=old.rules)
            save_policy(vault, policy)
            return policy

        def done(policy: Any) -> None:
            picks = "; ".join(f"{label} \u2192 {model}" for label, model in sorted(policy.choices.items()))
            self.status.setText(f"Routing tuned at bar {policy.bar:.2f}: {picks or 'no labels'}.")
            self.applied.emit(policy)
            self.results_changed.emit()

        return self.session.runner.submit(VAULT, work, name="eval-tune").on(done=done, error=self._failed)
