"""app.formats: the exact text people read for sizes, moments, durations and time left."""

from __future__ import annotations

import time

import pytest

from app.formats import countdown, duration, size, timestamp


@pytest.mark.parametrize(("n", "shown"), [
    (0, "0 B"),
    (1023, "1023 B"),
    (1024, "1.0 KiB"),
    (1536, "1.5 KiB"),                    # 1536 / 1024 = 1.5
    (99.94 * 1024, "99.9 KiB"),
    (99.96 * 1024, "100 KiB"),            # rounds to 100.0: whole from there
    (350 * 2**20, "350 MiB"),
    (2**20 - 1, "1.0 MiB"),               # 1023.999 KiB would print as "1024 KiB"
    (int(4.5 * 2**30), "4.5 GiB"),
    (3 * 2**40, "3.0 TiB"),
    (5000 * 2**40, "5000 TiB"),           # the largest unit goes on counting
])
def test_binary_sizes(n: float, shown: str) -> None:
    assert size(n) == shown


@pytest.mark.parametrize(("n", "shown"), [
    (999, "999 B"),
    (1000, "1.0 KB"),
    (1500, "1.5 KB"),
    (350_000_000, "350 MB"),
    (45_300_000, "45.3 MB"),
    (999_700, "1.0 MB"),                  # not "1000 KB"
    (4_683_073_536, "4.7 GB"),            # a Q4 7B GGUF, as the Hub states it
    (12.5e6, "12.5 MB"),                  # a transfer speed (bytes per second) is a float
])
def test_decimal_sizes(n: float, shown: str) -> None:
    assert size(n, decimal=True) == shown


def test_timestamps_in_local_time() -> None:
    ts = time.mktime((2025, 3, 3, 18, 5, 9, 0, 0, -1))  # local time, whatever the zone
    assert timestamp(ts) == "2025-03-03 18:05"
    assert timestamp(ts, precision="second") == "2025-03-03 18:05:09"
    assert timestamp(ts, precision="day") == "2025-03-03"
    assert timestamp(None) == "never"
    assert timestamp(0) == "never"
    assert timestamp(None, missing="-") == "-"


@pytest.mark.parametrize(("seconds", "shown"), [
    (45, "45 s"), (89.9, "89 s"), (90, "2 min"), (720, "12 min"), (5400, "1.5 h"),
])
def test_durations(seconds: float, shown: str) -> None:
    assert duration(seconds) == shown


@pytest.mark.parametrize(("seconds", "shown"), [
    (0, "0:00"),
    (7, "0:07"),
    (59.9, "0:59"),                       # cut to whole seconds, as both copies did
    (60, "1:00"),
    (245.5, "4:05"),
    (3599, "59:59"),
    (4320, "72:00"),                      # minutes go on past the hour
    (-3, "0:00"),                         # never a negative clock
])
def test_countdown_as_a_clock(seconds: float, shown: str) -> None:
    assert countdown(seconds) == shown
