"""Words of a text as retrieval, quoting and the support check see them.

One stop-word list for the engine: :func:`content_words` drops it and keeps the
words that carry meaning; :func:`stem` folds the common English endings so that
"meetings" and "meeting", "renewed" and "renewal" compare equal; :data:`ABBREVIATIONS`
reads an abbreviation as the words it stands for ("Dr." is the doctor) and :func:`spelled_out`
gives both ways round, for search as for quotes.
"""

from __future__ import annotations

import re

_STOP_WORDS_TEXT = """a about above after again all am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from further had
has have having he her here hers herself him himself his how i if in into is it its itself just me more
most my myself no nor not now of off on once only or other our ours out over own same she should so some
such than that the their theirs them then there these they this those through to too under until up very
was we were what when where which while who whom why will with would you your yours yourself tell know
please thanks thank hearth"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
WORD = re.compile(r"\w+", re.UNICODE)


def content_words(text: str) -> list[str]:
    """The meaningful words of ``text``: lower case, no stop words, no repeats, in order."""
    out: list[str] = []
    for word in (w.lower() for w in WORD.findall(text)):
        if word in STOP_WORDS or len(word) < 2 or word in out:
            continue
        out.append(word)
    return out


def stem(word: str) -> str:
    """A crude English stem: enough to match inflections, never used for display."""
    w = word.lower()
    for suffix in ("ations", "ation", "ings", "ing", "ers", "ies", "ied", "es", "ed", "er", "s", "ly", "al"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            w = w[: -len(suffix)]
            break
    # "service" and "serviced", "charge" and "charging" meet at "servic", "charg".
    return w[:-1] if len(w) > 4 and w.endswith("e") else w


#: Abbreviations as the words a question uses for them ("Dr. Kavanagh" is the doctor).
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "dr": ("doctor",), "tel": ("telephone", "phone"), "ph": ("phone",), "mob": ("mobile",),
    "ref": ("reference",), "appt": ("appointment",), "rd": ("road",), "ave": ("avenue",),
    "st": ("street", "saint"), "dept": ("department",), "apt": ("apartment",),
    "prof": ("professor",), "hosp": ("hospital",), "mgr": ("manager",), "acct": ("account",),
    "amt": ("amount",), "qty": ("quantity",), "yr": ("year",)}
_SPELLED: dict[str, tuple[str, ...]] = {}
for _short, _words in ABBREVIATIONS.items():
    for _word in _words:
        _SPELLED[_word] = (*_SPELLED.get(_word, ()), _short)


def spelled_out(word: str) -> tuple[str, ...]:
    """The other ways ``word`` (lower case) is written: "dr" -> ("doctor",), "doctor" -> ("dr",)."""
    return ABBREVIATIONS.get(word, ()) + _SPELLED.get(word, ())


__all__ = ["ABBREVIATIONS", "STOP_WORDS", "WORD", "content_words", "spelled_out", "stem"]
