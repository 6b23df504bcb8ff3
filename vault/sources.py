"""Imported files in the vault: sources, their documents and chunks; change detection; forget.

Contract:

* :func:`import_paths` imports files and folders (see ``vault.importers.walk``
  for which files). Each file is stored in **one** vault transaction, so a
  crash leaves it fully imported or absent, except files its importer streams
  (an mbox, a large text) once they exceed ``stream_bytes``: those are stored a
  batch of documents per transaction and resume after a crash where they stopped
  (see ``vault.streaming``). A file whose size and mtime (or
  sha256) are unchanged is left alone; a changed one replaces only the
  documents whose content hash changed. Files that cannot be imported are
  reported in the result and skipped; the import goes on.
* The vault does not embed: the caller passes ``embed`` (texts → float32
  vector bytes) and the model's name, or no ``embed`` at all, so that text is
  searchable at once and vectors follow (``vault.chunks``, which also keeps
  the generation counter every change to the chunk set bumps).
* :func:`forget` removes a source and everything derived from it (documents,
  chunks, their FTS rows) and records only what (the path) and when.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The chunk readers moved to vault.chunks; engine/, app/gui/library.py, bench/ and some tests
# still import them from here ("x as x" marks a re-export).
from vault.chunks import GENERATION_KEY as GENERATION_KEY
from vault.chunks import ChunkId, bump_generation
from vault.chunks import chunk_generation as chunk_generation
from vault.chunks import chunk_vectors as chunk_vectors
from vault.chunks import chunks_missing_embedding as chunks_missing_embedding
from vault.chunks import count_missing_embedding as count_missing_embedding
from vault.chunks import embedded_chunk_ids as embedded_chunk_ids
from vault.chunks import existing_chunk_ids as existing_chunk_ids
from vault.chunks import has_searchable_data as has_searchable_data
from vault.chunks import store_embeddings as store_embeddings
from vault.errors import NotFound
from vault.importers import MAX_WHOLE_BYTES, ImportRefused, ParsedDocument, ParsedFile, parse_file
from vault.importers.walk import collect_files
from vault.source_rows import MAX_ORIGINAL_BYTES as MAX_ORIGINAL_BYTES
from vault.source_rows import FileResult as FileResult
from vault.source_rows import SourceId as SourceId
from vault.source_rows import Status as Status
from vault.source_rows import embed_text as embed_text
from vault.source_rows import insert_documents
from vault.store import Vault

#: Texts to float32 vectors, as bytes (one per text, same order).
EmbedFn = Callable[[list[str]], list[bytes]]

#: Files a streaming importer handles (mbox, text) are streamed from this size on.
STREAM_BYTES = 4 * 1024 * 1024
#: Chunks embedded in one call across files (several files are read ahead to fill it) …
EMBED_BATCH = 256
#: … unless the files read ahead already hold this many bytes.
PENDING_BYTES = 64 * 1024 * 1024



@dataclass
class ImportProgress:
    total: int
    done: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    partial: int = 0
    current: str = ""
    bytes_total: int = 0
    bytes_done: int = 0
    passages: int = 0
    started: float = field(default_factory=time.monotonic)

    def eta_seconds(self) -> float | None:
        """Seconds left at the byte rate so far (None until there is a rate to go by)."""
        spent = time.monotonic() - self.started
        if self.bytes_done <= 0 or spent < 1 or self.bytes_total <= self.bytes_done:
            return None
        return (self.bytes_total - self.bytes_done) * spent / self.bytes_done


@dataclass
class ImportReport:
    results: list[FileResult] = field(default_factory=list)
    cancelled: bool = False

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status == status)


@dataclass(frozen=True)
class SourceInfo:
    id: SourceId
    kind: str
    title: str
    path: str
    size: int
    mtime: float
    added_at: float
    updated_at: float
    documents: int
    chunks: int
    has_original: bool


@dataclass(frozen=True)
class Forgotten:
    source_id: SourceId
    path: str
    title: str
    removed: list[ChunkId]
    generation: int


# -- import ----------------------------------------------------------------------------------------


def import_paths(vault: Vault, paths: Iterable[Path | str], *, embed: EmbedFn | None = None,
                 embed_model: str = "", progress: Callable[[ImportProgress], None] | None = None,
                 cancel: threading.Event | None = None,
                 on_result: Callable[[FileResult], None] | None = None,
                 on_commit: Callable[[FileResult], None] | None = None,
                 stream_bytes: int = STREAM_BYTES) -> ImportReport:
    """Import files and folders; ``on_result`` sees each file's result right after its commit.

    ``on_commit`` sees every committed change with its chunks and generation (a whole file,
    or one batch of a streamed file), before ``on_result``: a vector index follows it.
    Files are read and parsed a few at a time so that their new chunks are embedded in one
    call (the model is fastest on many texts of similar length); each file is still stored
    in its own transaction, in order.
    """
    from vault.importers import streamer_for
    from vault.streaming import stream_file

    candidates = collect_files(Path(p) for p in paths)
    own = vault.home.resolve()
    sizes = {c.path: _size_of(c.path) for c in candidates if not c.skip}
    state = ImportProgress(total=len(candidates), bytes_total=sum(sizes.values()))
    report = ImportReport()
    pending: list[_Prepared] = []
    bytes_before = 0

    def committed(result: FileResult) -> None:
        state.passages += result.chunks
        if on_commit is not None:
            on_commit(result)

    def finish(result: FileResult) -> None:
        report.results.append(result)
        setattr(state, result.status, getattr(state, result.status) + 1)
        state.done += 1
        if on_result is not None:
            on_result(result)

    def flush() -> None:
        _embed(pending, embed)
        for prepared in pending:
            result = _commit(vault, prepared, embed_model)
            committed(result)
            finish(result)
        pending.clear()

    def streamed_bytes(n: int) -> None:
        state.bytes_done = bytes_before + n
        if progress is not None:
            progress(state)

    for candidate in candidates:
        if cancel is not None and cancel.is_set():
            report.cancelled = True
            pending.clear()  # read but not stored: absent, as if never started
            break
        state.current = candidate.shown
        if progress is not None:
            progress(state)
        if candidate.skip:
            finish(FileResult(candidate.shown, "skipped", candidate.skip))
            continue
        if candidate.path.is_relative_to(own):
            finish(FileResult(candidate.shown, "skipped", "Hearth's own data folder is not imported"))
            continue
        size = sizes.get(candidate.path, 0)
        streamer = streamer_for(candidate.path)
        if streamer is not None and (size >= stream_bytes or _in_progress(vault, candidate.path)):
            flush()
            bytes_before = state.bytes_done
            result = stream_file(vault, candidate.path, shown=candidate.shown, importer=streamer,
                                 embed=embed, embed_model=embed_model, cancel=cancel,
                                 on_commit=committed, on_bytes=streamed_bytes)
            state.bytes_done = bytes_before + size
            finish(result)
            if result.status == "partial" and cancel is not None and cancel.is_set():
                report.cancelled = True
                break
            continue
        state.bytes_done += size
        prepared = _prepare(vault, candidate.path, shown=candidate.shown)
        if isinstance(prepared, FileResult):
            finish(prepared)
            continue
        pending.append(prepared)
        if (sum(p.chunk_count for p in pending) >= EMBED_BATCH
                or sum(len(p.data) for p in pending) >= PENDING_BYTES):
            flush()
    if not report.cancelled:
        flush()
    state.current = ""
    if progress is not None:
        progress(state)
    return report


def _size_of(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _in_progress(vault: Vault, path: Path) -> bool:
    """Whether a streamed import of ``path`` was cut short (it resumes, whatever its size now)."""
    return vault.query_one("SELECT 1 FROM import_progress p JOIN sources s ON s.id = p.source_id "
                           "WHERE s.uri = ?", (str(path),)) is not None


@dataclass
class _Prepared:
    """A file read, parsed and compared with what the vault holds, waiting to be stored."""

    path: Path
    shown: str
    info: os.stat_result
    data: bytes
    digest: str
    parsed: ParsedFile
    update: bool
    fresh: list[ParsedDocument]  # documents the vault does not hold yet: these need vectors
    vectors: dict[str, list[bytes]] = field(default_factory=dict)

    @property
    def chunk_count(self) -> int:
        return sum(len(d.chunks) for d in self.fresh)


def _prepare(vault: Vault, path: Path, *, shown: str) -> _Prepared | FileResult:
    uri = str(path)
    try:
        info = path.stat()
    except OSError as exc:
        return FileResult(shown, "skipped", f"cannot read it ({exc.strerror or exc})")
    old = vault.query_one("SELECT id, size, mtime, sha256 FROM sources WHERE uri = ?", (uri,))
    if old is not None and old["size"] == info.st_size and old["mtime"] == info.st_mtime:
        return FileResult(shown, "unchanged", source_id=SourceId(old["id"]))
    if info.st_size > MAX_WHOLE_BYTES:
        return FileResult(shown, "skipped", f"{path.name} is too large to import "
                          f"({info.st_size / 2**20:.0f} MB; the limit for this kind of file is "
                          f"{MAX_WHOLE_BYTES // 2**20} MB)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        return FileResult(shown, "skipped", f"cannot read it ({exc.strerror or exc})")
    digest = hashlib.sha256(data).hexdigest()
    if old is not None and old["sha256"] == digest:
        vault.execute("UPDATE sources SET mtime = ?, size = ? WHERE id = ?",
                      (info.st_mtime, info.st_size, old["id"]))
        return FileResult(shown, "unchanged", source_id=SourceId(old["id"]))
    try:
        parsed = parse_file(path, data)
    except ImportRefused as exc:
        return FileResult(shown, "skipped", str(exc))
    known: set[str] = set()
    if old is not None:
        known = {r["sha256"] for r in vault.query(
            "SELECT sha256 FROM documents WHERE source_id = ?", (old["id"],))}
    fresh = [d for d in parsed.documents if d.sha256 not in known]
    return _Prepared(path, shown, info, data, digest, parsed, old is not None, fresh)


def _embed(batch: Sequence[_Prepared], embed: EmbedFn | None) -> None:
    if embed is None:
        return
    texts = [embed_text(d, i) for p in batch for d in p.fresh for i in range(len(d.chunks))]
    flat = embed(texts) if texts else []
    at = 0
    for prepared in batch:
        for d in prepared.fresh:
            prepared.vectors[d.sha256] = flat[at:at + len(d.chunks)]
            at += len(d.chunks)


def _commit(vault: Vault, prepared: _Prepared, embed_model: str) -> FileResult:
    uri, info, parsed, digest = str(prepared.path), prepared.info, prepared.parsed, prepared.digest
    now = time.time()
    meta = dict(parsed.meta, documents=len(parsed.documents),
                chunks=sum(len(d.chunks) for d in parsed.documents))
    original = prepared.data if len(prepared.data) <= MAX_ORIGINAL_BYTES else None
    result = FileResult(prepared.shown, "updated" if prepared.update else "added",
                        str(parsed.meta.get("report", "")))
    with vault.transaction() as conn:
        row = conn.execute("SELECT id FROM sources WHERE uri = ?", (uri,)).fetchone()
        if row is None:
            source_id = conn.execute(
                "INSERT INTO sources(uri, kind, title, size, mtime, sha256, original, meta, added_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (uri, parsed.kind, parsed.title, info.st_size, info.st_mtime, digest, original,
                 json.dumps(meta), now, now)).lastrowid
        else:
            source_id = row["id"]
            conn.execute("UPDATE sources SET kind = ?, title = ?, size = ?, mtime = ?, sha256 = ?, "
                         "original = ?, meta = ?, updated_at = ? WHERE id = ?",
                         (parsed.kind, parsed.title, info.st_size, info.st_mtime, digest, original,
                          json.dumps(meta), now, source_id))
        result.source_id = SourceId(int(source_id))
        _replace_documents(conn, result, parsed.documents, prepared.vectors, embed_model)
        if parsed.conversations:
            from vault.conversations import replace_imported

            replace_imported(conn, result.source_id, parsed.conversations)
        result.generation = bump_generation(conn)
    result.chunks = len(result.added) or sum(len(d.chunks) for d in prepared.fresh)
    return result


def _replace_documents(conn: Any, result: FileResult, documents: Sequence[ParsedDocument],
                       vectors: dict[str, list[bytes]], embed_model: str) -> None:
    source_id = result.source_id
    existing: dict[str, list[int]] = {}
    for r in conn.execute("SELECT id, sha256 FROM documents WHERE source_id = ? ORDER BY seq",
                          (source_id,)):
        existing.setdefault(r["sha256"], []).append(int(r["id"]))
    keep: list[tuple[int, int]] = []  # (document id, new seq)
    new: list[tuple[int, ParsedDocument]] = []
    for seq, doc in enumerate(documents):
        ids = existing.get(doc.sha256)
        if ids:
            keep.append((ids.pop(0), seq))
        else:
            new.append((seq, doc))
    stale = [doc_id for ids in existing.values() for doc_id in ids]
    for doc_id in stale:
        result.removed.extend(ChunkId(r[0]) for r in conn.execute(
            "SELECT id FROM chunks WHERE document_id = ?", (doc_id,)))
        conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
    # Two steps, so that moving kept documents never collides on UNIQUE(source_id, seq).
    for doc_id, seq in keep:
        conn.execute("UPDATE documents SET seq = ? WHERE id = ?", (-seq - 1, doc_id))
    for doc_id, seq in keep:
        conn.execute("UPDATE documents SET seq = ? WHERE id = ?", (seq, doc_id))
    insert_documents(conn, result, new, vectors, embed_model)


# -- listing and forgetting ------------------------------------------------------------------------


def list_sources(vault: Vault) -> list[SourceInfo]:
    rows = vault.query(
        "SELECT s.id, s.kind, s.title, s.uri, s.size, s.mtime, s.added_at, s.updated_at, "
        "s.original IS NOT NULL AS has_original, "
        "(SELECT count(*) FROM documents d WHERE d.source_id = s.id) AS documents, "
        "(SELECT count(*) FROM chunks c JOIN documents d ON d.id = c.document_id "
        " WHERE d.source_id = s.id) AS chunks FROM sources s ORDER BY s.id")
    return [SourceInfo(SourceId(r["id"]), r["kind"], r["title"], r["uri"], int(r["size"]),
                       float(r["mtime"]), float(r["added_at"]), float(r["updated_at"]),
                       int(r["documents"]), int(r["chunks"]), bool(r["has_original"])) for r in rows]


def resolve_sources(vault: Vault, ref: str) -> list[tuple[SourceId, str, str]]:
    """Sources named by ``ref``: an id, a file's path, or a folder (every source under it)."""
    ref = ref.strip()
    if ref.isdigit():
        rows = vault.query("SELECT id, uri, title FROM sources WHERE id = ?", (int(ref),))
    else:
        path = str(Path(ref).expanduser().resolve()) if ref else ref
        rows = vault.query("SELECT id, uri, title FROM sources WHERE uri = ? OR uri = ?", (ref, path))
        if not rows:
            prefix = path.rstrip(os.sep) + os.sep
            rows = vault.query("SELECT id, uri, title FROM sources WHERE substr(uri, 1, ?) = ? "
                               "ORDER BY id", (len(prefix), prefix))
    if not rows:
        raise NotFound(f"no imported source matches {ref!r} (see 'hearth sources')")
    return [(SourceId(r["id"]), r["uri"], r["title"]) for r in rows]


def forget(vault: Vault, source_id: SourceId) -> Forgotten:
    """Delete a source and all derived rows in one transaction; remember only its path and when."""
    with vault.transaction() as conn:
        row = conn.execute("SELECT uri, title FROM sources WHERE id = ?", (source_id,)).fetchone()
        if row is None:
            raise NotFound(f"no source {source_id}")
        removed = [ChunkId(r[0]) for r in conn.execute(
            "SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id WHERE d.source_id = ?",
            (source_id,))]
        # Chunks go first so that their FTS delete trigger runs for each one.
        conn.execute("DELETE FROM chunks WHERE document_id IN "
                     "(SELECT id FROM documents WHERE source_id = ?)", (source_id,))
        conn.execute("DELETE FROM documents WHERE source_id = ?", (source_id,))
        conn.execute("DELETE FROM sources WHERE id = ?", (source_id,))
        conn.execute("INSERT INTO forgotten(what, kind, forgotten_at) VALUES (?, 'source', ?)",
                     (row["uri"], time.time()))
        generation = bump_generation(conn)
    return Forgotten(source_id, row["uri"], row["title"], removed, generation)
