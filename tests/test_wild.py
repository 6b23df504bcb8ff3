"""The whole shared folder of real files (../shared/wild: 383 fixtures of the projects that make or
read these formats), file by file: imported with its text searchable, or skipped for a true reason
said in plain words.

For every file, the words to find come from the file's own format's reference reader (pypdf,
python-docx, BeautifulSoup, the e-mail and mailbox modules, icalendar, vobject, json; for plain
text, the encoding chardet's folder names), never from Hearth. Then:

* imported: each of up to :data:`TERMS` words spread over the reference text (whole words
  of 4 to 30 letters, as the search index cuts them) is found by a keyword search among that
  file's passages, as written or as a person types it (NFKC: "ﬁ" typed "fi");
* skipped: the reason names the file, names no Python exception, and is true: the reference
  reader finds no words in it either (empty, no text, no events), or it is password-protected
  (pypdf cannot open it with an empty password), or it is binary data (it holds NUL bytes).

The failure message lists every file that breaks these rules, with what was missing.
"""

from __future__ import annotations

import email
import email.policy
import json
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from bench.wild import found, wild_files
from tests.retrieval_fixtures import vault_fixture  # noqa: F401 - fixture
from tests.wild_support import WILD, wild_is_here  # noqa: F401 - fails each test without the folder
from vault import Vault
from vault.sources import import_paths

#: Words checked per imported file.
TERMS = 6


