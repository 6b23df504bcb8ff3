"""Verbatim quotes: the sentence or two of the cited excerpts that best answer a question.

:func:`units` cuts an excerpt into quotable units without breaking what a person
would read as one statement: wrapped lines are joined, headings and list items
stand alone, ``Key: value`` lines (e-mail and calendar headers, contact fields)
are units of their own, and sentences are split at ``. ! ?`` except after
titles and abbreviations ("Mr.", "St.", "Dr.", "e.g.", initials, "No. 4").

:func:`best_quotes` scores every unit, and every pair of adjacent units, of the
top excerpts against the question: cosine similarity of their embeddings (the
same MiniLM model retrieval uses) plus a bonus per rare question word they
share, less a penalty for headings and fragments. A unit that merely repeats
the question's words ("Notes about the boiler") loses to one that adds
something (a number, a date, a name). Each :class:`Quote` is verbatim: its text
occurs in the excerpt once whitespace is collapsed (:func:`is_verbatim`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from engine.answering.support import month_number, specific_kinds, specifics, wanted_kinds
from engine.search.embeddings import Embedder
from engine.text import ABBREVIATIONS, STOP_WORDS, content_words, stem

_ABBREVIATIONS_TEXT = """mr mrs ms dr st prof sr jr mt ft ave rd blvd no nos vol pp fig approx
dept est etc vs e.g i.e cf al inc ltd co corp jan feb mar apr jun jul aug sep sept oct nov dec mon
tue tues wed thu thur thurs fri sat sun gen col lt sgt capt rev hon u.s u.k a.m p.m"""
_ABBREVIATIONS = frozenset(_ABBREVIATIONS_TEXT.split())
_FIELD = re.compile(r"^[A-Z][\w' /&-]{0,28}:\s+\S")
_LIST_ITEM = re.compile(r"^\s*(?:[-*•·]|\d{1,3}[.)])\s+")
_HEADING = re.compile(r"^\s*#{1,6}\s+")
#: A dot leader between a name and its value ("PureGym ......... £24.99/month").
_LEADER = re.compile(r"\S\s?\.{4,}\s?\S")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_WS = re.compile(r"\s+")
#: Question words that say what kind of answer is wanted, not what it is about.
_GENERIC_TEXT = """number date time day days much many name called code amount cost price long often
last next first ago kind sort type thing things find give show"""
GENERIC = frozenset(_GENERIC_TEXT.split())


@dataclass(frozen=True)
class Unit:
    text: str
    heading: bool = False
    field: bool = False


@dataclass(frozen=True)
class Quote:
    """A verbatim piece of a source: ``n`` is the source's number in the answer."""

    text: str
    n: int
    path: str
    title: str
    location: str
    score: float
    #: Cosine similarity to the question, and how many of its meaningful words the quote shares.
    similarity: float = 0.0
    shared: int = 0

    @property
    def answers(self) -> bool:
        """Whether this quote plausibly answers the question (not merely resembles it)."""
        return self.similarity >= 0.62 or (self.shared >= 1 and self.similarity >= 0.3)


def flat(text: str) -> str:
    return _WS.sub(" ", text).strip()


ELLIPSIS = " … "


def is_verbatim(quote: str, excerpt: str) -> bool:
    """True when ``quote`` occurs in ``excerpt`` (whitespace collapsed on both sides).

    A quote may leave lines out where it says so: parts joined by " … " must each occur, in
    order (a contact's name … the phone line three lines below it)."""
    if not quote.strip():
        return False
    text = flat(excerpt)
    at = 0
    for part in quote.split(ELLIPSIS):
        found = text.find(flat(part), at)
        if found < 0:
            return False
        at = found + len(flat(part))
    return True


def _ends_with_abbreviation(piece: str) -> bool:
    last = piece.rstrip().rsplit(" ", 1)[-1].rstrip(".!?\"'”’)]").lower()
    last = last.lstrip("(\"'“‘[")
    if last in _ABBREVIATIONS:
        return True
    # An initial ("J. R. Tolkien") or a run of initials ("U.S.").
    return bool(re.fullmatch(r"(?:[a-z]\.)*[a-z]", last))


