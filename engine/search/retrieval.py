"""Hybrid search over the vault, and the context an answer is built from.

:class:`Retriever` composes the vault's chunks (``vault.sources``), the
embedding model (``engine.search.embeddings``) and the vector index
(``engine.search.index``):

* :meth:`Retriever.ingest` imports files, embedding their new chunks (or, with
  ``embed_now=False``, leaving that to an ``engine.search.embedding_worker.EmbeddingWorker``
  so that text is searchable at once), and keeps the index level with each commit;
  :meth:`Retriever.forget` removes a source from the vault and the index together.
* :meth:`Retriever.search` fuses three ranked lists with reciprocal rank fusion
  (RRF, k=60): FTS5 BM25 over ``chunks_fts`` (for the query's rarer words; see
  :func:`plan_fts`), nearest vectors from the index (cosine distance ≤ 0.8), and
  BM25 over ``notes_fts`` (notes are searchable alongside documents).
* :func:`build_context` packs the best hits into a character budget for the
  model's prompt, each labelled with the source it came from.

A Retriever holds an open index (a RAM copy of the vectors): close it (or lock
the vault, which closes it) to seal it. :func:`retriever_for` keeps one per
open vault for callers that answer many questions.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from engine.search.embeddings import Embedder, blob_embedder, default_embedder
from engine.search.index import VectorIndex
from engine.text import STOP_WORDS, WORD, spelled_out
from vault.kinds import NOTE
from vault.search import chunk_matches, note_bodies, passages, ranked_chunk_ids, ranked_note_ids
from vault.sources import (
    FileResult,
    Forgotten,
    ImportProgress,
    ImportReport,
    existing_chunk_ids,
    forget,
    import_paths,
    resolve_sources,
    store_embeddings,
)
from vault.store import Vault

RRF_K = 60
DEPTH = 40
#: Vector neighbours further than this (cosine distance; similarity below 0.2) are noise, not hits.
MAX_DISTANCE = 0.8
#: How many FTS matches one query may rank (see plan_fts): a few ms of BM25 on a small CPU.
FTS_ROW_BUDGET = 1500

_STOP = STOP_WORDS
_WORD = WORD


@dataclass(frozen=True)
class Hit:
    """One search result: a chunk of an imported file, or a note."""

    kind: str  # "chunk" or "note"
    id: int  # chunk id or note id
    score: float
    text: str
    snippet: str
    source_id: int | None = None
    path: str = ""
    title: str = ""
    location: str = ""
    #: The document's kind (``vault.kinds``: "markdown", "email", "event"…; "note" for a note).
    doc_kind: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def query_words(text: str) -> list[str]:
    """The meaningful words of ``text``: lower case, no stop words, no repeats, at most 24; then
    each one's abbreviation or the word it abbreviates ("doctor" also finds "Dr.")."""
    words: list[str] = []
    for word in (w.lower() for w in _WORD.findall(text)):
        if word in _STOP or word in words or len(word) < 2:
            continue
        words.append(word)
    words = words[:24]
    return words + list(dict.fromkeys(x for w in words for x in spelled_out(w) if x not in words))


def _term(word: str) -> str:
    # Prefixes only for words long enough to mean something ("meeting" finds "meetings"), and
    # from the singular ("lessons" finds "Lesson") or the stem of a past tense; not from a shorter
    # stem, which would let "booking" find every "book".
    if len(word) < 4:
        return f'"{word}"'
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    elif len(word) > 6 and word.endswith("ed") and not word.endswith("eed"):
        word = word[:-2]  # "reserved" finds "Reservations", "delivered" finds "delivery"
    return f'"{word}"*'


def fts_terms(text: str) -> str:
    """An FTS5 OR-query of the meaningful words of ``text``, each quoted (never FTS syntax)."""
    return " OR ".join(_term(w) for w in query_words(text))


def plan_fts(words: Sequence[str], doc_freq: Callable[[str], int], *,
             budget: int = FTS_ROW_BUDGET) -> str:
    """The FTS5 query worth running for ``words`` ("" for none).

    BM25 costs a little for every matching row, and FTS5 reads every posting of every term it
    matches: a 100k-chunk vault cannot afford that for words found in thousands of chunks.
    So: OR the rarest words whose matches together fit ``budget``; words more common than that
    weigh almost nothing in BM25 and are left to the vector search, which understands them
    better anyway. ``doc_freq`` may stop counting past ``budget``."""
    freq = {w: doc_freq(w) for w in words}
    kept: list[str] = []
    spent = 0
    for word in sorted((w for w in words if freq[w] > 0), key=lambda w: freq[w]):
        if spent + freq[word] > budget:
            break
        kept.append(word)
        spent += freq[word]
    return " OR ".join(_term(w) for w in kept)


