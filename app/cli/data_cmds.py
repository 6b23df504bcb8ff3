"""`hearth add | embed | watched | unwatch | sources | forget | export | memory`: your files and
facts in, and out again.

`hearth add` stores text first (keyword-searchable as each batch commits), then embeds
the new passages before returning when that takes about ten seconds or less (a small
import is searchable by meaning at once); a bigger one says how many passages still wait
for vectors and leaves them to the app or to `hearth embed` (`--wait` embeds them all
before returning). Progress goes to stderr: a bar redrawn in
place on a terminal, a plain line every few seconds otherwise.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import threading
import time
from pathlib import Path
from typing import Any

from app.cli.common import CliError, emit_json, open_vault
from app.cli.safe_text import shown
from app.formats import duration, size, timestamp
from vault.chunks import count_missing_embedding
from vault.export import export_all
from vault.memory import KINDS, add_memory, forget_memory, list_memory
from vault.sources import FileResult, ImportProgress, list_sources

#: An import whose passages embed in about this long is searchable by meaning when 'add' returns.
EMBED_NOW_SECONDS = 10.0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("add", help="import files and folders (Markdown, text, PDF, HTML, Word, "
                                   "e-mail, calendars, contacts)")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--json", action="store_true", help="print each file's result as JSON")
    p.add_argument("--wait", action="store_true",
                   help="also embed every new passage before returning (else that goes on later)")
    p.add_argument("--embed-seconds", type=float, default=EMBED_NOW_SECONDS, metavar="S",
                   help="embed before returning when that takes about S seconds or less (default "
                        f"{EMBED_NOW_SECONDS:g}; 0 leaves it all for later)")
    p.add_argument("--watch", action="store_true",
                   help="keep these folders in sync while Hearth runs (new, changed, moved, deleted)")
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("embed", help="embed passages still waiting for vectors (resumable)")
    p.set_defaults(func=cmd_embed)

    p = sub.add_parser("watched", help="list the folders Hearth keeps in sync")
    p.set_defaults(func=cmd_watched)

    p = sub.add_parser("unwatch", help="stop keeping a folder in sync (its imported files stay)")
    p.add_argument("path", type=Path)
    p.set_defaults(func=cmd_unwatch)

    p = sub.add_parser("sources", help="list imported files")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_sources)

    p = sub.add_parser("forget", help="remove an imported file (by id or path) and all derived from it")
    p.add_argument("source", help="a source id (see 'hearth sources'), a file path, or a folder")
    p.set_defaults(func=cmd_forget)

    p = sub.add_parser("export", help="write all your data to DIR in open formats (unencrypted)")
    p.add_argument("dir", type=Path)
    p.set_defaults(func=cmd_export)

    mem = sub.add_parser("memory", help="what Hearth remembers about you")
    msub = mem.add_subparsers(dest="memory_cmd", required=True, metavar="COMMAND")
    p = msub.add_parser("list", help="list remembered items")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_memory_list)
    p = msub.add_parser("add", help="remember something")
    p.add_argument("text", nargs="+")
    p.add_argument("--kind", choices=KINDS, default="fact")
    p.set_defaults(func=cmd_memory_add)
    p = msub.add_parser("forget", help="forget a remembered item by id")
    p.add_argument("id", type=int)
    p.set_defaults(func=cmd_memory_forget)


class ProgressBar:
    """Import progress on stderr: redrawn in place on a terminal, else a plain line every
    ``every`` seconds (logs and pipes get progress too, without carriage returns)."""

    def __init__(self, *, every: float = 5.0) -> None:
        self.live = sys.stderr.isatty()
        self.every = every
        self._last = 0.0

    def line(self, state: ImportProgress) -> str:
        eta = state.eta_seconds()
        parts = [f"{state.done}/{state.total} files",
                 f"{size(state.bytes_done)} of {size(state.bytes_total)}",
                 f"{state.passages} passages"]
        if eta is not None:
            parts.append(f"about {duration(eta)} left")
        return ", ".join(parts)

    def __call__(self, state: ImportProgress) -> None:
        if state.total == 0:
            return
        now = time.monotonic()
        if not self.live:
            if state.current and now - self._last < self.every:
                return
            self._last = now
            print(f"importing: {self.line(state)}", file=sys.stderr, flush=True)
            return
        if state.current and now - self._last < 0.1:
            return
        self._last = now
        width = 20
        filled = int(width * state.bytes_done / max(state.bytes_total, 1))
        name = Path(state.current).name if state.current else "done"
        columns = shutil.get_terminal_size((80, 20)).columns
        line = f"[{'#' * filled}{'.' * (width - filled)}] {self.line(state)} {name}"
        sys.stderr.write("\r" + line[:columns - 1].ljust(columns - 1))
        if not state.current:
            sys.stderr.write("\n")
        sys.stderr.flush()


def _embed_within(worker: Any, budget: float, *, live: bool) -> None:
    """Embed what is missing now if it fits in ``budget`` seconds, judged after each batch
    from the rate so far; a bigger import stops after its first batch and is left for later."""
    stop = threading.Event()
    began = time.monotonic()
    report = _embed_reporter(live)

    def progress(p: Any) -> None:
        report(p)
        eta = p.eta_seconds()
        if eta is not None and time.monotonic() - began + eta > budget:
            stop.set()

    worker.run(cancel=stop, progress=progress)


def _embed_reporter(live: bool, every: float = 5.0) -> Any:
    last = [0.0]

    def report(p: Any) -> None:
        now = time.monotonic()
        if now - last[0] < (0.2 if live else every) and p.left:
            return
        last[0] = now
        eta = p.eta_seconds()
        line = (f"embedding: {p.done} done, {p.left} left, {p.rate:.0f}/s"
                + (f", about {duration(eta)} left" if eta is not None else ""))
        if live:
            sys.stderr.write("\r" + line.ljust(70) + ("" if p.left else "\n"))
            sys.stderr.flush()
        else:
            print(line, file=sys.stderr, flush=True)

    return report


def cmd_add(args: argparse.Namespace) -> int:
    for path in args.paths:
        if not path.exists() and not path.is_symlink():
            raise CliError(f"{path} does not exist")
        if args.watch and not path.is_dir():
            raise CliError(f"{path} is not a folder: only folders can be watched")
    bar = ProgressBar()

    def report(result: FileResult) -> None:
        if result.status in ("skipped", "partial") and not args.json:
            if bar.live:
                sys.stderr.write("\r")
            print(f"{result.status} {shown(result.path)}: {shown(result.reason)}", file=sys.stderr)

    from engine.search.embedding_worker import EmbeddingWorker
    from engine.search.retrieval import Retriever
    from vault.watch import watch_folder

    with open_vault(args) as vault, Retriever.open(vault) as retriever:
        if args.watch:
            for path in args.paths:
                watch_folder(vault, path)
        # Text first, with the whole CPU: on 2 cores, embedding beside the import made the
        # text searchable 5x later. Vectors follow: --wait, the app, or 'hearth embed'.
        worker = EmbeddingWorker(retriever)
        try:
            outcome = retriever.ingest(args.paths, progress=bar, on_result=report, embed_now=False)
        except KeyboardInterrupt:
            print("\nInterrupted. What was stored stays; run the same 'hearth add' to go on "
                  "from where it stopped.", file=sys.stderr)
            return 130
        if args.wait:
            worker.run(progress=_embed_reporter(bar.live))
        elif args.embed_seconds > 0:
            _embed_within(worker, args.embed_seconds, live=bar.live)
        left = count_missing_embedding(vault, model=retriever.embedder.model_id)
    if args.json:
        emit_json([{"path": r.path, "status": r.status, "reason": r.reason, "source_id": r.source_id,
                    "chunks_added": r.chunks, "chunks_removed": len(r.removed)}
                   for r in outcome.results])
        return 0
    added, updated = outcome.count("added"), outcome.count("updated")
    unchanged, skipped = outcome.count("unchanged"), outcome.count("skipped")
    partial = outcome.count("partial")
    print(f"Imported {added} new and {updated} changed file(s); {unchanged} unchanged, "
          f"{skipped} skipped" + (f", {partial} not finished" if partial else "") + ".")
    if left:
        print(f"The text is searchable now. {left} passage(s) still need embeddings for "
              "meaning-based search: the app adds them in the background while it runs, or run "
              "'hearth embed' (or 'hearth add --wait' next time).")
    if args.watch:
        print("Watching: Hearth keeps these folders in sync while it runs, and catches up on "
              "changes made while it was closed when it starts.")
    return 0


def cmd_embed(args: argparse.Namespace) -> int:
    from engine.search.embedding_worker import EmbeddingWorker
    from engine.search.retrieval import Retriever

    with open_vault(args) as vault, Retriever.open(vault) as retriever:
        worker = EmbeddingWorker(retriever)
        try:
            done = worker.run(progress=_embed_reporter(sys.stderr.isatty()))
        except KeyboardInterrupt:
            print("\nStopped. What was embedded is kept; run 'hearth embed' again to go on.",
                  file=sys.stderr)
            return 130
    print(f"Embedded {done} passage(s); none is left." if done else "Every passage has its embedding.")
    return 0


def cmd_watched(args: argparse.Namespace) -> int:
    from vault.watch import watched_folders

    with open_vault(args) as vault:
        folders = watched_folders(vault)
    if not folders:
        print("No folder is watched. Add one with: hearth add --watch FOLDER")
    for w in folders:
        print(f"{shown(w.path)}  (last checked {timestamp(w.scanned_at)})")
    return 0


def cmd_unwatch(args: argparse.Namespace) -> int:
    from vault.watch import unwatch_folder

    with open_vault(args) as vault:
        if not unwatch_folder(vault, args.path):
            raise CliError(f"{args.path} is not a watched folder (see 'hearth watched')")
    print(f"No longer watching {args.path}; what was imported from it stays.")
    return 0


def cmd_sources(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        sources = list_sources(vault)
    if args.json:
        emit_json([{"id": s.id, "kind": s.kind, "title": s.title, "path": s.path, "size": s.size,
                    "modified": s.mtime, "added": s.added_at, "documents": s.documents,
                    "chunks": s.chunks, "original_kept": s.has_original} for s in sources])
        return 0
    if not sources:
        print("Nothing imported yet. Add files with: hearth add PATH")
        return 0
    for s in sources:
        added = timestamp(s.added_at, precision="day")
        # A file's title and name are its own words: one line each, controls made visible.
        print(f"{s.id:>5}  {shown(s.kind):<9} {size(s.size):>8}  {added}  {s.chunks:>5} chunks  "
              f"{shown(s.title)}  ({shown(s.path)})")
    return 0


def cmd_forget(args: argparse.Namespace) -> int:
    from engine.search.retrieval import Retriever

    with open_vault(args) as vault, Retriever.open(vault) as retriever:
        gone = retriever.forget(args.source)
    for g in gone:
        print(f"Forgot {shown(g.path)} ({len(g.removed)} chunks).")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        summary = export_all(vault, args.dir)
    print(f"Exported {summary.notes} notes, {summary.conversations} conversations, "
          f"{summary.memory} memories and {summary.sources} sources ({summary.originals} originals) "
          f"to {summary.folder}. These files are not encrypted.")
    return 0


def cmd_memory_list(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        items = list_memory(vault)
    if args.json:
        emit_json([item.__dict__ for item in items])
        return 0
    if not items:
        print("Hearth remembers nothing about you yet. Add with: hearth memory add \"…\"")
    for item in items:
        print(f"{item.id:>5}  {shown(item.kind):<10} {shown(item.text)}")  # an MCP client's words too
    return 0


def cmd_memory_add(args: argparse.Namespace) -> int:
    text = " ".join(args.text).strip()
    if not text:
        raise CliError("say what to remember")
    with open_vault(args) as vault:
        memory_id = add_memory(vault, text, kind=args.kind)
    print(f"Remembered ({shown(args.kind)}, id {memory_id}): {shown(text)}")
    return 0


def cmd_memory_forget(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        forget_memory(vault, args.id)
    print(f"Forgot memory {args.id}.")
    return 0
