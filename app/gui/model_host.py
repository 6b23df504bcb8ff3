"""The model the desktop app talks to: loading it in the background and streaming answers.

One model is loaded at a time. Loading and asking run on the runner's model
worker (llama.cpp work never touches the GUI thread; the engine's
``LoadedModel`` adds its own single worker under that). ``answer()`` returns a
stream Task whose progress items are :class:`AnswerEvent`: first ``sources``
(what personal context was used, possibly none), then ``token`` deltas, then
``done`` with the engine's :class:`Answer`. Prompts are built by
``app.assistant.build_messages``, as for ``hearth ask``; what it remembers
("remember that …") is announced through ``announced``.

The engine is imported lazily, after the window is on screen, so starting the
app does not pay for llama.cpp. """

from __future__ import annotations

import contextlib
import gc
import logging
import os
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from app.gui import prefs
from app.gui.runner import MODEL, Runner, Task
from app.gui.session import Session

log = logging.getLogger(__name__)

#: The model-picker entry that lets the router choose per request.
AUTO = "auto"


@dataclass
class AnswerEvent:
    kind: str                    # "sources" | "route" | "token" | "done"
    text: str = ""
    sources: list[dict[str, Any]] = field(default_factory=list)
    answer: Any = None


@dataclass(frozen=True)
class ModelState:
    name: str
    n_gpu_layers: int
    n_ctx: int
    note: str

    @property
    def on_gpu(self) -> bool:
        return self.n_gpu_layers != 0


def source_label(src: dict[str, Any]) -> str:
    kind = src.get("kind")
    if kind in ("memory", "remembered"):
        text = str(src.get("text") or "")
        short = text if len(text) <= 60 else text[:57] + "…"
        return ("Remembered now: " if kind == "remembered" else "Memory: ") + short
    if kind == "note":
        return "Note"
    title = str(src.get("title") or src.get("path") or "source")
    where = str(src.get("location") or "")
    return f"{title} ({where})" if where and where not in title else title


