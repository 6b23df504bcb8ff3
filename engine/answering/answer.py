"""The answer pipeline: one way from a question to what the person reads, for every surface.

``Answerer.ask(question, ...)`` returns an :class:`AnswerStream` at once; the
work happens as it is iterated (on the caller's worker), yielding
:class:`AnswerEvent` items in this order::

    remembered?  what "remember that …" stored (never silent)
    sources      the excerpts the model will see, numbered as it sees them
    quotes       verbatim sentences of those excerpts that best answer the question
    route        which model answers, and why
    token…       the generated text as it streams (held back a few words by the loop guard)
    done         the finished :class:`Reply`

What the pipeline decides, so that no surface decides it differently:

* **Retrieval** through the one retriever (hybrid BM25 + vectors), confined to
  an allowlist of data classes when a plugin app asks (``classes``; None means
  the person's own use: everything).
* **Relevance**: excerpts count only when their best quote answers the
  question (``engine.answering.quotes.Quote.answers``); otherwise the answer says the
  person's files do not answer it, and a small model does not invent a
  personal fact.
* **Prompt**: a short, truthful system prompt, then only what answers the
  question: on a small model the quotes and the lines around them (a quick
  first token), on a capable model the excerpts up to a budget.
* **Sampling** by model size and kind of request: a repetition penalty, the
  loop guard (``stopped: "loop"``), length limits; a small model asked for a
  plan, an essay, a poem or code answers briefly and says a bigger model would
  do it better.
* **Checking**: the specifics of the generated text that no excerpt holds are
  listed in ``unsupported`` (``engine.answering.support``).
"""

from __future__ import annotations

import itertools
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from engine.answering.headline import (
    Lead,
    closest_quotes,
    looked_up_first,
    maybe_quotes,
    needs_bigger_model,
    sentence_adds,
    small_model_lead,
    small_talk,
    sure_of,
)
from engine.answering.prompting import (
    EchoFilter,
    build_prompt,
    is_open_request,
    prompt_header,
    sampling_card,
    settings_for,
)
from engine.answering.quotes import Passage, Quote, best_quotes
from engine.answering.reply import AnswerEvent, Remembered, Reply
from engine.answering.request import AskOptions, Source
from engine.answering.support import unknown_citations, unsupported
from engine.errors import EngineError
from engine.models.registry import DEFAULT_MODEL
from engine.routing.dispatch import Dispatcher, RemotePlan, plan_remote
from engine.routing.router import Route, Router, classify_task
from engine.running.generate import GenerationSettings, Message
from engine.running.pool import ModelPool
from vault import Vault
from vault.kinds import MEMORY, kinds_of

#: Models with fewer parameters than this get the small-model treatment.
SMALL_PARAMS = 1_000_000_000
SEARCH_LIMIT = 6
QUOTE_FROM = 6  # quotes come from the best this many excerpts
#: What a small model may write beside a value taken from the files: one sentence.
SENTENCE_TOKENS = 48
#: How far below the best quote a second source's best sentence may score and still be sent.
SECOND_SOURCE_GAP = 0.35

BIGGER_MODEL_HINT = ("The built-in model is very small: for plans, letters, essays and code, a bigger "
                     "model does far better (Models → Get a better model, or 'hearth models catalog').")
_ABOUT = re.compile(r"^\s*(?:what (?:can|do) you do|who are you|what are you|what is hearth|what can hearth "
                    r"do|help|what are you able to do|how can you help(?: me)?)\s*[?.!]*\s*$", re.IGNORECASE)
ABOUT_TEXT = ("I'm Hearth, a private assistant running entirely on this computer with {model}. I can "
              "answer questions, explain things and draft short texts, and I can search your notes and "
              "the files you import (documents, e-mail, calendars, contacts) and answer from them with "
              "quotes and sources. Say \"remember that …\" and I keep it in your profile. I cannot browse "
              "the web, make calls, send messages or change your calendar, and nothing you ask leaves "
              "this machine unless you allow it for that request.")


