"""The set of loaded models, kept under a memory budget with LRU eviction.

``ModelPool.chat(messages, model=NAME, ...)`` resolves the name through the
registry, loads the model on first use (one load at a time per name; loads of
different models may overlap), and queues the request on that model's own
worker. Several models can be loaded at once; when loading another would
exceed ``memory_budget`` bytes (estimated from GGUF weights + KV cache), the
least recently used idle models are unloaded first, *before* the new one is
read into memory (its size is known from the GGUF header). A model that is
busy (queued work, or handed out by :meth:`ModelPool.chat` for an answer that
has not ended) is never evicted; the budget may then be exceeded, which is
preferable to failing the request. A caller never waits on a model that closes
under it: its queued work fails with :class:`EngineError` at once.
"""

from __future__ import annotations

import collections
import threading
from collections.abc import Sequence

from engine.errors import EngineError
from engine.models.registry import DEFAULT_MODEL, ModelId, ModelRegistry
from engine.running.generate import DEFAULT_SETTINGS, Generation, GenerationSettings, Message, start_chat
from engine.running.runtime import LoadedModel, LoadOptions

GiB = 1 << 30
DEFAULT_BUDGET = 8 * GiB


class ModelPool:
    def __init__(self, registry: ModelRegistry | None = None, *,
                 memory_budget: int = DEFAULT_BUDGET, options: LoadOptions | None = None) -> None:
        self.registry = registry or ModelRegistry()
        self.memory_budget = memory_budget
        self.options = options or LoadOptions()
        self._models: collections.OrderedDict[str, LoadedModel] = collections.OrderedDict()
        self._lock = threading.Lock()
        self._loading: dict[str, threading.Lock] = {}
        self._closed = False
        #: Names unloaded to make room, oldest first (for the GUI's status line and tests).
        self.evicted: list[ModelId] = []

    def get(self, name: str | None = None, *, options: LoadOptions | None = None) -> LoadedModel:
        """The loaded model for ``name`` (default model if None), loading it if needed.

        ``options`` apply when this call loads it (e.g. the person's GPU layers for this model)."""
        entry = self.registry.resolve(name or DEFAULT_MODEL)
        key = str(entry.path)  # aliases ("default") share one loaded copy
        with self._lock:
            if self._closed:
                raise EngineError("the engine is shut down")
            model = self._models.get(key)
            if model is not None:
                self._models.move_to_end(key)
                return model
            load_lock = self._loading.setdefault(key, threading.Lock())
        with load_lock:
            with self._lock:
                model = self._models.get(key)
                if model is not None:
                    self._models.move_to_end(key)
                    return model
            opts = options or self.options
            with self._lock:
                self._make_room(_estimate(entry.path, opts))
            model = LoadedModel.load(entry, opts)
            with self._lock:
                if self._closed:
                    model.close()
                    raise EngineError("the engine is shut down")
                self._models[key] = model
            return model

    def chat(self, messages: Sequence[Message], *, model: str | None = None,
             settings: GenerationSettings = DEFAULT_SETTINGS,
             cancel: threading.Event | None = None) -> Generation:
        """Start an answer. The model cannot be evicted from here until the answer ends: leased
        until its job is queued, then busy (queued or running) until the job is done."""
        loaded = self.get(model)
        loaded.lease()
        try:
            return start_chat(loaded, messages, settings=settings, cancel=cancel)
        finally:
            loaded.release()

    def loaded(self) -> list[LoadedModel]:
        with self._lock:
            return list(self._models.values())

    def unload(self, name: str) -> bool:
        entry = self.registry.resolve(name)
        with self._lock:
            model = self._models.pop(str(entry.path), None)
        if model is None:
            return False
        model.close()
        return True

    def close(self) -> None:
        with self._lock:
            self._closed = True
            models = list(self._models.values())
            self._models.clear()
        for m in models:
            m.close()
        for m in models:
            m.join(timeout=30)

    def __enter__(self) -> ModelPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _make_room(self, needed: int) -> None:
        # Caller holds self._lock. Oldest first; busy models stay.
        used = sum(m.memory_bytes for m in self._models.values())
        for key in list(self._models):
            if used + needed <= self.memory_budget:
                break
            victim = self._models[key]
            if victim.busy:
                continue
            del self._models[key]
            used -= victim.memory_bytes
            self.evicted.append(victim.name)
            victim.close()


def _estimate(path: object, options: LoadOptions) -> int:
    """Bytes a model will take once loaded: weights + KV cache, from the GGUF header alone."""
    from pathlib import Path

    from engine.models import gpu
    from engine.models.gguf import read_gguf

    try:
        info = read_gguf(Path(str(path)))
    except Exception:  # unreadable: loading will say why; make no room for it
        return 0
    n_ctx = min(options.n_ctx, info.context_length) if info.context_length else options.n_ctx
    return int(info.weights_bytes + gpu.kv_bytes_per_token(info) * n_ctx)
