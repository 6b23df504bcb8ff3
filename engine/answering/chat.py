"""Conversations: the one service the terminal and the window keep their turns through.

A conversation (``vault.conversations``) records its model and system prompt; its messages are
the user and assistant turns, in order. Every surface stores and reads them here, in one shape:

* :class:`Turn` is a stored message; an assistant turn carries :class:`TurnMeta` (sources,
  quotes, route, stop reason, headline, timings, token counts: the pipeline's ``Reply`` minus
  its text), read back tolerantly from what older versions stored. An answer that was
  regenerated keeps its other versions in its meta (:class:`AnswerVersion`, ``versions`` and
  ``shown_at``): the vault holds one answer turn, the one shown, and the rest with it. A
  question that was edited and asked again keeps its other versions the same way, each with
  every turn that followed it then (:class:`QuestionVersion`, ``branches`` in the question's
  meta): the vault holds the path shown, and a version not shown keeps its own versions folded
  in its turns, to any depth.
* :meth:`Chat.ask` stores the person's turn (starting the conversation, titled by it, when there
  is none yet); :meth:`Chat.answer` stores the answer: a finished ``Reply``, or what the person
  saw before they stopped it (``stopped: "cancelled"``); :meth:`Chat.record` does both.
* :meth:`Chat.drop_answer` and :meth:`Chat.regenerate_question` are "regenerate": the last
  answer goes and its question is asked again; :meth:`Chat.replace_from` rewrites the path from
  a turn on (another version chosen, a question edited); :meth:`Chat.turns` is what a view
  rebuilds from.

``Chat.send`` is the raw path (no retrieval, no quotes): the model on the stored turns, the
answer stored when the returned :class:`Generation` completes.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from engine.answering.answer import Reply
from engine.errors import EngineError
from engine.models.registry import DEFAULT_MODEL
from engine.running.generate import DEFAULT_SETTINGS, Answer, Generation, GenerationSettings, Message
from engine.running.pool import ModelPool
from vault import Vault
from vault.conversations import (
    Conversation,
    ConversationId,
    MessageId,
    add_message,
    create_conversation,
    delete_conversation,
    delete_last_message,
    get_conversation,
    list_conversations,
    messages,
    rename_conversation,
    replace_messages,
)

_TURN_ROLES = ("user", "assistant")
TITLE_CHARS = 48


@dataclass(frozen=True)
class SourceRef:
    """Where an answer's excerpt came from, as a conversation keeps it."""

    n: int
    kind: str
    path: str = ""
    title: str = ""
    location: str = ""
    text: str = ""  # kept for memories only (the label shows what was remembered)
    #: What "show the source" opens (the passage, the note or the memory), when known.
    chunk_id: int | None = None
    note_id: int | None = None
    memory_id: int | None = None

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> SourceRef:
        kind = str(d.get("kind") or "chunk")
        return cls(_int(d.get("n")), kind, str(d.get("path") or ""), str(d.get("title") or ""),
                   str(d.get("location") or ""),
                   str(d.get("text") or "") if kind in ("memory", "remembered") else "",
                   _id(d.get("chunk_id")), _id(d.get("note_id")), _id(d.get("memory_id")))

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"n": self.n, "kind": self.kind, "path": self.path, "title": self.title,
                               "location": self.location}
        if self.text:
            out["text"] = self.text
        for name in ("chunk_id", "note_id", "memory_id"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        return out


@dataclass(frozen=True)
class QuoteRef:
    """A verbatim quote shown with an answer."""

    text: str
    n: int
    path: str = ""
    title: str = ""
    location: str = ""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> QuoteRef:
        return cls(str(d.get("text") or ""), _int(d.get("n")), str(d.get("path") or ""),
                   str(d.get("title") or ""), str(d.get("location") or ""))

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "n": self.n, "path": self.path, "title": self.title,
                "location": self.location}