@dataclass(frozen=True)
class Found:
    """What retrieval found for a question: the excerpts, the quotes that answer it (best
    first), the best quote's score, and the closest quotes of one or two excerpts whether or not
    they answer (empty when nothing retrieved is related to the question at all)."""

    sources: list[Source]
    quotes: list[Quote]
    best: float
    closest: list[Quote] = field(default_factory=list)
    #: Said with the answer when search by meaning does not cover every passage yet.
    note: str = ""
    #: Whether the best quote may lead a small model's answer (``headline.sure_of``); else what
    #: "I'm not sure; this may be it:" shows.
    sure: bool = True
    maybe: list[Quote] = field(default_factory=list)


class Searcher(Protocol):
    """What the pipeline needs of a retriever (``engine.search.retrieval.Retriever``)."""

    embedder: Any

    def search(self, query: str, *, limit: int = 10, notes: bool = True,
               kinds: frozenset[str] | None = None) -> list[Any]: ...


ConsentHook = Callable[[RemotePlan], bool]


class Answerer:
    """The pipeline over one process's parts (see the module docstring)."""

    def __init__(self, pool: ModelPool, *, vault: Vault | None = None,
                 searcher: Callable[[], Searcher] | None = None,
                 router: Callable[[], Router] | None = None,
                 dispatcher: Dispatcher | None = None,
                 known_names: Callable[[], list[str]] = list) -> None:
        self.pool = pool
        self.vault = vault
        self._searcher = searcher
        self._router = router
        self.dispatcher = dispatcher
        self._known_names = known_names

    def ask(self, question: str, *, consent: ConsentHook | None = None,
            cancel: threading.Event | None = None, **options: Any) -> AnswerStream:
        fixed: dict[str, Any] = {k: tuple(v) if k in ("history", "stop") else v
                                 for k, v in options.items()}
        opts = AskOptions(**fixed)
        question = question.strip()
        if not question:
            raise EngineError("ask needs a question")
        return AnswerStream(self, question, opts, consent, cancel or threading.Event())

    # -- the steps ---------------------------------------------------------------------------------

    def remember(self, question: str) -> tuple[Remembered, ...]:
        if self.vault is None:
            return ()
        from vault.memory import add_memory, detect_remember

        found = detect_remember(question)
        if found is None:
            return ()
        kind, fact = found
        return (Remembered(int(add_memory(self.vault, fact, kind=kind)), kind, fact),)

    def retrieve(self, question: str, opts: AskOptions, *, skip_memory: Sequence[int] = (),
                 ) -> tuple[list[Source], list[Quote], float]:
        """(sources, quotes, best quote score); empty when nothing relevant was found."""
        found = self.find(question, opts, skip_memory=skip_memory)
        return (found.sources if found.quotes else []), found.quotes, found.best

    def find(self, question: str, opts: AskOptions, *, skip_memory: Sequence[int] = ()) -> Found:
        """What the person's files hold for ``question`` (see :class:`Found`)."""
        if self.vault is None or not opts.use_context:
            return Found([], [], 0.0)
        kinds = None if opts.classes is None else kinds_of(opts.classes)
        sources: list[Source] = []
        note = ""
        if self._searcher is not None and (kinds is None or kinds - {MEMORY}) and _has_data(self.vault):
            searcher = self._searcher()
            hits = searcher.search(question, limit=SEARCH_LIMIT, kinds=kinds)
            for n, hit in enumerate(hits, start=1):
                sources.append(Source(n=n, kind=hit.kind, path=hit.path,
                                      title=hit.title if hit.kind == "chunk" else "your note",
                                      location=hit.location, doc_kind=hit.doc_kind, score=hit.score,
                                      chunk_id=hit.id if hit.kind == "chunk" else None,
                                      note_id=hit.id if hit.kind == "note" else None,
                                      source_id=hit.source_id, text=hit.text))
            embedder = searcher.embedder
            note = _embedding_note(self.vault, embedder)
        else:
            embedder = None
        if kinds is None or MEMORY in kinds:
            from vault.memory import relevant_memory

            for item in relevant_memory(self.vault, question, limit=3):
                if int(item.id) in skip_memory:
                    continue  # just remembered: it is reported as such, not as a source
                sources.append(Source(n=len(sources) + 1, kind="memory", title="what you asked me to "
                                      "remember", memory_id=int(item.id), text=item.text))
        if not sources:
            return Found([], [], 0.0, note=note)
        if embedder is None:
            from engine.search.embeddings import default_embedder

            embedder = default_embedder()
        passages = [Passage(s.text, s.n, s.path, s.title, s.location) for s in sources[:QUOTE_FROM]]
        passages += [Passage(s.text, s.n, s.path, s.title, s.location)
                     for s in sources[QUOTE_FROM:] if s.kind == "memory"]
        found = best_quotes(question, passages, embedder, limit=QUOTE_FROM + 2)
        # Only a quote that answers may be shown (one that merely resembles the question is
        # passed over for the next that answers, not allowed to hide it).
        ranked = [q for q in found if q.answers]
        best = ranked[0].score if ranked else (found[0].score if found else 0.0)
        if not ranked:
            closest = closest_quotes(question, found)
            return Found([s for s in sources if s.n in {q.n for q in closest}], [], best, closest, note)
        # Keep the second quote only when it is nearly as good.
        quotes = [q for q in ranked[:2] if q.score >= best - 0.2]
        # The best sentence of another source that also answers goes to the model too: two
        # sources agreeing, or a second place to look when the first quote is the wrong one.
        cited = {q.n for q in quotes}
        other = next((q for q in ranked if q.n not in cited and q.score >= best - SECOND_SOURCE_GAP),
                     None)
        if other is not None:
            sources = [replace(s, glimpse=other.text) if s.n == other.n else s for s in sources]
        sure = sure_of(question, quotes[0], found)
        return Found(sources, quotes, best, closest_quotes(question, found), note, sure,
                     [] if sure else maybe_quotes(question, quotes[0], found))

    def route(self, question: str, messages: list[Message], opts: AskOptions, personal: bool) -> Route:
        task = opts.task or classify_task([{"role": "user", "content": question}])
        if self._router is None:
            name = opts.model or DEFAULT_MODEL
            return Route(name, False, task, "you chose this model" if opts.model else "the default model",
                         personal=personal)
        router = self._router()
        model = opts.model
        endpoint = (self.dispatcher.remotes.find(model)
                    if model and self.dispatcher is not None else None)
        if endpoint is not None and not endpoint.enabled:
            raise EngineError(f"the remote model {endpoint.name} is disabled: "
                              f"'hearth models enable {endpoint.name}' lets Hearth use it")
        if model and model not in router.candidates:
            from engine.routing.router import Candidate

            entry = self.pool.registry.resolve(model)  # a GGUF path works as a model name
            router.candidates[entry.name] = Candidate(entry.name, False, 0)
            model = entry.name
        # A label the person chose is kept; Hearth's own guess may be replaced by the label the
        # router reads from the person's eval examples.
        return router.route(messages, task=task, personal_context=personal, preference=opts.prefer,
                            model=model, known_names=self._known_names(),
                            remote_consent=opts.allow_remote, task_given=opts.task is not None)

    def parameters(self, route: Route) -> int:
        """The answering model's size (0 for a remote: treated as capable)."""
        if route.remote:
            return 0
        return self.pool.get(route.model).gguf.parameter_count


