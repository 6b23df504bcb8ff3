"""A model too big for this computer, run across the person's devices: the Models view's offer.

When the Models view finds the selected model too big for this computer, it calls
:meth:`SplitPanel.offer`. On the ``split`` worker the panel asks each paired device for the
``engine.split`` grant it gave this one (kept in the vault once fetched) and for the memory it
lends (one RPC session each, through the link, in the network log), and plans the split with
the fit arithmetic (:func:`engine.split.plan.plan_split`). If the devices holding a grant can hold the model
together, it offers "Too big for this computer: run it across desk and server?".

Choosing it loads the model in the split engine's own process (:func:`app.split.using.start_split`),
with a progress bar while the weights travel (or are found in the devices' caches). Then the
chat answers with it: the panel puts a :class:`SplitChoice` among the host's devices, whose
asker runs the one answer pipeline with the split model (:mod:`app.split.answering`). A watcher
notices a device going away (its link closed, or the engine process ended) within a quarter
second: the panel says which device, closes the run (one network-log row per device), and the
chat answers with the local model it used before. Locking Hearth ends the run too.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QVBoxLayout, QWidget

from app.gui.model_host import ModelHost
from app.gui.runner import Task
from app.gui.texts import model_title
from app.gui.widgets import note

WORKER = "split"
N_CTX = 2048


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@dataclass
class SplitChoice:
    """The split model as the chat's model: a name, whether it may see personal data, an asker."""

    name: str
    run: Any
    personal: bool
    on_gone: Any = None
    models: tuple[str, ...] = ()
    addresses: tuple[str, ...] = field(default=())

    def asker(self, hearth: Any) -> Any:
        return _SplitAsker(hearth, self)


class _SplitAsker:
    """``Hearth.ask`` with the split model as the chosen model (what the chat's answers call)."""

    def __init__(self, hearth: Any, choice: SplitChoice) -> None:
        self.hearth, self.choice = hearth, choice

    @property
    def vault(self) -> Any:
        return self.hearth.vault

    def ask(self, question: str, *, consent: Any = None, **options: Any) -> Any:
        from app.split.answering import split_answerer
        from engine.errors import EngineError

        vault = self.hearth.vault
        if vault is None:
            raise EngineError("unlock Hearth to ask the model across your devices")
        choice = self.choice
        answerer = split_answerer(self.hearth, vault, choice.run, choice.name,
                                  on_gone=choice.on_gone or (lambda exc: None))

        def decided(plan: Any) -> bool:
            # Each device was paired as one that may, or may not, see personal data.
            if plan.endpoint == choice.name:
                return choice.personal
            return bool(consent(plan)) if consent is not None else False

        return answerer.ask(question, consent=decided, **{**options, "allow_remote": True})


