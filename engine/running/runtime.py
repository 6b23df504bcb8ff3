"""One loaded model: a llama.cpp context and the single worker thread that owns it.

A llama.cpp context cannot run two completions at once, and interleaving two
conversations on one context would also throw away its KV cache. So each
:class:`LoadedModel` has exactly one worker thread fed by a FIFO queue: jobs
run one after another in submission order, and ``history`` records when each
started and ended (tests use it to prove requests were queued, not
interleaved).

The Llama object is kept for the model's whole life and never reset by us:
llama-cpp-python then reuses the longest common token prefix of the previous
prompt+answer, which is what makes a follow-up turn cheap. ``_HearthLlama``
only observes ``generate`` (prompt length, reused prefix, first-token time)
and stops it when a cancel event is set.

llama.cpp's own logging is replaced by a callback that keeps the last error
lines in memory (for our error messages) and prints nothing.

On a CPU with AMX, llama.cpp repacks the weights into AMX tiles at load (its "extra buffer
types"); on virtual machines that do not give the guest the AMX state (seen: Firecracker guests
on Sapphire Rapids), the first decode then dies of a segmentation fault, in raw llama-cpp-python
as much as in Hearth. :func:`_model_params` turns the extra buffer types off on such CPUs, for
every model this process loads (``HEARTH_WEIGHT_REPACK=1`` turns them back on; ``0`` off
everywhere): weights stay in llama.cpp's ordinary CPU buffers, which run everywhere.
"""

from __future__ import annotations

import collections
import ctypes
import itertools
import os
import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import llama_cpp
import numpy as np

from engine.errors import EngineError, GenerationCancelled, ModelLoadFailed
from engine.models import gpu
from engine.models.chat_template import ChatTemplate, TemplateCancelled
from engine.models.gguf import GGUFInfo, read_gguf
from engine.models.registry import ModelEntry, ModelId

T = TypeVar("T")
DEFAULT_CTX = 4096


def _cpu_has_amx() -> bool:
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("flags"):
                    return "amx_tile" in line.split()
    except OSError:
        pass
    return False


def weight_repack() -> bool:
    """Whether llama.cpp may repack weights into its extra buffer types (AMX, CPU repack)."""
    choice = os.environ.get("HEARTH_WEIGHT_REPACK", "")
    if choice in ("0", "1"):
        return choice == "1"
    return not _cpu_has_amx()


_library_model_params = llama_cpp.llama_cpp.llama_model_default_params


def _model_params() -> llama_cpp.llama_model_params:
    params: llama_cpp.llama_model_params = _library_model_params()
    if not weight_repack():
        params.use_extra_bufts = False
    return params


# llama_cpp.Llama takes its model parameters from this function and has no argument for the
# extra buffer types: every Llama this process opens (Hearth's, and a benchmark's reference
# run) gets the same choice.
llama_cpp.llama_cpp.llama_model_default_params = _model_params

_log_lock = threading.Lock()
_recent_errors: collections.deque[str] = collections.deque(maxlen=8)


@llama_cpp.llama_log_callback  # type: ignore[untyped-decorator]
def _quiet_log(level: int, text: bytes, user_data: ctypes.c_void_p) -> None:
    if level == 3:  # GGML_LOG_LEVEL_ERROR: keep it for the message we raise
        line = text.decode("utf-8", errors="replace").strip()
        if line:
            with _log_lock:
                _recent_errors.append(line)


def silence_llama_logs() -> None:
    """Route llama.cpp/ggml logging to :func:`_quiet_log` (idempotent)."""
    llama_cpp.llama_log_set(_quiet_log, ctypes.c_void_p(0))


def _last_errors() -> str:
    with _log_lock:
        lines = list(_recent_errors)
        _recent_errors.clear()
    return "; ".join(lines[-2:])


@dataclass(frozen=True)
class LoadOptions:
    n_ctx: int = DEFAULT_CTX
    n_gpu_layers: int | None = None  # None: auto-fit; 0: CPU only; -1: all layers
    n_threads: int | None = None
    #: Threads for prompt evaluation (None: all cores). An interactive app leaves one core free.
    n_threads_batch: int | None = None
    n_batch: int = 512


@dataclass
class RunStats:
    """What ``_HearthLlama.generate`` observed during one completion."""

    prompt_tokens: int = 0
    cached_tokens: int = 0
    completion_tokens: int = 0
    started_at: float = 0.0
    first_token_at: float | None = None
    cancelled: bool = False
    cancel: threading.Event | None = None