def _has_data(vault: Vault) -> bool:
    from vault.sources import has_searchable_data

    return has_searchable_data(vault)


def _embedding_note(vault: Vault, embedder: Any) -> str:
    """What to say when passages still wait for their vectors (a big import still embedding)."""
    from vault.sources import count_missing_embedding

    left = count_missing_embedding(vault, model=str(embedder.model_id), other_models=False)
    if not left:
        return ""
    return (f"search by meaning is not complete yet: {left} passage(s) still wait for embeddings "
            "(the app adds them while it runs, or 'hearth embed'); keyword search covers them")


class AnswerStream:
    """A running answer: iterate for :class:`AnswerEvent` items; ``reply`` when done."""

    def __init__(self, answerer: Answerer, question: str, opts: AskOptions,
                 consent: ConsentHook | None, cancel: threading.Event) -> None:
        self.answerer = answerer
        self.question = question
        self.opts = opts
        self.consent = consent
        self._cancel = cancel
        self.reply: Reply | None = None
        self._started = False

    def cancel(self) -> None:
        self._cancel.set()

    def result(self) -> Reply:
        for _ in self:
            pass
        if self.reply is None:
            raise EngineError("the answer ended without a reply")
        return self.reply

    def __iter__(self) -> Iterator[AnswerEvent]:
        if self._started:
            return
        self._started = True
        yield from self._run()

    def _run(self) -> Iterator[AnswerEvent]:
        a, q, opts = self.answerer, self.question, self.opts
        began = time.perf_counter()
        timings: dict[str, float] = {}
        remembered = a.remember(q) if opts.remember else ()
        if remembered:
            yield AnswerEvent("remembered", remembered=remembered)
        # Writing and explaining are not questions about the person's files: nothing is quoted
        # (a "how" or "why" about their own life is looked up first: the files may answer it).
        request = needs_bigger_model(q)
        look_first = bool(request) and looked_up_first(q)
        skip = (bool(request) and not look_first) or small_talk(q)  # (a greeting: nothing to look up)
        t0 = time.perf_counter()
        found = (Found([], [], 0.0) if skip else
                 a.find(q, opts, skip_memory=[r.memory_id for r in remembered]))
        if look_first and (found.quotes or found.closest):
            request = ""  # the files hold something related: it is a question about them
        elif look_first:
            found, skip = Found([], [], 0.0, note=found.note), True
        timings["retrieval_s"] = time.perf_counter() - t0
        notes = (found.note,) if found.note else ()
        looked = a.vault is not None and opts.use_context and not skip
        quotes = found.quotes or found.closest
        grounding = ("personal" if found.quotes else "unsure" if found.closest
                     else "not_found" if looked else "general")
        # The model is given the closest quotes when none clearly answers (a capable one may
        # still read the answer in them; the support check reads what it writes).
        shape = "personal" if quotes else grounding
        personal = shape == "personal"
        sources = found.sources
        # Route on a first prompt (small-model shape); rebuilt below if the model is capable.
        messages, used = build_prompt(q, opts, sources, quotes, small=True, grounding=shape)
        route = a.route(q, messages, opts, personal)
        small = 0 < a.parameters(route) < SMALL_PARAMS
        if not small:
            messages, used = build_prompt(q, opts, sources, quotes, small=False, grounding=shape)
        if small and grounding == "personal" and not found.sure:
            # Two excerpts could each be the answer, or the best holds nothing of the kind asked
            # for: a small model's answer says it is not sure and shows both.
            grounding, quotes = "unsure", found.maybe
        elif small and grounding == "unsure":
            quotes = found.closest  # the one or two passages that may answer, shown as they are
        if small and personal:
            cited = {x.n for x in quotes}
            used = [s for s in sources if s.n in cited or (s.glimpse and grounding == "personal")] or used
        lead = Lead()
        if small:
            said = [str(m.get("content", "")) for m in opts.history if m.get("role") == "user"]
            lead = small_model_lead(q, grounding=grounding, request=request, quotes=quotes,
                                    remembered=[r.text for r in remembered], said=said)
        yield AnswerEvent("sources", sources=tuple(used))
        if quotes:
            yield AnswerEvent("quotes", quotes=tuple(quotes))
        if _ABOUT.match(q):
            # Hearth describes itself from what it is, not from what a model imagines.
            label = (f"{route.model} (a remote model you enabled)" if route.remote
                     else a.pool.get(route.model).gguf.name)
            lead = Lead(ABOUT_TEXT.format(model=label), generate=False)
            quotes, used, grounding = [], [], "general"
        yield AnswerEvent("route", route=route, lead=lead.headline)
        notice = ""
        if small and not lead.headline and grounding != "personal" and is_open_request(q):
            notice = BIGGER_MODEL_HINT
        if lead.headline:
            yield AnswerEvent("token", text=lead.headline)
            timings["ttft_s"] = time.perf_counter() - began
        if not lead.generate or self._cancel.is_set():  # (stopped as the headline was shown)
            timings["total_s"] = time.perf_counter() - began
            stopped = "cancelled" if lead.generate else "stop"
            self.reply = Reply(q, lead.headline, stopped, route.model, route, grounding, lead.headline,
                               sources=tuple(used), quotes=tuple(quotes), remembered=remembered,
                               notice=notice, notes=notes, timings=timings)
            yield AnswerEvent("done", reply=self.reply)
            return
        card = {} if route.remote else sampling_card(a.pool.get(route.model).gguf.metadata)
        settings = settings_for(q, opts, small=small, grounding=shape, card=card)
        if lead.check_sentence and opts.max_tokens is None:
            settings = replace(settings, max_tokens=SENTENCE_TOKENS)  # one sentence beside the value
        consent_sha: str | None = None
        if route.remote and route.personal:
            route, consent_sha = self._ask_consent(route, messages, settings)
        generation = self._start(route, messages, settings, consent_sha)
        labels = [(s.n, prompt_header(s)) for s in used] if personal else []
        echo = EchoFilter(labels)
        # The model's words stream as they come, except a sentence beside a value taken from the
        # files: that one is shown only once it is known to agree with the quote.
        held = lead.check_sentence
        shown: list[str] = []  # the deltas, with the prompt's labels the model copied taken out
        first: float | None = None
        gap = "\n\n" if lead.headline else ""
        try:
            for delta in itertools.chain(generation, [None]):  # None: the end, flush what is held
                piece = echo.flush() if delta is None else echo.feed(delta)
                if not piece:
                    continue
                if not shown and gap:
                    piece = gap + piece.lstrip()
                shown.append(piece)
                if not held:
                    first = first or time.perf_counter()
                    yield AnswerEvent("token", text=piece)
        finally:
            if generation.answer is None:
                generation.cancel()
        answer = generation.answer
        assert answer is not None
        end = time.perf_counter()
        timings.setdefault("ttft_s", (first or end) - began)
        timings["total_s"] = end - began
        if answer.timings is not None:
            timings.update(prompt_s=answer.timings.prompt_s, generation_s=answer.timings.generation_s,
                           generation_tokens_per_s=answer.timings.generation_tokens_per_s)
        written = "".join(shown).strip()  # what the model wrote (the deltas make up answer.text)
        if held:
            agrees = (not unknown_citations(written, (s.n for s in used))
                      and sentence_adds(written, " ".join(x.text for x in quotes), q, lead.headline))
            written = written if agrees and answer.finish_reason != "cancelled" else ""
            if written:
                yield AnswerEvent("token", text=gap + written)
        text = f"{lead.headline}{gap}{written}" if written and lead.headline else (lead.headline or written)
        flagged: tuple[str, ...] = ()
        if personal and written:
            evidence = [s.text for s in used] + [q] + [str(t.get("content", "")) for t in opts.history
                                                       if t.get("role") == "user"]
            flagged = tuple(unsupported(written, evidence)) + tuple(
                unknown_citations(written, (s.n for s in used)))
        model_used = getattr(generation, "model_used", "") or route.model
        self.reply = Reply(q, text, answer.finish_reason, model_used, route, grounding, lead.headline,
                           sources=tuple(used), quotes=tuple(quotes), unsupported=flagged,
                           remembered=remembered, notice=notice,
                           notes=notes + tuple(getattr(generation, "notes", ())), answer=answer,
                           timings=timings)
        yield AnswerEvent("done", reply=self.reply)

    def _ask_consent(self, route: Route, messages: list[Message],
                     settings: GenerationSettings) -> tuple[Route, str | None]:
        a = self.answerer
        if a.dispatcher is None:
            raise EngineError("remote models need the dispatcher")
        plan = plan_remote(a.dispatcher.remotes, route.model, messages, settings,
                           redact=self.opts.redact, known_names=a._known_names())
        if self.consent is not None and self.consent(plan):
            return route, plan.sha256
        if self.opts.model:
            raise EngineError("not sent; nothing left this machine")
        local = a.route(self.question, messages, replace(self.opts, prefer="local"), route.personal)
        return local, None

    def _start(self, route: Route, messages: list[Message], settings: GenerationSettings,
               consent_sha: str | None) -> Any:
        a = self.answerer
        if a.dispatcher is not None:
            return a.dispatcher.start(route, messages, settings=settings, consent_sha256=consent_sha,
                                      consent_endpoint=route.model if consent_sha else None,
                                      redact=self.opts.redact, known_names=a._known_names(),
                                      cancel=self._cancel)
        return a.pool.chat(messages, model=route.model, settings=settings, cancel=self._cancel)


__all__ = ["AnswerEvent", "AnswerStream", "Answerer", "AskOptions", "Remembered", "Reply", "Source"]
