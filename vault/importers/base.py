"""What an importer returns, what it may raise, and how text becomes chunks.

An importer turns one file into a :class:`ParsedFile`: one or more
:class:`ParsedDocument` (a page-less text is one document; an mbox holds a
document per message, an .ics one per event, a .vcf one per contact), each cut
into :class:`ParsedChunk` pieces small enough for the embedding model (about
256 word pieces). A chunk's ``location`` says where in the file it came from
(page, heading, message date and subject, event date) so that answers can cite
it. Importers never touch the vault; ``vault.sources`` stores what they return.

Errors (all :class:`ImportRefused`, a :class:`~vault.errors.VaultError`)::

    ImportRefused           the file was skipped; the import goes on
    ├── UnsupportedFile     no importer for this kind of file
    ├── EmptyFile           nothing to import (no text in it)
    ├── EncryptedFile       password-protected (e.g. an encrypted PDF)
    └── UnreadableFile      damaged, truncated, or not what its name says
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from vault.errors import VaultError

#: Chunk size in characters: ~180 word pieces of English, under the model's 256-token window.
CHUNK_CHARS = 900
#: Overlap between consecutive chunks of one passage, so a fact cut in two is still found whole.
OVERLAP_CHARS = 120


class ImportRefused(VaultError):
    """This file was not imported; the message says why in words for the user."""


class UnsupportedFile(ImportRefused):
    pass


class EmptyFile(ImportRefused):
    pass


class EncryptedFile(ImportRefused):
    pass


class UnreadableFile(ImportRefused):
    pass


@dataclass(frozen=True)
class ParsedChunk:
    text: str
    location: str = ""


@dataclass(frozen=True)
class ParsedDocument:
    kind: str
    title: str
    chunks: tuple[ParsedChunk, ...]
    meta: dict[str, Any] = field(default_factory=dict)

    @functools.cached_property
    def sha256(self) -> str:
        """Identity of the content: a document whose hash is unchanged is kept as is on re-import.
        Worked out once (a document is frozen): an import reads it more than once."""
        h = hashlib.sha256()
        for part in (self.kind, self.title):
            h.update(part.encode("utf-8", "surrogatepass") + b"\0")
        for chunk in self.chunks:
            h.update(chunk.location.encode("utf-8", "surrogatepass") + b"\1")
            h.update(chunk.text.encode("utf-8", "surrogatepass") + b"\2")
        return h.hexdigest()

    @functools.cached_property
    def meta_json(self) -> str:
        """``meta`` as the vault stores it: JSON, with what JSON cannot hold as text."""
        return json.dumps(self.meta, default=str)


@dataclass(frozen=True)
class ImportedMessage:
    role: str  # "user", "assistant", "system" or "tool"
    content: str
    created_at: float = 0.0


@dataclass(frozen=True)
class ImportedConversation:
    """A conversation held with another assistant, stored beside Hearth's own (see chats)."""

    title: str
    messages: tuple[ImportedMessage, ...]
    created_at: float = 0.0
    updated_at: float = 0.0
    origin: str = ""  # "chatgpt", "claude"


@dataclass(frozen=True)
class ParsedFile:
    kind: str
    title: str
    documents: tuple[ParsedDocument, ...]
    meta: dict[str, Any] = field(default_factory=dict)
    #: Conversations to store in the vault's conversation list, tied to this file's source.
    conversations: tuple[ImportedConversation, ...] = ()


# -- the per-file time limit -------------------------------------------------------------------------

_LIMIT = threading.local()


@contextlib.contextmanager
def time_limit(seconds: float, name: str) -> Iterator[None]:
    """Within this block, :func:`check_deadline` refuses ``name`` once ``seconds`` have passed.

    Importers call it between pages, elements, events and messages: a file that would take
    too long is skipped with a reason, and the import goes on."""
    previous = getattr(_LIMIT, "state", None)
    _LIMIT.state = (time.monotonic() + seconds, seconds, name)
    try:
        yield
    finally:
        _LIMIT.state = previous


def check_deadline() -> None:
    state = getattr(_LIMIT, "state", None)
    if state is not None and time.monotonic() > state[0]:
        raise UnreadableFile(f"{state[2]} took longer than {state[1]:.0f} s to read; skipped")


_BLANK_LINES = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+")
_SPACES = re.compile(r"[ \t\f\v\r]+")


def clean_text(text: str) -> str:
    """Collapse runs of spaces and blank lines; drop NULs and other control noise."""
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def chunk_text(text: str, *, location: str = "", size: int = CHUNK_CHARS,
               overlap: int = OVERLAP_CHARS) -> list[ParsedChunk]:
    """Cut ``text`` at paragraph, then sentence, then word boundaries into pieces of ≤ ``size``."""
    text = clean_text(text)
    if not text:
        return []
    pieces: list[str] = []
    for paragraph in _BLANK_LINES.split(text):
        paragraph = paragraph.strip()
        if len(paragraph) <= size:
            pieces.append(paragraph)
            continue
        for sentence in _SENTENCE_END.split(paragraph):
            while len(sentence) > size:
                cut = sentence.rfind(" ", size // 2, size)
                cut = cut if cut > 0 else size
                pieces.append(sentence[:cut].strip())
                sentence = sentence[cut:].strip()
            if sentence:
                pieces.append(sentence)
    chunks: list[str] = []
    current = ""
    for piece in pieces:
        if current and len(current) + 2 + len(piece) > size:
            chunks.append(current)
            tail = _overlap_tail(current, overlap)
            current = f"{tail} {piece}".strip() if tail and len(tail) + 1 + len(piece) <= size else piece
        else:
            current = f"{current}\n\n{piece}" if current else piece
    if current:
        chunks.append(current)
    return [ParsedChunk(c, location) for c in chunks if c.strip()]


def _overlap_tail(text: str, overlap: int) -> str:
    if overlap <= 0 or len(text) <= overlap:
        return ""
    tail = text[-overlap:]
    space = tail.find(" ")
    return tail[space + 1:] if space >= 0 else tail


def decode_text(data: bytes, *, name: str, declared: str | None = None) -> str:
    """Bytes of a text file as str, in the encoding :func:`~vault.importers.encoding.sniff`
    finds (``declared``: the charset the file or its container names); refuses binary data
    whatever the file is called."""
    from vault.importers.encoding import decode, sniff

    if not data.strip(b" \t\r\n\x00"):
        raise EmptyFile(f"{name} is empty")
    codec = sniff(data, declared=declared)
    if codec is None:
        raise UnreadableFile(f"{name} is not a text file (binary data)")
    text = decode(data, codec)
    if codec not in ("utf-8", "utf-8-sig"):
        # A guessed single-byte code page decodes anything: accept it only if it reads as prose.
        head = text[:65536]
        printable = sum(1 for ch in head if ch.isprintable() or ch in "\n\t\r")
        if printable < 0.95 * len(head):
            raise UnreadableFile(f"{name} is not a text file (binary data)")
    return text


def document(kind: str, title: str, chunks: list[ParsedChunk], **meta: Any) -> ParsedDocument:
    return ParsedDocument(kind=kind, title=title.strip(), chunks=tuple(chunks), meta=dict(meta))
