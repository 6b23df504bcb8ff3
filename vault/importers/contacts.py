"""Contacts (.vcf): a document per card, read by :mod:`vault.importers.vcard`.

Every card that can be read is imported, whatever the file's other cards hold; a card with
nothing to show (no name, no number, no address) is counted and said, never the reason to
refuse the file. Android, Outlook and Evolution write vCard 2.1 with quoted-printable,
charset-tagged fields; iPhone, Gmail and Lotus Notes 3.0; newer address books 4.0: all
are read the same way."""

from __future__ import annotations

from pathlib import Path

from vault import kinds
from vault.importers.base import (
    CHUNK_CHARS,
    EmptyFile,
    ParsedChunk,
    ParsedDocument,
    ParsedFile,
    UnreadableFile,
    check_deadline,
    chunk_text,
    decode_text,
    document,
)
from vault.importers.vcard import Card, Property, read_cards

_FIELDS = (("TEL", "Phone"), ("EMAIL", "E-mail"), ("ORG", "Organisation"), ("TITLE", "Title"),
           ("ROLE", "Role"), ("BDAY", "Birthday"), ("URL", "Web"), ("NOTE", "Note"),
           ("NICKNAME", "Nickname"), ("X-ANNIVERSARY", "Anniversary"))

#: How a card's TYPE parameter names a phone, e-mail or address: a person with a home and a
#: mobile number asks for "her mobile", and two lines both labelled "Phone" cannot say which.
_PHONE_TYPES = (("cell", "Mobile phone"), ("mobile", "Mobile phone"), ("fax", "Fax"),
                ("pager", "Pager"), ("home", "Home phone"), ("work", "Work phone"))
_PLACE_TYPES = (("home", "Home"), ("work", "Work"))


class VcfImporter:
    kind = "contacts"
    extensions = (".vcf", ".vcard")

    def parse(self, path: Path, data: bytes) -> ParsedFile:
        text = decode_text(data, name=path.name)
        if "BEGIN:VCARD" not in text.upper():
            raise UnreadableFile(f"{path.name} is not a vCard file (no BEGIN:VCARD)")
        documents: list[ParsedDocument] = []
        empty = unreadable = 0
        for card in read_cards(text):
            check_deadline()
            unreadable += card.unreadable
            doc = _card_document(card)
            if doc is None:
                empty += 1
            else:
                documents.append(doc)
        if not documents:
            raise EmptyFile(f"{path.name} holds no contacts with a name, number or address")
        meta: dict[str, object] = {"contacts": len(documents)}
        said = []
        if empty:
            said.append(f"{empty} card(s) with nothing in them (no name, number or address) passed over")
        if unreadable:
            said.append(f"{unreadable} line(s) that are not vCard properties passed over")
        if said:
            meta["report"] = "; ".join(said)
        return ParsedFile(self.kind, path.stem, tuple(documents), meta)


def _card_document(card: Card) -> ParsedDocument | None:
    name = _name(card)
    lines = [f"Contact: {name}" if name else "Contact"]
    for key, label in _FIELDS:
        for item in card.get(key):
            value = ", ".join(p for p in item.parts if p) if key == "ORG" else item.value
            if value:
                lines.append(f"{_typed(item, key, label)}: {value}")
    for item in card.get("ADR"):
        # post office box, extended address, street, city, region, postal code, country
        value = ", ".join(" ".join(p.replace("\n", ", ").split()) for p in item.parts if p.strip())
        if value:
            lines.append(f"{_typed(item, 'ADR', 'Address')}: {value}")
    if len(lines) == 1 and not name:
        return None
    return document(kinds.CONTACT, name or "(no name)", _line_chunks(lines, name))


def _line_chunks(lines: list[str], location: str) -> list[ParsedChunk]:
    """The card's lines in chunks of whole lines (a long note on its own), never cut at a
    colon inside a line as prose would be."""
    chunks: list[ParsedChunk] = []
    current: list[str] = []
    for line in (" ".join(part.split()) for part in lines):
        if len(line) > CHUNK_CHARS:
            chunks.extend(chunk_text("\n".join(current), location=location))
            chunks.extend(chunk_text(line, location=location))
            current = []
        elif current and sum(len(c) + 1 for c in current) + len(line) > CHUNK_CHARS:
            chunks.extend(chunk_text("\n".join(current), location=location))
            current = [line]
        else:
            current.append(line)
    chunks.extend(chunk_text("\n".join(current), location=location))
    return chunks


def _name(card: Card) -> str:
    full = card.first("FN")
    if full is not None and full.value:
        return " ".join(full.value.split())
    n = card.first("N")
    if n is not None:
        # family; given; additional; prefix; suffix — shown as "prefix given additional family suffix"
        parts = (list(n.parts) + [""] * 5)[:5]
        order = (parts[3], parts[1], parts[2], parts[0], parts[4])
        return " ".join(" ".join(p for p in order if p).split())
    return ""


def _typed(item: Property, key: str, label: str) -> str:
    """``label`` as the card's TYPE makes it precise: "Mobile phone", "Home phone", "Work e-mail"."""
    types = item.types
    if key == "TEL":
        return next((name for t, name in _PHONE_TYPES if t in types), label)
    if key in ("EMAIL", "ADR"):
        prefix = next((name for t, name in _PLACE_TYPES if t in types), "")
        return f"{prefix} {label.lower()}" if prefix else label
    return label
