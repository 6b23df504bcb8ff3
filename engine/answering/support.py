"""The support check: specifics in an answer that none of its excerpts contains.

A small model that has the right passage in front of it still invents: a place
the file never names, a company, an amount. Those inventions are *specifics*,
and a specific can be looked up. :func:`specifics` finds them in generated
text: numbers (amounts, times, dates, phone numbers, counts written in
digits), codes (tokens mixing letters and digits, like ``AB-7731``), month and
weekday dates, and names (capitalised words that are not ordinary words at the
start of a sentence). :func:`unsupported` returns those that occur in no
excerpt, nor in the question or the conversation the person wrote, nor in what
they asked Hearth to remember. Comparison is forgiving where people are:
case, thousands separators, ``3.50``/``3,50``, leading zeros, ``14:00``/``14.00``.
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Iterable

from engine.text import STOP_WORDS

_NUMBER = re.compile(r"(?<![\w.])[£$€¥]?\d[\d,.:/'’-]*\d(?:\s?%)?|(?<![\w.])[£$€¥]?\d(?![\w])")
_CODE = re.compile(r"\b(?=[A-Za-z0-9-]*\d)(?=[A-Za-z0-9-]*[A-Za-z])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*\b")
#: Capital and any letters of the Latin alphabets ("Gráinne", "Úna", "Ó Súilleabháin", "Łukasz").
_UP = "A-ZÀ-ÖØ-ÞĀ-ſ"
_LETTERS = "a-zA-ZÀ-ÖØ-öø-ÿĀ-ſ'’"
_NAME = re.compile(rf"\b(?:(?:Dr|Mr|Mrs|Ms|Mx|St|Prof|Sr|Jr)\.\s)?[{_UP}][{_LETTERS}]+"
                   rf"(?:[ -](?:of |de |van |von |la |le |du )?[{_UP}][{_LETTERS}]+)*")
_ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?\b")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_MONTH_WORDS = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
                r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)")
_DATE_PHRASE = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_WORDS}\.?(?:,?\s+\d{{4}})?\b"
                          rf"|\b{_MONTH_WORDS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?", re.I)
_NUMBERED = re.compile(r"\b(?:Room|Platform|Gate|Terminal|Court|Pitch|Table|Seat|Plot|Unit|Flat|Bay|Pier|"
                       r"Stage|Level|Floor|Year|Class|Group|Lane|Block|[A-Z][a-z]{3,})\s+\d{1,3}[A-Z]?\b")
_CITATION = re.compile(r"\[\d{1,2}\]")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*|[-*•]\s+|\"|“)$")

#: Capitalised words that are not names whatever their position.
_NOT_NAMES_TEXT = """I I'm I've I'll I'd Hearth OK Yes No Note Notes Sources Source Answer Question
Excerpt Excerpts Here There However Also Sure Sorry Hello Hi Thanks Please Based According From To The
Your You My We Our It This That These Those If In On At For As By An A And But Or So Then When Where
What Which Who Why How Event When Where With Contact Subject Date Phone Email E-mail Address Mobile
Work Home Title Organization Organisation Fax Pager Birthday Celsius Fahrenheit Kelvin Centigrade"""
_NOT_NAMES = frozenset(_NOT_NAMES_TEXT.split())
_MONTH_TEXT = ("january february march april may june july august september october november december "
               "jan feb mar apr may jun jul aug sep oct nov dec")
_MONTH_NUMBER = {name: i % 12 + 1 for i, name in enumerate(_MONTH_TEXT.split())} | {"sept": 9}
_MONTHS = list(_MONTH_NUMBER)
_DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def _norm_number(text: str) -> str:
    digits = re.sub(r"[^\d]", "", text)
    return digits.lstrip("0") or "0"


def specifics(text: str) -> list[str]:
    """The checkable specifics of ``text``, in order, without repeats."""
    text = _CITATION.sub(" ", text)
    found: list[str] = []

    def add(item: str) -> None:
        item = item.strip(" .,;:-'’")
        if item and item not in found:
            found.append(item)

    # ISO date-times as one specific each ("2027-03-12T09:30").
    def iso(m: re.Match[str]) -> str:
        add(m.group(0))
        return " " * len(m.group(0))

    text = _ISO.sub(iso, text)
    # E-mail addresses, dates written out ("30 November 2027", "March 12") and numbered names
    # ("Thames 3", "Room 12") are one specific each: checked whole, not as loose parts.
    for pattern in (_EMAIL, _DATE_PHRASE, _NUMBERED):
        text = pattern.sub(iso, text)
    # Codes first, then masked out, so that "AB-7731" is not also "AB" and "7731".
    def code(m: re.Match[str]) -> str:
        token = m.group(0)
        if token.isdigit() or re.fullmatch(r"\d+(?:st|nd|rd|th|am|pm|h|m|km|kg|s)", token, re.I):
            return token
        add(token)
        return " " * len(token)

    text = _CODE.sub(code, text)
    for m in _NUMBER.finditer(text):
        add(m.group(0))
    for m in _NAME.finditer(text):
        name = re.sub(r"['’]s$", "", m.group(0))
        words = name.split()
        before = text[max(0, m.start() - 3):m.start()]
        at_start = bool(_SENTENCE_START.search(text[:m.start()])) or m.start() == 0
        if len(words) == 1:
            if name in _NOT_NAMES or name.lower() in STOP_WORDS:
                continue
            if at_start and _ordinary(name):
                continue
        else:
            # Drop a leading ordinary word ("The Lisbon office" -> "Lisbon").
            while words and (words[0] in _NOT_NAMES or (at_start and _ordinary(words[0]))):
                words = words[1:]
                at_start = False
            if not words:
                continue
            name = " ".join(words)
        del before
        add(name)
    return found


#: Common English words: a capitalised one at the start of a sentence is not a name.
_COMMON_TEXT = """about after again all also always another any anything around as ask because
before best both bring call can check come could day days do does done each even every everything few
find first for from get give go good great have help here how if important in it just keep know last
let like list look make many may maybe more most much must need never new next no not now of often on
once one only or other our out over perhaps plan please put really remember right same say see she
should since so some something soon still such sure take thank that the their them then there these
they thing think this those though three through time to today together tomorrow too try two under
until up use very want was we well were what when where which while who why will with would yes yet
you your yesterday remind reminder meeting appointment total amount price cost number code date time
morning afternoon evening week weekend month year annual monthly weekly daily"""
_COMMON = frozenset(_COMMON_TEXT.split())


def _ordinary(word: str) -> bool:
    w = re.sub(r"['’](?:s|re|ll|ve|d|m|t)$", "", word.lower()).strip("'’")
    return w in STOP_WORDS or w in _COMMON or w.rstrip("s") in _COMMON


def month_number(word: str) -> int | None:
    """1-12 for a month's name or its abbreviation ("March", "mar", "Sept"), else None."""
    return _MONTH_NUMBER.get(word.lower().rstrip("."))


