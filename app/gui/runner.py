"""Background work for the GUI: one single-thread worker per scarce resource.

The vault connection, each loaded model and the import/index pipeline each
get their own one-thread executor, so work on one resource runs in order and
never on the GUI thread. A :class:`Task` carries the results back: the worker
emits private signals that are *queued* onto the GUI thread, where the task
re-emits its public ``progressed``/``succeeded``/``failed``/``finished``
signals. Views connect plain callables to those.

Which thread does what (the desktop app's contract):

* GUI thread: widgets, and every piece of GUI state: which vault is open
  (:class:`~app.gui.session.Session`), which model is loaded and whether one is
  loading (:class:`~app.gui.model_host.ModelHost`), what each view shows. Workers
  never assign it; they return values, which arrive here as Task signals. The
  GUI thread makes no vault call that waits on the vault's lock.
* ``vault`` worker: opening and creating the vault (scrypt), the views' reads
  and writes (sources, settings, change token, export, watched folders), the
  plugin gateway's start and stop.
* ``lock`` worker: closing the vault (:meth:`Session.lock`): background embedding
  and watching stopped, the vector index sealed, the connection closed. Its
  own worker so that a lock never waits behind queued vault work; an unlock
  waits for the last seal (one index copy at a time, the sealed file whole).
* ``model`` worker: loading models into the shared pool and generating answers
  (the answer pipeline reads the vault for context and writes memories).
* ``import`` worker: imports and forgetting (vault and index together), and
  starting the vault's background embedding and folder watching.
* ``registry`` and ``download`` workers: the model list and model downloads.
* Threads outside the runner: auto-lock (it calls ``Vault.lock``; the session's
  lock hook then seals on that thread), the embedding worker and the folder
  watcher (``app.gui.library``), the gateway's server threads, llama.cpp's own.

The vault's one re-entrant lock keeps these safe together; the workers keep
them in order and off the GUI thread.

``Runner(inline=True)`` runs every job synchronously on the calling thread
(tests that only care about results, in the manner of a fake thread pool).
"""

from __future__ import annotations

import contextlib
import inspect
import logging
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

log = logging.getLogger(__name__)

#: The resources the app serialises work on.
VAULT = "vault"
LOCK = "lock"
MODEL = "model"
IMPORT = "import"
REGISTRY = "registry"


class Task(QObject):
    """One job's life, observed from the GUI thread."""

    progressed = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()

    _progress = Signal(object)
    _success = Signal(object)
    _failure = Signal(object)

    def __init__(self, name: str, *, queued: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.cancel = threading.Event()
        self.done = False
        self.result: Any = None
        self.error: BaseException | None = None
        #: When set, a result is delivered (``succeeded``) only while this holds: a view's read
        #: that lands after a lock is dropped here (``Session.while_open``), not in each view.
        self.only_while: Callable[[], bool] | None = None
        kind = Qt.ConnectionType.QueuedConnection if queued else Qt.ConnectionType.DirectConnection
        self._progress.connect(self._on_progress, kind)
        self._success.connect(self._on_success, kind)
        self._failure.connect(self._on_failure, kind)

    def report(self, value: object) -> None:
        """Send a progress value (callable from the worker)."""
        self._progress.emit(value)

    def abandon(self) -> None:
        """Cancel the work and ignore whatever it still reports (a new chat, a lock)."""
        self.cancel.set()
        for signal in (self.progressed, self.failed, self.finished):
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect()

    def on(self, *, progress: Callable[[Any], object] | None = None,
           done: Callable[[Any], object] | None = None,
           error: Callable[[BaseException], object] | None = None,
           finished: Callable[[], object] | None = None) -> Task:
        if progress is not None:
            self.progressed.connect(progress)
        if done is not None:
            self.succeeded.connect(done)
        if error is not None:
            self.failed.connect(error)
        if finished is not None:
            self.finished.connect(finished)
        return self

    @Slot(object)
    def _on_progress(self, value: object) -> None:
        self.progressed.emit(value)

    @Slot(object)
    def _on_success(self, value: object) -> None:
        self.done, self.result = True, value
        if self.only_while is None or self.only_while():
            self.succeeded.emit(value)
        self.finished.emit()

    @Slot(object)
    def _on_failure(self, exc: object) -> None:
        self.done = True
        self.error = exc if isinstance(exc, BaseException) else RuntimeError(str(exc))
        self.failed.emit(self.error)
        self.finished.emit()


class Runner(QObject):
    """Submits jobs to per-resource single-thread executors."""

    def __init__(self, *, inline: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.inline = inline
        self._executors: dict[str, ThreadPoolExecutor] = {}
        self._live: set[Task] = set()
        self._closed = False

    def submit(self, resource: str, fn: Callable[..., Any], *args: Any, name: str = "",
               **kwargs: Any) -> Task:
        """Run ``fn(*args, **kwargs)`` on ``resource``'s worker; returns its Task.

        If ``fn`` takes a ``task`` keyword (declare it), it gets the Task, for
        ``task.report(...)`` progress and ``task.cancel`` checks.
        """
        task = Task(name or getattr(fn, "__name__", "job"), queued=not self.inline, parent=self)
        if _takes_task(fn):
            kwargs["task"] = task
        self._live.add(task)
        task.finished.connect(lambda: self._live.discard(task))

        def job() -> None:
            try:
                value = fn(*args, **kwargs)
            except BaseException as exc:  # reported to the GUI, which decides how to show it
                if not isinstance(exc, Exception):
                    log.debug("job %s stopped: %r", task.name, exc)
                task._failure.emit(exc)
            else:
                task._success.emit(value)

        if self.inline:
            job()
        elif self._closed:
            task._failure.emit(RuntimeError("Hearth is shutting down"))
        else:
            self._executor(resource).submit(job)
        return task

    def stream(self, resource: str, make: Callable[[], Iterator[Any]], *, name: str = "") -> Task:
        """Iterate ``make()`` on the worker; each item arrives as ``progressed``.

        The task's cancel event is checked between items; the generator is closed
        when it is set, so the producer can stop its work (between tokens).
        """
        def drain(task: Task) -> int:
            count = 0
            gen = make()
            try:
                for item in gen:
                    if task.cancel.is_set():
                        break
                    task.report(item)
                    count += 1
            finally:
                close = getattr(gen, "close", None)
                if close is not None:
                    close()
            return count

        return self.submit(resource, drain, name=name or "stream")

    def _executor(self, resource: str) -> ThreadPoolExecutor:
        ex = self._executors.get(resource)
        if ex is None:
            ex = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"hearth-{resource}")
            self._executors[resource] = ex
        return ex

    @property
    def closed(self) -> bool:
        """Shut down: jobs submitted now fail at once without running."""
        return self._closed

    def busy(self) -> bool:
        return any(not t.done for t in self._live)

    def cancel_all(self) -> None:
        for task in list(self._live):
            task.cancel.set()

    def shutdown(self, *, wait: bool = False) -> None:
        """Cancel what is running and stop accepting work."""
        self._closed = True
        self.cancel_all()
        for ex in self._executors.values():
            ex.shutdown(wait=wait, cancel_futures=True)
        self._executors.clear()


def _takes_task(fn: Callable[..., Any]) -> bool:
    try:
        return "task" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
