"""Three made-up personal corpora for the answer benchmark (``bench/answers.py``).

``build(name, root)`` writes corpus ``"a"``, ``"b"`` or ``"c"`` under ``root`` and returns what
was written, the one-fact questions about it and a list of open requests. Each corpus is one
person's files in every format Hearth imports: Markdown, plain text, PDF, HTML, single
e-mails, an mbox, calendars and contacts. Corpora "b" and "c" are held out: each a different
person and household, different files and different phrasing; do not tune on them (read
their scores, not their contents).

Every :class:`Fact` has one specific answer (an amount, a name, a code, a date, a time, a
place, a phone number, an e-mail address or a count). ``answers[0]`` occurs verbatim
(case-insensitive) in the text the importer extracts from ``file``, never split over two
lines; the other spellings are ones a model may use instead. ``wrong`` is a plausible
value of the same type that occurs nowhere in the corpus (for measuring the support check).
The files are hard in the ways real files are: facts inside long wrapped paragraphs,
abbreviations ("Dr.", "St.", "Mr.", "No."), distractors of the same type (last year's
premium, a second appointment, an old reference), and headings that repeat a question's
words without its answer.

Run ``python bench/answer_corpus.py OUTDIR`` to write every corpus (``OUTDIR/a``,
``OUTDIR/b``, ``OUTDIR/c``) and print their counts.
"""

# The file contents below keep each paragraph on one long line, as typed; they are wrapped when
# written (never inside an answer), like an editor or mail client would.
# ruff: noqa: E501

from __future__ import annotations

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
#: Every corpus, in the order the benchmark runs them ("a" is the one tuned on).
NAMES = ("a", "b", "c")

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
    builders = {"a": _corpus_a, "b": _corpus_b, "c": _corpus_c}
    if name not in builders:
        raise ValueError(f"unknown corpus {name!r} (expected one of {', '.join(NAMES)})")
    return builders[name](Path(root))


# -- corpus a --------------------------------------------------------------------------------------