def _marks() -> str:
    """A character class of every combining mark (Unicode category M*), as ranges."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x110000):
        if unicodedata.category(chr(code))[0] == "M":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


#: A word as the search index cuts text (FTS5 unicode61): letters, digits and combining marks.
_WORD = re.compile(rf"(?:[^\W_]|[{_marks()}])+")
#: Words with a combining mark are not chosen: the index removes diacritics, so how such a word
#: is cut differs between the index and a search (and a broken font's text is full of them).
_PLAIN = re.compile(r"[^\W_]+")
_EXCEPTION_NAME = re.compile(r"\b[A-Z][A-Za-z]*(Error|Exception|Property)\b")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
#: Files whose reference text is not text a person reads: jo.pdf's fonts map glyphs to
#: arbitrary code points (pdfminer's non-Unicode CMap case), some assigned only after the Unicode
#: version the search index's tokenizer knows (6.1), so a word cannot be chosen the way the
#: index cuts it. For these, being imported (not refused) is what is checked.
MOJIBAKE = {"pdf/pdfminer__jo.pdf"}
#: chardet's folder names (in the file names) as Python codecs.
_CHARDET = {"SHIFT_JIS": "cp932", "windows-1252": "cp1252", "IBM866": "cp866", "Johab": "johab",
            "iso-8859-1": "cp1252", "utf-8-sig": "utf-8-sig", "MacRoman": "mac_roman"}


def _pdf(path: Path) -> str:
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    reader = PdfReader(path, strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        return ""
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _docx(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _html(path: Path) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(path.read_bytes(), "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "svg", "head"]):
        tag.decompose()
    return soup.get_text("\n")


def _eml(path: Path) -> str:
    message = email.message_from_bytes(path.read_bytes().removeprefix(b"\xef\xbb\xbf"),
                                       policy=email.policy.default)
    texts = [str(message.get("subject", ""))]
    for part in message.walk():
        if part.get_content_type() == "text/plain" and part.get_content_disposition() != "attachment":
            try:
                texts.append(str(part.get_content()))
            except (LookupError, ValueError, AssertionError):
                pass
    return "\n".join(texts)


def _mbox(path: Path) -> str:
    import mailbox
    from email.header import decode_header, make_header

    subjects = []
    for message in mailbox.mbox(path):
        try:
            subjects.append(str(make_header(decode_header(message.get("subject", "")))))
        except (LookupError, ValueError, UnicodeError):
            continue
    return "\n".join(subjects)


def _ics(path: Path) -> str:
    import icalendar

    calendars = icalendar.Calendar.from_ical(path.read_bytes(), multiple=True)
    return "\n".join(str(c.get("SUMMARY", "")) for cal in calendars for c in cal.walk()
                     if c.name in ("VEVENT", "VTODO", "VJOURNAL"))


def _vcf(path: Path) -> str:
    import vobject

    cards = vobject.readComponents(path.read_text("utf-8"), ignoreUnreadable=True)
    return "\n".join(str(card.fn.value) for card in cards if "fn" in card.contents)


def _text(path: Path) -> str:
    codec = "utf-8"
    if path.name.startswith("chardet__"):
        label = path.name.split("__")[1].split("_")[0] if "__" in path.name else ""
        label = re.sub(r"-(greek|hungarian|turkish|polish|romanian|russian|hebrew|arabic)$", "", label)
        codec = _CHARDET.get(label, label.replace("_", "-"))
    elif ".koi8-r." in path.name:
        codec = "koi8-r"
    elif ".cp1252." in path.name:
        codec = "cp1252"
    elif ".iso-2022-jp." in path.name:
        codec = "iso-2022-jp"
    text = path.read_bytes().decode(codec, errors="replace")
    return _FRONT_MATTER.sub("", text.replace("\r\n", "\n"), count=1) if path.suffix == ".md" else text


def _chat(path: Path) -> str:
    found_: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            if value.get("type", "text") != "text":
                return  # a model's thinking or a tool call: not the conversation
            for key, item in value.items():
                if key == "text" and isinstance(value.get("content"), list) and value["content"]:
                    continue  # the message's parts hold it, thinking apart
                if key in ("title", "name", "text") and isinstance(item, str):
                    found_.append(item)
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(json.loads(path.read_text("utf-8-sig")))
    return "\n".join(found_)


READERS: dict[str, Callable[[Path], str]] = {
    ".pdf": _pdf, ".docx": _docx, ".html": _html, ".eml": _eml, ".mbox": _mbox, ".ics": _ics,
    ".vcf": _vcf, ".txt": _text, ".md": _text, ".rst": _text, ".org": _text, ".json": _chat}


def reference_words(path: Path) -> list[str] | None:
    """Distinct words of the file as its reference reader gives them, in order (None: the
    reader cannot read the file at all)."""
    try:
        text = READERS[path.suffix.lower()](path)
    except Exception:  # the reference reader refusing the file is an answer, not a test error
        return None
    # What the reference reader could not decode (U+FFFD) is not text: the word around it neither.
    if "\ufffd" in text:
        text = " ".join(piece for piece in text.split() if "\ufffd" not in piece)
    words: list[str] = []
    seen: set[str] = set()
    for word in _WORD.findall(text):
        if (4 <= len(word) <= 30 and _PLAIN.fullmatch(word) and any(ch.isalpha() for ch in word)
                and word.lower() not in seen):
            seen.add(word.lower())
            words.append(word)
    return words


def spread(words: list[str], n: int) -> list[str]:
    if len(words) <= n:
        return words
    return [words[round(i * (len(words) - 1) / (n - 1))] for i in range(n)]


def true_skip(path: Path, reason: str, words: list[str] | None) -> str:
    """"" when ``reason`` is a true, plain-words reason to skip ``path``; else what is wrong."""
    if path.name not in reason:
        return f"the reason does not name the file: {reason!r}"
    if _EXCEPTION_NAME.search(reason):
        return f"the reason names a Python exception: {reason!r}"
    if "password-protected" in reason:
        from pypdf import PdfReader

        reader = PdfReader(path, strict=False)
        return "" if reader.is_encrypted and not reader.decrypt("") else "it opens without a password"
    if "binary data" in reason:
        return "" if b"\x00" in path.read_bytes() else "it holds no NUL byte"
    if words:
        return f"its reference reader reads {len(words)} words ({', '.join(words[:5])}…): {reason!r}"
    return ""


def test_every_wild_file_is_searchable_or_skipped_for_a_true_reason(vault: Vault) -> None:
    assert WILD is not None
    files = wild_files(WILD)
    assert len(files) >= 380
    report = import_paths(vault, files)
    by_path = {Path(r.path).resolve(): r for r in report.results}
    problems: list[str] = []
    imported = skipped = checked = 0
    for path in files:
        result = by_path[path.resolve()]
        words = reference_words(path)
        name = str(path.relative_to(WILD))
        if result.status == "skipped":
            skipped += 1
            wrong = true_skip(path, result.reason, words)
            if wrong:
                problems.append(f"{name}: skipped, but {wrong}")
            continue
        imported += 1
        terms = spread(words or [], TERMS)
        # As written, or as a person types it (a PDF's "ﬁ" is typed "fi").
        missing = [t for t in terms if not found(vault, t, source_id=result.source_id)
                   and not found(vault, unicodedata.normalize("NFKC", t), source_id=result.source_id)]
        checked += len(terms)
        if name in MOJIBAKE:
            continue
        if missing:
            problems.append(f"{name}: imported, but not found: {missing} (of {terms})")
    assert not problems, f"{len(problems)} file(s):\n" + "\n".join(problems)
    assert imported >= 330 and checked >= 1400, (imported, skipped, checked)
