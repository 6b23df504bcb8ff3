"""Hearth's engine: local model runtime, the answer pipeline, router, retrieval and evaluation.

Five rooms, each a subpackage whose docstring says what it owns and what it may use, from the
top down: ``answering`` (the pipeline) over ``routing`` (which model, evals, remote models) over
``running`` (loaded models, generation) over ``models`` (model files) and ``search`` (retrieval,
embeddings, the index); under them the shared ``text``, ``assets``, ``plugins``, ``quiet``
(libraries told to send nothing) and ``errors``. The import contracts in ``pyproject.toml``
keep those directions true.

The names below are the engine's public surface. They load on first use (PEP 562), so
``import engine`` stays cheap: llama.cpp and onnxruntime load only when a name that needs
them is touched.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS: dict[str, str] = {
    # the answer pipeline (engine.answering)
    "Answerer": "engine.answering.answer", "AnswerStream": "engine.answering.answer",
    "AnswerEvent": "engine.answering.answer", "Reply": "engine.answering.answer",
    "Source": "engine.answering.request", "Quote": "engine.answering.quotes",
    # model files and running models
    "ModelPool": "engine.running.pool", "ModelRegistry": "engine.models.registry",
    "GenerationSettings": "engine.running.generate", "Answer": "engine.running.generate",
    # search and routing
    "Retriever": "engine.search.retrieval", "Hit": "engine.search.retrieval",
    "Router": "engine.routing.router", "Route": "engine.routing.router",
    # errors
    "EngineError": "engine.errors", "ModelNotFound": "engine.errors", "ModelLoadFailed": "engine.errors",
    "RetrievalError": "engine.errors", "RemoteFailed": "engine.errors",
    "RemoteNotAllowed": "engine.errors", "DownloadFailed": "engine.errors",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'engine' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