def _corpus_a(root: Path) -> Corpus:
    b = _Builder(root)
    me = "Elena Marsh <elena.marsh@example.com>"

    b.md("house-notes.md", """\
        # House notes — 27 Clarence Road

        Things we keep forgetting about the house. Tom started this list when we moved in and I try to keep it up to date; if you are house-sitting, start here.

        ## Landlord and tenancy

        The house is let through Lindqvist Lettings. Mr. Lindqvist prefers a text message to a call, and asks that anything urgent (no heating, no hot water, a leak) is reported the same day. The tenancy started on 1 October 2024 and renews every twelve months; our deposit of £1,850 is protected with the DPS under certificate number DPS-7720-1184, which we will need when we move out.

        - Rent is paid by standing order on the 1st of the month.
        - Inspections twice a year, always with 48 hours' notice.
        - Redecorating needs written permission (the landlord said yes to Mia's room, in writing, June 2025).

        ## Boiler

        The boiler is a Worcester Bosch Greenstar 30i in the airing cupboard on the landing. The landlord's heating engineers (Hartley Heating) service it once a year. If the pressure drops below 1 bar, top it up with the filling loop under the boiler until the gauge reads between 1 and 1.5.

        ### Boiler service

        This year's date is in the e-mail from Hartley Heating. Last year's service was on 9 February 2026.

        ## Water, gas and electricity

        The water stopcock is in the cupboard under the kitchen sink, behind the bin; turn it clockwise to close. The gas meter is outside by the side gate and its serial number is G4K 55103 87 (the supplier asks for it every time we switch). The electricity meter and the fuse box are under the stairs.

        ## Bins

        Black bin (general waste) and the blue recycling box go out on alternate Tuesday nights; the brown garden-waste bin (£52 a year, paid to the council) is emptied on Fridays.
        """)
    b.fact("Where's the water stopcock in our house?", ["under the kitchen sink"], "place", "in the garage")
    b.fact("What's the DPS certificate number for our tenancy deposit?", ["DPS-7720-1184"], "code",
           "DPS-7720-1148")
    b.fact("What is the serial number of our gas meter?", ["G4K 55103 87"], "code", "G4K 55130 87")
    b.fact("How much was the deposit for the house?", ["£1,850", "1,850", "1850"], "amount", "£1,580")

    b.pdf("car-insurance-renewal.pdf", "Halden Motor Insurance - Renewal schedule", [
        """\
        HALDEN MOTOR INSURANCE
        Renewal schedule and invitation to renew
        Policyholder: Mrs Elena Marsh, 27 Clarence Road, St. Albans AL1 4NG
        Date of issue: 22 March 2027
        Your new policy number: HMI-40277815 (this replaces your previous policy number HMI-39120464, which should no longer be quoted).
        Vehicle: Skoda Octavia Estate 1.5 TSI SE, registration LR19 KXT, kept on the road outside the home address.
        Cover: Comprehensive. Period of cover: 19 April 2027 to 18 April 2028.
        Named drivers: Elena Marsh (policyholder), Thomas Marsh.
        """,
        """\
        Your premium
        Last year you paid £548.10. Your renewal premium for the coming year is £612.40, including Insurance Premium Tax at 12%.
        Excess: compulsory £250, voluntary £150, total £400 for any claim except windscreen replacement (£95).
        The increase reflects the claim made on 14 November 2026 and higher repair costs across the market.
        If you do nothing, your policy will renew automatically and the premium will be collected by Direct Debit on or after the start date above.
        To discuss your renewal call 0330 160 4418, Monday to Friday 8am to 8pm, Saturday 9am to 1pm.
        """])
    b.fact("What's our new car insurance policy number?", ["HMI-40277815"], "code", "HMI-40277518")
    b.fact("How much is the car insurance renewal premium this year?", ["£612.40", "612.40"], "amount",
           "£621.40")
    b.fact("When does the new car insurance cover start?", ["19 April 2027", "2027-04-19", "April 19"],
           "date", "12 April 2027")

    b.eml("car-claim.eml", Mail(
        "Gareth Lloyd <g.lloyd@haldeninsurance.example>", me, "Mon, 16 Nov 2026 10:12:00 +0000",
        "Your claim – rear bumper damage, Skoda Octavia LR19 KXT", """\
        Dear Mrs Marsh,

        Thank you for reporting the damage to your vehicle on Saturday. I am the handler for your claim; please quote the claim reference CLM-2026-118834 on every call and e-mail so that we can find your file quickly.

        An approved repairer, Verulam Motors on Hatfield Road, will contact you within two working days to arrange an inspection. They will also arrange a courtesy car for the duration of the repair. The other driver's insurer has been notified; their reference is TPX-550291 should they contact you directly.

        Your excess of £400 will be payable to the repairer when you collect the car, and may be recovered later if the other driver is found to be at fault.

        Kind regards,

        Gareth Lloyd
        Motor Claims Team, Halden Motor Insurance
        Direct line 0330 160 4472
        """))
    b.fact("What's the reference number for the car insurance claim?", ["CLM-2026-118834"], "code",
           "CLM-2026-118843")
    b.fact("Which garage is repairing the car after the bumper damage?", ["Verulam Motors"], "name",
           "Hatfield Motors")
    b.fact("Who's handling our car insurance claim?", ["Gareth Lloyd"], "name", "Gareth Lewis")

    b.html("school-newsletter.html", "St. Michael's Primary — Spring Newsletter", """\
        <nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/term-dates">Term dates</a></nav>
        <h1>St. Michael's C of E Primary — Spring Newsletter</h1>
        <p class="meta">Issue No. 3 · February 2027</p>
        <h2>From the Head</h2>
        <p>Welcome back after half term. Thank you to everyone who came to the Winter Concert; the PTA raised £1,146 for the new library books. Please remember that the car park is for staff only, and walk or scoot to school where you can.</p>
        <p>Mrs. Hollis, Headteacher</p>
        <h2>Staff news</h2>
        <p>We are delighted to welcome Mrs. Adebayo, who takes over Kestrel Class (Year 4) from Mr. Carr after half term. Mr. Carr moves to Year 6 to cover Miss Dunne's maternity leave.</p>
        <h2>Trips</h2>
        <ul>
          <li>Year 4 (Kestrel and Falcon) visit the Natural History Museum on Wednesday 3 March. The cost is £18.50 per child, payable on ParentPay by 24 February.</li>
          <li>Year 1 will walk to Verulamium Park for their “Signs of Spring” hunt; there is no charge.</li>
        </ul>
        <h2>Dates for your diary</h2>
        <table>
          <tr><th>Event</th><th>Date</th></tr>
          <tr><td>Parent-teacher meetings (book online)</td><td>10 and 11 March</td></tr>
          <tr><td>World Book Day (come as a character)</td><td>Thursday 4 March</td></tr>
          <tr><td>Spring Fair</td><td>Saturday 15 May, 11am–3pm</td></tr>
          <tr><td>INSET day, school closed</td><td>Friday 28 May</td></tr>
        </table>
        <h2>Uniform and PE</h2>
        <p>Year 4 PE is on Tuesdays and Thursdays; children should come to school in their PE kit on those days. Earrings must be removed or taped.</p>
        <footer><p>St. Michael's C of E Primary School, St. Michael's Street, St. Albans</p></footer>
        """)
    b.fact("How much does Mia's museum trip cost?", ["£18.50", "18.50"], "amount", "£16.50")
    b.fact("When is the school's spring fair?", ["15 May", "May 15", "2027-05-15"], "date", "22 May")
    b.fact("Who's the new Year 4 teacher for Kestrel Class?", ["Adebayo"], "name", "Mrs. Bennett")
    b.fact("When is the school closed for the INSET day?", ["28 May", "May 28", "2027-05-28"], "date",
           "21 May")

    b.ics("family.ics", "Marsh family", "Europe/London", [
        Event("Mia – parent-teacher meeting", "20270311T164000", "20270311T165000",
              "Kestrel classroom, St. Michael's Primary",
              "10-minute slot. Bring Mia's reading record, and ask about the spelling group and the "
              "residential trip."),
        Event("Leo – parent-teacher meeting (Miss Patel)", "20270310T171000", "20270310T172000",
              "Wren classroom, St. Michael's Primary", "Ask about his reading book level."),
        Event("Dentist – Elena (Dr. Okafor)", "20270223T084500", "20270223T091500",
              "Marlborough Road Dental Practice, 12 Marlborough Road, St. Albans",
              "Crown preparation, lower left. See the treatment plan. Arrive 10 minutes early, "
              "no coffee beforehand."),
        Event("Dentist – Mia check-up", "20270406T153000", "20270406T154500",
              "Marlborough Road Dental Practice, 12 Marlborough Road, St. Albans", ""),
        Event("Book club", "20270304T193000", "20270304T220000", "Jo's, 22 Fishpool Street, St. Albans",
              "Jo hosts this month, bring a bottle. Ruth is doing the questions."),
        Event("Biscuit – booster jab", "20270302T101500", "20270302T103000",
              "Abbey Veterinary Centre, 5 Grove Road, St. Albans",
              "Annual booster and nail clip. Ask about the lump on his left hind leg."),
        Event("Swimming – Leo", "20270306T091500", "20270306T094500",
              "Westminster Lodge Leisure Centre", "Stage 3. Goggles!"),
        Event("Half term", "20270215", "20270220", "", "Kids off school. Grandma has them Tue–Wed."),
    ], "marsh.family.example")
    b.fact("What time is Mia's parent-teacher meeting?", ["16:40", "4:40 pm", "4:40pm", "4.40pm"], "time",
           "16:10")
    b.fact("When is my next dentist appointment with Dr. Okafor?",
           ["2027-02-23", "23 February", "February 23", "23 Feb"], "date", "2027-02-25")
    b.fact("Where is book club being held in March?", ["22 Fishpool Street"], "place", "12 Fishpool Street")
    b.fact("What time is Biscuit's booster at the vet?", ["10:15", "10.15"], "time", "10:45")

    b.ics("work-calendar.ics", "Work – Calder & Finch", "Europe/London", [
        Event("Harbourside steering group", "20270209T140000", "20270209T153000",
              "Thames 3, Calder & Finch, 80 Victoria Street, London",
              "Agenda: cost plan v4, planning conditions 12 and 17, programme update from Brennock, "
              "nursery operator.\nPapers circulated by Naomi on Friday."),
        Event("1:1 with Naomi", "20270210T110000", "20270210T113000", "Microsoft Teams", ""),
        Event("Site visit – Harbourside Block C", "20270218T093000", "20270218T120000",
              "Harbourside site office, Wharf Road, Rochester",
              "Hard hat, boots and hi-vis. Meet Declan Byrne (site manager) at the gate. Train from "
              "St Pancras 08:07."),
        Event("Harbourside quarterly review", "20270325T100000", "20270325T120000",
              "Board room, 6th floor, 80 Victoria Street, London",
              "Quarterly review with Medway Quay Homes. Elena presents the programme and risks."),
        Event("Lunch & learn: net zero carbon design", "20270217T123000", "20270217T133000",
              "Thames 1", "Sandwiches provided."),
    ], "calderfinch.example")
    b.fact("Which room is the Harbourside steering group in?", ["Thames 3"], "place", "Thames 2")
    b.fact("What time does the Harbourside site visit start?", ["09:30", "9:30 am", "9:30am", "9.30am"],
           "time", "08:40")
    b.fact("What's the date of the Harbourside quarterly review?", ["2027-03-25", "25 March", "March 25"],
           "date", "2027-03-18")

    b.vcf("contacts.vcf", [
        Card("Mr. Lars Lindqvist", ("Lindqvist", "Lars", "Mr.", ""),
             tel=[("CELL", "07700 900418"), ("WORK", "01727 960 552")],
             email=["lars@lindqvistlettings.example"],
             adr=("WORK", "Suite 4, Beaumont House, 16 London Road", "St. Albans", "Hertfordshire",
                  "AL1 1NG", "United Kingdom"),
             org="Lindqvist Lettings", title="Landlord",
             note="Our landlord. Prefers texts, not calls. Office closed on Fridays."),
        Card("Dr. Chidi Okafor", ("Okafor", "Chidi", "Dr.", "BDS"), tel=[("WORK", "01727 960 233")],
             email=["reception@marlboroughdental.example"],
             adr=("WORK", "12 Marlborough Road", "St. Albans", "Hertfordshire", "AL1 3XQ", "United Kingdom"),
             org="Marlborough Road Dental Practice", note="Elena's and the kids' dentist."),
        Card("Dave Hartley", ("Hartley", "Dave", "", ""), tel=[("CELL", "07700 900762")],
             email=["dave@hartleyheating.example"], org="Hartley Heating",
             note="Gas Safe registered, no. 548112. The landlord pays for the annual service; anything "
                  "else, ask Mr. Lindqvist first."),
        Card("Jo Pemberton", ("Pemberton", "Jo", "", ""), tel=[("CELL", "07700 900305")],
             email=["jo.pemberton@example.com"],
             adr=("HOME", "22 Fishpool Street", "St. Albans", "Hertfordshire", "AL3 4RT", "United Kingdom"),
             note="Book club. Allergic to nuts."),
        Card("Priya Shah", ("Shah", "Priya", "", ""), tel=[("CELL", "07700 900871")],
             email=["priya.shah@example.com"],
             adr=("HOME", "41 Clarence Road", "St. Albans", "Hertfordshire", "AL1 4NG", "United Kingdom"),
             note="Babysitter. Usually Fridays, £12 an hour, walks home (lives a few doors down)."),
        Card("Abbey Veterinary Centre", ("", "", "", ""), tel=[("WORK", "01727 960 019")],
             email=["appointments@abbeyvets.example"],
             adr=("WORK", "5 Grove Road", "St. Albans", "Hertfordshire", "AL1 1DQ", "United Kingdom"),
             org="Abbey Veterinary Centre", note="Out of hours: Vets Now, Hatfield."),
        Card("Naomi Achterberg", ("Achterberg", "Naomi", "", ""), tel=[("WORK", "020 7946 0381")],
             email=["n.achterberg@calderfinch.example"], org="Calder & Finch LLP",
             title="Associate Director"),
    ])
    b.fact("What's Mr. Lindqvist's mobile number?", ["07700 900418", "07700900418"], "phone", "07700 900481")
    b.fact("What's Dave Hartley's e-mail address?", ["dave@hartleyheating.example"], "email",
           "info@hartleyheating.example")
    b.fact("What's the phone number of the dentist's practice?", ["01727 960 233", "01727960233"], "phone",
           "01727 960 323")
    b.fact("How much does Priya charge for babysitting?", ["£12 an hour", "£12 per hour", "12 pounds an hour"], "amount", "£15 an hour")
    b.fact("What's Jo Pemberton's mobile number?", ["07700 900305", "07700900305"], "phone", "07700 900350")

    b.md("lisbon-trip.md", """\
        # Lisbon, Easter 2027

        Four nights in Lisbon over the Easter holidays, the four of us. Flights are booked with TAP, the hotel is booked (see the confirmation e-mail from Casa do Largo), and Tom is in charge of the tram and museum plan because he has been before.

        ## Flights

        - Out: Thursday 1 April, TP1359, London Heathrow 06:40 → Lisbon 09:25 (Terminal 2, check in online 36 hours before).
        - Back: Monday 5 April, TP1352, Lisbon 17:55 → Heathrow 20:35.
        - Booking reference (TAP): QZ7K4M, seats 23A to 23D.

        ## Plan

        1. Thursday: drop bags, Alfama and the castle, early dinner near the hotel.
        2. Friday: Belém. Jerónimos Monastery (tickets for 10:00), the tower, custard tarts at Pastéis de Belém.
        3. Saturday: Sintra by train from Rossio (about 40 minutes), Pena Palace, Quinta da Regaleira for the well.
        4. Sunday: Oceanário in the morning, LX Factory, sunset at the Miradouro da Senhora do Monte.

        ## Things to remember

        Euros in cash for the trams, the kids' passports (Leo's expires in 2029), the GHIC cards, travel adaptors, Mia's inhaler.
        """)
    b.fact("What's our flight number to Lisbon?", ["TP1359", "TP 1359"], "code", "TP1395")
    b.fact("What's the TAP booking reference?", ["QZ7K4M"], "code", "QZ4K7M")
    b.fact("What time does our flight home from Lisbon leave?", ["17:55", "5:55 pm", "5:55pm"], "time",
           "18:55")

    b.eml("lisbon-hotel.eml", Mail(
        "Casa do Largo <reservas@casadolargo.example>", me, "Sun, 10 Jan 2027 19:02:11 +0000",
        "Booking confirmation HB-99310442 – Casa do Largo, Lisboa", """\
        Dear Elena Marsh,

        Thank you for choosing Casa do Largo. We are pleased to confirm your reservation.

        Booking number: HB-99310442
        Arrival: Thursday, 1 April 2027 (check-in from 15:00)
        Departure: Monday, 5 April 2027 (check-out by 11:00)
        Room: Family suite with balcony, 2 adults and 2 children (ages 6 and 9)
        Total price for 4 nights: €1,240.50 (the city tax of €32.00 is paid at the hotel)

        A deposit of €310.00 has been charged to your card ending 4417. The remaining balance is due on arrival.

        Our address is Largo do Contador-Mor 7, 1100-164 Lisboa. The nearest tram stop is Sé (tram 28). If you arrive before check-in we are happy to keep your luggage.

        Obrigado,
        Inês Carvalho
        Reservations, Casa do Largo
        """,
        html="<p>Dear Elena Marsh,</p><p>Your booking <b>HB-99310442</b> is confirmed.</p>"))
    b.fact("How much is the Lisbon hotel in total?", ["€1,240.50", "1,240.50", "1240.50"], "amount",
           "€1,420.50")
    b.fact("What's the booking number for the hotel in Lisbon?", ["HB-99310442"], "code", "HB-99310424")
    b.fact("From what time can we check in at the Lisbon hotel?", ["15:00", "3 pm", "3pm"], "time", "14:30")

    b.md("book-club.md", """\
        # Book club

        We meet on the first Thursday of the month at 7.30pm, rotating houses. Eight of us at the moment: Jo, Ruth, Anita, Claire, Sue, Mel, Fran and me.

        ## 2027 reading list

        1. January: *The Remains of the Day* (Kazuo Ishiguro), at Ruth's
        2. February: *Small Things Like These* (Claire Keegan), at mine
        3. March: *Klara and the Sun* (Kazuo Ishiguro), at Jo's
        4. April: *Tomorrow, and Tomorrow, and Tomorrow* (Gabrielle Zevin), host to be decided
        5. May: *Demon Copperhead* (Barbara Kingsolver), at Anita's

        ## Kitty

        Everyone puts £5 a month into the kitty for wine and the Christmas meal; Anita keeps it. The balance after the January meeting was £212, after paying the deposit for the Christmas meal.
        """)
    b.fact("Which book are we reading for book club in May?", ["Demon Copperhead"], "name",
           "Lessons in Chemistry")
    b.fact("How much is in the book club kitty?", ["£212"], "amount", "£221")

    b.txt("harbourside-notes.txt", """\
        HARBOURSIDE — project notes (Elena)
        Updated 2 Feb 2027

        Scheme: 112 flats in three blocks (A: 40, B: 38, C: 34) plus a ground-floor nursery, on the old Wharf Road depot in Rochester. Client: Medway Quay Homes. Contractor: Brennock Construction (design and build).

        Budget: construction cost plan v4 = £21.6m, down from £22.3m in v3 after the facade value engineering. Contingency held at 5%.

        Purchase order for the acoustic survey: PO-48213 (Sound Planning Ltd, £7,950 + VAT). The earlier PO-47790 was for the topographical survey and is closed.

        Key dates:
          - Planning condition 12 (materials) discharge: submit by 26 February
          - Block C topping out: target 14 June 2027
          - Practical completion: 30 November 2027

        Open risks: piling delay on Block C (3 weeks), the UKPN substation lead time (38 weeks!), the nursery operator not yet signed.
        """)
    b.fact("How many flats are in the Harbourside scheme?", ["112"], "number", "121")
    b.fact("What's the PO number for the acoustic survey?", ["PO-48213"], "code", "PO-48231")
    b.fact("When is practical completion for Harbourside?",
           ["30 November 2027", "2027-11-30", "November 30"], "date", "30 October 2027")

    b.mbox("home-2027.mbox", [
        Mail("Lars Lindqvist <lars@lindqvistlettings.example>", "Elena Marsh <elena.marsh@example.com>, "
             "Tom Marsh <tom.marsh@example.com>", "Mon, 18 Jan 2027 09:05:00 +0000",
             "27 Clarence Road – rent review", """\
             Dear Elena and Tom,

             I hope you both had a good Christmas. Following the annual review, the rent for 27 Clarence Road will be £1,385 per calendar month from 1 April 2027 (it is currently £1,320). This is still below the local average for a three-bedroom house, and I have kept the increase as small as I can. A formal notice is attached for your records.

             I have also asked Hartley Heating to book the annual boiler service; they will be in touch directly.

             Best wishes,
             Lars Lindqvist
             Lindqvist Lettings
             """),
        Mail("Abbey Veterinary Centre <appointments@abbeyvets.example>", me, "Tue, 16 Feb 2027 08:30:00 +0000",
             "Biscuit is due his booster", """\
             Dear Ms Marsh,

             Our records show that Biscuit is due his annual vaccination (DHP and Lepto 4). Please book his appointment online or by phone; morning slots go quickly.

             The booster costs £64.00 and includes a full health check; members of our Healthy Pet Club pay nothing extra. Flea and worm treatment can be added for £18.

             Please arrive five minutes early and bring Biscuit on a lead.

             Abbey Veterinary Centre, 5 Grove Road, St. Albans
             """),
        Mail("Jo Pemberton <jo.pemberton@example.com>", "Book club <bookclub@example.com>",
             "Sat, 27 Feb 2027 21:14:00 +0000", "Book club – March at mine", """\
             Hi all,

             Looking forward to Thursday! A few practical things: Fishpool Street is permit parking only after 6.30pm, so please use the St. Peter's Street car park (free after 6pm) and walk down, it's five minutes.

             I'm making a lemon tart; could someone bring crisps or nibbles (no nuts please, as ever). Ruth has promised us questions that are "not too academic".

             Jo x
             """),
        Mail("St. Michael's Primary <office@stmichaels.example>", "Parents <parents@stmichaels.example>",
             "Wed, 3 Mar 2027 15:40:00 +0000", "Lost property and parent-teacher meetings", """\
             Dear Parents and Carers,

             The lost property box is overflowing again. Anything not collected by Friday will be washed and given to the PTA second-hand uniform sale.

             A reminder that parent-teacher meetings take place on 10 March (Reception to Year 2) and 11 March (Years 3 to 6). Slots are ten minutes; please book online if you have not done so.

             School Office
             """),
        Mail("Marlborough Road Dental Practice <reception@marlboroughdental.example>", me,
             "Mon, 29 Mar 2027 10:00:00 +0100", "Appointment reminder – Mia Marsh", """\
             Dear Parent/Guardian,

             This is a reminder that Mia Marsh has a check-up on Tuesday 6 April at 15:30 with Dr. Okafor. If you cannot attend, please give us 24 hours' notice.

             Marlborough Road Dental Practice
             """),
    ])
    b.fact("What will our new monthly rent be?", ["£1,385", "1,385", "1385"], "amount", "£1,358")
    b.fact("From when does the new rent apply?", ["1 April 2027", "2027-04-01", "April 1"], "date",
           "1 May 2027")
    b.fact("How much does Biscuit's booster cost?", ["£64.00", "£64", "64.00"], "amount", "£46.00")
    b.fact("Where should I park for book club at Jo's?", ["St. Peter's Street car park"], "place",
           "London Road car park")

    b.mbox("work-2027.mbox", [
        Mail("Declan Byrne <d.byrne@brennock.example>", "Elena Marsh <e.marsh@calderfinch.example>",
             "Wed, 3 Feb 2027 07:48:00 +0000", "Block C piling – revised programme", """\
             Elena,

             Following the obstruction we hit on the east side of Block C, the piling rig is back on site on Monday 8 February. We have lost 15 working days overall. The revised topping-out date for Block C is 5 July 2027 (it was 14 June); Blocks A and B are unaffected.

             Updated programme attached. Happy to talk it through at the site visit.

             Declan Byrne
             Site Manager, Brennock Construction
             """),
        Mail("Naomi Achterberg <n.achterberg@calderfinch.example>", "Elena Marsh <e.marsh@calderfinch.example>",
             "Thu, 11 Feb 2027 16:02:00 +0000", "Sound Planning invoice", """\
             Hi Elena,

             Sound Planning's invoice INV-20771 for £9,540.00 (that's the £7,950 plus VAT) has come in against your purchase order. Can you approve it in Coupa by Friday so it goes in this month's payment run?

             Thanks,
             Naomi
             """),
        Mail("Fergus Reilly <f.reilly@medwayquay.example>", "Elena Marsh <e.marsh@calderfinch.example>",
             "Mon, 22 Feb 2027 12:30:00 +0000", "Harbourside – nursery operator", """\
             Dear Elena,

             Good news at last: Little Acorns Nurseries have signed heads of terms for the ground-floor unit in Block A, a 15-year lease with a break at year 10. Could your team update the risk register and let Brennock know the fit-out spec is now fixed?

             Regards,
             Fergus Reilly
             Development Director, Medway Quay Homes
             """),
        Mail("Naomi Achterberg <n.achterberg@calderfinch.example>", "Elena Marsh <e.marsh@calderfinch.example>",
             "Fri, 5 Mar 2027 09:10:00 +0000", "Leave request", """\
             Elena, your annual leave for 1 to 6 April is approved. After that you will have 9 days left for the rest of the leave year. Enjoy Lisbon!

             N.
             """),
    ])
    b.fact("When is Block C now expected to top out?", ["5 July 2027", "2027-07-05", "July 5"], "date",
           "12 July 2027")
    b.fact("What's the invoice number from Sound Planning?", ["INV-20771"], "code", "INV-20717")
    b.fact("Which nursery operator signed for the Harbourside ground floor?", ["Little Acorns"], "name",
           "Little Oaks")
    b.fact("How many days of annual leave will I have left after Easter?", ["9 days"], "number", "11 days")

    b.pdf("dentist-treatment-plan.pdf", "Treatment plan - Mrs E Marsh", ["""\
        Marlborough Road Dental Practice
        12 Marlborough Road, St. Albans AL1 3XQ  ·  www.marlboroughdental.example
        PRIVATE TREATMENT PLAN AND ESTIMATE
        Patient: Mrs Elena Marsh    Date of birth: 14/08/1988    Patient no. MRD-20931
        Dentist: Dr. C. Okafor BDS    Date of plan: 2 February 2027
        Item                                              Tooth       Fee
        Examination and two bitewing X-rays                            £68.00
        Porcelain-bonded crown                            LL6 (36)    £545.00
        Hygienist appointment (45 minutes)                             £85.00
        Total estimate: £698.00
        A deposit of £150.00 is payable when the crown preparation appointment is booked; the balance is payable when the crown is fitted. This estimate is valid for three months. If further treatment is needed we will discuss it with you and give you a new estimate before we start.
        """])
    b.fact("What's my patient number at the dentist?", ["MRD-20931"], "code", "MRD-20913")
    b.fact("How much will the crown cost?", ["£545.00", "£545", "545.00"], "amount", "£454.00")
    b.fact("What's the total on the dental treatment estimate?", ["£698.00", "£698", "698.00"], "amount",
           "£689.00")

    b.pdf("council-tax-2027.pdf", "Council Tax Bill 2027/28", ["""\
        St Albans City and District Council
        COUNCIL TAX BILL 2027/28
        Account reference: 5001 2238 4410
        Property: 27 Clarence Road, St. Albans AL1 4NG          Valuation band: D
        Liable persons: Elena Marsh, Thomas Marsh
        Charges for the period 1 April 2027 to 31 March 2028
        Hertfordshire County Council  £1,642.12
        Police and Crime Commissioner  £261.01
        St Albans City and District Council  £228.23
        Total annual charge: £2,131.36
        Instalments: 10 monthly payments by Direct Debit on the 15th of each month, first instalment £213.19, then 9 instalments of £213.13.
        """])
    b.fact("What's our council tax account reference?", ["5001 2238 4410", "500122384410"], "code",
           "5001 2283 4410")
    b.fact("How much is the council tax for the year?", ["£2,131.36", "2,131.36", "2131.36"], "amount",
           "£2,113.36")

    b.html("broadband-account.html", "My account — Fibrely", """\
        <header><div class="logo">Fibrely</div></header>
        <h1>My account</h1>
        <p>Hello Elena, here is a summary of your broadband.</p>
        <h2>Your plan</h2>
        <table>
          <tr><td>Plan</td><td>Full Fibre 500</td></tr>
          <tr><td>Monthly price</td><td>£32.99</td></tr>
          <tr><td>Price from 1 April 2027</td><td>£35.49 (yearly rise of CPI + 3.9%)</td></tr>
          <tr><td>Minimum term ends</td><td>14 August 2027</td></tr>
          <tr><td>Customer number</td><td>FBR-3318-0467</td></tr>
        </table>
        <h2>Your router</h2>
        <p>Router: Fibrely Hub 3. If your connection drops, switch the hub off for 30 seconds and back on before calling us.</p>
        <h2>Help</h2>
        <p>Call us on 0800 046 1190, 8am to 8pm every day.</p>
        """)
    b.fact("What's my broadband customer number?", ["FBR-3318-0467"], "code", "FBR-3381-0467")
    b.fact("When does the broadband minimum term end?", ["14 August 2027", "2027-08-14", "August 14"], "date",
           "14 August 2028")
    b.fact("How much will the broadband cost from April?", ["£35.49", "35.49"], "amount", "£34.59")

    b.txt("subscriptions.txt", """\
        Subscriptions & direct debits (checked Jan 2027)

        Spotify Family ............ £19.99/month, renews on the 9th
        Netflix Standard .......... £12.99/month (Tom's card)
        Disney+ ................... cancelled Dec 2026, DON'T resubscribe until the summer
        The Guardian (digital) .... £12.00/month
        PureGym St Albans ......... £24.99/month, Elena, membership no. 8825 4410 19
        RAC breakdown ............. £11.25/month, membership 5417 772, renews 3 May 2027
        Amazon Prime .............. £95/year, renews 21 October
        Headspace ................. £49.99/year, renews 2 Feb (cancel?)

        Total monthly (excluding the annual ones): about £81
        """)
    b.fact("What's my gym membership number?", ["8825 4410 19"], "code", "8825 4401 19")
    b.fact("When does the RAC breakdown cover renew?", ["3 May 2027", "2027-05-03", "May 3"], "date",
           "13 May 2027")
    b.fact("How much do we pay for Spotify?", ["£19.99"], "amount", "£17.99")

    b.txt("biscuit.txt", """\
        Biscuit (working cocker spaniel, born 12 May 2021)

        Microchip: 985 141 002 338 761 (registered with Petlog; address updated when we moved, Oct 2024)
        Vet: Abbey Veterinary Centre, 5 Grove Road. Ms. Harriet Doyle usually sees him and knows his history with the ear infections.
        Insurance: Waggel, policy WG-7734019, £36.74 a month, excess £99 per condition.
        Food: two 95 g scoops of the salmon kibble a day; no chicken (itchy ears).
        Weight at the last check: 14.2 kg (the vet would like him under 14).
        Walker: Sunita, Tuesdays and Thursdays, £15 a walk.
        """)
    b.fact("What's Biscuit's microchip number?", ["985 141 002 338 761", "985141002338761"], "code",
           "985 141 002 383 761")
    b.fact("What's the pet insurance policy number?", ["WG-7734019"], "code", "WG-7743019")
    b.fact("Who is Biscuit's usual vet?", ["Harriet Doyle", "Doyle"], "name", "Helen Dorsey")
    b.fact("How much did Biscuit weigh at his last check?", ["14.2 kg", "14.2kg", "14.2"], "number", "15.2 kg")

    b.md("lemon-drizzle.md", """\
        # Granny Marsh's lemon drizzle

        Makes one 2 lb loaf. Mia's favourite; Leo likes it without the drizzle.

        ## Ingredients

        - 225 g softened butter
        - 225 g caster sugar
        - 4 eggs
        - 225 g self-raising flour
        - finely grated zest of 1 lemon
        - for the drizzle: juice of 1½ lemons and 85 g caster sugar

        ## Method

        Heat the oven to 180°C (160°C fan). Beat the butter and sugar until pale, add the eggs one at a time, then fold in the flour and zest. Bake for 45 to 50 minutes, until a skewer comes out clean. Mix the lemon juice and sugar and pour over while the cake is still warm.
        """)
    b.fact("What oven temperature does the lemon drizzle need (not fan)?", ["180°C", "180"], "number",
           "190°C")

    b.pdf("payslip-2027-01.pdf", "Payslip January 2027", ["""\
        Calder & Finch LLP  -  PAYSLIP
        Employee: Elena Marsh    Employee no. CF-01872    Tax code: 1257L    NI number: QQ 12 34 56 C
        Pay period: January 2027 (month 10)    Pay date: 29/01/2027
        PAYMENTS    Basic salary £5,250.00    Overtime £0.00
        DEDUCTIONS    Income tax £892.40    National Insurance £271.33    Pension (5%) £262.50    Cycle to work £41.67
        Total payments £5,250.00    Total deductions £1,467.90    NET PAY £3,782.10
        Year to date: gross £52,500.00, tax £8,924.00, employee pension £2,625.00
        """])
    b.fact("What was my take-home pay in January?", ["£3,782.10", "3,782.10", "3782.10"], "amount",
           "£3,872.10")
    b.fact("What's my employee number at Calder & Finch?", ["CF-01872"], "code", "CF-01827")
    b.fact("How much went into my pension in January?", ["£262.50", "262.50"], "amount", "£226.50")

    b.eml("mot-reminder.eml", Mail(
        "Verulam Motors <service@verulammotors.example>", me, "Fri, 14 May 2027 11:45:00 +0100",
        "MOT due – Skoda Octavia LR19 KXT", """\
        Dear Mrs Marsh,

        Our records show that the MOT for your Skoda Octavia (LR19 KXT) expires on 28 June 2027. You can have it tested up to a month before that date and keep the same renewal date next year.

        The MOT costs £54.85. If you would like a full service at the same visit, the price is £289 including the MOT. We can offer a free courtesy car if you book at least a week ahead.

        Book online or call us on 01727 960 740.

        Verulam Motors, Hatfield Road, St. Albans
        """))
    b.fact("When does the car's MOT run out?", ["28 June 2027", "2027-06-28", "June 28"], "date",
           "28 July 2027")
    b.fact("How much is the MOT at Verulam Motors?", ["£54.85", "54.85"], "amount", "£45.85")

    b.eml("boiler-service.eml", Mail(
        "Hartley Heating <bookings@hartleyheating.example>", me, "Thu, 28 Jan 2027 16:20:00 +0000",
        "Annual boiler service – 27 Clarence Road", """\
        Hi Elena,

        Mr. Lindqvist has asked us to carry out the annual gas safety check and boiler service at 27 Clarence Road. We have booked you in for Tuesday 16 February, arriving between 8 and 10am. Our engineer Gary Fenn will do the visit; he will need access to the boiler, the gas meter and the hob, so please clear the airing cupboard.

        The landlord's gas safety certificate (CP12) will be e-mailed to you and to Mr. Lindqvist within 48 hours. There is nothing to pay; the landlord is invoiced directly.

        Thanks,
        Dave Hartley
        Hartley Heating
        """))
    b.fact("Who's the engineer coming to service the boiler?", ["Gary Fenn"], "name", "Gary Finn")
    b.fact("When is the boiler being serviced?", ["16 February", "2027-02-16", "February 16"], "date",
           "17 February")

    b.pdf("year4-residential.pdf", "Year 4 residential letter", ["""\
        St. Michael's C of E Primary School
        Year 4 residential trip, June 2027
        Dear Parents and Carers,
        Year 4 will spend three days and two nights at the Hollowmere Outdoor Centre near Norwich, from Wednesday 9 June to Friday 11 June 2027. Activities include canoeing, climbing, orienteering and a night walk.
        The total cost is £215 per child, which includes coach travel, all meals and activities. A non-refundable deposit of £60 is due with the signed consent form by Friday 5 March; the balance can be paid in instalments on ParentPay, with the final payment due on 14 May.
        A parents' information evening will be held in the school hall on Tuesday 20 April at 18:30, where you can meet the centre staff and ask questions.
        Yours sincerely,
        The Year 4 team
        """])
    b.fact("How much is the deposit for the Year 4 residential?", ["£60"], "amount", "£50")
    b.fact("Where is Mia's residential trip?", ["Hollowmere Outdoor Centre", "Hollowmere"], "place",
           "Kingswood Outdoor Centre")
    b.fact("What time is the information evening for the residential trip?",
           ["18:30", "6.30pm", "6:30 pm", "6:30pm"], "time", "19:00")

    b.html("restaurant-booking.html", "Booking confirmed — The Waterend Kitchen", """\
        <div class="card">
          <h1>Your table is booked</h1>
          <p>Thank you, Elena. We look forward to welcoming you.</p>
          <dl>
            <dt>Restaurant</dt><dd>The Waterend Kitchen, 4 George Street, St. Albans</dd>
            <dt>Date</dt><dd>Saturday 20 March 2027</dd>
            <dt>Time</dt><dd>19:45</dd>
            <dt>Guests</dt><dd>2</dd>
            <dt>Booking reference</dt><dd>WK-6620</dd>
            <dt>Notes</dt><dd>Anniversary. One vegetarian.</dd>
          </dl>
          <p>A deposit of £20 per person secures your booking and is deducted from your bill. Cancellations within 48 hours of the booking forfeit the deposit.</p>
        </div>
        """)
    b.fact("What time is our anniversary dinner booked for?", ["19:45", "7:45 pm", "7.45pm", "7:45pm"], "time",
           "20:15")
    b.fact("What's the restaurant booking reference?", ["WK-6620"], "code", "WK-6602")

    b.html("swimming-lessons.html", "Westminster Lodge — Learn to Swim", """\
        <h1>Learn to Swim: booking summary</h1>
        <section>
          <h2>Swimmer</h2>
          <p>Leo Marsh (age 6), Stage 3</p>
          <h2>Lesson</h2>
          <p>Saturdays 09:15 to 09:45, Teaching Pool, Westminster Lodge Leisure Centre, Holywell Hill, St. Albans.</p>
          <p>Teacher: Coach Imogen. Assessment week: 12 June.</p>
          <h2>Payment</h2>
          <p>Summer term fee: £78.00 (12 lessons), paid by card on 2 April 2027. Next term's fee is taken automatically unless you cancel by 1 July.</p>
        </section>
        """)
    b.fact("How much is Leo's swimming term fee?", ["£78.00", "£78", "78.00"], "amount", "£87.00")
    b.fact("Who teaches Leo's swimming lessons?", ["Imogen"], "name", "Coach Isabel")

    b.md("allotment.md", """\
        # Allotment

        We took on half a plot at the Bernards Heath allotments in March 2025. It is Plot No. 14b, next to the water trough, between Margaret's (14a) and the compost bays.

        ## Costs

        Rent is £38 a year, due on 1 October to the Allotment Society treasurer, Mr. Oduya. Water is included. We paid a £10 key deposit for the gate.

        ## Sowing plan 2027

        - Broad beans 'Aquadulce': sown in November, should be ready in June
        - Potatoes: first earlies 'Charlotte', chitting on the windowsill from February, plant out at Easter
        - Tomatoes 'Sungold': in the greenhouse at home, not at the plot (blight)
        - Courgettes: two plants is plenty, three was a mistake
        """)
    b.fact("What's our allotment plot number?", ["14b"], "code", "14c")
    b.fact("How much is the allotment rent each year?", ["£38"], "amount", "£42")

    b.md("year-end-review.md", """\
        # 2026 year-end review (notes for my 1:1)

        My manager Naomi Achterberg and I went through the year on 10 February.

        ## What went well

        - Harbourside planning consent secured in July with no judicial review.
        - Cost plan brought down from £22.3m to £21.6m without losing the roof gardens.

        ## Outcome

        Rating: Exceeds. From 1 April my salary goes up 5% to £66,150, and I will take on the Northfleet feasibility study as project lead. Bonus for 2026: £3,000, paid with the March salary.

        ## Objectives for 2027

        1. Deliver Harbourside Block A to practical completion on programme.
        2. Mentor the two new graduates.
        3. Chartered membership (APM) by the end of the year.
        """)
    b.fact("What will my salary be from April?", ["£66,150", "66,150", "66150"], "amount", "£61,650")
    b.fact("Who is my manager at work?", ["Naomi Achterberg", "Achterberg"], "name", "Naomi Fairbrother")

    b.txt("misc-notes.txt", """\
        misc notes

        Tom's passport expires 3 September 2028 (renew at least 6 months before any trip). Mine is fine until 2031, the kids' until 2029.

        Library cards: mine 2300 0914 7752, Mia's is in her book bag.

        Recycling centre: Ronsons Way, open 8-4, closed Wednesdays. Need the van permit for anything bigger than the car.

        Mia's shoe size 2 (F fitting), Leo 12. Clarks in the Maltings does the fitting.
        """)
    b.fact("When does Tom's passport expire?", ["3 September 2028", "2028-09-03", "September 3"], "date",
           "3 September 2029")
    b.fact("What's my library card number?", ["2300 0914 7752"], "code", "2300 0941 7752")
    b.fact("Where's the recycling centre?", ["Ronsons Way"], "place", "Ashley Road")

    return b.finish(OPEN_A)


