"""Words the window shows: model names, dates and times, source labels, citation numbers.

Pure functions (Qt only for the person's locale), shared by the chat, quick ask and the
Models view so that each thing is named one way everywhere:

* :func:`model_title` turns a registry name ("default", "llama-3.2-1b") into the name a
  person knows ("SmolLM2 135M (built in)", "Llama 3.2 1B Instruct"); a file's own
  ``general.name`` is never shown as the title (it reads "Smollm2 135M 8k Lc100K Mix1 Ep2").
* :func:`local_times` rewrites ISO 8601 timestamps (what calendar files hold,
  "2026-12-04T17:00+00:00 to 2026-12-04T18:00+00:00") in the person's locale and time zone;
  :func:`moment` writes a stored moment (seconds since the epoch) the same way, short enough
  for a table's cell, and :func:`when` in full words for a tooltip.
* :func:`source_title` names a source once, without a place that repeats its title.
* :func:`renumber` numbers an answer's sources 1, 2, … in the order shown and rewrites the
  answer's citations to match (a lone source reads [1], never [2]).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime

BUNDLED_TITLE = "SmolLM2 135M (built in)"

_ISO = re.compile(r"\b(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)"
                  r"(Z|[+-]\d{2}:?\d{2})?)?\b(?!-)")
_RANGE = re.compile(_ISO.pattern + r"(\s+(?:to|–|-)\s+)" + _ISO.pattern)
_CITE = re.compile(r"\[(\d{1,3})\]")
_WORDS = {"it": "IT", "gguf": "GGUF", "instruct": "Instruct", "chat": "Chat"}


def _catalog_names() -> dict[str, str]:
    """The catalog's names by model id, read again when the catalog file changes (or another
    catalog is chosen with ``HEARTH_CATALOG``)."""
    try:
        from engine.models.catalog import catalog_path

        path = catalog_path()
        return _names_in(str(path), path.stat().st_mtime_ns)
    except Exception:  # a damaged or missing catalog must not take the names with it
        return {}


@functools.lru_cache(maxsize=4)
def _names_in(path: str, mtime_ns: int) -> dict[str, str]:
    from engine.models.catalog import load_catalog

    return {m.id: m.name for m in load_catalog(Path(path))}


def model_title(name: str) -> str:
    """What a person calls the model registered as ``name``."""
    if name in ("default", "smollm2-135m-instruct", ""):
        return BUNDLED_TITLE
    if name == "auto":
        return "Automatic (Hearth picks per question)"
    known = _catalog_names().get(name)
    if known:
        return known
    return " ".join(_word(w) for w in re.split(r"[-\s]+", name) if w)


def _word(word: str) -> str:
    low = word.lower()
    if low in _WORDS:
        return _WORDS[low]
    if re.fullmatch(r"\d+(\.\d+)?[bmk]", low):
        return low[:-1] + low[-1].upper()
    if re.fullmatch(r"q\d.*", low):
        return word.upper()
    return word[:1].upper() + word[1:]


# -- dates and times --------------------------------------------------------------------------------

def _parse(date: str, clock: str | None, zone: str | None) -> datetime | None:
    try:
        text = date + ("T" + clock if clock else "") + ("+00:00" if zone == "Z" else zone or "")
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value.astimezone() if value.tzinfo is not None else value


def _date_words(value: datetime, locale: QLocale) -> str:
    return locale.toString(QDate(value.year, value.month, value.day), QLocale.FormatType.LongFormat)


def _time_words(value: datetime, locale: QLocale) -> str:
    return locale.toString(QTime(value.hour, value.minute), QLocale.FormatType.ShortFormat)


def when(value: datetime, *, with_time: bool = True, locale: QLocale | None = None) -> str:
    """One moment in the person's words: "Friday 4 December 2026, 17:00"."""
    locale = locale or QLocale()
    day = _date_words(value, locale)
    return f"{day}, {_time_words(value, locale)}" if with_time else day


def moment(ts: float | None, *, seconds: bool = False, missing: str = "never",
           locale: QLocale | None = None) -> str:
    """A stored moment in the locale's short date and time, in the local time zone: "04/12/2026
    17:00" (en_GB), "12/4/26 5:00 PM" (en_US); with ``seconds`` where several fall in one minute
    (the network log). ``missing`` when there is none (None or 0)."""
    if not ts:
        return missing
    locale = locale or QLocale()
    clock = locale.timeFormat(QLocale.FormatType.ShortFormat)
    if seconds and ":ss" not in clock:
        clock = re.sub(r"mm", "mm:ss", clock, count=1)
    stamp = QDateTime.fromSecsSinceEpoch(int(ts))
    return locale.toString(stamp, f"{locale.dateFormat(QLocale.FormatType.ShortFormat)} {clock}")


def moment_words(ts: float | None, *, missing: str = "never", locale: QLocale | None = None) -> str:
    """A stored moment in full words (a tooltip's): "Friday, 4 December 2026, 17:00"."""
    return when(datetime.fromtimestamp(ts), locale=locale) if ts else missing