def _is_date_word(item: str) -> bool:
    return item.lower() in _MONTHS or item.lower() in _DAYS


def _date_word_in_iso_dates(word: str, haystack: str) -> bool:
    """"March" or "Thursday" matches an ISO date in the evidence (2026-03-12 is a Thursday)."""
    for m in re.finditer(r"\b(\d{4})-(\d{2})-(\d{2})", haystack):
        try:
            day = datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            continue
        if word in _DAYS and _DAYS[day.weekday()] == word:
            return True
        if _MONTH_NUMBER.get(word) == day.month:
            return True
    return False


_TITLES = frozenset(["dr", "mr", "mrs", "ms", "mx", "prof", "sr", "jr", "st"])
_MONTH_OF = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}


def _date_key(text: str) -> tuple[int, int, int | None]:
    """(month, day, year or None) of a written-out date."""
    low = text.lower()
    month = next(n for name, n in _MONTH_OF.items() if re.search(rf"\b{name}", low))
    numbers = [int(x) for x in re.findall(r"\d+", low)]
    day = next(n for n in numbers if n <= 31)
    year = next((n for n in numbers if n > 31), None)
    return month, day, year


def _evidence_dates(haystack: str) -> set[tuple[int, int, int | None]]:
    """Every date in the evidence, however written (ISO, day/month/year, words)."""
    found: set[tuple[int, int, int | None]] = set()
    for m in re.finditer(r"\b(\d{4})-(\d{2})-(\d{2})", haystack):
        found.add((int(m.group(2)), int(m.group(3)), int(m.group(1))))
    for m in re.finditer(r"\b(\d{1,2})/(\d{1,2})/(\d{2,4})\b", haystack):
        year = int(m.group(3)) + (2000 if len(m.group(3)) == 2 else 0)
        found.add((int(m.group(2)), int(m.group(1)), year))  # day/month/year, as most of the world
    for m in _DATE_PHRASE.finditer(haystack):
        try:
            found.add(_date_key(m.group(0)))
        except StopIteration:
            continue
    # A date with a year also stands for the same day and month written without one.
    return found | {(mo, d, None) for mo, d, _ in found}


