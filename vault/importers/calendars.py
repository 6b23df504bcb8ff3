"""Calendars (.ics) via icalendar: a document per event, located by its date."""

from __future__ import annotations

import datetime as dt
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

#: A calendar with more entries than this is refused before it is parsed (memory and time).
MAX_EVENTS = 100_000


class IcsImporter:
    kind = "calendar"
    extensions = (".ics", ".ical", ".ifb")

    def parse(self, path: Path, data: bytes) -> ParsedFile:
        import icalendar

        decode_text(data, name=path.name)
        entries = sum(data.count(b"BEGIN:" + name) for name in (b"VEVENT", b"VTODO", b"VJOURNAL"))
        if entries > MAX_EVENTS:
            raise UnreadableFile(f"{path.name} holds {entries:,} events; the limit is {MAX_EVENTS:,}")
        try:
            calendar = icalendar.Calendar.from_ical(data)
        except (ValueError, IndexError, KeyError, TypeError) as exc:
            raise UnreadableFile(f"{path.name} is not a readable calendar ({type(exc).__name__})")
        documents: list[ParsedDocument] = []
        for component in calendar.walk():
            check_deadline()
            if component.name not in ("VEVENT", "VTODO", "VJOURNAL"):
                continue
            doc = _event_document(component)
            if doc is not None:
                documents.append(doc)
        if not documents:
            raise EmptyFile(f"{path.name} holds no events")
        name = str(calendar.get("X-WR-CALNAME", "") or path.stem)
        return ParsedFile(self.kind, name, tuple(documents), {"events": len(documents)})


def _event_document(component: Any) -> ParsedDocument | None:
    summary = _text(component.get("SUMMARY"))
    start = _when(component.get("DTSTART"))
    end = _when(component.get("DTEND")) or _when(component.get("DUE"))
    place = _text(component.get("LOCATION"))
    details = _text(component.get("DESCRIPTION"))
    lines = [f"Event: {summary}" if summary else "Event"]
    if start:
        lines.append(f"When: {start}" + (f" to {end}" if end else ""))
    if place:
        lines.append(f"Where: {place}")
    attendees = component.get("ATTENDEE")
    if attendees:
        names = attendees if isinstance(attendees, list) else [attendees]
        people = [str(a.params.get("CN") or a).removeprefix("mailto:") for a in names]
        lines.append("With: " + ", ".join(people))
    if details:
        lines.append("")
        lines.append(details)
    if not summary and not details:
        return None
    location = " — ".join(part for part in (start[:10] if start else "", summary) if part)
    chunks = chunk_text("\n".join(lines), location=location)
    return document(kinds.EVENT, summary or "(untitled event)", chunks, start=start, end=end,
                    place=place, uid=_text(component.get("UID")))


def _text(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def _when(prop: Any) -> str:
    if prop is None:
        return ""
    value = getattr(prop, "dt", prop)
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
