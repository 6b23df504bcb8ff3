"""Running a routed request: the chosen model first, then the fallbacks, in order.

``Dispatcher.start(route, messages, ...)`` returns a :class:`RoutedGeneration`
at once. Iterating it yields text deltas from whichever model ends up
answering. If a model fails before its first token (it will not load, a remote
endpoint errors or times out), the next acceptable model takes over and
``notes`` says what happened; once text has streamed, a failure is reported
rather than silently restarted elsewhere.

Remote calls: the body sent is built by :func:`plan_remote` (optionally with
personal details redacted) and is exactly what the user previews. A personal
request goes out only with consent for that body's SHA-256 to that endpoint. Every remote call,
sent or refused, is reported to ``on_remote_call`` (hash, size, redaction
counts; never the content) so the app can write it to the audit log; when a
sent call's HTTP exchange ends, ``on_exchange`` gets its bytes out and in and
its outcome (:class:`engine.routing.remote.Exchange`) for the network log.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from engine.errors import EngineError
from engine.routing.privacy import redact_messages
from engine.routing.remote import ExchangeHook, RemoteRegistry, encode_payload, payload_for, start_remote_chat
from engine.routing.router import Route
from engine.running.generate import Answer, Generation, GenerationSettings, Message
from engine.running.pool import ModelPool


@dataclass(frozen=True)
class RemotePlan:
    endpoint: str
    url: str
    body: bytes
    sha256: str
    redactions: dict[str, int]

    @property
    def size(self) -> int:
        return len(self.body)


@dataclass(frozen=True)
class RemoteCall:
    endpoint: str
    url: str
    sha256: str
    size: int
    redactions: dict[str, int]
    personal: bool
    sent: bool
    reason: str


def plan_remote(remotes: RemoteRegistry, name: str, messages: Sequence[Message],
                settings: GenerationSettings, *, redact: bool = False,
                known_names: Iterable[str] = ()) -> RemotePlan:
    endpoint = remotes.get(name)
    counts: dict[str, int] = {}
    outgoing = [dict(m) for m in messages]
    if redact:
        redaction = redact_messages(outgoing, known_names=known_names)
        outgoing, counts = redaction.messages, redaction.counts
    body = encode_payload(payload_for(endpoint, outgoing, settings))
    return RemotePlan(endpoint.name, endpoint.url, body, hashlib.sha256(body).hexdigest(), counts)


@dataclass
class RoutedGeneration:
    route: Route
    notes: list[str] = field(default_factory=list)
    model_used: str = ""
    answer: Answer | None = None
    _attempts: Iterator[tuple[str, Callable[[], Generation]]] | None = None
    _current: Generation | None = None
    _cancel: threading.Event = field(default_factory=threading.Event)

    def __iter__(self) -> Iterator[str]:
        assert self._attempts is not None
        last_error: EngineError | None = None
        for name, start in self._attempts:
            if self._cancel.is_set():
                break
            streamed = False
            try:
                self._current = start()
                for delta in self._current:
                    streamed = True
                    self.model_used = name
                    yield delta
                self.model_used = name
                self.answer = self._current.answer
                return
            except EngineError as exc:
                if streamed:
                    raise
                last_error = exc
                self.notes.append(f"{name} failed ({exc}); trying the next model")
        if last_error is not None:
            raise EngineError(f"no model could answer: {last_error}") from last_error
        raise EngineError("the request was cancelled before any model answered")

    def cancel(self) -> None:
        self._cancel.set()
        if self._current is not None:
            self._current.cancel()

    def result(self) -> Answer:
        for _ in self:
            pass
        if self.answer is None:
            raise EngineError("the request ended without an answer")
        return self.answer


class Dispatcher:
    def __init__(self, pool: ModelPool, remotes: RemoteRegistry, *,
                 api_key: Callable[[str], str | None] = lambda name: None,
                 on_remote_call: Callable[[RemoteCall], None] | None = None,
                 on_exchange: ExchangeHook | None = None,
                 remote_chat: Callable[..., Generation] = start_remote_chat) -> None:
        self.pool = pool
        #: Starts a remote endpoint's chat (``start_remote_chat``'s signature); the app passes one
        #: that sends the person's own paired devices' endpoints through the link instead.
        self.remote_chat = remote_chat
        self.remotes = remotes
        self.api_key = api_key
        self.on_remote_call = on_remote_call
        self.on_exchange = on_exchange

    def start(self, route: Route, messages: Sequence[Message], *,
              settings: GenerationSettings | None = None,
              consent_sha256: str | None = None, consent_endpoint: str | None = None,
              redact: bool = False,
              known_names: Iterable[str] = (),
              cancel: threading.Event | None = None) -> RoutedGeneration:
        names = list(known_names)
        settings = settings or GenerationSettings()
        routed = RoutedGeneration(route)
        if cancel is not None:
            routed._cancel = cancel
        msgs = [dict(m) for m in messages]

        def attempts() -> Iterator[tuple[str, Callable[[], Generation]]]:
            for name in (route.model, *route.fallbacks):
                endpoint = self.remotes.find(name)
                if endpoint is None:
                    yield name, functools.partial(self.pool.chat, msgs, model=name,
                                                  settings=settings, cancel=routed._cancel)
                    continue
                plan = plan_remote(self.remotes, name, msgs, settings, redact=redact,
                                   known_names=names)
                # The person consented to these bytes going to this one endpoint: the same bytes
                # (two endpoints serving a model of the same name) may not go elsewhere on it.
                if route.personal and (plan.sha256 != consent_sha256 or (
                        consent_endpoint is not None and plan.endpoint != consent_endpoint)):
                    self._report(plan, route, sent=False,
                                 reason="personal data without consent for this payload")
                    routed.notes.append(f"{name} skipped: personal data needs your consent")
                    continue
                self._report(plan, route, sent=True,
                             reason="consented" if route.personal else "no personal data found")
                yield name, functools.partial(self.remote_chat, endpoint, plan.body,
                                              api_key=self.api_key(endpoint.name),
                                              cancel=routed._cancel, on_exchange=self.on_exchange)

        routed._attempts = attempts()
        return routed

    def _report(self, plan: RemotePlan, route: Route, *, sent: bool, reason: str) -> None:
        if self.on_remote_call is not None:
            self.on_remote_call(RemoteCall(plan.endpoint, plan.url, plan.sha256, plan.size,
                                           plan.redactions, route.personal, sent, reason))