class _HearthLlama(llama_cpp.Llama):
    """llama_cpp.Llama that reports what each ``generate`` did and honours a cancel event.

    The file's chat templates are code from the model file: they are taken out of
    ``metadata`` as llama-cpp-python reads it (so it never compiles or renders them with
    no limits) and kept in ``templates``; :func:`_use_chat_template` renders the default
    one in Hearth's limited sandbox (``engine.models.chat_template``)."""

    stats: RunStats | None = None
    templates: dict[str, str]       # set with ``metadata``, which Llama.__init__ always sets
    _metadata: dict[str, str]

    @property
    def metadata(self) -> dict[str, str]:
        return self._metadata

    @metadata.setter
    def metadata(self, value: dict[str, str]) -> None:
        self.templates = {k: v for k, v in value.items()
                          if k == _TEMPLATE_KEY or k.startswith(_TEMPLATE_KEY + ".")}
        self._metadata = {k: v for k, v in value.items() if k not in self.templates}

    def generate(  # type: ignore[override]
            self, tokens: Sequence[int], *args: Any, **kwargs: Any) -> Iterator[int]:
        stats = self.stats or RunStats()
        tokens = list(tokens)
        stats.prompt_tokens = len(tokens)
        stats.cached_tokens = _common_prefix(self._input_ids, tokens)
        stats.started_at = time.perf_counter()
        for token in super().generate(tokens, *args, **kwargs):
            if stats.first_token_at is None:
                stats.first_token_at = time.perf_counter()
            # The end-of-generation token is not part of the answer (llama_cpp's usage agrees).
            if not llama_cpp.llama_vocab_is_eog(self._model.vocab, token):
                stats.completion_tokens += 1
            yield token
            if stats.cancel is not None and stats.cancel.is_set():
                stats.cancelled = True
                return


def _common_prefix(cached: np.ndarray, tokens: list[int]) -> int:
    n = min(len(cached), len(tokens))
    if n == 0:
        return 0
    diff = np.nonzero(cached[:n] != np.asarray(tokens[:n], dtype=cached.dtype))[0]
    return int(diff[0]) if diff.size else n


@dataclass
class _Job:
    seq: int
    fn: Callable[[], Any]
    future: Future[Any] = field(default_factory=Future)
    on_drop: Callable[[EngineError], None] | None = None


class LoadedModel:
    """A model in memory with its own worker. Build with :meth:`load`."""

    def __init__(self, entry: ModelEntry, llm: _HearthLlama, gguf_info: GGUFInfo,
                 plan: gpu.FitPlan, *, n_ctx: int) -> None:
        self.entry = entry
        self.llm = llm
        self.gguf = gguf_info
        self.plan = plan
        self.n_ctx = n_ctx
        #: (job seq, "start"|"end", perf_counter) in the order the worker ran them.
        self.history: collections.deque[tuple[int, str, float]] = collections.deque(maxlen=256)
        self._queue: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._seq = itertools.count(1)
        self._closed = False
        self._pending = 0
        self._leases = 0
        self._pending_lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name=f"hearth-model-{entry.name}",
                                        daemon=True)
        self._thread.start()

    @property
    def name(self) -> ModelId:
        return self.entry.name

    @property
    def memory_bytes(self) -> int:
        """Estimated resident bytes: the weights plus the KV cache for the context."""
        return self.gguf.weights_bytes + gpu.kv_bytes_per_token(self.gguf) * self.n_ctx

    @property
    def busy(self) -> bool:
        """Queued or running work, or handed out for an answer that has not ended (a lease)."""
        with self._pending_lock:
            return self._pending > 0 or self._leases > 0

    def lease(self) -> None:
        with self._pending_lock:
            self._leases += 1

    def release(self) -> None:
        with self._pending_lock:
            self._leases = max(0, self._leases - 1)

    @classmethod
    def load(cls, entry: ModelEntry, options: LoadOptions | None = None) -> LoadedModel:
        """Load ``entry``; a failed GPU load falls back to the CPU, saying so in ``plan.note``."""
        options = options or LoadOptions()
        silence_llama_logs()
        info = read_gguf(entry.path)
        n_ctx = min(options.n_ctx, info.context_length) if info.context_length else options.n_ctx
        plan = gpu.plan(info, n_ctx=n_ctx, n_gpu_layers=options.n_gpu_layers)
        try:
            llm = _open(entry.path, plan.n_gpu_layers, plan.n_ctx, options, fallback_format(info))
        except ModelLoadFailed as exc:
            if not plan.offloads:
                raise
            plan = gpu.FitPlan(0, n_ctx, 0, f"loading on the GPU failed ({exc}); running on the CPU",
                               warn=True)
            llm = _open(entry.path, 0, n_ctx, options, fallback_format(info))
        return cls(entry, llm, info, plan, n_ctx=plan.n_ctx)

    def submit(self, fn: Callable[[], T], *,
               on_drop: Callable[[EngineError], None] | None = None) -> Future[T]:
        """Run ``fn`` on this model's worker, after everything submitted before it.

        If the model is closed before the job runs, the job's future fails and ``on_drop`` is
        called with the error: nobody is left waiting on a model that went away."""
        job = _Job(next(self._seq), fn, on_drop=on_drop)
        with self._pending_lock:
            if self._closed:
                raise EngineError(f"the model {self.name} was unloaded")
            self._pending += 1
            self._queue.put(job)
        return job.future

    def close(self) -> None:
        """Unload after the queued work finishes (the worker frees the context)."""
        with self._pending_lock:
            if self._closed:
                return
            self._closed = True
            self._queue.put(None)

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                self._drain()
                break
            if not job.future.set_running_or_notify_cancel():
                self._done()
                continue
            self.history.append((job.seq, "start", time.perf_counter()))
            try:
                job.future.set_result(job.fn())
            except BaseException as exc:
                job.future.set_exception(exc)
            finally:
                self.history.append((job.seq, "end", time.perf_counter()))
                self._done()
        self.llm.close()

    def _drain(self) -> None:
        # Nothing can be queued after the None (submit and close share the lock); this is a
        # safety net for jobs that raced in before it.
        while True:
            try:
                job = self._queue.get_nowait()
            except queue.Empty:
                return
            if job is None:
                continue
            error = EngineError(f"the model {self.name} was unloaded before it could answer")
            job.future.set_exception(error)
            if job.on_drop is not None:
                job.on_drop(error)
            self._done()

    def _done(self) -> None:
        with self._pending_lock:
            self._pending -= 1


