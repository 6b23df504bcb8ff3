"""Chats with other assistants: ChatGPT and Claude data exports.

Accepted: the export ``.zip`` as downloaded, or its ``conversations.json``. ChatGPT's
newer exports split the list over ``conversations-000.json``, ``-001.json``…; every
part is read, in order. The formats, as published by the exports themselves:

* ChatGPT: a list of conversations, each ``{"title", "create_time", "update_time",
  "mapping": {node id: {"message": {"author": {"role"}, "content": {"content_type",
  "parts" | "text"}, "create_time"}, "parent", "children"}}, "current_node"}``. The
  conversation is the path from ``current_node`` up to the root (the branch the person
  last saw; edited-away branches are left out and counted).
* Claude: a list of ``{"uuid", "name", "created_at", "updated_at", "chat_messages":
  [{"sender": "human" | "assistant", "text", "content": [{"type": "text", "text"}],
  "created_at"}]}``.

Each conversation becomes a document of kind ``chat`` (searchable and usable as
context like any other source, forgotten with the file) and a conversation in the
vault's list (``ParsedFile.conversations``). What could not be imported (images and
files, tool output, conversations with no text, broken entries or parts) is counted
in ``meta["skipped"]`` and summed up in ``meta["report"]``.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

from vault import kinds
from vault.importers.base import (
    EmptyFile,
    ImportedConversation,
    ImportedMessage,
    ParsedDocument,
    ParsedFile,
    UnreadableFile,
    UnsupportedFile,
    check_deadline,
    chunk_text,
    document,
)

#: One JSON member of an export is read whole: at most this large once uncompressed.
MAX_JSON_BYTES = 256 * 1024 * 1024
_PART = re.compile(r"(^|/)conversations(-\d+)?\.json$")
_ROLES = {"user": "user", "human": "user", "assistant": "assistant", "system": "system",
          "tool": "tool"}


class ChatExportImporter:
    kind = "chat-export"
    extensions = (".zip", ".json")

    def parse(self, path: Path, data: bytes) -> ParsedFile:
        skipped: Counter[str] = Counter()
        lists: list[list[Any]] = []
        if path.suffix.lower() == ".zip":
            for name, raw in _zip_parts(path, data):
                try:
                    lists.append(_load(raw, name))
                except UnreadableFile:
                    skipped[f"unreadable part {name}"] += 1
            if not lists and skipped:
                raise UnreadableFile(f"{path.name}: every conversations file in it is damaged")
        else:
            head = data[:65536].lstrip()
            if not head.startswith(b"[") or not (b'"mapping"' in head or b'"chat_messages"' in head):
                raise UnsupportedFile(f"{path.name} is not a ChatGPT or Claude export")
            lists.append(_load(data, path.name))
        origin = ""
        conversations: list[ImportedConversation] = []
        documents: list[ParsedDocument] = []
        for items in lists:
            for item in items:
                check_deadline()
                try:
                    if isinstance(item, dict) and "mapping" in item:
                        origin = origin or "chatgpt"
                        conversation = _chatgpt(item, skipped)
                    elif isinstance(item, dict) and "chat_messages" in item:
                        origin = origin or "claude"
                        conversation = _claude(item, skipped)
                    else:
                        skipped["entries that are not conversations"] += 1
                        continue
                except (KeyError, TypeError, ValueError, AttributeError):
                    skipped["damaged conversations"] += 1
                    continue
                if conversation is None:
                    skipped["conversations with no text"] += 1
                    continue
                conversations.append(conversation)
                documents.append(_document(conversation))
        if not documents:
            if skipped:
                raise EmptyFile(f"{path.name} holds no readable conversation ({_summary(skipped)})")
            raise EmptyFile(f"{path.name} holds no conversations")
        label = {"chatgpt": "ChatGPT", "claude": "Claude"}.get(origin, "chat")
        report = f"{len(conversations)} {label} conversation(s)"
        if skipped:
            report += f"; skipped {_summary(skipped)}"
        return ParsedFile(self.kind, f"{label} conversations ({path.stem})", tuple(documents),
                          {"origin": origin, "conversations": len(conversations),
                           "skipped": dict(skipped), "report": report},
                          conversations=tuple(conversations))


def _zip_parts(path: Path, data: bytes) -> list[tuple[str, bytes]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = sorted((i for i in archive.infolist() if _PART.search(i.filename)),
                         key=lambda i: i.filename)
        if not members:
            raise UnsupportedFile(f"{path.name} is a zip archive, not a ChatGPT or Claude export")
        out = []
        for info in members:
            if info.file_size > MAX_JSON_BYTES:
                raise UnreadableFile(f"{path.name}: {info.filename} is too large "
                                     f"({info.file_size / 2**20:.0f} MB uncompressed)")
            with archive.open(info) as member:
                raw = member.read(MAX_JSON_BYTES + 1)  # the header's size may lie (a zip bomb)
            if len(raw) > MAX_JSON_BYTES:
                raise UnreadableFile(f"{path.name}: {info.filename} is too large once uncompressed")
            out.append((info.filename, raw))
        return out
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError):
        raise UnreadableFile(f"{path.name} is not a readable zip archive (damaged, cut short, or "
                             "compressed in a way that cannot be read)")


def _load(raw: bytes, name: str) -> list[Any]:
    try:
        value = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise UnreadableFile(f"{name} is not valid JSON (damaged or cut short)")
    if not isinstance(value, list):
        raise UnreadableFile(f"{name} does not hold a list of conversations")
    return value


def _chatgpt(item: dict[str, Any], skipped: Counter[str]) -> ImportedConversation | None:
    mapping: dict[str, Any] = item["mapping"]
    node_id = item.get("current_node")
    if node_id not in mapping:  # no pointer to the branch shown: follow first children
        roots = [k for k, v in mapping.items() if not v.get("parent")]
        node_id = roots[0] if roots else None
        while node_id is not None and mapping[node_id].get("children"):
            node_id = mapping[node_id]["children"][0]
    path: list[dict[str, Any]] = []
    seen: set[str] = set()
    while node_id is not None and node_id in mapping and node_id not in seen:
        seen.add(node_id)
        path.append(mapping[node_id])
        node_id = mapping[node_id].get("parent")
    skipped["messages on edited-away branches"] += max(0, sum(
        1 for v in mapping.values() if v.get("message")) - sum(1 for n in path if n.get("message")))
    messages: list[ImportedMessage] = []
    for node in reversed(path):
        message = node.get("message")
        if not message:
            continue
        role = _ROLES.get(str((message.get("author") or {}).get("role", "")))
        content = message.get("content") or {}
        ctype = content.get("content_type", "text")
        texts: list[str] = []
        if ctype in ("text", "multimodal_text"):
            for part in content.get("parts") or []:
                if isinstance(part, str):
                    texts.append(part)
                else:
                    skipped["images and files"] += 1
        elif ctype == "code" and isinstance(content.get("text"), str):
            texts.append(content["text"])
        else:
            skipped[f"{ctype} entries"] += 1
            continue
        text = "\n\n".join(t for t in texts if t.strip())
        if role is None or not text.strip():
            continue
        if role == "system" or role == "tool":
            skipped["system and tool messages"] += 1
            continue
        messages.append(ImportedMessage(role, text, _float(message.get("create_time"))))
    if not messages:
        return None
    created = _float(item.get("create_time"))
    return ImportedConversation(str(item.get("title") or "Untitled"), tuple(messages), created,
                                _float(item.get("update_time")) or created, "chatgpt")


def _claude(item: dict[str, Any], skipped: Counter[str]) -> ImportedConversation | None:
    messages: list[ImportedMessage] = []
    for message in item["chat_messages"]:
        role = _ROLES.get(str(message.get("sender", "")))
        parts = message.get("content")
        if isinstance(parts, list) and parts:
            texts = []
            for part in parts:
                if (isinstance(part, dict) and part.get("type") == "text"
                        and isinstance(part.get("text"), str)):
                    texts.append(part["text"])
                else:
                    skipped[f"{part.get('type', 'unknown') if isinstance(part, dict) else 'unknown'} "
                            "entries"] += 1
            text = "\n\n".join(texts)
        else:
            text = str(message.get("text") or "")
        for extra in ("attachments", "files"):
            skipped["images and files"] += len(message.get(extra) or [])
        if role is None or not text.strip():
            continue
        messages.append(ImportedMessage(role, text, _iso(message.get("created_at"))))
    if not messages:
        return None
    created = _iso(item.get("created_at"))
    return ImportedConversation(str(item.get("name") or "Untitled"), tuple(messages), created,
                                _iso(item.get("updated_at")) or created, "claude")


def _document(conversation: ImportedConversation) -> ParsedDocument:
    label = {"chatgpt": "ChatGPT", "claude": "Claude"}.get(conversation.origin, "Assistant")
    day = (dt.datetime.fromtimestamp(conversation.created_at, dt.UTC).date().isoformat()
           if conversation.created_at else "")
    # The title leads, as an e-mail's subject does: a conversation is found by its name too.
    lines = [f"Conversation: {conversation.title}"]
    lines += [f"{'Me' if m.role == 'user' else label}: {m.content}" for m in conversation.messages]
    location = " — ".join(p for p in (day, conversation.title) if p)
    chunks = chunk_text("\n\n".join(lines), location=location)
    return document(kinds.CHAT, conversation.title, chunks, origin=conversation.origin, date=day,
                    messages=len(conversation.messages))


def _float(value: Any) -> float:
    try:
        return float(value) if value is not None else 0.0
    except (TypeError, ValueError):
        return 0.0


def _iso(value: Any) -> float:
    if not isinstance(value, str) or not value:
        return 0.0
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0.0


def _summary(skipped: Counter[str]) -> str:
    return ", ".join(f"{n} {what}" for what, n in skipped.most_common() if n)
