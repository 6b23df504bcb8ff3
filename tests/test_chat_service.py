"""The conversation service (engine.answering.chat): one shape for stored turns, whatever surface asked."""

from __future__ import annotations

from pathlib import Path

from engine.answering.answer import Reply, Source
from engine.answering.chat import Chat, QuoteRef, SourceRef, Turn, TurnMeta
from engine.answering.quotes import Quote
from tests.conftest import PASSPHRASE, TEST_KDF
from vault import Keychain, Vault
from vault.conversations import add_message, create_conversation, messages


def _reply() -> Reply:
    chunk = Source(n=1, kind="chunk", path="/docs/boat.md", title="Boat", location="Mooring",
                   chunk_id=41, text="Our sailing boat is named Marigold and is moored at pier 7.")
    memory = Source(n=2, kind="memory", title="what you asked me to remember", memory_id=3,
                    text="My boat is a Drascombe")
    quote = Quote("Our sailing boat is named Marigold and is moored at pier 7.", 1, "/docs/boat.md",
                  "Boat", "Mooring", 1.1, 0.8, 3)
    return Reply(question="Where is the boat moored?", text="At pier 7 [1].", stopped="stop",
                 model="default", route=None, grounding="personal", headline="quote",
                 sources=(chunk, memory), quotes=(quote,), unsupported=("pier 9",),
                 timings={"ttft_s": 0.61234, "total_s": 1.5})


def test_a_reply_is_stored_and_read_back_as_the_same_turn(home: Path, no_keychain: Keychain) -> None:
    with Vault.create(PASSPHRASE, home=home, keychain=no_keychain, kdf_log2_n=TEST_KDF) as vault:
        chat = Chat(vault)
        cid = chat.ask(None, "  Where is the boat\nmoored?  ", model="default")
        assert chat.conversation(cid).title == "Where is the boat moored?"
        meta = TurnMeta.from_reply(_reply(), route="default (the default model)")
        chat.answer(cid, "At pier 7 [1].", meta)
        turns = chat.turns(cid)
        assert [t.role for t in turns] == ["user", "assistant"]
        assert turns[1] == Turn("assistant", "At pier 7 [1].", meta, turns[1].id)
        assert meta.sources == (
            SourceRef(1, "chunk", "/docs/boat.md", "Boat", "Mooring", chunk_id=41),  # no chunk text kept
            SourceRef(2, "memory", "", "what you asked me to remember", "",
                      "My boat is a Drascombe", memory_id=3))
        assert meta.quotes == (QuoteRef("Our sailing boat is named Marigold and is moored at pier 7.",
                                        1, "/docs/boat.md", "Boat", "Mooring"),)
        assert meta.unsupported == ("pier 9",) and meta.headline == "quote" and meta.stopped == "stop"
        assert meta.route == "default (the default model)" and meta.timings["ttft_s"] == 0.6123
        assert meta.tokens == {"prompt": 0, "cached": 0, "completion": 0}
        assert chat.history(cid) == [{"role": "user", "content": "  Where is the boat\nmoored?  "},
                                     {"role": "assistant", "content": "At pier 7 [1]."}]
        # The CLI's record() stores the same shape; a cancelled answer says so.
        chat.record(cid, "And the name?", None)
        assert chat.turns(cid)[-1].meta == TurnMeta(stopped="cancelled")


def test_older_stored_shapes_still_read(home: Path, no_keychain: Keychain) -> None:
    with Vault.create(PASSPHRASE, home=home, keychain=no_keychain, kdf_log2_n=TEST_KDF) as vault:
        cid = create_conversation(vault, title="old")
        add_message(vault, cid, "user", "q")
        # A first-round window answer: a route dict, sources with the whole chunk, no quotes.
        add_message(vault, cid, "assistant", "a", {
            "route": {"model": "default", "reason": "the default model"},
            "sources": [{"n": 1, "kind": "chunk", "title": "Boat", "text": "whole chunk", "chunk_id": 7},
                        "garbage"],
            "timings": {"ttft_s": 0.5, "bad": "x"}, "tokens": {"completion": 12}, "stopped": "stop"})
        add_message(vault, cid, "assistant", "b", {})
        add_message(vault, cid, "system", "never a turn")
        turns = Chat(vault).turns(cid)
        assert [t.content for t in turns] == ["q", "a", "b"]
        old = turns[1].meta
        assert old.route == "default (the default model)"
        assert old.sources == (SourceRef(1, "chunk", title="Boat", chunk_id=7),)
        assert old.timings == {"ttft_s": 0.5} and old.tokens == {"completion": 12} and old.quotes == ()
        assert turns[2].meta == TurnMeta()


def test_regenerate_drops_only_an_answer(home: Path, no_keychain: Keychain) -> None:
    with Vault.create(PASSPHRASE, home=home, keychain=no_keychain, kdf_log2_n=TEST_KDF) as vault:
        chat = Chat(vault)
        cid = chat.ask(None, "first")
        chat.answer(cid, "one", TurnMeta(stopped="stop"))
        chat.ask(cid, "second")
        chat.answer(cid, "two", TurnMeta(stopped="length"))
        assert chat.regenerate_question(cid) == ("second", [{"role": "user", "content": "first"},
                                                            {"role": "assistant", "content": "one"}])
        assert [m.content for m in messages(vault, cid)] == ["first", "one", "second"]
        # Ending with a question already, nothing more is dropped.
        assert chat.regenerate_question(cid) is not None
        assert [m.content for m in messages(vault, cid)] == ["first", "one", "second"]
        assert chat.drop_answer(cid) is False
        chat.rename(cid, "Renamed")
        assert [c.title for c in chat.conversations(search="second")] == ["Renamed"]
        chat.delete(cid)
        assert chat.conversations() == []
