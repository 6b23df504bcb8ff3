"""Calendars (.ics): a document per event, to-do or journal entry, located by its date.

Read by :mod:`vault.importers.ical`, line by line: every entry that can be read is imported,
whatever else the file holds (a DTEND without its time zone, a 13th month, a lone CR, a
summary with a colon, two calendars in one file). What could not be read is said in the
file's report ("2 of 40 events have a start that is not a date"); a file is refused only when
it holds no entry with anything to show, and then says so.
"""

from __future__ import annotations

from pathlib import Path

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
from vault.importers.ical import Calendar, Entry, read_entries, when

#: A calendar with more entries than this is refused before it is parsed (memory and time).
MAX_EVENTS = 100_000
_NOUN = {"VEVENT": "event", "VTODO": "to-do", "VJOURNAL": "journal entry"}


class IcsImporter:
    kind = "calendar"
    extensions = (".ics", ".ical", ".ifb")

    def parse(self, path: Path, data: bytes) -> ParsedFile:
        text = decode_text(data, name=path.name)
        upper = text.upper()
        entries = sum(upper.count("BEGIN:" + name) for name in ("VEVENT", "VTODO", "VJOURNAL"))
        if entries > MAX_EVENTS:
            raise UnreadableFile(f"{path.name} holds {entries:,} events; the limit is {MAX_EVENTS:,}")
        if "BEGIN:V" not in upper:
            raise UnreadableFile(f"{path.name} is not a calendar (no BEGIN:VCALENDAR)")
        calendar = Calendar()
        documents: list[ParsedDocument] = []
        seen = empty = 0
        bad_dates: dict[str, int] = {}
        unreadable = 0
        for entry in read_entries(text, calendar):
            check_deadline()
            seen += 1
            unreadable += entry.unreadable
            doc = _entry_document(entry, bad_dates)
            if doc is None:
                empty += 1
            else:
                documents.append(doc)
        if not documents:
            if seen:
                raise EmptyFile(f"{path.name} holds {seen} event(s), none with a title, place or "
                                "description")
            what = f" (only its name, {calendar.name!r})" if calendar.name else ""
            raise EmptyFile(f"{path.name} holds no events{what}")
        said = []
        if empty:
            said.append(f"{empty} of {seen} events have no title, place or description and were passed over")
        for prop, count in bad_dates.items():
            said.append(f"{count} of {seen} events have a {prop} that is not a date (kept without it)")
        if unreadable or calendar.unreadable:
            said.append(f"{unreadable + calendar.unreadable} line(s) that are not calendar properties "
                        "passed over")
        name = calendar.name or path.stem
        meta: dict[str, object] = {"events": len(documents)}
        if said:
            meta["report"] = "; ".join(said)
        return ParsedFile(self.kind, name, tuple(documents), meta)


def _entry_document(entry: Entry, bad_dates: dict[str, int]) -> ParsedDocument | None:
    def date_of(name: str) -> str:
        value = when(entry.first(name))
        if value is None:
            bad_dates[name] = bad_dates.get(name, 0) + 1
            return ""
        return value

    summary = _text(entry, "SUMMARY")
    place = _text(entry, "LOCATION")
    details = _text(entry, "DESCRIPTION")
    if not summary and not details and not place:
        return None
    start = date_of("DTSTART")
    end = date_of("DTEND") if entry.first("DTEND") is not None else date_of("DUE")
    noun = _NOUN[entry.kind]
    lines = [f"{noun.capitalize()}: {summary}" if summary else noun.capitalize()]
    if start:
        lines.append(f"When: {start}" + (f" to {end}" if end else ""))
    if place:
        lines.append(f"Where: {place}")
    people = [(line.params.get("CN") or line.text).removeprefix("mailto:").removeprefix("MAILTO:")
              for line in entry.all("ATTENDEE")]
    if people:
        lines.append("With: " + ", ".join(p for p in people if p))
    if details:
        lines.append("")
        lines.append(details)
    location = " — ".join(part for part in (start[:10], summary) if part)
    chunks = chunk_text("\n".join(lines), location=location)
    return document(kinds.EVENT, summary or f"(untitled {noun})", chunks, start=start, end=end,
                    place=place, uid=_text(entry, "UID"))


def _text(entry: Entry, name: str) -> str:
    line = entry.first(name)
    return line.text if line is not None else ""
