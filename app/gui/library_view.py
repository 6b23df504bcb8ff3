"""Library: import files and folders (buttons or drag and drop), list, forget, export.

Imports run on the import worker with a progress bar fed by the core's
progress callback (files, bytes, passages, time left); Cancel sets the job's
cancel event, checked between files and between batches of a large file, which
a later import resumes. Listing, forgetting and export run on the vault worker.
The "Keep folders in sync" switch watches the folders added while it is on;
a status line shows embedding going on in the background and refreshes the list
when a watched folder changed. The heavy lifting is in ``app.gui.library``.
A lock closes the vault on the lock worker, so a listing that finished just
before it may still arrive after the view was cleared: what arrives while the
vault is locked is dropped, not shown.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QDateTime, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.formats import duration, size
from app.gui import library
from app.gui.dialogs import Banner
from app.gui.runner import IMPORT, VAULT, Task
from app.gui.session import Session
from app.gui.welcome import EmptyState
from app.gui.widgets import heading


def _open_file(path: str) -> bool:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    return QDesktopServices.openUrl(QUrl.fromLocalFile(path))

COLUMNS = ("Title", "Type", "Size", "Added", "Passages")


def human_size(n: int) -> str:
    """A file's size as the terminal writes it (binary units: KiB, MiB)."""
    return size(n)


