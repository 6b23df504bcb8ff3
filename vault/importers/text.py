"""Plain text and Markdown: Markdown chunks carry the heading path they sit under."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from vault.importers.base import (
    EmptyFile,
    ParsedChunk,
    ParsedDocument,
    ParsedFile,
    UnreadableFile,
    chunk_text,
    decode_text,
    document,
)
from vault.importers.encoding import SAMPLE_BYTES, decode, sniff

#: Large text files are read in pieces of about this many bytes, cut at a line break.
PIECE_BYTES = 1024 * 1024
#: A line longer than this is not prose (a data dump, a minified file): the file is skipped.
MAX_LINE_BYTES = 4 * 1024 * 1024

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


class TextImporter:
    kind = "text"
    extensions = (".txt", ".text", ".log", ".rst", ".org")

    def parse(self, path: Path, data: bytes) -> ParsedFile:
        text = decode_text(data, name=path.name)
        chunks = chunk_text(text)
        if not chunks:
            raise EmptyFile(f"{path.name} has no text")
        return ParsedFile(self.kind, path.stem, (document(self.kind, path.stem, chunks),))

    def stream(self, path: Path, *, start: int) -> Iterator[tuple[int, ParsedDocument | None]]:
        """A large text file in pieces cut at line breaks: (offset just past the piece, its
        document). Memory stays near :data:`MAX_LINE_BYTES` whatever the file's size."""
        with path.open("rb") as handle:
            # The encoding is found once, from the file's head, and holds for every piece.
            head = handle.read(SAMPLE_BYTES)
            if not head.strip():
                raise EmptyFile(f"{path.name} is empty")
            codec = sniff(head)
            if codec is None:
                raise UnreadableFile(f"{path.name} is not a text file (binary data)")
            if codec.startswith(("utf-16", "utf-32")):
                raise UnreadableFile(f"{path.name} is a UTF-16 or UTF-32 text too large to read")
            handle.seek(start)
            at, carry = start, b""
            while True:
                block = handle.read(PIECE_BYTES)
                if b"\x00" in block:
                    raise UnreadableFile(f"{path.name} is not a text file (binary data)")
                data = carry + block
                if not block:
                    if data.strip():
                        yield at + len(data), self._piece(path, data, codec)
                    return
                cut = data.rfind(b"\n\n", len(data) // 2)
                cut = cut + 1 if cut >= 0 else data.rfind(b"\n")
                if cut < 0:
                    if len(data) > MAX_LINE_BYTES:
                        raise UnreadableFile(f"{path.name} has a line longer than "
                                             f"{MAX_LINE_BYTES // 2**20} MB: not a text document")
                    carry = data
                    continue
                piece, carry = data[:cut + 1], data[cut + 1:]
                yield at + len(piece), self._piece(path, piece, codec)
                at += len(piece)

    def _piece(self, path: Path, data: bytes, codec: str) -> ParsedDocument | None:
        text = decode(data, codec)
        chunks = chunk_text(text)
        return document(self.kind, path.stem, chunks) if chunks else None


class MarkdownImporter:
    kind = "markdown"
    extensions = (".md", ".markdown", ".mdown", ".mkd")

    def parse(self, path: Path, data: bytes) -> ParsedFile:
        text = decode_text(data, name=path.name).replace("\r\n", "\n")
        text = _FRONT_MATTER.sub("", text, count=1)
        chunks: list[ParsedChunk] = []
        title = ""
        for heading_path, body in _sections(text):
            if not title and heading_path:
                title = heading_path[0]
            location = " > ".join(heading_path)
            chunks.extend(chunk_text(body, location=location))
        if not chunks:
            raise EmptyFile(f"{path.name} has no text")
        title = title or path.stem
        return ParsedFile(self.kind, title, (document(self.kind, title, chunks),))


def _sections(text: str) -> list[tuple[list[str], str]]:
    """(heading path, body) for each heading; a heading's own line is part of its body."""
    sections: list[tuple[list[str], str]] = []
    stack: list[tuple[int, str]] = []
    lines: list[str] = []
    in_fence = False

    def flush() -> None:
        body = "\n".join(lines).strip()
        if body:
            sections.append(([h for _, h in stack], body))
        lines.clear()

    for line in text.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else _HEADING.match(line)
        if match:
            flush()
            level = len(match.group(1))
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, match.group(2).strip()))
        lines.append(line)
    flush()
    return sections
