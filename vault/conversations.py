"""Conversations and their messages, stored in the vault.

Conversations imported from another assistant's export (ChatGPT, Claude) are
ordinary conversations tied to the imported file's source (``source_id``), so
that forgetting the source forgets them too.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NewType

from vault.errors import NotFound
from vault.importers.base import ImportedConversation
from vault.store import Vault

ConversationId = NewType("ConversationId", int)
MessageId = NewType("MessageId", int)


@dataclass(frozen=True)
class Conversation:
    id: ConversationId
    title: str
    model: str
    system_prompt: str
    created_at: float
    updated_at: float


@dataclass(frozen=True)
class Message:
    id: MessageId
    conversation_id: ConversationId
    role: str
    content: str
    created_at: float
    meta: dict[str, Any] = field(default_factory=dict)


def create_conversation(vault: Vault, *, title: str = "", model: str = "",
                        system_prompt: str = "") -> ConversationId:
    now = time.time()
    return ConversationId(vault.execute(
        "INSERT INTO conversations(title, model, system_prompt, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?)", (title, model, system_prompt, now, now)))


def get_conversation(vault: Vault, conversation_id: int) -> Conversation:
    row = vault.query_one("SELECT * FROM conversations WHERE id = ?", (conversation_id,))
    if row is None:
        raise NotFound(f"no conversation {conversation_id}")
    return _conversation(row)


def list_conversations(vault: Vault, *, search: str = "", limit: int = 200) -> list[Conversation]:
    """Newest first; ``search`` matches titles and message text."""
    if not search.strip():
        rows = vault.query("SELECT * FROM conversations ORDER BY updated_at DESC, id DESC LIMIT ?",
                           (limit,))
        return [_conversation(r) for r in rows]
    like = f"%{search.strip()}%"
    rows = vault.query(
        "SELECT DISTINCT c.* FROM conversations c LEFT JOIN messages m ON m.conversation_id = c.id "
        "WHERE c.title LIKE ? OR m.content LIKE ? ORDER BY c.updated_at DESC, c.id DESC LIMIT ?",
        (like, like, limit))
    return [_conversation(r) for r in rows]


def add_message(vault: Vault, conversation_id: int, role: str, content: str,
                meta: dict[str, Any] | None = None) -> MessageId:
    now = time.time()
    with vault.transaction() as conn:
        if conn.execute("SELECT 1 FROM conversations WHERE id = ?", (conversation_id,)).fetchone() is None:
            raise NotFound(f"no conversation {conversation_id}")
        cur = conn.execute(
            "INSERT INTO messages(conversation_id, role, content, meta, created_at) "
            "VALUES (?, ?, ?, ?, ?)", (conversation_id, role, content, json.dumps(meta or {}), now))
        conn.execute("UPDATE conversations SET updated_at = ? WHERE id = ?", (now, conversation_id))
        return MessageId(int(cur.lastrowid or 0))


def messages(vault: Vault, conversation_id: int) -> list[Message]:
    rows = vault.query("SELECT * FROM messages WHERE conversation_id = ? ORDER BY id",
                       (conversation_id,))
    return [Message(MessageId(r["id"]), ConversationId(r["conversation_id"]), r["role"],
                    r["content"], float(r["created_at"]), json.loads(r["meta"])) for r in rows]


def delete_last_message(vault: Vault, conversation_id: int, *, role: str) -> bool:
    """Drop the newest message if it has ``role`` (used by regenerate)."""
    with vault.transaction() as conn:
        row = conn.execute("SELECT id, role FROM messages WHERE conversation_id = ? "
                           "ORDER BY id DESC LIMIT 1", (conversation_id,)).fetchone()
        if row is None or row["role"] != role:
            return False
        conn.execute("DELETE FROM messages WHERE id = ?", (row["id"],))
        return True


def replace_messages(vault: Vault, conversation_id: int, *, from_id: int | None,
                     rows: Sequence[tuple[str, str, dict[str, Any]]]) -> list[MessageId]:
    """Delete the messages from ``from_id`` on (none when None) and add ``rows`` (role, content,
    meta) after what is left, in one transaction (a conversation's shown path rewritten from a
    turn on: another version of it chosen, or a question edited)."""
    now = time.time()
    with vault.transaction() as conn:
        if conn.execute("SELECT 1 FROM conversations WHERE id = ?", (conversation_id,)).fetchone() is None:
            raise NotFound(f"no conversation {conversation_id}")
        if from_id is not None:
            conn.execute("DELETE FROM messages WHERE conversation_id = ? AND id >= ?",
                         (conversation_id, from_id))
        ids = [MessageId(int(conn.execute(
            "INSERT INTO messages(conversation_id, role, content, meta, created_at) "
            "VALUES (?, ?, ?, ?, ?)", (conversation_id, role, content, json.dumps(meta), now)
        ).lastrowid or 0)) for role, content, meta in rows]
        conn.execute("UPDATE conversations SET updated_at = ? WHERE id = ?", (now, conversation_id))
        return ids


def rename_conversation(vault: Vault, conversation_id: int, title: str) -> None:
    with vault.transaction() as conn:
        if conn.execute("UPDATE conversations SET title = ? WHERE id = ?",
                        (title, conversation_id)).rowcount == 0:
            raise NotFound(f"no conversation {conversation_id}")


def delete_conversation(vault: Vault, conversation_id: int) -> None:
    with vault.transaction() as conn:
        if conn.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,)).rowcount == 0:
            raise NotFound(f"no conversation {conversation_id}")


def _conversation(r: Any) -> Conversation:
    return Conversation(ConversationId(r["id"]), r["title"], r["model"], r["system_prompt"],
                        float(r["created_at"]), float(r["updated_at"]))




def replace_imported(conn: Any, source_id: int, conversations: Sequence[ImportedConversation]) -> None:
    """Store conversations imported from another assistant's export as those of ``source_id``
    (inside the caller's transaction), replacing any it had. Forgetting the source deletes
    them with it (``conversations.source_id`` cascades)."""
    conn.execute("DELETE FROM conversations WHERE source_id = ?", (source_id,))
    now = time.time()
    for c in conversations:
        created = c.created_at or now
        conversation_id = conn.execute(
            "INSERT INTO conversations(title, model, system_prompt, created_at, updated_at, source_id) "
            "VALUES (?, ?, '', ?, ?, ?)",
            (c.title, c.origin, created, c.updated_at or created, source_id)).lastrowid
        meta = json.dumps({"imported_from": c.origin})
        conn.executemany(
            "INSERT INTO messages(conversation_id, role, content, meta, created_at) VALUES (?, ?, ?, ?, ?)",
            [(conversation_id, m.role, m.content, meta, m.created_at or created) for m in c.messages])


def imported_conversations(vault: Vault, source_id: int) -> list[Conversation]:
    """The conversations an imported chat export brought in, oldest first."""
    rows = vault.query("SELECT * FROM conversations WHERE source_id = ? ORDER BY created_at, id",
                       (source_id,))
    return [_conversation(r) for r in rows]
