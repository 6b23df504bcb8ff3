"""Contacts (.vcf) via vobject: a document per card."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vault import kinds
from vault.importers.base import (
    EmptyFile,
    ParsedDocument,
    ParsedFile,
    UnreadableFile,
    check_deadline,
    chunk_text,
    decode_text,
    document,
)

_FIELDS = (("tel", "Phone"), ("email", "E-mail"), ("org", "Organisation"), ("title", "Title"),
           ("bday", "Birthday"), ("url", "Web"), ("note", "Note"), ("nickname", "Nickname"))

#: How a card's TYPE parameter names a phone, e-mail or address: a person with a home and a
#: mobile number asks for "her mobile", and two lines both labelled "Phone" cannot say which.
_PHONE_TYPES = (("cell", "Mobile phone"), ("mobile", "Mobile phone"), ("fax", "Fax"),
                ("pager", "Pager"), ("home", "Home phone"), ("work", "Work phone"))
_PLACE_TYPES = (("home", "Home"), ("work", "Work"))


class VcfImporter:
    kind = "contacts"
    extensions = (".vcf", ".vcard")

    def parse(self, path: Path, data: bytes) -> ParsedFile:
        import vobject

        text = decode_text(data, name=path.name)
        if "BEGIN:VCARD" not in text.upper():
            raise UnreadableFile(f"{path.name} is not a vCard file")
        documents: list[ParsedDocument] = []
        try:
            for card in vobject.readComponents(text, ignoreUnreadable=True):
                check_deadline()
                doc = _card_document(card)
                if doc is not None:
                    documents.append(doc)
        except UnreadableFile:
            raise
        except Exception as exc:  # vobject raises its own ParseError and plain ones alike
            raise UnreadableFile(f"{path.name} is not a readable vCard file ({type(exc).__name__})")
        if not documents:
            raise EmptyFile(f"{path.name} holds no contacts")
        return ParsedFile(self.kind, path.stem, tuple(documents), {"contacts": len(documents)})


def _card_document(card: Any) -> ParsedDocument | None:
    if getattr(card, "name", "").upper() != "VCARD":
        return None
    contents = card.contents
    name = _value(contents.get("fn"))
    if not name and "n" in contents:
        n = contents["n"][0].value
        name = " ".join(p for p in (getattr(n, "given", ""), getattr(n, "family", "")) if p)
    lines = [f"Contact: {name}" if name else "Contact"]
    for key, label in _FIELDS:
        for item in contents.get(key, []):
            value = _flatten(item.value)
            if value:
                lines.append(f"{_typed(item, key, label)}: {value}")
    for item in contents.get("adr", []):
        adr = item.value
        parts = [getattr(adr, f, "") for f in ("street", "city", "region", "code", "country")]
        value = ", ".join(_flatten(p) for p in parts if _flatten(p))
        if value:
            lines.append(f"{_typed(item, 'adr', 'Address')}: {value}")
    if len(lines) == 1 and not name:
        return None
    chunks = chunk_text("\n".join(lines), location=name)
    return document(kinds.CONTACT, name or "(no name)", chunks)


def _typed(item: Any, key: str, label: str) -> str:
    """``label`` as the card's TYPE makes it precise: "Mobile phone", "Home phone", "Work e-mail"."""
    types = {str(t).lower() for t in (getattr(item, "params", None) or {}).get("TYPE", ())}
    if key == "tel":
        return next((name for t, name in _PHONE_TYPES if t in types), label)
    if key in ("email", "adr"):
        prefix = next((name for t, name in _PLACE_TYPES if t in types), "")
        return f"{prefix} {label.lower()}" if prefix else label
    return label


def _value(items: Any) -> str:
    return _flatten(items[0].value) if items else ""


def _flatten(value: Any) -> str:
    if isinstance(value, list | tuple):
        return " ".join(_flatten(v) for v in value if v)
    return str(value).strip() if value is not None else ""
