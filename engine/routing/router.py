"""The router: which model answers a request, and why.

Inputs: the task label (given, or read from the prompt), the prompt's length and
difficulty signals, whether personal data is attached or detected, each
model's measured quality and speed on that task (from the user's own eval
runs), and the user's preference:

- ``auto``: for the task, the cheapest model that meets the quality bar;
- ``best``: the highest score; ``fastest``: the fastest model meeting the bar;
- ``local``: like ``auto``, but never a remote model.

"Cheapest" orders local models by parameter count and puts remote ones after
every local one: they cost network, money and exposure. A model of the person's
own paired device (``Candidate.device``) counts like a local model of its size:
it is reached through the link, not a third party. Personal requests may go to
it only when the person said so at pairing (``personal_ok``); and with no eval
results, a prompt that looks hard goes to the biggest device model that is
bigger than the default (a device's model costs this computer nothing to load). Rules in the policy
override all of this. With no eval results for a task, the default model
answers unless the prompt looks hard and a bigger local model is there.

Task labels are the person's own: an eval set's ``task`` is any label
(``fact``, ``math``, ``letters``…). Given :class:`LabelExamples` (the eval
inputs with their labels and embeddings, kept in the vault by
:mod:`engine.routing.evals`) and an ``embed`` callable, the router reads a request's
label from its nearest examples and says which example was closest. With no
examples, :func:`classify_task`'s heuristics and its five names (``TASKS``)
are the fallback. A label the caller passes is taken as given, except the
heuristic's own guess for the request when examples exist (the answer
pipeline passes that guess; the examples know the person's labels better).

The privacy guard lives here too: a request that carries personal context, or
that :mod:`engine.routing.privacy` flags, is never routed to a remote model unless the
caller brings the user's consent for exactly that payload (its SHA-256).
``Route.blocked`` says which remote models were held back and why.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from engine.errors import EngineError, ModelNotFound, RemoteNotAllowed
from engine.routing.privacy import is_personal

Message = dict[str, str]
TASKS = ("chat", "quick", "summarise", "extract", "code")
PREFERENCES = ("auto", "best", "fastest", "local")
REMOTE_COST = 10**15  # after any local model

_CODE = re.compile(r"```|\bdef |\bclass |\bfunction\b|\bimport \w|#include|\bSELECT\b.*\bFROM\b|"
                   r"\b(?:python|javascript|typescript|rust|golang|bash|regex|sql)\b|\bcode\b|\bbug\b",
                   re.IGNORECASE)
_SUMMARY = re.compile(r"\b(?:summar(?:y|ise|ize)|tl;?dr|key points|in short|condense)\b", re.IGNORECASE)
_EXTRACT = re.compile(r"\b(?:extract|list (?:all|every)|pull out|as json|in json|fields?|parse)\b",
                      re.IGNORECASE)
_HARD = re.compile(r"\b(?:why|explain|compare|prove|derive|step by step|analy[sz]e|plan|design|"
                   r"trade-?offs?|evaluate)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Signals:
    chars: int
    approx_tokens: int
    hard_words: int
    has_code: bool

    @property
    def hard(self) -> bool:
        return self.approx_tokens > 600 or self.hard_words >= 2 or self.has_code


def read_signals(messages: Sequence[Message]) -> Signals:
    text = next((m.get("content", "") for m in reversed(messages) if m.get("role") == "user"), "")
    return Signals(chars=len(text), approx_tokens=max(1, len(text) // 4),
                   hard_words=len(_HARD.findall(text)), has_code=bool(_CODE.search(text)))


def question_text(messages: Sequence[Message]) -> str:
    """The person's own words in the last user turn (without excerpts the pipeline put around them)."""
    text = next((m.get("content", "") for m in reversed(messages) if m.get("role") == "user"), "")
    if "\n\nQuestion: " in text:
        text = text.rsplit("\n\nQuestion: ", 1)[1]
    for tail in ("\n\n(My own files have nothing on this.", "\n\nReply in at most three short"):
        text = text.split(tail, 1)[0]
    return text


MAX_LABEL = 40
K_NEIGHBOURS = 5


