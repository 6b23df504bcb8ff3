"""What an answer is, as every surface receives it: the events of a stream and the finished reply.

:class:`AnswerEvent` items arrive in the order ``engine.answering.answer`` documents; the last
carries the :class:`Reply`. ``Reply.text`` is exactly what the person reads (on a small model,
the headline first, then the model's sentence when it is shown); ``Reply.as_dict`` is the JSON
of ``hearth ask --json`` and of the gateway's ``hearth`` extension.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from engine.answering.quotes import Quote
from engine.answering.request import Source
from engine.routing.router import Route
from engine.running.generate import Answer


@dataclass(frozen=True)
class Remembered:
    memory_id: int
    kind: str
    text: str


@dataclass(frozen=True)
class Reply:
    """A finished answer, as every surface shows it."""

    question: str
    text: str
    stopped: str  # "stop", "length", "loop" or "cancelled"
    model: str
    route: Route | None
    #: "personal" (a quote answers), "unsure" (related passages, none clearly answers),
    #: "not_found" (looked, nothing related) or "general" (did not look).
    grounding: str
    #: What the person reads first, before any model text ("" when the model's text leads): on
    #: a small model the value asked for, taken from the quote ("TP1359"), or the quote itself,
    #: or "I'm not sure; this may be it:", or that nothing in the files answers. ``text``
    #: begins with it.
    headline: str
    sources: tuple[Source, ...] = ()
    quotes: tuple[Quote, ...] = ()
    unsupported: tuple[str, ...] = ()
    remembered: tuple[Remembered, ...] = ()
    notice: str = ""
    notes: tuple[str, ...] = ()
    answer: Answer | None = None
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def tokens(self) -> dict[str, int]:
        a = self.answer
        return {"prompt": a.prompt_tokens if a else 0, "cached": a.cached_tokens if a else 0,
                "completion": a.completion_tokens if a else 0}

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``hearth ask --json`` (and of the gateway's ``hearth`` extension)."""
        return {
            "text": self.text, "stopped": self.stopped, "model": self.model,
            "route": self.route.as_dict() if self.route else None,
            "grounding": self.grounding, "headline": self.headline,
            "sources": [{"n": s.n, "kind": s.kind, "path": s.path, "title": s.title,
                         "location": s.location} for s in self.sources],
            "quotes": [{"text": q.text, "path": q.path, "title": q.title, "location": q.location,
                        "n": q.n} for q in self.quotes],
            "unsupported": list(self.unsupported),
            "remembered": [asdict(r) for r in self.remembered],
            "notice": self.notice, "notes": list(self.notes),
            "timings": {k: round(v, 4) for k, v in self.timings.items()},
            "tokens": self.tokens,
        }


@dataclass
class AnswerEvent:
    kind: str  # "remembered" | "sources" | "quotes" | "route" | "token" | "done"
    text: str = ""
    sources: tuple[Source, ...] = ()
    quotes: tuple[Quote, ...] = ()
    remembered: tuple[Remembered, ...] = ()
    route: Route | None = None
    reply: Reply | None = None
    #: Where the quotes go: after the text ("text"). The headline itself is the first token,
    #: and ``Reply.headline``.
    headline: str = "text"
    #: On "route": the headline the first token will carry ("" when the model's text leads), so
    #: that a surface can show it as a headline from the start.
    lead: str = ""


__all__ = ["AnswerEvent", "Remembered", "Reply"]
