"""Full-text search forms: what the index holds for a text, and queries in the same form.

``chunks_fts`` does not index a chunk's text as stored but its *search form*
(:func:`search_text`), while the stored text, and so every quote, keeps the characters
the file had:

* **Compatibility characters** are folded as Unicode's NFKC folds them: "ﬁ" is "fi",
  "²" is "2", "½" is "1⁄2", "™" is "TM", a full-width "Ｈｅａｒｔｈ" is "Hearth", a
  half-width "ｶﾀｶﾅ" is "カタカナ".
* **Scripts written without spaces** (Chinese, Japanese, and Korean syllables, whose
  particles attach to the word): each character is a token of its own, so a word in the
  middle of a sentence is found as the phrase of its characters ("会議" finds
  "明日の会議は十時からです"). SQLite's unicode61 tokenizer alone took a whole run of such
  text for one token.

:func:`search_query` puts an FTS5 query in the same form: each quoted string is folded
(a CJK word becomes the phrase of its characters; a run longer than
:data:`MAX_CJK_PHRASE` characters, a sentence typed as a question, becomes its
overlapping two-character phrases joined by OR, best ranked by how many it holds).
:func:`fts_query` turns what a person types into a safe query (each word quoted).
The vault's connection knows :func:`search_text` as the SQL function
``hearth_search_text`` (``vault.db``), which the index's triggers call; a writer of many
passages at once indexes them itself in one statement (:func:`indexed_in_bulk`).
"""

from __future__ import annotations

import contextlib
import itertools
import re
import threading
import unicodedata
from collections.abc import Iterator

_WORD = re.compile(r"\w+", re.UNICODE)
#: One character of a script written without spaces between words: Hangul jamo, CJK
#: radicals and symbols, hiragana, katakana, bopomofo, Hangul compatibility jamo, kanbun,
#: CJK extension A, unified ideographs, Hangul syllables, compatibility ideographs, and
#: the supplementary ideographs.
_CJK_CLASS = ("[\u1100-\u11ff\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3031-\u3035\u3038-\u303c"
                  "\u3041-\u30ff\u3105-\u312f\u3131-\u318e\u31a0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
                  "\ua960-\ua97f\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f]")
_CJK = re.compile(f"({_CJK_CLASS})")
#: A run of CJK characters, or of anything else.
_RUN = re.compile(f"{_CJK_CLASS}+|(?:(?!{_CJK_CLASS}).)+", re.DOTALL)
_QUOTED = re.compile(r'"((?:[^"]|"")*)"(\*?)')
_BULK = threading.local()
#: A quoted run of more CJK characters than this is a phrase or sentence, not a word.
MAX_CJK_PHRASE = 4


def search_text(text: str) -> str:
    """What the full-text index holds for ``text`` (see the module docstring)."""
    if text.isascii():
        return text
    return _CJK.sub(r" \1 ", unicodedata.normalize("NFKC", text))


def index_each_row() -> int:
    """1, unless this thread is indexing a batch of new passages itself (:func:`indexed_in_bulk`):
    the SQL function ``hearth_index_each`` that guards the index's insert trigger."""
    return 0 if getattr(_BULK, "on", False) else 1


@contextlib.contextmanager
def indexed_in_bulk() -> Iterator[None]:
    """Passages inserted in this block are not indexed one by one: the caller indexes them with
    one statement before its transaction commits. A row at a time, inside the trigger, cost three
    times as much (FTS5 flushed its pending terms for every row)."""
    _BULK.on = True
    try:
        yield
    finally:
        _BULK.on = False


def search_query(query: str) -> str:
    """``query`` (FTS5 syntax, words quoted) with each quoted string in the index's form."""
    if query.isascii():
        return query
    return _QUOTED.sub(_fold_quoted, query)


def _fold_quoted(match: re.Match[str]) -> str:
    inner, star = match.group(1).replace('""', '"'), match.group(2)
    folded = unicodedata.normalize("NFKC", inner)
    if len(_CJK.findall(folded)) <= MAX_CJK_PHRASE:
        return _quote(_CJK.sub(r" \1 ", folded)) + star
    # A phrase or sentence typed as one word: any of its words or character pairs may match.
    terms: list[str] = []
    for run in _RUN.findall(folded):
        if not _CJK.match(run):
            terms.extend(_WORD.findall(run))
        elif len(run) == 1:
            terms.append(run)
        else:
            terms.extend(f"{a} {b}" for a, b in itertools.pairwise(run))
    return "(" + " OR ".join(_quote(t) for t in dict.fromkeys(terms)) + ")"


def _quote(text: str) -> str:
    return '"' + " ".join(text.split()).replace('"', '""') + '"'


def fts_query(text: str, *, require_all: bool) -> str:
    """Quote each word (so punctuation never becomes FTS syntax) and allow prefixes.

    ``require_all`` joins words with AND (precise, for notes); otherwise OR (recall,
    for retrieval where BM25 ranks the better matches first).
    """
    words = _WORD.findall(text)[:32]
    if not words:
        return ""
    terms = [f'"{w}"*' for w in words]
    return (" AND " if require_all else " OR ").join(terms)
