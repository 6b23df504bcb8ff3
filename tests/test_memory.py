"""Memory/profile, "remember that …", personal context in build_messages, and the plug-out export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app import assistant
from app.assistant import build_messages
from engine.embeddings import MiniLMEmbedder
from tests.conftest import PASSPHRASE, run_cli
from tests.retrieval_fixtures import embedder_fixture, vault_fixture  # noqa: F401 - fixtures
from vault import NotFound, Vault
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
    with pytest.raises(ValueError):
        add_memory(vault, "x", kind="secret")
    forget_memory(vault, bike)
    assert [m.id for m in list_memory(vault)] == [name, tea]
    forgotten = [tuple(r) for r in vault.query("SELECT what, kind FROM forgotten")]
    assert forgotten == [(f"memory {bike}", "memory")]
    with pytest.raises(NotFound):
        forget_memory(vault, bike)


def test_build_messages_adds_context_memory_and_remembers_out_loud(
        vault: Vault, embedder: MiniLMEmbedder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from engine import retrieval

    # Share the session's model instead of loading a second copy.
    monkeypatch.setattr(retrieval, "default_embedder", lambda: embedder)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "boiler.md").write_text("# Boiler\n\nThe boiler pressure valve must be replaced next year.")
    (docs / "trip.md").write_text("# Trip\n\nFlights land in Keflavik at 23:40.")
    retrieval.retriever_for(vault).ingest([docs])
    add_memory(vault, "My name is Joana", kind="name")
    said: list[str] = []
    monkeypatch.setattr(assistant, "announce", said.append)

    messages, sources = build_messages("What must be replaced on the boiler?", vault=vault,
                                       use_context=True, system=None)
    assert messages[0]["role"] == "system"
    question = messages[-1]["content"]
    assert "pressure valve must be replaced" in question and "Question: What must be replaced" in question
    assert "My name is Joana" in question
    chunk = sources[0]  # excerpts come first, so a source's place in the list is its [n]
    assert chunk["kind"] == "chunk" and chunk["n"] == 1
    assert chunk["path"].endswith("boiler.md") and chunk["title"] == "Boiler"
    assert isinstance(chunk["chunk_id"], int) and chunk["location"] == "Boiler"
    assert any(s["kind"] == "memory" for s in sources) and not said

    plain, none = build_messages("What must be replaced on the boiler?", vault=vault, use_context=False,
                                 system="")
    assert plain == [{"role": "user", "content": "What must be replaced on the boiler?"}] and none == []

    small, used = build_messages("When do flights land?", vault=vault, use_context=True, system=None,
                                 context_chars=300)
    assert len(small[-1]["content"]) < 300 + 400  # the budget bounds the excerpts
    assert len([s for s in used if s["kind"] == "chunk"]) == 1

    _, remembered = build_messages("Remember that my dentist is Dr. Okafor", vault=vault,
                                   use_context=True, system=None)
    assert remembered[-1]["kind"] == "remembered" and remembered[-1]["text"] == "My dentist is Dr. Okafor"
    assert [s["kind"] for s in remembered].count("remembered") == 1
    assert not any(s["kind"] == "memory" and s["text"] == "My dentist is Dr. Okafor" for s in remembered)
    assert said and "My dentist is Dr. Okafor" in said[0]
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
