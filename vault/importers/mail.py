"""E-mail: a single message (.eml) or a mailbox (.mbox), a document per message.

Each message's chunks are located by "date — subject"; the header lines (from,
to, date, subject) lead the first chunk so that "what did Ana write about…"
finds it.

A mailbox is read as a stream (:func:`vault.importers.mbox.split_mbox`, which also says
where one message ends: Content-Length framing, envelope lines): a message at a time, each
with the byte offset just past it, so ``vault.streaming`` can import a mailbox
of any size in batches and resume at an offset. Messages are parsed with the
``compat32`` policy (2.5× faster than ``email.policy.default`` on 100k messages;
encoded headers are decoded by :func:`_header`). One message larger than
:data:`MAX_MESSAGE_BYTES` is passed over (memory stays bounded), not the mailbox.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import io
import re
from collections.abc import Callable, Iterator
from email.header import decode_header, make_header
from email.message import Message
from pathlib import Path

from vault import kinds
from vault.importers.base import (
    EmptyFile,
    ParsedDocument,
    ParsedFile,
    UnreadableFile,
    check_deadline,
    chunk_text,
    document,
)
from vault.importers.encoding import decode, sniff
from vault.importers.mbox import MAX_MESSAGE_BYTES as MAX_MESSAGE_BYTES
from vault.importers.mbox import looks_like_mbox, split_mbox

_SURROGATE = re.compile("[\udc80-\udcff]")
_CHARSET = re.compile(r"""charset\s*=\s*["']?([^"';\s]+)""", re.IGNORECASE)
_PLAIN_CTE = frozenset({"7bit", "8bit", "binary", ""})


class EmlImporter:
    kind = "email"
    extensions = (".eml",)

    def parse(self, path: Path, data: bytes) -> ParsedFile:
        if not data.strip():
            raise EmptyFile(f"{path.name} is empty")
        if b"\x00" in data[:8192]:
            raise UnreadableFile(f"{path.name} is not an e-mail message (binary data)")
        # A byte order mark before the headers (an editor saved it) is not a header. compat32,
        # as for a mailbox: the default policy's header parser took 330 MB for a To: header of
        # a few thousand encoded words (MimeKit's stack-overflow.eml); _header decodes them.
        message = email.message_from_bytes(data.removeprefix(b"\xef\xbb\xbf"),
                                           policy=email.policy.compat32)
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
        if not looks_like_mbox(data[:4096]):
            raise UnreadableFile(f"{path.name} is not an mbox mailbox (it does not begin with a "
                                 "'From ' envelope line)")
        documents: list[ParsedDocument] = []
        passed = 0
        for _, raw in split_mbox(io.BytesIO(data), start=0):
            check_deadline()
            doc = _read_message(raw)
            if doc is not None:
                documents.append(doc)
            else:
                passed += 1
        if not documents:
            raise EmptyFile(f"{path.name} holds no messages with text")
        meta: dict[str, object] = {"messages": len(documents)}
        if passed:
            meta["report"] = (f"{passed} message(s) passed over (no text, larger than "
                              f"{MAX_MESSAGE_BYTES // 2**20} MB, or damaged)")
        return ParsedFile(self.kind, path.stem, tuple(documents), meta)

    def stream(self, path: Path, *, start: int) -> Iterator[tuple[int, ParsedDocument | None]]:
        """(offset just past each message, its document or None), from byte ``start`` on."""
        with path.open("rb") as handle:
            if start == 0:
                head = handle.read(4096)
                if not head.strip():
                    raise EmptyFile(f"{path.name} is empty")
                if not looks_like_mbox(head):
                    raise UnreadableFile(f"{path.name} is not an mbox mailbox (it does not begin "
                                         "with a 'From ' envelope line)")
            for end, raw in split_mbox(handle, start=start):
                yield end, _read_message(raw)


def _read_message(raw: bytes | None) -> ParsedDocument | None:
    """One message's document; None for one with no text, one too large, or one the e-mail
    parser cannot read (one damaged message never costs the mailbox)."""
    if raw is None:
        return None
    try:
        return mbox_message_document(raw)
    except (ValueError, TypeError, LookupError, IndexError, AttributeError, AssertionError,
            UnicodeError, RecursionError):
        return None


def mbox_message_document(raw: bytes) -> ParsedDocument | None:
    """One mbox message (envelope line first) as a document, None if it holds no text."""
    newline = raw.find(b"\n")
    body = raw[newline + 1:] if raw.startswith(b"From ") and newline >= 0 else raw
    simple = _simple_message(body)
    if simple is not None:
        headers, text = simple
        return _document(lambda name: _decoded(headers.get(name)), text, [])
    message = email.message_from_bytes(body, policy=email.policy.compat32)
    return message_document(message)


def _simple_message(raw: bytes) -> tuple[dict[str, str], str] | None:
    """Headers (first of each, lower-case names) and text of a one-part plain-text message with
    ASCII headers, read without the e-mail package (most of a long-kept mailbox, read 3× faster
    than by it, to the same result); None for any other message."""
    end, gap = raw.find(b"\n\n"), 2
    crlf = raw.find(b"\r\n\r\n", 0, end if end >= 0 else len(raw))
    if crlf >= 0:
        end, gap = crlf, 4
    if end < 0 or not raw[:end].isascii():
        return None
    headers: dict[str, str] = {}
    current: str | None = None  # the header a continuation line belongs to (None: a repeat)
    for line in raw[:end].decode("ascii").replace("\r\n", "\n").split("\n"):
        if line[:1] in (" ", "\t"):
            if current is not None:
                headers[current] += " " + line.strip()
            continue
        name, colon, value = line.partition(":")
        key = name.strip().lower()
        if not colon or not key or " " in key:
            return None
        current = None if key in headers else key
        if current is not None:
            headers[key] = value.strip()
    ctype = headers.get("content-type", "text/plain")
    if ctype.split(";")[0].strip().lower() != "text/plain" \
            or headers.get("content-transfer-encoding", "7bit").strip().lower() not in _PLAIN_CTE \
            or "attachment" in headers.get("content-disposition", "").lower():
        return None
    match = _CHARSET.search(ctype)
    payload = raw[end + gap:]
    return headers, decode(payload, sniff(payload, declared=match.group(1) if match else None) or "utf-8")


def message_document(message: Message) -> ParsedDocument | None:
    return _document(lambda name: _header(message, name), *_body(message))


def _document(header: Callable[[str], str], body: str, attached: list[str]) -> ParsedDocument | None:
    subject = header("subject")
    sender = header("from")
    to = header("to")
    date = header("date")
    iso_date = ""
    if date:
        try:
            iso_date = email.utils.parsedate_to_datetime(date).date().isoformat()
        except (TypeError, ValueError):
            iso_date = date
    if not body.strip() and not subject and not sender:
        return None
    head = "\n".join(f"{k}: {v}" for k, v in (("From", sender), ("To", to), ("Date", date),
                                              ("Subject", subject),
                                              ("Attachments", ", ".join(attached))) if v)
    location = " — ".join(part for part in (iso_date, subject) if part)
    chunks = chunk_text(f"{head}\n\n{body}", location=location)
    if not chunks:
        return None
    return document(kinds.EMAIL, subject or "(no subject)", chunks, sender=sender, to=to, date=date,
                    message_id=header("message-id"))


def _header(message: Message, name: str) -> str:
    # The value as stored (compat32 turns one holding raw 8-bit bytes into a Header whose str()
    # has lost them); RFC 2047 words and raw bytes are decoded by _decoded, as mail clients do.
    return _decoded(next((v for k, v in message.raw_items() if k.lower() == name), None))


def _decoded(value: object) -> str:
    if value is None:
        return ""
    text = str(value)
    try:
        if not text.isascii() and _SURROGATE.search(text):
            # 8-bit bytes written raw in a header (no RFC 2047): read them as mail clients do.
            raw = text.encode("ascii", "surrogateescape")
            text = decode(raw, sniff(raw) or "utf-8")
        if "=?" in text:  # RFC 2047 words, left encoded by the compat32 policy
            text = str(make_header(decode_header(text)))
    except (ValueError, TypeError, IndexError, LookupError, UnicodeError, AssertionError):
        pass
    return " ".join(text.split())


def _body(message: Message) -> tuple[str, list[str]]:
    """The message's text (its plain parts, else its HTML parts as text) and the names of the
    files attached to it."""
    plain: list[str] = []
    html: list[str] = []
    attached: list[str] = []
    parts = message.walk() if message.is_multipart() else iter([message])
    for part in parts:
        if part.is_multipart():
            continue
        try:
            filename = part.get_filename()
        except (ValueError, LookupError, UnicodeError, TypeError):
            filename = None
        if filename:
            attached.append(" ".join(str(filename).split()))
        if part.get_content_disposition() == "attachment":
            continue
        ctype = part.get_content_type()
        if ctype not in ("text/plain", "text/html"):
            continue
        text = _part_text(part)
        (plain if ctype == "text/plain" else html).append(text)
    if plain:
        return "\n\n".join(plain), attached
    if html:
        from bs4 import BeautifulSoup

        return ("\n\n".join(BeautifulSoup(h, "html.parser").get_text("\n", strip=True) for h in html),
                attached)
    return "", attached


def _part_text(part: Message) -> str:
    """A text part as its charset says, or as detected where it says none (or a wrong one),
    as mail clients read it."""
    try:
        payload = part.get_payload(decode=True)
    except (ValueError, AssertionError, LookupError):
        payload = None
    if isinstance(payload, bytes):
        try:
            declared = part.get_content_charset()
        except (ValueError, LookupError):
            declared = None
        codec = sniff(payload, declared=declared) or "utf-8"
        return decode(payload, codec)
    return str(payload or "")