@dataclass(frozen=True)
class AnswerVersion:
    """Another version of an answer (Regenerate keeps the one it replaced): its text and meta."""

    text: str
    meta: TurnMeta

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> AnswerVersion:
        meta = _mapping(d.get("meta"))
        return cls(str(d.get("text") or ""),
                   TurnMeta.from_stored({k: v for k, v in meta.items() if k != "versions"}))

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "meta": self.meta.as_stored()}


@dataclass(frozen=True)
class QuestionVersion:
    """Another version of a question (edit and resend keeps the one it replaced): the question
    as it was asked and every turn that followed it then, each with its own versions."""

    turns: tuple[Turn, ...]

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> QuestionVersion | None:
        turns = [t for t in (Turn.from_stored(t) for t in _dicts(d.get("turns"))) if t is not None]
        if not turns or turns[0].role != "user":
            return None
        # Its siblings are listed with the question shown, not with each of them.
        first = replace(turns[0], meta=replace(turns[0].meta, branches=(), shown_at=0))
        return cls((first, *turns[1:]))

    def as_dict(self) -> dict[str, Any]:
        return {"turns": [t.as_stored() for t in self.turns]}


@dataclass(frozen=True)
class TurnMeta:
    """What is kept with an answer: everything a surface shows besides its text."""

    sources: tuple[SourceRef, ...] = ()
    quotes: tuple[QuoteRef, ...] = ()
    unsupported: tuple[str, ...] = ()
    stopped: str = ""  # "stop", "length", "loop", "cancelled" ("" for a question)
    model: str = ""
    route: str = ""  # in words: "default (small and fast; …)"
    headline: str = "text"  # "quote" when the quotes lead (a small model)
    #: What the person read first (``Reply.headline``: the value asked for, on a small model).
    headline_text: str = ""
    grounding: str = ""
    notice: str = ""
    timings: Mapping[str, float] = field(default_factory=dict)
    tokens: Mapping[str, int] = field(default_factory=dict)
    #: The answer's other versions, in the order they were given (none of them has versions of
    #: its own); this one is number ``shown_at`` among them all (0-based).
    versions: tuple[AnswerVersion, ...] = ()
    shown_at: int = 0
    #: A question's other versions (edit and resend), in the order they were asked; this one is
    #: number ``shown_at`` among them all (0-based).
    branches: tuple[QuestionVersion, ...] = ()

    @classmethod
    def from_reply(cls, reply: Reply, *, route: str = "", cancelled: bool = False) -> TurnMeta:
        d = reply.as_dict()
        d["sources"] = [asdict(s) for s in reply.sources]  # with the ids "show the source" needs
        head = reply.headline if reply.headline not in ("quote", "text") else ""
        return cls.from_stored(d | {"route_text": route or _route_words(d.get("route")),
                                    "stopped": "cancelled" if cancelled else reply.stopped,
                                    "headline_text": head})

    @classmethod
    def from_stored(cls, meta: Mapping[str, Any] | None) -> TurnMeta:
        """Read a stored message's meta (older versions stored fewer fields, or other shapes)."""
        m = meta or {}
        route = m.get("route_text") or _route_words(m.get("route"))
        versions = tuple(AnswerVersion.from_dict(v) for v in _dicts(m.get("versions")))
        branches = tuple(b for b in (QuestionVersion.from_dict(b) for b in _dicts(m.get("branches")))
                         if b is not None)
        others = len(versions) or len(branches)
        return cls(
            sources=tuple(SourceRef.from_dict(s) for s in _dicts(m.get("sources"))),
            quotes=tuple(QuoteRef.from_dict(q) for q in _dicts(m.get("quotes"))),
            unsupported=tuple(str(u) for u in m.get("unsupported") or () if isinstance(u, str)),
            stopped=str(m.get("stopped") or ""), model=str(m.get("model") or ""), route=route,
            headline="quote" if m.get("headline") == "quote" else "text",
            headline_text=str(m.get("headline_text") or ""),
            grounding=str(m.get("grounding") or ""), notice=str(m.get("notice") or ""),
            timings={str(k): float(v) for k, v in _mapping(m.get("timings")).items()
                     if isinstance(v, int | float)},
            tokens={str(k): int(v) for k, v in _mapping(m.get("tokens")).items()
                    if isinstance(v, int | float)},
            versions=versions, branches=branches,
            shown_at=min(max(_int(m.get("shown_at", others)), 0), others))

    def as_stored(self) -> dict[str, Any]:
        out = {"sources": [s.as_dict() for s in self.sources],
               "quotes": [q.as_dict() for q in self.quotes],
               "unsupported": list(self.unsupported), "stopped": self.stopped, "model": self.model,
               "route_text": self.route, "headline": self.headline, "grounding": self.grounding,
               "notice": self.notice, "timings": dict(self.timings), "tokens": dict(self.tokens)}
        if self.headline_text:
            out["headline_text"] = self.headline_text
        if self.versions:
            out["versions"] = [v.as_dict() for v in self.versions]
            out["shown_at"] = self.shown_at
        return out

    def as_question(self) -> dict[str, Any]:
        """A question's meta as stored: its other versions, if any (it has no sources, route…)."""
        if not self.branches:
            return {}
        return {"branches": [b.as_dict() for b in self.branches], "shown_at": self.shown_at}


