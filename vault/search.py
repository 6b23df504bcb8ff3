"""What retrieval reads from the vault: BM25 rankings and the passages behind them, as typed values.

``engine.search.retrieval`` decides what to search for and how to fuse the rankings; the SQL over
``chunks_fts``, ``notes_fts`` and the tables behind them lives here, with the tables it reads.
Every function takes an FTS5 query already made safe (each word quoted: see
``engine.search.retrieval.plan_fts``), and returns ids or records, never rows. A query over
``chunks_fts`` is put in the index's search form here (``vault.fts.search_query``: folded
compatibility characters, CJK words as the phrase of their characters).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from vault.fts import search_query
from vault.store import Vault


@dataclass(frozen=True)
class Passage:
    """One imported chunk with the document and source it belongs to."""

    id: int
    text: str
    location: str
    doc_kind: str
    doc_title: str
    source_id: int
    uri: str
    source_title: str


def ranked_chunk_ids(vault: Vault, fts_query: str, *, limit: int) -> list[int]:
    """Chunk ids matching ``fts_query``, best BM25 first."""
    return [int(r[0]) for r in vault.query(
        "SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY rank LIMIT ?",
        (search_query(fts_query), limit))]


def ranked_note_ids(vault: Vault, fts_query: str, *, limit: int) -> list[int]:
    """Note ids matching ``fts_query``, best BM25 first."""
    return [int(r[0]) for r in vault.query(
        "SELECT rowid FROM notes_fts WHERE notes_fts MATCH ? ORDER BY rank LIMIT ?", (fts_query, limit))]


def chunk_matches(vault: Vault, fts_query: str, *, up_to: int) -> int:
    """How many chunks match ``fts_query``, counted only up to ``up_to`` (FTS5 keeps no document
    frequencies, and counting a common word's whole doclist costs as much as ranking it)."""
    row = vault.query_one("SELECT count(*) FROM (SELECT rowid FROM chunks_fts WHERE chunks_fts "
                          "MATCH ? LIMIT ?)", (search_query(fts_query), up_to))
    return int(row[0]) if row is not None else 0


def passages(vault: Vault, chunk_ids: Sequence[int]) -> dict[int, Passage]:
    """The chunks among ``chunk_ids`` that still exist, by id."""
    if not chunk_ids:
        return {}
    marks = ",".join("?" * len(chunk_ids))
    out: dict[int, Passage] = {}
    for r in vault.query(
            "SELECT c.id, c.text, c.location, d.kind AS doc_kind, d.title AS doc_title, "
            "s.id AS source_id, s.uri, s.title AS source_title "
            "FROM chunks c JOIN documents d ON d.id = c.document_id "
            f"JOIN sources s ON s.id = d.source_id WHERE c.id IN ({marks})", tuple(chunk_ids)):
        out[int(r["id"])] = Passage(int(r["id"]), r["text"], r["location"] or "", r["doc_kind"],
                                    r["doc_title"] or "", int(r["source_id"]), r["uri"] or "",
                                    r["source_title"] or "")
    return out


def note_bodies(vault: Vault, note_ids: Sequence[int]) -> dict[int, str]:
    """The bodies of the notes among ``note_ids`` that still exist, by id."""
    if not note_ids:
        return {}
    marks = ",".join("?" * len(note_ids))
    return {int(r["id"]): r["body"] for r in vault.query(
        f"SELECT id, body FROM notes WHERE id IN ({marks})", tuple(note_ids))}


__all__ = ["Passage", "chunk_matches", "note_bodies", "passages", "ranked_chunk_ids", "ranked_note_ids"]
