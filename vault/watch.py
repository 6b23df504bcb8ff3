"""Watched folders: the folders a person keeps in sync with the vault.

The list lives in the vault (``watched_folders``). :func:`vanished_sources` names the
imported files under a folder that are gone from disk, and :func:`relink_moved`
re-points such a source at a new file with the same content (a file moved or
renamed keeps its passages and vectors instead of being forgotten and imported
again). The import itself is ``vault.sources.import_paths`` (new and changed files:
size and mtime, then SHA-256); live file notifications and the periodic rescan are
``engine.search.watcher``.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

from vault.importers import importer_for
from vault.store import Vault


@dataclass(frozen=True)
class WatchedFolder:
    path: str
    added_at: float
    scanned_at: float


def watch_folder(vault: Vault, folder: Path) -> WatchedFolder:
    path = str(folder.expanduser().resolve())
    vault.execute("INSERT INTO watched_folders(path, added_at) VALUES (?, ?) ON CONFLICT(path) DO NOTHING",
                  (path, time.time()))
    return next(w for w in watched_folders(vault) if w.path == path)


def unwatch_folder(vault: Vault, folder: Path | str) -> bool:
    """Stop keeping ``folder`` in sync (what was imported stays); False if it was not watched."""
    path = str(Path(folder).expanduser().resolve())
    with vault.transaction() as conn:
        return bool(conn.execute("DELETE FROM watched_folders WHERE path = ? OR path = ?",
                                 (path, str(folder))).rowcount)


def watched_folders(vault: Vault) -> list[WatchedFolder]:
    return [WatchedFolder(r["path"], float(r["added_at"]), float(r["scanned_at"]))
            for r in vault.query("SELECT path, added_at, scanned_at FROM watched_folders ORDER BY path")]


def mark_scanned(vault: Vault, folder: str) -> None:
    vault.execute("UPDATE watched_folders SET scanned_at = ? WHERE path = ?", (time.time(), folder))


def vanished_sources(vault: Vault, folder: str) -> list[tuple[int, str]]:
    """(source id, path) of imported files under ``folder`` that no longer exist."""
    prefix = folder.rstrip(os.sep) + os.sep
    rows = vault.query("SELECT id, uri FROM sources WHERE substr(uri, 1, ?) = ?", (len(prefix), prefix))
    return [(int(r["id"]), r["uri"]) for r in rows if not os.path.lexists(r["uri"])]


def relink_moved(vault: Vault, folder: str, vanished: list[tuple[int, str]]) -> list[tuple[str, str]]:
    """Point vanished sources at files under ``folder`` not imported yet with the same bytes.

    Returns (old path, new path) for each move found; only files of the same size are hashed."""
    if not vanished:
        return []
    known = {r["uri"] for r in vault.query("SELECT uri FROM sources")}
    by_size: dict[int, list[tuple[int, str, str]]] = {}
    for source_id, uri in vanished:
        row = vault.query_one("SELECT size, sha256 FROM sources WHERE id = ?", (source_id,))
        if row is not None and row["sha256"]:
            by_size.setdefault(int(row["size"]), []).append((source_id, uri, row["sha256"]))
    moves: list[tuple[str, str]] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            path = os.path.join(dirpath, name)
            if name.startswith(".") or path in known or importer_for(Path(path)) is None:
                continue
            try:
                info = os.stat(path)
            except OSError:
                continue
            candidates = by_size.get(info.st_size)
            if not candidates:
                continue
            digest = _sha256(path)
            for entry in candidates:
                if entry[2] == digest:
                    candidates.remove(entry)
                    vault.execute("UPDATE sources SET uri = ?, mtime = ?, title = CASE WHEN title = ? "
                                  "THEN ? ELSE title END WHERE id = ?",
                                  (path, info.st_mtime, Path(entry[1]).stem, Path(path).stem, entry[0]))
                    moves.append((entry[1], path))
                    break
    return moves


def _sha256(path: str) -> str:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while piece := handle.read(4 * 1024 * 1024):
                h.update(piece)
    except OSError:
        return ""
    return h.hexdigest()


def move_sources(vault: Vault, old: str, new: str) -> int:
    """Re-point the source at ``old`` (a file, or every file under a folder) at ``new``,
    keeping its passages and vectors; returns how many sources moved."""
    old_prefix, new_prefix = old.rstrip(os.sep) + os.sep, new.rstrip(os.sep) + os.sep
    with vault.transaction() as conn:
        rows = conn.execute("SELECT id, uri, title FROM sources WHERE uri = ? OR substr(uri, 1, ?) = ?",
                            (old, len(old_prefix), old_prefix)).fetchall()
        for row in rows:
            uri = new if row["uri"] == old else new_prefix + row["uri"][len(old_prefix):]
            if conn.execute("SELECT 1 FROM sources WHERE uri = ?", (uri,)).fetchone() is not None:
                continue  # already imported there: the old one is forgotten as vanished
            title = Path(uri).stem if row["title"] == Path(row["uri"]).stem else row["title"]
            conn.execute("UPDATE sources SET uri = ?, title = ? WHERE id = ?", (uri, title, row["id"]))
    return len(rows)
