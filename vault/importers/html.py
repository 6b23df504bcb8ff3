"""HTML via BeautifulSoup: scripts and styles dropped, chunks located by heading.

The page's encoding is found as a browser finds it: byte order mark, then the charset its
``<meta>`` declares, then detection (:mod:`vault.importers.encoding`).

Table rows become one line each ("Customer number: FBR-3318-0467"), so that a
label and its value stay together in a passage and in a quote.

Before BeautifulSoup builds its tree, a linear scan (:func:`nesting_depth`) refuses
markup nested deeper than :data:`MAX_DEPTH` (real pages stay under ~100; 100,000
nested ``<div>`` elements made the tree walk take hours)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bs4 import Tag

from vault.importers.base import (
    EmptyFile,
    ParsedChunk,
    ParsedFile,
    UnreadableFile,
    check_deadline,
    chunk_text,
    decode_text,
    document,
)
from vault.importers.encoding import html_declared

MAX_DEPTH = 512
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "param", "source", "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th",
                   "option"})  # void, or closed implicitly by the next sibling


class _Depth(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.depth = self.deepest = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag not in _VOID:
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)
            if self.deepest > MAX_DEPTH:
                raise _TooDeep

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID and self.depth:
            self.depth -= 1


class _TooDeep(Exception):
    pass


def _is_first_definition(element: Tag) -> bool:
    """Whether a ``<dd>`` directly follows its ``<dt>`` (and so was read with it)."""
    previous = element.find_previous_sibling(["dt", "dd"])
    return previous is not None and previous.name == "dt"


def _stray_text(body: Tag) -> dict[int, list[str]]:
    """The page's text that sits directly in a block holding other blocks, by that block's
    id() (0: in no block at all); text inside a leaf block or a heading is read with it."""
    from bs4.element import NavigableString

    blocks = {*_HEADINGS, *_BLOCKS}
    found: dict[int, list[str]] = {}
    for string in body.find_all(string=True):
        if type(string) is not NavigableString or not string.strip():
            continue  # comments, CDATA, doctype, white space
        holder = next((p for p in string.parents if p.name in blocks), None)
        found.setdefault(0 if holder is None else id(holder), []).append(" ".join(string.split()))
    return found


def nesting_depth(text: str) -> int:
    """How deeply elements nest (stops counting past MAX_DEPTH + 1)."""
    scanner = _Depth()
    try:
        scanner.feed(text)
        scanner.close()
    except _TooDeep:
        pass
    return scanner.deepest

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_BLOCKS = ("p", "li", "pre", "blockquote", "td", "th", "dd", "dt", "div", "section", "article", "tr")


class HtmlImporter:
    kind = "html"
    extensions = (".html", ".htm", ".xhtml")

    def parse(self, path: Path, data: bytes) -> ParsedFile:
        from bs4 import BeautifulSoup

        text = decode_text(data, name=path.name, declared=html_declared(data))
        if nesting_depth(text) > MAX_DEPTH:
            raise UnreadableFile(f"{path.name} nests elements more than {MAX_DEPTH} levels deep; "
                                 "not a page a person wrote")
        soup = BeautifulSoup(text, "html.parser")
        for tag in soup(["script", "style", "noscript", "template", "svg", "head"]):
            if tag.name == "head":
                continue
            tag.decompose()
        title = soup.title.get_text(" ", strip=True) if soup.title else ""
        if soup.head is not None:
            soup.head.decompose()
        # The whole document, not only <body>: text after </body> is shown by browsers too.
        body = soup
        chunks: list[ParsedChunk] = []
        heading = ""
        buffer: list[str] = []

        def flush() -> None:
            chunks.extend(chunk_text("\n\n".join(buffer), location=heading))
            buffer.clear()

        stray = _stray_text(body)
        for element in body.find_all([*_HEADINGS, *_BLOCKS]):
            check_deadline()
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
            elif element.name == "dt":
                # A definition list reads like a table: "Label: value", the term with its first
                # definition (a lone term, or more definitions, stay lines of their own).
                term = element.get_text(" ", strip=True)
                nxt = element.find_next_sibling(["dt", "dd"])
                value = nxt.get_text(" ", strip=True) if nxt is not None and nxt.name == "dd" else ""
                if term or value:
                    buffer.append(f"{term}: {value}" if term and value else term or value)
            elif element.name == "dd" and _is_first_definition(element):
                continue  # read with its term
            elif element.find(_BLOCKS) is None:
                # Leaf blocks only, so nested divs do not repeat their children's text.
                buffer.append(element.get_text(" ", strip=True))
            elif id(element) in stray:
                # A block holding blocks reads its own text (outside them) where it stands.
                buffer.append(" ".join(stray[id(element)]))
        flush()
        if 0 in stray:
            # Text in no block at all (a "Skip to content" link, a menu): kept, at the end.
            heading = ""
            buffer.append(" ".join(stray[0]))
            flush()
        if not chunks:
            chunks = chunk_text(body.get_text("\n", strip=True))
        if not chunks:
            raise EmptyFile(f"{path.name} has no text")
        title = title or path.stem
        return ParsedFile(self.kind, title, (document(self.kind, title, chunks),))