def valid_label(label: object) -> str:
    """A task label as stored: any non-empty text of at most 40 characters, trimmed."""
    if not isinstance(label, str) or not label.strip() or len(label.strip()) > MAX_LABEL:
        raise EngineError(f"a task label is a non-empty text of at most {MAX_LABEL} characters "
                          f"(got {label!r})")
    return label.strip()


@dataclass(frozen=True)
class LabelExamples:
    """Labelled example prompts and their embeddings (rows of norm 1), to recognise labels by."""

    labels: tuple[str, ...]
    texts: tuple[str, ...]
    vectors: np.ndarray  # float32, shape (len(texts), dim)

    def __post_init__(self) -> None:
        if not (len(self.labels) == len(self.texts) == len(self.vectors)):
            raise EngineError("label examples: labels, texts and vectors differ in number")

    @property
    def names(self) -> frozenset[str]:
        return frozenset(self.labels)

    def __len__(self) -> int:
        return len(self.labels)


@dataclass(frozen=True)
class LabelMatch:
    label: str
    example: str
    similarity: float


def nearest_label(examples: LabelExamples, vector: np.ndarray, *, k: int = K_NEIGHBOURS) -> LabelMatch:
    """The label of the ``k`` nearest examples, each weighted by its cosine similarity."""
    sims = examples.vectors @ np.asarray(vector, dtype=np.float32).reshape(-1)
    k = min(k, len(sims))
    top = np.argpartition(-sims, k - 1)[:k] if k < len(sims) else np.arange(len(sims))
    votes: dict[str, float] = {}
    for i in top:
        votes[examples.labels[i]] = votes.get(examples.labels[i], 0.0) + max(float(sims[i]), 0.0)
    label = max(votes, key=lambda name: (votes[name], name))
    best = max((i for i in top if examples.labels[i] == label), key=lambda i: float(sims[i]))
    return LabelMatch(label, examples.texts[best], float(sims[best]))


def classify_task(messages: Sequence[Message]) -> str:
    """The heuristic task type (one of ``TASKS``): the fallback when there are no examples."""
    text = next((m.get("content", "") for m in reversed(messages) if m.get("role") == "user"), "")
    if _SUMMARY.search(text):
        return "summarise"
    if _EXTRACT.search(text):
        return "extract"
    if _CODE.search(text):
        return "code"
    turns = sum(1 for m in messages if m.get("role") == "user")
    if turns == 1 and len(text) <= 160 and not _HARD.search(text):
        return "quick"
    return "chat"


@dataclass(frozen=True)
class Candidate:
    name: str
    remote: bool
    parameters: int  # 0 when unknown
    #: A model of the person's own paired device (``remote`` too: it answers through the link).
    device: bool = False
    #: For a device: paired with "may answer from my data".
    personal_ok: bool = False

    @property
    def cost(self) -> int:
        return REMOTE_COST + self.parameters if self.remote and not self.device else self.parameters


@dataclass(frozen=True)
class ModelStats:
    """One model's measured results on one task type (from eval runs)."""

    model: str
    task: str
    score: float
    items: int
    median_latency_s: float
    tokens_per_s: float
    ttft_s: float
    tokens_out: int = 0


@dataclass
class Rule:
    model: str
    task: str | None = None
    min_chars: int = 0
    reason: str = ""

    def matches(self, task: str, signals: Signals) -> bool:
        return (self.task in (None, task)) and signals.chars >= self.min_chars


@dataclass
class Policy:
    """What the user tuned: the quality bar, the preference, per-task choices, and rules."""

    bar: float = 0.6
    preference: str = "auto"
    choices: dict[str, str] = field(default_factory=dict)
    rules: list[Rule] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str | None) -> Policy:
        if not text:
            return cls()
        try:
            raw = json.loads(text)
            rules = [Rule(**r) for r in raw.get("rules", [])]
            return cls(bar=float(raw.get("bar", 0.6)), preference=str(raw.get("preference", "auto")),
                       choices=dict(raw.get("choices", {})), rules=rules)
        except (ValueError, TypeError, AttributeError) as exc:
            raise EngineError(f"the stored router policy is damaged ({type(exc).__name__}); "
                              "'hearth eval tune' writes a new one") from None