class LibraryView(QWidget):
    import_finished = Signal(object)   # the import report

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.importing: Task | None = None
        self.setAcceptDrops(True)
        col = QVBoxLayout(self)
        col.setContentsMargins(16, 12, 16, 12)
        col.addWidget(heading("Library", "Files you add here stay encrypted in your vault. Drop "
                              "files or folders anywhere on this page; double-click one to open it."))
        row = QHBoxLayout()
        self.add_files_button = QPushButton("Add files…")
        self.add_folder_button = QPushButton("Add folder…")
        self.forget_button = QPushButton("Forget")
        self.export_button = QPushButton("Export…")
        self.watch_switch = QCheckBox("Keep folders in sync")
        self.watch_switch.setToolTip("Folders you add while this is on are watched: new, changed, "
                                     "moved and deleted files are imported or forgotten while "
                                     "Hearth runs, and caught up when it starts. Turning it off "
                                     "stops watching them (what was imported stays).")
        for b in (self.add_files_button, self.add_folder_button):
            row.addWidget(b)
        row.addWidget(self.watch_switch)
        row.addStretch(1)
        row.addWidget(self.forget_button)
        row.addWidget(self.export_button)
        col.addLayout(row)
        prog = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setFormat("%v of %m files")
        self.progress_label = QLabel("")
        self.cancel_button = QPushButton("Cancel")
        prog.addWidget(self.progress, 1)
        prog.addWidget(self.progress_label, 2)
        prog.addWidget(self.cancel_button)
        col.addLayout(prog)
        self.status_label = QLabel("")
        col.addWidget(self.status_label)
        self.banner = Banner()
        col.addWidget(self.banner)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, len(COLUMNS)):
            self.table.horizontalHeader().setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setWordWrap(False)   # a date on one line, a long title elided (full in its tooltip)
        self.table.verticalHeader().hide()
        col.addWidget(self.table, 1)
        self.empty = EmptyState("Nothing here yet. Add files or a folder (notes, documents, mail, "
                                "calendars, contacts) and Hearth answers from them.")
        col.addWidget(self.empty, 1)
        self.table.hide()
        self.table.cellDoubleClicked.connect(lambda row, _col: self.open_row(row))
        #: How a double-clicked file is opened (tests put their own here).
        self.opener: Any = _open_file
        self._show_progress(False)
        self.add_files_button.clicked.connect(self.pick_files)
        self.add_folder_button.clicked.connect(self._pick_folder)
        self.forget_button.clicked.connect(self.forget_selected)
        self.export_button.clicked.connect(self._pick_export)
        self.cancel_button.clicked.connect(self.cancel_import)
        self.watch_switch.toggled.connect(self._watch_toggled)
        self._changes_seen = 0
        self._watched: list[str] = []
        self.poll = QTimer(self)
        self.poll.setInterval(1000)
        self.poll.timeout.connect(self._poll_background)

    # -- import ----------------------------------------------------------------------------------

    def pick_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Add files to Hearth")
        if files:
            self.import_paths([Path(f) for f in files])

    def _pick_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Add a folder to Hearth")
        if folder:
            self.import_paths([Path(folder)])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    def import_paths(self, paths: list[Path]) -> Task | None:
        if self.importing is not None:
            self.banner.show_info("An import is already running; wait for it or cancel it.")
            return None
        self.banner.clear()
        self._show_progress(True)
        self.progress.setRange(0, 0)
        self.progress_label.setText("Looking at the files…")
        try:
            vault = self.session.require_vault()
        except Exception as exc:
            self._show_progress(False)
            self.banner.show_error(exc)
            return None

        watch = self.watch_switch.isChecked() and any(p.is_dir() for p in paths)

        def work(task: Task) -> Any:
            return library.import_paths(vault, paths, progress=task.report, cancel=task.cancel,
                                        watch=watch)

        self.importing = self.session.runner.submit(IMPORT, work, name="import")
        self.importing.on(progress=self._on_progress, done=self._on_done,
                          error=self.banner.show_error, finished=self._import_over)
        return self.importing

    def _on_progress(self, state: Any) -> None:
        self.progress.setRange(0, max(int(state.total), 1))
        self.progress.setValue(int(state.done))
        current = f" · {Path(state.current).name}" if state.current else ""
        eta = state.eta_seconds() if hasattr(state, "eta_seconds") else None
        left = f" · about {duration(eta)} left" if eta is not None else ""
        self.progress_label.setText(
            f"{human_size(state.bytes_done)} of {human_size(state.bytes_total)} · "
            f"{state.passages:,} passages · {state.added} added, {state.updated} updated, "
            f"{state.skipped} skipped{left}{current}")

    def _on_done(self, report: Any) -> None:
        skipped = [r for r in report.results if r.status == "skipped"]
        words = (f"Imported: {report.count('added')} added, {report.count('updated')} updated, "
                 f"{report.count('unchanged')} unchanged, {len(skipped)} skipped.")
        partial = report.count("partial")
        if partial:
            words += f" {partial} large file(s) were stopped part way: add them again to go on."
        if report.cancelled:
            words = "Import cancelled. " + words
        if skipped:
            words += " Skipped: " + "; ".join(f"{Path(r.path).name} ({r.reason})" for r in skipped[:5])
        self.banner.show_info(words)
        self.import_finished.emit(report)

    def _import_over(self) -> None:
        self.importing = None
        self._show_progress(False)
        self.refresh()
        if self.session.is_open:
            vault = self.session.require_vault()
            self.session.while_open(VAULT, lambda: library.watched(vault), name="watched").on(
                done=self._set_watched, error=self.banner.show_error)

    def cancel_import(self) -> None:
        if self.importing is not None:
            self.importing.cancel.set()
            self.progress_label.setText("Cancelling after this file…")

    def _show_progress(self, on: bool) -> None:
        for w in (self.progress, self.progress_label, self.cancel_button):
            w.setVisible(on)

    # -- listing ---------------------------------------------------------------------------------

    def on_unlocked(self) -> None:
        self.refresh()
        vault = self.session.require_vault()

        def start() -> Any:
            # Catch up on watched folders and on passages still without vectors.
            library.start_background(vault)
            return library.watch_setting(vault), library.watched(vault)

        self.session.while_open(IMPORT, start, name="library-background").on(
            done=self._background_started, error=self.banner.show_error)
        self.poll.start()

    def _background_started(self, result: Any) -> None:
        on, self._watched = result
        self.watch_switch.blockSignals(True)
        self.watch_switch.setChecked(bool(on))
        self.watch_switch.blockSignals(False)
        self._poll_background()

    def _watch_toggled(self, on: bool) -> None:
        try:
            vault = self.session.require_vault()
        except Exception as exc:
            self.banner.show_error(exc)
            return

        def work() -> Any:
            if not on:
                library.unwatch_all(vault)
            return library.set_watch_setting(vault, on)

        self.session.while_open(VAULT, work, name="watch-switch").on(
            done=self._set_watched, error=self.banner.show_error)

    def _set_watched(self, folders: list[str]) -> None:
        self._watched = folders
        self._poll_background()

    def _poll_background(self) -> None:
        """The status line: folders watched, passages waiting for vectors; refresh on changes."""
        vault = self.session.vault
        parts = []
        if self._watched:
            parts.append(f"Keeping {len(self._watched)} folder(s) in sync")
        status = library.embed_status(vault)
        if status is not None and status.left:
            eta = status.eta_seconds()
            parts.append(f"making {status.left:,} passage(s) searchable by meaning"
                         + (" (paused)" if status.paused else "")
                         + (f", about {duration(eta)} left" if eta is not None else ""))
        self.status_label.setText("; ".join(parts) + ("." if parts else ""))
        self.status_label.setToolTip("\n".join(self._watched))
        running = library.background(vault)
        if running is not None and running.changes[0] != self._changes_seen and self.importing is None:
            self._changes_seen = running.changes[0]
            self.refresh()

    def refresh(self) -> Task:
        return self.session.while_open(
            VAULT, lambda: library.list_sources(self.session.require_vault()),
            name="list-sources").on(done=self._show_sources, error=self.banner.show_error)

    def _show_sources(self, sources: list[Any]) -> None:
        self.table.setRowCount(0)
        for s in sources:
            row = self.table.rowCount()
            self.table.insertRow(row)
            title = QTableWidgetItem(s.title or Path(s.path).name)
            title.setData(Qt.ItemDataRole.UserRole, int(s.id))
            title.setToolTip(s.path)
            title.setData(Qt.ItemDataRole.UserRole + 1, s.path)
            added = QDateTime.fromSecsSinceEpoch(int(s.added_at))
            when = QTableWidgetItem(self.locale().toString(added, QLocale.FormatType.ShortFormat))
            when.setToolTip(self.locale().toString(added, QLocale.FormatType.LongFormat))
            cells = [title, QTableWidgetItem(s.kind), QTableWidgetItem(human_size(s.size)),
                     when, QTableWidgetItem(str(s.chunks))]
            for c, item in enumerate(cells):
                self.table.setItem(row, c, item)
        self.table.setVisible(bool(sources))
        self.empty.setVisible(not sources)

    def open_row(self, row: int) -> bool:
        """Double-click: open the file with the desktop's own program, if it is still there."""
        item = self.table.item(row, 0)
        path = str(item.data(Qt.ItemDataRole.UserRole + 1) or "") if item is not None else ""
        if not path or not Path(path).is_file():
            self.banner.show_info("That file is no longer where it was imported from; what Hearth "
                                  "read from it is still in your library.")
            return False
        return bool(self.opener(path))

    def selected_ids(self) -> list[int]:
        rows = {i.row() for i in self.table.selectedItems()}
        items = [self.table.item(r, 0) for r in sorted(rows)]
        return [int(i.data(Qt.ItemDataRole.UserRole)) for i in items if i is not None]

    def forget_selected(self, *, confirm: bool = True) -> Task | None:
        ids = self.selected_ids()
        if not ids:
            return None
        if confirm and QMessageBox.question(
                self, "Forget", f"Forget {len(ids)} source(s)? Their text and passages are "
                "deleted from the vault.") != QMessageBox.StandardButton.Yes:
            return None
        return self.session.runner.submit(
            IMPORT, lambda: [library.forget(self.session.require_vault(), i) for i in ids],
            name="forget").on(done=lambda _r: self.refresh(), error=self.banner.show_error)

    def _pick_export(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Export your library to a folder")
        if folder:
            self.export_to(Path(folder))

    def export_to(self, folder: Path) -> Task:
        return self.session.runner.submit(
            VAULT, lambda: library.export(self.session.require_vault(), folder),
            name="export").on(done=self._exported, error=self.banner.show_error)

    def _exported(self, s: Any) -> None:
        self.banner.show_info(
            f"Exported {s.notes} notes, {s.conversations} conversations, {s.memory} memories and "
            f"{s.sources} sources to {s.folder}. These files are not encrypted: keep them safe.")

    def clear_personal(self) -> None:
        self.cancel_import()
        self.poll.stop()
        self._watched = []
        self.status_label.setText("")
        self.status_label.setToolTip("")
        self.table.setRowCount(0)
        self.banner.clear()