def split_sentences(text: str) -> list[str]:
    """Sentences of one paragraph of running text (already joined onto one line)."""
    pieces = _SENTENCE_BREAK.split(text)
    out: list[str] = []
    for piece in pieces:
        if out and _ends_with_abbreviation(out[-1]) and out[-1].rstrip().endswith("."):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return [s.strip() for s in out if s.strip()]


def _looks_like_heading(line: str, next_line: str | None) -> bool:
    if _HEADING.match(line):
        return True
    words = line.split()
    if not words or len(words) > 8 or line.rstrip()[-1:] in ".!?,;:":
        return False
    # A short unpunctuated line followed by a blank line or running text is a title.
    return next_line is None or not next_line.strip() or sum(w[:1].isupper() for w in words) >= len(words) / 2


def _continues(line: str) -> bool:
    """Whether a line may carry on the field or list item above it: it starts nothing new, and
    not with a capital (a new row of a payslip or table does)."""
    return not (_FIELD.match(line) or _LIST_ITEM.match(line) or _LEADER.search(line)
                or _HEADING.match(line) or line.lstrip()[:1].isupper())


def units(text: str) -> list[Unit]:
    """The quotable units of an excerpt, in order (see the module docstring)."""
    out: list[Unit] = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        lines = [ln.rstrip() for ln in block.split("\n") if ln.strip()]
        running: list[str] = []

        def flush(running: list[str] = running) -> None:
            if running:
                out.extend(Unit(s) for s in split_sentences(flat(" ".join(running))))
                running.clear()

        consumed: set[int] = set()
        # A line nearly as long as the block's longest, followed by one that starts nothing, was
        # wrapped; a shorter one ended there (a payslip's rows, an address). A field or list item
        # is taken to wrap only from a line of 40 characters or more.
        short = int(0.7 * max((len(ln.strip()) for ln in lines), default=0))
        wrap = max(40, short)
        for i, line in enumerate(lines):
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            if i in consumed:
                continue
            if _FIELD.match(line) or _LIST_ITEM.match(line) or _LEADER.search(line):
                # A field, a list item or a "name ...... value" line starts a unit of its own; the
                # lines after it that start nothing are its wrapped continuation.
                flush()
                item = [line.strip()]
                while i + len(item) < len(lines) and len(item[-1]) >= wrap \
                        and _continues(lines[i + len(item)]):
                    item.append(lines[i + len(item)].strip())
                consumed.update(range(i + 1, i + len(item)))
                joined = flat(" ".join(item))
                if _FIELD.match(line):
                    # A wrapped value may run on into sentences of its own ("Price: $9,375, … We
                    # ask for a deposit. Tony will lead the crew."): the first is the field's.
                    first, *rest = split_sentences(joined) or [joined]
                    out.append(Unit(first, field=True))
                    out.extend(Unit(piece) for piece in rest)
                else:
                    pieces = split_sentences(joined)
                    if len(pieces) > 1 and _LIST_ITEM.fullmatch(pieces[0] + " "):
                        pieces[:2] = [f"{pieces[0]} {pieces[1]}"]  # "5." is the item's number
                    out.extend(Unit(piece) for piece in pieces)
            elif not running and ((len(lines) == 1 and _HEADING.match(line)) or
                                  (len(lines) > 1 and _looks_like_heading(line, nxt))):
                flush()
                out.append(Unit(flat(_HEADING.sub("", line)), heading=True))
            else:
                running.append(line.strip())
                if len(line.strip()) < short and nxt is not None and not nxt.lstrip()[:1].islower():
                    flush()  # a short line followed by another was not wrapped: it ends here
        flush()
    return [piece for unit in out for piece in _split_inline_fields(unit)]


#: A field label inside a line ("… 12 Park Row Agent: Dana Whitcomb"): a capitalised word and at
#: most two lower-case ones, a colon, and a value that starts like one (a capital, a digit, a
#: currency; not "Tom said: fine"). A PDF's or a form's row often holds several.
_INLINE_KEY = re.compile(r"(?<=\S)\s+(?=[A-Z][\w'/&.-]*(?: [a-z][\w'/&.-]*){0,2}:\s+[A-Z0-9$£€(+#])")