@dataclass(frozen=True)
class Turn:
    """One stored turn of a conversation."""

    role: str  # "user" or "assistant"
    content: str
    meta: TurnMeta = TurnMeta()
    id: MessageId | None = None

    @classmethod
    def from_stored(cls, d: Mapping[str, Any]) -> Turn | None:
        """A turn kept inside another's meta (a question's other version); None if it is not one."""
        role, content = d.get("role"), d.get("content")
        if role not in _TURN_ROLES or not isinstance(content, str):
            return None
        return cls(role, content, TurnMeta.from_stored(_mapping(d.get("meta"))))

    def as_stored(self) -> dict[str, Any]:
        meta = self.meta.as_stored() if self.role == "assistant" else self.meta.as_question()
        return {"role": self.role, "content": self.content, "meta": meta}


def _int(value: Any) -> int:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0


def _id(value: Any) -> int | None:
    return int(value) if isinstance(value, int) and not isinstance(value, bool) else None


def _dicts(value: Any) -> list[Mapping[str, Any]]:
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list | tuple) else []


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _route_words(route: Any) -> str:
    """A route as stored by older versions: its words, or the JSON of ``Route.as_dict``."""
    if isinstance(route, str):
        return route
    if isinstance(route, Mapping):
        model, reason = str(route.get("model") or ""), str(route.get("reason") or "")
        return f"{model} ({reason})" if model and reason else model
    return ""


