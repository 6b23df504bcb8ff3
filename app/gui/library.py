"""The library's core calls, in one adapter the Library view uses.

Importing and forgetting go through the vault's shared
:class:`engine.search.retrieval.Retriever` (``retriever_for``), so the vector index
stays level with the vault exactly as it does for ``hearth add``/``forget``.
Export is ``vault.export.export_all``. Everything here runs on a worker
thread, never on the GUI thread, except :func:`embed_status`, which only reads
a worker's counters.

Large imports (over :data:`EMBED_LATER_BYTES` or :data:`EMBED_LATER_FILES`) store
text first, searchable at once, and leave vectors to the vault's
:class:`~engine.search.embedding_worker.EmbeddingWorker`, held while the import runs;
small ones are embedded as they import. The worker and the watched-folder
watcher (:class:`~engine.search.watcher.FolderWatcher`) run while the vault is open and
stop when it locks (:func:`start_background`). :func:`hold_embedding` pauses
embedding for a reason (the chat should hold it while the model answers).
:func:`seal` is the slow half of locking (stop those, seal the vector index):
the session runs it on the lock worker, never on the GUI thread.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vault import Vault

if TYPE_CHECKING:  # the importers are imported at first use, not at start-up
    from engine.search.embedding_worker import EmbeddingWorker, EmbedProgress
    from engine.search.index import VectorIndex
    from engine.search.watcher import FolderWatcher
    from vault import sources as core

EMBED_LATER_BYTES = 32 * 1024 * 1024
EMBED_LATER_FILES = 500
WATCH_SETTING = "library.watch_folders"


@dataclass
class Background:
    worker: EmbeddingWorker
    watcher: FolderWatcher
    changes: list[int] = field(default_factory=lambda: [0])  # bumped by the watcher's thread

    def stop(self) -> None:
        self.watcher.stop()
        self.worker.stop()


_BACKGROUND: dict[int, Background] = {}
_BACKGROUND_LOCK = threading.Lock()


def start_background(vault: Vault, *, force: bool = False) -> Background | None:
    """Start embedding and watching for this vault, if there is anything to do (or ``force``).
    Loads the retriever: call it on a worker thread."""
    from vault.sources import count_missing_embedding
    from vault.watch import watched_folders

    with _BACKGROUND_LOCK:
        found = _BACKGROUND.get(id(vault))
        if found is not None:
            return found
    if not force and not watched_folders(vault) and not count_missing_embedding(
            vault, model="", other_models=False):
        return None
    from engine.search.embedding_worker import EmbeddingWorker
    from engine.search.retrieval import retriever_for
    from engine.search.watcher import FolderWatcher

    retriever = retriever_for(vault)
    worker = EmbeddingWorker(retriever)
    changes = [0]

    def changed(_path: str) -> None:
        changes[0] += 1
        worker.wake()

    background = Background(worker, FolderWatcher(retriever, on_change=changed), changes)
    with _BACKGROUND_LOCK:
        if id(vault) in _BACKGROUND:
            return _BACKGROUND[id(vault)]
        _BACKGROUND[id(vault)] = background

    def stop() -> None:
        with _BACKGROUND_LOCK:
            if _BACKGROUND.get(id(vault)) is background:
                del _BACKGROUND[id(vault)]
        background.stop()

    vault.on_lock(stop)
    worker.start()
    background.watcher.start()
    return background


def background(vault: Vault | None) -> Background | None:
    if vault is None:
        return None
    with _BACKGROUND_LOCK:
        return _BACKGROUND.get(id(vault))


def hold_embedding(vault: Vault | None, reason: str) -> None:
    """Pause background embedding for ``reason`` (e.g. "chat" while the model answers, so the
    two do not share the CPU); :func:`release_embedding` with the same reason resumes it."""
    found = background(vault)
    if found is not None:
        found.worker.hold(reason)


def release_embedding(vault: Vault | None, reason: str) -> None:
    found = background(vault)
    if found is not None:
        found.worker.release(reason)


def embed_status(vault: Vault | None) -> EmbedProgress | None:
    """The embedding worker's progress (cheap: no vault access), None when none runs."""
    found = background(vault)
    return found.worker.progress() if found is not None else None


