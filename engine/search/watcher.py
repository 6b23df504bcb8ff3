"""Keeping watched folders in sync while Hearth runs, and catching up at start.

:class:`FolderWatcher` owns one thread that applies changes in order through the
retriever (so the vault and the vector index stay level, as for ``hearth add``):

* :meth:`FolderWatcher.rescan` (at start, for changes made while Hearth was closed,
  and every :data:`RESCAN_SECONDS` as a safety net): moved files are re-pointed
  (``vault.watch.relink_moved``), vanished ones forgotten, new and changed ones
  imported (size and mtime first, then SHA-256).
* Live notifications (watchdog) queue the paths they name; after a short quiet spell
  (:data:`SETTLE_SECONDS`, so a file still being written is read once, whole) each is
  imported if it exists and forgotten if it does not. A move within the watched
  folders re-points the sources at once (``vault.watch.move_sources``: passages and
  vectors kept); a move out of them is a deletion, a move into them an addition.

New chunks are stored without vectors (searchable at once) and ``on_change`` is
called after each applied change (the app wakes its embedding worker there).
"""

from __future__ import annotations

import os
import queue
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vault.errors import NotFound, VaultError
from vault.importers import importer_for
from vault.sources import resolve_sources
from vault.watch import mark_scanned, move_sources, relink_moved, vanished_sources, watched_folders

if TYPE_CHECKING:
    from engine.search.retrieval import Retriever

RESCAN_SECONDS = 15 * 60.0
#: Longer than watchdog's 0.5 s wait to pair a move's two halves: a folder created just
#: before a file is moved into it must not be imported before the move is known.
SETTLE_SECONDS = 1.0


