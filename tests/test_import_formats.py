"""Every importer on real files made here, including broken ones; chunking; which files a walk picks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.retrieval_fixtures import (
    VCF,
    encrypted_pdf,
    minimal_pdf,
    write_docx,
    write_eml,
    write_ics,
    write_mbox,
)
from vault.importers import (
    EmptyFile,
    EncryptedFile,
    ImportRefused,
    ParsedFile,
    UnreadableFile,
    UnsupportedFile,
    chunk_text,
    parse_file,
    supported_extensions,
)
from vault.importers.walk import collect_files


def parse(path: Path) -> ParsedFile:
    return parse_file(path, path.read_bytes())


def all_text(parsed: ParsedFile) -> str:
    return "\n".join(c.text for d in parsed.documents for c in d.chunks)


def test_markdown_chunks_carry_heading_paths(tmp_path: Path) -> None:
    path = tmp_path / "garden.md"
    path.write_text("---\ntags: x\n---\n# Garden log\n\nIntro line.\n\n## Tomatoes\n\nPlanted on 3 May.\n\n"
                    "```\n# not a heading\n```\n\n### Watering\n\nEvery second morning.\n")
    parsed = parse(path)
    assert parsed.kind == "markdown" and parsed.title == "Garden log"
    locations = [c.location for c in parsed.documents[0].chunks]
    assert locations == ["Garden log", "Garden log > Tomatoes", "Garden log > Tomatoes > Watering"]
    assert "# not a heading" in all_text(parsed)
    assert "tags: x" not in all_text(parsed)


def test_plain_text_and_long_text_is_cut_with_overlap(tmp_path: Path) -> None:
    sentences = [f"Sentence number {i} talks about the lighthouse keeper's logbook." for i in range(80)]
    path = tmp_path / "long.txt"
    path.write_text(" ".join(sentences))
    chunks = parse(path).documents[0].chunks
    assert len(chunks) > 3
    assert all(len(c.text) <= 900 for c in chunks)
    joined = " ".join(c.text for c in chunks)
    assert all(s.split(" talks")[0] in joined for s in sentences)
    # Consecutive chunks share a little text, so a fact cut at the border is still whole somewhere.
    assert chunks[0].text[-40:].split()[-1] in chunks[1].text


def test_chunk_text_never_returns_empty_pieces() -> None:
    assert chunk_text("   \n\n\t ") == []
    word = "x" * 2500
    pieces = chunk_text(word)
    assert len(pieces) == 3 and all(0 < len(p.text) <= 900 for p in pieces)
    assert sum(len(p.text) for p in pieces) >= 2500


def test_pdf_pages_become_locations(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(minimal_pdf(["The pump station opens at dawn.", "Budget review: 4200 euros."],
                                 title="Pump report"))
    parsed = parse(path)
    assert parsed.kind == "pdf" and parsed.title == "Pump report"
    chunks = parsed.documents[0].chunks
    assert [c.location for c in chunks] == ["page 1", "page 2"]
    assert "pump station" in chunks[0].text and "4200" in chunks[1].text


def test_broken_pdfs_are_refused_with_reasons(tmp_path: Path) -> None:
    good = minimal_pdf(["Some words on the page."])
    truncated = tmp_path / "cut.pdf"
    truncated.write_bytes(good[: len(good) // 3])
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(encrypted_pdf(["Secret minutes of the board."], "hunter2"))
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"this is not a pdf at all")
    with pytest.raises(ImportRefused) as cut:
        parse(truncated)
    assert isinstance(cut.value, UnreadableFile | EmptyFile)
    with pytest.raises(EncryptedFile, match="password"):
        parse(locked)
    with pytest.raises(UnreadableFile):
        parse(fake)


def test_html_drops_scripts_and_locates_by_heading(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text("<html><head><title>Ferry times</title><style>p{}</style></head><body>"
                    "<script>var secret = 'nope';</script><h1>Summer</h1><p>The ferry leaves at 7:40.</p>"
                    "<div><p>Tickets cost nine euros.</p></div><h2>Winter</h2><ul><li>Only at noon.</li></ul>"
                    "</body></html>")
    parsed = parse(path)
    assert parsed.title == "Ferry times"
    text = all_text(parsed)
    assert "ferry leaves at 7:40" in text and "nine euros" in text and "nope" not in text
    assert text.count("nine euros") == 1
    assert {c.location for c in parsed.documents[0].chunks} == {"Summer", "Winter"}


def test_docx_paragraphs_headings_and_tables(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "plan.docx", heading="Boat repair plan",
                      paragraphs=["Sand the hull in April.", "Varnish twice in May."])
    parsed = parse(path)
    assert parsed.kind == "docx" and parsed.title == "Boat repair plan"
    text = all_text(parsed)
    assert "Sand the hull" in text and "4200 euros" in text
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(UnreadableFile):
        parse(bad)


def test_mbox_is_one_document_per_message(tmp_path: Path) -> None:
    path = write_mbox(tmp_path / "inbox.mbox", [
        ("Ana <ana@example.org>", "Choir rehearsal", "Mon, 03 Mar 2025 18:00:00 +0000",
         "Rehearsal moves to the old chapel."),
        ("Rui <rui@example.org>", "Bike loan", "Wed, 05 Mar 2025 08:15:00 +0000",
         "You can borrow the red bike until Sunday."),
    ])
    parsed = parse(path)
    assert parsed.kind == "mbox" and len(parsed.documents) == 2
    first, second = parsed.documents
    assert first.title == "Choir rehearsal" and first.chunks[0].location == "2025-03-03 — Choir rehearsal"
    assert "From: Ana" in first.chunks[0].text and "old chapel" in first.chunks[0].text
    assert "red bike" in all_text(parsed) and second.meta["sender"].startswith("Rui")


def test_eml_prefers_plain_text_and_falls_back_to_html(tmp_path: Path) -> None:
    plain = write_eml(tmp_path / "a.eml", sender="x@example.org", subject="Keys",
                      body="The spare key is under the blue pot.", html="<p>HTML copy</p>")
    parsed = parse(plain)
    assert "blue pot" in all_text(parsed) and "HTML copy" not in all_text(parsed)
    junk = tmp_path / "junk.eml"
    junk.write_bytes(b"just some words without headers\n")
    with pytest.raises(ImportRefused):
        parse(junk)


def test_ics_is_one_document_per_event(tmp_path: Path) -> None:
    path = write_ics(tmp_path / "cal.ics", [
        ("Dentist", "2025-04-11 10:00", "Clinic Okafor", "Bring the X-rays."),
        ("Harbour festival", "2025-06-21 17:30", "Old port", "Fireworks at ten."),
    ])
    parsed = parse(path)
    assert parsed.kind == "calendar"
    assert [d.title for d in parsed.documents] == ["Dentist", "Harbour festival"]
    assert parsed.documents[0].chunks[0].location == "2025-04-11 — Dentist"
    assert "Where: Clinic Okafor" in parsed.documents[0].chunks[0].text
    broken = tmp_path / "broken.ics"
    broken.write_text("BEGIN:VCALENDAR\nthis is not ical\n")
    with pytest.raises(ImportRefused):
        parse(broken)


def test_vcf_is_one_document_per_contact(tmp_path: Path) -> None:
    path = tmp_path / "people.vcf"
    path.write_text(VCF)
    parsed = parse(path)
    assert [d.title for d in parsed.documents] == ["Marisol Quintanilla", "Teodor Vasquez"]
    assert "Harbour Rowing Club" in all_text(parsed) and "Zaragoza" in all_text(parsed)


def test_vcf_says_which_phone_and_address_is_which(tmp_path: Path) -> None:
    path = tmp_path / "mam.vcf"
    path.write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Brid Brennan\r\nTEL;TYPE=HOME,VOICE:051 381 264\r\n"
                     b"TEL;TYPE=CELL:087 615 2209\r\nitem1.TEL;type=pref;type=WORK:01 555 0100\r\n"
                     b"TEL:01 555 0199\r\nEMAIL;TYPE=INTERNET,WORK:brid@work.example\r\n"
                     b"ADR;TYPE=HOME:;;3 Seaview Terrace;Tramore;;;Ireland\r\nEND:VCARD\r\n")
    lines = all_text(parse(path)).splitlines()
    assert lines == ["Contact: Brid Brennan", "Home phone: 051 381 264", "Mobile phone: 087 615 2209",
                     "Work phone: 01 555 0100", "Phone: 01 555 0199", "Work e-mail: brid@work.example",
                     "Home address: 3 Seaview Terrace, Tramore, Ireland"]


@pytest.mark.parametrize("name,data,error", [
    ("empty.md", b"", EmptyFile),
    ("blank.txt", b" \n\n \t\n", EmptyFile),
    ("junk.md", bytes(range(256)) * 40, UnreadableFile),
    ("junk2.md", os.urandom(4096).replace(b"\x00", b"\x01"), UnreadableFile),
    ("photo.jpeg", b"\xff\xd8\xff\xe0 jpeg", UnsupportedFile),
    ("empty.pdf", b"", EmptyFile),
    ("empty.mbox", b"", EmptyFile),
    ("nothing.vcf", b"hello", UnreadableFile),
])
def test_bad_inputs_are_refused(tmp_path: Path, name: str, data: bytes, error: type) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(error):
        parse(path)


def test_every_family_is_registered() -> None:
    exts = supported_extensions()
    for ext in (".md", ".txt", ".pdf", ".html", ".docx", ".eml", ".mbox", ".ics", ".vcf"):
        assert ext in exts


def test_walk_stays_inside_the_folder(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    (root / "sub").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "a.md").write_text("a")
    (root / "sub" / "b.txt").write_text("b")
    (root / ".git" / "config").write_text("c")
    (root / ".hidden.md").write_text("h")
    outside = tmp_path / "outside.txt"
    outside.write_text("secret elsewhere")
    (root / "escape.txt").symlink_to(outside)
    (root / "inner-link.md").symlink_to(root / "a.md")
    (root / "loop").symlink_to(root, target_is_directory=True)
    found = collect_files([root])
    imported = sorted(str(c.path.relative_to(root)) for c in found if not c.skip)
    skipped = [c for c in found if c.skip]
    assert imported == ["a.md", "sub/b.txt"]
    assert len(skipped) == 1 and skipped[0].shown.endswith("escape.txt") and "leaves" in skipped[0].skip
    # A file named explicitly is the person's choice: imported even through a link.
    assert [c.path for c in collect_files([root / "escape.txt"])] == [outside.resolve()]
