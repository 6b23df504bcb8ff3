"""Word documents (.docx) via python-docx: paragraphs and tables, located by heading.

python-docx reads every part of the package into memory, so the zip's directory is
checked first: more than :data:`MAX_UNPACKED_BYTES` once unpacked, or a part that
expands more than :data:`MAX_RATIO` times, is a zip bomb and is refused unread."""

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


class DocxImporter:
    kind = "docx"
    extensions = (".docx",)

    def parse(self, path: Path, data: bytes) -> ParsedFile:
        import docx
        from docx.opc.exceptions import PackageNotFoundError

        if not data.strip():
            raise EmptyFile(f"{path.name} is empty")
        _check_zip(path, data)
        try:
            doc = docx.Document(io.BytesIO(data))
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise UnreadableFile(f"{path.name} is not a readable Word document ({type(exc).__name__})")
        title = (doc.core_properties.title or "").strip()
        chunks: list[ParsedChunk] = []
        heading = ""
        buffer: list[str] = []

        def flush() -> None:
            chunks.extend(chunk_text("\n\n".join(buffer), location=heading))
            buffer.clear()

        for paragraph in doc.paragraphs:
            check_deadline()
            text = paragraph.text.strip()
            if not text:
                continue
            style = (paragraph.style.name if paragraph.style is not None else "") or ""
            if style.lower().startswith(("heading", "title")):
                flush()
                heading = text
                title = title or text
            buffer.append(text)
        flush()
        for number, table in enumerate(doc.tables, start=1):
            rows = [" | ".join(cell.text.strip() for cell in row.cells) for row in table.rows]
            chunks.extend(chunk_text("\n".join(rows), location=f"table {number}"))
        if not chunks:
            raise EmptyFile(f"{path.name} has no text")
        title = title or path.stem
        return ParsedFile(self.kind, title, (document(self.kind, title, chunks),))


def _check_zip(path: Path, data: bytes) -> None:
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnreadableFile(f"{path.name} is not a readable Word document ({type(exc).__name__})")
    unpacked = sum(m.file_size for m in members)
    worst = max((m.file_size / max(m.compress_size, 1) for m in members if m.file_size > 1 << 20),
                default=0.0)
    if unpacked > MAX_UNPACKED_BYTES or worst > MAX_RATIO:
        raise UnreadableFile(f"{path.name} would unpack to {unpacked / 2**20:,.0f} MB "
                             f"(a zip bomb?); skipped unread")