OPEN_A = [
    "What can you do?",
    "Plan a three-day trip to Lisbon for me.",
    "Write a short poem about the sea.",
    "Explain how vaccines work.",
    "List ten ideas for a birthday party.",
    "Give me a recipe for a simple vegetable soup.",
    "Write a polite letter to my landlord asking him to fix a dripping tap.",
    "Write a Python function that checks whether a word is a palindrome.",
    "Explain what inflation is in simple terms.",
    "Suggest a weekly meal plan for a family of four.",
    "Write a haiku about autumn leaves.",
    "I want to start running. Give me a four-week plan.",
    "Explain how a heat pump heats a house.",
    "Write a short bedtime story about a dog who finds a lost kite.",
    "List five board games for children aged six to ten.",
    "Tell me a joke.",
    "Summarise the plot of Hamlet in one paragraph.",
    "Write an out-of-office e-mail reply for next week.",
    "Give me some tips for a job interview.",
    "Explain recursion with an example.",
    "What should I pack for a weekend of camping?",
    "Write a limerick about a cat.",
    "Who are you?",
]


# -- corpus b --------------------------------------------------------------------------------------


def _corpus_b(root: Path) -> Corpus:
    b = _Builder(root)
    me = "Ruth Abernathy <ruthabernathy@example.net>"

    b.md("furnace-and-roof.md", """\
        # 112 Alder Lane: house systems

        Gus wrote most of this. Kept in the kitchen drawer too, printed.

        ## Heat

        Oil-fired furnace (Rheem, 2016) in the basement. Filter size 16x25x1, pleated MERV 8; change it in October and January. Heating oil comes from Harbor Oil & Propane on automatic delivery; our account number is HOP-22719 and the tank holds 275 gallons. The annual tune-up is in the fall (cleaning, nozzle, filter), usually around $240.

        ### Furnace trouble

        If the furnace quits: check the red reset button ONCE, check the switch at the top of the basement stairs, then call Harbor's 24-hour line. Do not press reset twice.

        ## Roof and gutters

        Main roof replaced in 2019 (architectural shingles, 30-year warranty through Coastline Roofing). The garage roof is the original one and leaks at the back corner; see the estimate e-mail.

        ## Septic

        1,000-gallon tank, last pumped on October 3, 2025 by Sebago Septic. Pump every 3 years, so next is due fall 2028. Don't plant anything over the leach field.
        """)
    b.fact("What size furnace filter do we use?", ["16x25x1", "16 x 25 x 1"], "code", "20x25x1")
    b.fact("What's our heating oil account number?", ["HOP-22719"], "code", "HOP-27219")
    b.fact("When was the septic tank last pumped?", ["October 3, 2025", "2025-10-03", "3 October 2025"],
           "date", "October 13, 2025")

    b.pdf("homeowners-declarations.pdf", "Pinecrest Mutual - Homeowners Declarations", [
        """\
        PINECREST MUTUAL INSURANCE COMPANY
        HOMEOWNERS POLICY DECLARATIONS (HO-3)
        Named insured: Ruth A. Abernathy and August J. Abernathy
        Residence premises: 112 Alder Lane, Falmouth, ME 04105
        Policy number: HO3-558-204-71    Prior policy: HO3-558-204-70
        Policy period: 06/15/2027 to 06/15/2028, 12:01 a.m. standard time at the residence premises
        Agent: Dana Whitcomb, Whitcomb Insurance Agency, (207) 555-0119
        """,
        """\
        COVERAGES AND LIMITS
        A. Dwelling $485,000    B. Other structures $48,500    C. Personal property $242,500    D. Loss of use $97,000
        E. Personal liability $300,000 each occurrence    F. Medical payments $5,000 each person
        DEDUCTIBLES: All perils $2,500. Windstorm or hail: 2% of Coverage A.
        ANNUAL PREMIUM: $1,846.00 (your premium for the prior term was $1,712.00). Discounts applied: claims-free, protective devices, multi-policy.
        """])
    b.fact("What's the new homeowners insurance policy number?", ["HO3-558-204-71"], "code", "HO3-558-204-17")
    b.fact("What's the annual premium on the homeowners policy?", ["$1,846.00", "1,846", "1846"], "amount",
           "$1,864.00")
    b.fact("How much is the all-perils deductible on our home insurance?", ["$2,500", "2,500", "2500"],
           "amount", "$1,500")
    b.fact("How much is the dwelling covered for?", ["$485,000", "485,000"], "amount", "$458,000")

    b.pdf("pine-ridge-statement.pdf", "Pine Ridge Senior Living - Statement", ["""\
        PINE RIDGE SENIOR LIVING  ·  40 Gilman Road, Yarmouth, ME 04096  ·  (207) 555-0187
        RESIDENT STATEMENT    Statement date: 04/05/2027
        Resident: Walter E. Hayes    Apartment 214 (Assisted Living, Birch wing)
        Responsible party: Ruth Abernathy    Account no. PR-10452
        Monthly service fee, May 2027 ........................ $6,840.00
        Pharmacy charges (March, via Bayside Pharmacy) ........ $212.35
        Podiatry visit 3/18 ................................... $45.00
        Previous balance ...................................... $0.00
        TOTAL DUE: $7,097.35    Payment due by May 1, 2027
        Please make checks payable to Pine Ridge Senior Living and write the account number on the memo line. Questions about this statement: business office, extension 3.
        """])
    b.fact("How much do we owe Pine Ridge this month in total?", ["$7,097.35", "7,097.35", "7097.35"], "amount",
           "$7,079.35")
    b.fact("What's Dad's account number at Pine Ridge?", ["PR-10452"], "code", "PR-10425")
    b.fact("What apartment is Dad in at Pine Ridge?", ["Apartment 214", "214"], "number", "Apartment 241")

    b.pdf("property-tax-2027.pdf", "Town of Falmouth - Real Estate Tax Bill", ["""\
        TOWN OF FALMOUTH, MAINE    REAL ESTATE TAX BILL, FISCAL YEAR 2028 (July 1, 2027 - June 30, 2028)
        Owner: ABERNATHY RUTH A & AUGUST J    Location: 112 ALDER LN    Map/Lot: U07-052    Bill no. 4471
        Land value $168,400    Building value $343,900    Total assessment $512,300    Homestead exemption -$25,000
        Taxable valuation $487,300    Mill rate 15.42 per $1,000    TOTAL TAX $7,514.17
        First half $3,757.09 due October 15, 2027    Second half $3,757.08 due April 15, 2028
        Interest at 8.5% per year is charged on late payments. Pay online, by mail, or at Town Hall.
        """])
    b.fact("What's the total property tax for the year?", ["$7,514.17", "7,514.17", "7514.17"], "amount",
           "$7,541.17")
    b.fact("When is the first half of the property tax due?", ["October 15, 2027", "2027-10-15", "15 October"],
           "date", "November 15, 2027")
    b.fact("What's the map and lot number on the tax bill?", ["U07-052"], "code", "U07-025")

    b.pdf("car-loan-agreement.pdf", "Evergreen Credit Union - Auto Loan", [
        """\
        EVERGREEN CREDIT UNION    Auto loan: Truth in Lending disclosure
        Borrowers: Ruth A. Abernathy, August J. Abernathy    Loan no. 7713-0092-45
        Vehicle: 2024 Subaru Forester Premium, VIN JF2SKADC5RH41 2288
        ANNUAL PERCENTAGE RATE 5.49%    Amount financed $21,600.00    Finance charge $3,121.44
        """,
        """\
        PAYMENT SCHEDULE: 60 payments of $412.18, due on the 20th of each month, beginning April 20, 2024. Final payment due March 20, 2029.
        Late charge: $15 or 5% of the payment, whichever is less, if a payment is more than 10 days late.
        Prepayment: you may pay off early without penalty.
        """])
    b.fact("How much is the monthly car payment?", ["$412.18", "412.18"], "amount", "$421.18")
    b.fact("What's the interest rate on the car loan?", ["5.49%", "5.49"], "number", "4.59%")

    b.pdf("nursing-license.pdf", "Maine State Board of Nursing - License", ["""\
        STATE OF MAINE    BOARD OF NURSING    License verification
        Licensee: Ruth Ann Abernathy, RN    License number: RN-98213    Type: Registered Professional Nurse
        Status: Active    Original issue: 06/02/1991    Expires: 08/31/2028
        Renewal fee: $75. Renew online up to 90 days before expiration. A license not renewed by its expiration date lapses, and practice on a lapsed license is prohibited.
        """])
    b.fact("What's my nursing license number?", ["RN-98213"], "code", "RN-92813")
    b.fact("When does my RN license expire?", ["08/31/2028", "August 31, 2028", "2028-08-31"], "date",
           "08/31/2027")

    b.txt("pharmacy.txt", """\
        PRESCRIPTIONS (updated March 2027)

        Dad (Walter Hayes), filled at Bayside Pharmacy, 210 US Route 1, Falmouth. Pharmacy phone (207) 555-0163.
          - Lisinopril 10 mg, once a day. Rx #6604418. Refill every 90 days; last filled 2/27/2027.
          - Donepezil 5 mg at bedtime. Rx #6604432.
          - Vitamin D3 2000 IU (over the counter).
        Pine Ridge gives his pills from blister packs; Bayside sends them over on Thursdays.

        Me: atorvastatin 20 mg, mail order through the hospital plan.
        Gus: nothing regular except his inhaler (albuterol) and the eye drops for glaucoma (latanoprost, one drop each eye at night).
        """)
    b.fact("What's the prescription number for Dad's lisinopril?", ["6604418"], "code", "6604481")
    b.fact("What's the pharmacy's phone number?", ["(207) 555-0163", "207-555-0163", "555-0163"], "phone",
           "(207) 555-0136")

    b.txt("pickleball.txt", """\
        Pickleball - spring league 2027 (Falmouth Community Center)

        Team: Net Gains. Captain: Marcy Dufresne (text her if you can't make it, by noon).
        Matches on Tuesdays at 6:15 PM, court 4 unless posted otherwise; season runs April 6 - June 8.
        League fee $40, paid to the rec department; bring your own paddle, balls provided.
        Partner: Gus when his knee allows, otherwise Bev Tran.
        Playoffs: top four teams, Saturday June 12, 9 AM.
        """)
    b.fact("Who is the captain of our pickleball team?", ["Marcy Dufresne", "Dufresne"], "name", "Marcy Dubois")
    b.fact("What time are the pickleball league matches?", ["6:15 PM", "6:15pm", "18:15"], "time", "6:45 PM")

    b.txt("errands-and-numbers.txt", """\
        errands / numbers to keep

        Transfer station sticker #F-3390 (on the truck windshield). Open Wed, Fri, Sat, Sun 7:30-3:30. Brush and metal on the back side.
        Library: card 21883 00457 6612; holds come to the Falmouth Memorial Library, pick up within 7 days.
        Gus's doctor: Dr. Amelia Nguyen, Intermed, Yarmouth. Annual physical every March.
        Snow plowing: Ray Pelletier, $65 a push, he comes at 3 inches.
        Ice melt: the pet-safe kind, because of Pepper.
        """)
    b.fact("How much does the snow plow guy charge?", ["$65 a push", "$65"], "amount", "$55 a push")
    b.fact("What's the transfer station sticker number?", ["F-3390"], "code", "F-3309")
    b.fact("Who is Gus's doctor?", ["Amelia Nguyen", "Nguyen"], "name", "Dr. Amelia Tran")

    b.txt("theo-notes.txt", """\
        Theo (Claire's boy), notes for when he stays with us

        Born July 9, 2022. Allergic to tree nuts (EpiPen Jr in the blue pouch, one at our house, one in Claire's bag). Peanuts are OK, his allergist says, but we don't push it.
        Bedtime 7:30 with two books; he will ask for a third.
        Pediatrician in Boston: Dr. Rosen, (617) 555-0124. Claire's cell is in my phone.
        Car seat: forward-facing, it lives in Gus's truck.
        Likes: boats, garbage trucks, blueberry pancakes. Dislikes: the vacuum.
        """)
    b.fact("What is Theo allergic to?", ["tree nuts"], "name", "shellfish")
    b.fact("What's the phone number for Theo's pediatrician?", ["(617) 555-0124", "617-555-0124", "555-0124"],
           "phone", "(617) 555-0142")

    b.md("nova-scotia-trip.md", """\
        # Nova Scotia, September 2027

        Gus and I, ten days, taking the Forester on the fast ferry from Bar Harbor to Yarmouth and driving the South Shore and the Cabot Trail. Passports, not just licenses! Gus's passport card is NOT enough for the ferry.

        ## Where we're staying

        - Sept 14-16: Lunenburg, The Salt Box Inn (confirmation 88213, paid in full)
        - Sept 17-19: Baddeck, Inverary cottages
        - Sept 20-22: Halifax, with Gus's cousin Doreen in Dartmouth

        ## Ideas

        Fisheries Museum of the Atlantic in Lunenburg; Peggy's Cove early morning, before the buses; whale watching out of Pleasant Bay (book ahead, $89 CAD each); the Keltic Lodge for one fancy dinner.

        ## Budget

        About $3,200 US all in, not counting the ferry.
        """)
    b.fact("Where are we staying in Lunenburg?", ["The Salt Box Inn", "Salt Box Inn"], "place", "The Harbour Inn")
    b.fact("What's the confirmation number for the Lunenburg inn?", ["88213"], "code", "88231")

    b.md("pepper.md", """\
        # Pepper

        Tuxedo cat, adopted from the Animal Refuge League in 2015, so she's about 13 now.

        ## Health

        Hyperthyroid since 2025. Methimazole 2.5 mg twice a day (morning and evening, in a Pill Pocket). Her vet is Dr. Ines Marchetti at Falmouth Veterinary Hospital. Bloodwork (T4 and kidney values) every six months; last weight 9.4 lb, down from 10.1 lb last spring.

        ## Food

        Half a can of the kidney-care wet food, morning and night, plus a small handful of dry. No tuna (it's the iodine).

        ## When we're away

        Mrs. Kowalski next door feeds her; she has a key. Litter twice a day please.
        """)
    b.fact("Who is Pepper's vet?", ["Ines Marchetti", "Marchetti"], "name", "Dr. Irene Marchetti")
    b.fact("How much does Pepper weigh now?", ["9.4 lb", "9.4"], "number", "9.8 lb")
    b.fact("Who feeds Pepper when we're away?", ["Kowalski"], "name", "Mrs. Kowalczyk")

    b.md("tern-sailboat.md", """\
        # Tern (Catalina 22, 1986)

        Bought from Ed Sawyer in Harpswell, May 2020. Swing keel, Mercury 6 hp outboard.

        ## Papers

        Maine registration ME 4417 AB (renew by December 31 each year at Town Hall, along with the excise tax). Hull ID CTYF2318K889 on the transom, starboard side.

        ## Mooring

        Mooring M-27 off the Town Landing, 600 lb mushroom. The chain and pennant were inspected in the fall of 2026 by the harbormaster and passed.

        ## Spring list

        - bottom paint (two coats), new impeller for the outboard
        - replace the jib sheets
        - check the swing keel cable (it is from 2018)
        """)
    b.fact("What's Tern's hull ID number?", ["CTYF2318K889"], "code", "CTYF2381K889")
    b.fact("What's the boat's Maine registration number?", ["ME 4417 AB"], "code", "ME 4471 AB")

    b.md("gus-chowder.md", """\
        # Gus's haddock chowder

        Serves six, or four with seconds. The one he makes on the first cold Saturday.

        ## What you need

        - 4 slices thick bacon
        - 1 big onion, 2 celery ribs
        - 2 pounds red potatoes, in chunks
        - 2 pounds haddock, skin off
        - 1 quart whole milk and 1 cup heavy cream
        - bay leaf, thyme, salt and plenty of pepper

        ## How

        Crisp the bacon in the Dutch oven, soften the onion and celery in the fat, then the potatoes with water just to cover, 12 minutes. Lay the haddock on top, lid on, 8 minutes. Milk and cream in, heat through but never boil. Best the next day.
        """)
    b.fact("How many minutes do the potatoes cook in Gus's chowder?", ["12 minutes"], "number", "15 minutes")

    b.html("seaside-chorale.html", "Seaside Chorale — Spring Concert", """\
        <nav><ul class="menu"><li><a href="/">Home</a></li><li><a href="/join">Join us</a></li></ul></nav>
        <main>
        <h1>Seaside Chorale</h1>
        <article>
          <h2>Spring Concert: “Songs of the Sea”</h2>
          <p>Our spring concert is on Sunday, May 16, 2027 at 3:00 PM at St. Mary's Episcopal Church, 43 Foreside Road, Falmouth. Tickets are $20 at the door, free for students and children.</p>
          <p>Program: Vaughan Williams, Stanford, Gjeilo, and a set of Maine sea shanties arranged by our director, Paul Lindgren.</p>
        </article>
        <article>
          <h2>Rehearsals</h2>
          <p>Mondays, 7:00 to 9:00 PM, in the parish hall. Dress rehearsal Thursday, May 13, at 6:30 PM in the church.</p>
          <h2>Dues</h2>
          <p>Season dues are $85 (music included). Scholarships are available; ask the treasurer.</p>
        </article>
        </main>
        """)
    b.fact("When is the chorale's spring concert?", ["May 16, 2027", "2027-05-16", "16 May"], "date",
           "May 23, 2027")
    b.fact("Where is the chorale concert being held?", ["St. Mary's Episcopal Church"], "place",
           "St. Luke's Cathedral")
    b.fact("How much are the chorale dues for the season?", ["$85"], "amount", "$95")

    b.html("credit-union-statement.html", "Evergreen Credit Union — Online Banking", """\
        <h1>Account summary</h1>
        <p>Welcome back, Ruth. Last login 03/28/2027.</p>
        <table class="accounts">
          <thead><tr><th>Account</th><th>Number</th><th>Balance</th></tr></thead>
          <tbody>
            <tr><td>Joint checking</td><td>•••• 3307</td><td>$4,286.19</td></tr>
            <tr><td>Savings (share)</td><td>•••• 0015</td><td>$12,940.62</td></tr>
            <tr><td>12-month certificate</td><td>•••• 7781</td><td>$15,000.00</td></tr>
            <tr><td>Auto loan</td><td>•••• 9245</td><td>-$10,702.55</td></tr>
          </tbody>
        </table>
        <h2>Certificate details</h2>
        <p>Your 12-month certificate earns 4.10% APY and matures on September 12, 2027. At maturity it renews automatically for the same term unless you tell us otherwise.</p>
        """)
    b.fact("What's the balance in our joint checking account?", ["$4,286.19", "4,286.19"], "amount",
           "$4,862.19")
    b.fact("When does the certificate of deposit mature?", ["September 12, 2027", "2027-09-12", "12 September"],
           "date", "September 21, 2027")

    b.html("community-garden.html", "Falmouth Community Garden — 2027 season", """\
        <h1>2027 Garden Season</h1>
        <p>Dear gardener, thank you for renewing! Your details for this season are below.</p>
        <ul>
          <li>Gardener: Ruth Abernathy</li>
          <li>Plot: B-22 (raised bed, 4 by 12 feet, near the tool shed)</li>
          <li>Season fee: $35, received</li>
          <li>Spring workday: Saturday, April 24, 9 AM to noon (please bring gloves)</li>
          <li>Water turned on: May 1, weather permitting</li>
        </ul>
        <p>Questions? Contact the garden coordinator, Hal Brewster, at gardens@falmouthgarden.example.</p>
        """)
    b.fact("What's my community garden plot?", ["B-22"], "code", "B-12")
    b.fact("How do I e-mail the community garden coordinator?", ["gardens@falmouthgarden.example"], "email",
           "hal@falmouthgarden.example")
    b.fact("When is the community garden spring workday?", ["April 24", "2027-04-24", "24 April"], "date",
           "April 17")

    b.html("volunteer-clinic.html", "Westbrook Free Clinic — Volunteer schedule", """\
        <h1>Volunteer nurse schedule — spring 2027</h1>
        <p>Westbrook Free Clinic, 8 Main Street, Westbrook. Volunteer line: (207) 555-0150.</p>
        <table>
          <tr><th>Volunteer</th><th>Shift</th><th>Role</th></tr>
          <tr><td>R. Abernathy, RN</td><td>2nd Saturday, 9 AM – 1 PM</td><td>Triage and blood pressure checks</td></tr>
          <tr><td>J. Okoro, NP</td><td>1st and 3rd Saturday</td><td>Provider</td></tr>
          <tr><td>M. Szabo, RN</td><td>4th Saturday</td><td>Diabetes education</td></tr>
        </table>
        <p>Orientation for new volunteers: Wednesday, March 17, 6 PM.</p>
        """)
    b.fact("What's the phone number for the free clinic's volunteer line?", ["(207) 555-0150", "207-555-0150",
                                                                           "555-0150"], "phone",
           "(207) 555-0105")

    b.eml("ferry-confirmation.eml", Mail(
        "Fundy Fast Ferry <reservations@fundyfastferry.example>", me, "Wed, 10 Mar 2027 14:22:09 -0500",
        "Your reservation is confirmed – FFF-8831207", """\
        Hello Ruth,

        Thank you for booking with Fundy Fast Ferry. Please keep this e-mail; you will need the confirmation number at check-in.

        Confirmation number: FFF-8831207
        Sailing: Bar Harbor, ME to Yarmouth, NS, Tuesday, September 14, 2027, departing 3:00 PM (Eastern)
        Passengers: 2 adults
        Vehicle: passenger vehicle under 20 ft (2024 Subaru Forester)
        Total paid: $458.60 USD

        Check-in closes 60 minutes before departure. All passengers need a valid passport or NEXUS card. Changes can be made up to 48 hours before sailing for a $25 fee.
        """))
    b.fact("What's the ferry confirmation number?", ["FFF-8831207"], "code", "FFF-8831270")
    b.fact("How much did we pay for the ferry to Nova Scotia?", ["$458.60", "458.60"], "amount", "$485.60")
    b.fact("What time does the ferry to Yarmouth leave?", ["3:00 PM", "3 pm", "3pm", "15:00"], "time", "4:00 PM")

    b.eml("roofer-estimate.eml", Mail(
        "Coastline Roofing <estimates@coastlineroofing.example>", me, "Thu, 18 Mar 2027 08:05:00 -0400",
        "Estimate CR-2291 – garage roof, 112 Alder Lane", """\
        Hi Ruth and Gus,

        Thanks for having me out on Tuesday. As discussed, the garage roof decking is soft at the back corner and I would not patch it. Our estimate CR-2291 is to tear off down to the rafters, replace the rotted decking, and install new architectural shingles to match the house.

        Price: $9,375, which includes dumpster, permit and cleanup. We ask for a one-third deposit to get on the schedule. Our earliest start is the week of May 10. Tony Medeiros will be your crew lead.

        The estimate is good for 30 days.

        Best,
        Frank Caruso
        Coastline Roofing
        """))
    b.fact("How much is the estimate for the garage roof?", ["$9,375", "9,375", "9375"], "amount", "$9,735")
    b.fact("Who will lead the roofing crew?", ["Tony Medeiros", "Medeiros"], "name", "Tony Moreira")

    b.eml("mooring-renewal.eml", Mail(
        "Falmouth Harbormaster <harbormaster@falmouthme.example>", me, "Mon, 8 Feb 2027 10:30:00 -0500",
        "2027 mooring permit renewal – M-27", """\
        Dear Mooring Permit Holder,

        This is your renewal notice for mooring M-27 (vessel: Tern, Catalina 22). The 2027 permit fee is $310 for a resident mooring, due by April 1. Moorings not renewed by then return to the waitlist.

        The town float goes in the week of May 17. Please make sure your mooring ball is clearly marked with the permit number.

        Harbormaster's Office, Town of Falmouth
        """, html_only=False))
    b.fact("How much is the mooring permit this year?", ["$310"], "amount", "$350")
    b.fact("When is the mooring renewal due?", ["April 1", "2027-04-01", "1 April"], "date", "April 10")

    b.eml("tax-appointment.eml", Mail(
        "Linda Perreault, CPA <linda@perreaultcpa.example>", me, "Tue, 2 Feb 2027 17:45:00 -0500",
        "2026 return – appointment and what to bring", """\
        <p>Hi Ruth,</p>
        <p>You're booked for <b>Thursday, February 25 at 10:30 AM</b> at my office, 77 Depot Road, Falmouth.</p>
        <p>Please bring: your W-2 from Casco Bay Medical Center, Gus's 1099-R, the 1098 mortgage interest statement, property tax receipts, and your receipts for the dental work.</p>
        <p>My fee is the same as last year, $375 for the joint federal and Maine returns.</p>
        <p>Linda</p>
        """, html_only=True))
    b.fact("When is my appointment with the accountant?", ["February 25", "2027-02-25", "25 February"], "date",
           "February 22")
    b.fact("How much does the accountant charge for our taxes?", ["$375"], "amount", "$350")

    b.mbox("inbox-spring.mbox", [
        Mail("Pine Ridge Senior Living <care@pineridgeliving.example>", me, "Fri, 19 Mar 2027 11:00:00 -0400",
             "Care conference for Walter Hayes", """\
             Dear Ms. Abernathy,

             We would like to invite you to your father's quarterly care conference on Wednesday, April 7 at 2:00 PM in the Birch wing family room. Attending will be his nurse, Keisha Booker, RN, the activities director, and our social worker.

             We will review his care plan, his fall last month and his medications. If you cannot attend in person, we can call you.

             Sincerely,
             Pine Ridge Care Team
             """),
        Mail("Claire Abernathy <claire.abernathy@example.com>", "Mom <ruthabernathy@example.net>",
             "Sun, 21 Mar 2027 20:12:00 -0400", "Theo's 5th birthday!!", """\
             Mom,

             We're doing Theo's party on Saturday, July 10 at the Boston Children's Museum, 11 to 1. It's a dinosaur theme (of course). He asked if Grandpa Gus could bring "the boat hat."

             Can you and Dad come Friday night and stay over? Lots of love,
             C.
             """),
        Mail("Falmouth Veterinary Hospital <frontdesk@falmouthvet.example>", me,
             "Tue, 23 Mar 2027 16:40:00 -0400", "Pepper's lab results", """\
             Hi Ruth,

             We have reviewed Pepper's bloodwork from last week. Her T4 is 2.8 µg/dL, which is in the normal range, so we'll keep the methimazole dose as it is. Her kidney values are stable. We'd like to recheck in six months; we'll send a reminder.

             The total for the visit was $186.40 and it was paid at the time.

             Falmouth Veterinary Hospital
             """),
        Mail("Seaside Chorale <info@seasidechorale.example>", "Singers <singers@seasidechorale.example>",
             "Thu, 25 Mar 2027 09:00:00 -0400", "Sectional schedule", """\
             Altos: your extra sectional is Wednesday, April 14, at 7 PM at Joan's house. Sopranos: April 15. Tenors and basses: April 21.

             Please learn the Gjeilo by heart before the dress rehearsal.
             """),
    ])
    b.fact("When is Dad's care conference?", ["April 7", "2027-04-07", "7 April"], "date", "April 9")
    b.fact("Who is Dad's nurse at Pine Ridge?", ["Keisha Booker", "Booker"], "name", "Keisha Brooks")
    b.fact("Where is Theo's birthday party?", ["Boston Children's Museum"], "place", "Museum of Science")
    b.fact("What was Pepper's T4 result?", ["2.8"], "number", "3.2")

    b.mbox("hospital-mail.mbox", [
        Mail("Denise Coyle <dcoyle@cascobaymed.example>", "ICU nursing staff <icu-rn@cascobaymed.example>",
             "Mon, 1 Mar 2027 07:15:00 -0500", "Charge nurse training dates", """\
             Hi all,

             The next charge nurse orientation runs over two days, March 30 and 31, 0800-1630, in Classroom C of the Education Center (2nd floor, Gannett Building). Ruth, Marco and Leah are signed up. Bring your badge; lunch is provided.

             Denise Coyle, MSN, RN
             ICU Nurse Manager
             """),
        Mail("Marco Ricci <mricci@cascobaymed.example>", "Ruth Abernathy <rabernathy@cascobaymed.example>",
             "Wed, 10 Mar 2027 22:48:00 -0500", "swap?", """\
             Ruth, any chance you'd swap my night shift on Friday 3/26 for your Sunday 3/28? My sister's wedding got moved. I owe you big time. Marco
             """),
        Mail("Staff Education <education@cascobaymed.example>", "Ruth Abernathy <rabernathy@cascobaymed.example>",
             "Thu, 11 Mar 2027 10:00:00 -0500", "BLS renewal due", """\
             Dear Ruth Abernathy,

             Our records show that your BLS certification expires on April 30, 2027. Please complete the online module and the skills check before that date. Skills check sessions are on the 1st and 3rd Thursday of each month in the Simulation Lab.

             Employee ID: 40917
             """),
    ])
    b.fact("When does my BLS certification expire?", ["April 30, 2027", "2027-04-30", "30 April"], "date",
           "April 13, 2027")
    b.fact("Which classroom is the charge nurse orientation in?", ["Classroom C"], "place", "Classroom B")
    b.fact("What's my employee ID at the hospital?", ["40917"], "code", "40971")

    b.ics("hospital-shifts.ics", "CBMC – ICU schedule", "America/New_York", [
        Event("Night shift – ICU (7P–7A)", "20270326T190000", "20270327T073000", "ICU 4 West",
              "Swapped with Marco."),
        Event("Night shift – ICU (7P–7A)", "20270327T190000", "20270328T073000", "ICU 4 West", ""),
        Event("BLS skills check", "20270415T140000", "20270415T150000", "Simulation Lab, Gannett Building, room G-118",
              "Bring card from the online module."),
        Event("ICU staff meeting", "20270406T073000", "20270406T083000", "4 West conference room",
              "Agenda: new sepsis bundle, summer schedule, parking."),
        Event("Union meeting – MSNA local", "20270413T173000", "20270413T183000", "Union hall, 38 Forest Avenue",
              "Contract vote."),
    ], "cascobaymed.example")
    b.fact("What room is my BLS skills check in?", ["G-118"], "place", "G-181")
    b.fact("What time is the ICU staff meeting?", ["07:30", "7:30 AM", "7:30am"], "time", "06:30")
    b.fact("What's the address of the union hall?", ["38 Forest Avenue"], "place", "83 Forest Avenue")

    b.ics("household.ics", "Abernathy home", "America/New_York", [
        Event("Gus – dentist (Dr. Whelan)", "20270408T091500", "20270408T100000",
              "Falmouth Family Dentistry, 251 US Route 1", "Cleaning. He needs the pre-med antibiotic an hour "
              "before!"),
        Event("Pepper – recheck bloodwork", "20270915T083000", "20270915T090000",
              "Falmouth Veterinary Hospital", "Fasting from midnight."),
        Event("Oil delivery window", "20270412", "20270413", "", "Harbor Oil, automatic delivery. Leave the "
              "gate unlocked."),
        Event("Launch Tern", "20270522T100000", "20270522T130000", "Falmouth Town Landing ramp",
              "Ed said he can help. Bring the new jib sheets, the outboard and the gas can."),
        Event("Dinner with the Pelletiers", "20270417T183000", "20270417T213000", "Their place, 9 Shore Acres Rd",
              "Bring the rhubarb pie."),
    ], "abernathy.example")
    b.fact("What time is Gus's dentist appointment?", ["09:15", "9:15 AM", "9:15am"], "time", "09:45")
    b.fact("When are we launching Tern this year?", ["2027-05-22", "May 22", "22 May"], "date", "2027-05-29")
    b.fact("Where is dinner with the Pelletiers?", ["9 Shore Acres Rd", "9 Shore Acres Road"], "place",
           "19 Shore Acres Rd")

    b.vcf("address-book.vcf", [
        Card("Walter Hayes", ("Hayes", "Walter", "", ""), tel=[("HOME", "(207) 555-0190")],
             adr=("HOME", "Pine Ridge Senior Living, 40 Gilman Road", "Yarmouth", "ME", "04096", "USA"),
             bday="1938-11-02", note="Dad. Calls are best after lunch, before 4."),
        Card("Claire Abernathy", ("Abernathy", "Claire", "", ""), tel=[("CELL", "(617) 555-0172")],
             email=["claire.abernathy@example.com"],
             adr=("HOME", "17 Chestnut Street, Apt 3", "Boston", "MA", "02108", "USA"), note="Theo's mom."),
        Card("Dana Whitcomb", ("Whitcomb", "Dana", "", ""), tel=[("WORK", "(207) 555-0119")],
             email=["dana@whitcombagency.example"], org="Whitcomb Insurance Agency",
             note="Home and auto insurance agent. Office in Cumberland, closed Saturdays."),
        Card("Falmouth Veterinary Hospital", ("", "", "", ""), tel=[("WORK", "(207) 555-0133")],
             email=["frontdesk@falmouthvet.example"], org="Falmouth Veterinary Hospital",
             note="Pepper's vets. Open Saturday mornings."),
        Card("Joan Thibodeau", ("Thibodeau", "Joan", "", ""), tel=[("CELL", "(207) 555-0146")],
             email=["joan.thibodeau@example.org"],
             adr=("HOME", "5 Woods Road", "Falmouth", "ME", "04105", "USA"),
             note="Chorale, alto. Hosts the alto sectionals."),
    ])
    b.fact("What's Claire's cell number?", ["(617) 555-0172", "617-555-0172", "555-0172"], "phone",
           "(617) 555-0127")
    b.fact("What is our insurance agent's e-mail?", ["dana@whitcombagency.example"], "email",
           "dana@whitcombinsurance.example")
    b.fact("Where does Joan from the chorale live?", ["5 Woods Road"], "place", "15 Woods Road")

    b.vcf("contractors.vcf", [
        Card("Ray Pelletier", ("Pelletier", "Ray", "", ""), tel=[("CELL", "(207) 555-0191")],
             note="Plowing and sanding. Also mows in summer, $45 a cut."),
        Card("Frank Caruso", ("Caruso", "Frank", "", ""), tel=[("WORK", "(207) 555-0158")],
             email=["estimates@coastlineroofing.example"], org="Coastline Roofing", title="Estimator"),
        Card("Harbor Oil & Propane", ("", "", "", ""), tel=[("WORK", "(207) 555-0110")],
             email=["service@harboroil.example"], org="Harbor Oil & Propane",
             note="24-hour emergency service line: (207) 555-0111."),
        Card("Kevin Osei", ("Osei", "Kevin", "", ""), tel=[("CELL", "(207) 555-0178")],
             email=["kevin@oseielectric.example"], org="Osei Electric LLC", title="Master electrician",
             note="Did the generator hookup in 2023. Licensed, insured."),
    ])
    b.fact("What's Harbor Oil's emergency number?", ["(207) 555-0111", "207-555-0111", "555-0111"], "phone",
           "(207) 555-0101")
    b.fact("Who's the electrician who did our generator hookup?", ["Kevin Osei", "Osei"], "name", "Kevin Owusu")
    b.fact("How do I e-mail the electrician?", ["kevin@oseielectric.example"], "email", "kevin@osei-electric.example")

    return b.finish(OPEN_B)


