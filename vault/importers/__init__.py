"""Importers: turning a file into documents and chunks, one module per format family.

The registry maps file extensions to importers. An importer is any object with
``kind``, ``extensions`` and ``parse(path, data) -> ParsedFile`` (see
:class:`Importer`); call :func:`register` to add one (a later registration for
the same extension wins, so a plugin can replace a built-in one).

:func:`parse_file` is the boundary: whatever a parsing library raises becomes an
:class:`ImportRefused` naming the file, so a broken file is skipped and reported
while the import goes on.
"""

from __future__ import annotations

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
)


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


_REGISTRY: dict[str, Importer] = {}


def register(importer: Importer) -> None:
    """Handle the importer's extensions with it (lower case, with the dot)."""
    for ext in importer.extensions:
        _REGISTRY[ext.lower()] = importer


def importer_for(path: Path) -> Importer | None:
    name = path.name.lower()
    # Longest match first, so ".tar.gz"-style double extensions could be registered.
    for ext in sorted(_REGISTRY, key=len, reverse=True):
        if name.endswith(ext):
            return _REGISTRY[ext]
    return None


def supported_extensions() -> list[str]:
    return sorted(_REGISTRY)


def parse_file(path: Path, data: bytes) -> ParsedFile:
    """Parse one file; raises ImportRefused (never a library's own error)."""
    importer = importer_for(path)
    if importer is None:
        raise UnsupportedFile(f"{path.name}: this kind of file is not supported")
    try:
        parsed = importer.parse(path, data)
    except ImportRefused:
        raise
    except MemoryError:
        raise UnreadableFile(f"{path.name} is too large to read")
    except RecursionError:
        raise UnreadableFile(f"{path.name} is nested too deeply to read")
    except Exception as exc:
        # The translation boundary for every parsing library: a damaged file is the
        # user's problem to know about, not a crash.
        raise UnreadableFile(f"{path.name} could not be read ({type(exc).__name__}: {exc})"[:300])
    if not any(doc.chunks for doc in parsed.documents):
        raise EmptyFile(f"{path.name} has no text")
    return parsed


def _register_builtins() -> None:
    from vault.importers.calendars import IcsImporter
    from vault.importers.contacts import VcfImporter
    from vault.importers.html import HtmlImporter
    from vault.importers.mail import EmlImporter, MboxImporter
    from vault.importers.office import DocxImporter
    from vault.importers.pdf import PdfImporter
    from vault.importers.text import MarkdownImporter, TextImporter

    for importer in (TextImporter(), MarkdownImporter(), PdfImporter(), HtmlImporter(),
                     DocxImporter(), EmlImporter(), MboxImporter(), IcsImporter(), VcfImporter()):
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
    "UnreadableFile",
    "UnsupportedFile",
    "chunk_text",
    "importer_for",
    "parse_file",
    "register",
    "supported_extensions",
]
