"""Streaming chat generation on a loaded model, with token counts and timings.

``start_chat(model, messages, settings=..., cancel=...)`` queues the request
on the model's worker and returns a :class:`Generation` at once. Iterating it
yields text deltas as the model produces them; when it is exhausted,
``generation.answer`` holds the :class:`Answer` (text, model, finish reason,
token counts, :class:`Timings`). ``generation.result()`` drains it and returns
the answer.

The prompt is built by llama-cpp-python's ``create_chat_completion``, which
applies the GGUF's own chat template, so greedy output is exactly what the
raw binding gives for the same settings. Cancellation (a ``threading.Event``,
or leaving the iteration early) stops the model within a token or two; the
partial text is kept and ``finish_reason`` is ``"cancelled"``. llama_cpp
errors are translated to :class:`EngineError` and re-raised in the consumer.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from engine.errors import EngineError
from engine.running.loops import LoopGuard
from engine.running.runtime import LoadedModel, RunStats

Message = dict[str, str]


@dataclass(frozen=True)
class GenerationSettings:
    # Low by default: the small local models Hearth ships ramble and drift from the user's own
    # excerpts at 0.7 (SmolLM2's card recommends 0.2 / 0.9).
    temperature: float = 0.2
    top_p: float = 0.9
    seed: int | None = None
    max_tokens: int = 512
    stop: tuple[str, ...] = ()
    #: llama.cpp's repetition penalty over the last 64 tokens (1.0: off, as the raw binding).
    #: The answer pipeline (engine.answering.answer) sets one by model size and kind of request.
    repeat_penalty: float = 1.0
    #: Stop as soon as the text repeats itself (engine.running.loops); the answer ends "loop".
    loop_guard: bool = True

    def __post_init__(self) -> None:
        if self.temperature < 0:
            raise EngineError("temperature must be 0 or more")
        if not 0 < self.top_p <= 1:
            raise EngineError("top-p must be above 0 and at most 1")
        if self.max_tokens < 1:
            raise EngineError("max tokens must be at least 1")
        if not 0.5 <= self.repeat_penalty <= 2.0:
            raise EngineError("repeat penalty must be between 0.5 and 2")


DEFAULT_SETTINGS = GenerationSettings()
GREEDY = GenerationSettings(temperature=0.0)
#: What the raw binding does: no penalty, no guard (benchmarks compare against this).
RAW_GREEDY = GenerationSettings(temperature=0.0, repeat_penalty=1.0, loop_guard=False)


@dataclass(frozen=True)
class Timings:
    """Seconds, measured on the worker (``queue_s``: waiting behind other requests)."""

    queue_s: float
    ttft_s: float  # from submission to the first token, queue included
    prompt_s: float
    generation_s: float
    total_s: float
    prompt_tokens_per_s: float
    generation_tokens_per_s: float


@dataclass(frozen=True)
class Answer:
    text: str
    model: str
    finish_reason: str  # "stop", "length", "loop" (the loop guard cut it) or "cancelled"
    prompt_tokens: int
    cached_tokens: int
    completion_tokens: int
    timings: Timings

    @property
    def cancelled(self) -> bool:
        return self.finish_reason == "cancelled"

    def as_dict(self) -> dict[str, Any]:
        return {"answer": self.text, "model": self.model, "finish_reason": self.finish_reason,
                "tokens": {"prompt": self.prompt_tokens, "cached": self.cached_tokens,
                           "completion": self.completion_tokens},
                "timings": {k: round(v, 4) for k, v in self.timings.__dict__.items()}}


_DONE = object()


@dataclass
class Generation:
    """A running or finished generation: iterate for deltas, then read ``answer``."""

    model: str
    _events: queue.SimpleQueue[Any] = field(repr=False)
    _stop: threading.Event = field(repr=False)
    _on_complete: list[Callable[[Answer], None]] = field(default_factory=list, repr=False)
    answer: Answer | None = None

    def __iter__(self) -> Iterator[str]:
        # Re-iterable: after an interrupted loop (Ctrl-C), iterating again drains the rest.
        if self.answer is not None:
            return
        try:
            while True:
                item = self._events.get()
                if isinstance(item, str):
                    yield item
                elif isinstance(item, Answer):
                    self.answer = item
                    for callback in self._on_complete:
                        callback(item)
                    return
                elif isinstance(item, BaseException):
                    raise item
        finally:
            if self.answer is None:
                # Left early (break, exception, garbage collection): stop the model.
                self._stop.set()

    def cancel(self) -> None:
        self._stop.set()

    def on_complete(self, callback: Callable[[Answer], None]) -> None:
        """Run ``callback(answer)`` in the consuming thread when the answer arrives."""
        self._on_complete.append(callback)

    def result(self) -> Answer:
        for _ in self:
            pass
        if self.answer is None:
            raise EngineError("the generation ended without an answer")
        return self.answer


def start_chat(model: LoadedModel, messages: Sequence[Message], *,
               settings: GenerationSettings = DEFAULT_SETTINGS,
               cancel: threading.Event | None = None) -> Generation:
    """Queue a chat completion on ``model``'s worker; returns the streaming handle at once."""
    events: queue.SimpleQueue[Any] = queue.SimpleQueue()
    stop = threading.Event()
    submitted = time.perf_counter()
    msgs = [dict(m) for m in messages]

    def stopped() -> bool:
        return stop.is_set() or (cancel is not None and cancel.is_set())

    def run() -> None:
        try:
            events.put(_run(model, msgs, settings, stopped, events, submitted, stop, cancel))
        except EngineError as exc:
            events.put(exc)
        except Exception as exc:  # llama_cpp raises ValueError/RuntimeError; never raw to callers
            events.put(EngineError(f"generation failed on {model.name}: {exc}"))

    model.submit(run, on_drop=events.put)
    return Generation(model=model.name, _events=events, _stop=stop)


