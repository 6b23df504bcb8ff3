"""A tolerant iCalendar reader: every event, to-do and journal entry that can be read.

Contract: :func:`read_entries` takes the text of an .ics file and yields one :class:`Entry`
per ``VEVENT``, ``VTODO`` or ``VJOURNAL``, in every ``VCALENDAR`` of the file (two calendars
pasted into one file are both read). Calendar programs write files that strict parsers refuse
whole for one bad line; here a line is read on its own:

* line endings may be CRLF, LF or a lone CR; folded lines (starting with a space or tab) are
  unfolded;
* a content line is ``NAME;PARAM=value;…:value`` with a colon inside a quoted parameter
  value allowed; a line that is not one (a bare word, a NUL) is passed over and counted in
  :attr:`Entry.unreadable` (or :data:`Calendar.unreadable` outside an entry);
* property values are unescaped (``\\n``, ``\\,``, ``\\;``, ``\\\\``); a colon in a value
  ("SUMMARY:Meeting: budget") is part of the value;
* properties of a component nested in an entry (a ``VALARM``'s DESCRIPTION) are not the entry's.

Dates are read by :func:`when`: ``DATE`` and ``DATE-TIME`` values, in UTC (``Z``), in a named
time zone (``TZID``, resolved as icalendar resolves it) or floating; a value that is not a
date ("INVALID-DATE", a 13th month, a date cut short) gives ``None``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

ENTRY_KINDS = frozenset({"VEVENT", "VTODO", "VJOURNAL"})
_NAME = re.compile(r"^[A-Za-z0-9-]+$")
_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(Z)?)?$")
_ESCAPES = {"n": "\n", "N": "\n", ",": ",", ";": ";", "\\": "\\", ":": ":", '"': '"'}


@dataclass(frozen=True)
class Line:
    name: str  # upper case
    params: dict[str, str]  # upper-case names, first value of each
    raw: str  # the value as written (dates are read from this)

    @property
    def text(self) -> str:
        return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), self.raw).strip()


@dataclass
class Entry:
    kind: str  # "VEVENT", "VTODO" or "VJOURNAL"
    lines: list[Line] = field(default_factory=list)
    unreadable: int = 0

    def first(self, name: str) -> Line | None:
        return next((line for line in self.lines if line.name == name), None)

    def all(self, name: str) -> list[Line]:
        return [line for line in self.lines if line.name == name]


@dataclass
class Calendar:
    """What the file says of itself: its name and description (X-WR-CALNAME, NAME…)."""

    name: str = ""
    description: str = ""
    unreadable: int = 0


def _unfolded(text: str) -> Iterator[str]:
    current: str | None = None
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line[:1] in (" ", "\t") and current is not None:
            current += line[1:]
            continue
        if current is not None:
            yield current
        current = line
    if current is not None:
        yield current


def parse_line(line: str) -> Line | None:
    """One content line, or None if it is not one."""
    in_quotes = False
    for i, ch in enumerate(line):
        if ch == '"':
            in_quotes = not in_quotes
        elif ch == ":" and not in_quotes:
            head, value = line[:i], line[i + 1:]
            break
    else:
        return None
    name, *params = head.split(";")
    if not _NAME.match(name):
        return None
    found: dict[str, str] = {}
    for param in params:
        key, _, value_ = param.partition("=")
        found.setdefault(key.strip().upper(), value_.strip().strip('"'))
    return Line(name.upper(), found, value)


def read_entries(text: str, calendar: Calendar) -> Iterator[Entry]:
    """Each entry of the file (see the module docstring); ``calendar`` learns the file's name."""
    stack: list[str] = []
    entry: Entry | None = None
    for raw in _unfolded(text):
        if not raw.strip():
            continue
        line = parse_line(raw.strip("\x00"))
        if line is None:
            if entry is not None:
                entry.unreadable += 1
            else:
                calendar.unreadable += 1
            continue
        if line.name == "BEGIN":
            kind = line.raw.strip().upper()
            stack.append(kind)
            if kind in ENTRY_KINDS and entry is None:
                entry = Entry(kind)
            continue
        if line.name == "END":
            kind = line.raw.strip().upper()
            if kind in stack:
                while stack and stack.pop() != kind:
                    pass
            if entry is not None and kind == entry.kind:
                yield entry
                entry = None
            continue
        if entry is not None:
            if stack and stack[-1] == entry.kind:
                entry.lines.append(line)
        elif stack[-1:] == ["VCALENDAR"]:
            if line.name in ("X-WR-CALNAME", "NAME") and not calendar.name:
                calendar.name = line.text
            elif line.name in ("X-WR-CALDESC", "DESCRIPTION") and not calendar.description:
                calendar.description = line.text
    if entry is not None and entry.lines:
        yield entry  # an entry whose END is missing: what it holds is still there


def when(line: Line | None) -> str | None:
    """The date or date-time of a DTSTART/DTEND/DUE line, ISO 8601 to the minute ("" if there
    is no line, None if its value is not a date)."""
    if line is None:
        return ""
    value = line.raw.strip().split(",")[0]
    match = _DATE.match(value)
    if match is None:
        return None
    year, month, day, hour, minute, second, utc = match.groups()
    try:
        if hour is None:
            return dt.date(int(year), int(month), int(day)).isoformat()
        moment = dt.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
    except ValueError:
        return None
    if utc:
        moment = moment.replace(tzinfo=dt.UTC)
    elif line.params.get("TZID"):
        moment = _in_zone(moment, line.params["TZID"])
    return moment.isoformat(timespec="minutes")


def _in_zone(moment: dt.datetime, tzid: str) -> dt.datetime:
    """``moment`` in the named zone where icalendar knows the name (Olson or Windows), else as
    written (floating)."""
    import warnings

    try:
        from icalendar.timezone import tzp

        with warnings.catch_warnings():  # "guessing a vendor-prefixed TZID": so do calendar programs
            warnings.simplefilter("ignore")
            zone = tzp.timezone(tzid)
    except Exception:  # icalendar's lookup raises what its backends raise
        zone = None
    return moment.replace(tzinfo=zone) if zone is not None else moment
