"""Streaming import of one large file: a batch of documents per transaction, resumable.

Contract (``vault.sources.import_paths`` calls :func:`stream_file` for files its
importer can stream, e.g. an mbox or a large text):

* Documents are stored in batches (:data:`BATCH_DOCS` documents or
  :data:`BATCH_BYTES` bytes of file, whichever comes first), each in **one**
  transaction, so text is keyword-searchable as each batch commits and memory does
  not grow with the file.
* The same transaction records, in ``import_progress``, the byte offset reached and
  the SHA-256 of the file's bytes before it. A killed import resumes at that offset
  when the file's prefix still hashes the same (no document lost, none stored
  twice); when it does not, the partial import is discarded and started over.
* Until the last batch commits the source's ``mtime`` is -1, so an unfinished import
  is never taken for an unchanged file. The last transaction records size, mtime and
  the whole file's SHA-256, and drops the progress row.
* A finished file that has only grown, its old bytes unchanged (new mail appended to
  an mbox), is imported from where it ended; any other change replaces its documents.
* A file refused part way (binary data further in) is removed again, and reported.
* From :data:`BESIDE_BYTES` on, on two cores or more, the file is parsed in a second process
  while this one stores (``vault.importers.worker``); what is stored, and when, is the same.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from vault.chunks import ChunkId, bump_generation
from vault.importers import ImportRefused, ParsedDocument, StreamingImporter
from vault.importers.worker import can_run_beside, documents_beside
from vault.source_rows import MAX_ORIGINAL_BYTES, FileResult, SourceId, append_documents, embed_text
from vault.store import Vault

BATCH_DOCS = 1000
BATCH_BYTES = 8 * 1024 * 1024
#: Files from this size on are parsed in a second process while this one stores (on two or
#: more cores; see ``vault.importers.worker``): starting it costs about a third of a second.
BESIDE_BYTES = 16 * 1024 * 1024
_HASH_READ = 4 * 1024 * 1024


class _PrefixHash:
    """SHA-256 of a file's first ``done`` bytes, advanced on demand (read back from the cache)."""

    def __init__(self, path: Path) -> None:
        self._handle = path.open("rb")
        self.hasher = hashlib.sha256()
        self.done = 0

    def advance(self, to: int) -> str:
        while self.done < to:
            piece = self._handle.read(min(_HASH_READ, to - self.done))
            if not piece:
                break
            self.hasher.update(piece)
            self.done += len(piece)
        return self.hasher.hexdigest()

    def close(self) -> None:
        self._handle.close()


def stream_file(vault: Vault, path: Path, *, shown: str, importer: StreamingImporter,
                embed: Callable[[list[str]], list[bytes]] | None, embed_model: str,
                cancel: threading.Event | None, on_commit: Callable[[Any], None],
                on_bytes: Callable[[int], None]) -> Any:
    """Import ``path`` as described in the module docstring; returns a ``FileResult``.

    ``on_commit`` sees a FileResult for each committed batch (its chunks and generation, for
    a vector index); ``on_bytes`` the bytes of the file read so far (for progress)."""
    uri = str(path)
    try:
        info = path.stat()
    except OSError as exc:
        return FileResult(shown, "skipped", f"cannot read it ({exc.strerror or exc})")
    old = vault.query_one("SELECT id, size, mtime, sha256 FROM sources WHERE uri = ?", (uri,))
    progress = None if old is None else vault.query_one(
        "SELECT position, checked, prefix_sha256 FROM import_progress WHERE source_id = ?", (old["id"],))
    prefix = _PrefixHash(path)
    try:
        start, status = 0, "added"
        if old is not None:
            status = "updated"
            if progress is not None:
                if prefix.advance(int(progress["checked"])) == progress["prefix_sha256"]:
                    start, status = int(progress["position"]), "resumed"
            elif old["size"] == info.st_size and old["mtime"] == info.st_mtime:
                return FileResult(shown, "unchanged", source_id=SourceId(old["id"]))
            elif info.st_size >= old["size"] and prefix.advance(int(old["size"])) == old["sha256"]:
                if info.st_size == old["size"]:
                    vault.execute("UPDATE sources SET mtime = ? WHERE id = ?", (info.st_mtime, old["id"]))
                    return FileResult(shown, "unchanged", source_id=SourceId(old["id"]))
                start = int(old["size"])  # only appended to: read the new part
            if start == 0:
                prefix.close()
                prefix = _PrefixHash(path)
                on_commit(_clear(vault, SourceId(old["id"]), shown))
        return _run(vault, path, shown=shown, importer=importer, info=info, start=start,
                    status=status, prefix=prefix, embed=embed, embed_model=embed_model,
                    cancel=cancel, on_commit=on_commit, on_bytes=on_bytes)
    finally:
        prefix.close()


