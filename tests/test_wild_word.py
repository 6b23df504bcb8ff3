"""Word documents from the shared folder of real files: what Word shows is searchable after
import, including footnotes, endnotes, text boxes, shapes, SmartArt, content controls (one inside
a footnote), headers and footers, and a Strict OOXML document; what Word hides (deleted and
moved-away text of tracked changes) is not.

The expected words are read straight from the named XML part of each package (its ``w:t`` or
``a:t`` elements), not from Hearth's reader."""

from __future__ import annotations

import re
import zipfile

import pytest

from bench.wild import found
from tests.retrieval_fixtures import vault_fixture  # noqa: F401 - fixture
from tests.wild_support import WILD, wild_is_here  # noqa: F401 - fails each test without the folder
from vault import Vault
from vault.sources import import_paths

#: (file, the part whose text must be found, the element that holds the text there)
PARTS = [
    ("mammoth__footnotes.docx", "word/footnotes.xml", "w:t"),
    ("mammoth__endnotes.docx", "word/endnotes.xml", "w:t"),
    ("pandoc__notes.docx", "word/endnotes.xml", "w:t"),
    ("pandoc__sdt_in_footnote.docx", "word/footnotes.xml", "w:t"),
    ("mammoth__footnote-hyperlink.docx", "word/footnotes.xml", "w:t"),
    ("mammoth__text-box.docx", "word/document.xml", "w:t"),
    ("pandoc__text_in_shape_format.docx", "word/document.xml", "w:t"),
    ("pandoc__nested_sdt.docx", "word/document.xml", "w:t"),
    ("pandoc__sdt_elements.docx", "word/document.xml", "w:t"),
    ("pydocx__hdr-header-footer.docx", "word/header2.xml", "w:t"),
    ("pydocx__doc-odd-even-hdrs.docx", "word/header2.xml", "w:t"),
    ("pandoc__diagram.docx", "word/diagrams/data1.xml", "a:t"),
    ("pandoc__comments.docx", "word/comments.xml", "w:t"),
    ("mammoth__strict-format.docx", "word/document.xml", "w:t"),
]


def words_of(name: str, part: str, element: str) -> set[str]:
    """Words of the part's paragraphs: each paragraph's own text elements joined (a word may be
    split across runs, a line break is a space), nested paragraphs (a text box's) on their own."""
    from lxml import etree

    assert WILD is not None
    root = etree.fromstring(zipfile.ZipFile(WILD / "docx" / name).read(part))
    wanted = "wordprocessingml" if element.startswith("w:") else "drawingml"
    texts = []
    for paragraph in root.iter("{*}p"):
        if wanted not in (etree.QName(paragraph).namespace or ""):
            continue
        own = [(t.text or "") if etree.QName(t).localname == "t" else " "
               for t in paragraph.iter("{*}t", "{*}br", "{*}cr", "{*}tab")
               if next(t.iterancestors("{*}p"), None) is paragraph]
        texts.append("".join(own))
    assert any(texts), f"no {element} in {part}"
    return {w for t in texts for w in re.findall(r"\w{3,}", t)}


@pytest.mark.parametrize(("name", "part", "element"), PARTS, ids=[f"{n}:{p}" for n, p, _ in PARTS])
def test_every_word_of_the_part_is_found(vault: Vault, name: str, part: str, element: str) -> None:
    assert WILD is not None
    result = import_paths(vault, [WILD / "docx" / name]).results[0]
    assert result.status == "added", result.reason
    missing = sorted(w for w in words_of(name, part, element)
                     if not found(vault, w, source_id=result.source_id))
    assert not missing, f"{name}: not found after import: {missing}"


def test_deleted_and_moved_away_text_is_not_imported(vault: Vault) -> None:
    assert WILD is not None
    deleted = import_paths(vault, [WILD / "docx" / "pandoc__track_changes_deletion.docx"]).results[0]
    xml = zipfile.ZipFile(WILD / "docx" / "pandoc__track_changes_deletion.docx").read(
        "word/document.xml").decode()
    gone = {w for t in re.findall(r"<w:delText[^>]*>([^<]*)</w:delText>", xml)
            for w in re.findall(r"\w{4,}", t)}
    assert gone and not any(found(vault, w, source_id=deleted.source_id) for w in gone)
    moved = import_paths(vault, [WILD / "docx" / "pandoc__track_changes_move.docx"]).results[0]
    text = " ".join(r[0] for r in vault.query(
        "SELECT c.text FROM chunks c JOIN documents d ON d.id = c.document_id WHERE d.source_id = ?",
        (moved.source_id,)))
    assert text.count("the text to be moved") == 1, text


def test_a_document_of_empty_tables_and_pictures_says_it_has_no_text(vault: Vault) -> None:
    assert WILD is not None
    for name in ("pydocx__tbl-having-tables.docx", "pydocx__having-images.docx", "mammoth__empty.docx"):
        xml = zipfile.ZipFile(WILD / "docx" / name).read("word/document.xml").decode()
        assert not re.search(r"<w:t(?: [^>]*)?>[^<]*\w", xml), f"{name} has text after all"
        result = import_paths(vault, [WILD / "docx" / name]).results[0]
        assert result.status == "skipped" and result.reason == f"{name} has no text"
