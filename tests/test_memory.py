"""Memory/profile, "remember that …", personal context in the answer pipeline, and the plug-out export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.search.embeddings import MiniLMEmbedder
from tests.conftest import PASSPHRASE, run_cli
from tests.retrieval_fixtures import embedder_fixture, vault_fixture  # noqa: F401 - fixtures
from vault import InvalidInput, NotFound, Vault
from vault.conversations import add_message, create_conversation
from vault.export import export_all
from vault.memory import add_memory, detect_remember, forget_memory, list_memory, relevant_memory
from vault.notes import add_note

ENV = {"HEARTH_PASSPHRASE": PASSPHRASE}


@pytest.mark.parametrize("text,expected", [
    ("Remember that my sister Ana lives in Porto.", ("person", "My sister Ana lives in Porto")),
    ("please remember: I prefer tea over coffee", ("preference", "I prefer tea over coffee")),
    ("Hearth, remember my name is Joana", ("name", "My name is Joana")),
    ("Remember that I live in Lisbon", ("place", "I live in Lisbon")),
    ("remember that the spare key is under the pot", ("fact", "The spare key is under the pot")),
    ("remember to buy milk", None),
    ("Do you remember what I said?", None),
    ("What is the capital of France?", None),
    ("I remember that summer well", None),
])
def test_detect_remember(text: str, expected: tuple[str, str] | None) -> None:
    assert detect_remember(text) == expected


def test_memory_store_list_relevant_and_forget(vault: Vault) -> None:
    name = add_memory(vault, "My name is Joana", kind="name")
    tea = add_memory(vault, "I prefer green tea in the morning", kind="preference")
    bike = add_memory(vault, "The bike lock code is 4719")
    assert add_memory(vault, "the bike lock code is 4719") == bike  # no duplicates
    assert [m.id for m in list_memory(vault)] == [name, tea, bike]
    relevant = [m.id for m in relevant_memory(vault, "What tea do I like?")]
    assert relevant[0] == tea and name in relevant and bike not in relevant
    with pytest.raises(InvalidInput):
        add_memory(vault, "x", kind="secret")
    forget_memory(vault, bike)
    assert [m.id for m in list_memory(vault)] == [name, tea]
    forgotten = [tuple(r) for r in vault.query("SELECT what, kind FROM forgotten")]
    assert forgotten == [(f"memory {bike}", "memory")]
    with pytest.raises(NotFound):
        forget_memory(vault, bike)


def test_pipeline_adds_context_memory_and_remembers_out_loud(
        vault: Vault, embedder: MiniLMEmbedder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from engine.answering.answer import Answerer, AskOptions
    from engine.answering.prompting import build_prompt
    from engine.running.pool import ModelPool
    from engine.search import retrieval

    # Share the session's model instead of loading a second copy.
    monkeypatch.setattr(retrieval, "default_embedder", lambda: embedder)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "boiler.md").write_text("# Boiler\n\nThe boiler pressure valve must be replaced next year.")
    (docs / "trip.md").write_text("# Trip\n\nFlights land in Keflavik at 23:40.")
    retrieval.retriever_for(vault).ingest([docs])
    add_memory(vault, "My name is Joana", kind="name")
    with ModelPool() as pool:
        answerer = Answerer(pool, vault=vault, searcher=lambda: retrieval.retriever_for(vault))
        question = "What must be replaced on the boiler?"
        sources, quotes, _ = answerer.retrieve(question, AskOptions())
        assert quotes[0].text == "The boiler pressure valve must be replaced next year."
        chunk = sources[0]  # numbered as the model sees them
        assert chunk.kind == "chunk" and chunk.n == 1 == quotes[0].n
        assert chunk.path.endswith("boiler.md") and chunk.title == "Boiler"
        assert isinstance(chunk.chunk_id, int) and chunk.location == "Boiler"
        assert any(s.kind == "memory" and s.text == "My name is Joana" for s in sources)
        messages, used = build_prompt(question, AskOptions(), sources, quotes, small=False,
                                      grounding="personal")
        assert messages[0]["role"] == "system" and "cannot browse the web" in messages[0]["content"]
        content = messages[-1]["content"]
        assert "pressure valve must be replaced" in content and content.endswith(f"Question: {question}")
        # A small model sees only the sources its quotes come from.
        _, used_small = build_prompt(question, AskOptions(), sources, quotes, small=True,
                                     grounding="personal")
        assert [s.n for s in used_small] == [1] and len(used) >= len(used_small)
        assert answerer.retrieve(question, AskOptions(use_context=False)) == ([], [], 0.0)
        # Nothing about it in the files: no sources, no quotes.
        assert answerer.retrieve("What is my passport number?", AskOptions())[:2] == ([], [])

        reply = answerer.ask("Remember that my dentist is Dr. Okafor", max_tokens=8).result()
        assert [(r.kind, r.text) for r in reply.remembered] == [("fact", "My dentist is Dr. Okafor")]
        assert not any(s.kind == "memory" and s.text == "My dentist is Dr. Okafor" for s in reply.sources)
        assert reply.as_dict()["remembered"][0]["text"] == "My dentist is Dr. Okafor"
    assert any(m.text == "My dentist is Dr. Okafor" for m in list_memory(vault))


def test_export_writes_everything_in_open_formats(vault: Vault, tmp_path: Path) -> None:
    from vault.sources import import_paths

    add_note(vault, "Buy quince paste for Sunday.")
    conversation = create_conversation(vault, title="Jam plans", model="smollm2")
    add_message(vault, conversation, "user", "How long do I cook quince?")
    add_message(vault, conversation, "assistant", "About an hour.", meta={"tokens": 4})
    add_memory(vault, "I prefer green tea", kind="preference")
    doc = tmp_path / "recipe.md"
    doc.write_text("# Quince jam\n\nCook slowly for an hour.")
    import_paths(vault, [doc])
    from vault.netlog import NetEntry, record

    assert record(vault, NetEntry("hub_api", "huggingface.co", "/api/models?search=qwen3", "200",
                                  1.0, 2.0, bytes_in=512))
    out = tmp_path / "export"
    summary = export_all(vault, out)
    assert (summary.notes, summary.conversations, summary.memory, summary.sources, summary.originals) == (
        1, 1, 1, 1, 1)
    assert "quince paste" in next((out / "notes").iterdir()).read_text()
    conv_md = next((out / "conversations").glob("*.md")).read_text()
    assert "# Jam plans" in conv_md and "About an hour." in conv_md
    conv_json = json.loads(next((out / "conversations").glob("*.json")).read_text())
    assert conv_json["messages"][1]["meta"] == {"tokens": 4}
    assert json.loads((out / "memory.json").read_text())[0]["text"] == "I prefer green tea"
    [entry] = json.loads((out / "sources.json").read_text())
    assert (out / entry["original"]).read_bytes() == doc.read_bytes()
    assert "Cook slowly" in (out / entry["text"]).read_text()
    assert oct((out / "memory.json").stat().st_mode & 0o777) == "0o600"
    [sent] = json.loads((out / "network-log.json").read_text())
    assert (sent["host"], sent["bytes_in"]) == ("huggingface.co", 512)
    assert sent["path"] == "/api/models?search=qwen3"
    from vault import VaultError

    with pytest.raises(VaultError, match="not an empty folder"):
        export_all(vault, out)


def test_memory_cli(vault: Vault) -> None:
    vault.lock()
    added = run_cli("memory", "add", "I", "prefer", "window", "seats", "--kind", "preference", env=ENV)
    assert added.returncode == 0 and "Remembered (preference" in added.stdout
    listed = json.loads(run_cli("memory", "list", "--json", env=ENV).stdout)
    assert [(m["kind"], m["text"]) for m in listed] == [("preference", "I prefer window seats")]
    assert run_cli("memory", "forget", str(listed[0]["id"]), env=ENV).returncode == 0
    assert json.loads(run_cli("memory", "list", "--json", env=ENV).stdout) == []
    gone = run_cli("memory", "forget", "999", env=ENV)
    assert gone.returncode == 1 and gone.stderr.startswith("hearth: no memory 999")
