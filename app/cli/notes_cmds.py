"""`hearth note`, `hearth notes`, `hearth search`: notes, and hybrid search over notes and files."""

from __future__ import annotations

import argparse

from app.cli.common import CliError, emit_json, open_vault
from app.cli.safe_text import shown
from app.formats import timestamp
from vault.notes import add_note, list_notes


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("note", help="add a note")
    p.add_argument("text", nargs="+")
    p.set_defaults(func=cmd_note)

    p = sub.add_parser("notes", help="list notes, newest first")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_notes)

    p = sub.add_parser("search", help="search your notes and documents")
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)


def cmd_note(args: argparse.Namespace) -> int:
    text = " ".join(args.text).strip()
    if not text:
        raise CliError("a note needs some text")
    with open_vault(args) as vault:
        note_id = add_note(vault, text)
    print(f"Saved note {note_id}.")
    return 0


def cmd_notes(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        notes = list_notes(vault, limit=args.limit)
    if args.json:
        emit_json([n.__dict__ for n in notes])
        return 0
    for n in notes:
        print(f"{n.id:>5}  {timestamp(n.created_at)}  {shown(n.body, one_line=False)}")
    if not notes:
        print("No notes yet. Add one with: hearth note \"text\"")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    """Hybrid search (keywords + meaning) over imported files and notes."""
    from engine.search.retrieval import Retriever, keyword_search
    from vault.documents import has_chunks

    with open_vault(args) as vault:
        if has_chunks(vault):
            with Retriever.open(vault) as retriever:
                hits = retriever.search(args.query, limit=args.limit)
        else:
            hits = keyword_search(vault, args.query, limit=args.limit)  # notes only: no model needed
    if args.json:
        emit_json([h.as_dict() for h in hits])
        return 0
    for rank, h in enumerate(hits, start=1):
        if h.kind == "note":
            print(f"{rank:>2}. note {h.id}: {shown(h.snippet)}")
            continue
        where = f" ({shown(h.location)})" if h.location else ""   # an imported file's words
        print(f"{rank:>2}. {shown(h.title)}{where}\n    {shown(h.path)}\n    {shown(h.snippet)}")
    if not hits:
        print("Nothing found.")
    return 0
