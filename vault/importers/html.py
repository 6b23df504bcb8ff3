"""HTML via BeautifulSoup: scripts and styles dropped, chunks located by heading.

Table rows become one line each ("Customer number: FBR-3318-0467"), so that a
label and its value stay together in a passage and in a quote."""

from __future__ import annotations

from pathlib import Path

from vault.importers.base import EmptyFile, ParsedChunk, ParsedFile, chunk_text, decode_text, document

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_BLOCKS = ("p", "li", "pre", "blockquote", "td", "th", "dd", "dt", "div", "section", "article", "tr")


class HtmlImporter:
    kind = "html"
    extensions = (".html", ".htm", ".xhtml")

    def parse(self, path: Path, data: bytes) -> ParsedFile:
        from bs4 import BeautifulSoup

        text = decode_text(data, name=path.name)
        soup = BeautifulSoup(text, "html.parser")
        for tag in soup(["script", "style", "noscript", "template", "svg", "head"]):
            if tag.name == "head":
                continue
            tag.decompose()
        title = soup.title.get_text(" ", strip=True) if soup.title else ""
        if soup.head is not None:
            soup.head.decompose()
        body = soup.body or soup
        chunks: list[ParsedChunk] = []
        heading = ""
        buffer: list[str] = []

        def flush() -> None:
            chunks.extend(chunk_text("\n\n".join(buffer), location=heading))
            buffer.clear()

        for element in body.find_all([*_HEADINGS, *_BLOCKS]):
            if element.name in _HEADINGS:
                flush()
                heading = element.get_text(" ", strip=True)
                title = title or heading
                buffer.append(heading)
            elif element.name == "tr":
                # A table row reads as one line: "Label: value" for two cells, else "a | b | c".
                cells = [c.get_text(" ", strip=True) for c in element.find_all(["td", "th"])]
                cells = [c for c in cells if c]
                if cells:
                    buffer.append(": ".join(cells) if len(cells) == 2 else " | ".join(cells))
            elif element.name in ("td", "th") and element.find_parent("tr") is not None:
                continue  # read with its row
            elif element.find(_BLOCKS) is None:
                # Leaf blocks only, so nested divs do not repeat their children's text.
                buffer.append(element.get_text(" ", strip=True))
        flush()
        if not chunks:
            chunks = chunk_text(body.get_text("\n", strip=True))
        if not chunks:
            raise EmptyFile(f"{path.name} has no text")
        title = title or path.stem
        return ParsedFile(self.kind, title, (document(self.kind, title, chunks),))
