"""Six made-up personal corpora for the answer benchmark (``bench/answers.py``).

``build(name, root)`` writes corpus ``"a"``, ``"b"``, ``"c"``, ``"d"``, ``"e"`` or ``"f"`` under
``root`` and returns what was written, the one-fact questions about it and a list of open
requests. Each corpus is one person's files in every format Hearth imports: Markdown, plain
text, PDF, HTML, single e-mails, an mbox, calendars and contacts, each a different person and
household, with different files and different phrasing. "a", "b" and "c" have been tuned on,
one after the other ("b" and then "c" were each held out until the last held-out set was used
up); "d" and "e" are held out: written by someone else, never read by whoever tunes the answer
pipeline (read their scores, not their contents), though their counts have been used to check
rules. "f" is the held-out corpus written last, with questions paraphrased as people ask them
(few words in common with the sentence that answers): it is read only by its scores.

Every :class:`Fact` has one specific answer (an amount, a name, a code, a date, a time, a
place, a phone number, an e-mail address or a count). ``answers[0]`` occurs verbatim
(case-insensitive) in the text the importer extracts from ``file``, never split over two
lines; the other spellings are ones a model may use instead. ``wrong`` is a plausible
value of the same type that occurs nowhere in the corpus (for measuring the support check).
The files are hard in the ways real files are: facts inside long wrapped paragraphs,
abbreviations ("Dr.", "St.", "Mr.", "No."), distractors of the same type (last year's
premium, a second appointment, an old reference), and headings that repeat a question's
words without its answer.

Run ``python -m bench.answer_corpus OUTDIR`` to write every corpus (``OUTDIR/a`` to
``OUTDIR/f``) and print their counts.
"""

# The file contents below keep each paragraph on one long line, as typed; they are wrapped when
# written (never inside an answer), like an editor or mail client would.
# ruff: noqa: E501

from __future__ import annotations

import importlib
import io
import mailbox
import re
import sys
import textwrap
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path


@dataclass
class Fact:
    question: str
    answers: list[str]
    file: str
    kind: str  # amount | name | code | date | time | place | phone | email | number
    wrong: str


@dataclass
class Corpus:
    files: list[Path] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    open_requests: list[str] = field(default_factory=list)


KINDS = ("amount", "name", "code", "date", "time", "place", "phone", "email", "number")
#: Every corpus, in the order the benchmark runs them ("d", "e" and "f" are held out).
NAMES = ("a", "b", "c", "d", "e", "f")

# -- writers ---------------------------------------------------------------------------------------


