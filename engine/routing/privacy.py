"""The privacy guard's local check: find and redact personal details in a payload.

Runs entirely on this machine, before any request may leave it. ``scan(text)``
finds emails, phone numbers, postal addresses, payment card and IBAN numbers,
secrets (API keys, tokens, private keys, ``password: …``) and names (people the
user's vault knows about, passed in as ``known_names``, plus self-introductions
such as "my name is …"). ``redact_messages`` replaces each finding with a
numbered placeholder (``[EMAIL_1]``) and reports what it replaced by kind and
count, never by content.

It is a guard, not a proof: it errs toward flagging. A payload with personal
context attached from the vault is treated as personal whatever this finds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Message = dict[str, str]

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("secret", re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?"
                          r"(?:-----END [A-Z ]*PRIVATE KEY-----|$)")),
    ("secret", re.compile(r"\b(?:sk|pk|rk)-[A-Za-z0-9_-]{16,}\b")),
    ("secret", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("secret", re.compile(r"\b(?:ghp|gho|ghu|ghs|ghr|github_pat|glpat|xox[abpr])[-_][A-Za-z0-9_-]{16,}\b")),
    ("secret", re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b")),
    ("secret", re.compile(r"(?i)\b(?:password|passwd|passphrase|pwd|pin|api[_ -]?key|secret|token)\b"
                          r"\s*(?:is|=|:)\s*\S+")),
    ("email", re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")),
    ("iban", re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b")),
    ("card", re.compile(r"\b(?:\d[ -]?){13,19}\b")),
    ("phone", re.compile(r"(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,5}\)[\s.-]?)?"
                         r"\d{2,5}(?:[\s.-]\d{2,8}){1,3}(?!\w)")),
    ("phone", re.compile(r"(?<![\w+])\+\d{7,15}(?!\w)")),
    ("address", re.compile(r"\b\d{1,5}[A-Za-z]?\s+(?:[A-Z][a-z]+\s){1,3}(?:Street|St|Road|Rd|Avenue|Ave|"
                           r"Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Court|Ct|Place|Pl|Square|Sq|Terrace)\b\.?")),
    ("address", re.compile(r"\b(?:[A-Z][a-zäöüß]+(?:straße|strasse|weg|gasse|platz|allee))"
                           r"\s+\d{1,4}[a-z]?\b")),
    ("name", re.compile(r"\b(?:[Mm]y name is|I am called|I'm called|[Tt]his is|[Ii]ch hei(?:ße|sse))"
                        r"\s+([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)")),
]

_PLACEHOLDER = re.compile(r"\[[A-Z]+_\d+\]")


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    text: str


def _luhn_ok(digits: str) -> bool:
    total, parity = 0, len(digits) % 2
    for i, ch in enumerate(digits):
        d = int(ch)
        if i % 2 == parity:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _plausible(kind: str, text: str) -> bool:
    if kind == "card":
        digits = re.sub(r"\D", "", text)
        return 13 <= len(digits) <= 19 and _luhn_ok(digits)
    if kind == "phone":
        digits = re.sub(r"\D", "", text)
        # Dates (2024-05-01), times and short numbers look like phone numbers; require 7+ digits.
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
            return False  # an ISO date
        if re.fullmatch(r"(?:1[89]|20)\d\d\s?[-–]\s?(?:1[89]|20)\d\d", text.strip()):
            return False  # a range of years
        return len(digits) >= 7
    return True


def scan(text: str, *, known_names: Iterable[str] = ()) -> list[Finding]:
    """Personal details in ``text``, non-overlapping, in order of position."""
    found: list[Finding] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            group = 1 if kind == "name" and match.lastindex else 0
            start, end = match.span(group)
            value = text[start:end]
            if _PLACEHOLDER.fullmatch(value) or not _plausible(kind, value):
                continue
            found.append(Finding(kind, start, end, value))
    for name in known_names:
        name = name.strip()
        if len(name) < 3:
            continue
        for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags=re.IGNORECASE):
            found.append(Finding("name", match.start(), match.end(), match.group(0)))
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[Finding] = []
    for finding in found:
        if kept and finding.start < kept[-1].end:
            continue
        kept.append(finding)
    return kept


def is_personal(messages: Sequence[Message], *, known_names: Iterable[str] = ()) -> list[str]:
    """The kinds of personal detail found in any message (empty when none)."""
    names = list(known_names)
    kinds: set[str] = set()
    for message in messages:
        kinds.update(f.kind for f in scan(message.get("content", ""), known_names=names))
    return sorted(kinds)


@dataclass(frozen=True)
class Redaction:
    messages: list[Message]
    counts: dict[str, int]  # kind -> how many were replaced

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def redact_messages(messages: Sequence[Message], *, known_names: Iterable[str] = ()) -> Redaction:
    """Replace every finding by a placeholder; the same value gets the same placeholder."""
    names = list(known_names)
    seen: dict[tuple[str, str], str] = {}
    counts: dict[str, int] = {}
    out: list[Message] = []
    for message in messages:
        content = message.get("content", "")
        pieces: list[str] = []
        cursor = 0
        for finding in scan(content, known_names=names):
            key = (finding.kind, finding.text.lower())
            if key not in seen:
                counts[finding.kind] = counts.get(finding.kind, 0) + 1
                seen[key] = f"[{finding.kind.upper()}_{counts[finding.kind]}]"
            pieces.append(content[cursor:finding.start])
            pieces.append(seen[key])
            cursor = finding.end
        pieces.append(content[cursor:])
        out.append({**message, "content": "".join(pieces)})
    return Redaction(out, counts)