class Chat:
    """The conversation service over one open vault (``pool`` only for :meth:`send`)."""

    def __init__(self, vault: Vault, pool: ModelPool | None = None) -> None:
        self.vault = vault
        self.pool = pool

    def start(self, *, model: str = DEFAULT_MODEL, system_prompt: str = "",
              title: str = "") -> ConversationId:
        return create_conversation(self.vault, title=title, model=model, system_prompt=system_prompt)

    def conversation(self, conversation_id: int) -> Conversation:
        return get_conversation(self.vault, conversation_id)

    def conversations(self, *, search: str = "") -> list[Conversation]:
        """Newest first; ``search`` matches titles and what was said."""
        return list_conversations(self.vault, search=search)

    def rename(self, conversation_id: int, title: str) -> None:
        rename_conversation(self.vault, conversation_id, title)

    def delete(self, conversation_id: int) -> None:
        delete_conversation(self.vault, conversation_id)

    def turns(self, conversation_id: int) -> list[Turn]:
        """The stored user and assistant turns, in order (what a view rebuilds from)."""
        return [Turn(m.role, m.content, TurnMeta.from_stored(m.meta), m.id)
                for m in messages(self.vault, conversation_id) if m.role in _TURN_ROLES]

    def history(self, conversation_id: int) -> list[Message]:
        """The stored user/assistant turns as chat messages (no system prompt)."""
        return [{"role": m.role, "content": m.content}
                for m in messages(self.vault, conversation_id) if m.role in _TURN_ROLES]

    def prompt_messages(self, conversation_id: int) -> list[Message]:
        """System prompt (if any) + stored turns: what the model sees by default."""
        conv = self.conversation(conversation_id)
        head = [{"role": "system", "content": conv.system_prompt}] if conv.system_prompt else []
        return head + self.history(conversation_id)

    def ask(self, conversation_id: int | None, question: str, *, model: str = "") -> ConversationId:
        """Store the person's turn; with no conversation yet, start one titled by the question."""
        if conversation_id is None:
            title = " ".join(question.split())[:TITLE_CHARS]
            conversation_id = create_conversation(self.vault, title=title, model=model)
        add_message(self.vault, conversation_id, "user", question)
        return ConversationId(conversation_id)

    def answer(self, conversation_id: int, text: str, meta: TurnMeta) -> Turn:
        """Store an answer (an interrupted one has ``meta.stopped == "cancelled"``)."""
        message_id = add_message(self.vault, conversation_id, "assistant", text, meta.as_stored())
        return Turn("assistant", text, meta, message_id)

    def record(self, conversation_id: int, question: str, reply: Reply | None) -> None:
        """Store a question and the pipeline's reply (``engine.answering.answer``) as two turns. An
        interrupted answer (``reply`` None) is stored as stopped ("cancelled")."""
        self.ask(conversation_id, question)
        if reply is None:
            self.answer(conversation_id, "", TurnMeta(stopped="cancelled"))
        else:
            self.answer(conversation_id, reply.text, TurnMeta.from_reply(reply))

    def replace_from(self, conversation_id: int, at: int, turns: Sequence[Turn]) -> None:
        """Keep the first ``at`` turns and put ``turns`` after them, in one transaction: another
        version of turn ``at`` chosen, or the question there edited (its versions in its meta)."""
        stored = [m for m in messages(self.vault, conversation_id) if m.role in _TURN_ROLES]
        from_id = stored[at].id if 0 <= at < len(stored) else None
        replace_messages(self.vault, conversation_id, from_id=from_id,
                         rows=[(t.role, t.content, t.as_stored()["meta"]) for t in turns])

    def drop_answer(self, conversation_id: int) -> bool:
        """Delete the last turn if it is an answer (the first half of "regenerate")."""
        return delete_last_message(self.vault, conversation_id, role="assistant")

    def regenerate_question(self, conversation_id: int) -> tuple[str, list[Message]] | None:
        """Drop the last answer; the question to ask again and the turns before it (None when
        the conversation does not end with a question once the answer is gone)."""
        self.drop_answer(conversation_id)
        turns = self.history(conversation_id)
        if not turns or turns[-1]["role"] != "user":
            return None
        return turns[-1]["content"], turns[:-1]

    def send(self, conversation_id: int, text: str, *,
             messages: Sequence[Message] | None = None,
             settings: GenerationSettings = DEFAULT_SETTINGS,
             cancel: threading.Event | None = None) -> Generation:
        """Store ``text`` as the user's turn and start the answer (stored when it completes).

        ``messages``, when given, is the full list for the model (it must end
        with this user turn); by default it is :meth:`prompt_messages` after
        storing the turn.
        """
        if self.pool is None:
            raise EngineError("Chat.send needs a model pool")
        pool = self.pool
        conv = self.conversation(conversation_id)
        add_message(self.vault, conversation_id, "user", text)
        if messages is None:
            messages = self.prompt_messages(conversation_id)
        generation = pool.chat(messages, model=conv.model or DEFAULT_MODEL,
                                    settings=settings, cancel=cancel)

        def store(answer: Answer) -> None:
            meta = answer.as_dict()
            del meta["answer"]
            add_message(self.vault, conversation_id, "assistant", answer.text, meta)

        generation.on_complete(store)
        return generation


__all__ = ["AnswerVersion", "Chat", "QuestionVersion", "QuoteRef", "SourceRef", "Turn", "TurnMeta"]