class ModelHost(QObject):
    state_changed = Signal(str)     # words for the status bar
    loaded = Signal(object)         # ModelState
    load_failed = Signal(object)    # the error
    models_changed = Signal()
    announced = Signal(str)         # e.g. "remembered …" (shown, never silent)
    _announce = Signal(str)

    def __init__(self, runner: Runner, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner, self.session = runner, session
        self.model: Any = None           # engine.runtime.LoadedModel
        self.state: ModelState | None = None
        self.current = str(prefs.get("model", "default"))
        self.loading = False
        #: Longest answer, in tokens (tests lower it to keep runs short).
        self.max_tokens = 512
        self._announce.connect(self.announced, Qt.ConnectionType.QueuedConnection)

    # -- models ----------------------------------------------------------------------------------

    def registry(self) -> Any:
        from engine.models import ModelRegistry

        return ModelRegistry()

    def model_names(self, *, include_auto: bool = False) -> list[str]:
        try:
            names = [str(e.name) for e in self.registry().list()]
        except Exception as exc:  # a broken models.json must not break the picker
            log.warning("model list unreadable: %s", exc)
            names = []
        # "default" and the bundled name are one file: show the friendly one once.
        names = [n for n in names if n != "smollm2-135m-instruct"] or ["default"]
        return [AUTO, *names] if include_auto else names

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
        self.loading = True
        # "auto" starts on the default model; the router may load another per request.
        target = "default" if name == AUTO else name
        self.state_changed.emit(f"Model: loading {target}…")

        def work() -> tuple[Any, ModelState]:
            return self._load_now(target)

        task = self.runner.submit(MODEL, work, name=f"load-{name}")
        task.on(done=lambda pair: self._adopt(name, pair), error=self._failed)
        return task

    def _load_now(self, name: str) -> tuple[Any, ModelState]:
        """Load ``name`` on the calling (model) worker."""
        from engine.runtime import LoadedModel, LoadOptions

        entry = self.registry().resolve(name)
        # Leave a core to the GUI thread: on a 2-core laptop, prompt evaluation on every core
        # starves the window for 100+ ms at a time.
        batch_threads = max(1, (os.cpu_count() or 2) - 1)
        model = LoadedModel.load(entry, LoadOptions(n_gpu_layers=prefs.gpu_layers(name),
                                                    n_threads_batch=batch_threads))
        plan = model.plan
        return model, ModelState(str(entry.name), plan.n_gpu_layers, plan.n_ctx, plan.note)

    def _route(self, question: str, messages: list[dict[str, str]], sources: list[dict[str, Any]],
               vault: Any) -> Any:
        """The route for this request; with "auto", the router picks among local models.

        The desktop app has no per-request consent dialog for remote models yet, so it
        routes locally only (remote models stay on the command line's --allow-remote).
        """
        from engine.router import Route, classify_task

        task = classify_task([{"role": "user", "content": question}])
        if self.current != AUTO:
            return Route(self.current, False, task, "you chose this model")
        from app.routing import build_router, known_names

        router = build_router(self.session.vault)
        route = router.route(messages, task=task, personal_context=bool(sources), preference="local",
                             known_names=known_names(vault))
        loaded = self.state.name if self.state is not None else None
        if route.model != loaded and not (route.model == "default" and
                                          loaded == "smollm2-135m-instruct"):
            old = self.model
            self.model, self.state = self._load_now(route.model)
            if old is not None:
                old.close()
            self.state_changed.emit(f"Model: auto → {route.model} · {self.device_text()}")
        return route

    def _adopt(self, name: str, pair: tuple[Any, ModelState]) -> None:
        # The engine, Qt and chromadb are imported by now: ~100k long-lived objects. A full
        # garbage collection over them holds the GIL for 70+ ms (170 ms on a busy 2-core box),
        # freezing the window mid-answer; moving them out of the collector's way avoids that.
        gc.freeze()
        old, (self.model, self.state) = self.model, pair
        if old is not None and old is not self.model:
            old.close()
        self.current = name
        self.loading = False
        with contextlib.suppress(Exception):
            prefs.put("model", name)
        self.state_changed.emit(f"Model: {name} · {self.device_text()}")
        self.loaded.emit(self.state)
        self.models_changed.emit()

    def _failed(self, exc: BaseException) -> None:
        self.loading = False
        from app.gui.dialogs import error_text

        self.state_changed.emit(f"Model: failed to load ({error_text(exc)})")
        self.load_failed.emit(exc)

    def unload(self) -> None:
        if self.model is not None:
            self.model.close()
            self.model, self.state = None, None
            self.state_changed.emit("Model: not loaded")

    # -- answers ---------------------------------------------------------------------------------

    def answer(self, question: str, *, history: list[dict[str, Any]], use_context: bool,
               system: str | None = None, max_tokens: int | None = None) -> Task:
        """Stream an answer; the work (retrieval included) runs on the model worker."""
        vault = self.session.vault if use_context else None
        limit = max_tokens or self.max_tokens

        def events() -> Any:
            from engine.generate import GenerationSettings, start_chat

            if self.model is None:
                from engine.errors import EngineError

                raise EngineError("no model is loaded yet; wait a moment or pick one in Models")
            from app import assistant

            # Remembering is announced in the window (the CLI prints it instead).
            assistant.announce = self._announce.emit
            messages, sources = build_messages(question, vault=vault, use_context=use_context,
                                               system=system, history=history)
            yield AnswerEvent("sources", sources=sources)
            route = self._route(question, messages, sources, vault)
            where = "remote" if route.remote else "local"
            yield AnswerEvent("route", text=f"{route.model} ({where}, {route.task}): {route.reason}")
            generation = start_chat(self.model, messages,
                                    settings=GenerationSettings(max_tokens=limit))
            try:
                for delta in generation:
                    yield AnswerEvent("token", text=delta)
            finally:
                generation.cancel()
            yield AnswerEvent("done", answer=generation.answer)

        return self.runner.stream(MODEL, events, name="answer")

    def shutdown(self) -> None:
        model, self.model = self.model, None
        if model is not None:
            model.close()


def build_messages(question: str, *, vault: Any, use_context: bool, system: str | None,
                   history: list[dict[str, Any]]) -> tuple[list[dict[str, str]], list[dict[str, Any]]]:
    """The prompt and its sources, built as ``hearth ask`` builds them (``app.assistant``)."""
    from app import assistant

    messages, sources = assistant.build_messages(
        question, vault=vault, use_context=use_context, system=system,
        history=[{"role": h["role"], "content": h["content"]} for h in history])
    return list(messages), [_plain(s) for s in sources]


def _plain(src: dict[str, Any]) -> dict[str, Any]:
    """Sources as JSON-safe dicts (they are kept in the answer's message meta)."""
    return {k: v for k, v in dict(src).items() if isinstance(v, str | int | float | bool | type(None))}
