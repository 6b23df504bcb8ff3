"""How the app writes quantities for people, the same in the terminal and the window.

One function per kind of quantity; where two surfaces differ on purpose (a download's size
in decimal units, as the host states it; a file's in binary ones), that is a parameter of
the one function, so the same number never reads two ways.
"""

from __future__ import annotations

import time
from typing import Literal

_DECIMAL = ("KB", "MB", "GB", "TB")
_BINARY = ("KiB", "MiB", "GiB", "TiB")
_STAMPS = {"day": "%Y-%m-%d", "minute": "%Y-%m-%d %H:%M", "second": "%Y-%m-%d %H:%M:%S"}


def duration(seconds: float) -> str:
    """A time left or taken: "45 s", "12 min", "1.5 h"."""
    seconds = int(seconds)
    if seconds < 90:
        return f"{seconds} s"
    if seconds < 5400:
        return f"{round(seconds / 60)} min"
    return f"{seconds / 3600:.1f} h"


def countdown(seconds: float) -> str:
    """A time left on a running transfer, as a clock reads it: "0:07", "4:05", "72:00".

    Minutes go on counting past the hour: the figure changes every second while it runs, so
    it keeps one shape rather than rounding the way :func:`duration` does.
    """
    seconds = max(0, int(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


def size(n: float, *, decimal: bool = False) -> str:
    """A number of bytes: "512 B", "1.5 KiB", "350 MiB"; with ``decimal``, "4.7 GB".

    Binary units (powers of 1024, named KiB, MiB…) for files and memory; ``decimal`` (powers
    of 1000, KB, MB…) for model downloads and network traffic, so a model file reads the
    same as on the page it is downloaded from. One decimal below 100 of a unit, whole
    numbers from 100 on.
    """
    base = 1000 if decimal else 1024
    if n < base:
        return f"{int(n)} B"
    value = float(n)
    units = _DECIMAL if decimal else _BINARY
    for unit in units:
        value /= base
        # 1023.7 KiB would print as "1024 KiB": that is the next unit up.
        if round(value) < base or unit == units[-1]:
            break
    return f"{value:.1f} {unit}" if round(value, 1) < 100 else f"{value:.0f} {unit}"


def timestamp(ts: float | None, *, precision: Literal["day", "minute", "second"] = "minute",
              missing: str = "never") -> str:
    """A moment in local time: "2025-03-03 18:00"; ``missing`` when there is none (None or 0).

    ``precision="second"`` where several events fall in one minute (the network log),
    ``"day"`` in compact listings.
    """
    if not ts:
        return missing
    return time.strftime(_STAMPS[precision], time.localtime(ts))
