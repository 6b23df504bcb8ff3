"""Reading the user's data for the data endpoints, confined to granted data classes.

Every read here takes the caller's data classes (``vault.kinds``: ``notes``,
``documents``, ``mail``, ``calendar``, ``contacts``) and turns them into an
**allowlist** of kinds with :func:`vault.kinds.kinds_of`; a kind that no class
lists is never returned, so a new importer's data stays private until it is
classified. Each result carries a stable item id (``note:12``, ``chunk:40``,
``doc:7``) for the audit log.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from vault import Vault
from vault.documents import documents_of_kinds
from vault.kinds import NOTE, document_kinds, kinds_of
from vault.notes import list_notes, search_notes


def notes(vault: Vault, *, limit: int, query: str | None = None) -> list[dict[str, Any]]:
    if query:
        return [{"id": f"note:{h.note.id}", "text": h.note.body, "created_at": h.note.created_at}
                for h in search_notes(vault, query, limit=limit)]
    return [{"id": f"note:{n.id}", "text": n.body, "created_at": n.created_at}
            for n in list_notes(vault, limit=limit)]


def search(vault: Vault, text: str, *, classes: Iterable[str], limit: int) -> list[dict[str, Any]]:
    """Hybrid search (the same retriever the assistant uses) inside ``classes`` only."""
    from engine.search.retrieval import retriever_for

    allowed = kinds_of(classes)
    if not allowed:
        return []
    retriever = retriever_for(vault)
    hits = retriever.search(text, limit=limit, kinds=allowed)
    # Each hit's best sentence for the query, verbatim (the same quoting answers use).
    best: dict[int, str] = {}
    if hits:
        from engine.answering.quotes import Passage, best_quotes

        passages = [Passage(h.text, n) for n, h in enumerate(hits[:8], start=1)]
        for q in best_quotes(text, passages, retriever.embedder, limit=len(passages) * 2):
            best.setdefault(q.n, q.text)
    return [{"id": f"{'note' if h.kind == NOTE else 'chunk'}:{h.id}", "text": h.text, "title": h.title,
             "kind": h.doc_kind, "location": h.location, "score": h.score, "quote": best.get(n, "")}
            for n, h in enumerate(hits, start=1)]


def documents_of_class(vault: Vault, data_class: str, *, limit: int) -> list[dict[str, Any]]:
    """Whole documents of one class (``calendar``: events; ``contacts``: cards), oldest first."""
    return [{"id": f"doc:{d.id}", "kind": d.kind, "title": d.title, "text": d.text, "meta": d.meta}
            for d in documents_of_kinds(vault, document_kinds([data_class]), limit=limit)]
