"""The value a question asks for, read word for word from a quote.

:func:`value_of` finds in a quote the one value of the kind the question asks for
(``engine.answering.support.wanted_kinds``: a date, a time, an amount, a code, a phone number,
an e-mail address, a name, a place, a quantity or a count), as the file writes it: "TP1359",
"nine days", "07700 900418", "Gráinne Lacey". Where the quote holds several that the question
does not tell apart there is none. :func:`holds_kind` says whether a quote holds any such value
(a place may be said without a name: "under the kitchen sink").
"""

from __future__ import annotations

import re

from engine.answering.support import specifics, wanted_kinds
from engine.text import content_words, spelled_out, stem

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
          r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?")
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)"
_DATE = (rf"\b{_WEEKDAY}?(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?\b"
         rf"|\b{_WEEKDAY}?{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?"
         r"|\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b"
         rf"|\b{_MONTH}\s+\d{{4}}\b"
         r"|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?\b")
#: A clock time, not a price, a decimal or a time zone's offset ("+00:00"); an ISO date-time's time.
_TIME = (r"(?<![£$€\d.,:+\-−])\b(?:[01]?\d|2[0-3])[:.][0-5]\d(?:\s?(?:am|pm|a\.m\.|p\.m\.))?(?![.,]?\d|\s?%)"
         r"|(?<=\dT)(?:[01]\d|2[0-3]):[0-5]\d"
         r"|\b\d{1,2}\s?(?:am|pm|a\.m\.|p\.m\.)|\bnoon\b|\bmidnight\b")
_NUMBER_WORD = (r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
                r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
                r"seventy|eighty|ninety|hundred|a dozen|half an?|a couple of)")
_QUANTITY_UNIT = (r"(?:kg|g|lbs?|oz|stone|km|m|cm|mm|miles?|mi|ft|feet|inches|litres?|liters?|l|ml|kwh|"
                  r"mph|km/h|psi|bar|°\s?[CF]|degrees(?: [CF]\w*)?|%|per ?cent|"
                  r"(?:mg|mcg|µg|μg|ng|g|mmol|µmol|μmol|pmol|iu|u)(?:/(?:dl|l|ml|kg|day))?|mmhg|bpm)(?!\w)")
_PATTERNS: dict[str, re.Pattern[str]] = {
    "email": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    # ("07700 900418": a UK mobile's second group has six digits.)
    "phone": re.compile(r"(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,5}\)[\s.-]?)?\d{2,5}(?:[\s.-]\d{2,6}){1,4}"
                        r"(?![\w-])|(?<![\w+])\+?\d{9,13}\b"),
    "amount": re.compile(r"(?:[£$€¥]\s?\d[\d,]*(?:\.\d{1,2})?(?:\s?(?:k|m|bn)\b)?"
                         r"|\b\d[\d,]*(?:\.\d{1,2})?\s?(?:pounds|euros?|dollars?|EUR|GBP|USD|pence)\b)"
                         r"(?:\s?(?:an?|per|each|/)\s?(?:hour|hr|day|week|month|mo|year|yr|night|person|"
                         r"child|head|visit|session|lesson|class)\b)?", re.I),
    "code": re.compile(r"\b(?=[A-Za-z0-9-]*\d)(?=[A-Za-z0-9-]*[A-Za-z])[A-Za-z0-9]{2,}(?:[-/][A-Za-z0-9]+)*"
                       r"(?:\s(?:[A-Z0-9]{2,}|\d+)\b)*"
                       r"|\b[A-Z]{1,4}(?:[-/]\d+)+\b|\b[A-Z]{1,3}\s\d{2,5}\s[A-Z]{1,3}\b"
                       r"|\b(?!(?:19|20)\d\d\b)\d{2,6}(?:[ -]\d{2,6}){1,4}\b|\b(?!(?:19|20)\d\d\b)\d{4,}\b"),
    "quantity": re.compile(rf"\b\d+(?:[.,]\d+)?\s?{_QUANTITY_UNIT}", re.I),
    # A count with what it counts: "nine days", "8 working days", "three guest tickets".
    "number": re.compile(rf"\b(?:\d+(?:[.,]\d+)?|{_NUMBER_WORD})(?:\s(?:and a half|more))?"
                         r"(?:\s[a-z]+){0,2}?\s(?:days?|weeks?|months?|years?|hours?|minutes?|nights?|"
                         r"times?|people|guests?|tickets?|places?|seats?|panels?|pieces?|items?|bags?|"
                         r"boxes|doses?|tablets?|sessions?|lessons?|visits?|rooms?|children|kids|adults?)\b"
                         r"|\b(?:\d+(?:[.,]\d+)?|{_NUMBER_WORD})\s(?!(?:and|or|to|of|the|a|an|in|on|at|for)\b)"
                         r"[a-z]+\b", re.I),
    "date": re.compile(_DATE, re.I),
    "time": re.compile(_TIME, re.I),
}
#: When a question wants a date or a time, both, close together, are one value ("3 March at 14:40").
_GAP = re.compile(r"^(?:,?\s*(?:at|from|on|,)?\s*)$", re.I)
#: Two values joined like this are a range ("19 April 2027 to 18 April 2028").
_RANGE = re.compile(r"^(?:[+\-−]\d{2}:?\d{2}|Z)?\s*(?:to|until|till|through|-|–|—)\s*"
                    r"(?:\d{4}-\d{2}-\d{2}T)?$", re.I)