class Retriever:
    """Search and ingest over one open vault; see the module docstring."""

    def __init__(self, vault: Vault, *, embedder: Embedder, index: VectorIndex) -> None:
        self.vault = vault
        self.embedder = embedder
        self.index = index
        self._lock = threading.Lock()

    @classmethod
    def open(cls, vault: Vault, *, embedder: Embedder | None = None,
             index_mode: str | None = None) -> Retriever:
        embedder = embedder or default_embedder()
        index = VectorIndex.open(vault, model_id=embedder.model_id, dim=embedder.dim, mode=index_mode)
        return cls(vault, embedder=embedder, index=index)

    def close(self) -> None:
        self.index.close()

    def __enter__(self) -> Retriever:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- changing what is indexed ----------------------------------------------------------------

    def ingest(self, paths: Iterable[Path | str], *,
               progress: Callable[[ImportProgress], None] | None = None,
               cancel: threading.Event | None = None,
               on_result: Callable[[FileResult], None] | None = None,
               on_commit: Callable[[FileResult], None] | None = None,
               embed_now: bool = True, stream_bytes: int | None = None) -> ImportReport:
        """Import ``paths``; with ``embed_now=False`` chunks are stored without vectors (an
        EmbeddingWorker adds them) and ``on_commit`` is the moment to wake it."""
        def applied(result: FileResult) -> None:
            if result.generation:
                self.index.remove(result.removed)
                self.index.add(result.added)
                self.index.note_change(result.generation)
            if on_commit is not None:
                on_commit(result)

        options = {} if stream_bytes is None else {"stream_bytes": stream_bytes}
        return import_paths(self.vault, paths,
                            embed=blob_embedder(self.embedder) if embed_now else None,
                            embed_model=self.embedder.model_id, progress=progress, cancel=cancel,
                            on_result=on_result, on_commit=applied, **options)

    def apply_embeddings(self, pairs: Sequence[tuple[int, bytes]]) -> None:
        """Store vectors for existing chunks in the vault and the index together."""
        if not pairs:
            return
        generation = store_embeddings(self.vault, pairs, model=self.embedder.model_id)
        # A chunk forgotten while its vector was being made must not come back to the index.
        alive = existing_chunk_ids(self.vault, [i for i, _ in pairs])
        self.index.add([(i, v) for i, v in pairs if i in alive])
        self.index.note_change(generation)

    def forget(self, ref: str) -> list[Forgotten]:
        """Forget every source ``ref`` names (id, file or folder), in the vault and the index."""
        done: list[Forgotten] = []
        for source_id, _, _ in resolve_sources(self.vault, ref):
            gone = forget(self.vault, source_id)
            self.index.remove(gone.removed)
            self.index.note_change(gone.generation)
            done.append(gone)
        return done

    # -- search ------------------------------------------------------------------------------------

    def search(self, query: str, *, limit: int = 10, notes: bool = True,
               kinds: frozenset[str] | None = None) -> list[Hit]:
        """The best ``limit`` hits for ``query``.

        ``kinds`` is an allowlist (``vault.kinds``): only chunks of documents of those kinds, and
        notes only if it holds ``"note"``. None means everything (the person's own search)."""
        vector = self.embedder.embed([query])[0] if query.strip() else None
        return self.search_with_vector(query, vector, limit=limit, notes=notes, kinds=kinds)

    def search_with_vector(self, query: str, vector: Any, *, limit: int = 10,
                           notes: bool = True, kinds: frozenset[str] | None = None) -> list[Hit]:
        """Hybrid search given the query's vector (the benchmark times this part alone)."""
        if kinds is not None:
            notes = notes and NOTE in kinds
        lists = keyword_lists(self.vault, query, notes=notes)
        if vector is not None and self.index.is_open:
            # Over-fetch when confined: the index knows ids, not kinds.
            depth = DEPTH if kinds is None else DEPTH * 3
            lists.append(("chunk", [cid for cid, dist in self.index.query(vector, k=depth)
                                    if dist <= MAX_DISTANCE]))
        fused = fuse(lists, limit=limit if kinds is None else DEPTH * 4)
        return load_hits(self.vault, fused, query, kinds=kinds)[:limit]


def keyword_search(vault: Vault, query: str, *, limit: int = 10) -> list[Hit]:
    """BM25 alone, for a vault with no imported files (no model or index needed)."""
    return load_hits(vault, fuse(keyword_lists(vault, query, notes=True), limit=limit), query)


def fuse(lists: Sequence[tuple[str, Sequence[int]]], *, limit: int) -> list[tuple[tuple[str, int], float]]:
    """Reciprocal rank fusion of ranked id lists, best first."""
    ranked: dict[tuple[str, int], float] = {}
    for kind, ids in lists:
        for rank, item in enumerate(ids):
            ranked[(kind, item)] = ranked.get((kind, item), 0.0) + 1.0 / (RRF_K + rank + 1)
    return sorted(ranked.items(), key=lambda kv: -kv[1])[:limit]


