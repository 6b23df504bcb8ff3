"""The model the desktop app talks to: loading it in the background and streaming answers.

Models live in this process's one :class:`app.services.Hearth` pool, shared with
the plugin gateway (one copy of each GGUF in memory, one memory budget).
Loading and asking run on the runner's model worker (llama.cpp work never
touches the GUI thread). ``answer()`` runs the one answer pipeline
(``engine.answering.answer``) and returns a stream Task whose progress items are
:class:`AnswerEvent`: ``sources``, ``quotes``, ``route``, ``token`` deltas, then
``done`` with the pipeline's Reply (final text, quotes, unsupported specifics,
stop reason). What "remember that …" stores is announced through ``announced``.

The engine is imported lazily, after the window is on screen, so starting the
app does not pay for llama.cpp.

The host's state (``model``, ``state``, ``current``, ``loading``, the shared
Hearth's ``vault``) changes on the GUI thread only: work on the model worker
returns values, which arrive as Task signals. The one thing a worker may do is
make the shared Hearth the first time it is needed (behind a lock, never
replaced), so that importing llama.cpp never costs the GUI thread. """

from __future__ import annotations

import contextlib
import gc
import logging
import os
import threading
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from app.gui import prefs
from app.gui.runner import MODEL, Runner, Task
from app.gui.session import Session
from app.gui.texts import model_title

log = logging.getLogger(__name__)

#: The model-picker entry that lets the router choose per request.
AUTO = "auto"


@dataclass
class AnswerEvent:
    kind: str                    # "sources" | "quotes" | "route" | "token" | "done"
    text: str = ""
    sources: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    answer: Any = None           # on "done": the engine's Reply (text, quotes, unsupported, stopped…)
    headline: str = "text"       # on "route": "quote" when the quotes lead (a small model)
    lead: str = ""               # on "route": the headline the first token carries ("" if none)


@dataclass(frozen=True)
class ModelState:
    name: str
    n_gpu_layers: int
    n_ctx: int
    note: str

    @property
    def on_gpu(self) -> bool:
        return self.n_gpu_layers != 0


