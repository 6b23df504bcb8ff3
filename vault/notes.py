"""Notes: short texts the user writes, searchable with FTS5."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import NewType

from vault.errors import InvalidInput
from vault.fts import fts_query
from vault.store import Vault

NoteId = NewType("NoteId", int)


@dataclass(frozen=True)
class Note:
    id: NoteId
    body: str
    created_at: float
    updated_at: float


@dataclass(frozen=True)
class NoteHit:
    note: Note
    snippet: str
    score: float


def add_note(vault: Vault, body: str) -> NoteId:
    body = body.strip()
    if not body:
        raise InvalidInput("a note needs some text")
    now = time.time()
    return NoteId(vault.execute(
        "INSERT INTO notes(body, created_at, updated_at) VALUES (?, ?, ?)", (body, now, now)))


def get_note(vault: Vault, note_id: int) -> Note | None:
    row = vault.query_one("SELECT id, body, created_at, updated_at FROM notes WHERE id = ?",
                          (note_id,))
    return _note(row) if row else None


def list_notes(vault: Vault, *, limit: int = 100, offset: int = 0) -> list[Note]:
    rows = vault.query("SELECT id, body, created_at, updated_at FROM notes "
                       "ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?", (limit, offset))
    return [_note(r) for r in rows]


def delete_note(vault: Vault, note_id: int) -> bool:
    with vault.transaction() as conn:
        return bool(conn.execute("DELETE FROM notes WHERE id = ?", (note_id,)).rowcount > 0)


def search_notes(vault: Vault, text: str, *, limit: int = 20) -> list[NoteHit]:
    """BM25-ranked notes matching every word of ``text`` (prefixes allowed)."""
    query = fts_query(text, require_all=True)
    if not query:
        return []
    rows = vault.query(
        "SELECT n.id, n.body, n.created_at, n.updated_at, "
        "snippet(notes_fts, 0, '[', ']', '…', 12) AS snip, bm25(notes_fts) AS score "
        "FROM notes_fts JOIN notes n ON n.id = notes_fts.rowid "
        "WHERE notes_fts MATCH ? ORDER BY score LIMIT ?", (query, limit))
    return [NoteHit(_note(r), r["snip"], -float(r["score"])) for r in rows]


def _note(row: object) -> Note:
    r = row  # sqlcipher Row, indexable by name
    return Note(NoteId(int(r["id"])), r["body"], float(r["created_at"]), float(r["updated_at"]))  # type: ignore[index]
