"""Chunks as a vector index reads them: their vectors, those missing one, the generation counter.

``vault.sources`` writes chunks when it imports a file; this module is the other side.
Vectors live in ``chunks.embedding`` (float32 bytes, with the name of the model that made
them): the source of truth any vector index is rebuilt from. Every change to the set of
chunks or their vectors bumps :func:`chunk_generation` in the same transaction
(:func:`bump_generation`), so an index can tell whether it is current.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NewType

from vault.store import Vault

ChunkId = NewType("ChunkId", int)

GENERATION_KEY = "chunks.generation"


def bump_generation(conn: Any) -> int:
    """Bump the chunk generation inside the caller's transaction; returns the new value."""
    conn.execute("INSERT INTO settings(key, value) VALUES (?, '1') ON CONFLICT(key) DO UPDATE "
                 "SET value = CAST(value AS INTEGER) + 1", (GENERATION_KEY,))
    return int(conn.execute("SELECT value FROM settings WHERE key = ?", (GENERATION_KEY,)).fetchone()[0])


def embedding_input(title: str, location: str, text: str) -> str:
    """What the embedding model sees for a chunk: its title and location give it context."""
    head = " — ".join(p for p in (title, location) if p and p not in text[:200])
    return f"{head}\n{text}" if head else text


def chunk_generation(vault: Vault) -> int:
    """A counter bumped by every change to the set of chunks (import, forget, re-embed)."""
    row = vault.query_one("SELECT value FROM settings WHERE key = ?", (GENERATION_KEY,))
    return int(row[0]) if row is not None else 0


def embedded_chunk_ids(vault: Vault, *, model: str) -> set[int]:
    return {int(r[0]) for r in vault.query(
        "SELECT id FROM chunks WHERE embedding IS NOT NULL AND embed_model = ?", (model,))}


def chunk_vectors(vault: Vault, ids: Sequence[int], *, model: str) -> list[tuple[ChunkId, bytes]]:
    out: list[tuple[ChunkId, bytes]] = []
    for start in range(0, len(ids), 500):
        part = list(ids[start:start + 500])
        marks = ",".join("?" * len(part))
        out.extend((ChunkId(r[0]), bytes(r[1])) for r in vault.query(
            f"SELECT id, embedding FROM chunks WHERE id IN ({marks}) AND embedding IS NOT NULL "
            "AND embed_model = ?", (*part, model)))
    return out


def chunks_missing_embedding(vault: Vault, *, model: str, limit: int = 256,
                             after: int = 0) -> list[tuple[ChunkId, str]]:
    """Chunks with no vector from ``model`` (after a model change or an import without one),
    in id order from ``after`` on: pass the last id seen to walk them all in O(n)."""
    rows = vault.query(
        "SELECT c.id, c.text, c.location, d.title FROM chunks c JOIN documents d ON d.id = c.document_id "
        "WHERE c.id > ? AND (c.embedding IS NULL OR c.embed_model != ?) ORDER BY c.id LIMIT ?",
        (after, model, limit))
    return [(ChunkId(r["id"]), embedding_input(r["title"], r["location"], r["text"])) for r in rows]


def store_embeddings(vault: Vault, vectors: Sequence[tuple[int, bytes]], *, model: str) -> int:
    with vault.transaction() as conn:
        conn.executemany("UPDATE chunks SET embedding = ?, embed_model = ? WHERE id = ?",
                         [(v, model, i) for i, v in vectors])
        return bump_generation(conn)


def existing_chunk_ids(vault: Vault, ids: Sequence[int]) -> set[int]:
    """Which of ``ids`` are chunks still (a forget may have raced an embedding)."""
    found: set[int] = set()
    for start in range(0, len(ids), 500):
        part = list(ids[start:start + 500])
        marks = ",".join("?" * len(part))
        found |= {int(r[0]) for r in vault.query(f"SELECT id FROM chunks WHERE id IN ({marks})", part)}
    return found


def count_missing_embedding(vault: Vault, *, model: str, other_models: bool = True) -> int:
    """How many chunks still need a vector from ``model``. Those with no vector at all are
    counted from a partial index (cheap); ``other_models`` adds those embedded by another
    model, which reads every chunk."""
    row = vault.query_one("SELECT count(*) FROM chunks WHERE embedding IS NULL")
    missing = int(row[0])
    if other_models:
        missing += int(vault.query_one("SELECT count(*) FROM chunks WHERE embedding IS NOT NULL "
                                       "AND embed_model != ?", (model,))[0])
    return missing


def has_searchable_data(vault: Vault) -> bool:
    """Whether the vault holds any imported passage or note (else there is nothing to search)."""
    row = vault.query_one("SELECT EXISTS(SELECT 1 FROM chunks) OR EXISTS(SELECT 1 FROM notes)")
    return bool(row[0])
