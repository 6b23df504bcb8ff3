"""Plain text and Markdown: Markdown chunks carry the heading path they sit under."""

from __future__ import annotations

import re
from pathlib import Path

from vault.importers.base import (
    EmptyFile,
    ParsedChunk,
    ParsedFile,
    chunk_text,
    decode_text,
    document,
)

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