def supported(item: str, haystack: str, numbers: set[str]) -> bool:
    """Whether the specific ``item`` occurs in ``haystack`` (lower case) or its ``numbers``."""
    low = item.lower()
    if _EMAIL.fullmatch(item):
        return low in haystack
    if _DATE_PHRASE.fullmatch(item):
        return _date_key(item) in _evidence_dates(haystack) or (
            _date_key(item)[2] is None and _date_key(item)[:2] in {k[:2] for k in _evidence_dates(haystack)})
    if _NUMBERED.fullmatch(item):
        return " ".join(low.split()) in " ".join(haystack.split())
    if _ISO.fullmatch(item):
        return all(_norm_number(part) in numbers for part in re.split(r"[T ]", item) if part)
    if any(ch.isdigit() for ch in item) and not re.search(r"[A-Za-z]", item):
        return _norm_number(item) in numbers or low in haystack
    if low in haystack:
        return True
    if any(ch.isdigit() for ch in item):
        # Codes: ignore separators ("AB 7731" vs "AB-7731").
        squeezed = re.sub(r"[\s-]", "", low)
        return squeezed in re.sub(r"[\s-]", "", haystack)
    words = [w for w in low.replace("’", "'").split() if w.rstrip(".") not in _TITLES]
    if len(words) > 1:
        # A multi-word name is supported as a phrase, titles aside: "Verulam Motors" does not
        # make "Hatfield Motors" true because a "Hatfield Road" is somewhere in the excerpts.
        flat = " ".join(re.sub(r"[^\w@.'-]+", " ", haystack).split())
        return all(f"{a} {b}" in flat for a, b in itertools.pairwise(words))
    if words and words[0] != low:
        return words[0] in haystack
    if _is_date_word(item):
        return low[:3] in haystack or _date_word_in_iso_dates(low, haystack)
    # Possessives and plurals of a known name.
    return low.rstrip("s").rstrip("'’") in haystack


def unsupported(answer: str, evidence: Iterable[str]) -> list[str]:
    """Specifics of ``answer`` found in none of ``evidence`` (excerpts, question, history)."""
    haystack = "\n".join(evidence).lower()
    spaced = re.sub(r"(?<=\d)t(?=\d)", " ", haystack)  # ISO "2027-03-12t09:30" -> date, time
    numbers = {_norm_number(m.group(0)) for m in _NUMBER.finditer(spaced)}
    # Dates in the evidence also stand for their parts ("2026-03-12" supports "12" and "2026").
    for m in re.finditer(r"\d+", haystack):
        numbers.add(m.group(0).lstrip("0") or "0")
    return [item for item in specifics(answer) if not supported(item, haystack, numbers)]


def unknown_citations(answer: str, shown: Iterable[int]) -> list[str]:
    """Citations in ``answer`` ("[4]") of a source that is not among those ``shown`` with it: a
    small model copies the numbers it saw, or makes one up."""
    known = set(shown)
    found: list[str] = []
    for m in _CITATION.finditer(answer):
        if int(m.group(0)[1:-1]) not in known and m.group(0) not in found:
            found.append(m.group(0))
    return found


__all__ = ["month_number", "specifics", "supported", "unknown_citations", "unsupported"]


