"""How an answer reads in a terminal: the answer's text, quotes, checks and sources.

``hearth ask`` and ``hearth chat`` print the events of one ``engine.answering.answer`` stream the
same way: the text as it streams (on a small model it begins with the headline: the value asked
for, taken from the quote, or the quote itself, or "I'm not sure; this may be it:", or that
nothing in the files answers), then the quotes with where each is from, then anything the
support check could not find in the person's files, a loop or length stop, and the sources.
What is printed before the quotes is exactly ``Reply.text`` (``hearth ask --json``'s ``text``).
"""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterable
from typing import Any, TextIO

from app.cli import safe_text
from engine.answering.quotes import header


def quote_lines(quotes: Iterable[Any], *, shown: str = "") -> list[str]:
    """Each quote with where it is from; a quote the text already shows word for word (the
    headline) gives only its place."""
    out = []
    for q in quotes:
        # A file's words and names: shown, never obeyed by the terminal.
        where = safe_text.shown(header(q.title or q.path, q.location, sep=", "))
        if f"“{q.text}” [{q.n}]" in shown:
            if where:
                out.append(f"   — {where}")
            continue
        body = textwrap.fill(f"“{safe_text.shown(q.text, one_line=False)}” [{q.n}]", width=96,
                             initial_indent="  ",
                             subsequent_indent="   ")
        out.append(f"{body}\n   — {where}" if where else body)
    return out


def print_stream(stream: Any, *, out: TextIO | None = None, err: TextIO | None = None,
                 show_sources: bool = True) -> Any:
    """Print an AnswerStream as it arrives; returns the Reply (None if interrupted). ``out``
    and ``err`` default to the standard streams of the moment (the CLI's guarded ones)."""
    out = out or sys.stdout
    err = err or sys.stderr
    shown = safe_text.shown
    try:
        for event in stream:
            if event.kind == "remembered":
                for r in event.remembered:
                    print(f"hearth: remembered ({shown(r.kind)}, memory {r.memory_id}): "
                          f"{shown(r.text)} — "
                          f"'hearth memory forget {r.memory_id}' undoes it", file=err)
            elif event.kind == "token":
                out.write(shown(event.text, one_line=False))
                out.flush()
    except KeyboardInterrupt:
        stream.cancel()
        out.write("\n")
        return None
    out.write("\n")
    reply = stream.reply
    if reply is None:
        return None
    lines = quote_lines(reply.quotes, shown=reply.text)
    if lines:
        unsure = reply.grounding == "unsure" and reply.headline
        if not unsure and not lines[0].startswith("   — "):
            print("\nFrom your files:", file=out)
        print("\n".join(lines), file=out)
    if reply.stopped == "loop":
        print("hearth: stopped the model: it began repeating itself", file=err)
    elif reply.stopped == "length":
        print("hearth: the answer reached its length limit (--max-tokens)", file=err)
    if reply.unsupported:
        print("Not found in your files: " + ", ".join(shown(u) for u in reply.unsupported),
              file=out)
    if reply.grounding == "not_found" and reply.answer is not None:  # the model answered anyway
        print("hearth: nothing in your files answers this; the answer is general knowledge", file=err)
    if reply.notice:
        print(f"hearth: {shown(reply.notice)}", file=err)
    for note in reply.notes:
        print(f"hearth: {shown(note)}", file=err)
    if show_sources and reply.sources:
        print("\nSources:", file=out)
        for s in reply.sources:
            print(f"  [{s.n}] {shown(header(s.title or s.path, s.location, sep=', '))}", file=out)
    return reply
