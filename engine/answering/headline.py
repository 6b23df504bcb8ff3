"""What an answer leads with on a small model: the value asked for, taken from the quote.

A tiny model that has the right sentence in front of it still writes the wrong number
("1352" beside "TP1359"). So on a small model the answer to a personal fact is taken from
the files, not composed: :func:`value_of` finds in the best quote the one value of the kind
the question asks for (``engine.answering.support.wanted_kinds``: a date, a time, an amount,
a code, a phone number, an e-mail address, a name, a place, a quantity or a count), word for
word as the file writes it. Where the quote holds none, or several that the question does
not tell apart, there is no value and the quote itself is the answer.

:func:`sentence_adds` says whether the model's own sentence may be shown beside the value:
only when every specific it states is in the quote, it states the value (when there is
one), and it says something the value and the question did not.

:func:`about_own_life` and :func:`needs_bigger_model` read what kind of request a question is:
a fact about the person's own life (which a small model must never invent), or writing and
explaining (which the person's files do not answer and a small model does poorly).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from engine.answering.quotes import Quote
from engine.answering.support import specific_kinds, specifics, unsupported, wanted_kinds
from engine.text import content_words, spelled_out, stem

NOT_FOUND_TEXT = "I found nothing in your files that answers this."
UNSURE_TEXT = "I'm not sure; this may be it:"
_BETTER = "a bigger model does far better (Models → Get a better model, or 'hearth models catalog')"
WRITING_TEXT = ("I'm a very small model: I write letters, stories, plans and code poorly, and explain "
                f"things only roughly; {_BETTER}. A short try:")
ADVICE_TEXT = ("I'm a very small model and not good at explaining money, health or the law: what I "
               f"would write could well be wrong. {_BETTER[0].upper()}{_BETTER[1:]}; for a decision, "
               "ask someone qualified.")
#: A quote this close to the question (cosine), or sharing one of its words, is related to it.
RELATED_SIMILARITY = 0.35


@dataclass(frozen=True)
class Lead:
    """How a small model's answer begins: the ``headline`` (shown first, before any model
    text), whether the model writes after it (``generate``), and whether what it writes is
    shown only once checked against the quote (``check_sentence``). Empty: the model writes."""

    headline: str = ""
    generate: bool = True
    check_sentence: bool = False


def small_model_lead(question: str, *, grounding: str, request: str, quotes: Sequence[Quote],
                     remembered: Sequence[str] = (), said: Sequence[str] = ()) -> Lead:
    """What a small model's answer leads with (see the module docstring). ``said``: what the
    person wrote earlier in this conversation."""
    if request == "advice":
        return Lead(ADVICE_TEXT, generate=False)
    if request == "writing":
        return Lead(WRITING_TEXT)
    if grounding == "unsure":
        return Lead(UNSURE_TEXT, generate=False)
    if grounding == "not_found" and about_own_life(question):
        if not remembered and said_earlier(question, said):
            return Lead()  # the person told it in this conversation: the model reads it there
        return Lead(f"Remembered: {remembered[0]}" if remembered else NOT_FOUND_TEXT, generate=False)
    if grounding == "personal" and quotes:
        value = value_of(question, quotes[0].text)
        if value:
            return Lead(value, check_sentence=True)
        return Lead(f"“{quotes[0].text}” [{quotes[0].n}]", generate=False)
    return Lead()


#: A small model's best quote leads only when it beats every rival (a sentence that could be the
#: answer instead) by this much, else Hearth says it is not sure and shows both. A value taken
#: from the quote needs less: a rival must then hold a value of the kind asked for too.
CONFIDENT_MARGIN = 0.25
VALUE_MARGIN = 0.15
#: "About $3,200 all in, not counting the ferry": the quote's value is said not to cover the
#: thing asked about.
_EXCLUDES = re.compile(r"\b(?:not counting|not including|excluding|except(?: for)?|apart from|other than|"
                       r"besides)\s+(?:the\s+|our\s+|my\s+|your\s+)?([\w'’-]+)", re.I)


def sure_of(question: str, quote: Quote, found: Sequence[Quote]) -> bool:
    """Whether ``quote`` (the best that answers) may lead a small model's answer: it holds the
    kind of thing the question asks for, does not say it leaves out what is asked about, and
    no rival comes close to it. With a value to lead with, that value must be read as the kind
    asked for (a place from a "Where:" field, an address or after "at", not a bare name)."""
    if not holds_kind(question, quote.text):
        return False
    asked = _question_words(question)
    if any(stem(m.group(1).lower()) in asked for m in _EXCLUDES.finditer(quote.text)):
        return False
    value = value_of(question, quote.text)
    if value and not _read_as_asked(question, quote.text, value):
        return False
    other = _rival(question, quote, found, holding=bool(value))
    margin = VALUE_MARGIN if value else CONFIDENT_MARGIN
    return other is None or quote.score - other.score >= margin


def _read_as_asked(question: str, text: str, value: str) -> bool:
    """For a place asked for ("Where is …?"), whether ``value`` is written as a place in
    ``text``; other kinds are read as asked by their pattern."""
    if "place" not in wanted_kinds(question):
        return True
    marked = (_PLACE_FIELD.search(text) or _NUMBERED_PLACE.search(text) or _ADDRESS.search(text))
    return any(value in text[s:e] or text[s:e] in value for s, e in _spans("place", text)
               if marked or _after_place_word(text, s))


def _rival(question: str, quote: Quote, found: Sequence[Quote], *, holding: bool = False,
           ) -> Quote | None:
    """The best other sentence that could be the answer instead: of another excerpt, or of the
    same one when it holds a different value of the kind asked for (the flight out and the
    flight back in one booking). ``holding``: only one that holds a value of the kind asked for
    (a sentence without one cannot be the answer to "What time …?")."""
    wants = wanted_kinds(question)
    mine = value_of(question, quote.text)
    for x in found:
        if x is quote or x.text == quote.text:
            continue
        holds = holds_kind(question, x.text)
        if holding and wants and not holds:
            continue
        if x.n != quote.n:
            return x
        if wants and holds and value_of(question, x.text) != mine:
            return x
    return None


def maybe_quotes(question: str, quote: Quote, found: Sequence[Quote]) -> list[Quote]:
    """What "I'm not sure; this may be it:" shows when the best quote is not sure: it, and the
    sentence that rivals it when that one is related to the question."""
    other = _rival(question, quote, found)
    return [quote, *closest_quotes(question, [other] if other is not None else [], limit=1)]


def closest_quotes(question: str, found: Sequence[Quote], *, limit: int = 2) -> list[Quote]:
    """The best quote of each of the first ``limit`` excerpts related to ``question`` at all
    (``found`` best first): close in meaning or sharing one of its words, and holding the kind of
    thing it asks for, if it asks for one. Empty when none is."""
    wants = wanted_kinds(question)
    out: list[Quote] = []
    for q in found:
        if any(q.n == x.n for x in out) or not (q.similarity >= RELATED_SIMILARITY or q.shared >= 1):
            continue
        if wants and not specific_kinds(q.text, question) & wants:
            continue
        out.append(q)
        if len(out) == limit:
            break
    return out


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
                  r"mph|km/h|psi|bar|°\s?[CF]|degrees(?: [CF]\w*)?|%|per ?cent)(?!\w)")
_PATTERNS: dict[str, re.Pattern[str]] = {
    "email": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    "phone": re.compile(r"(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,5}\)[\s.-]?)?\d{2,5}(?:[\s.-]\d{2,5}){1,4}"
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


def _question_words(question: str) -> set[str]:
    return {stem(w) for w in content_words(question)}


def _stems(text: str) -> set[str]:
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
    score = float(len(words & _stems(f"{before} {value} {after}")))
    key = re.search(r"([A-Z][\w' /&-]{0,28}):\s*$", before)
    if key and words & _stems(key.group(1)):
        score += 1
    if _STALE.search(before) and not _STALE.search(question):
        score -= 1.5
    if before.count("(") > before.count(")"):
        score -= 0.5
    if re.match(r"\s*who\b", question, re.I) and _PLACE_WORDS.search(value):
        score -= 1
    return score


def value_fit(question: str, text: str) -> float:
    """How tightly ``text`` ties a value of the kind asked for to the question's own words (the
    best :func:`_fit` of its values; -1 when it holds none): "Booking number: HB-99310442" for
    "What's the booking number for the hotel?" more than a postcode in the hotel's address."""
    values = _values(question, text, wanted_kinds(question))
    if not values:
        return -1.0
    words = _question_words(question) | {stem(x) for w in content_words(question) for x in spelled_out(w)}
    return max(_fit(question, words, text, span, (0, len(text))) for span in values.values())


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
        return ""  # several names or places: which is meant is the quote's to show
    if _WHOLE.search(question):
        # "The whole bill, water included": the one the file calls the total, not a part of it.
        totals = [v for v, (start, _) in values.items()
                  if re.search(r"\btotal\b[^.;\d£$€]{0,20}$", text[max(0, start - 30):start], re.I)]
        if len(totals) == 1:
            return totals[0]
    words = _question_words(question) | {stem(x) for w in content_words(question) for x in spelled_out(w)}
    ordered = sorted(values.items(), key=lambda kv: kv[1])
    scored = sorted(((_fit(question, words, text, sp,
                           (ordered[i - 1][1][1] if i else 0,
                            ordered[i + 1][1][0] if i + 1 < len(ordered) else len(text))), v)
                     for i, (v, sp) in enumerate(ordered)), reverse=True)
    if scored[0][0] >= scored[1][0] + 1:
        return scored[0][1]
    return ""