def keyword_lists(vault: Vault, query: str, *, notes: bool) -> list[tuple[str, Sequence[int]]]:
    """BM25-ranked chunk ids (rarer words only, see plan_fts) and note ids for ``query``."""
    words = query_words(query)
    if not words:
        return []
    lists: list[tuple[str, Sequence[int]]] = []
    chunk_query = plan_fts(words, _doc_freq(vault))
    if chunk_query:
        lists.append(("chunk", ranked_chunk_ids(vault, chunk_query, limit=DEPTH)))
    if notes:
        lists.append(("note", ranked_note_ids(vault, " OR ".join(_term(w) for w in words),
                                              limit=DEPTH // 2)))
    return lists


def _doc_freq(vault: Vault) -> Callable[[str], int]:
    """How many chunks hold a word, counted only up to FTS_ROW_BUDGET + 1: that is all
    plan_fts needs to know, and it bounds the cost."""
    cache: dict[str, int] = {}

    def doc_freq(word: str) -> int:
        if word not in cache:
            cache[word] = chunk_matches(vault, _term(word), up_to=FTS_ROW_BUDGET + 1)
        return cache[word]

    return doc_freq


def load_hits(vault: Vault, best: list[tuple[tuple[str, int], float]], query: str, *,
              kinds: frozenset[str] | None = None) -> list[Hit]:
    """The fused ids as Hits, with text, snippet and where each came from.

    With ``kinds``, only hits of those kinds are kept (an allowlist: notes need ``"note"``)."""
    chunks = passages(vault, [i for (kind, i), _ in best if kind == "chunk"])
    notes = note_bodies(vault, [i for (kind, i), _ in best if kind == "note"])
    words = [w for w in (m.lower() for m in _WORD.findall(query)) if w not in _STOP]
    hits: list[Hit] = []
    for (kind, item), score in best:
        if kind == "note":
            body = notes.get(item)
            if body is None or (kinds is not None and NOTE not in kinds):
                continue  # forgotten since the index last heard of it, or not allowed
            hits.append(Hit("note", item, round(score, 6), body, snippet(body, words),
                            title="note", doc_kind=NOTE))
            continue
        p = chunks.get(item)
        if p is None or (kinds is not None and p.doc_kind not in kinds):
            continue
        title = p.doc_title or p.source_title
        if p.source_title and p.doc_title and p.doc_title != p.source_title:
            title = f"{p.source_title}: {p.doc_title}"
        hits.append(Hit("chunk", item, round(score, 6), p.text, snippet(p.text, words),
                        source_id=p.source_id, path=p.uri, title=title, location=p.location,
                        doc_kind=p.doc_kind))
    return hits


def snippet(text: str, words: Sequence[str], *, width: int = 220) -> str:
    """About ``width`` characters of ``text`` around the first query word found in it."""
    flat = " ".join(text.split())
    lower = flat.lower()
    at = min((i for i in (lower.find(w) for w in words if len(w) > 2) if i >= 0), default=0)
    start = max(0, at - width // 3)
    if start:
        space = flat.find(" ", start)
        start = space + 1 if 0 <= space < at else start
    piece = flat[start:start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(flat) else "")


def build_context(hits: Sequence[Hit], *, budget_chars: int) -> tuple[str, list[Hit]]:
    """The hits that fit in ``budget_chars``, as numbered excerpts, and the hits used."""
    parts: list[str] = []
    used: list[Hit] = []
    spent = 0
    for hit in hits:
        label = f"[{len(used) + 1}] " + (
            "your note" if hit.kind == "note" else
            " — ".join(p for p in (hit.title, hit.location) if p) or Path(hit.path).name)
        text = hit.text.strip()
        room = budget_chars - spent - len(label) - 2
        if room < 120:
            break
        if len(text) > room:
            text = text[:room].rsplit(" ", 1)[0] + " …"
        parts.append(f"{label}\n{text}")
        used.append(hit)
        spent += len(label) + len(text) + 2
    return "\n\n".join(parts), used


_OPEN: dict[int, Retriever] = {}
_OPEN_LOCK = threading.Lock()


def retriever_for(vault: Vault) -> Retriever:
    """The open Retriever of ``vault`` (opened on first use, closed when the vault locks)."""
    with _OPEN_LOCK:
        found = _OPEN.get(id(vault))
        if found is not None and found.vault is vault and found.index.is_open:
            return found
        retriever = Retriever.open(vault)
        _OPEN[id(vault)] = retriever

        def forget_entry() -> None:
            with _OPEN_LOCK:
                if _OPEN.get(id(vault)) is retriever:
                    del _OPEN[id(vault)]

        vault.on_lock(forget_entry)
        return retriever