class ModelHost(QObject):
    state_changed = Signal(str)     # words for the status bar
    loaded = Signal(object)         # ModelState
    load_failed = Signal(object)    # the error
    models_changed = Signal()
    announced = Signal(str)         # e.g. "remembered …" (shown, never silent)
    _announce = Signal(str)
    device_measured = Signal(str, str)   # a device's name, its speed in words (measured in use)
    _measured = Signal(str, str)

    def __init__(self, runner: Runner, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner, self.session = runner, session
        self.model: Any = None           # engine.running.runtime.LoadedModel
        self.state: ModelState | None = None
        self.current = str(prefs.get("model", "default"))
        self._wanted = self.current      # the model the next answer uses (the last one asked for)
        self._loads = 0                  # loads submitted and not yet answered
        self._hearth: Any = None
        self._hearth_lock = threading.Lock()
        #: The person's paired devices this one may use, by name (``identity.devices.PeerDevice``;
        #: set by the Models view's "Your devices"): chosen like a model, they answer through the
        #: link (``app.gui.link_host.DeviceAsker``) and load nothing here.
        self.devices: dict[str, Any] = {}
        self.device_speeds: dict[str, str] = {}   # name → "12.3 tokens/s", as last measured here
        #: Longest answer in tokens (None: the pipeline's limit by model and request; tests lower it).
        self.max_tokens: int | None = None
        self._announce.connect(self.announced, Qt.ConnectionType.QueuedConnection)
        self._measured.connect(self._device_measured, Qt.ConnectionType.QueuedConnection)
        session.locked.connect(self._vault_locked)

    @property
    def loading(self) -> bool:
        return self._loads > 0

    # -- models ----------------------------------------------------------------------------------

    def registry(self) -> Any:
        from engine.models.registry import ModelRegistry

        return ModelRegistry()

    def model_names(self, *, include_auto: bool = False) -> list[str]:
        try:
            names = [str(e.name) for e in self.registry().list()]
        except Exception as exc:  # a broken models.json must not break the picker
            log.warning("model list unreadable: %s", exc)
            names = []
        # "default" and the bundled name are one file: show the friendly one once.
        names = [n for n in names if n != "smollm2-135m-instruct"] or ["default"]
        return [AUTO, *names, *self.devices] if include_auto else names

    def device_text(self) -> str:
        if self.state is None:
            return "not loaded"
        if self.state.on_gpu:
            layers = "all" if self.state.n_gpu_layers < 0 else str(self.state.n_gpu_layers)
            return f"GPU ({layers} layers)"
        return "CPU"

    def load(self, name: str | None = None) -> Task:
        """Load ``name`` (default: the last used) in the background; unloads the previous one."""
        name = name or self.current
        if name in self.devices:
            return self.use_device(name)
        self._loads += 1
        self._wanted = name
        # "auto" starts on the default model; the router may load another per request.
        target = "default" if name == AUTO else name
        self.state_changed.emit(f"Model: loading {model_title(target)}…")

        def work() -> tuple[Any, ModelState]:
            return self._load_now(target)

        task = self.runner.submit(MODEL, work, name=f"load-{name}")
        task.on(done=lambda pair: self._adopt(name, pair), error=self._failed)
        return task

    def use_device(self, name: str) -> Task:
        """Answer through the paired device ``name`` from now on (nothing loads here)."""
        self._wanted = self.current = name
        self.state_changed.emit(f"Model: {name} (your device)")
        self.models_changed.emit()
        return self.runner.submit(MODEL, lambda: name, name=f"use-{name}")

    def hearth(self) -> Any:
        """This process's one :class:`app.services.Hearth` (pool shared with the gateway)."""
        with self._hearth_lock:
            return self._make_hearth()

    def _make_hearth(self) -> Any:
        if self._hearth is None:
            from app.services import Hearth
            from engine.running.runtime import LoadOptions

            # Leave a core to the GUI thread: on a 2-core laptop, prompt evaluation on every core
            # starves the window for 100+ ms at a time.
            batch_threads = max(1, (os.cpu_count() or 2) - 1)
            self._hearth = Hearth(None, options=LoadOptions(n_threads_batch=batch_threads))
        return self._hearth

    def _load_now(self, name: str) -> tuple[Any, ModelState]:
        """Load ``name`` into the shared pool on the calling (model) worker."""
        from engine.running.runtime import LoadOptions

        pool = self.hearth().pool
        entry = self.registry().resolve(name)
        pool.registry = self.registry()
        options = LoadOptions(n_gpu_layers=prefs.gpu_layers(name),
                              n_threads_batch=pool.options.n_threads_batch)
        model = pool.get(name, options=options)
        plan = model.plan
        return model, ModelState(str(entry.name), plan.n_gpu_layers, plan.n_ctx, plan.note)

    def _adopt(self, name: str, pair: tuple[Any, ModelState]) -> None:
        # The engine, Qt and chromadb are imported by now: ~100k long-lived objects. A full
        # garbage collection over them holds the GIL for 70+ ms (170 ms on a busy 2-core box),
        # freezing the window mid-answer; moving them out of the collector's way avoids that.
        gc.freeze()
        # The pool keeps the previous model while memory allows (switching back is instant) and
        # unloads the least recently used one when it needs room.
        self._loads -= 1
        self.model, self.state = pair
        self.current = name
        with contextlib.suppress(Exception):
            prefs.put("model", name)
        self.state_changed.emit(f"Model: {model_title(name)} · {self.device_text()}")
        self.loaded.emit(self.state)
        self.models_changed.emit()

    def _failed(self, exc: BaseException) -> None:
        from app.gui.dialogs import error_text

        self._loads -= 1
        if not self._loads:  # the last load asked for failed: answers stay with the one loaded
            self._wanted = self.current
        self.state_changed.emit(f"Model: failed to load ({error_text(exc)})")
        self.load_failed.emit(exc)

    def unload(self) -> Task | None:
        """Unload the current model on the model worker (after any answer it is giving)."""
        if self.model is None:
            return None
        name = self.state.name if self.state else self.current
        pool = self.hearth().pool

        def unloaded(_: object) -> None:
            self.model, self.state = None, None
            self.state_changed.emit("Model: not loaded")

        return self.runner.submit(MODEL, pool.unload, name, name="unload").on(done=unloaded)

    def _vault_locked(self) -> None:
        # Answers asked for after this, or still queued, go without the vault.
        if self._hearth is not None:
            self._hearth.vault = None

    # -- answers ---------------------------------------------------------------------------------

    def answer(self, question: str, *, history: list[dict[str, Any]], use_context: bool,
               system: str | None = None, max_tokens: int | None = None,
               compact_consent: bool = False) -> Task:
        """Stream an answer through the one pipeline; the work runs on the model worker.

        A request with personal data routed to a remote model waits for the person's consent
        to its exact body in a dialog on the GUI thread (``app.gui.remote_consent``)."""
        from app.gui.remote_consent import consented_answer, gate_for

        limit = max_tokens or self.max_tokens
        hearth = self.hearth()
        gate = gate_for(self)
        # Read here, on the GUI thread, where they change; a load asked for before this answer
        # runs before it on the same worker.
        wanted = self._wanted
        peer = self.devices.get(wanted)
        ready = self.model is not None or self.loading or peer is not None
        hearth.vault = self.session.vault if self.session.is_open else None

        def events() -> Any:
            if not ready:
                from engine.errors import EngineError

                raise EngineError("no model is loaded yet; wait a moment or pick one in Models")
            auto = wanted == AUTO
            # "auto" lets the router consider enabled remote models: personal requests reach one
            # only through the consent dialog.
            from app.gui.link_host import DeviceAsker

            asker = (hearth if peer is None else peer.asker(hearth) if hasattr(peer, "asker")
                     else DeviceAsker(hearth, peer))
            stream = consented_answer(asker, question, gate, compact=compact_consent,
                                      history=[{"role": h["role"], "content": h["content"]}
                                               for h in history],
                                      use_context=use_context and hearth.vault is not None,
                                      model=None if auto else wanted, prefer=None,
                                      allow_remote=True, system=system, max_tokens=limit)
            route: Any = None
            try:
                for event in stream:
                    if event.kind == "remembered":
                        for r in event.remembered:
                            self._announce.emit(f"Remembered ({r.kind}): {r.text} — Settings → "
                                                "Memory can forget it")
                    elif event.kind == "sources":
                        yield AnswerEvent("sources", sources=[_plain(s.as_dict()) for s in event.sources])
                    elif event.kind == "quotes":
                        yield AnswerEvent("quotes", quotes=[quote_dict(q) for q in event.quotes])
                    elif event.kind == "route" and event.route is not None:
                        r = route = event.route
                        where = self._where(hearth.vault, peer, r.model, remote=r.remote)
                        yield AnswerEvent("route", text=f"{r.model} ({where}, {r.task}): {r.reason}",
                                          headline=event.headline, lead=event.lead)
                    elif event.kind == "token":
                        yield AnswerEvent("token", text=event.text)
                    elif event.kind == "done":
                        got = event.reply
                        if got is not None and route is not None and got.model and got.model != route.model:
                            # Another model answered (the one routed to failed): the footer says which.
                            remote = got.model not in self._local_names()
                            where = self._where(hearth.vault, peer, got.model, remote=remote)
                            yield AnswerEvent("route", text=f"{got.model} ({where}, {route.task}): "
                                                            f"{route.reason}")
                        if peer is not None and event.reply is not None:
                            self._device_note(peer.name, event.reply)
                            if event.reply.model == peer.name:
                                self._measure(peer.name, event.reply)
                        yield AnswerEvent("done", answer=event.reply)
            finally:
                stream.close()

        return self.runner.stream(MODEL, events, name="answer")

    def _local_names(self) -> set[str]:
        try:
            return {"default", *(str(e.name) for e in self.registry().list())}
        except Exception:  # a broken models.json: only the bundled model is surely here
            return {"default"}

    @staticmethod
    def _where(vault: Any, peer: Any, model: str, *, remote: bool) -> str:
        """Where ``model`` runs, in the route's words: a paired device is the person's own computer
        ("your device NAME", whether chosen or routed to), not an online model."""
        if peer is not None and model == peer.name:
            return f"your device {peer.name}"
        from app.link.routed import answered_by

        device = answered_by(vault, SimpleNamespace(model=model)) if remote else None
        if device is not None:
            return f"your device {device['name']}"
        return "remote" if remote else "local"

    def _measure(self, name: str, reply: Any) -> None:
        """A device's speed on this answer, as the chat's footer says it (its tokens and time)."""
        from app.gui.texts import tokens_per_second
        from engine.answering.chat import TurnMeta

        meta = TurnMeta.from_reply(reply)
        speed = tokens_per_second(int(meta.tokens.get("completion") or 0),
                                  float(meta.timings.get("generation_s") or 0.0))
        if speed:
            self._measured.emit(name, speed)

    def _device_measured(self, name: str, speed: str) -> None:
        self.device_speeds[name] = speed
        self.device_measured.emit(name, speed)

    def _device_note(self, name: str, reply: Any) -> None:
        """One line when the chosen device did not answer (off, unpaired, or not for this data)."""
        if reply.model == name or reply.stopped == "cancelled":
            return
        said = next((str(n) for n in reply.notes if name in str(n)), "")
        self._announce.emit(f"This computer answered, not {name}: " + (
            said or "it may not answer from your data (as you chose when pairing)."))

    def shutdown(self) -> None:
        self.model = None
        if self._hearth is not None:
            self._hearth.close()


def md_escape(text: str) -> str:
    """``text`` shown as written in Markdown (brackets, stars, underscores, backticks).

    The backslash is escaped first: escaped after the others, it doubled their escapes and a
    flag read "\\[2\\]", a file name "my\\_notes"."""
    for ch in "\\[]*_`":
        text = text.replace(ch, "\\" + ch)
    return text


def quote_dict(q: Any) -> dict[str, Any]:
    return {"text": q.text, "n": q.n, "path": q.path, "title": q.title, "location": q.location}


def _plain(src: dict[str, Any]) -> dict[str, Any]:
    """Sources as JSON-safe dicts (they are kept in the answer's message meta)."""
    return {k: v for k, v in dict(src).items() if isinstance(v, str | int | float | bool | type(None))}
