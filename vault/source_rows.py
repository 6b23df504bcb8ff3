"""What one file's import writes: its result, and the document and passage rows it adds.

Shared by whole-file imports (``vault.sources``) and streamed ones (``vault.streaming``), which
both sit above this module: :class:`FileResult` is what an import reports for one file,
:func:`insert_documents` / :func:`append_documents` write documents and their chunks (with
vectors when the caller embedded them), and chunk ids are never reused (the high-water mark).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, NewType

from vault.chunks import ChunkId, embedding_input
from vault.fts import indexed_in_bulk
from vault.importers import ParsedDocument

SourceId = NewType("SourceId", int)

#: Originals up to this size are kept in the vault so that export can give them back.
MAX_ORIGINAL_BYTES = 20 * 1024 * 1024
HIGH_WATER_KEY = "chunks.high_water"

Status = Literal["added", "updated", "unchanged", "skipped", "partial"]


@dataclass
class FileResult:
    path: str
    status: Status
    reason: str = ""
    source_id: SourceId | None = None
    #: Chunks written by this import with their vectors (for the caller's vector index).
    added: list[tuple[ChunkId, bytes]] = field(default_factory=list)
    removed: list[ChunkId] = field(default_factory=list)
    generation: int = 0
    #: Passages stored (for a streamed file, ``added`` stays empty: vectors went to ``on_commit``).
    chunks: int = 0


def embed_text(doc: ParsedDocument, index: int) -> str:
    """What the embedding model sees for chunk ``index`` of ``doc`` when it is imported."""
    chunk = doc.chunks[index]
    return embedding_input(doc.title, chunk.location, chunk.text)


def append_documents(conn: Any, result: FileResult, documents: Sequence[ParsedDocument], first_seq: int,
                     vectors: dict[str, list[bytes]], embed_model: str) -> None:
    """Add ``documents`` to ``result.source_id`` at seq ``first_seq`` on (a streamed batch)."""
    insert_documents(conn, result, list(enumerate(documents, start=first_seq)), vectors, embed_model)


def insert_documents(conn: Any, result: FileResult, new: Sequence[tuple[int, ParsedDocument]],
                     vectors: dict[str, list[bytes]], embed_model: str) -> None:
    """Write ``new`` (seq, document) pairs and their chunks under ``result.source_id``, in the
    caller's transaction: one statement each for the documents, the chunks and their keyword
    index, with the ids given here (a streamed mailbox stores a million small messages: a
    statement per message, and the index's trigger a row at a time, cost half the time)."""
    if not new:
        return
    doc_id = _next_document_id(conn)
    chunk_id = first_chunk = _next_chunk_id(conn)
    doc_rows: list[tuple[Any, ...]] = []
    chunk_rows: list[tuple[Any, ...]] = []
    for seq, doc in new:
        doc_rows.append((doc_id, result.source_id, seq, doc.kind, doc.title, doc.sha256, doc.meta_json))
        doc_vectors = vectors.get(doc.sha256, [])
        for i, chunk in enumerate(doc.chunks):
            vector = doc_vectors[i] if i < len(doc_vectors) else None
            chunk_rows.append((chunk_id, doc_id, i, chunk.text, chunk.location, vector,
                               embed_model if vector is not None else ""))
            if vector is not None:
                result.added.append((ChunkId(chunk_id), vector))
            chunk_id += 1
        doc_id += 1
    conn.executemany("INSERT INTO documents(id, source_id, seq, kind, title, sha256, meta) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)", doc_rows)
    with indexed_in_bulk():
        conn.executemany("INSERT INTO chunks(id, document_id, seq, text, location, embedding, "
                         "embed_model) VALUES (?, ?, ?, ?, ?, ?, ?)", chunk_rows)
    conn.execute("INSERT INTO chunks_fts(rowid, text) SELECT id, hearth_search_text(text) FROM chunks "
                 "WHERE id >= ? AND id < ?", (first_chunk, chunk_id))
    conn.execute("INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE "
                 "SET value = excluded.value", (HIGH_WATER_KEY, str(chunk_id - 1)))


def _next_document_id(conn: Any) -> int:
    return int(conn.execute("SELECT coalesce(max(id), 0) + 1 FROM documents").fetchone()[0])


def _next_chunk_id(conn: Any) -> int:
    """Chunk ids are never reused (SQLite would reuse the top ones after a forget): a vector
    index that missed a forget must not mistake a new chunk for the forgotten one."""
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (HIGH_WATER_KEY,)).fetchone()
    high = int(row[0]) if row is not None else 0
    top = conn.execute("SELECT max(id) FROM chunks").fetchone()[0] or 0
    return max(high, int(top)) + 1
