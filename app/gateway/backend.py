"""The gateway's one door into the engine: models, chat generation, embeddings, context.

Kept small so the gateway follows the engine's API in one place. Model names
from plugins are resolved only against the registry's names (never as file
paths). Personal context is drawn only from the data classes the caller holds.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from app.gateway import data
from engine.errors import ModelNotFound
from engine.generate import Generation, GenerationSettings
from engine.models import ModelRegistry
from engine.pool import ModelPool
from vault import Vault

PERSONAL_SUFFIX = "+personal"
SYSTEM = ("You are Hearth, a private assistant running on this computer, answering for another app. "
          "Answer clearly and briefly.")


class Backend:
    def __init__(self, *, pool: ModelPool | None = None) -> None:
        self._pool = pool
        self._own_pool = pool is None
        self._lock = threading.Lock()

    @property
    def pool(self) -> ModelPool:
        with self._lock:
            if self._pool is None:
                self._pool = ModelPool()
            return self._pool

    def model_names(self) -> list[str]:
        names = [str(e.name) for e in ModelRegistry().list()]
        return names + [n + PERSONAL_SUFFIX for n in names]

    def resolve(self, requested: str) -> tuple[str, bool]:
        """(engine model name, personal?) for a model id a plugin sent."""
        personal = requested.endswith(PERSONAL_SUFFIX)
        name = requested[: -len(PERSONAL_SUFFIX)] if personal else requested
        if name not in {str(e.name) for e in ModelRegistry().list()}:
            raise ModelNotFound(f"no model {requested[:80]!r}; see GET /v1/models")
        return name, personal

    def chat(self, messages: Sequence[dict[str, str]], *, model: str, settings: GenerationSettings,
             cancel: threading.Event) -> Generation:
        return self.pool.chat(list(messages), model=model, settings=settings, cancel=cancel)

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        from engine.embeddings import default_embedder

        vectors = default_embedder().embed(list(texts))
        return [[float(x) for x in row] for row in vectors]

    def with_context(self, vault: Vault, messages: list[dict[str, str]], *,
                     classes: frozenset[str]) -> tuple[list[dict[str, str]], list[str]]:
        """Messages with personal context from ``classes`` added, and the item ids used."""
        question = next((m["content"] for m in reversed(messages) if m["role"] == "user"), "")
        hits = data.search(vault, question, classes=classes, limit=4) if question else []
        if not hits:
            return messages, []
        context = "\n".join(f"[{h['id']}] {h['text'][:800]}" for h in hits)
        system = {"role": "system", "content": SYSTEM + "\nUse these items from the user's own data "
                  "where they help:\n" + context}
        rest = [m for m in messages if m["role"] != "system"]
        return [system, *rest], [str(h["id"]) for h in hits]

    def close(self) -> None:
        if self._own_pool and self._pool is not None:
            self._pool.close()


def usage(answer: Any) -> dict[str, int]:
    if answer is None:
        return {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}
    return {"prompt_tokens": answer.prompt_tokens, "completion_tokens": answer.completion_tokens,
            "total_tokens": answer.prompt_tokens + answer.completion_tokens}