class SplitPanel(QWidget):
    """The offer, the progress while weights travel, and what happened (see the module docstring)."""

    gone = Signal(str)

    def __init__(self, host: ModelHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 4, 0, 4)
        self.offer_text = note("")
        self.offer_text.setObjectName("split_offer")
        col.addWidget(self.offer_text)
        row = QHBoxLayout()
        self.run_button = QPushButton("Run it across them")
        self.run_button.clicked.connect(self.choose)
        self.stop_button = QPushButton("Stop and answer on this computer")
        self.stop_button.clicked.connect(lambda: self.stop("you stopped it"))
        row.addWidget(self.run_button)
        row.addWidget(self.stop_button)
        row.addStretch(1)
        col.addLayout(row)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        col.addWidget(self.progress)
        self.status = note("")
        col.addWidget(self.status)
        self.model: str | None = None
        self.path: Path | None = None
        self.names: list[str] = []
        self.total = 0
        self.choice: SplitChoice | None = None
        self.previous = "default"
        self._asked = 0
        self._watch_stop = threading.Event()
        self.gone.connect(self._gone)
        # "Your devices" prunes the host's devices to the paired ones when it refreshes: the
        # running split model is put back right after.
        host.models_changed.connect(self._keep)
        # Locking Hearth ends it, as it ends serving: nothing keeps running for a locked window.
        host.session.locked.connect(lambda: self.stop("Hearth was locked"))
        self._show(offer=False, running=False)

    # -- the offer ---------------------------------------------------------------------------------

    def offer(self, model: str) -> Task | None:
        """``model`` is too big for this computer: offer the devices that can hold it together."""
        session = self.host.session
        if not session.is_open or model == self.model:   # asked already (or running it)
            return None
        vault = session.require_vault()
        self._asked += 1
        asked = self._asked
        self.model = model
        self.status.setText("Too big for this computer; asking your devices whether they can hold it…")
        self._show(offer=False, running=False)
        self.status.show()

        def work() -> Any:
            from app.link.using import credentials
            from app.split.using import open_rpc, split_target
            from engine.models.gguf import read_gguf
            from engine.split.plan import SplitRefused, plan_split
            from identity import devices
            from vault.netlog import NetEntry, record

            path = Path(self.host.registry().resolve(model).path)
            me = credentials(vault)
            lending: list[tuple[str, int]] = []
            for peer in devices.list_peers(vault):
                started, status = time.time(), "ok"
                try:
                    sock, info = open_rpc(split_target(vault, peer, me), me)
                    sock.close()
                    lending.append((peer.name, int(info.get("free") or 0)))
                except Exception as exc:  # no grant there, off, or another build: not offered
                    status = f"failed: {exc}"[:200]
                record(vault, NetEntry(
                    kind="model_call", host=peer.addresses[0] if peer.addresses else peer.name,
                    method="RPC", path="/split/memory", status=status, started_at=started,
                    ended_at=time.time(), detail=f"device {peer.name}: how much memory it lends "
                    f"(for {model_title(model)}, too big for this computer)", started_by="window: models"))
            if not lending:
                return path, [], "none of your paired devices lets this computer run models across it"
            try:
                plan = plan_split(read_gguf(path), lending, n_ctx=N_CTX)
            except SplitRefused as exc:
                return path, [], str(exc)
            used = [p.device for p in plan.parts if p.layers or p.output]
            return path, used, ""

        def show(result: Any) -> None:
            if not shiboken6.isValid(self) or asked != self._asked:
                return
            self.path, self.names, why = result
            if not self.names:
                self.status.setText(f"Too big for this computer, and your devices cannot take it: {why}.")
                return
            where = _names(self.names)
            self.offer_text.setText(f"Too big for this computer: run it across {where}?")
            self.run_button.setText(f"Run it across {where}")
            self.status.setText("Each of them sees the part of the work it does, which amounts to "
                                "your question; the model's file is sent to them once.")
            self._show(offer=True, running=False)

        def failed(exc: BaseException) -> None:
            if shiboken6.isValid(self) and asked == self._asked:
                from app.gui.dialogs import error_text

                self.model = None   # asked again the next time it is selected
                self.status.setText(f"Could not ask your devices: {error_text(exc)}")

        return self.host.runner.submit(WORKER, work, name="split-offer").on(done=show, error=failed)

    def clear(self) -> None:
        """Another model is selected: no offer (a running split model stays)."""
        if self.choice is None:
            self._asked += 1
            self.model = None
            self._show(offer=False, running=False)
            self.status.hide()

    # -- running it ---------------------------------------------------------------------------------

    def choose(self) -> Task | None:
        """Load the model across the offered devices; the chat answers with it once loaded."""
        if self.path is None or not self.names or self.model is None:
            return None
        vault = self.host.session.require_vault()
        path, names, model = self.path, list(self.names), self.model
        self.total = path.stat().st_size
        self.progress.setRange(0, max(1, self.total // 1024))
        self.progress.setValue(0)
        self.progress.setFormat("Sending the weights…")
        self.status.setText(f"Starting {model_title(model)} across {_names(names)}…")
        self._show(offer=False, running=True, loading=True)

        def work(task: Task) -> Any:
            from app.split.using import start_split

            return start_split(vault, path, names, n_ctx=N_CTX, on_progress=task.report)

        task = self.host.runner.submit(WORKER, work, name="split-load")
        return task.on(progress=self._progressed, done=self._loaded, error=self._failed)

    def _progressed(self, placed: Any) -> None:
        if shiboken6.isValid(self):
            done = min(int(placed), self.total)
            self.progress.setValue(done // 1024)
            self.progress.setFormat(f"Weights on your devices: {done / 2**20:.0f} of about "
                                    f"{self.total / 2**20:.0f} MiB")

    def _loaded(self, run: Any) -> None:
        model = self.model or run.model.stem
        # The chat's name for it (model names are lower case): "across desk and server".
        name = f"across {_names(self.names)}".lower()
        peers = run.peers
        self.previous = self.host.current if self.host.current not in self.host.devices else "default"
        self.choice = SplitChoice(name, run, all(p.personal for p in peers),
                                  on_gone=lambda exc: self.gone.emit(str(exc)))
        self.host.devices[name] = self.choice
        self.host.use_device(name)
        self.progress.setValue(self.progress.maximum())
        self.progress.setFormat("All the weights are on your devices")
        where = "; ".join(p.describe() for p in run.plan.parts)
        self.status.setText(f"The chat now answers with {model_title(model)} {name} ({where}).")
        self._show(offer=False, running=True)
        self._watch_stop = threading.Event()
        threading.Thread(target=self._watch, args=(run, self._watch_stop), daemon=True,
                         name="hearth-split-watch").start()

    def _failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        from app.gui.dialogs import error_text

        self.status.setText(f"Could not run it across {_names(self.names)}: {error_text(exc)}. "
                            "The chat answers on this computer.")
        self._show(offer=bool(self.names), running=False)

    def _watch(self, run: Any, stop: threading.Event) -> None:
        """Say, within a quarter second, that a device went away (its link closed) or the engine died."""
        while not stop.wait(0.25):
            gone = sorted((f for f in run.engine.forwarders if f.gone), key=lambda f: f.gone_at)
            proc = run.engine.proc
            if gone:
                self.gone.emit(f"{gone[0].name} went away ({gone[0].gone})")
                return
            if proc is not None and proc.poll() is not None:
                self.gone.emit(f"the split engine stopped (exit {proc.returncode})")
                return

    def _gone(self, why: str) -> None:
        if self.choice is not None:
            self.stop(why)

    def stop(self, why: str) -> None:
        """End the split model (``why``: a device went away, or the person stopped it)."""
        choice, self.choice = self.choice, None
        if choice is None:
            return
        self._watch_stop.set()
        # self.model stays: the model is not offered again (over what was said) until another
        # model was selected in between.
        self.host.devices.pop(choice.name, None)
        if self.host.current == choice.name:
            self.host.load(self.previous)
        vault = self.host.session.vault if self.host.session.is_open else None
        self.status.setText(f"{why[:1].upper()}{why[1:]}; the split model stopped. The chat answers "
                            f"with {model_title(self.previous)} on this computer.")
        self._show(offer=False, running=False)
        self.status.show()
        status = "ok" if why == "you stopped it" else f"failed: {why}"

        def close() -> None:
            from app.split.using import log_split

            choice.run.engine.close()
            log_split(vault, choice.run, status=status[:200], started_by="window: models")

        self.host.runner.submit(WORKER, close, name="split-close")

    def _keep(self) -> None:
        if self.choice is not None and self.choice.name not in self.host.devices:
            self.host.devices[self.choice.name] = self.choice

    def _show(self, *, offer: bool, running: bool, loading: bool = False) -> None:
        self.offer_text.setVisible(offer)
        self.run_button.setVisible(offer)
        self.progress.setVisible(running)
        self.stop_button.setVisible(running and not loading)
        self.setVisible(offer or running or bool(self.status.text()))