_TYPE_PATTERNS: dict[str, re.Pattern[str]] = {
    "amount": re.compile(r"[£$€¥]\s?\d|\d[\d,.]*\s?(?:pounds|euros?|dollars?|eur|gbp|usd|p)\b", re.I),
    # A clock time ("14:40", "7.30", "8pm"), not a price ("€55.00") or a decimal ("36.75").
    "time": re.compile(r"(?<![£$€\d.,])\b(?:[01]?\d|2[0-3])[:.][0-5]\d\b(?![.,]?\d|\s?%)"
                       r"|\b\d{1,2}\s?(?:am|pm)\b|\bnoon\b|\bmidnight\b", re.I),
    "date": re.compile(r"\b\d{4}-\d{2}-\d{2}|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b(?:jan|feb|mar|apr|may|jun|jul|"
                       r"aug|sep|oct|nov|dec)[a-z]*\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.I),
    # ("C-417", "B/22": a letter or few and a number, as a rider's or a locker's number is written.)
    "code": re.compile(r"\b(?=[A-Za-z0-9-]*\d)(?=[A-Za-z0-9-]*[A-Za-z])[A-Za-z0-9]{2,}(?:-[A-Za-z0-9]+)*\b"
                       r"|\b[A-Z]{1,4}(?:[-/]\d+)+\b"
                       r"|\b(?!(?:19|20)\d\d\b)\d{4,}\b|\b\d{3,4}(?:\s\d{3,4}){1,3}\b"),
    # Not inside a longer run of digits (a microchip's 15 digits are no phone number).
    "phone": re.compile(r"(?<![\d+])(?:\+\d{1,3}[\s-]?)?\(?\d{3,5}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)"),
    "email": re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"),
    "quantity": re.compile(r"\b\d+(?:[.,]\d+)?\s?(?:kg|g|lbs?|oz|stone|km|m|cm|mm|miles?|mi|ft|feet|"
                          r"inches|litres?|liters?|l|ml|kwh|mph|km/h|psi|bar|°\s?[cf]|degrees|%)(?!\w)",
                          re.I),
    "number": re.compile(r"\d"),
}
_ADDRESS = re.compile(r"\b\d+[A-Za-z]?,?\s+[A-Z][a-z]+(?:\s[A-Z][a-z]+)*\s(?:Road|Street|St|Lane|Avenue|"
                      r"Ave|Way|Close|Drive|Place|Square|Rua|Calle|Gardens|Terrace|Court|Row|Hill)\b")

#: What kind of specific a question asks for, by its wording (first match wins).
_WANTS: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = tuple(
    (re.compile(pattern, re.I), frozenset(kinds)) for pattern, kinds in (
        (r"\b(?:e-?mail)\b", {"email"}),
        # "When does the deposit mature?": a date, whatever the question is about.
        (r"^\s*(?:from |by |until )?when\b|^\s*(?:on )?what (?:date|day)\b", {"date", "time"}),
        # "What's the date of the review?", "the time of the meeting".
        (r"\bthe date (?:of|for)\b|\bwhat(?:['’]s| is| was) the date\b", {"date", "time"}),
        (r"\bthe time (?:of|for)\b|\bwhat(?:['’]s| is| was) the time\b", {"time"}),
        # A number named by what it numbers is a code; a bare "number" may be a phone's.
        (r"\b(?:account|policy|reference|ref|membership|booking|registration|serial|passport|"
         r"licen[cs]e|patient|prescription|order|invoice|claim|confirmation|customer|tracking|"
         r"member|case|ticket)\b.*\b(?:number|no|code|id)\b|\b(?:reference|ref)\b", {"code"}),
        (r"\b(?:phone|mobile|cell|telephone|landline|(?:do i|to|should i|can i|i|we) (?:ring|call)|"
         r"call (?:him|her|them)|(?:emergency|contact|home|work|office|fax) (?:number|no)|"
         r"\w['’]s (?:number|no))\b", {"phone"}),
        # Any other thing's number ("staff number", "rider number") is a code; "the number for
        # the sportive" may be either.
        (r"\b(?!(?:the|my|your|our|his|her|their|a|an|what|which|house|flat|door|room|phone|contact)\b)"
         r"[a-z]+ (?:number|no)\b", {"code"}),
        (r"\bnumber for\b", {"phone", "code"}),
        (r"\bwhat time\b|\bfrom what time\b|\bwhat hour\b|\bby when\b.*\btime\b", {"time"}),
        (r"\bweigh|\bhow (?:heavy|tall|far|high|deep|big|fast|hot|cold)\b|\bheight\b|\bdistance\b|"
         r"\bmileage\b|\bpressure\b|\btemperature\b|\bpumped\b|\binflated?\b",
         {"quantity"}),
        (r"\bhow much\b|\bcost\b|\bprice\b|\bfee\b|\bdeposit\b|\bcharge\b|\bpay\b|\bpaid\b|\bsalary\b|"
         r"\brent\b|\bbill\b|\bamount\b|\btotal\b|\bpremium\b|\bbalance\b|\bowe\b|\bspen[dt]\b|"
         r"\bfare\b|\bbudget\b|\brefund\b|\bexcess\b|\bdeductible\b|\binsured for\b|\bworth\b|"
         r"\bvalued? at\b|\btake home\b|\bearn", {"amount"}),
        (r"\bhow many\b|\bhow long\b|\bhow old\b|\bhow often\b", {"number"}),
        (r"\bwhen\b|\bwhat date\b|\bwhich day\b|\bwhat day\b|\bexpire|\brenew|\bdue\b|\bdeadline\b",
         {"date", "time"}),
        (r"\b(?:number|code|id|membership|account|policy|serial|booking|registration|pin|passport|"
         r"licen[cs]e)\b", {"code", "phone"}),
        (r"\b(?:result|level|reading|score|measurement|dose|dosage)s?\b", {"number", "quantity"}),
        (r"\bwho\b|\bwhose\b|\bwhich (?:person|company|garage|doctor|dentist|teacher|firm)\b|"
         r"\bname of\b|\bcalled\b", {"name"}),
        # "Which branch", "which contractor": a place, or the firm that is one.
        (r"\bwhere\b|\baddress\b|\bwhich (?:room|street|town|city|place|venue|hotel|restaurant|"
         r"contractor|builder|branch|shop|store|bank|clinic|hospital|surgery|pharmacy|school|club|"
         r"airline|agency|agent|insurer|vet|station|airport|library)\b", {"place", "name"}),
    ))


def wanted_kinds(question: str) -> frozenset[str]:
    """The kinds of specific a question asks for ("when" -> date or time), empty if unclear."""
    for pattern, kinds in _WANTS:
        if pattern.search(question):
            return kinds
    return frozenset()


def specific_kinds(text: str, question: str = "") -> set[str]:
    """The kinds of specific ``text`` holds that the question does not already say."""
    found = {kind for kind, pattern in _TYPE_PATTERNS.items()
             if any(m.group(0).lower() not in question.lower() for m in pattern.finditer(text))}
    names = [n for n in specifics(text) if not any(ch.isdigit() for ch in n)
             and n.lower() not in question.lower() and _names_someone(n, text)]
    if names:
        found.add("name")
    if _ADDRESS.search(text) or (names and _AT_PLACE.search(text)):
        found.add("place")
    return found


#: "at Jo's", "in Lisbon", not "on Saturday" or "in March".
_DATE_PREFIXES = "|".join(sorted({w[:3] for w in (*_MONTHS, *_DAYS)}))
_AT_PLACE = re.compile(rf"\b(?:at|in|on|near)\s+(?!(?i:{_DATE_PREFIXES})[a-z]*\b)[A-Z]")


def _names_someone(name: str, text: str) -> bool:
    """Whether a capitalised ``name`` in ``text`` is evidence of a name: not a day or a month,
    not a field's label ("Teacher:"), and, for one word, not merely capitalised because it opens
    a field's value or a title ("Event: Swimming – Leo")."""
    if _is_date_word(name):
        return False
    spots = [m.start() for m in re.finditer(re.escape(name), text)]
    if spots and all(text[at + len(name):at + len(name) + 1] == ":" for at in spots):
        return False
    if " " in name.strip():
        return True
    return any(not re.search(r"[:…–—-]\s*$", text[:at]) for at in spots)
