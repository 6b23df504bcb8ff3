"""The text of a Word package (.docx) as Word shows it, read from its XML parts.

Contract: :func:`read_package` takes an open :class:`zipfile.ZipFile` and returns the
document's title and its text as :class:`Block` values in reading order: the body
(paragraphs, tables a row per line, text boxes, shapes and content controls where they
are anchored), then SmartArt diagrams, footnotes, endnotes, comments, and headers and
footers. It reads
both Transitional OOXML (``schemas.openxmlformats.org``) and Strict OOXML
(``purl.oclc.org/ooxml``), and finds the main part through the package's relationships
(so a document stored under another path is read too).

What Word does not show is left out: deleted and moved-away text of tracked changes
(``w:del``, ``w:moveFrom``), field codes (``w:instrText``), a shape's legacy copy in
``mc:Fallback`` (the same text box twice), and a content control's properties. Raises
``KeyError`` or ``ValueError`` for a package that is not a Word document (the importer
says so in words).
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from vault.importers.base import check_deadline

_W = ("http://schemas.openxmlformats.org/wordprocessingml/2006/main",
      "http://purl.oclc.org/ooxml/wordprocessingml/main")
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_DC = "http://purl.org/dc/elements/1.1/"
#: Elements whose text Word does not show (or shows once elsewhere).
_HIDDEN = frozenset({"del", "moveFrom", "delText", "instrText", "sdtPr", "rPr", "pPr", "sectPr",
                     "tblPr", "trPr", "tcPr", "footnoteReference", "endnoteReference",
                     "commentReference", "fldData"})
#: Relationship types (their last path segment, the same in both OOXML dialects) of the
#: parts read after the body, in that order, with the place their text is said to be from.
_SIDE_PARTS = (("diagramData", "diagram"), ("footnotes", "footnotes"), ("endnotes", "endnotes"),
               ("comments", "comments"), ("header", "header"), ("footer", "footer"))


@dataclass(frozen=True)
class Block:
    """A paragraph (or a table row) of text; ``heading`` is set on a heading paragraph."""

    text: str
    heading: bool = False
    part: str = ""  # "" for the body, else "footnotes", "endnotes", "comments", "header", "footer"


def _local(element: Any) -> str:
    tag = element.tag
    if not isinstance(tag, str):  # a comment or processing instruction
        return ""
    return tag.rsplit("}", 1)[-1] if tag.startswith("{") else tag


def _is_w(element: Any) -> bool:
    tag = element.tag
    return isinstance(tag, str) and tag[1:].split("}", 1)[0] in _W


def _parse(data: bytes) -> Any:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             remove_comments=True, remove_pis=True)
    return etree.fromstring(data, parser)


def _relationships(package: zipfile.ZipFile, part: str) -> list[tuple[str, str]]:
    """(type's last segment, target part name) for each relationship of ``part``."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    try:
        root = _parse(package.read(rels))
    except KeyError:
        return []
    found = []
    for rel in root:
        if rel.get("TargetMode") == "External" or not rel.get("Target"):
            continue
        target = rel.get("Target").lstrip("/") if rel.get("Target").startswith("/") else \
            posixpath.normpath(posixpath.join(folder, rel.get("Target")))
        found.append((rel.get("Type", "").rsplit("/", 1)[-1], target))
    return found


def read_package(package: zipfile.ZipFile) -> tuple[str, list[Block]]:
    """The title (core properties) and the blocks of text; see the module docstring."""
    names = set(package.namelist())
    package_rels = _relationships(package, "")
    main = next((t for kind, t in package_rels if kind == "officeDocument"), None)
    if main is None and "word/document.xml" in names:
        main = "word/document.xml"
    if main is None or main not in names:
        raise KeyError("no main document part")
    root = _parse(package.read(main))
    if not _is_w(root) or _local(root) != "document":
        raise ValueError("the main part is not a Word document")
    styles = _heading_styles(package, main)
    blocks = list(_blocks(root, styles, ""))
    seen: set[str] = set()
    for kind, part in _SIDE_PARTS:
        for rel_kind, target in _relationships(package, main):
            if rel_kind != kind or target not in names or target in seen:
                continue
            seen.add(target)
            check_deadline()
            root = _parse(package.read(target))
            blocks.extend(_drawing_text(root, part) if kind == "diagramData" else
                          _blocks(root, styles, part))
    return _title(package, package_rels, names), blocks


def _drawing_text(root: Any, part: str) -> Iterator[Block]:
    """The paragraphs of a SmartArt diagram's data (DrawingML ``a:p`` holding ``a:t`` runs)."""
    for paragraph in root.iter("{*}p"):
        text = "".join(t.text or "" for t in paragraph.iter("{*}t")).strip()
        if text:
            yield Block(text, part=part)


def _heading_styles(package: zipfile.ZipFile, main: str) -> frozenset[str]:
    """Ids of the paragraph styles that are headings or the title (by built-in name)."""
    target = next((t for kind, t in _relationships(package, main) if kind == "styles"), None)
    if target is None or target not in package.namelist():
        return frozenset({"Title"} | {f"Heading{n}" for n in range(1, 10)})
    ids = set()
    for style in _parse(package.read(target)):
        if _local(style) != "style":
            continue
        style_id = next((v for k, v in style.attrib.items() if k.endswith("}styleId")), "")
        name = next((child for child in style if _local(child) == "name"), None)
        value = "" if name is None else next((v for k, v in name.attrib.items() if k.endswith("}val")), "")
        if value.lower().startswith(("heading", "title")):
            ids.add(style_id)
    return frozenset(ids)


def _title(package: zipfile.ZipFile, package_rels: list[tuple[str, str]], names: set[str]) -> str:
    core = next((t for kind, t in package_rels if kind == "core-properties"), "docProps/core.xml")
    if core not in names:
        return ""
    title = _parse(package.read(core)).find(f"{{{_DC}}}title")
    return " ".join((title.text or "").split()) if title is not None else ""


def _blocks(element: Any, styles: frozenset[str], part: str) -> Iterator[Block]:
    """Paragraphs and table rows under ``element``, in document order."""
    for child in element:
        name = _local(child)
        if name in _HIDDEN or (name == "Fallback" and child.tag.startswith(f"{{{_MC}}}")):
            continue
        if name == "p" and _is_w(child):
            yield from _paragraph(child, styles, part)
        elif name == "tbl" and _is_w(child):
            check_deadline()
            yield from _table(child, styles, part)
        else:
            yield from _blocks(child, styles, part)


def _paragraph(paragraph: Any, styles: frozenset[str], part: str) -> Iterator[Block]:
    pieces: list[str] = []
    nested: list[Any] = []  # text boxes anchored in this paragraph: paragraphs of their own
    _runs(paragraph, pieces, nested)
    text = "".join(pieces).strip()
    if text:
        yield Block(text, heading=part == "" and _style(paragraph) in styles, part=part)
    for box in nested:
        yield from _blocks(box, styles, part)


def _runs(element: Any, pieces: list[str], nested: list[Any]) -> None:
    for child in element:
        name = _local(child)
        if name in _HIDDEN or (name == "Fallback" and child.tag.startswith(f"{{{_MC}}}")):
            continue
        if name == "t":
            pieces.append(child.text or "")
        elif name == "tab" and _is_w(child):
            pieces.append("\t")
        elif name in ("br", "cr") and _is_w(child):
            pieces.append("\n")
        elif name in ("noBreakHyphen", "softHyphen") and _is_w(child):
            pieces.append("-" if name == "noBreakHyphen" else "")
        elif name in ("txbxContent", "p", "tbl"):
            nested.append(child if name == "txbxContent" else _Wrap(child))
        else:
            _runs(child, pieces, nested)


class _Wrap:
    """One element presented as a container holding it (a paragraph nested where runs are)."""

    def __init__(self, element: Any) -> None:
        self.element = element

    def __iter__(self) -> Iterator[Any]:
        return iter((self.element,))


def _style(paragraph: Any) -> str:
    for props in paragraph:
        if _local(props) == "pPr":
            for item in props:
                if _local(item) == "pStyle":
                    return next((v for k, v in item.attrib.items() if k.endswith("}val")), "")
    return ""


def _table(table: Any, styles: frozenset[str], part: str) -> Iterator[Block]:
    """A row per line: its cells' text joined by " | " (the cells' own paragraphs joined)."""
    tables = tuple(f"{{{ns}}}tbl" for ns in _W)
    for row in table.iter(*(f"{{{ns}}}tr" for ns in _W)):
        if next(row.iterancestors(*tables), None) is not table:
            continue  # a nested table's row: read with its cell
        cells = []
        for cell in row:
            if _local(cell) == "tc":
                cells.append(" ".join(b.text for b in _blocks(cell, styles, part)))
            elif _local(cell) in ("sdt", "customXml"):  # cells wrapped in a content control
                cells.extend(" ".join(b.text for b in _blocks(tc, styles, part))
                             for tc in cell.iter(*(f"{{{ns}}}tc" for ns in _W)))
        line = " | ".join(c.strip() for c in cells)
        if line.strip(" |"):
            yield Block(line, part=part)
