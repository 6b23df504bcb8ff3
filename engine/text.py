"""Words of a text as retrieval, quoting and the support check see them.

One stop-word list for the engine: :func:`content_words` drops it and keeps the
words that carry meaning; :func:`stem` folds the common English endings so that
"meetings" and "meeting", "renewed" and "renewal" compare equal.
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


__all__ = ["STOP_WORDS", "WORD", "content_words", "stem"]
