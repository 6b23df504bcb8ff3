"""Answers from a model split across devices, through the one answer pipeline.

:func:`split_answerer` is :class:`engine.answering.answer.Answerer` (file search, quotes, the
router, the consent for personal data) with the split model as one more endpoint: the router's
``remote`` endpoint named after the run, whose chat the dispatcher starts with
:func:`split_chat` instead of HTTP. So an answer from the split model is searched, quoted and
checked as any other; only the generation runs in the split engine's own process.

:func:`split_chat` reads the OpenAI-style body the pipeline built (messages, max tokens,
temperature), streams the engine's ``chat`` reply as a :class:`engine.running.generate.Generation`
and ends with its :class:`Answer`. One answer at a time per engine; a cancelled answer is drained
in the background (the engine process finishes it unseen) so the next starts clean. When a
device goes away mid-answer the generation ends with the :class:`DeviceWentAway` that names it,
and ``on_gone`` hears of it.

Personal data goes to the split model only if every device in it was paired as one that may see
it (a worker sees the activations of its layers, the question in effect).
"""

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from app.split.using import SplitRun
from engine.errors import EngineError
from engine.routing.remote import RemoteEndpoint
from engine.running.generate import Generation, answer_from_stream
from engine.split.session import DeviceWentAway, SplitEngine

SCHEME = "hearth-split://"


def endpoint(run: SplitRun, name: str) -> RemoteEndpoint:
    where = "+".join(p.name for p in run.peers)
    return RemoteEndpoint(name, f"{SCHEME}{where}/v1", run.model.stem, True, 600.0)


def split_chat(engine: SplitEngine, name: str, body: bytes, *, lock: threading.Lock,
               cancel: threading.Event | None = None,
               on_gone: Callable[[DeviceWentAway], None] = lambda exc: None) -> Generation:
    """Stream the split engine's answer to ``body`` (an OpenAI chat request) as a Generation."""
    request = json.loads(body)
    messages = [{"role": str(m.get("role")), "content": str(m.get("content") or "")}
                for m in request.get("messages") or () if isinstance(m, dict)]
    limit = int(request.get("max_tokens") or 512)
    ask = {"op": "chat", "messages": messages, "max_tokens": limit,
           "temperature": float(request.get("temperature") or 0.0)}
    events: queue.SimpleQueue[Any] = queue.SimpleQueue()
    stop = threading.Event()
    submitted = time.perf_counter()

    def stopped() -> bool:
        return stop.is_set() or (cancel is not None and cancel.is_set())

    def run() -> None:
        parts: list[str] = []
        first: float | None = None
        finish = "stop"
        try:
            with lock:
                for line in engine.stream(ask):
                    if stopped():
                        finish = "cancelled"   # drained unseen: the engine finishes it
                        continue
                    if "s" in line:
                        first = first or time.perf_counter()
                        parts.append(str(line["s"]))
                        events.put(str(line["s"]))
                    elif line.get("done") and int(line.get("n") or 0) >= limit:
                        finish = "length"
        except DeviceWentAway as exc:
            on_gone(exc)
            events.put(exc)
            return
        except EngineError as exc:
            events.put(exc)
            return
        events.put(answer_from_stream(parts, model=name, finish=finish, usage={}, chunks=len(parts),
                                      submitted=submitted, first=first))

    threading.Thread(target=run, name=f"hearth-split-answer-{name}", daemon=True).start()
    return Generation(model=name, _events=events, _stop=stop)


def split_answerer(hearth: Any, vault: Any, run: SplitRun, name: str, *,
                   on_gone: Callable[[DeviceWentAway], None] = lambda exc: None) -> Any:
    """The answer pipeline with the split model ``name`` as a model the router may be asked for."""
    from app.link.using import DeviceRemotes
    from app.routing import api_key_lookup, build_router, known_names
    from engine.answering.answer import Answerer
    from engine.models.registry import ModelRegistry
    from engine.routing.dispatch import Dispatcher
    from engine.routing.remote import start_remote_chat
    from engine.search.retrieval import retriever_for

    registry = ModelRegistry()
    hearth.pool.registry = registry
    remotes = DeviceRemotes([endpoint(run, name)])
    lock = run.engine.answer_lock

    def remote_chat(ep: RemoteEndpoint, body: bytes, **kw: Any) -> Generation:
        if ep.name != name or not ep.url.startswith(SCHEME):
            return start_remote_chat(ep, body, **kw)
        return split_chat(run.engine, name, body, lock=lock, cancel=kw.get("cancel"), on_gone=on_gone)

    dispatcher = Dispatcher(hearth.pool, remotes, api_key=api_key_lookup(vault), remote_chat=remote_chat)
    return Answerer(hearth.pool, vault=vault, searcher=lambda: retriever_for(vault),
                    router=lambda: build_router(vault, registry, remotes), dispatcher=dispatcher,
                    known_names=lambda: known_names(vault))