class FolderWatcher:
    def __init__(self, retriever: Retriever, *, on_change: Callable[[str], None] | None = None,
                 rescan_seconds: float = RESCAN_SECONDS, settle_seconds: float = SETTLE_SECONDS) -> None:
        self.retriever = retriever
        self.on_change = on_change
        self.rescan_seconds = rescan_seconds
        self.settle_seconds = settle_seconds
        self._queue: queue.Queue[tuple[str, str]] = queue.Queue()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._observer: Any = None
        self._watches: dict[str, Any] = {}
        self.errors: list[str] = []

    # -- lifecycle -------------------------------------------------------------------------------

    def start(self) -> FolderWatcher:
        from watchdog.observers import Observer

        self._observer = Observer()
        self._observer.daemon = True
        self._observer.start()
        self._thread = threading.Thread(target=self._loop, name="hearth-watch", daemon=True)
        self._thread.start()
        self._queue.put(("rescan", ""))
        return self

    def stop(self) -> None:
        self._stop.set()
        self._queue.put(("stop", ""))
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(5)
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(30)

    def refresh(self) -> None:
        """The list of watched folders changed: rescan and (un)subscribe accordingly."""
        self._queue.put(("rescan", ""))

    def idle(self) -> bool:
        """Whether nothing is queued (for tests and the Library's status line)."""
        return self._queue.unfinished_tasks == 0

    # -- the worker ------------------------------------------------------------------------------

    def _loop(self) -> None:
        pending: dict[str, float] = {}
        next_rescan = time.monotonic() + self.rescan_seconds
        while not self._stop.is_set():
            timeout = min([next_rescan, *(t + self.settle_seconds for t in pending.values())])
            try:
                what, path = self._queue.get(timeout=max(0.05, timeout - time.monotonic()))
            except queue.Empty:
                what, path = "tick", ""
            try:
                if what == "stop":
                    return
                if what == "rescan":
                    self._rescan()
                    next_rescan = time.monotonic() + self.rescan_seconds
                elif what == "path":
                    pending[path] = time.monotonic()
                elif what == "move":
                    old, _, new = path.partition("\0")
                    if self._inside(new) and move_sources(self.retriever.vault, old, new):
                        self._changed(new)
                    pending[old] = pending[new] = time.monotonic()
                now = time.monotonic()
                ready = [p for p, t in pending.items() if now - t >= self.settle_seconds]
                # Paths that are gone first: a moved file's old path is re-pointed at its new
                # one before the new one (or the folder it landed in) would be imported afresh.
                ready.sort(key=os.path.lexists)
                if ready and os.path.lexists(ready[-1]):
                    self._relink([p for p in ready if os.path.lexists(p)])
                for path in ready:
                    del pending[path]
                    self._apply(path)
                if now >= next_rescan:
                    self._rescan()
                    next_rescan = time.monotonic() + self.rescan_seconds
            except VaultError as exc:
                self.errors.append(str(exc))
                if not self.retriever.vault.is_open:
                    return
            finally:
                if what != "tick":
                    self._queue.task_done()

    def _rescan(self) -> None:
        folders = [w.path for w in watched_folders(self.retriever.vault)]
        self._subscribe(folders)
        for folder in folders:
            if not os.path.isdir(folder):
                continue  # unplugged or renamed: keep what was imported, look again later
            vanished = vanished_sources(self.retriever.vault, folder)
            moved = {old for old, _ in relink_moved(self.retriever.vault, folder, vanished)}
            for source_id, uri in vanished:
                if uri not in moved:
                    self._forget(str(source_id))
            report = self.retriever.ingest([folder], embed_now=False)
            if any(r.status in ("added", "updated") for r in report.results) or vanished:
                self._changed(folder)
            mark_scanned(self.retriever.vault, folder)

    def _apply(self, path: str) -> None:
        if os.path.isdir(path):
            self.retriever.ingest([path], embed_now=False)
            self._changed(path)
        elif os.path.exists(path):
            if importer_for(Path(path)) is None or Path(path).name.startswith("."):
                return
            self.retriever.ingest([path], embed_now=False)
            self._changed(path)
        else:
            try:
                gone = [(int(sid), uri) for sid, uri, _ in resolve_sources(self.retriever.vault, path)]
            except NotFound:
                return
            folder = next((w.path for w in watched_folders(self.retriever.vault)
                           if path.startswith(w.path.rstrip(os.sep) + os.sep)), "")
            moved = {old for old, _ in relink_moved(self.retriever.vault, folder, gone)} if folder else set()
            for source_id, uri in gone:
                if uri not in moved:
                    self._forget(str(source_id))
            self._changed(path)

    def _relink(self, paths: list[str]) -> None:
        """Before importing new paths: a file that vanished from the same watched folder with
        the same bytes was moved (watchdog reports a move into a folder it is not yet watching
        as a deletion and a creation)."""
        vault = self.retriever.vault
        for folder in {w.path for w in watched_folders(vault)}:
            prefix = folder.rstrip(os.sep) + os.sep
            if any(p.startswith(prefix) for p in paths):
                for _old, new in relink_moved(vault, folder, vanished_sources(vault, folder)):
                    self._changed(new)

    def _inside(self, path: str) -> bool:
        return any(path.startswith(folder.rstrip(os.sep) + os.sep) for folder in self._watches)

    def _forget(self, ref: str) -> bool:
        try:
            resolve_sources(self.retriever.vault, ref)
        except NotFound:
            return False
        self.retriever.forget(ref)
        return True

    def _changed(self, path: str) -> None:
        if self.on_change is not None:
            self.on_change(path)

    def _subscribe(self, folders: list[str]) -> None:
        if self._observer is None:
            return
        from watchdog.events import FileSystemEvent, FileSystemEventHandler

        watcher = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event: FileSystemEvent) -> None:
                if event.event_type in ("opened", "closed_no_write") or (
                        event.is_directory and event.event_type == "modified"):
                    return
                if event.event_type == "moved" and event.dest_path:
                    # Applied at once, in order: the new place keeps the source and its passages.
                    watcher._queue.put(("move", f"{os.fsdecode(event.src_path)}\0"
                                                f"{os.fsdecode(event.dest_path)}"))
                    return
                for attr in ("src_path", "dest_path"):
                    value = getattr(event, attr, "")
                    if value:
                        watcher._queue.put(("path", os.fsdecode(value)))

        for gone in set(self._watches) - set(folders):
            self._observer.unschedule(self._watches.pop(gone))
        for folder in folders:
            if folder not in self._watches and os.path.isdir(folder):
                try:
                    self._watches[folder] = self._observer.schedule(Handler(), folder, recursive=True)
                except OSError as exc:  # e.g. out of inotify watches: the periodic rescan covers it
                    self.errors.append(f"cannot watch {folder}: {exc}")