def _pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def minimal_pdf(pages: list[list[str]], *, title: str = "") -> bytes:
    """A small valid PDF: each page a list of text lines (Helvetica, WinAnsi, so £ and € work).

    After ``tests/retrieval_fixtures.minimal_pdf``, extended to several lines a page (``T*``).
    """
    objects: list[bytes] = []
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    for i, lines in enumerate(pages):
        shown = " ".join(f"({_pdf_escape(line)}) Tj T*" for line in lines)
        stream = f"BT /F1 10 Tf 13 TL 50 760 Td {shown} ET".encode("cp1252")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {5 + 2 * i} 0 R "
                       "/Resources << /Font << /F1 3 0 R >> >> >>".encode())
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    info = None
    if title:
        objects.append(f"<< /Title ({_pdf_escape(title)}) >>".encode("cp1252"))
        info = len(objects)
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    trailer = f"<< /Size {len(objects) + 1} /Root 1 0 R" + (f" /Info {info} 0 R" if info else "") + " >>"
    out.write(f"trailer\n{trailer}\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


_LIST_ITEM = re.compile(r"^(\s*(?:[-*•]|\d+\.)\s+)")


def _wrap(text: str, width: int, keep: list[str]) -> str:
    """Wrap long lines as an editor would, never inside one of the ``keep`` phrases."""
    out: list[str] = []
    for line in textwrap.dedent(text).strip("\n").split("\n"):
        if len(line) <= width or line.lstrip().startswith(("#", "|")) or line.startswith("    "):
            out.append(line)
            continue
        glued = line
        for phrase in keep:
            if " " in phrase:
                glued = re.sub(re.escape(phrase), lambda m: m.group(0).replace(" ", "\u00a0"), glued,
                               flags=re.IGNORECASE)
        marker = _LIST_ITEM.match(glued)
        indent = " " * len(marker.group(1)) if marker else ""
        wrapped = textwrap.wrap(glued, width=width, subsequent_indent=indent, break_long_words=False,
                                break_on_hyphens=False)
        out.extend(w.replace("\u00a0", " ") for w in wrapped)
    return "\n".join(out) + "\n"


def _ical_escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def _fold(line: str) -> str:
    """RFC 5545 / vCard folding: at most 75 octets a line, continuation lines start with a space."""
    if len(line.encode()) <= 75:
        return line
    parts: list[str] = []
    current, size = "", 0
    for ch in line:
        n = len(ch.encode())
        if size + n > 75:
            parts.append(current)
            current, size = "", 1
        current += ch
        size += n
    parts.append(current)
    return "\r\n ".join(parts)


_VTIMEZONES = {
    "Europe/London": ("GMT", "BST", "+0000", "+0100"),
    "America/New_York": ("EST", "EDT", "-0500", "-0400"),
    "Europe/Dublin": ("GMT", "IST", "+0000", "+0100"),
    "America/Chicago": ("CST", "CDT", "-0600", "-0500"),
}


def _vtimezone(tzid: str) -> list[str]:
    std, dst, std_off, dst_off = _VTIMEZONES[tzid]
    us = tzid.startswith("America/")
    return ["BEGIN:VTIMEZONE", f"TZID:{tzid}",
            "BEGIN:STANDARD", "DTSTART:19701101T020000" if us else "DTSTART:19701025T020000",
            f"TZOFFSETFROM:{dst_off}", f"TZOFFSETTO:{std_off}",
            "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU" if us else "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
            f"TZNAME:{std}", "END:STANDARD",
            "BEGIN:DAYLIGHT", "DTSTART:19700308T020000" if us else "DTSTART:19700329T010000",
            f"TZOFFSETFROM:{std_off}", f"TZOFFSETTO:{dst_off}",
            "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU" if us else "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
            f"TZNAME:{dst}", "END:DAYLIGHT", "END:VTIMEZONE"]


@dataclass
class Event:
    summary: str
    start: str  # YYYYMMDDTHHMMSS (local time in the calendar's zone) or YYYYMMDD for all day
    end: str
    location: str = ""
    description: str = ""
    attendees: list[tuple[str, str]] = field(default_factory=list)  # (name, e-mail)


def _ics(calname: str, tzid: str, events: list[Event], uid_domain: str) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Hearth bench//Answer corpus//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{_ical_escape(calname)}",
             f"X-WR-TIMEZONE:{tzid}", *_vtimezone(tzid)]
    for i, ev in enumerate(events):
        when = (lambda v: f";VALUE=DATE:{v}") if len(ev.start) == 8 else (lambda v: f";TZID={tzid}:{v}")
        lines += ["BEGIN:VEVENT", f"UID:{i + 1:04d}-{zlib.crc32(ev.summary.encode()):08x}@{uid_domain}",
                  "DTSTAMP:20270105T090000Z", f"DTSTART{when(ev.start)}", f"DTEND{when(ev.end)}",
                  f"SUMMARY:{_ical_escape(ev.summary)}"]
        if ev.location:
            lines.append(f"LOCATION:{_ical_escape(ev.location)}")
        if ev.description:
            lines.append(f"DESCRIPTION:{_ical_escape(ev.description)}")
        for name, addr in ev.attendees:
            lines.append(f'ATTENDEE;CN="{name}";ROLE=REQ-PARTICIPANT:mailto:{addr}')
        lines += ["STATUS:CONFIRMED", "TRANSP:OPAQUE", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode()


@dataclass
class Card:
    fn: str
    n: tuple[str, str, str, str]  # family, given, prefix, suffix
    tel: list[tuple[str, str]] = field(default_factory=list)  # (type, number)
    email: list[str] = field(default_factory=list)
    adr: tuple[str, str, str, str, str, str] | None = None  # type, street, city, region, code, country
    org: str = ""
    title: str = ""
    note: str = ""
    bday: str = ""


def _vcf(cards: list[Card]) -> bytes:
    lines: list[str] = []
    for c in cards:
        family, given, prefix, suffix = c.n
        lines += ["BEGIN:VCARD", "VERSION:3.0", f"FN:{_ical_escape(c.fn)}",
                  f"N:{_ical_escape(family)};{_ical_escape(given)};;{_ical_escape(prefix)};"
                  f"{_ical_escape(suffix)}"]
        if c.org:
            lines.append(f"ORG:{_ical_escape(c.org)}")
        if c.title:
            lines.append(f"TITLE:{_ical_escape(c.title)}")
        for kind, number in c.tel:
            lines.append(f"TEL;TYPE={kind}:{number}")
        for addr in c.email:
            lines.append(f"EMAIL;TYPE=INTERNET:{addr}")
        if c.adr:
            kind, *parts = c.adr
            lines.append(f"ADR;TYPE={kind}:;;" + ";".join(_ical_escape(p) for p in parts))
        if c.bday:
            lines.append(f"BDAY:{c.bday}")
        if c.note:
            lines.append(f"NOTE:{_ical_escape(c.note)}")
        lines.append("END:VCARD")
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode()


@dataclass
class Mail:
    sender: str
    to: str
    date: str
    subject: str
    body: str
    html: str | None = None  # an HTML alternative (the plain part is what gets imported)
    html_only: bool = False  # the body is HTML and there is no plain part


def _message(mail: Mail, keep: list[str]) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = mail.sender
    msg["To"] = mail.to
    msg["Date"] = mail.date
    msg["Subject"] = mail.subject
    domain = mail.sender.rsplit("@", 1)[-1].rstrip(">")
    msg["Message-ID"] = f"<{zlib.crc32((mail.subject + mail.date).encode()):08x}.{len(mail.body)}@{domain}>"
    if mail.html_only:
        msg.set_content(textwrap.dedent(mail.body).strip() + "\n", subtype="html")
    else:
        msg.set_content(_wrap(mail.body, 72, keep))
        if mail.html is not None:
            msg.add_alternative(mail.html, subtype="html")
            msg.set_boundary(f"=_alt_{zlib.crc32(mail.html.encode()):08x}")  # the same bytes every run
    return msg


def _html_page(title: str, body: str) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{title}</title>\n<style>body{{font-family:sans-serif;max-width:46em}}"
            "td,th{padding:4px 8px}</style>\n"
            "<script>window.dataLayer = window.dataLayer || [];</script>\n</head>\n<body>\n"
            f"{textwrap.dedent(body).strip()}\n</body>\n</html>\n")