_STARTS = re.compile(r"\b(?:start|begin|from|open|leave|depart|arrive)", re.I)
_ENDS = re.compile(r"\b(?:end|expire|finish|until|close|last day|run out|due back|return)", re.I)
#: Words before a value that make it the one not asked for ("your previous policy number …").
_STALE = re.compile(r"\b(?:previous|old|former|last (?:year|month|time|spring|summer|autumn|winter)|"
                    r"no longer|expired|cancelled|replaces|was)\b", re.I)
_WHOLE = re.compile(r"\b(?:whole|total|altogether|in all|all in|overall|included|including)\b", re.I)
#: Kinds where one value of several can be told from the others by the words around it.
_NARROW = frozenset({"amount", "code", "phone", "email", "time", "date", "quantity", "number"})
_PLACE_WORDS = re.compile(r"\b(?:Centre|Center|Road|Street|Lane|Avenue|Hospital|Clinic|Surgery|Station|"
                          r"Park|Hall|Practice|Pharmacy)$")
_ADDRESS = re.compile(r"\b\d+[A-Za-z]?,?\s+(?:[A-Z][a-z]+\s)+(?:Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Way|"
                      r"Close|Drive|Dr|Place|Pl|Square|Sq|Gardens|Terrace|Court|Row|Hill|Crescent|Park)\b"
                      r"\.?(?:,\s*[A-Z][a-z]+)?")
#: A numbered place: "Room 4", "Thames 3", "Gate B12".
_NUMBERED_PLACE = re.compile(r"\b(?i:Room|Rm|Hall|Court|Pitch|Studio|Suite|Ward|Gate|Platform|Terminal|"
                             r"Floor|Level|Bay|Unit|Block|Stand|Desk|Table|Lab|Classroom|Pier|Berth|"
                             r"Mooring|Plot)\s+[A-Z]?\d{1,4}[A-Za-z]?\b")
#: A field naming a place: its whole value is the place ("Where: Jo's, 22 Fishpool Street").
_PLACE_FIELD = re.compile(r"\b(?:Where|Location|Venue|Address|Meeting point|Place):\s+([^…\n]+?)\s*(?=…|$)")


def _spans(kind: str, text: str) -> list[tuple[int, int]]:
    if kind == "name":
        return [(m.start(), m.end()) for name in _names(text)
                for m in [re.search(re.escape(name), text)] if m is not None]
    if kind == "place":
        fields = [(m.start(1), m.end(1)) for m in _PLACE_FIELD.finditer(text)]
        found = [(m.start(), m.end()) for p in (_NUMBERED_PLACE, _ADDRESS) for m in p.finditer(text)]
        return fields or found or [s for s in _spans("name", text) if _after_place_word(text, s[0])]
    pattern = _PATTERNS.get(kind)
    if pattern is None:
        return []
    out = []
    for m in pattern.finditer(text):
        value = m.group(0).rstrip(" .,;:-")
        if kind == "phone" and sum(ch.isdigit() for ch in value) < 7:
            continue
        if kind == "code" and re.fullmatch(r"\d+-[a-z]+", value):
            continue  # "24-hour", "12-month"
        if kind == "code" and value[:1].isdigit() and " " in value and sum(ch.isdigit() for ch in value) < 6:
            continue  # "12 30", not an account number
        if kind == "code" and (re.fullmatch(r"\d+(?:st|nd|rd|th|am|pm|h|m|km|kg|s)", value, re.I)
                               or _PATTERNS["time"].fullmatch(value)):
            continue
        out.append((m.start(), m.start() + len(value)))
    return out