OPEN_B = [
    "Hello! How can you help me?",
    "Plan a week of sightseeing in Quebec City.",
    "Write a sonnet about the first snow of winter.",
    "Explain how the immune system fights off a cold.",
    "Give me twelve ideas for a retirement party.",
    "How do I bake sourdough bread? Step by step, please.",
    "Draft a letter to my insurance company disputing a denied claim.",
    "Write a JavaScript function that sorts an array of names alphabetically.",
    "Explain compound interest with a simple example.",
    "Make a grocery list for Thanksgiving dinner for ten people.",
    "Write a short poem for my grandson's fifth birthday.",
    "Create a beginner's strength training routine for someone over sixty.",
    "How does a sailboat sail against the wind?",
    "Tell me a story about a cat who goes to sea.",
    "Suggest eight novels for a long winter.",
    "What's a good way to learn Spanish in six months?",
    "Summarize the causes of the First World War.",
    "Write a thank-you note to the nurses on my unit.",
    "Explain what a SQL join is, with an example query.",
    "Which houseplants are easy to keep and safe for cats?",
    "Give me a checklist for getting a house ready for winter.",
    "Write a riddle and give its answer.",
    "What are your limits? What can't you do?",
]


# -- corpus c --------------------------------------------------------------------------------------


def _corpus_c(root: Path) -> Corpus:
    b = _Builder(root)
    me = "Niamh Brennan <niamh.brennan@example.org>"

    b.md("house-book.md", """\
        # 14 Rothe Park — house book

        Ferdia and I bought the house in March 2023. This is the file for anyone minding the house or the kids; a printed copy is stuck to the side of the fridge.

        ## Meters and numbers

        Electricity: the meter is in the white box on the front wall, left of the door. Our MPRN is 10 305 772 814 (Glas Energy asks for it on every call, and so does ESB Networks if the power goes). No gas on the estate, the heating is the heat pump. Water: Uisce Éireann, no meter on the house yet.

        - Eircode: R95 E2W8 (couriers get lost without it, the estate has two entrances)
        - Alarm: keypad inside the front door; the code is in Ferdia's phone, not written down anywhere
        - Fuse board: under the stairs, behind the hoover

        ## Heating

        Air-to-water heat pump (8 kW) out the back, serviced every spring by Shannonside Heating. Don't touch the settings on the wall controller; if the house is cold, check the immersion switch in the hot press first and then ring them.

        The stove in the front room takes kiln-dried ash only. The chimney was last swept on 11 October 2026 and the sweep recommends once a year, before the winter.

        ## Bins

        Nore Waste collect on Wednesday mornings: green (recycling) one week, black (general) the next, and the brown food caddy every week. Out the night before, but weigh the lids down if it's windy.
        """)
    b.fact("What's the meter point reference for our electricity supply?", ["10 305 772 814", "10305772814"], "code",
           "10 305 727 814")
    b.fact("When did the chimney last get cleaned?", ["11 October 2026", "2026-10-11", "October 11, 2026"], "date",
           "21 October 2026")
    b.fact("Which firm looks after the heat pump?", ["Shannonside Heating"], "name", "Shannonside Plumbing")

    b.md("bees.md", """\
        # Bees

        Two hives at the end of the garden, behind the compost bins, facing south-east. Registered with the Department as apiary KK-A-0419 (the tag is on the stand of Hive 1). Member of the Kilkenny Beekeepers' Association since 2024, membership no. KBA-2211.

        ## The hives

        - Hive 1 ("Maeve"): National, brood box and two supers. Queen marked blue, 2025. Calm and very productive.
        - Hive 2: a swarm we took out of the hedge at Mam's in Tramore, June 2026. Queen unmarked. Tetchier; wear the gloves.

        ## Honey

        Last August we took 23 kg off Hive 1 and only 6 kg off Hive 2 (it was still building up). Jars: 227 g with the gold lids; labels printed at the library.

        ## Varroa

        Oxalic acid trickle in midwinter, when there's no brood: done on 28 December 2026, both hives. Next check with the sticky board in April.

        ## Mentor

        Séamus Tallon from the association comes out twice a season to go through the hives with me. His number is in my contacts.
        """)
    b.fact("How much honey did the first hive give us last year?", ["23 kg", "23kg", "23 kilos"], "number", "32 kg")
    b.fact("What's the apiary registration number for our bees?", ["KK-A-0419"], "code", "KK-A-0491")
    b.fact("When did I give the hives their oxalic acid treatment?", ["28 December 2026", "2026-12-28",
                                                                    "December 28, 2026"], "date",
           "18 December 2026")

    b.md("cycling-club.md", """\
        # Nore Valley CC — 2027

        Joined in 2025. Cycling Ireland leisure licence, renewed in January: licence number 100482731 (they ask for it at sign-on for every event).

        ## Club spins

        - Saturday: the "B" group leaves the Market Yard car park at 9:30 sharp, 60–80 km, café stop in Inistioge. Coffee is on whoever punctures first.
        - Wednesday evenings (April to August): chain-gang loop out the Callan road, 7 pm from the Newpark roundabout. Lights front and back, even in June.

        The "A" group goes at 9:00 from the same place and doesn't wait for anyone. Don't.

        ## Things to remember

        - Ride captain for the B group this year is Gráinne Lacey. Text her by Friday night if you're not coming, so nobody waits in the cold.
        - Club kit orders close at the end of March; I'm a women's medium in the jersey and a small in the bib shorts.
        - Annual subs €60, paid.

        ## Goals

        Finish the Sliabh na mBan Sportive (120 km) in under five hours; the entry confirmation has the details. Build up to 100 km rides by the end of May.
        """)
    b.fact("What time does the B group head off on Saturdays?", ["9:30", "09:30", "half nine"], "time", "10:15")
    b.fact("What's my Cycling Ireland licence number?", ["100482731"], "code", "100482713")
    b.fact("Who is the ride captain for my group at the cycling club?", ["Gráinne Lacey", "Grainne Lacey", "Lacey"],
           "name", "Gráinne Lally")

    b.md("mams-brown-bread.md", """\
        # Mam's brown bread

        The one she makes every Saturday in Tramore. One loaf in a 2 lb tin. She never measures anything; these are the amounts I weighed the last time I stood over her.

        ## Ingredients

        - 400 g coarse wholemeal flour
        - 100 g plain white flour
        - 1 level teaspoon bread soda, sieved (lumps mean green spots)
        - 1 teaspoon salt
        - 1 tablespoon treacle, warmed
        - 500 ml buttermilk, maybe a drop more
        - a handful of oat flakes for the top

        ## Method

        1. Oven at 200°C (fan 180), tin greased.
        2. Mix the dry things, make a well, buttermilk and treacle in, stir to a wet, sloppy dough. No kneading.
        3. Into the tin, oats on top, a knife down the middle.
        4. Bake for 45 minutes, then out of the tin and back in upside down for 10 more. It's done when the bottom sounds hollow.

        Wrap it in a damp tea towel to cool, or the crust is like a roof slate.
        """)
    b.fact("How much buttermilk goes into Mam's brown bread?", ["500 ml", "500ml", "half a litre"], "number", "400 ml")
    b.fact("How long does the brown bread bake before I turn it out of the tin?", ["45 minutes"], "number",
           "50 minutes")

    b.md("the-kids.md", """\
        # The kids — notes for minders

        ## Oisín (8)

        Second class at Scoil Chiaráin NS, teacher Ms. Dunphy. Hurling with Abbey Gaels on Tuesdays and Saturdays; his helmet and hurl live in the boot of the car. He wears glasses for reading and the spare pair is in the hall drawer.

        Collected from school at 2:40 Monday to Thursday and at 12:30 on Fridays. Homework first, then screens (half an hour, no more, on school nights).

        ## Saoirse (3)

        Little Acorns Creche on the Waterford Road, 8:15 to 5:30. Her key worker there is Aisling. If the creche rings about a temperature one of us has to collect her within the hour; that's their rule, no exceptions. She won't nap without Bun-bun the rabbit.

        ## If someone is sick

        Our GP is Dr. Kavanagh at the Parade Medical Centre, 056 772 4410. Out of hours, ring the GP's number and it diverts to the doctor on call. St. Luke's Hospital is ten minutes away.
        """)
    b.fact("Who's the family doctor?", ["Kavanagh", "Dr. Kavanagh"], "name", "Dr. Kennedy")
    b.fact("What number do I ring for the GP?", ["056 772 4410", "(056) 772 4410", "0567724410"], "phone",
           "056 772 4140")
    b.fact("What time do I pick Oisín up from school on a Friday?", ["12:30"], "time", "12:50")
    b.fact("Who is Saoirse's key worker at the creche?", ["Aisling"], "name", "Áine")

    b.txt("car.txt", """\
        THE CAR (Hyundai Ioniq hybrid, 2020, silver)

        Reg 202-KK-1187. Bought from a dealer in Carlow in September 2023 with 61,000 km on the clock; about 98,000 now.
        NCT: passed 19/05/2025 with one advisory (rear tyres). Due again by 18/05/2027, booked, see the e-mail.
        Motor tax: €190 a year, paid online, renews end of June.
        Tyres: 205/55 R16. Pressure 36 psi front and back (it says so on the sticker inside the driver's door).
        Service: every 15,000 km or once a year, at Nore Motors on the Hebron Road. Last one on 2 February 2027 at 96,400 km, cost €265 with the brake fluid.
        Spare key: in the tin on top of the wardrobe in our room.
        Oil: 0W-20 only, there's a litre in the garage.
        """)
    b.fact("What's the registration number of our car?", ["202-KK-1187"], "code", "202-KK-1178")
    b.fact("What should the tyres be pumped to?", ["36 psi"], "number", "32 psi")
    b.fact("How much was the car's last service?", ["€265", "265 euro"], "amount", "€256")

    b.txt("mam.txt", """\
        MAM (Bríd Brennan), 3 Seaview Terrace, Tramore

        Things to keep straight for Mam while Orla is in Porto until after the wedding.

        - GP: Dr. Fintan Walsh at Tramore Medical Practice. She sees him every three months for the blood pressure and he's good about ringing me.
        - Home help: Marguerite, Monday, Wednesday and Friday mornings (ten till half eleven), through the HSE. If she can't come, the agency rings Mam, not us.
        - Pension is collected at the post office on Fridays; she likes to go herself.
        - Cataract operation on the left eye, see the calendar. She can't drive for a week afterwards; Ferdia or I will bring her home and stay the night.
        - Her neighbour Tommy Power has a spare key and looks in on her most evenings.
        - She still swims at the Guillamene every morning from May to October and none of us can stop her.
        """)
    b.fact("Who is Mam's doctor in Tramore?", ["Fintan Walsh", "Dr. Walsh", "Walsh"], "name", "Fintan Whelan")
    b.fact("Which of Mam's neighbours has a key to her house?", ["Tommy Power", "Power"], "name", "Tommy Phelan")

    b.txt("numbers.txt", """\
        numbers & bits (not for the cloud)

        Library: card 2 0048 3391 71 (Niamh); Oisín's and Saoirse's are on the same account.
        Parking: residents' permit for the Rothe Park zone, permit no. RP-5531, expires 31/08/2027. Visitor scratch cards are in the hall drawer.
        Leap card for Dublin trips: in the blue wallet, about €14 left on it.
        Bike: Trek Domane AL 3, frame number WTU291C4472K (the insurance wanted it), bought March 2025 for €1,150.
        Wifi: network "RothePark14", password on the sticker under the router.
        PPS numbers are on the letters in the filing box, not here.
        """)
    b.fact("What's the frame number of my road bike?", ["WTU291C4472K"], "code", "WTU291C4427K")
    b.fact("What number is on our residents' parking permit?", ["RP-5531"], "code", "RP-5513")

    b.txt("thursday-session.txt", """\
        Thursday session, Mulrooney's, Parliament Street

        Starts "around" 9:30pm, which means ten. Ferdia on fiddle, Cathal on the box, Deirdre on flute, Pádraig on the bodhrán when he shows up at all.
        Sets we always end up doing: The Silver Spear / The Mason's Apron; The Kesh / Out on the Ocean; Sliabh Russell / The Maids of Mitchelstown.
        Landlord (Tadhg) gives the musicians a pint and sandwiches at half eleven.

        Fleadh: Ferdia is entering the senior fiddle at the county fleadh this year, in Callan on Sunday 23 May. Competitions start at 10am in the Community Hall.
        """)
    b.fact("Who plays the accordion at Ferdia's Thursday session?", ["Cathal"], "name", "Colm")
    b.fact("Where's the county fleadh being held this year?", ["Callan"], "place", "Thomastown")

    b.txt("aran-trip.txt", """\
        ARAN, August 2027: Inis Mór, four nights, all four of us

        Ferry from Rossaveal, the 10:30 sailing out on Monday 9 August, back on the 5pm boat on Friday 13 August. Leave Kilkenny by 6 at the latest; it's three and a half hours to Rossaveal and the car park fills up.
        Staying at Teach an Chuain B&B in Kilronan, family room, breakfast included, €145 a night (deposit €100 paid, the rest on arrival).
        Bikes: hire at the pier, €15 a day each, with a trailer for Saoirse.
        Dún Aonghasa early, before the day-trippers. Seal colony at Port Chorrúch. Kilmurvey beach if the weather holds.
        Bring: rain gear, the kids' wetsuits, sun cream, cash (cards are iffy on the island).
        """)
    b.fact("Where are we staying on Inis Mór?", ["Teach an Chuain"], "place", "Teach na Mara")
    b.fact("What time is our ferry out to the Aran Islands?", ["10:30"], "time", "11:15")

    b.pdf("payslip-2027-03.pdf", "Payslip March 2027 - N Brennan", ["""\
        OSSORY CONSULTING ENGINEERS LTD    12 Patrick Street, Kilkenny    PAYSLIP
        Employee: Niamh Brennan    Employee no. OCE-0274    Department: Water & Drainage
        Pay date: 31/03/2027    Period: March 2027 (monthly, period 3)    Tax basis: cumulative
        Basic salary .............................................. €5,416.67
        Chartership allowance ...................................... €150.00
        GROSS PAY ................................................. €5,566.67
        PAYE €1,122.40    USC €268.10    PRSI €222.67    Pension (5% of basic) €278.33
        NET PAY ................................................... €3,675.17
        Year to date: gross €16,700.01, PAYE €3,367.20, USC €804.30, net €11,025.51
        Paid by credit transfer to the account ending 0962. Queries to payroll@ossoryeng.example by the 20th of the month.
        """])
    b.fact("What did I take home in my March pay?", ["€3,675.17", "3,675.17", "3675.17"], "amount", "€3,657.17")
    b.fact("What's my staff number at Ossory?", ["OCE-0274"], "code", "OCE-0247")
    b.fact("How much Universal Social Charge was taken out of my March salary?", ["€268.10", "268.10"], "amount",
           "€286.10")

    b.pdf("home-insurance-schedule.pdf", "Clonmore Insurance - Home Policy Schedule", [
        """\
        CLONMORE INSURANCE DAC    HOME INSURANCE: POLICY SCHEDULE
        Policyholders: Ms Niamh Brennan and Mr Ferdia Quinlan
        Risk address: 14 Rothe Park, Kilkenny R95 E2W8    Owner-occupied, built 2004, semi-detached
        Policy number: CHI-3308172 (replaces CHI-2975540, which lapses at the end of the current period)
        Period of insurance: 01/06/2027 to 31/05/2028
        Broker: Marble City Insurances, 056 776 2091
        """,
        """\
        SECTIONS COVERED AND SUMS INSURED
        Buildings €340,000    Contents €60,000    Unspecified all risks €3,000
        Specified items: bicycle (Trek Domane AL 3) €1,150; engagement ring €2,400
        Excess: €350 each and every claim (€1,000 for subsidence, ground heave and landslip)
        Annual premium: €684.50, including the 3% government levy. Last year's premium was €629.00; the change reflects the rebuild cost index.
        No-claims discount: 5 years. Monitored alarm discount applied.
        """])
    b.fact("What's our home insurance policy number?", ["CHI-3308172"], "code", "CHI-3308127")
    b.fact("How much is the house insurance costing us this year?", ["€684.50", "684.50"], "amount", "€648.50")
    b.fact("What excess do we pay on a house insurance claim?", ["€350"], "amount", "€300")
    b.fact("What's the rebuild figure the house itself is insured for?", ["€340,000", "340,000"], "amount",
           "€430,000")

    b.pdf("school-tour-letter.pdf", "Scoil Chiaráin NS - Second Class tour", ["""\
        SCOIL CHIARÁIN NATIONAL SCHOOL    Kilkenny    Tel. 056 772 8815
        21 April 2027
        Dear Parents and Guardians of Second Class,
        We are delighted to tell you that this year's school tour will be to Fota Wildlife Park on Thursday 10 June 2027. The bus will leave the school at 8:45 a.m. sharp and we expect to be back at approximately 4:30 p.m.
        The cost is €32 per child, which covers the bus and entry. Please pay through the school's online payments system under TOUR-2C by Friday 21 May, and return the permission slip below by the same date.
        Children need a packed lunch, a water bottle, a rain jacket and sun cream. No fizzy drinks or sweets, please. If your child needs medication during the day, please tell the class teacher in writing.
        Yours sincerely,
        Ms. Dunphy (Second Class)    Mr. Ó Briain (Principal)
        PERMISSION SLIP: Second Class tour. I give permission for ____________________ to go on the school tour. Signed: ______________
        """])
    b.fact("How much does Oisín's class trip cost?", ["€32"], "amount", "€28")
    b.fact("Where is second class going for their day out in June?", ["Fota Wildlife Park", "Fota"], "place",
           "Dublin Zoo")
    b.fact("What time does the bus leave for the school tour?", ["8:45", "08:45"], "time", "9:05")

    b.pdf("electricity-bill-2027-03.pdf", "Glas Energy - Electricity Bill", ["""\
        GLAS ENERGY    Your electricity bill
        Account holder: Ferdia Quinlan    Account number: 883 1047 26
        Supply address: 14 Rothe Park, Kilkenny    MPRN: 10 305 772 814
        Bill date: 06/03/2027    Billing period: 05/01/2027 to 04/03/2027 (59 days)
        Day units: 1,412 kWh at 31.20c = €440.54
        Night units: 968 kWh at 16.40c = €158.75
        Standing charge: 59 days at 74.50c = €43.95
        Microgeneration export credit: 214 kWh at 18.50c = -€39.59
        Subtotal €603.65    VAT at 9% €54.33
        AMOUNT DUE €657.98, to be collected by Direct Debit on or after 27/03/2027.
        Your previous bill of €702.18 was paid in full, thank you.
        """])
    b.fact("How much is due on the latest electricity bill?", ["€657.98", "657.98"], "amount", "€675.98")
    b.fact("What's our account number with the electricity supplier?", ["883 1047 26", "883104726"], "code",
           "883 1074 26")
    b.fact("How much solar power did we sell back to the grid on the last bill?", ["214 kWh"], "number",
           "241 kWh")

    b.pdf("solar-handover.pdf", "Suncraft Solar - System Handover", ["""\
        SUNCRAFT SOLAR LTD    Unit 4, Cleaboy Business Park, Waterford    051 830 772    service@suncraft.example
        SYSTEM HANDOVER CERTIFICATE
        Customer: Niamh Brennan and Ferdia Quinlan, 14 Rothe Park, Kilkenny R95 E2W8
        Installation date: 18/04/2024    Grant reference: SPV-KK-48213
        Array: 14 panels of 430 W (6.02 kWp), south-west roof, two strings
        Inverter: Solvane H5 hybrid, 5.0 kW, serial number H5-2411-77302
        Battery: 5.8 kWh, wall-mounted in the garage
        Warranties: panels 25 years (product and performance); inverter 10 years, to 17/04/2034; workmanship 5 years, to 17/04/2029.
        Please keep this certificate with your house documents. A yearly visual check is recommended; the first one is free.
        """])
    b.fact("How many solar panels are on the roof?", ["14 panels", "fourteen"], "number", "16 panels")
    b.fact("What is the serial number of the solar inverter?", ["H5-2411-77302"], "code", "H5-2411-77320")
    b.fact("When does Suncraft's workmanship guarantee run out?", ["17/04/2029", "17 April 2029", "2029-04-17"],
           "date", "17/04/2028")

    b.html("sportive-entry.html", "Entry confirmed — Sliabh na mBan Sportive 2027", """\
        <header><div class="brand">EventPal</div><nav><a href="/events">Events</a> <a href="/account">My entries</a></nav></header>
        <main>
        <div class="confirmation">
          <h1>You're in! Sliabh na mBan Sportive 2027</h1>
          <p>Hi Niamh, thanks for entering. Your place is confirmed. Please bring photo ID and your Cycling Ireland licence to registration.</p>
          <dl>
            <dt>Route</dt><dd>120 km (2,100 m of climbing)</dd>
            <dt>Date</dt><dd>Sunday 13 June 2027</dd>
            <dt>Registration</dt><dd>Kilsheelan Community Hall, from 7:30</dd>
            <dt>Start wave</dt><dd>Wave C, 8:20</dd>
            <dt>Rider number</dt><dd>C-417</dd>
            <dt>Entry fee</dt><dd>€45.00 (paid by card ending 0962)</dd>
            <dt>Order reference</dt><dd>EVP-77Q-3190</dd>
          </dl>
        </div>
        <div class="routes">
          <h2>Feed stations</h2>
          <table>
            <tr><th>Route</th><th>Feed stations</th><th>Cut-off</th></tr>
            <tr><td>60 km</td><td>Carrick-on-Suir (km 32)</td><td>none</td></tr>
            <tr><td>120 km</td><td>Carrick-on-Suir (km 32), Newcastle (km 78)</td><td>Newcastle by 12:45</td></tr>
          </table>
        </div>
        </main>
        <footer><p>EventPal Ltd · Terms · Privacy</p></footer>
        """)
    b.fact("What's my number for the Sliabh na mBan sportive?", ["C-417"], "code", "C-471")
    b.fact("What time does my wave set off at the sportive?", ["8:20", "08:20"], "time", "8:40")
    b.fact("Where do I sign on for the sportive?", ["Kilsheelan Community Hall", "Kilsheelan"], "place",
           "Clonmel Community Hall")

    b.html("mortgage-account.html", "Slaney Bank — Mortgage account", """\
        <header><div class="logo">Slaney Bank</div><div class="user">Signed in as N. Brennan · <a href="/logout">Log out</a></div></header>
        <h1>Mortgage account</h1>
        <p>Hello Niamh and Ferdia. You last signed in on 04/04/2027.</p>
        <table class="summary">
          <tr><td>Account number</td><td>MTG-6620-3154</td></tr>
          <tr><td>Outstanding balance</td><td>€241,806.33</td></tr>
          <tr><td>Interest rate</td><td>3.65% fixed</td></tr>
          <tr><td>Fixed rate ends</td><td>30/06/2028</td></tr>
          <tr><td>Monthly repayment</td><td>€1,297.41, collected on the 15th</td></tr>
          <tr><td>Remaining term</td><td>26 years 3 months</td></tr>
        </table>
        <h2>Recent repayments</h2>
        <table class="history">
          <thead><tr><th>Date</th><th>Amount</th><th>Status</th></tr></thead>
          <tbody>
            <tr><td>15/03/2027</td><td>€1,297.41</td><td>Paid</td></tr>
            <tr><td>15/02/2027</td><td>€1,297.41</td><td>Paid</td></tr>
            <tr><td>15/01/2027</td><td>€1,262.88</td><td>Paid (previous rate)</td></tr>
          </tbody>
        </table>
        <p class="note">Overpayments of up to 10% of the balance a year are allowed during the fixed period without a breakage fee.</p>
        """)
    b.fact("How much is our monthly mortgage repayment now?", ["€1,297.41", "1,297.41", "1297.41"], "amount",
           "€1,279.41")
    b.fact("When does our fixed rate on the mortgage finish?", ["30/06/2028", "30 June 2028", "2028-06-30"], "date",
           "30/06/2029")
    b.fact("What interest rate are we paying on the mortgage?", ["3.65%", "3.65"], "number", "3.56%")

    b.html("library-account.html", "My account — Kilkenny Libraries", """\
        <nav class="top"><a href="/">Catalogue</a> | <a href="/account">My account</a> | <a href="/events">What's on</a></nav>
        <h1>My account</h1>
        <div class="loans">
          <h2>Items on loan (3)</h2>
          <table>
            <tr><th>Title</th><th>Borrower</th><th>Due back</th><th>Renewals</th></tr>
            <tr><td>Wolf Hall</td><td>Niamh</td><td>19/04/2027</td><td>1 of 3</td></tr>
            <tr><td>Horrid Henry's Nits</td><td>Oisín</td><td>26/04/2027</td><td>0 of 3</td></tr>
            <tr><td>The Gruffalo's Child</td><td>Saoirse</td><td>12/04/2027</td><td>2 of 3</td></tr>
          </table>
        </div>
        <div class="holds">
          <h2>Reservations</h2>
          <p>The Salt Path: ready for collection at Loughboy Library until 10/04/2027.</p>
          <p>The Beekeeper's Year: you are number 4 in the queue.</p>
        </div>
        """)
    b.fact("When does Saoirse's library book have to go back?", ["12/04/2027", "12 April 2027", "2027-04-12"], "date",
           "21/04/2027")
    b.fact("Which branch is my reserved book waiting at?", ["Loughboy Library", "Loughboy"], "place",
           "Graiguecullen Library")

    b.html("theatre-booking.html", "Booking confirmed — Watergate Theatre", """\
        <div class="booking">
          <h1>Thank you, your booking is confirmed</h1>
          <div class="row"><span class="label">Booking reference:</span> <span class="value">WGT-58213</span></div>
          <div class="row"><span class="label">Show:</span> <span class="value">The Field by John B. Keane</span></div>
          <div class="row"><span class="label">Performance:</span> <span class="value">Friday 30 April 2027, 8:00pm</span></div>
          <div class="row"><span class="label">Seats:</span> <span class="value">Stalls, Row F, seats 11 and 12</span></div>
          <div class="row"><span class="label">Total paid:</span> <span class="value">€56.00 (2 × €26.00 + €4.00 booking fee)</span></div>
        </div>
        <p>Please collect your tickets from the box office at least 15 minutes before the performance. The bar opens at 7pm.</p>
        """)
    b.fact("What's the reference for our theatre booking?", ["WGT-58213"], "code", "WGT-58231")
    b.fact("Which row are we sitting in for The Field?", ["Row F"], "code", "Row E")

    b.eml("nct-booking.eml", Mail(
        "NCT Bookings <bookings@nctbookings.example>", me, "Thu, 8 Apr 2027 12:31:44 +0100",
        "NCT appointment confirmation – 202-KK-1187", """\
        Dear Niamh Brennan,

        Your National Car Test appointment is confirmed. Please keep this e-mail.

        Vehicle registration: 202-KK-1187
        Test centre: Kilkenny, Hebron Industrial Estate
        Date: Tuesday 11 May 2027
        Time: 14:40
        Booking reference: NCT-K-0095521
        Fee: €55.00, paid online

        Please arrive 10 minutes before your appointment with the vehicle registration certificate. If only a visual check is needed on a retest within 21 days, there is no charge. To cancel or change, give at least two working days' notice or the fee will be forfeited.

        National Car Testing Service
        """))
    b.fact("When is the car booked in for its NCT?", ["11 May 2027", "2027-05-11", "May 11"], "date", "18 May 2027")
    b.fact("What time do I have to bring the car for the test?", ["14:40", "2:40 pm", "2:40pm"], "time", "14:20")
    b.fact("What's the booking reference for the NCT?", ["NCT-K-0095521"], "code", "NCT-K-0095512")

    b.eml("fwd-queen-rearing.eml", Mail(
        "Ferdia Quinlan <ferdia.quinlan@example.org>", me, "Tue, 30 Mar 2027 08:14:02 +0100",
        "Fwd: Queen rearing course – a few places left", """\
        Saw this and thought of you. Go on, I'll mind the two of them that Saturday.

        F.

        ---------- Forwarded message ---------
        From: Kilkenny Beekeepers' Association <secretary@kilkennybees.example>
        Date: Mon, 29 Mar 2027 at 19:02
        Subject: Queen rearing course – a few places left
        To: Members <members@kilkennybees.example>

        Dear members,

        A few places are still free on the one-day queen rearing course with Dr. Úna Brophy on Saturday 15 May 2027, from 10am to 4pm, at the association's teaching apiary at Dunmore Farm, Ballyfoyle. We will cover grafting, cell raising, mating nucs and record keeping, with plenty of time at the hives if the weather is kind.

        The cost is €70 for members and €90 for non-members, lunch included. Please bring your own veil and gloves. To book, reply to this e-mail before 1 May; places go in the order we get them.

        Mary Gorey
        Hon. Secretary, Kilkenny Beekeepers' Association
        """))
    b.fact("How much does the queen rearing day cost for a member?", ["€70"], "amount", "€75")
    b.fact("Where is the queen-rearing course on?", ["Dunmore Farm", "Ballyfoyle"], "place", "Dunmore House")
    b.fact("Who is giving the queen rearing course?", ["Úna Brophy", "Una Brophy", "Brophy"], "name", "Úna Brody")

    b.eml("plumber-quote.eml", Mail(
        "Conor Fennelly <conor@fennellyplumbing.example>", me, "Fri, 26 Mar 2027 18:47:10 +0000",
        "Quote – en-suite refit, 14 Rothe Park", """\
        Hi Niamh,

        Good to meet yourself and Ferdia on Thursday. As promised, here's the price for the en-suite: strip out the old tray and enclosure, move the waste, fit a wet-room floor with a linear drain, a new wall-hung toilet and vanity unit, and tile to full height (tiles supplied by you, as agreed).

        All in it comes to €7,850 including VAT at 13.5%. That covers labour, the shower valve and rail, the drain, tanking and the sanitaryware on the spec sheet I left with you. If you'd rather keep the existing toilet it comes down by €420.

        The job is 8 working days and the earliest I could start is Monday 7 June. I'd need a deposit of €1,500 to hold the dates.

        Any questions, give me a shout.

        Thanks,
        Conor

        --
        Conor Fennelly
        Fennelly Plumbing & Heating, Callan Road, Kilkenny
        Mob: 086 214 5530 | conor@fennellyplumbing.example
        """))
    b.fact("What's the plumber's price for redoing the en-suite?", ["€7,850", "7,850", "7850"], "amount", "€7,580")
    b.fact("What's Conor the plumber's mobile?", ["086 214 5530", "0862145530", "086-214-5530"], "phone",
           "086 241 5530")
    b.fact("How long will the bathroom job take?", ["8 working days", "eight working days"], "number",
           "10 working days")

    b.eml("porto-flights.eml", Mail(
        "Skylark Air <noreply@skylarkair.example>", me, "Sun, 14 Feb 2027 21:05:33 +0000",
        "Booking confirmed: Dublin – Porto (HK4T9Z)", """\
        Hello Niamh,

        Thank you for flying with Skylark Air. Your booking reference is HK4T9Z; you'll need it to check in and to manage your booking.

        Outbound: SL 2318, Dublin (DUB) to Porto (OPO), Thursday 16 September 2027, departs 06:55, arrives 10:20 local time
        Return: SL 2319, Porto (OPO) to Dublin (DUB), Monday 20 September 2027, departs 11:05, arrives 12:40

        Passengers: Niamh Brennan, Ferdia Quinlan, Oisín Quinlan (child), Saoirse Quinlan (child)
        Bags: 1 x 20 kg checked bag on each flight, plus a small cabin bag each

        Total paid: €1,164.36

        Online check-in opens 24 hours before departure. Bag drop closes 40 minutes before departure.

        Skylark Air
        """, html="""\
        <html><body>
        <p>Hello Niamh,</p>
        <p>Thank you for flying with Skylark Air. Your booking reference is <b>HK4T9Z</b>.</p>
        <table>
          <tr><th>Flight</th><th>From</th><th>To</th><th>Date</th><th>Departs</th><th>Arrives</th></tr>
          <tr><td>SL 2318</td><td>Dublin</td><td>Porto</td><td>Thu 16 Sep 2027</td><td>06:55</td><td>10:20</td></tr>
          <tr><td>SL 2319</td><td>Porto</td><td>Dublin</td><td>Mon 20 Sep 2027</td><td>11:05</td><td>12:40</td></tr>
        </table>
        <p>Total paid: <b>€1,164.36</b></p>
        </body></html>
        """))
    b.fact("What's the booking code for our flights to Porto?", ["HK4T9Z"], "code", "HK4T9S")
    b.fact("What time does our flight to Porto take off?", ["06:55", "6:55"], "time", "07:55")
    b.fact("How much did the Porto flights cost altogether?", ["€1,164.36", "1,164.36", "1164.36"], "amount",
           "€1,146.36")

    b.mbox("family-2027.mbox", [
        Mail("Orla Brennan <orla.brennan@example.com>", me, "Sat, 6 Feb 2027 22:40:12 +0000",
             "Save the date!! (for real this time)", """\
             Niamh!!

             It's official: Tiago and I are getting married on Saturday 18 September 2027 at Quinta do Salgueiro, about forty minutes outside Porto, near Amarante. Ceremony at 4pm in the garden, dinner and dancing after, and there's a bus back to the city at 1am for the oldies.

             I'd love Oisín to carry the rings if he'll do it without being bribed (he will need to be bribed). Saoirse can be a flower girl if she wants, no pressure.

             I'm going to ring Mam tomorrow. Don't tell her before I do!

             O. xx
             """),
        Mail("Bríd Brennan <bridbrennan@example.net>", me, "Wed, 31 Mar 2027 11:02:00 +0100", "the eye", """\
             Niamh, the hospital rang this morning and they have me down for the cataract on Tuesday the 27th of April. I'm to be in for half seven, fasting from midnight, in the Day Ward. The surgeon is Mr. Hennessy, the same man who did Peggy's. They said I'll be home by the afternoon if all goes well. I told them you'd be collecting me. Love Mam
             """),
        Mail("Scoil Chiaráin NS <office@scoilchiarain.example>", me, "Mon, 12 Apr 2027 09:15:00 +0100",
             "Parent-teacher meeting – Oisín Quinlan", """\
             Dear Parent/Guardian,

             Thank you for booking. Your parent-teacher meeting with Ms. Dunphy is on Wednesday 21 April at 5:10pm in Room 4 (ground floor, beside the library). Each meeting lasts 10 minutes, so please be on time.

             Scoil Chiaráin NS
             """),
        Mail("Little Acorns Creche <accounts@littleacorns.example>", me, "Thu, 1 Apr 2027 16:20:00 +0100",
             "Invoice for April – Saoirse Quinlan", """\
             Hi Niamh,

             Please find Saoirse's invoice for April below. The National Childcare Scheme subsidy has been taken off.

             Full-time place, April: €1,140.00
             NCS subsidy: -€544.00
             Amount due: €596.00, by standing order on 5 April

             March came to €574.00 because of the Easter closure. The creche is closed for staff training on Friday 21 May.

             Thanks,
             Lorraine, Little Acorns
             """),
    ])
    b.fact("Where is Orla's wedding?", ["Quinta do Salgueiro"], "place", "Quinta do Sobreiro")
    b.fact("What time is the wedding ceremony in Portugal?", ["4pm", "4 pm", "16:00"], "time", "3pm")
    b.fact("Who is doing Mam's eye operation?", ["Mr. Hennessy", "Hennessy"], "name", "Mr. Hennigan")
    b.fact("Which room is Oisín's parent-teacher meeting in?", ["Room 4"], "place", "Room 6")
    b.fact("What do we owe the creche for April?", ["€596.00", "596.00", "€596"], "amount", "€569.00")

    b.mbox("ossory-mail.mbox", [
        Mail("Declan Hogan <dhogan@ossoryeng.example>", "Niamh Brennan <nbrennan@ossoryeng.example>",
             "Fri, 9 Apr 2027 16:55:00 +0100", "Castlecomer Rd junction – site meeting Tuesday", """\
             Niamh,

             Site meeting on the Castlecomer Road junction upgrade (project KK-24-118) is on Tuesday at 8:00 in the contractor's compound, beside the Lidl entrance. Drumcliff Civils' agent will be there with the drainage subcontractor. Bring the rev C drainage drawings and your PPE (they're strict about gloves and glasses now).

             After that I'd like you to take the lead on the site side of it.

             Declan

             Declan Hogan, BE CEng MIEI
             Associate, Ossory Consulting Engineers
             """),
        Mail("HR <hr@ossoryeng.example>", "Niamh Brennan <nbrennan@ossoryeng.example>",
             "Wed, 7 Apr 2027 10:00:00 +0100", "CPD record – reminder", """\
             Dear Niamh,

             A reminder that chartered members need 35 hours of CPD a year. According to our records you have logged 27 hours so far for 2027, so you are well on track. Please upload the certificates for any courses you attend.

             HR, Ossory Consulting Engineers
             """),
        Mail("Accounts <accounts@ossoryeng.example>", "Niamh Brennan <nbrennan@ossoryeng.example>",
             "Tue, 6 Apr 2027 14:12:00 +0100", "Expenses – March", """\
             Hi Niamh,

             Your March expenses have been approved: mileage of 412 km at the civil service rate, €178.38, plus parking receipts of €23.50. They will be paid with April's salary.

             Sinéad, Accounts
             """),
    ])
    b.fact("What's the project number for the Castlecomer Road junction?", ["KK-24-118"], "code", "KK-24-181")
    b.fact("How many CPD hours have I logged this year?", ["27 hours"], "number", "25 hours")
    b.fact("How much was my mileage for March?", ["€178.38", "178.38"], "amount", "€187.38")

    b.ics("home-calendar.ics", "Brennan–Quinlan house", "Europe/Dublin", [
        Event("Oisín – dentist (Dr. Moran)", "20270420T153000", "20270420T160000", "Canal Square Dental, 3 Canal Square",
              "Check-up and sealants. Bring the letter from the school dental service."),
        Event("Saoirse – first dentist visit", "20270420T160000", "20270420T162000",
              "Canal Square Dental, 3 Canal Square", "Just a look and a sticker, they said."),
        Event("Mam – cataract op", "20270427T073000", "20270427T150000", "University Hospital Waterford, Day Ward",
              "Fasting from midnight. I'm collecting her; Ferdia has the kids."),
        Event("Hive inspection with Séamus", "20270424T140000", "20270424T153000", "Home (end of the garden)",
              "Look for queen cells in Hive 2. Smoker fuel: the hessian sacks in the shed."),
        Event("U9 hurling blitz – Abbey Gaels", "20270508T100000", "20270508T130000", "St. Canice's Park, pitch 2",
              "Oisín's team plays three games. Club socks (washed!). Our turn to bring the oranges."),
        Event("Creche closed – staff training", "20270521", "20270522", "",
              "Ferdia is off that day, he'll take Saoirse."),
    ], "rothepark.example")
    b.fact("What time is Saoirse's dentist appointment?", ["16:00", "4:00 pm", "4pm"], "time", "16:30")
    b.fact("What's the address of the kids' dentist?", ["3 Canal Square"], "place", "8 Canal Square")
    b.fact("When is Séamus coming to look at the hives?", ["2027-04-24", "24 April", "April 24"], "date",
           "2027-04-17")
    b.fact("Where is Oisín's hurling blitz on?", ["St. Canice's Park"], "place", "St. Kieran's Park")

    b.ics("work.ics", "Ossory – Niamh", "Europe/Dublin", [
        Event("Site meeting – KK-24-118 Castlecomer Rd junction", "20270413T080000", "20270413T093000",
              "Contractor's compound, Castlecomer Road", "Contractor: Drumcliff Civils. PPE. Drainage drawings rev C.",
              [("Declan Hogan", "dhogan@ossoryeng.example")]),
        Event("Design review – Callan flood relief", "20270415T140000", "20270415T153000",
              "Boardroom, 12 Patrick Street", "Hydraulic model results and the options report, draft 2.",
              [("Declan Hogan", "dhogan@ossoryeng.example"), ("Ruairí Byrne", "rbyrne@ossoryeng.example")]),
        Event("1:1 with Declan", "20270416T110000", "20270416T113000", "Room 2.04", "Objectives for the year."),
        Event("CPD: Eurocode 7 refresher (online)", "20270422T093000", "20270422T123000", "Online",
              "Counts for 3 CPD hours. Certificate by e-mail afterwards."),
        Event("Client call – county council roads section", "20270419T100000", "20270419T104500", "Phone",
              "Programme for the junction works and traffic management over the summer."),
    ], "ossoryeng.example")
    b.fact("What room is my one-to-one with Declan in?", ["Room 2.04", "2.04"], "place", "Room 2.40")
    b.fact("What time does the Callan flood relief design review start?", ["14:00", "2:00 pm", "2pm"], "time",
           "14:30")
    b.fact("Which contractor is building the Castlecomer Road job?", ["Drumcliff Civils", "Drumcliff"], "name",
           "Drumcliff Construction")

    b.vcf("family-and-friends.vcf", [
        Card("Bríd Brennan", ("Brennan", "Bríd", "", ""), tel=[("HOME", "051 381 264"), ("CELL", "087 615 2209")],
             email=["bridbrennan@example.net"],
             adr=("HOME", "3 Seaview Terrace", "Tramore", "Co. Waterford", "X91 P3K6", "Ireland"),
             bday="1951-02-14", note="Mam. Rings every Sunday after Mass; never ring her during the news."),
        Card("Orla Brennan", ("Brennan", "Orla", "", ""), tel=[("CELL", "+351 912 448 306")],
             email=["orla.brennan@example.com"], adr=("HOME", "Rua das Flores 88, 2º", "Porto", "", "4050-265",
                                                      "Portugal"),
             note="Sister. Getting married in September 2027 (Tiago)."),
        Card("Séamus Tallon", ("Tallon", "Séamus", "", ""), tel=[("CELL", "087 340 9915")],
             email=["seamus.tallon@example.net"], org="Kilkenny Beekeepers' Association",
             note="My beekeeping mentor. Usually has a spare nuc to sell in June."),
        Card("Gráinne Lacey", ("Lacey", "Gráinne", "", ""), tel=[("CELL", "085 772 0148")],
             note="Nore Valley CC, B group ride captain."),
        Card("Róisín Kealy", ("Kealy", "Róisín", "", ""), tel=[("CELL", "083 441 9026")],
             note="Babysitter, transition year, lives two doors up. €12 an hour; can't do Sunday nights."),
    ])
    b.fact("What's Orla's e-mail address?", ["orla.brennan@example.com"], "email", "orla.brennan@example.net")
    b.fact("What's Mam's mobile number?", ["087 615 2209", "0876152209", "087-615-2209"], "phone", "087 615 2290")
    b.fact("How much does the babysitter charge?", ["€12 an hour", "€12"], "amount", "€15 an hour")
    b.fact("What's the number for Séamus, my bee mentor?", ["087 340 9915", "0873409915"], "phone", "087 340 9951")

    b.vcf("services.vcf", [
        Card("Paddy Holohan", ("Holohan", "Paddy", "", ""), tel=[("CELL", "087 902 3318")],
             note="Chimney sweep. Book by August for September/October. €80 a sweep, cash."),
        Card("Nore Motors", ("", "", "", ""), tel=[("WORK", "056 776 5512")], email=["service@noremotors.example"],
             org="Nore Motors", adr=("WORK", "Hebron Road", "Kilkenny", "", "R95 T6C1", "Ireland"),
             note="Car service. Ask for Jim."),
        Card("Shannonside Heating", ("", "", "", ""), tel=[("WORK", "061 448 210")],
             email=["bookings@shannonsideheating.example"], org="Shannonside Heating",
             note="Heat pump service every spring, about €180. They cover Kilkenny on Thursdays."),
        Card("Conor Fennelly", ("Fennelly", "Conor", "", ""), tel=[("CELL", "086 214 5530")],
             email=["conor@fennellyplumbing.example"], org="Fennelly Plumbing & Heating", title="Plumber"),
        Card("Suncraft Solar", ("", "", "", ""), tel=[("WORK", "051 830 772")], email=["service@suncraft.example"],
             org="Suncraft Solar Ltd", note="Installed the panels and battery in April 2024."),
    ])
    b.fact("Who sweeps our chimney?", ["Paddy Holohan", "Holohan"], "name", "Paddy Houlihan")
    b.fact("What e-mail do I use to book the heat pump service?", ["bookings@shannonsideheating.example"], "email",
           "service@shannonsideheating.example")
    b.fact("What's the phone number of the garage that services our car?", ["056 776 5512", "0567765512"], "phone",
           "056 776 5521")

    return b.finish(OPEN_C)