class _Builder:
    """Collects files and facts; writes the files at the end, wrapping around every answer."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.pending: list[tuple[str, Callable[[list[str]], bytes]]] = []
        self.facts: list[Fact] = []
        self.current = ""

    def _add(self, name: str, render: Callable[[list[str]], bytes]) -> None:
        self.pending.append((name, render))
        self.current = name

    def md(self, name: str, text: str) -> None:
        self._add(name, lambda keep: _wrap(text, 78, keep).encode())

    def txt(self, name: str, text: str, width: int = 72) -> None:
        self._add(name, lambda keep: _wrap(text, width, keep).encode())

    def pdf(self, name: str, title: str, pages: list[str]) -> None:
        self._add(name, lambda keep: minimal_pdf(
            [_wrap(page, 92, keep).rstrip("\n").split("\n") for page in pages], title=title))

    def html(self, name: str, title: str, body: str) -> None:
        self._add(name, lambda keep: _html_page(title, body).encode())

    def eml(self, name: str, mail: Mail) -> None:
        self._add(name, lambda keep: bytes(_message(mail, keep)))

    def mbox(self, name: str, mails: list[Mail]) -> None:
        def render(keep: list[str]) -> bytes:
            path = self.root / f".{name}.tmp"
            path.unlink(missing_ok=True)
            box = mailbox.mbox(str(path), create=True)
            try:
                for mail in mails:
                    message = mailbox.mboxMessage(_message(mail, keep))
                    # A fixed envelope line: the files are the same bytes on every build.
                    message.set_from("MAILER-DAEMON", (2027, 3, 1, 9, 0, 0, 0, 60, 0))
                    box.add(message)
                box.flush()
            finally:
                box.close()
            data = path.read_bytes()
            path.unlink()
            return data

        self._add(name, render)

    def ics(self, name: str, calname: str, tzid: str, events: list[Event], uid_domain: str) -> None:
        self._add(name, lambda keep: _ics(calname, tzid, events, uid_domain))

    def vcf(self, name: str, cards: list[Card]) -> None:
        self._add(name, lambda keep: _vcf(cards))

    def fact(self, question: str, answers: list[str], kind: str, wrong: str) -> None:
        assert kind in KINDS, kind
        self.facts.append(Fact(question, answers, self.current, kind, wrong))

    def finish(self, open_requests: list[str]) -> Corpus:
        self.root.mkdir(parents=True, exist_ok=True)
        keep = sorted({a for f in self.facts for a in f.answers}, key=len, reverse=True)
        files = []
        for name, render in self.pending:
            path = self.root / name
            path.write_bytes(render(keep))
            files.append(path)
        return Corpus(files=files, facts=list(self.facts), open_requests=list(open_requests))


def build(name: str, root: Path) -> Corpus:
    """Write corpus ``name`` (one of :data:`NAMES`) under ``root``; return its files, facts and open requests."""
    if name not in NAMES:
        raise ValueError(f"unknown corpus {name!r} (expected one of {', '.join(NAMES)})")
    corpus: Corpus = importlib.import_module(f"bench.corpus_{name}").build(Path(root))
    return corpus


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m bench.answer_corpus OUTDIR", file=sys.stderr)
        return 2
    out = Path(argv[0])
    for name in NAMES:
        corpus = build(name, out / name)
        formats = Counter(p.suffix.lstrip(".") for p in corpus.files)
        by_format = Counter(Path(f.file).suffix.lstrip(".") for f in corpus.facts)
        print(f"corpus {name}: {len(corpus.files)} files ("
              + ", ".join(f"{k} {v}" for k, v in sorted(formats.items())) + f"), {len(corpus.facts)} facts ("
              + ", ".join(f"{k} {v}" for k, v in sorted(by_format.items())) + f"), "
              f"{len(corpus.open_requests)} open requests -> {out / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