def _split_inline_fields(unit: Unit) -> list[Unit]:
    """One unit per labelled value when a line holds several ("Statement date: … Resident: …")."""
    if unit.heading:
        return [unit]
    parts: list[str] = []
    for p in _INLINE_KEY.split(unit.text):
        if parts and len(parts[-1].split()) <= 2 and ":" not in parts[-1]:
            parts[-1] = f"{parts[-1]} {p}"  # "TOTAL" + "DUE: $7,097.35": one label of two words
        elif p:
            parts.append(p)
    if len(parts) == 1:
        return [unit]
    return [Unit(p, field=bool(_FIELD.match(p))) for p in parts]


def place_in(title: str, location: str, *, trim: bool = True) -> str:
    """The part of ``location`` worth showing beside ``title``: nothing when the title says it
    already; for a person (``trim``), without the title when it repeats it ("Trip > Budget"
    under "Trip": "Budget"). A model is given the whole place, which reads as a path."""
    if not location or location in title:
        return ""
    if trim and title and location.startswith(title):
        return location[len(title):].lstrip(" >—-,:/")
    return location


def header(title: str, location: str, *, sep: str = " — ", trim: bool = True) -> str:
    """How an excerpt is named: its title, and where in the file when the title does not
    already say ("Renewal schedule — page 2")."""
    place = place_in(title, location, trim=trim)
    return title + (f"{sep}{place}" if place and title else place)


@dataclass(frozen=True)
class Passage:
    """An excerpt that may be quoted: its text and how the answer cites it."""

    text: str
    n: int
    path: str = ""
    title: str = ""
    location: str = ""


_TITLE_FIELDS = ("event:", "contact:", "subject:")
_MAIL_HEADER = re.compile(r"^(?:Subject|To|Cc|From|Date):\s")
#: Words that make a value the old one: files keep last year's premium beside this year's.
_STALE = re.compile(r"\b(?:last (?:year|month|week|time|spring|summer|autumn|fall|winter|bill|quote)|"
                    r"previous(?:ly)?|former(?:ly)?|no longer|used to|brought forward|replaces|"
                    r"old (?:number|address|policy|price|rate)|"
                    r"last (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)\b", re.IGNORECASE)
_FIELD_KEY = re.compile(r"(?:^|(?<= )|(?<=… ))[A-Z][\w' /&-]{0,28}:\s")


@dataclass(frozen=True)
class _Candidate:
    text: str
    passage: int
    heading: bool
    pair: bool
    first: int  # index of its first unit; -1 for a record's title joined to one of its fields
    parts: tuple[str, ...]  # the units it is made of (their vectors make its vector)


def _candidates(passages: Sequence[Passage]) -> list[_Candidate]:
    """Every unit, every adjacent pair of short units, and every field of a record joined to the
    record's title field ("Contact: Ana … Phone: …": the title is context, not a claim)."""
    found: list[_Candidate] = []
    for p_index, passage in enumerate(passages):
        us = units(passage.text)
        title = next((i for i, u in enumerate(us) if u.field and u.text.lower().startswith(_TITLE_FIELDS)),
                     None)
        if title is not None:
            for j, unit in enumerate(us):
                if j > title and unit.field:
                    sep = " " if j == title + 1 else ELLIPSIS
                    found.append(_Candidate(f"{us[title].text}{sep}{unit.text}", p_index, False, True, -1,
                                            (us[title].text, unit.text)))
        for i, unit in enumerate(us):
            found.append(_Candidate(unit.text, p_index, unit.heading, False, i, (unit.text,)))
            if i + 1 < len(us) and i != title:  # (the title's pairs were made above)
                nxt = us[i + 1]
                # Pairs of short statements (a field and the field after it; two short sentences).
                if not unit.heading and len(unit.text) + len(nxt.text) <= 320:
                    joined = f"{unit.text} {nxt.text}"
                    if is_verbatim(joined, passage.text):
                        found.append(_Candidate(joined, p_index, False, True, i, (unit.text, nxt.text)))
    return found


#: Units embedded per question at most: the cost of quoting is the embedding model's (30 chose
#: as well as 40 on the tuning corpora, in three quarters of the time).
MAX_UNITS = 30


