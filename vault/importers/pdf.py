"""PDF via pypdf: one document per file, chunk locations are page numbers.

A PDF's text is often typeset with presentation forms: the ligature "ﬁ" for "fi", Arabic
letters in their positional shapes, full-width brackets. Those are replaced by what they
stand for (Unicode compatibility decomposition, NFKC, of those blocks only), so that
"misfits" finds "misﬁts"; a quote reads the same word for word. Private-use glyphs (icon
fonts) become spaces. Other compatibility
characters (superscripts, fractions, "™") are kept as written: NFKC would change what
they say ("m²" is not "m2"); the keyword index finds them by their folded form all the same
(``vault.fts``).
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from pathlib import Path

from vault.importers.base import (
    EmptyFile,
    EncryptedFile,
    ParsedChunk,
    ParsedFile,
    UnreadableFile,
    check_deadline,
    chunk_text,
    document,
)

#: More pages than this is not a document to read through (a generated or hostile page tree).
MAX_PAGES = 20_000


#: Presentation forms: Latin and Hebrew ligatures, Arabic positional shapes, half- and
#: full-width forms; and the no-break space, which text extraction leaves between words.
_PRESENTATION = re.compile("[\ufb00-\ufdff\ufe70-\ufeff\uff00-\uffef\u00a0]+")
#: Private-use characters: an icon font's glyphs (a flag, a bullet) that stand for no letter.
_PRIVATE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010fffd]+")


def searchable(text: str) -> str:
    """``text`` with presentation forms replaced by the characters they stand for (NFKC), and
    private-use glyphs by a space (an icon glued to "Austria" must not hide the word)."""
    text = _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group()).replace("\ufeff", ""),
                             text)
    return _PRIVATE.sub(" ", text)


_OBJECT = re.compile(rb"(?<![0-9])(\d{1,10})\s+(\d{1,5})\s+obj\b")
_ROOT = re.compile(rb"/Root\s+(\d{1,10})\s+(\d{1,5})\s+R")
_CATALOG = re.compile(rb"/Type\s*/Catalog\b")


def rebuild_xref(data: bytes) -> bytes | None:
    """``data`` with a cross-reference table built from where its objects are, and a trailer
    naming its catalog; None when there is no catalog to name."""
    offsets: dict[int, tuple[int, int]] = {}
    for match in _OBJECT.finditer(data):
        offsets[int(match.group(1))] = (match.start(), int(match.group(2)))
    root = None
    for match in _ROOT.finditer(data):
        root = (int(match.group(1)), int(match.group(2)))
    if root is None or root[0] not in offsets:
        for number, (at, generation) in offsets.items():
            if _CATALOG.search(data, at, at + 2048) is not None:
                root = (number, generation)
                break
    if root is None or not offsets:
        return None
    size = max(offsets) + 1
    body = data if data.endswith(b"\n") else data + b"\n"
    rows = [b"xref\n0 %d\n0000000000 65535 f \n" % size]
    for number in range(1, size):
        at, generation = offsets.get(number, (0, 65535))
        rows.append(b"%010d %05d %s \n" % (at, generation, b"n" if number in offsets else b"f"))
    trailer = b"trailer\n<< /Size %d /Root %d %d R >>\nstartxref\n%d\n%%%%EOF\n" % (
        size, root[0], root[1], len(body))
    return body + b"".join(rows) + trailer


class PdfImporter:
    kind = "pdf"
    extensions = (".pdf",)

    def parse(self, path: Path, data: bytes) -> ParsedFile:
        from pypdf import PdfReader
        from pypdf.errors import FileNotDecryptedError, PdfReadError

        if not data.strip():
            raise EmptyFile(f"{path.name} is empty")
        if not data.lstrip()[:5].startswith(b"%PDF"):
            raise UnreadableFile(f"{path.name} is not a PDF")
        # pypdf logs every repairable oddity as a warning; those are not the user's business.
        logging.getLogger("pypdf").setLevel(logging.ERROR)
        try:
            try:
                reader = PdfReader(io.BytesIO(data), strict=False)
            except PdfReadError:
                # No cross-reference table to be found: rebuild one from the objects, as
                # viewers do (pdf.js, Acrobat), and read that.
                rebuilt = rebuild_xref(data)
                if rebuilt is None:
                    raise
                reader = PdfReader(io.BytesIO(rebuilt), strict=False)
            if reader.is_encrypted:
                # Many PDFs are "encrypted" with an empty user password: those open as is.
                try:
                    opened = bool(reader.decrypt(""))
                except Exception:
                    opened = False
                if not opened:
                    raise EncryptedFile(f"{path.name} is password-protected")
            chunks: list[ParsedChunk] = []
            if len(reader.pages) > MAX_PAGES:
                raise UnreadableFile(f"{path.name} has {len(reader.pages):,} pages; "
                                     f"the limit is {MAX_PAGES:,}")
            for number, page in enumerate(reader.pages, start=1):
                check_deadline()
                chunks.extend(chunk_text(searchable(page.extract_text() or ""), location=f"page {number}"))
            title = ""
            if reader.metadata is not None and reader.metadata.title:
                title = str(reader.metadata.title)
        except (EncryptedFile, UnreadableFile):
            raise
        except FileNotDecryptedError:
            raise EncryptedFile(f"{path.name} is password-protected")
        except RecursionError:
            raise UnreadableFile(f"{path.name} is damaged: its pages refer to themselves without end")
        except (PdfReadError, ValueError, KeyError, TypeError, IndexError, AttributeError,
                OSError, ZeroDivisionError, AssertionError):
            raise UnreadableFile(f"{path.name} is damaged or cut short: its pages cannot be found "
                                 "in it")
        if not chunks:
            raise EmptyFile(f"{path.name} has no extractable text (a scan without OCR?)")
        title = title.strip() or path.stem
        return ParsedFile(self.kind, title, (document(self.kind, title, chunks),))
