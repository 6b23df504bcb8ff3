"""Generation through Hearth's engine on the real bundled model.

The model is loaded once for the module; answers are kept short. Greedy
decoding makes outputs deterministic, which is what lets these tests compare
Hearth's text with raw llama-cpp-python's and queued runs with sequential ones.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import llama_cpp
import pytest

from engine.answering.chat import Chat
from engine.errors import EngineError
from engine.models.registry import ModelRegistry
from engine.running.generate import GenerationSettings
from engine.running.pool import ModelPool
from engine.running.runtime import LoadOptions
from tests.canary import files_containing
from tests.conftest import PASSPHRASE, TEST_KDF
from vault import Keychain, Vault

N_CTX = 1024
QUESTIONS = [
    [{"role": "system", "content": "You are a concise assistant."},
     {"role": "user", "content": "Name three colours of the rainbow."}],
    [{"role": "user", "content": "Write one sentence about the sea."}],
]
LONG = [{"role": "user", "content": "Tell me a long story about a dragon who lives in a castle."}]


@pytest.fixture(scope="module")
def pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModelPool]:
    registry = ModelRegistry(home=tmp_path_factory.mktemp("models"))
    with ModelPool(registry, options=LoadOptions(n_ctx=N_CTX)) as p:
        yield p


@pytest.fixture(scope="module")
def raw(pool: ModelPool) -> llama_cpp.Llama:
    """A separate, plain llama_cpp.Llama on the same file with the same parameters."""
    model = pool.get()
    return llama_cpp.Llama(model_path=str(model.entry.path), n_ctx=N_CTX, n_batch=512,
                           n_gpu_layers=0, verbose=False)


def greedy(max_tokens: int = 24, **kw: object) -> GenerationSettings:
    return GenerationSettings(temperature=0.0, max_tokens=max_tokens, **kw)  # type: ignore[arg-type]


def test_greedy_output_equals_raw_llama_cpp(pool: ModelPool, raw: llama_cpp.Llama) -> None:
    for messages in QUESTIONS:
        expected = raw.create_chat_completion(messages=messages, temperature=0.0, max_tokens=24)
        answer = pool.chat(messages, settings=greedy()).result()
        assert answer.text == expected["choices"][0]["message"]["content"]
        assert answer.text.strip()
        assert answer.prompt_tokens == expected["usage"]["prompt_tokens"]
        assert answer.completion_tokens == expected["usage"]["completion_tokens"]
        assert answer.finish_reason == expected["choices"][0]["finish_reason"]


def test_streamed_deltas_make_up_the_answer(pool: ModelPool, raw: llama_cpp.Llama) -> None:
    generation = pool.chat(QUESTIONS[1], settings=greedy(32))
    deltas = list(generation)
    assert len(deltas) > 3  # really streamed, not one lump
    assert generation.answer is not None
    assert "".join(deltas) == generation.answer.text
    expected = raw.create_chat_completion(messages=QUESTIONS[1], temperature=0.0, max_tokens=32)
    assert generation.answer.text == expected["choices"][0]["message"]["content"]


def test_answer_carries_counts_and_timings(pool: ModelPool) -> None:
    answer = pool.chat(QUESTIONS[0], settings=greedy(8)).result()
    t = answer.timings
    assert answer.model == "default" and answer.completion_tokens == 8
    assert answer.finish_reason == "length"
    assert 0 < t.prompt_s <= t.ttft_s <= t.total_s
    assert t.queue_s >= 0 and t.generation_s > 0
    assert t.prompt_tokens_per_s > 0 and t.generation_tokens_per_s > 0
    d = answer.as_dict()
    assert set(d) == {"answer", "model", "finish_reason", "tokens", "timings"}
    assert d["tokens"]["completion"] == 8


def test_seeded_sampling_is_repeatable(pool: ModelPool) -> None:
    settings = GenerationSettings(temperature=0.9, top_p=0.9, seed=1234, max_tokens=16)
    first = pool.chat(QUESTIONS[1], settings=settings).result().text
    second = pool.chat(QUESTIONS[1], settings=settings).result().text
    assert first == second


def test_stop_sequence_cuts_the_answer(pool: ModelPool) -> None:
    full = pool.chat(LONG, settings=greedy(40)).result().text
    words = full.split()
    assert len(words) > 6
    stop = " " + words[5]
    cut = pool.chat(LONG, settings=greedy(40, stop=(stop,))).result()
    assert cut.finish_reason == "stop"
    assert cut.text == full[: full.index(stop)]
    assert stop not in cut.text


def test_cancel_stops_within_a_few_tokens(pool: ModelPool) -> None:
    cancel = threading.Event()
    # Token by token (no loop guard holding words back): cancellation latency is what is measured.
    generation = pool.chat(LONG, settings=greedy(200, loop_guard=False), cancel=cancel)
    seen = []
    for delta in generation:
        seen.append(delta)
        if len(seen) == 3:
            cancel.set()
    answer = generation.answer
    assert answer is not None and answer.cancelled
    assert answer.text == "".join(seen)
    assert 3 <= answer.completion_tokens <= 6
    # A request cancelled before it starts produces nothing, and the model is still usable.
    cancel2 = threading.Event()
    cancel2.set()
    early = pool.chat(LONG, settings=greedy(50), cancel=cancel2).result()
    assert early.cancelled and early.text == "" and early.completion_tokens == 0
    assert pool.chat(QUESTIONS[0], settings=greedy(4)).result().completion_tokens == 4


def test_leaving_the_loop_early_stops_the_model(pool: ModelPool) -> None:
    model = pool.get()
    generation = pool.chat(LONG, settings=greedy(200, loop_guard=False))
    for i, _ in enumerate(generation):
        if i == 2:
            break
    follow = pool.chat(QUESTIONS[0], settings=greedy(4)).result()
    assert follow.completion_tokens == 4
    answer = generation.result()  # drains what the worker sent before it stopped
    assert answer.cancelled and answer.completion_tokens < 10
    assert model.history[-1][1] == "end"


def test_concurrent_requests_to_one_model_are_queued(pool: ModelPool) -> None:
    model = pool.get()
    sequential = [pool.chat(m, settings=greedy(12)).result().text for m in QUESTIONS]
    start = threading.Barrier(len(QUESTIONS))
    results: dict[int, str] = {}
    before = len(model.history)

    def ask(i: int) -> None:
        start.wait()
        results[i] = pool.chat(QUESTIONS[i], settings=greedy(12)).result().text

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(QUESTIONS))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert [results[i] for i in range(len(QUESTIONS))] == sequential
    events = list(model.history)[before:]
    # The worker ran one job at a time: start, end, start, end.
    assert [e[1] for e in events] == ["start", "end"] * len(QUESTIONS)
    assert [e[0] for e in events][::2] == [e[0] for e in events][1::2]


def test_follow_up_turn_reuses_the_cached_prefix(pool: ModelPool) -> None:
    messages = [{"role": "system", "content": "You are a helpful assistant. " * 20},
                {"role": "user", "content": "What is the capital of France?"}]
    pool.chat(QUESTIONS[1], settings=greedy(4)).result()  # something else was in the cache
    first = pool.chat(messages, settings=greedy(16)).result()
    follow = [*messages, {"role": "assistant", "content": first.text},
              {"role": "user", "content": "And of Italy?"}]
    second = pool.chat(follow, settings=greedy(16)).result()
    assert second.prompt_tokens > first.prompt_tokens
    # Everything up to the first answer is already in the KV cache.
    assert second.cached_tokens >= first.prompt_tokens
    assert second.prompt_tokens - second.cached_tokens < 30


def test_generation_settings_are_checked() -> None:
    for bad in ({"temperature": -1}, {"top_p": 0}, {"top_p": 1.5}, {"max_tokens": 0}):
        with pytest.raises(EngineError):
            GenerationSettings(**bad)  # type: ignore[arg-type]


def test_lru_eviction_under_a_memory_budget(tmp_path: Path, pool: ModelPool) -> None:
    source = pool.get().entry.path
    registry = ModelRegistry(home=tmp_path)
    for name in ("one", "two"):
        copy = tmp_path / f"{name}.gguf"
        copy.write_bytes(source.read_bytes())
        registry.add(copy, name=name)
    with ModelPool(registry, memory_budget=150 << 20, options=LoadOptions(n_ctx=256)) as small:
        a = small.get("one")
        assert small.chat([{"role": "user", "content": "hi"}], model="one",
                          settings=greedy(2)).result().completion_tokens == 2
        b = small.get("two")  # does not fit beside "one": "one" goes
        assert small.evicted == ["one"]
        assert [m.name for m in small.loaded()] == ["two"]
        a.join(10)
        with pytest.raises(EngineError, match="unloaded"):
            a.submit(lambda: None)
        assert small.get("two") is b
        small.get("one")  # back again, evicting "two"
        assert small.evicted == ["one", "two"]
    with ModelPool(registry, memory_budget=1 << 40, options=LoadOptions(n_ctx=256)) as roomy:
        roomy.get("one")
        roomy.get("two")
        assert len(roomy.loaded()) == 2 and roomy.evicted == []


def test_conversation_persists_and_never_lands_on_disk_in_the_clear(
        home: Path, no_keychain: Keychain, pool: ModelPool, tmp_path: Path) -> None:
    canary = "Zebrafish-Quokka-7731"
    vault = Vault.create(PASSPHRASE, home=home, keychain=no_keychain, kdf_log2_n=TEST_KDF)
    chat = Chat(vault, pool)
    conversation = chat.start(system_prompt="You are brief.")
    answer = chat.send(conversation, f"My secret word is {canary}. Repeat it.",
                       settings=greedy(24)).result()
    second = chat.send(conversation, "Thanks.", settings=greedy(8)).result()
    assert second.cached_tokens > 0
    vault.lock()

    reopened = Vault.unlock(home=home, passphrase=PASSPHRASE, keychain=no_keychain)
    with reopened:
        again = Chat(reopened, pool)
        turns = again.history(conversation)
        assert [t["role"] for t in turns] == ["user", "assistant", "user", "assistant"]
        assert canary in turns[0]["content"] and turns[1]["content"] == answer.text
        assert again.prompt_messages(conversation)[0] == {"role": "system",
                                                          "content": "You are brief."}
        from vault.conversations import messages
        meta = messages(reopened, conversation)[1].meta
        assert meta["model"] == "default" and meta["tokens"]["completion"] > 0
        assert "ttft_s" in meta["timings"]
    roots = [home, tmp_path / "tmp", tmp_path / "run"]
    assert files_containing(roots, canary) == []
