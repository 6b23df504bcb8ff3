"""Turning what a person types into a safe FTS5 query."""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+", re.UNICODE)


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
