"""Calendars from the shared folder of real files (Outlook, Google, Apple, Evolution, phpicalendar,
Sunbird…): every event that can be read is imported and found by its title, what could not be
read is counted in the import's report, and no calendar is dropped whole for one bad line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.wild import found
from tests.retrieval_fixtures import vault_fixture  # noqa: F401 - fixture
from tests.wild_support import WILD, wild_is_here  # noqa: F401 - fails each test without the folder
from vault import Vault
from vault.sources import import_paths

#: Calendars icalendar refuses whole, with titles written in them and what the report must say.
REFUSED_ELSEWHERE = {
    "ical4j__invalid_phpicalendar_sample.ics": (["Stef in town"],
                                                "1 of 20 events have a DTEND that is not a date"),
    "ical4j__invalid_twinkle.ics": (["Christmas Day"], "have a DTSTART that is not a date"),
    "icalendar__pr_480_summary_with_colon.ics": (["Example calendar with a ': ' in the summary"], ""),
    "icalendar__issue_1050_multiple_calendars.ics": (["Event 1", "Event 2"], ""),  # two VCALENDARs
    "icalendar__issue_104_broken_calendar.ics": (["Broken Eevnt"], "1 line(s) that are not calendar"),
    "ical4j__invalid_13-MoonPhase.ics": (["New Moon"], "1 of 42 events have no title"),
    "icalendar__multiple_calendar_components.ics": (["Boxing Day"], ""),
}


def words(phrase: str) -> list[str]:
    return re.findall(r"\w+", phrase)


def strict_events(path: Path) -> int | None:
    """How many entries icalendar reads with their dates, or None when it refuses the file."""
    import icalendar

    try:
        count = 0
        for calendar in icalendar.Calendar.from_ical(path.read_bytes(), multiple=True):
            for component in calendar.walk():
                if component.name in ("VEVENT", "VTODO", "VJOURNAL"):
                    for key in ("DTSTART", "DTEND", "DUE"):
                        if key in component:
                            _ = component[key].dt
                    count += 1
        return count
    except Exception:
        return None


@pytest.mark.parametrize("name", sorted(REFUSED_ELSEWHERE))
def test_a_calendar_with_a_bad_line_keeps_its_good_events(vault: Vault, name: str) -> None:
    assert WILD is not None
    path = WILD / "ics" / name
    titles, said = REFUSED_ELSEWHERE[name]
    result = import_paths(vault, [path]).results[0]
    assert result.status == "added", result.reason
    for title in titles:
        assert title.encode() in path.read_bytes()
        assert all(found(vault, w, source_id=result.source_id) for w in words(title)), title
    assert said in result.reason


def test_every_title_icalendar_reads_is_found(vault: Vault) -> None:
    """The format's reference reader, event by event, where it reads the file at all."""
    import icalendar

    assert WILD is not None
    checked = 0
    for path in sorted((WILD / "ics").glob("*.ics")):
        if strict_events(path) is None:
            continue
        try:
            calendars = icalendar.Calendar.from_ical(path.read_bytes(), multiple=True)
        except ValueError:
            continue
        titles = [str(c.get("SUMMARY")) for cal in calendars for c in cal.walk()
                  if c.name in ("VEVENT", "VTODO", "VJOURNAL") and c.get("SUMMARY")]
        if not titles:
            continue
        result = import_paths(vault, [path]).results[0]
        assert result.status == "added", f"{path.name}: {result.reason}"
        for title in titles[:40]:
            missing = [w for w in words(title) if not found(vault, w, source_id=result.source_id)]
            assert not missing, f"{path.name}: {title!r} not found ({missing})"
            checked += 1
    assert checked > 300


def test_an_event_with_a_broken_date_is_kept_and_counted(vault: Vault, tmp_path: Path) -> None:
    path = tmp_path / "club.ics"
    path.write_bytes(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Rowing club AGM\r\n"
                     b"DTSTART:20271305T190000\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\n"
                     b"SUMMARY:Regatta: heats\\, finals\r\nDTSTART;TZID=Europe/Dublin:20270612T090000\r\n"
                     b"LOCATION:Lough Derg\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
                     b"BEGIN:VCALENDAR\rBEGIN:VEVENT\rSUMMARY:Boat repairs\rDTSTART:20270702\r"
                     b"END:VEVENT\rEND:VCALENDAR\r")
    result = import_paths(vault, [path]).results[0]
    assert result.status == "added", result.reason
    for word in ("AGM", "Regatta", "finals", "Derg", "repairs"):
        assert found(vault, word, source_id=result.source_id), word
    assert "1 of 3 events have a DTSTART that is not a date" in result.reason
    text = "\n".join(r[0] for r in vault.query("SELECT text FROM chunks"))
    assert "When: 2027-06-12T09:00+01:00" in text and "When: 2027-07-02" in text