def open_index(vault: Vault) -> VectorIndex | None:
    """The vector index this process has open for ``vault``, if any (never opens one)."""
    retrieval = sys.modules.get("engine.search.retrieval")
    if retrieval is None:
        return None  # nothing has searched or imported yet: no index, and no engine to import
    # engine.search.retrieval keeps the one open Retriever per vault; it offers no public look-up that
    # does not open one, so this reads its table (under its lock) rather than unseal an index.
    with retrieval._OPEN_LOCK:
        found = retrieval._OPEN.get(id(vault))
    if found is None or found.vault is not vault or not found.index.is_open:
        return None
    index: VectorIndex = found.index
    return index


def seal(vault: Vault) -> None:
    """Stop background embedding and watching, then seal and close the vector index.

    Seconds for a large index, so never on the GUI thread. Called from the vault's lock (the
    index's own ``on_lock`` close would swallow a failure; this raises it, as
    :class:`~engine.errors.RetrievalError`). Safe to call twice, and from two threads at
    once (a lock and an auto-lock): whichever returns, the index is sealed and closed by then,
    since the index's own lock makes the later ``close`` wait for the earlier one."""
    with _BACKGROUND_LOCK:
        running = _BACKGROUND.pop(id(vault), None)
    if running is not None:
        running.stop()   # before the seal: no vectors arriving while it is written
    index = open_index(vault)
    if index is not None:
        index.close(seal=True)


def import_paths(vault: Vault, paths: list[Path], *, progress: Callable[[Any], None] | None = None,
                 cancel: threading.Event | None = None, watch: bool = False) -> core.ImportReport:
    from engine.search.retrieval import retriever_for
    from vault.sources import ImportProgress

    def report(state: core.ImportProgress) -> None:
        if progress is not None:
            # A copy: the core reuses one object, and the GUI reads it later on its own thread.
            progress(ImportProgress(**vars(state)))

    if watch:
        from vault.watch import watch_folder

        for path in paths:
            if path.is_dir():
                watch_folder(vault, path)
    if not watch and not _large(paths):
        return retriever_for(vault).ingest(paths, progress=report, cancel=cancel)
    running = start_background(vault, force=True)
    assert running is not None
    running.worker.hold("import")
    try:
        return retriever_for(vault).ingest(paths, progress=report, cancel=cancel, embed_now=False)
    finally:
        running.worker.release("import")
        running.worker.wake()
        running.watcher.refresh()


def _large(paths: list[Path]) -> bool:
    """Whether these paths hold more than a quick, embed-as-you-go import (stops counting early)."""
    files = size = 0
    for path in paths:
        walk = [(str(path.parent), [], [path.name])] if path.is_file() else os.walk(path)
        for folder, _, names in walk:
            for name in names:
                files += 1
                try:
                    size += os.stat(os.path.join(folder, name)).st_size
                except OSError:
                    continue
                if files > EMBED_LATER_FILES or size > EMBED_LATER_BYTES:
                    return True
    return False


def watch_setting(vault: Vault) -> bool:
    from vault.settings import get_setting

    return bool(get_setting(vault, WATCH_SETTING, False))


def set_watch_setting(vault: Vault, on: bool) -> list[str]:
    """Remember the switch; returns the watched folders."""
    from vault.settings import set_setting

    set_setting(vault, WATCH_SETTING, bool(on))
    return watched(vault)


def watched(vault: Vault) -> list[str]:
    from vault.watch import watched_folders

    return [w.path for w in watched_folders(vault)]


def unwatch_all(vault: Vault) -> None:
    from vault.watch import unwatch_folder

    for path in watched(vault):
        unwatch_folder(vault, path)
    found = background(vault)
    if found is not None:
        found.watcher.refresh()


def list_sources(vault: Vault) -> list[core.SourceInfo]:
    from vault.sources import list_sources

    return list_sources(vault)


def forget(vault: Vault, source_id: int) -> list[core.Forgotten]:
    from engine.search.retrieval import retriever_for

    return retriever_for(vault).forget(str(int(source_id)))


def export(vault: Vault, folder: Path) -> Any:
    from vault.export import export_all

    return export_all(vault, folder)


def passage(vault: Vault, source: dict[str, Any]) -> str:
    """The full text behind an answer's source (a chunk, a note, or a remembered fact)."""
    from vault.documents import chunk_text
    from vault.notes import get_note

    if source.get("chunk_id"):
        return chunk_text(vault, int(source["chunk_id"])) or ""
    if source.get("note_id"):
        note = get_note(vault, int(source["note_id"]))
        return note.body if note is not None else ""
    return str(source.get("text") or "")
