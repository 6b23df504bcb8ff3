"""Word documents (.docx) via python-docx: paragraphs and tables, located by heading."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from vault.importers.base import (
    EmptyFile,
    ParsedChunk,
    ParsedFile,
    UnreadableFile,
    chunk_text,
    document,
)


class DocxImporter:
    kind = "docx"
    extensions = (".docx",)

    def parse(self, path: Path, data: bytes) -> ParsedFile:
        import docx
        from docx.opc.exceptions import PackageNotFoundError

        if not data.strip():
            raise EmptyFile(f"{path.name} is empty")
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
