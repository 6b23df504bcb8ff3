"""The library's core calls, in one adapter the Library view uses.

Importing and forgetting go through the vault's shared
:class:`engine.retrieval.Retriever` (``retriever_for``), so the vector index
stays level with the vault exactly as it does for ``hearth add``/``forget``.
Export is ``vault.export.export_all``. Everything here runs on a worker
thread, never on the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vault import Vault

if TYPE_CHECKING:  # the importers are imported at first use, not at start-up
    from vault import sources as core


def import_paths(vault: Vault, paths: list[Path], *, progress: Callable[[Any], None] | None = None,
                 cancel: threading.Event | None = None) -> core.ImportReport:
    from engine.retrieval import retriever_for
    from vault.sources import ImportProgress

    def report(state: core.ImportProgress) -> None:
        if progress is not None:
            # A copy: the core reuses one object, and the GUI reads it later on its own thread.
            progress(ImportProgress(**vars(state)))

    return retriever_for(vault).ingest(paths, progress=report, cancel=cancel)


def list_sources(vault: Vault) -> list[core.SourceInfo]:
    from vault.sources import list_sources

    return list_sources(vault)


def forget(vault: Vault, source_id: int) -> list[core.Forgotten]:
    from engine.retrieval import retriever_for

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