def _unit_vectors(question: str, cands: Sequence[_Candidate], embedder: Embedder, q_words: set[str],
                  headers: Sequence[str] = ()) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The question's vector and one vector per unit worth embedding (lexically likeliest first)."""
    unique: dict[str, int] = {}
    for c in cands:
        for part in c.parts:
            unique.setdefault(part, c.passage)

    def cheap(text: str) -> float:
        words = {stem(w) for w in content_words(text)}
        return 2 * len(q_words & words) + (1 if specifics(text) else 0) - 0.3 * unique[text]

    texts = sorted(unique, key=cheap, reverse=True)[:MAX_UNITS]
    # Each unit is embedded under its passage's title and place: "Total: £412.80" means more as
    # the garage invoice's total (the header is context, as a person reads the line in its file).
    shown = [f"{headers[unique[t]]}: {t}" if unique[t] < len(headers) and headers[unique[t]] else t
             for t in texts]
    vectors = embedder.embed([question, *shown])
    return vectors[0], dict(zip(texts, vectors[1:], strict=True))


_NARROW_KINDS = frozenset({"phone", "email", "time", "amount", "code", "quantity"})
_MONTHS = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.I)


def _months(text: str) -> set[int]:
    """The months ``text`` names, as numbers ("May" only capitalised and not first: "may" is a
    verb; "Marsh" is no month)."""
    found = set()
    for m in _MONTHS.finditer(text):
        number = month_number(m.group(0))
        if number is None or (number == 5 and (m.group(0) != "May" or (
                m.start() == 0 and not re.match(r"May:|May \d", text)))):
            continue
        found.add(number)
    return found


def _word_pairs(text: str) -> set[tuple[str, str]]:
    """Adjacent word pairs of ``text`` (lower case) where at least one word means something."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {(a, b) for a, b in itertools.pairwise(words)
            if not (a in STOP_WORDS and b in STOP_WORDS) and a not in GENERIC and b not in GENERIC}


def _words(text: str) -> set[str]:
    """The stems of ``text``'s meaningful words, abbreviations read as the words they stand for."""
    words = content_words(text)
    found = {stem(w) for w in words}
    for w in words:
        found.update(stem(x) for x in ABBREVIATIONS.get(w, ()))
    return found


#: How much each feature of a candidate counts (its score is the weighted sum).
WEIGHTS: dict[str, float] = {
    "sim": 1.0,  # cosine similarity of the unit (under its file's title and place) to the question
    "shared": 0.06,  # meaningful question words the unit holds
    "rare": 0.04,  # ... that few units hold
    "phrase": 0.05,  # the question's own phrases ("check in", "book club"), at most two
    "month_same": 0.05,  # names the month asked about
    "month_other": -0.3,  # names only other months
    "nothing_new": -0.25,  # says nothing the question did not
    "kind_narrow": 0.2,  # holds the narrow kind asked for (phone, time, amount, code); -1: lacks it
    "kind_broad": 0.15,  # holds the broad kind asked for (a name, a place, a date); -1: lacks it
    "unasked": 0.1,  # asked for no kind, holds a number, date, code or name the question did not
    "heading": -0.2,
    "mail_header": -0.2,  # a subject line names the topic; the answer is in the message
    "short": -0.08,  # under four words
    "long": -0.1,  # over seventy words
    "pair": -0.05,
    "rank": -0.02,  # the passage's place in retrieval's order (retrieval's order is evidence too)
    "title": 0.04,  # question words in the passage's title (at most two)
    "stale": -0.15,  # says it is the old value ("last year's premium", "your previous bill")
}
FEATURES = tuple(WEIGHTS)


@dataclass(frozen=True)
class _Scored:
    candidate: _Candidate
    features: np.ndarray  # in the order of FEATURES
    similarity: float
    shared: int  # meaningful question words it holds, its passage's title counted


