"""Embedding after import: text is searchable first, vectors follow in the background.

:class:`EmbeddingWorker` walks the vault's chunks that have no vector from the
retriever's model (``vault.sources.chunks_missing_embedding``, in id order), embeds a
batch, stores the vectors and adds them to the index, and repeats until none is left;
then it sleeps until :meth:`EmbeddingWorker.wake` (an import committed) or a minute
passes. It is resumable by construction: what it has not stored is still missing at
the next start. Hybrid search uses whatever vectors exist so far.

* ``pause`` is a :class:`threading.Event`: while set the worker waits between batches.
  Set it through :meth:`EmbeddingWorker.hold` / :meth:`EmbeddingWorker.release` with a
  reason ("chat": the model wants the CPU; "import": text first, so that it is
  searchable sooner), so that one reason ending does not end another's pause.
* :meth:`EmbeddingWorker.progress` is polled (done, left, rate), never pushed.
* :meth:`EmbeddingWorker.run` embeds on the caller's thread until nothing is left (the
  CLI's ``hearth embed`` and ``hearth add --wait``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from engine.errors import RetrievalError
from engine.search.embeddings import blob_embedder
from vault.errors import VaultError
from vault.sources import chunks_missing_embedding, count_missing_embedding

if TYPE_CHECKING:
    from engine.search.retrieval import Retriever

#: Passages per batch: big enough for the model to sort by length, small enough to pause soon.
BATCH = 128
IDLE_SECONDS = 60.0


@dataclass(frozen=True)
class EmbedProgress:
    done: int  # passages embedded by this worker
    left: int  # passages still without a vector (as last counted)
    rate: float  # passages per second so far
    paused: bool
    running: bool
    error: str = ""

    def eta_seconds(self) -> float | None:
        return self.left / self.rate if self.rate > 0 and self.left else None


class EmbeddingWorker:
    def __init__(self, retriever: Retriever, *, batch: int = BATCH) -> None:
        self.retriever = retriever
        self.batch = batch
        self.pause = threading.Event()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._done = 0
        self._left = 0
        self._spent = 0.0
        self._error = ""
        self._lock = threading.Lock()
        self._after = 0  # chunk ids are never reused: new chunks always come after this
        self._holds: set[str] = set()

    # -- control ---------------------------------------------------------------------------------

    def start(self) -> EmbeddingWorker:
        if self._thread is None or not self._thread.is_alive():
            self._stop.clear()
            self._thread = threading.Thread(target=self._loop, name="hearth-embed", daemon=True)
            self._thread.start()
        return self

    def hold(self, reason: str) -> None:
        """Pause between batches until every reason given is released."""
        with self._lock:
            self._holds.add(reason)
            self.pause.set()

    def release(self, reason: str) -> None:
        with self._lock:
            self._holds.discard(reason)
            if not self._holds:
                self.pause.clear()

    def wake(self) -> None:
        """New chunks were stored: look again now."""
        self._wake.set()

    def stop(self, *, timeout: float | None = 30.0) -> None:
        """Stop after the current batch (what it stored stays stored)."""
        self._stop.set()
        self._wake.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def progress(self) -> EmbedProgress:
        with self._lock:
            rate = self._done / self._spent if self._spent > 0 else 0.0
            return EmbedProgress(self._done, self._left, rate, self.pause.is_set(), self.running,
                                 self._error)

    # -- work ------------------------------------------------------------------------------------

    def run(self, *, cancel: threading.Event | None = None,
            progress: Callable[[EmbedProgress], None] | None = None) -> int:
        """Embed every chunk still missing a vector, on this thread; returns how many."""
        before = self._done
        self._count(other_models=self._after == 0)
        self._drain(cancel, progress)
        return self._done - before

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            try:
                self._count(other_models=self._after == 0)
                self._drain(None, None)
            except (VaultError, RetrievalError) as exc:
                # The vault locked under us, or the model failed: say so and stop quietly.
                with self._lock:
                    self._error = str(exc)
                return
            self._wake.wait(IDLE_SECONDS)

    def _count(self, *, other_models: bool) -> None:
        left = count_missing_embedding(self.retriever.vault, model=self.retriever.embedder.model_id,
                                       other_models=other_models)
        with self._lock:
            self._left = left

    def _drain(self, cancel: threading.Event | None,
               progress: Callable[[EmbedProgress], None] | None) -> None:
        retriever = self.retriever
        model = retriever.embedder.model_id
        embed = blob_embedder(retriever.embedder)
        while not self._stop.is_set() and not (cancel is not None and cancel.is_set()):
            while self.pause.is_set() and not self._stop.is_set():
                time.sleep(0.1)
            todo = chunks_missing_embedding(retriever.vault, model=model, limit=self.batch,
                                            after=self._after)
            if not todo:
                with self._lock:
                    self._left = 0
                return
            started = time.perf_counter()
            vectors = embed([text for _, text in todo])
            pairs = [(cid, vec) for (cid, _), vec in zip(todo, vectors, strict=True)]
            retriever.apply_embeddings(pairs)
            self._after = int(todo[-1][0])
            with self._lock:
                self._spent += time.perf_counter() - started
                self._done += len(pairs)
                self._left = max(0, self._left - len(pairs))
            if progress is not None:
                progress(self.progress())