#: Chat formats for GGUFs that carry no chat template, by architecture prefix.
_FORMATS_BY_ARCH = (("gemma", "gemma"), ("qwen", "chatml"), ("phi3", "phi3"), ("llama", "llama-2"),
                    ("mistral", "mistral-instruct"))


def fallback_format(info: GGUFInfo) -> str | None:
    """The llama-cpp-python chat format to use when the file has no template of its own."""
    if info.chat_template:
        return None  # the GGUF's own template wins
    for prefix, name in _FORMATS_BY_ARCH:
        if info.architecture.startswith(prefix):
            return name
    return None


def _open(path: Path, n_gpu_layers: int, n_ctx: int, options: LoadOptions,
          chat_format: str | None = None) -> _HearthLlama:
    try:
        llm = _HearthLlama(model_path=os.fspath(path), n_gpu_layers=n_gpu_layers, n_ctx=n_ctx,
                           n_batch=options.n_batch, n_threads=options.n_threads,
                           n_threads_batch=options.n_threads_batch, verbose=False,
                           chat_format=chat_format)
    except (ValueError, RuntimeError, OSError) as exc:
        detail = _last_errors() or str(exc)
        raise ModelLoadFailed(f"llama.cpp could not load {path.name}: {detail}")
    try:
        _use_chat_template(llm, path.name)
    except BaseException:
        llm.close()
        raise
    return llm


_TEMPLATE_KEY = "tokenizer.chat_template"


def _no_chunks() -> Iterator[Any]:
    yield from ()


def _use_chat_template(llm: _HearthLlama, name: str) -> None:
    """Answer chats with the file's own template, rendered in the limited sandbox (a syntax
    error is :class:`ModelLoadFailed` here, at load). A template llama-cpp-python knows by
    heart (ChatML, Llama 3, Mistral) keeps its built-in formatter, as before."""
    from llama_cpp import llama_chat_format as formats

    source = llm.templates.get(_TEMPLATE_KEY)
    if not source:
        return
    known = formats.guess_chat_format_from_gguf_metadata({_TEMPLATE_KEY: source})
    if known is not None:
        llm.chat_format = known
        return
    template = ChatTemplate(source, model=name)
    eos_id, bos_id = llm.token_eos(), llm.token_bos()
    eos = llm._model.token_get_text(eos_id) if eos_id != -1 else ""
    bos = llm._model.token_get_text(bos_id) if bos_id != -1 else ""

    def cancelled() -> bool:
        stats = llm.stats
        return stats is not None and stats.cancel is not None and stats.cancel.is_set()

    def formatter(*, messages: Any, functions: Any = None, function_call: Any = None,
                  tools: Any = None, tool_choice: Any = None,
                  **kwargs: Any) -> formats.ChatFormatterResponse:
        prompt = template.render(cancelled=cancelled, messages=messages, eos_token=eos,
                                 bos_token=bos, add_generation_prompt=True, functions=functions,
                                 function_call=function_call, tools=tools,
                                 tool_choice=tool_choice, **kwargs)

        def stop_on_eos(tokens: Any, logits: Any) -> bool:
            return bool(tokens[-1] == eos_id)

        return formats.ChatFormatterResponse(
            prompt=prompt, stop=[eos], added_special=True,
            stopping_criteria=llama_cpp.StoppingCriteriaList([stop_on_eos]))

    render = formats.chat_formatter_to_chat_completion_handler(formatter)

    def handler(**kwargs: Any) -> Any:
        try:
            return render(**kwargs)
        except TemplateCancelled:
            if llm.stats is not None:
                llm.stats.cancelled = True
            if not kwargs.get("stream"):
                raise GenerationCancelled("cancelled while the prompt was being built") from None
            return _no_chunks()  # a stream that ends at once: the answer ends "cancelled"

    llm.chat_handler = handler
