"""`hearth add | sources | forget | export | memory`: your files and facts in, and out again."""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

from app.cli.common import CliError, emit_json, open_vault
from vault.export import export_all
from vault.memory import KINDS, add_memory, forget_memory, list_memory
from vault.sources import FileResult, ImportProgress, list_sources


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("add", help="import files and folders (Markdown, text, PDF, HTML, Word, "
                                   "e-mail, calendars, contacts)")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--json", action="store_true", help="print each file's result as JSON")
    p.set_defaults(func=cmd_add)

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
    """One line on stderr, redrawn in place; silent when stderr is not a terminal."""

    def __init__(self) -> None:
        self.live = sys.stderr.isatty()

    def __call__(self, state: ImportProgress) -> None:
        if not self.live or state.total == 0:
            return
        width = 24
        filled = int(width * state.done / state.total)
        name = Path(state.current).name if state.current else "done"
        columns = shutil.get_terminal_size((80, 20)).columns
        line = f"[{'#' * filled}{'.' * (width - filled)}] {state.done}/{state.total} {name}"
        sys.stderr.write("\r" + line[:columns - 1].ljust(columns - 1))
        if not state.current:
            sys.stderr.write("\n")
        sys.stderr.flush()


def cmd_add(args: argparse.Namespace) -> int:
    for path in args.paths:
        if not path.exists() and not path.is_symlink():
            raise CliError(f"{path} does not exist")
    bar = ProgressBar()

    def report(result: FileResult) -> None:
        if result.status == "skipped" and not args.json:
            if bar.live:
                sys.stderr.write("\r")
            print(f"skipped {result.path}: {result.reason}", file=sys.stderr)

    from engine.retrieval import Retriever

    with open_vault(args) as vault, Retriever.open(vault) as retriever:
        outcome = retriever.ingest(args.paths, progress=bar, on_result=report)
    if args.json:
        emit_json([{"path": r.path, "status": r.status, "reason": r.reason, "source_id": r.source_id,
                    "chunks_added": len(r.added), "chunks_removed": len(r.removed)}
                   for r in outcome.results])
        return 0
    added, updated = outcome.count("added"), outcome.count("updated")
    unchanged, skipped = outcome.count("unchanged"), outcome.count("skipped")
    print(f"Imported {added} new and {updated} changed file(s); {unchanged} unchanged, "
          f"{skipped} skipped.")
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
        stamp = time.strftime("%Y-%m-%d", time.localtime(s.added_at))
        print(f"{s.id:>5}  {s.kind:<9} {_size(s.size):>8}  {stamp}  {s.chunks:>5} chunks  "
              f"{s.title}  ({s.path})")
    return 0


def cmd_forget(args: argparse.Namespace) -> int:
    from engine.retrieval import Retriever

    with open_vault(args) as vault, Retriever.open(vault) as retriever:
        gone = retriever.forget(args.source)
    for g in gone:
        print(f"Forgot {g.path} ({len(g.removed)} chunks).")
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
        print(f"{item.id:>5}  {item.kind:<10} {item.text}")
    return 0


def cmd_memory_add(args: argparse.Namespace) -> int:
    text = " ".join(args.text).strip()
    if not text:
        raise CliError("say what to remember")
    with open_vault(args) as vault:
        memory_id = add_memory(vault, text, kind=args.kind)
    print(f"Remembered ({args.kind}, id {memory_id}): {text}")
    return 0


def cmd_memory_forget(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        forget_memory(vault, args.id)
    print(f"Forgot memory {args.id}.")
    return 0


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)