def local_times(text: str, *, locale: QLocale | None = None) -> str:
    """``text`` with its ISO timestamps (and ranges of two) in the locale and local time zone."""
    if "-" not in text:
        return text
    locale = locale or QLocale()

    def one(m: re.Match[str], offset: int = 0) -> tuple[datetime | None, bool]:
        date, clock, zone = m.group(1 + offset), m.group(2 + offset), m.group(3 + offset)
        return _parse(date, clock, zone), clock is not None

    def span(m: re.Match[str]) -> str:
        (start, timed), (end, end_timed) = one(m), one(m, 4)
        if start is None or end is None:
            return m.group(0)
        if start.date() == end.date() and timed and end_timed:
            return f"{when(start, locale=locale)} – {_time_words(end, locale)}"
        first = when(start, with_time=timed, locale=locale)
        return f"{first} – {when(end, with_time=end_timed, locale=locale)}"

    def single(m: re.Match[str]) -> str:
        value, timed = one(m)
        return m.group(0) if value is None else when(value, with_time=timed, locale=locale)

    return _ISO.sub(single, _RANGE.sub(span, text))


def ago(timestamp: float, *, now: float | None = None, locale: QLocale | None = None) -> str:
    """A list row's date: the time today, the weekday this week, else the short date."""
    import time

    locale = locale or QLocale()
    value = datetime.fromtimestamp(timestamp)
    today = datetime.fromtimestamp(now if now is not None else time.time())
    if value.date() == today.date():
        return _time_words(value, locale)
    if 0 < (today.date() - value.date()).days < 7:
        return locale.dayName(value.isoweekday(), QLocale.FormatType.ShortFormat)
    return locale.toString(QDate(value.year, value.month, value.day), QLocale.FormatType.ShortFormat)


# -- sources ----------------------------------------------------------------------------------------

def source_title(src: Mapping[str, Any]) -> str:
    """A source's name, with where in it only when that adds something."""
    kind = src.get("kind")
    if kind in ("memory", "remembered"):
        text = str(src.get("text") or "")
        short = text if len(text) <= 60 else text[:57] + "…"
        return ("Remembered now: " if kind == "remembered" else "Memory: ") + short
    if kind == "note":
        return "Note"
    title = str(src.get("title") or "").strip()
    path = str(src.get("path") or "")
    if not title:
        title = path.rsplit("/", 1)[-1] or "source"
    parts = [p.strip() for p in re.split(r"\s+[—>›]\s+|\s+-\s+", str(src.get("location") or ""))]
    seen = {title.casefold()}
    kept = []
    for p in parts:
        if p and p.casefold() not in seen and p.casefold() not in title.casefold():
            seen.add(p.casefold())
            kept.append(local_times(p))
    return f"{title} ({', '.join(kept)})" if kept else title


def renumber(sources: Sequence[Any], *texts: str,
             number: Callable[[Any], int] = lambda s: int(getattr(s, "n", 0) or 0)
             ) -> tuple[dict[int, int], list[str]]:
    """The shown number of each source (1, 2, … in order) and ``texts`` with citations rewritten."""
    mapping: dict[int, int] = {}
    for i, s in enumerate(sources, 1):
        n = number(s) or i
        mapping.setdefault(n, i)

    def cite(m: re.Match[str]) -> str:
        n = int(m.group(1))
        return f"[{mapping[n]}]" if n in mapping else m.group(0)

    return mapping, [_CITE.sub(cite, t) for t in texts]


def tokens_per_second(tokens: int, seconds: float) -> str:
    """A believable speed, or nothing when too little was generated to measure one."""
    if tokens < 4 or seconds < 0.05:
        return ""
    return f"{tokens / seconds:.1f} tokens/s"


# -- how a model fits this computer ------------------------------------------------------------------

#: Estimated tokens per second from which a model is pleasant to chat with, and below which
#: an answer of a few sentences takes minutes.
GOOD_SPEED = 8.0
USABLE_SPEED = 2.0


def fit_words(fit: Any) -> str:
    """"Good here", "Slow here", "Too slow to use" or "Too big for this computer", by speed."""
    if not getattr(fit, "fits", True):
        return "Too big for this computer"
    speed = getattr(fit, "tokens_per_s", None)
    where = " (GPU)" if getattr(fit, "where", "") == "gpu" else ""
    if speed is None:
        return "Fits here" + where
    if speed >= GOOD_SPEED:
        return "Good here" + where
    if speed >= USABLE_SPEED:
        return "Slow here" + where
    return "Too slow to use"


def speed_words(fit: Any) -> str:
    speed = getattr(fit, "tokens_per_s", None)
    if speed is None:
        return ""
    return f"~{speed:.0f} tokens/s" if speed >= 2 else f"~{speed:.1f} tokens/s"
