"""Importers: turning a file into documents and chunks, one module per format family.

The registry maps file extensions to importers. An importer is any object with
``kind``, ``extensions`` and ``parse(path, data) -> ParsedFile`` (see
:class:`Importer`); call :func:`register` to add one (a later registration for
the same extension wins, so a plugin can replace a built-in one).

:func:`parse_file` is the boundary: whatever a parsing library raises becomes an
:class:`ImportRefused` naming the file, so a broken file is skipped and reported
while the import goes on. It also bounds each file's cost: files over
:data:`MAX_WHOLE_BYTES` are refused unless their importer streams, and parsing
runs under a time limit (:func:`~vault.importers.base.time_limit`, checked by the
importers between pages, elements, events and messages).

An importer that also has ``stream(path, *, start)`` (:class:`StreamingImporter`:
mbox, plain text) yields a file's documents one at a time with the byte offset
just past each, so that ``vault.streaming`` can import a file of any size in
batches and resume at an offset.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from vault.importers.base import (
    EmptyFile,
    EncryptedFile,
    ImportRefused,
    ParsedChunk,
    ParsedDocument,
    ParsedFile,
    UnreadableFile,
    UnsupportedFile,
    chunk_text,
    time_limit,
)
from vault.plugins import register_importers

#: A file read whole (not streamed) may be at most this large: parsers hold it, and more, in memory.
MAX_WHOLE_BYTES = 256 * 1024 * 1024
#: Seconds one file may take to parse before it is skipped.
PARSE_SECONDS = 120.0
#: What each kind of file is called in a reason given to a person.
_NOUNS = {"pdf": "a PDF", "docx": "a Word document", "html": "a web page", "text": "a text file",
          "markdown": "a Markdown file", "email": "an e-mail message", "mbox": "a mailbox",
          "calendar": "a calendar", "contacts": "a contacts file", "chat-export": "a chat export"}


class Importer(Protocol):
    @property
    def kind(self) -> str:
        """The source kind stored for files it imports ("pdf", "email"…)."""
        ...

    @property
    def extensions(self) -> tuple[str, ...]:
        """File name endings it handles, lower case with the dot."""
        ...

    def parse(self, path: Path, data: bytes) -> ParsedFile:
        """Parse ``data`` (the bytes of ``path``); raise ImportRefused to skip the file."""
        ...


class StreamingImporter(Importer, Protocol):
    def stream(self, path: Path, *, start: int) -> Iterator[tuple[int, ParsedDocument | None]]:
        """Documents from byte ``start`` (0, or an offset this method yielded before): each with
        the offset just past it (None for a piece with nothing to import). Raises ImportRefused."""
        ...


_REGISTRY: dict[str, Importer] = {}


def register(importer: Importer) -> None:
    """Handle the importer's extensions with it (lower case, with the dot)."""
    for ext in importer.extensions:
        _REGISTRY[ext.lower()] = importer


_plugins_asked = False


def _ask_plugins() -> None:
    """Importers from installed plugins (``vault.plugins``), registered on first use."""
    global _plugins_asked
    if not _plugins_asked:
        _plugins_asked = True
        register_importers(register)


def importer_for(path: Path) -> Importer | None:
    _ask_plugins()
    name = path.name.lower()
    # Longest match first, so ".tar.gz"-style double extensions could be registered.
    for ext in sorted(_REGISTRY, key=len, reverse=True):
        if name.endswith(ext):
            return _REGISTRY[ext]
    return None


def streamer_for(path: Path) -> StreamingImporter | None:
    importer = importer_for(path)
    return importer if callable(getattr(importer, "stream", None)) else None  # type: ignore[return-value]


def supported_extensions() -> list[str]:
    _ask_plugins()
    return sorted(_REGISTRY)


def parse_file(path: Path, data: bytes, *, seconds: float = PARSE_SECONDS) -> ParsedFile:
    """Parse one file; raises ImportRefused (never a library's own error)."""
    importer = importer_for(path)
    if importer is None:
        raise UnsupportedFile(f"{path.name}: this kind of file is not supported")
    if len(data) > MAX_WHOLE_BYTES:
        raise UnreadableFile(f"{path.name} is too large to import ({len(data) / 2**20:.0f} MB; "
                             f"the limit for this kind of file is {MAX_WHOLE_BYTES // 2**20} MB)")
    try:
        with time_limit(seconds, path.name):
            parsed = importer.parse(path, data)
    except ImportRefused:
        raise
    except MemoryError:
        raise UnreadableFile(f"{path.name} is too large to read")
    except RecursionError:
        raise UnreadableFile(f"{path.name} is nested too deeply to read")
    except Exception as exc:
        # The translation boundary for every parsing library: a damaged file is the
        # user's problem to know about, not a crash; what the library said is for the log,
        # not for the person (it names Python's exceptions, not what is wrong with the file).
        logging.getLogger(__name__).info("reading %s failed: %r", path.name, exc)
        noun = _NOUNS.get(importer.kind, f"a {importer.kind} file")
        raise UnreadableFile(f"{path.name} could not be read as {noun}: it is damaged, cut short, "
                             "or not what its name says")
    if not any(doc.chunks for doc in parsed.documents):
        raise EmptyFile(f"{path.name} has no text")
    return parsed


def _register_builtins() -> None:
    from vault.importers.calendars import IcsImporter
    from vault.importers.chats import ChatExportImporter
    from vault.importers.contacts import VcfImporter
    from vault.importers.html import HtmlImporter
    from vault.importers.mail import EmlImporter, MboxImporter
    from vault.importers.office import DocxImporter
    from vault.importers.pdf import PdfImporter
    from vault.importers.text import MarkdownImporter, TextImporter

    for importer in (TextImporter(), MarkdownImporter(), PdfImporter(), HtmlImporter(),
                     DocxImporter(), EmlImporter(), MboxImporter(), IcsImporter(), VcfImporter(),
                     ChatExportImporter()):
        register(importer)


_register_builtins()

__all__ = [
    "EmptyFile",
    "EncryptedFile",
    "ImportRefused",
    "Importer",
    "ParsedChunk",
    "ParsedDocument",
    "ParsedFile",
    "StreamingImporter",
    "UnreadableFile",
    "UnsupportedFile",
    "chunk_text",
    "importer_for",
    "parse_file",
    "register",
    "streamer_for",
    "supported_extensions",
]