def holds_kind(question: str, text: str) -> bool:
    """Whether ``text`` holds any value of the kind ``question`` asks for (True when it asks for
    no kind): a value the question does not already state, nor the one it asks about."""
    kinds = wanted_kinds(question)
    return not kinds or bool(_values(question, text, kinds))


def _values(question: str, text: str, kinds: frozenset[str]) -> dict[str, tuple[int, int]]:
    """Every value of ``kinds`` in ``text`` (value → where), less those the question states."""
    if not kinds:
        return {}
    spans: list[tuple[int, int]] = []
    for kind in sorted(kinds):
        spans += _spans(kind, text)
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


_FILLER_TEXT = """answer answers say says said according file files excerpt excerpts note notes
quote cited cite yes also just"""
_FILLER = frozenset(_FILLER_TEXT.split())


def sentence_adds(sentence: str, quote: str, question: str, value: str) -> bool:
    """Whether the model's ``sentence`` may be shown beside ``value``: every specific it states
    is in ``quote``, it states ``value`` (when there is one), and it says something that
    neither the value nor the question does."""
    bare = re.sub(r"\[\d{1,2}\]", " ", sentence).strip()
    if not bare:
        return False
    if unsupported(bare, [quote, question]):
        return False
    if value and unsupported(value, [bare]):
        return False
    said = _question_words(question) | _question_words(value) | {stem(w) for w in _FILLER}
    new = {stem(w) for w in content_words(bare)} - said
    # It adds something only if some of what it adds is the quote's (not a paraphrase of the
    # question around the value).
    return bool(new & {stem(w) for w in content_words(quote)})


