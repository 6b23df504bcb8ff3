"""The gateway's one door into the engine: models, answers, embeddings.

Kept small so the gateway follows the engine's API in one place. Answers come
from the same pipeline as the window and the command line (``engine.answering.answer``).
Model names from plugins are resolved only against the registry's names (never
as file paths) and the person's paired devices' models (``NAME/MODEL``, e.g.
``desk/default``), which answer through the link (:mod:`app.link.using`).
Personal context is drawn only from the data classes the caller holds.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from engine.errors import ModelNotFound
from engine.models.registry import ModelRegistry
from engine.running.pool import ModelPool
from vault import Vault

PERSONAL_SUFFIX = "+personal"
#: The scopes that let an app ask a model without, and with, the person's data.
GENERAL_SCOPE, PERSONAL_SCOPE = "assistant.general", "assistant.personal"


@dataclass(frozen=True)
class DeviceModel:
    """A paired device's model a request named: the device (``identity.devices.PeerDevice``),
    the model it serves, and whether the request asked for personal context."""

    peer: Any
    model: str
    personal: bool


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

    def model_names(self, vault: Vault | None = None, *, scopes: frozenset[str] = frozenset()) -> list[str]:
        """This computer's models, then (given the vault) the paired devices' as ``NAME/MODEL``.

        The devices' names are the person's data, so they are listed on an allowlist: a device's
        model only to a caller whose grant lets it ask one (``assistant.general``), and its
        ``+personal`` id only for a device the person let answer from their data and a caller
        that may ask with it (``assistant.personal``)."""
        names = [str(e.name) for e in ModelRegistry().list()]
        out = names + [n + PERSONAL_SUFFIX for n in names]
        general, personal_ok = GENERAL_SCOPE in scopes, PERSONAL_SCOPE in scopes
        if vault is not None and (general or personal_ok):
            from app.link.using import device_model_ids

            for ident, personal in device_model_ids(vault):
                out += [ident] if general else []
                out += [ident + PERSONAL_SUFFIX] if personal and personal_ok else []
        return out

    def device(self, vault: Vault, requested: str) -> DeviceModel | None:
        """The paired device's model ``requested`` names (``desk/default[+personal]``), or None."""
        from app.link.using import device_model

        personal = requested.endswith(PERSONAL_SUFFIX)
        found = device_model(vault, requested[: -len(PERSONAL_SUFFIX)] if personal else requested)
        return None if found is None else DeviceModel(found[0], found[1], personal)

    def resolve(self, requested: str) -> tuple[str, bool]:
        """(engine model name, personal?) for a model id a plugin sent."""
        personal = requested.endswith(PERSONAL_SUFFIX)
        name = requested[: -len(PERSONAL_SUFFIX)] if personal else requested
        if name not in {str(e.name) for e in ModelRegistry().list()}:
            raise ModelNotFound(f"no model {requested[:80]!r}; see GET /v1/models")
        return name, personal

    def answer(self, vault: Vault, messages: Sequence[dict[str, str]], *, model: str, personal: bool,
               classes: frozenset[str], overrides: dict[str, Any], cancel: threading.Event,
               device: DeviceModel | None = None) -> Any:
        """An answer from the one pipeline (``engine.answering.answer``), as every other surface gets it.

        The question is the last user message and the turns before it are the history. A
        ``+personal`` model retrieves from ``classes`` only (an allowlist: memory and anything
        unclassified stay out); otherwise no personal data is read at all. Nothing is remembered
        on an app's behalf. ``overrides`` are the sampling options the app set explicitly.

        With ``device``, that paired device's model answers through the link and nothing else
        does (a device that cannot be reached is an error, not another model's answer). Personal
        details go to it only when the person said so at pairing, as with ``hearth ask --via``."""
        from engine.answering.answer import Answerer
        from engine.search.retrieval import retriever_for

        turns = [dict(m) for m in messages]
        last = max((i for i, m in enumerate(turns) if m["role"] == "user"), default=None)
        if last is None:
            from engine.errors import EngineError

            raise EngineError("the conversation needs a user message to answer")
        question = turns[last]["content"]
        system = "\n".join(m["content"] for m in turns if m["role"] == "system") or None
        history = [m for m in turns[:last] if m["role"] in ("user", "assistant")]
        if device is not None:
            from app.link.using import device_answerer

            peer = device.peer
            via = device_answerer(self, vault, peer, model=device.model, fallbacks=False,
                                  started_by="gateway: an app's request")
            return via.ask(question, history=history, use_context=personal, classes=classes,
                           model=peer.name, system=system, remember=False, cancel=cancel,
                           consent=lambda plan: bool(plan.endpoint == peer.name and peer.personal),
                           allow_remote=bool(peer.personal), **overrides)
        answerer = Answerer(self.pool, vault=vault if personal else None,
                            searcher=lambda: retriever_for(vault))
        return answerer.ask(question, history=history, use_context=personal, classes=classes,
                            model=model, system=system, remember=False, cancel=cancel, **overrides)

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        from engine.search.embeddings import default_embedder

        vectors = default_embedder().embed(list(texts))
        return [[float(x) for x in row] for row in vectors]

    def close(self) -> None:
        if self._own_pool and self._pool is not None:
            self._pool.close()


def usage(answer: Any) -> dict[str, int]:
    if answer is None:
        return {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}
    return {"prompt_tokens": answer.prompt_tokens, "completion_tokens": answer.completion_tokens,
            "total_tokens": answer.prompt_tokens + answer.completion_tokens}
