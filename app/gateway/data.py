"""Reading the user's data for the data endpoints, by data class.

Classes: ``notes`` (the notes table), ``documents`` (imported documents other
than calendars and contacts, plus notes), ``calendar`` and ``contacts``
(documents of those kinds). Each result carries a stable item id
(``note:12``, ``chunk:40``, ``doc:7``) for the audit log.
"""

from __future__ import annotations

import json
from typing import Any

from vault import Vault
from vault.fts import fts_query
from vault.notes import list_notes, search_notes

PERSONAL_KINDS = ("calendar", "contacts")


def notes(vault: Vault, *, limit: int, query: str | None = None) -> list[dict[str, Any]]:
    if query:
        return [{"id": f"note:{h.note.id}", "text": h.note.body, "created_at": h.note.created_at}
                for h in search_notes(vault, query, limit=limit)]
    return [{"id": f"note:{n.id}", "text": n.body, "created_at": n.created_at}
            for n in list_notes(vault, limit=limit)]


def search_chunks(vault: Vault, text: str, *, limit: int, kinds: tuple[str, ...] | None,
                  exclude: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    query = fts_query(text, require_all=False)
    if not query:
        return []
    sql = ("SELECT c.id, c.text, c.location, d.title, d.kind, bm25(chunks_fts) AS score "
           "FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid "
           "JOIN documents d ON d.id = c.document_id WHERE chunks_fts MATCH ?")
    params: list[Any] = [query]
    if kinds is not None:
        sql += f" AND d.kind IN ({','.join('?' * len(kinds))})"
        params += kinds
    if exclude:
        sql += f" AND d.kind NOT IN ({','.join('?' * len(exclude))})"
        params += exclude
    sql += " ORDER BY score LIMIT ?"
    params.append(limit)
    return [{"id": f"chunk:{r['id']}", "text": r["text"], "title": r["title"], "kind": r["kind"],
             "location": r["location"], "score": round(-float(r["score"]), 4)}
            for r in vault.query(sql, params)]


def search(vault: Vault, text: str, *, limit: int) -> list[dict[str, Any]]:
    """Documents (not calendars or contacts) and notes matching ``text``."""
    found = search_chunks(vault, text, limit=limit, kinds=None, exclude=PERSONAL_KINDS)
    found += [{"id": f"note:{h.note.id}", "text": h.note.body, "title": "", "kind": "note",
               "location": "", "score": round(h.score, 4)} for h in search_notes(vault, text, limit=limit)]
    found.sort(key=lambda h: -float(h["score"]))
    return found[:limit]


def documents_of_kind(vault: Vault, kind: str, *, limit: int) -> list[dict[str, Any]]:
    rows = vault.query("SELECT id, title, meta FROM documents WHERE kind = ? ORDER BY id LIMIT ?",
                       (kind, limit))
    out = []
    for r in rows:
        try:
            meta = json.loads(r["meta"])
        except ValueError:
            meta = {}
        text = " ".join(row["text"] for row in vault.query(
            "SELECT text FROM chunks WHERE document_id = ? ORDER BY seq LIMIT 8", (r["id"],)))
        out.append({"id": f"doc:{r['id']}", "title": r["title"], "text": text, "meta": meta})
    return out


def context_items(vault: Vault, question: str, *, classes: frozenset[str],
                  limit: int) -> list[dict[str, Any]]:
    """Items for personal context, only from ``classes``."""
    hits: list[dict[str, Any]] = []
    if "notes" in classes or "documents" in classes:
        hits += [{"id": f"note:{h.note.id}", "text": h.note.body, "score": h.score}
                 for h in search_notes(vault, question, limit=limit)]
    kinds: list[str] = []
    if "calendar" in classes:
        kinds.append("calendar")
    if "contacts" in classes:
        kinds.append("contacts")
    if "documents" in classes:
        hits += search_chunks(vault, question, limit=limit, kinds=None, exclude=PERSONAL_KINDS)
    if kinds:
        hits += search_chunks(vault, question, limit=limit, kinds=tuple(kinds))
    if not hits and question and "notes" in classes:
        # No word matched: the most recent notes still beat no context at all.
        hits = [{"id": f"note:{n.id}", "text": n.body, "score": 0.0} for n in list_notes(vault, limit=2)]
    hits.sort(key=lambda h: -float(h["score"]))
    return hits[:limit]