def _score_table(question: str, passages: Sequence[Passage], embedder: Embedder) -> list[_Scored]:
    """Every candidate worth scoring, with its features.

    Only units are embedded; a pair's vector is the length-weighted mean of its units' (what
    mean pooling over the joined text comes close to), which halves the embedding work."""
    q_words = {w for w in _words(question) if w not in GENERIC}
    cands = _candidates(passages)
    if not cands:
        return []
    q_vec, unit_vec = _unit_vectors(question, cands, embedder, q_words,
                                    [header(p.title, p.location, trim=False) for p in passages])
    wants = wanted_kinds(question)
    title_words = [{stem(w) for w in content_words(
        f"{p.title} {p.location} {Path(p.path).stem if p.path else ''}")} for p in passages]
    q_pairs = _word_pairs(question)
    q_months = _months(question)
    cand_words = [_words(c.text) for c in cands]
    unit_words = [ws for c, ws in zip(cands, cand_words, strict=True) if not c.pair]
    rare = {w for w in q_words if sum(w in ws for ws in unit_words) <= 2}
    single: dict[tuple[int, int], float] = {}
    sims: list[float | None] = []
    for c in cands:
        if any(part not in unit_vec for part in c.parts):
            sims.append(None)
            continue
        vec = np.sum([unit_vec[part] * max(1, len(part.split())) for part in c.parts], axis=0)
        vec = vec / (float(np.linalg.norm(vec)) or 1.0)
        sim = float(vec @ q_vec)
        sims.append(sim)
        if not c.pair:
            single[(c.passage, c.first)] = sim
    table: list[_Scored] = []
    for c, words, maybe in zip(cands, cand_words, sims, strict=True):
        if maybe is None:
            continue
        sim = maybe
        if c.pair and c.first >= 0 and sim <= max(single.get((c.passage, c.first), 1.0),
                                                    single.get((c.passage, c.first + 1), 1.0)) + 0.03:
            continue  # a pair earns its place only by saying more than either half alone
        f = dict.fromkeys(FEATURES, 0.0)
        f["sim"] = sim
        f["shared"] = len(q_words & words)
        f["rare"] = len(q_words & words & rare)
        f["phrase"] = min(2, len(q_pairs & _word_pairs(c.text)))
        c_months = _months(c.text) if q_months else set()
        if c_months:
            f["month_same" if q_months & c_months else "month_other"] = 1.0
        # What a unit adds is in its values: a field's key ("Contact:", "Phone:") adds nothing.
        values = {stem(w) for w in content_words(_FIELD_KEY.sub("", c.text))}
        if not values - q_words:
            f["nothing_new"] = 1.0
        elif wants:
            f["kind_narrow" if wants & _NARROW_KINDS else "kind_broad"] = (
                1.0 if specific_kinds(c.text, question) & wants else -1.0)
        elif any(item.lower() not in question.lower() for item in specifics(c.text)):
            f["unasked"] = 1.0
        f["heading"] = float(c.heading)
        f["mail_header"] = float(bool(_MAIL_HEADER.match(c.text)))
        n_words = len(c.text.split())
        f["short"] = float(n_words < 4)
        f["long"] = float(n_words > 70)
        f["pair"] = float(c.pair)
        f["rank"] = float(c.passage)
        f["title"] = float(min(2, len(q_words & title_words[c.passage])))
        f["stale"] = float(bool(_STALE.search(c.text)) and not _STALE.search(question))
        # For "does it answer?", the passage's title is the quote's context ("Sunday bread" … "Bake
        # at 230 °C"): its words count as shared.
        table.append(_Scored(c, np.array([f[k] for k in FEATURES]), sim,
                             len(q_words & (words | title_words[c.passage]))))
    return table


_WEIGHT_VECTOR = np.array([WEIGHTS[k] for k in FEATURES])


def best_quotes(question: str, passages: Sequence[Passage], embedder: Embedder, *,
                limit: int = 2, min_score: float = 0.0) -> list[Quote]:
    """The ``limit`` best verbatim quotes for ``question`` (best first), none overlapping."""
    scored = sorted(((float(row.features @ _WEIGHT_VECTOR), row) for row in
                     _score_table(question, passages, embedder)), key=lambda t: -t[0])
    chosen: list[Quote] = []
    taken: list[str] = []
    for score, row in scored:
        c = row.candidate
        if score < min_score:
            break
        if c.heading or any(flat(c.text) in t or t in flat(c.text) for t in taken):
            continue  # a heading names a topic; it is never the quote that answers
        p = passages[c.passage]
        chosen.append(Quote(c.text, p.n, p.path, p.title, p.location, round(score, 4),
                            round(row.similarity, 4), row.shared))
        taken.append(flat(c.text))
        if len(chosen) >= limit:
            break
    return chosen


__all__ = ["Passage", "Quote", "Unit", "best_quotes", "flat", "header", "is_verbatim", "place_in",
           "split_sentences", "units"]