def _run(vault: Vault, path: Path, *, shown: str, importer: StreamingImporter, info: os.stat_result,
         start: int, status: str, prefix: _PrefixHash,
         embed: Callable[[list[str]], list[bytes]] | None, embed_model: str,
         cancel: threading.Event | None, on_commit: Callable[[Any], None],
         on_bytes: Callable[[int], None]) -> Any:
    uri = str(path)
    row = vault.query_one("SELECT id FROM sources WHERE uri = ?", (uri,))
    source_id = SourceId(row["id"]) if row is not None else None
    batch: list[ParsedDocument] = []
    position = batch_from = start
    total_chunks = 0
    on_bytes(start)

    def commit() -> None:
        nonlocal source_id, batch_from, total_chunks
        digest = prefix.advance(position)
        vectors: dict[str, list[bytes]] = {}
        if embed is not None and batch:
            texts = [embed_text(d, i) for d in batch for i in range(len(d.chunks))]
            flat, at = embed(texts), 0
            for d in batch:
                vectors[d.sha256] = flat[at:at + len(d.chunks)]
                at += len(d.chunks)
        result = FileResult(shown, "added")
        now = time.time()
        with vault.transaction() as conn:
            if source_id is None:
                source_id = SourceId(int(conn.execute(
                    "INSERT INTO sources(uri, kind, title, size, mtime, sha256, meta, added_at, "
                    "updated_at) VALUES (?, ?, ?, ?, -1, '', '{}', ?, ?)",
                    (uri, importer.kind, path.stem, info.st_size, now, now)).lastrowid))
            result.source_id = source_id
            seq = int(conn.execute("SELECT coalesce(max(seq), -1) + 1 FROM documents WHERE source_id = ?",
                                   (source_id,)).fetchone()[0])
            append_documents(conn, result, batch, seq, vectors, embed_model)
            conn.execute(
                "INSERT INTO import_progress(source_id, position, checked, prefix_sha256, documents, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(source_id) DO UPDATE SET "
                "position = excluded.position, checked = excluded.checked, "
                "prefix_sha256 = excluded.prefix_sha256, documents = documents + excluded.documents, "
                "updated_at = excluded.updated_at",
                (source_id, position, position, digest, len(batch), now))
            result.generation = bump_generation(conn)
        total_chunks += sum(len(d.chunks) for d in batch)
        result.chunks = sum(len(d.chunks) for d in batch)
        batch.clear()
        batch_from = position
        on_commit(result)

    pieces = (documents_beside(importer, path, start=start) if _beside(importer, info.st_size - start)
              else importer.stream(path, start=start))
    try:
        for end, doc in pieces:
            position = end
            if doc is not None:
                batch.append(doc)
            if len(batch) >= BATCH_DOCS or position - batch_from >= BATCH_BYTES:
                commit()
                on_bytes(position)
                if cancel is not None and cancel.is_set():
                    return FileResult(
                        shown, "partial", f"stopped at {100 * position // max(info.st_size, 1)}%; "
                        "add it again to go on from there", source_id=source_id, chunks=total_chunks)
        commit()
    except ImportRefused as exc:
        if source_id is not None:
            on_commit(_clear(vault, source_id, shown, drop=True))
        return FileResult(shown, "skipped", str(exc))
    except OSError as exc:
        return FileResult(shown, "partial", f"reading stopped ({exc.strerror or exc}); "
                              "add it again to go on", source_id=source_id, chunks=total_chunks)
    finally:
        close = getattr(pieces, "close", None)
        if close is not None:
            close()  # a child parsing beside ends here, whatever stopped the import
    on_bytes(position)
    digest = prefix.advance(info.st_size)
    with vault.transaction() as conn:
        documents = int(conn.execute("SELECT count(*) FROM documents WHERE source_id = ?",
                                     (source_id,)).fetchone()[0])
        if documents == 0:
            conn.execute("DELETE FROM sources WHERE id = ?", (source_id,))
            bump_generation(conn)
            return FileResult(shown, "skipped", f"{path.name} has no text")
        chunks = int(conn.execute("SELECT count(*) FROM chunks c JOIN documents d ON d.id = c.document_id "
                                  "WHERE d.source_id = ?", (source_id,)).fetchone()[0])
        original = _original(path, digest) if info.st_size <= MAX_ORIGINAL_BYTES else None
        conn.execute("UPDATE sources SET size = ?, mtime = ?, sha256 = ?, original = ?, meta = ?, "
                     "updated_at = ? WHERE id = ?",
                     (info.st_size, info.st_mtime, digest, original,
                      json.dumps({"documents": documents, "chunks": chunks, "streamed": True}),
                      time.time(), source_id))
        conn.execute("DELETE FROM import_progress WHERE source_id = ?", (source_id,))
    final = "updated" if status == "updated" else "added"  # a resumed first import is an add
    return FileResult(shown, final, source_id=source_id, chunks=total_chunks)  # type: ignore[arg-type]


def _beside(importer: StreamingImporter, size: int) -> bool:
    """Whether to parse ``size`` bytes in a second process (a large file, two cores or more)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return size >= BESIDE_BYTES and cores >= 2 and can_run_beside(importer)


def _original(path: Path, digest: str) -> bytes | None:
    """The file's bytes for export, if they are still the bytes that were imported."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == digest else None


def _clear(vault: Vault, source_id: Any, shown: str, *, drop: bool = False) -> Any:
    """Delete a source's documents (and with ``drop`` the source itself) for a fresh start."""
    result = FileResult(shown, "skipped", source_id=source_id)
    with vault.transaction() as conn:
        result.removed = [ChunkId(r[0]) for r in conn.execute(
            "SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id WHERE d.source_id = ?",
            (source_id,))]
        conn.execute("DELETE FROM chunks WHERE document_id IN "
                     "(SELECT id FROM documents WHERE source_id = ?)", (source_id,))
        conn.execute("DELETE FROM documents WHERE source_id = ?", (source_id,))
        conn.execute("DELETE FROM import_progress WHERE source_id = ?", (source_id,))
        conn.execute("UPDATE sources SET mtime = -1, sha256 = '' WHERE id = ?", (source_id,))
        if drop:
            conn.execute("DELETE FROM sources WHERE id = ?", (source_id,))
        result.generation = bump_generation(conn)
    return result