def _names(text: str) -> list[str]:
    from engine.answering.support import _names_someone

    return [n for n in specifics(text) if not any(ch.isdigit() for ch in n) and _names_someone(n, text)]


def _after_place_word(text: str, at: int) -> bool:
    return bool(re.search(r"\b(?:at|in|near|on|from|to)\s+(?:the\s+)?$", text[:at]))


def _merged(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Spans of dates and times next to each other joined into one ("Tuesday 4 May at 14:40")."""
    spans = sorted(set(spans))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        elif out and _GAP.match(text[out[-1][1]:s]) and s - out[-1][1] <= 6:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def question_words(question: str) -> set[str]:
    return {stem(w) for w in content_words(question)}


def word_stems(text: str) -> set[str]:
    words = content_words(text)
    return {stem(w) for w in words} | {stem(x) for w in words for x in spelled_out(w)}


def _fit(question: str, words: set[str], text: str, span: tuple[int, int],
         bounds: tuple[int, int]) -> float:
    """How well the value at ``span`` fits the question: the question's words around it (back to
    the value before it, on to the one after, within its sentence) and in it; more when it is a
    field's value and the field's name is the question's; less when the words before it say it is
    the old one, when it is an aside in brackets, or a place named where a person is asked for."""
    before = text[max(bounds[0], span[0] - 50):span[0]]
    before = re.split(r"[.!?;]\s", before)[-1]  # the same sentence
    after = re.split(r"[.!?;(]\s?|\s[–—]\s", text[span[1]:min(bounds[1], span[1] + 30)])[0]
    value = text[span[0]:span[1]]
    score = float(len(words & word_stems(f"{before} {value} {after}")))
    key = re.search(r"([A-Z][\w' /&-]{0,28}):\s*$", before)
    if key and words & word_stems(key.group(1)):
        score += 1
    if _STALE.search(before) and not _STALE.search(question):
        score -= 1.5
    if before.count("(") > before.count(")"):
        score -= 0.5
    if re.match(r"\s*who\b", question, re.I) and _PLACE_WORDS.search(value):
        score -= 1
    return score



def value_of(question: str, text: str) -> str:
    """The value of the kind ``question`` asks for in ``text`` ("" when none, or no single one).

    Word for word from ``text``. Values the question already states are not answers. Where
    several differ, the one the words around it tie to the question is taken (for names and
    places, and for a tie, none: the quote shows them all)."""
    kinds = wanted_kinds(question)
    values = _values(question, text, kinds)
    if not values:
        return ""
    if len(values) == 1:
        return next(iter(values))
    spans = sorted(values.values())
    if len(spans) == 2 and _RANGE.match(text[spans[0][1]:spans[1][0]]):
        # A range: its end when the question asks for that, else its start ("What time is the
        # meeting?" is when it begins).
        if _ENDS.search(question) and not _STARTS.search(question):
            return text[slice(*spans[1])]
        return text[slice(*spans[0])]
    if not kinds & _NARROW:
        # Several names or places: the one labelled with the role asked about ("Who is the
        # captain?": "Captain: Marcy Dufresne", not "Team: Net Gains"), else the quote shows them.
        role = _role(question)
        labelled = [v for v, (start, _) in values.items()
                    if role and role in word_stems(_label_before(text, start))]
        return labelled[0] if len(labelled) == 1 else ""
    if _WHOLE.search(question):
        # "The whole bill, water included": the one the file calls the total, not a part of it.
        totals = [v for v, (start, _) in values.items()
                  if re.search(r"\btotal\b[^.;\d£$€]{0,20}$", text[max(0, start - 30):start], re.I)]
        if len(totals) == 1:
            return totals[0]
    words = question_words(question) | {stem(x) for w in content_words(question) for x in spelled_out(w)}
    ordered = sorted(values.items(), key=lambda kv: kv[1])
    scored = sorted(((_fit(question, words, text, sp,
                           (ordered[i - 1][1][1] if i else 0,
                            ordered[i + 1][1][0] if i + 1 < len(ordered) else len(text))), v)
                     for i, (v, sp) in enumerate(ordered)), reverse=True)
    if scored[0][0] >= scored[1][0] + 1:
        return scored[0][1]
    return ""


#: Where a thing is, said without a name: "in the cupboard under the kitchen sink".
_LOCATIVE = re.compile(r"\b(?:in|inside|under|underneath|behind|beside|next to|above|below|on top of|"
                       r"at the back of|in front of)\s+(?:the|a|an|our|my|your|his|her|their)\s+\w+", re.I)


_ROLE = re.compile(r"^\s*who(?:['’]s| is| are| was)\s+(?:the\s+|my\s+|our\s+|[\w'’]+['’]s\s+)?"
                   r"((?:[a-z]+\s+){0,2}?[a-z]+)\s*(?:\b(?:of|for|at|in|on|with|to)\b|\?|$)", re.I)


def _role(question: str) -> str:
    """The stem of the role a "who" question asks about ("Who is Gus's doctor?": doctor)."""
    m = _ROLE.match(question)
    return stem(m.group(1).split()[-1].lower()) if m else ""


def _label_before(text: str, at: int) -> str:
    """The words that label the value at ``at``: a field's name ("Captain:") or the same
    clause's words before it ("Ride captain for the B group this year is …")."""
    before = re.split(r"[.!?;,(]\s|\s[–—]\s", text[max(0, at - 60):at])[-1]
    return before