@dataclass(frozen=True)
class Route:
    model: str
    remote: bool
    task: str
    reason: str
    fallbacks: tuple[str, ...] = ()
    personal: bool = False
    personal_kinds: tuple[str, ...] = ()
    blocked: tuple[str, ...] = ()
    example: str = ""           # the closest labelled example, when the label was read from them
    similarity: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"model": self.model, "remote": self.remote, "task": self.task,
                "reason": self.reason, "fallbacks": list(self.fallbacks),
                "personal": self.personal, "personal_kinds": list(self.personal_kinds),
                "blocked": list(self.blocked), "example": self.example,
                "similarity": round(self.similarity, 4)}


class Router:
    def __init__(self, candidates: Iterable[Candidate], *, policy: Policy | None = None,
                 stats: Iterable[ModelStats] = (), default_model: str = "default",
                 examples: LabelExamples | None = None,
                 embed: Callable[[list[str]], np.ndarray] | None = None) -> None:
        self.candidates = {c.name: c for c in candidates}
        self.policy = policy or Policy()
        self.stats: dict[tuple[str, str], ModelStats] = {(s.model, s.task): s for s in stats}
        self.default_model = default_model
        self.examples = examples if examples is not None and len(examples) else None
        self.embed = embed

    def label(self, messages: Sequence[Message], *, task: str | None = None,
              task_given: bool = False) -> tuple[str, LabelMatch | None]:
        """The request's task label, and the example it was read from (None: given or heuristic).

        ``task_given``: the person chose ``task`` (never re-read from the examples)."""
        question = question_text(messages)
        if self.examples is None or self.embed is None:
            return (valid_label(task) if task is not None else classify_task(messages)), None
        if task is not None:
            task = valid_label(task)
            guessed = not task_given and task == classify_task([{"role": "user", "content": question}])
            if task in self.examples.names or not guessed:
                return task, None
        match = nearest_label(self.examples, self.embed([question or " "])[0])
        return match.label, match

    def route(self, messages: Sequence[Message], *, task: str | None = None,
              personal_context: bool = False, preference: str | None = None,
              model: str | None = None, known_names: Iterable[str] = (),
              remote_consent: bool = False, task_given: bool = False) -> Route:
        """Pick a model. ``remote_consent`` means the user approved sending this payload out."""
        task, match = self.label(messages, task=task, task_given=task_given)
        preference = preference or self.policy.preference
        if preference not in PREFERENCES:
            raise EngineError(f"unknown preference {preference!r} (one of: {', '.join(PREFERENCES)})")
        signals = read_signals(messages)
        kinds = tuple(is_personal(messages, known_names=known_names))
        personal = personal_context or bool(kinds)
        pool = dict(self.candidates)
        blocked: list[str] = []
        for name, cand in list(pool.items()):
            if not cand.remote:
                continue
            if preference == "local":
                blocked.append(f"{name}: your preference is local only")
                del pool[name]
            elif personal and not remote_consent and cand.device and not cand.personal_ok:
                blocked.append(f"{name}: your device was paired for general questions only, not to "
                               "answer from your data")
                del pool[name]
            elif personal and not remote_consent and not (cand.device and cand.personal_ok):
                what = "personal context from your vault" if personal_context else \
                    "personal details (" + ", ".join(kinds) + ")"
                blocked.append(f"{name}: the request carries {what}; it is not sent out "
                               "without your consent for this request")
                del pool[name]

        def make(name: str, reason: str) -> Route:
            if match is not None:
                short = match.example if len(match.example) <= 80 else match.example[:77] + "…"
                reason += (f"; labelled '{match.label}': closest example \u201c{short}\u201d "
                           f"(similarity {match.similarity:.2f})")
            return Route(name, pool[name].remote, task, reason,
                         fallbacks=self._ranked(pool, task, exclude=name), personal=personal,
                         personal_kinds=kinds, blocked=tuple(blocked),
                         example=match.example if match else "",
                         similarity=match.similarity if match else 0.0)

        if model:
            if model in pool:
                return make(model, "you chose this model")
            if model in self.candidates:
                raise RemoteNotAllowed(next(b for b in blocked if b.startswith(model + ":")))
            raise ModelNotFound(f"no model named {model!r}")
        if not pool:
            raise EngineError("no model is available to answer")

        for rule in self.policy.rules:
            if rule.model in pool and rule.matches(task, signals):
                return make(rule.model, f"rule: {rule.reason or 'set by you'}")

        return make(*self._pick(pool, task, preference, signals))

    def _pick(self, pool: dict[str, Candidate], task: str, preference: str,
              signals: Signals) -> tuple[str, str]:
        bar = self.policy.bar
        measured = [(self.stats[(n, task)], c) for n, c in pool.items() if (n, task) in self.stats]
        if not measured:
            local = sorted((c for c in pool.values() if not c.remote), key=lambda c: c.cost)
            fallback = self.default_model if self.default_model in pool else \
                (local[0].name if local else next(iter(pool)))
            size = pool[fallback].parameters
            bigger = [c for c in pool.values() if c.device and c.parameters > size]
            if signals.hard and bigger:
                chosen = max(bigger, key=lambda c: (c.parameters, c.name))
                return chosen.name, (f"no eval results for '{task}'; the prompt looks hard and your "
                                     f"device's model {chosen.name} ({_size(chosen.parameters)}) is "
                                     f"bigger than {fallback}")
            hint = " (the prompt looks hard: 'hearth eval' can let a bigger model take such work)" \
                if signals.hard and len(local) > 1 else ""
            return fallback, f"no eval results for '{task}'; using {fallback}{hint}"
        meeting = [(s, c) for s, c in measured if s.score >= bar]
        if signals.hard and meeting and preference == "auto":
            s, c = max(meeting, key=lambda sc: (sc[0].score, -sc[1].cost))
            return c.name, (f"the prompt looks hard: best model meeting your bar {bar:.2f} on "
                            f"'{task}' (score {s.score:.2f} over {s.items} items)")
        if preference == "best" or not meeting:
            s, c = max(measured, key=lambda sc: (sc[0].score, -sc[1].cost))
            why = "highest score" if preference == "best" else f"no model meets your bar {bar:.2f}; best"
            return c.name, f"{why} on '{task}': {s.score:.2f} over {s.items} items"
        if preference == "fastest":
            s, c = max(meeting, key=lambda sc: (sc[0].tokens_per_s, -sc[1].cost))
            return c.name, (f"fastest model meeting your bar {bar:.2f} on '{task}': "
                            f"{s.tokens_per_s:.0f} tok/s, score {s.score:.2f}")
        tuned = self.policy.choices.get(task)
        if tuned in pool and any(c.name == tuned for _, c in meeting):
            s = self.stats[(tuned, task)]
            return tuned, (f"tuned for '{task}': cheapest model meeting your bar {bar:.2f} "
                           f"(score {s.score:.2f} over {s.items} items)")
        s, c = min(meeting, key=lambda sc: (sc[1].cost, -sc[0].score))
        return c.name, (f"cheapest model meeting your bar {bar:.2f} on '{task}' "
                        f"(score {s.score:.2f} over {s.items} items)")

    def _ranked(self, pool: dict[str, Candidate], task: str, *, exclude: str) -> tuple[str, ...]:
        """Fallback order: local, then your devices, then other remotes; then by score (unmeasured
        last), then cost."""
        def key(c: Candidate) -> tuple[int, float, int]:
            s = self.stats.get((c.name, task))
            return (int(c.remote) + int(c.remote and not c.device), -(s.score if s else -1.0), c.cost)

        return tuple(c.name for c in sorted(pool.values(), key=key) if c.name != exclude)


def _size(parameters: int) -> str:
    if parameters >= 10**9:
        return f"{parameters / 1e9:.1f}B parameters"
    return f"{parameters / 1e6:.0f}M parameters"


def tune(stats: Iterable[ModelStats], candidates: Iterable[Candidate], *, bar: float,
         preference: str = "auto", rules: Sequence[Rule] = ()) -> Policy:
    """A policy choosing, per task, the cheapest model whose score meets ``bar``."""
    costs = {c.name: c.cost for c in candidates}
    by_task: dict[str, list[ModelStats]] = {}
    for s in stats:
        if s.model in costs:
            by_task.setdefault(s.task, []).append(s)
    choices: dict[str, str] = {}
    for task, rows in by_task.items():
        meeting = [s for s in rows if s.score >= bar]
        if meeting:
            choices[task] = min(meeting, key=lambda s: (costs[s.model], -s.score)).model
        else:
            choices[task] = max(rows, key=lambda s: (s.score, -costs[s.model])).model
    return Policy(bar=bar, preference=preference, choices=choices, rules=list(rules))