def _run(model: LoadedModel, messages: list[Message], settings: GenerationSettings,
         stopped: Callable[[], bool], events: queue.SimpleQueue[Any], submitted: float,
         stop: threading.Event, cancel: threading.Event | None) -> Answer:
    began = time.perf_counter()
    stats = RunStats(cancel=_AnyEvent(stop, cancel))
    parts: list[str] = []
    guard = LoopGuard() if settings.loop_guard else None
    shown = 0  # characters of the text already sent to the consumer
    finish = "cancelled"
    if not stopped():
        model.llm.stats = stats
        try:
            # The binding's TypedDict unions add nothing here: chunks are read as plain dicts.
            chunks: Any = model.llm.create_chat_completion(
                messages=cast(Any, messages), stream=True, temperature=settings.temperature,
                top_p=settings.top_p, seed=settings.seed, max_tokens=settings.max_tokens,
                stop=list(settings.stop) or None, repeat_penalty=settings.repeat_penalty)
            try:
                for chunk in chunks:
                    choice = chunk["choices"][0]
                    text = choice["delta"].get("content")
                    if text:
                        parts.append(text)
                        if guard is None:
                            events.put(text)
                        else:
                            whole = "".join(parts)
                            cut = guard.feed(whole)
                            if cut is not None:
                                parts = [whole[:cut].rstrip()]
                                finish = "loop"
                                break
                            safe = guard.safe_length(whole)
                            if safe > shown:
                                events.put(whole[shown:safe])
                                shown = safe
                    if choice.get("finish_reason"):
                        finish = choice["finish_reason"]
                    if stopped():
                        break
            finally:
                chunks.close()
        finally:
            model.llm.stats = None
        if finish != "loop" and (stats.cancelled or stopped()):
            finish = "cancelled"
    text = "".join(parts)
    if guard is not None and len(text) > shown:
        events.put(text[shown:])  # the held-back tail (after a loop: what is kept of it)
    return _answer(model, text, finish, stats, submitted, began)


def _answer(model: LoadedModel, text: str, finish: str, stats: RunStats, submitted: float,
            began: float) -> Answer:
    end = time.perf_counter()
    first = stats.first_token_at or end
    started = stats.started_at or began
    prompt_s = max(first - started, 1e-9)
    gen_s = max(end - first, 1e-9)
    evaluated = max(stats.prompt_tokens - stats.cached_tokens, 0)
    generated_after_first = max(stats.completion_tokens - 1, 0)
    timings = Timings(queue_s=began - submitted, ttft_s=first - submitted, prompt_s=prompt_s,
                      generation_s=gen_s, total_s=end - submitted,
                      prompt_tokens_per_s=evaluated / prompt_s,
                      generation_tokens_per_s=generated_after_first / gen_s)
    return Answer(text=text, model=model.name, finish_reason=finish,
                  prompt_tokens=stats.prompt_tokens, cached_tokens=stats.cached_tokens,
                  completion_tokens=stats.completion_tokens, timings=timings)


class _AnyEvent(threading.Event):
    """Set when either of two events is set (polled; llama.cpp checks it once per token)."""

    def __init__(self, a: threading.Event, b: threading.Event | None) -> None:
        super().__init__()
        self._a, self._b = a, b

    def is_set(self) -> bool:
        return self._a.is_set() or (self._b is not None and self._b.is_set())


def answer_from_stream(parts: list[str], *, model: str, finish: str, usage: dict[str, Any],
                       chunks: int, submitted: float, first: float | None) -> Answer:
    """An :class:`Answer` from an OpenAI-compatible stream read elsewhere (a remote model, a
    paired device): its text pieces, usage (when the server sent it, else the pieces counted)
    and when it was sent and its first piece came."""
    end = time.perf_counter()
    first = first or end
    completion = int(usage.get("completion_tokens") or chunks)
    prompt = int(usage.get("prompt_tokens") or 0)
    gen_s = max(end - first, 1e-9)
    timings = Timings(queue_s=0.0, ttft_s=first - submitted, prompt_s=first - submitted,
                      generation_s=gen_s, total_s=end - submitted,
                      prompt_tokens_per_s=prompt / max(first - submitted, 1e-9),
                      generation_tokens_per_s=max(completion - 1, 0) / gen_s)
    return Answer(text="".join(parts), model=model, finish_reason=finish, prompt_tokens=prompt,
                  cached_tokens=0, completion_tokens=completion, timings=timings)