def holds_kind(question: str, text: str) -> bool:
    """Whether ``text`` holds any value of the kind ``question`` asks for (True when it asks for
    no kind): a value the question does not already state, nor the one it asks about. A place
    may be said without a name ("under the kitchen sink"): the quote is then the answer."""
    kinds = wanted_kinds(question)
    if not kinds or _values(question, text, kinds):
        return True
    return "place" in kinds and bool(_LOCATIVE.search(text))


def _values(question: str, text: str, kinds: frozenset[str]) -> dict[str, tuple[int, int]]:
    """Every value of ``kinds`` in ``text`` (value → where), less those the question states."""
    if not kinds:
        return {}
    spans: list[tuple[int, int]] = []
    for kind in sorted(kinds):
        spans += _spans(kind, text)
    if not spans and kinds == {"amount"} and re.search(r"\bhow much\b", question, re.I):
        spans = _spans("quantity", text)  # "How much buttermilk?": "500 ml", not money
    if "place" in kinds and any(p.search(text) for p in (_PLACE_FIELD, _NUMBERED_PLACE, _ADDRESS)):
        spans = _spans("place", text)  # a place written as one ("Room 4", an address), not a name
    if kinds & {"date", "time"}:
        spans = _merged(spans, text)
    low_q = question.lower()
    asked = {w.lower() for w in re.findall(r"\b[A-Z][\w'’]+", question[1:])}
    values: dict[str, tuple[int, int]] = {}
    for s, e in spans:
        value = text[s:e].strip()
        if not value or value.lower() in low_q:
            continue
        if kinds & {"name", "place"} and not any(ch.isdigit() for ch in value) and \
                {w.lower().rstrip("'’s") for w in value.split()} & {a.rstrip("'’s") for a in asked}:
            continue  # the person or thing asked about ("Joan Thibodeau" for "Where does Joan live?")
        values.setdefault(value, (s, e))
    # A value inside another (a date inside its date-time) is the same answer.
    return {v: sp for v, sp in values.items() if not any(v != o and v in o for o in values)}

def read_as_asked(question: str, text: str, value: str) -> bool:
    """For a place asked for ("Where is …?"), whether ``value`` is written as a place in
    ``text``; other kinds are read as asked by their pattern."""
    if "place" not in wanted_kinds(question):
        return True
    marked = (_PLACE_FIELD.search(text) or _NUMBERED_PLACE.search(text) or _ADDRESS.search(text))
    return any(value in text[s:e] or text[s:e] in value for s, e in _spans("place", text)
               if marked or _after_place_word(text, s))


__all__ = ["holds_kind", "question_words", "read_as_asked", "value_of", "word_stems"]