#: Words of a question about the person's own life that needs no "my": their people, home,
#: appointments, accounts and documents.
_OWN_LIFE = re.compile(
    r"\b(?:my|mine|me|i|i'm|i've|our|ours|we|us|family|household|home|house|flat|landlord|"
    r"neighbou?rs?|doctor|gp|dentist|vet|surgery|clinic|appointment|check-?up|wife|husband|partner|"
    r"son|daughter|kids?|children|mum|mom|dad|grand(?:ma|pa|mother|father|son|daughter)|sister|"
    r"brother|aunt|uncle|cousin|boss|nanny|babysitter|childminder|cleaner|plumber|electrician|"
    r"builder|mechanic|garage|school|teacher|nursery|birthday|anniversary|wedding|passport|licen[cs]e|"
    r"insurance|policy|premium|mortgage|rent|lease|tenancy|deposit|bills?|invoice|payslip|salary|"
    r"pension|account|pin|password|wi-?fi|alarm code|booking|reservation|flight|ticket|parcel|"
    r"delivery|bins?|boiler|meter|car|registration|pet|dog|cat|pup(?:py)?|kitten|allotment|"
    r"subscription|membership|prescription|medication|vaccination)\b", re.IGNORECASE)


def said_earlier(question: str, said: Sequence[str]) -> bool:
    """Whether the person wrote something about this earlier in the conversation ("My cat is
    called Pixel." before "What is my cat called?"): a content word of the question in one of
    their messages."""
    words = _question_words(question) - _FRAME
    return bool(words) and any(words & _stems(text) for text in said)


