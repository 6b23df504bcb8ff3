"""The loop guard: stop a generation the moment it starts repeating itself.

Small models fall into loops ("I can even help with personal projects…" thirty
times; "ao que é ao que é …" for a screen). A repetition penalty makes that
rarer but not impossible, so the token stream is watched as well.
:class:`LoopGuard` is fed the text as it grows and reports a loop when

* a run of :data:`NGRAM` words occurs a second time (a verbatim repeat of
  seven words is never how a person writes a short answer), or
* a whole sentence of three words or more is written a second time, or
* a phrase of :data:`PHRASE` words is written a third time (a tic, not a loop yet, but a person
  reads it as one); the answer is then cut at the start of that sentence.

It then says where the repetition began, so the answer can be cut there, and
it holds back the last :data:`NGRAM` words from display (:meth:`safe_length`):
the part a loop would be cut at has never been shown.
"""

from __future__ import annotations

import re

NGRAM = 7
PHRASE = 4
_WORD = re.compile(r"\S+")
_SENTENCE_END = re.compile(r"[.!?](?:[\"'”’)\]]*)(?:\s|$)|\n")


def _norm(word: str) -> str:
    return word.lower().strip(".,;:!?\"'“”‘’()[]*_-")


class LoopGuard:
    def __init__(self, *, ngram: int = NGRAM) -> None:
        self.ngram = ngram
        self._seen: dict[tuple[str, ...], int] = {}
        self._phrases: dict[tuple[str, ...], int] = {}
        self._sentences: set[str] = set()
        self._words: list[tuple[str, int]] = []  # (normalised word, start offset)
        self._scanned = 0  # text offset up to which words were read
        self._sentence_from = 0
        self.cut_at: int | None = None

    def feed(self, text: str) -> int | None:
        """Read ``text`` (the whole answer so far); the offset to cut at once it loops."""
        if self.cut_at is not None:
            return self.cut_at
        # Only complete words: the last one may still be growing.
        for m in _WORD.finditer(text, self._scanned):
            if m.end() == len(text):
                break
            self._scanned = m.end()
            word = _norm(m.group(0))
            if not word:
                continue
            self._words.append((word, m.start()))
            n = len(self._words)
            if n >= PHRASE:
                phrase = tuple(w for w, _ in self._words[n - PHRASE:])
                self._phrases[phrase] = self._phrases.get(phrase, 0) + 1
                if self._phrases[phrase] >= 3:
                    third = self._words[n - PHRASE][1]
                    ends = [e.end() for e in _SENTENCE_END.finditer(text, 0, third)]
                    self.cut_at = ends[-1] if ends else 0
                    return self.cut_at
            if n >= self.ngram:
                key = tuple(w for w, _ in self._words[n - self.ngram:])
                if key in self._seen:
                    # Cut where the repeat began; if that is mid-sentence (the repeated run
                    # straddles a sentence end), finish the sentence already written.
                    start = self._words[n - self.ngram][1]
                    end = _SENTENCE_END.search(text, start, m.start())
                    self.cut_at = end.end() if end else start
                    return self.cut_at
                self._seen[key] = n - self.ngram
        for m in _SENTENCE_END.finditer(text, self._sentence_from):
            sentence = text[self._sentence_from:m.end()]
            words = [_norm(w) for w in sentence.split() if _norm(w)]
            start = self._sentence_from + (len(sentence) - len(sentence.lstrip()))
            self._sentence_from = m.end()
            if len(words) >= 3:
                key_s = " ".join(words)
                if key_s in self._sentences:
                    self.cut_at = start
                    return self.cut_at
                self._sentences.add(key_s)
        return None

    def safe_length(self, text: str) -> int:
        """How much of ``text`` can be shown now: all but the last ``ngram`` words."""
        starts = [m.start() for m in _WORD.finditer(text)]
        if len(starts) <= self.ngram:
            return 0
        return starts[-self.ngram]


def repeated_phrase(text: str, *, words: int = 4, times: int = 3) -> str | None:
    """A phrase of ``words`` words that occurs ``times`` times or more (for checks and benches)."""
    tokens = [_norm(w) for w in text.split() if _norm(w)]
    counts: dict[tuple[str, ...], int] = {}
    for i in range(len(tokens) - words + 1):
        key = tuple(tokens[i:i + words])
        counts[key] = counts.get(key, 0) + 1
        if counts[key] >= times:
            return " ".join(key)
    return None


__all__ = ["NGRAM", "LoopGuard", "repeated_phrase"]
