"""The one place that turns a question into the message list the model sees.

``build_messages`` returns ``(messages, sources)``: the chat messages (system
prompt, earlier turns, the question) and the personal sources used to answer.
Personal context from the vault is added here, and only here, so
``hearth ask``, ``hearth chat`` and the desktop app all answer the same way:

* with a vault and ``use_context``, the best chunks of imported files and notes
  (hybrid search, ``engine.retrieval``) that fit ``context_chars``, and the
  remembered facts about the person that bear on the question, go before the
  question; each becomes a source (path, title, location, chunk id);
* with a vault, an explicit "remember that …" is stored as a memory, announced
  through :data:`announce` (stderr by default; the desktop app sets its own)
  and listed among the sources as ``kind: "remembered"``: nothing is
  remembered silently.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from vault import Vault

DEFAULT_SYSTEM = ("You are Hearth, a private assistant running entirely on this computer. "
                  "Answer clearly and briefly.")
#: About 800 tokens of excerpts: room for the answer in a 4k context, and a quick first token
#: on a small CPU model.
DEFAULT_CONTEXT_CHARS = 3200
CONTEXT_INTRO = ("Excerpts from the user's own files and notes follow. Use them when they answer "
                 "the question, and cite them by number like [1]; if they do not, say so and answer "
                 "from general knowledge.")


def _print_announcement(text: str) -> None:
    print(f"hearth: {text}", file=sys.stderr)


#: How the person is told that something was remembered (replace in the GUI).
announce: Callable[[str], None] = _print_announcement


def build_messages(question: str, *, vault: Vault | None, use_context: bool, system: str | None,
                   history: list[dict[str, Any]] | None = None,
                   context_chars: int = DEFAULT_CONTEXT_CHARS,
                   ) -> tuple[list[dict[str, str]], list[dict[str, Any]]]:
    """Messages for ``question`` after ``history`` (user/assistant turns), and their sources.

    ``system=None`` means Hearth's default system prompt; ``""`` means none.
    """
    sources: list[dict[str, Any]] = []
    system_text = DEFAULT_SYSTEM if system is None else system
    messages: list[dict[str, str]] = []
    if system_text:
        messages.append({"role": "system", "content": system_text})
    for turn in history or []:
        if turn.get("role") in ("user", "assistant"):
            messages.append({"role": str(turn["role"]), "content": str(turn.get("content", ""))})
    content = question
    if vault is not None:
        remembered = _remember(vault, question)
        if use_context:
            context, used = personal_context(vault, question, budget_chars=context_chars)
            just = {r["memory_id"] for r in remembered}
            sources.extend(u for u in used if u.get("memory_id") not in just or u["kind"] != "memory")
            if context:
                content = f"{CONTEXT_INTRO}\n\n{context}\n\nQuestion: {question}"
        sources.extend(remembered)
    messages.append({"role": "user", "content": content})
    return messages, sources


def _remember(vault: Vault, text: str) -> list[dict[str, Any]]:
    from vault.memory import add_memory, detect_remember

    found = detect_remember(text)
    if found is None:
        return []
    kind, fact = found
    memory_id = add_memory(vault, fact, kind=kind)
    announce(f"remembered ({kind}, memory {memory_id}): {fact} "
             f"— 'hearth memory forget {memory_id}' undoes it")
    return [{"kind": "remembered", "memory_id": memory_id, "memory_kind": kind, "text": fact,
             "title": f"remembered now: {fact}", "path": "", "location": ""}]


def personal_context(vault: Vault, question: str, *,
                     budget_chars: int) -> tuple[str, list[dict[str, Any]]]:
    """The context block (memory, then excerpts) for ``question``, and the sources in it."""
    from vault.memory import relevant_memory

    sources: list[dict[str, Any]] = []
    parts: list[str] = []
    memory = relevant_memory(vault, question, limit=6)
    if memory:
        lines = [f"- {item.text}" for item in memory]
        parts.append("What the user asked Hearth to remember:\n" + "\n".join(lines))
    spent = sum(len(p) for p in parts)
    if _has_documents(vault) and budget_chars - spent > 200:
        from engine.retrieval import build_context, retriever_for

        hits = retriever_for(vault).search(question, limit=8)
        block, used = build_context(hits, budget_chars=budget_chars - spent)
        if block:
            parts.append(block)
        for number, hit in enumerate(used, start=1):
            sources.append({"kind": hit.kind, "n": number, "path": hit.path,
                            "title": hit.title if hit.kind == "chunk" else f"your note {hit.id}",
                            "location": hit.location, "score": hit.score,
                            "chunk_id": hit.id if hit.kind == "chunk" else None,
                            "note_id": hit.id if hit.kind == "note" else None,
                            "source_id": hit.source_id})
    # Excerpts first, so that a source's place in the list is its [n] in the prompt.
    sources.extend({"kind": "memory", "memory_id": item.id, "memory_kind": item.kind, "text": item.text,
                    "title": f"memory: {item.text}", "path": "", "location": ""} for item in memory)
    return "\n\n".join(parts), sources


def _has_documents(vault: Vault) -> bool:
    row = vault.query_one("SELECT EXISTS(SELECT 1 FROM chunks) OR EXISTS(SELECT 1 FROM notes)")
    return bool(row[0])