#: Words that frame a question rather than say what it is about ("what is my dog called").
_FRAME = {stem(w) for w in ("called", "named", "name", "number", "say", "said", "tell", "told",
                            "know", "get", "got", "have", "had", "remember")}


def about_own_life(question: str) -> bool:
    """Whether ``question`` asks about the person's own life ("Who's the family doctor?")."""
    return bool(_OWN_LIFE.search(question))


_WRITING = re.compile(
    r"^\s*(?:please\s+|can you\s+|could you\s+|would you\s+|help me\s+)?(?:write|draft|compose|"
    r"create|make up|rewrite|rephrase|translate|plan|design|outline|suggest|give me|"
    r"list|tell me a (?:story|joke|poem)|explain|describe|teach me|how (?:does|do|did|can|should|would)"
    r"|why (?:does|do|is|are)|what (?:is|are) (?:a|an|the difference))\b", re.IGNORECASE)
_COMPOSE = re.compile(r"^\s*(?:please\s+|can you\s+|could you\s+|would you\s+|help me\s+)?"
                      r"(?:write|draft|compose|explain|rewrite|rephrase|translate)\b", re.IGNORECASE)
_SENSITIVE = re.compile(
    r"\b(?:tax|taxes|isa|pension|mortgage|interest rate|invest\w*|stocks?|shares|bonds?|loan|debt|"
    r"credit|inflation|finance|financial|budget|diagnos\w*|symptoms?|treatment|medicine|medication|"
    r"dose|surgery|operation|illness|disease|cancer|heart|pregnan\w*|health|law|legal|lawyer|solicitor|"
    r"court|contract|rights|tenancy law|divorce|custody|will and testament|inheritance|visa|immigration)\b",
    re.IGNORECASE)


_SMALL_TALK = re.compile(r"^\s*(?:hello|hi|hey|hiya|good (?:morning|afternoon|evening)|thanks|thank you|"
                         r"how are you)\b", re.IGNORECASE)


def small_talk(question: str) -> bool:
    """A greeting or thanks ("Hello! What can you do?"): nothing to look up in the files."""
    return bool(_SMALL_TALK.match(question))


def needs_bigger_model(question: str) -> str:
    """"writing" for writing and explaining, "advice" for explanations of finance, health or law
    (where a tiny model's mistakes cost the most), "" for anything else. A request for one of
    the person's facts ("Give me Ingrid's number", "List my flights") is none of those."""
    found = _WRITING.search(question)
    if found is None:
        return ""
    if not _COMPOSE.match(found.group(0)) and wanted_kinds(question):
        return ""
    return "advice" if _SENSITIVE.search(question) else "writing"


__all__ = [
    "ADVICE_TEXT",
    "CONFIDENT_MARGIN",
    "NOT_FOUND_TEXT",
    "UNSURE_TEXT",
    "WRITING_TEXT",
    "Lead",
    "about_own_life",
    "closest_quotes",
    "maybe_quotes",
    "needs_bigger_model",
    "sentence_adds",
    "small_model_lead",
    "small_talk",
    "sure_of",
    "value_of",
]
