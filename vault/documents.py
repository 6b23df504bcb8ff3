"""Reading imported documents and passages: typed functions, so no SQL leaves the vault.

``vault.sources`` writes what importers produce; this module answers the
questions the rest of Hearth asks of it: whole documents of some kinds (a plugin
app's calendar or contacts), one passage's text (the window's "show source"),
whether anything is imported at all, and the names the vault knows (for the
privacy guard on remote calls).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from vault.kinds import CONTACT
from vault.store import Vault


@dataclass(frozen=True)
class DocumentRecord:
    id: int
    kind: str
    title: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)


def documents_of_kinds(vault: Vault, kinds: Iterable[str], *, limit: int,
                       max_chunks: int = 8) -> list[DocumentRecord]:
    """Whole documents whose kind is in ``kinds`` (an allowlist), oldest first, with their text."""
    wanted = sorted(set(kinds))
    if not wanted:
        return []
    marks = ",".join("?" * len(wanted))
    out: list[DocumentRecord] = []
    for r in vault.query(f"SELECT id, kind, title, meta FROM documents WHERE kind IN ({marks}) "
                         "ORDER BY id LIMIT ?", (*wanted, limit)):
        try:
            meta = json.loads(r["meta"])
        except ValueError:
            meta = {}
        text = " ".join(row["text"] for row in vault.query(
            "SELECT text FROM chunks WHERE document_id = ? ORDER BY seq LIMIT ?", (r["id"], max_chunks)))
        out.append(DocumentRecord(int(r["id"]), str(r["kind"]), str(r["title"]), text,
                                  meta if isinstance(meta, dict) else {}))
    return out


def chunk_text(vault: Vault, chunk_id: int) -> str | None:
    """The text of one imported passage (None when it was forgotten)."""
    row = vault.query_one("SELECT text FROM chunks WHERE id = ?", (int(chunk_id),))
    return None if row is None else str(row[0])


def has_chunks(vault: Vault) -> bool:
    """Whether any file has been imported (search then needs the embedding model and index)."""
    return bool(vault.query_one("SELECT EXISTS(SELECT 1 FROM chunks)")[0])


_NAME = re.compile(r"\b[A-Z][a-z]{2,}(?:\s[A-Z][a-z]{2,})?\b")
_NOT_NAMES = frozenset(["The", "This", "That", "She", "Her", "His", "They", "Their", "And", "But", "Name",
                        "My", "Our", "Mom", "Dad", "Sister", "Brother", "Friend", "Wife", "Husband"])


def known_names(vault: Vault) -> list[str]:
    """People's names the vault knows: remembered names and people, and contact cards."""
    rows = vault.query("SELECT text FROM memory WHERE kind IN ('name', 'person')")
    rows += vault.query("SELECT title AS text FROM documents WHERE kind = ?", (CONTACT,))
    names: set[str] = set()
    for row in rows:
        for match in _NAME.finditer(str(row["text"])):
            if match.group(0) not in _NOT_NAMES:
                names.add(match.group(0))
    return sorted(names)


__all__ = ["DocumentRecord", "chunk_text", "documents_of_kinds", "has_chunks", "known_names"]
