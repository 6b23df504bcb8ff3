"""Memory: short facts about the person (name, preferences, people, places) kept in the vault.

Nothing is remembered silently: :func:`detect_remember` only recognises an
explicit request ("remember that …", "please remember: …"), and whoever stores
the fact shows it to the person. :func:`relevant_memory` picks the items that
share words with a question (plus the person's name, which is always useful),
so the assistant can use them as personal context. Forgetting a memory deletes
it and records only that memory N was forgotten, never its text.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import NewType

from vault.errors import InvalidInput, NotFound
from vault.store import Vault

MemoryId = NewType("MemoryId", int)
KINDS = ("fact", "name", "preference", "person", "place")

_STOP_WORDS = """a an and are as at be but by do does for from had has have he her his i if in into is
it its me my of on or our she so that the their them they this to was we were what when where which who
why will with you your about can could should would did done how tell know"""
_STOP = frozenset(_STOP_WORDS.split())
_WORD = re.compile(r"\w+", re.UNICODE)

_REMEMBER = re.compile(
    r"^\s*(?:(?:please|hearth|hey hearth)[,:]?\s+)*(?:can you\s+|could you\s+)?"
    r"(?:remember|keep in mind)(?:\s+that)?\s*[:,-]?\s+(?P<fact>.+?)\s*[.!?]*\s*$",
    re.IGNORECASE | re.DOTALL)
# "remember to buy milk" is a reminder, "remember when…" a question: neither is a fact to keep.
_NOT_A_FACT = re.compile(r"^(to|when|what|how|if|whether|why|who|where|me)\b", re.I)
_KIND_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("name", re.compile(r"\b(my name is|i am called|call me|i'm called)\b", re.I)),
    ("person", re.compile(r"\bmy (wife|husband|partner|son|daughter|mother|father|mum|mom|dad|sister|"
                          r"brother|friend|boss|colleague|doctor|child|kids?)\b", re.I)),
    ("place", re.compile(r"\b(i live|i'm from|i am from|my (home|address|office|city)|lives? in)\b", re.I)),
    ("preference", re.compile(r"\b(i (really )?(like|love|prefer|hate|dislike|enjoy|can't stand)|"
                              r"my favou?rite|i'm allergic|i am allergic|i don't eat|i'm vegetarian)\b",
                              re.I)),
)


@dataclass(frozen=True)
class MemoryItem:
    id: MemoryId
    kind: str
    text: str
    created_at: float
    updated_at: float


def add_memory(vault: Vault, text: str, *, kind: str = "fact") -> MemoryId:
    text = " ".join(text.split())
    if not text:
        raise InvalidInput("a memory needs some text")
    if kind not in KINDS:
        raise InvalidInput(f"kind must be one of {', '.join(KINDS)}")
    now = time.time()
    with vault.transaction() as conn:
        row = conn.execute("SELECT id FROM memory WHERE lower(text) = lower(?)", (text,)).fetchone()
        if row is not None:
            conn.execute("UPDATE memory SET kind = ?, updated_at = ? WHERE id = ?", (kind, now, row[0]))
            return MemoryId(int(row[0]))
        cur = conn.execute("INSERT INTO memory(kind, text, created_at, updated_at) VALUES (?, ?, ?, ?)",
                           (kind, text, now, now))
        return MemoryId(int(cur.lastrowid or 0))


def list_memory(vault: Vault, *, kind: str | None = None) -> list[MemoryItem]:
    if kind:
        rows = vault.query("SELECT * FROM memory WHERE kind = ? ORDER BY id", (kind,))
    else:
        rows = vault.query("SELECT * FROM memory ORDER BY id")
    return [MemoryItem(MemoryId(r["id"]), r["kind"], r["text"], float(r["created_at"]),
                       float(r["updated_at"])) for r in rows]


def forget_memory(vault: Vault, memory_id: int) -> None:
    with vault.transaction() as conn:
        if conn.execute("DELETE FROM memory WHERE id = ?", (memory_id,)).rowcount == 0:
            raise NotFound(f"no memory {memory_id} (see 'hearth memory list')")
        conn.execute("INSERT INTO forgotten(what, kind, forgotten_at) VALUES (?, 'memory', ?)",
                     (f"memory {memory_id}", time.time()))


def _words(text: str) -> set[str]:
    return {w for w in (m.lower() for m in _WORD.findall(text)) if w not in _STOP and len(w) > 1}


def relevant_memory(vault: Vault, text: str, *, limit: int = 8) -> list[MemoryItem]:
    """Items sharing words with ``text`` (best first), and the person's name in any case."""
    items = list_memory(vault)
    words = _words(text)
    scored: list[tuple[float, MemoryItem]] = []
    for item in items:
        overlap = words & _words(item.text)
        # Words that match as prefixes count too ("meetings" vs "meeting").
        fuzzy = sum(1 for w in words for m in _words(item.text)
                    if w not in overlap and len(w) > 3 and (m.startswith(w) or w.startswith(m)))
        score = len(overlap) + 0.5 * fuzzy
        if item.kind == "name":
            score += 0.75
        if score > 0.5:
            scored.append((score, item))
    scored.sort(key=lambda pair: (-pair[0], pair[1].id))
    return [item for _, item in scored[:limit]]


def detect_remember(text: str) -> tuple[str, str] | None:
    """``(kind, fact)`` when ``text`` explicitly asks Hearth to remember something, else None."""
    match = _REMEMBER.match(text)
    if match is None:
        return None
    fact = match.group("fact").strip()
    if len(fact) < 3 or text.rstrip().endswith("?") or _NOT_A_FACT.match(fact):
        return None
    return guess_kind(fact), fact[0].upper() + fact[1:]


def guess_kind(fact: str) -> str:
    for kind, pattern in _KIND_RULES:
        if pattern.search(fact):
            return kind
    return "fact"
