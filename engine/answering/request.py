"""What a question asks for and what its answer was given: the pipeline's and the prompt's shared types.

:class:`AskOptions` is how to answer one question (the keyword options of
``engine.answering.answer.Answerer.ask``); :class:`Source` is an excerpt, note or memory the
answer was given, numbered as the model saw it. Both the pipeline (``answer``) and the prompt
(``prompting``) use them, so they live below both.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from engine.running.generate import Message


@dataclass(frozen=True)
class Source:
    """An excerpt (or note, or memory) the answer was given, numbered as the model saw it."""

    n: int
    kind: str  # "chunk", "note", "memory" or "remembered"
    path: str = ""
    title: str = ""
    location: str = ""
    doc_kind: str = ""
    score: float = 0.0
    chunk_id: int | None = None
    note_id: int | None = None
    source_id: int | None = None
    memory_id: int | None = None
    text: str = ""
    #: For a small model: the sentence of this source sent in place of a quote (a second source
    #: that also answers, so that a wrong first quote is not the only evidence the answer has).
    glimpse: str = ""

    @property
    def item_id(self) -> str:
        """A stable id for audit logs: ``chunk:40``, ``note:12``, ``memory:3``."""
        if self.chunk_id is not None:
            return f"chunk:{self.chunk_id}"
        if self.note_id is not None:
            return f"note:{self.note_id}"
        return f"memory:{self.memory_id}"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class AskOptions:
    """How to answer one question (keyword options of :meth:`Answerer.ask`)."""

    history: tuple[Message, ...] = ()
    use_context: bool = True
    classes: frozenset[str] | None = None
    model: str | None = None
    prefer: str | None = None
    system: str | None = None
    max_tokens: int | None = None
    temperature: float | None = None
    top_p: float | None = None
    seed: int | None = None
    stop: tuple[str, ...] = ()
    allow_remote: bool = False
    redact: bool = False
    remember: bool = True
    task: str | None = None