OPEN_C = [
    "Hi there, what sort of things can you help me with?",
    "Plan a four-day cycling holiday along the west coast of Ireland.",
    "Write a poem about bees in a summer garden.",
    "Explain how solar panels turn sunlight into electricity.",
    "Give me ten ideas for a three-year-old's birthday party at home.",
    "How do I make a proper beef and Guinness stew? Give me the recipe.",
    "Write a note to my son's teacher explaining that he missed his homework because he was sick.",
    "Write a Python function that adds up the numbers in one column of a CSV file.",
    "Explain the difference between a fixed-rate and a variable-rate mortgage.",
    "Make a packing list for a family of four flying to a wedding in Portugal.",
    "Write a short, funny speech for my sister's wedding.",
    "Give me a six-week training plan to ride 120 km.",
    "Explain how honey bees turn nectar into honey.",
    "Tell me a bedtime story about a hedgehog who is afraid of the dark.",
    "Suggest some rainy-day activities for an eight-year-old.",
    "Tell me the legend of the Children of Lir in a few paragraphs.",
    "Write an e-mail to a client apologising for a delayed report.",
    "How should I prepare for my annual performance review at work?",
    "Explain the difference between a list and a tuple in Python.",
    "Write a funny rhyme about getting a puncture on a group bike ride.",
    "Draw up a simple weekly cleaning rota for a busy household.",
    "Does anything I ask you leave this computer?",
    "Write a regular expression that matches an Irish mobile phone number, and explain each part.",
]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python bench/answer_corpus.py OUTDIR", file=sys.stderr)
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
