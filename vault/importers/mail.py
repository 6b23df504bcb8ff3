"""E-mail: a single message (.eml) or a mailbox (.mbox), a document per message.

Each message's chunks are located by "date — subject"; the header lines (from,
to, date, subject) lead the first chunk so that "what did Ana write about…"
finds it.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import mailbox
from email.message import EmailMessage, Message
from pathlib import Path
from typing import Any

from vault import kinds
from vault.importers.base import (
    EmptyFile,
    ParsedDocument,
    ParsedFile,
    UnreadableFile,
    chunk_text,
    decode_text,
    document,
)


class EmlImporter:
    kind = "email"
    extensions = (".eml",)

    def parse(self, path: Path, data: bytes) -> ParsedFile:
        decode_text(data, name=path.name)  # refuses empty and binary files
        message = email.message_from_bytes(data, policy=email.policy.default)
        if not message.keys():
            raise UnreadableFile(f"{path.name} is not an e-mail message (no headers)")
        doc = message_document(message)
        if doc is None:
            raise EmptyFile(f"{path.name} has no text")
        return ParsedFile(self.kind, doc.title or path.stem, (doc,))


class MboxImporter:
    kind = "mbox"
    extensions = (".mbox", ".mbx")

    def parse(self, path: Path, data: bytes) -> ParsedFile:
        if not data.strip():
            raise EmptyFile(f"{path.name} is empty")
        if not data.startswith(b"From "):
            raise UnreadableFile(f"{path.name} is not an mbox mailbox")
        documents: list[ParsedDocument] = []
        box = mailbox.mbox(path, factory=_factory, create=False)
        try:
            for message in box:
                doc = message_document(message)
                if doc is not None:
                    documents.append(doc)
        finally:
            box.close()
        if not documents:
            raise EmptyFile(f"{path.name} holds no messages with text")
        return ParsedFile(self.kind, path.stem, tuple(documents), {"messages": len(documents)})


def _factory(handle: Any) -> Any:
    return email.message_from_binary_file(handle, policy=email.policy.default)


def message_document(message: Message) -> ParsedDocument | None:
    subject = _header(message, "subject")
    sender = _header(message, "from")
    to = _header(message, "to")
    date = _header(message, "date")
    iso_date = ""
    if date:
        try:
            iso_date = email.utils.parsedate_to_datetime(date).date().isoformat()
        except (TypeError, ValueError):
            iso_date = date
    body = _body(message)
    if not body.strip() and not subject:
        return None
    head = "\n".join(f"{k}: {v}" for k, v in (("From", sender), ("To", to), ("Date", date),
                                              ("Subject", subject)) if v)
    location = " — ".join(part for part in (iso_date, subject) if part)
    chunks = chunk_text(f"{head}\n\n{body}", location=location)
    if not chunks:
        return None
    return document(kinds.EMAIL, subject or "(no subject)", chunks, sender=sender, to=to, date=date,
                    message_id=_header(message, "message-id"))


def _header(message: Message, name: str) -> str:
    try:
        value = message.get(name)
    except (ValueError, TypeError, IndexError):
        return ""
    return " ".join(str(value).split()) if value is not None else ""


def _body(message: Message) -> str:
    plain: list[str] = []
    html: list[str] = []
    parts = message.walk() if message.is_multipart() else iter([message])
    for part in parts:
        if part.is_multipart() or part.get_content_disposition() == "attachment":
            continue
        ctype = part.get_content_type()
        if ctype not in ("text/plain", "text/html"):
            continue
        text = _part_text(part)
        (plain if ctype == "text/plain" else html).append(text)
    if plain:
        return "\n\n".join(plain)
    if html:
        from bs4 import BeautifulSoup

        return "\n\n".join(BeautifulSoup(h, "html.parser").get_text("\n", strip=True) for h in html)
    return ""


def _part_text(part: Message) -> str:
    if isinstance(part, EmailMessage):
        try:
            return str(part.get_content())
        except (LookupError, ValueError, AssertionError):
            pass
    payload = part.get_payload(decode=True)
    if isinstance(payload, bytes):
        return payload.decode(part.get_content_charset() or "utf-8", errors="replace")
    return str(payload or "")
