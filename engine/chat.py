"""Multi-turn conversations: turns stored in the vault, answers from the model pool.

A conversation (``vault.conversations``) records its model and system prompt;
its messages are the user and assistant turns, in order. ``Chat.send`` stores
the user's turn, starts the model on the conversation's history plus that
turn, and stores the assistant's answer (with model, token counts and
timings in the message's ``meta``) when the returned :class:`Generation` is
consumed to the end. A cancelled answer is stored too, marked
``cancelled``, so the transcript shows what the user saw.

The message list sent to the model can be built by the caller (``app``
adds personal context that way): pass ``messages=``; otherwise it is the
system prompt followed by the stored turns.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from engine.answer import Reply
from engine.generate import DEFAULT_SETTINGS, Answer, Generation, GenerationSettings, Message
from engine.models import DEFAULT_MODEL
from engine.pool import ModelPool
from vault import Vault
from vault.conversations import (
    Conversation,
    ConversationId,
    add_message,
    create_conversation,
    get_conversation,
    messages,
)

_TURN_ROLES = ("user", "assistant")


class Chat:
    def __init__(self, vault: Vault, pool: ModelPool) -> None:
        self.vault = vault
        self.pool = pool

    def start(self, *, model: str = DEFAULT_MODEL, system_prompt: str = "",
              title: str = "") -> ConversationId:
        return create_conversation(self.vault, title=title, model=model, system_prompt=system_prompt)

    def conversation(self, conversation_id: int) -> Conversation:
        return get_conversation(self.vault, conversation_id)

    def history(self, conversation_id: int) -> list[Message]:
        """The stored user/assistant turns as chat messages (no system prompt)."""
        return [{"role": m.role, "content": m.content}
                for m in messages(self.vault, conversation_id) if m.role in _TURN_ROLES]

    def prompt_messages(self, conversation_id: int) -> list[Message]:
        """System prompt (if any) + stored turns: what the model sees by default."""
        conv = self.conversation(conversation_id)
        head = [{"role": "system", "content": conv.system_prompt}] if conv.system_prompt else []
        return head + self.history(conversation_id)

    def record(self, conversation_id: int, question: str, reply: Reply | None) -> None:
        """Store a question and the pipeline's reply (``engine.answer``) as two turns.

        The assistant turn's ``meta`` is the reply's JSON shape minus the text (sources, quotes,
        unsupported, stopped, model, route, timings, tokens): the same metadata whatever surface
        asked. An interrupted answer (``reply`` None) is stored as stopped ("cancelled")."""
        add_message(self.vault, conversation_id, "user", question)
        if reply is None:
            add_message(self.vault, conversation_id, "assistant", "", {"stopped": "cancelled"})
            return
        meta = reply.as_dict()
        text = meta.pop("text")
        add_message(self.vault, conversation_id, "assistant", text, meta)

    def send(self, conversation_id: int, text: str, *,
             messages: Sequence[Message] | None = None,
             settings: GenerationSettings = DEFAULT_SETTINGS,
             cancel: threading.Event | None = None) -> Generation:
        """Store ``text`` as the user's turn and start the answer (stored when it completes).

        ``messages``, when given, is the full list for the model (it must end
        with this user turn); by default it is :meth:`prompt_messages` after
        storing the turn.
        """
        conv = self.conversation(conversation_id)
        add_message(self.vault, conversation_id, "user", text)
        if messages is None:
            messages = self.prompt_messages(conversation_id)
        generation = self.pool.chat(messages, model=conv.model or DEFAULT_MODEL,
                                    settings=settings, cancel=cancel)

        def store(answer: Answer) -> None:
            meta = answer.as_dict()
            del meta["answer"]
            add_message(self.vault, conversation_id, "assistant", answer.text, meta)

        generation.on_complete(store)
        return generation
