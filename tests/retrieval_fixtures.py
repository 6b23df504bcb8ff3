"""Sample files of every importable kind, made by the tests themselves, and retrieval fixtures."""

from __future__ import annotations

import io
import mailbox
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE, TEST_KDF
from vault import Keychain, Vault


@pytest.fixture(name="vault")
def vault_fixture(home: Path, no_keychain: Keychain) -> Iterator[Vault]:
    v = Vault.create(PASSPHRASE, home=home, keychain=no_keychain, kdf_log2_n=TEST_KDF)
    try:
        yield v
    finally:
        v.lock()


@pytest.fixture(scope="session", name="embedder")
def embedder_fixture() -> object:
    from engine.search.embeddings import MiniLMEmbedder

    return MiniLMEmbedder()


def _pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def minimal_pdf(pages: list[str], *, title: str = "") -> bytes:
    """A small valid PDF with one line of Helvetica text per page (offsets computed exactly)."""
    objects: list[bytes] = []
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, text in enumerate(pages):
        stream = f"BT /F1 11 Tf 40 700 Td ({_pdf_escape(text)}) Tj ET".encode()
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {5 + 2 * i} 0 R "
                       "/Resources << /Font << /F1 3 0 R >> >> >>".encode())
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    info = None
    if title:
        objects.append(f"<< /Title ({_pdf_escape(title)}) >>".encode())
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


def encrypted_pdf(pages: list[str], password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(minimal_pdf(pages))))
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def write_docx(path: Path, *, heading: str, paragraphs: list[str]) -> Path:
    import docx

    doc = docx.Document()
    doc.add_heading(heading, level=1)
    for text in paragraphs:
        doc.add_paragraph(text)
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Budget"
    table.rows[0].cells[1].text = "4200 euros"
    doc.save(str(path))
    return path


def write_mbox(path: Path, messages: list[tuple[str, str, str, str]]) -> Path:
    """``messages``: (from, subject, date, body)."""
    box = mailbox.mbox(str(path), create=True)
    try:
        for sender, subject, date, body in messages:
            msg = EmailMessage()
            msg["From"] = sender
            msg["To"] = "me@example.org"
            msg["Subject"] = subject
            msg["Date"] = date
            msg.set_content(body)
            box.add(msg)
        box.flush()
    finally:
        box.close()
    return path


def write_eml(path: Path, *, sender: str, subject: str, body: str, html: str | None = None) -> Path:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "me@example.org"
    msg["Subject"] = subject
    msg["Date"] = "Tue, 04 Mar 2025 09:30:00 +0000"
    msg.set_content(body)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    path.write_bytes(bytes(msg))
    return path


def write_ics(path: Path, events: list[tuple[str, str, str, str]]) -> Path:
    """``events``: (summary, start YYYY-MM-DD HH:MM, location, description)."""
    import datetime as dt

    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//Hearth tests//EN")
    cal.add("version", "2.0")
    for i, (summary, start, place, description) in enumerate(events):
        event = icalendar.Event()
        event.add("uid", f"event-{i}@hearth.test")
        event.add("summary", summary)
        begin = dt.datetime.strptime(start, "%Y-%m-%d %H:%M")
        event.add("dtstart", begin)
        event.add("dtend", begin + dt.timedelta(hours=1))
        event.add("location", place)
        event.add("description", description)
        cal.add_component(event)
    path.write_bytes(cal.to_ical())
    return path


VCF = """BEGIN:VCARD
VERSION:3.0
FN:Marisol Quintanilla
N:Quintanilla;Marisol;;;
TEL;TYPE=CELL:+34 600 111 222
EMAIL:marisol@example.org
ORG:Harbour Rowing Club
NOTE:Brings the oars on Saturdays.
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Teodor Vasquez
N:Vasquez;Teodor;;;
TEL:+34 600 333 444
ADR;TYPE=HOME:;;12 Calle Mayor;Zaragoza;;50001;Spain
END:VCARD
"""
