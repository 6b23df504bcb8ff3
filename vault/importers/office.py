"""Word documents (.docx): everything Word shows, located by heading.

The text comes from the package's XML (:mod:`vault.importers.docx_parts`): the body with
its tables, text boxes, shapes and content controls, then diagrams, footnotes, endnotes, comments,
headers and footers, in Transitional or Strict OOXML. A zip is checked before anything is
unpacked: more than :data:`MAX_UNPACKED_BYTES` once unpacked, or a part that expands more
than :data:`MAX_RATIO` times, is a zip bomb and is refused unread."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from vault.importers.base import (
    EmptyFile,
    ParsedChunk,
    ParsedFile,
    UnreadableFile,
    check_deadline,
    chunk_text,
    document,
)

MAX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200
_PARTS = {"diagram": "diagram", "footnotes": "footnotes", "endnotes": "endnotes", "comments": "comments",
          "header": "header and footer", "footer": "header and footer"}


class DocxImporter:
    kind = "docx"
    extensions = (".docx",)

    def parse(self, path: Path, data: bytes) -> ParsedFile:
        from lxml import etree

        from vault.importers.docx_parts import read_package

        if not data.strip():
            raise EmptyFile(f"{path.name} is empty")
        _check_zip(path, data)
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                title, blocks = read_package(package)
        except (KeyError, ValueError, etree.XMLSyntaxError, zipfile.BadZipFile, OSError,
                EOFError, zipfile.LargeZipFile, NotImplementedError):
            raise UnreadableFile(f"{path.name} is not a readable Word document (its parts are "
                                 "missing or damaged)")
        chunks: list[ParsedChunk] = []
        heading = ""
        place = ""
        buffer: list[str] = []

        def flush() -> None:
            chunks.extend(chunk_text("\n\n".join(buffer), location=place or heading))
            buffer.clear()

        for block in blocks:
            check_deadline()
            part = _PARTS.get(block.part, "")
            if part != place:
                flush()
                place = part
            if block.heading:
                flush()
                heading = block.text
                title = title or block.text
            buffer.append(block.text)
        flush()
        if not chunks:
            raise EmptyFile(f"{path.name} has no text")
        title = title or path.stem
        return ParsedFile(self.kind, title, (document(self.kind, title, chunks),))


def _check_zip(path: Path, data: bytes) -> None:
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UnreadableFile(f"{path.name} is not a readable Word document (not a zip package: "
                             "damaged, or another kind of file)")
    unpacked = sum(m.file_size for m in members)
    worst = max((m.file_size / max(m.compress_size, 1) for m in members if m.file_size > 1 << 20),
                default=0.0)
    if unpacked > MAX_UNPACKED_BYTES or worst > MAX_RATIO:
        raise UnreadableFile(f"{path.name} would unpack to {unpacked / 2**20:,.0f} MB "
                             f"(a zip bomb?); skipped unread")
