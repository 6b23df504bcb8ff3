"""How the app writes quantities for people, the same in the terminal and the window."""

from __future__ import annotations


def duration(seconds: float) -> str:
    """A time left or taken: "45 s", "12 min", "1.5 h"."""
    seconds = int(seconds)
    if seconds < 90:
        return f"{seconds} s"
    if seconds < 5400:
        return f"{round(seconds / 60)} min"
    return f"{seconds / 3600:.1f} h"
