"""Retrieval with the real embedding model, real chromadb and a real vault: quality, forget, sealing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from engine.errors import RetrievalError
from engine.search.embeddings import MiniLMEmbedder, assets_dir, from_blob
from engine.search.index import SEALED_FILE, VectorIndex
from engine.search.retrieval import Retriever, build_context, fts_terms, keyword_search, plan_fts
from tests.retrieval_fixtures import embedder_fixture, vault_fixture  # noqa: F401 - fixtures
from vault import Vault
from vault.notes import add_note
from vault.sources import chunk_generation, embedded_chunk_ids

# A small corpus of distinct facts, and questions worded differently from the files.
CORPUS = {
    "bike.md": "# Bicycle\n\nThe bicycle lock combination is 4-7-1-9. The "
               "bike lives in the shed behind the garage.",
    "dentist.txt": "Dentist appointment with Dr. Okafor moved to Friday 11 April at 10:00.",
    "wifi.md": "# Home network\n\nThe guest wifi network is called "
               "Lighthouse and its password is seagull-42.",
    "sister.md": "# Family\n\nMy sister Beatriz lives in Porto and works as a marine biologist.",
    "car.txt": "The car insurance renews on 2 September; the policy number is AX-55512 with Tranquilo.",
    "recipe.md": "# Grandma's soup\n\nChickpeas soaked overnight, two "
                 "carrots, cumin, and a bay leaf. Simmer 90 minutes.",
    "plants.md": "# Plants\n\nWater the fern every Tuesday; the cactus only once a month in winter.",
    "passport.txt": "My passport expires in March 2027. Renewal needs two photos and the old passport.",
    "boiler.md": "# Boiler\n\nThe boiler was serviced by Ferreira Heating; the technician said "
                 "the pressure valve must be replaced next year.",
    "books.md": "# Reading list\n\nNext to read: The Left Hand of Darkness, then Middlemarch.",
    "gym.txt": "Swimming pool opening hours: weekdays 7:00 to 21:00, closed on Sunday afternoons.",
    "loan.md": "# Money\n\nLent 250 euros to Tiago in January; he promised to pay back by June.",
    "vet.md": "# Cat\n\nThe cat Miso needs her rabies vaccine booster in October at the Rua Verde clinic.",
    "trip.md": "# Trip to Iceland\n\nFlights land in Keflavik at 23:40; the "
               "rental car is booked with Hekla Cars.",
    "taxes.txt": "Tax return deadline is 30 June; the accountant Sofia needs the receipts by mid May.",
    "garden.md": "# Vegetable garden\n\nTomatoes were planted on 3 May next to the blue shed.",
    "allergy.md": "# Health\n\nI am allergic to penicillin; amoxicillin also caused a rash in 2019.",
    "piano.md": "# Piano lessons\n\nPiano lessons with Mr. Lindqvist every Thursday at 18:30, 40 euros each.",
    "moving.md": "# Moving house\n\nThe moving company Rápido comes on 14 August at 8:00 with a 20 m³ truck.",
    "router.txt": "To reset the router hold the recessed button for 30 "
                  "seconds, then wait for the green light.",
}
QUESTIONS = {
    "What's the code to unlock my bike?": "bike.md",
    "When do I see the dentist?": "dentist.txt",
    "What is the wireless password for visitors?": "wifi.md",
    "Where does my sister live?": "sister.md",
    "When does my vehicle insurance need renewing?": "car.txt",
    "How do I make grandma's soup?": "recipe.md",
    "How often should I water the fern?": "plants.md",
    "When does my passport expire?": "passport.txt",
    "What did the heating technician say about the boiler?": "boiler.md",
    "Which novel should I read next?": "books.md",
    "When is the pool open?": "gym.txt",
    "How much money does Tiago owe me?": "loan.md",
    "When does Miso need a vaccination?": "vet.md",
    "What time does our flight arrive in Iceland?": "trip.md",
    "When is the deadline for my taxes?": "taxes.txt",
    "When were the tomatoes planted?": "garden.md",
    "Which antibiotics am I allergic to?": "allergy.md",
    "When are my music lessons?": "piano.md",
    "When do the movers come?": "moving.md",
    "How do I reset the internet router?": "router.txt",
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in CORPUS.items():
        (folder / name).write_text(text)
    return folder


@pytest.fixture
def retriever(vault: Vault, embedder: MiniLMEmbedder) -> Any:
    r = Retriever.open(vault, embedder=embedder)
    yield r
    r.close()


def test_embedder_is_sane_and_padding_free(embedder: MiniLMEmbedder) -> None:
    assert (assets_dir() / "embeddings" / "all-MiniLM-L6-v2" / "LICENSE").is_file()
    cat, kitten, tax = embedder.embed(["cat", "kitten", "tax return"])
    assert float(cat @ kitten) > float(cat @ tax) + 0.3
    alone = embedder.embed(["A short sentence about boats."])[0]
    batched = embedder.embed(["A short sentence about boats.", "word " * 400])
    assert np.allclose(alone, batched[0], atol=1e-4)  # padding must not change a vector
    assert np.allclose(np.linalg.norm(batched, axis=1), 1.0, atol=1e-4)
    assert embedder.embed([]).shape == (0, 384)


def test_recall_at_5_on_a_question_set(retriever: Retriever, corpus: Path) -> None:
    report = retriever.ingest([corpus])
    assert report.count("added") == len(CORPUS)
    found = 0
    for question, answer in QUESTIONS.items():
        hits = retriever.search(question, limit=5)
        if any(Path(h.path).name == answer for h in hits):
            found += 1
    assert found / len(QUESTIONS) >= 0.9, f"recall@5 = {found}/{len(QUESTIONS)}"


def test_search_results_carry_source_title_location_and_notes_are_searched(
        retriever: Retriever, vault: Vault, corpus: Path) -> None:
    retriever.ingest([corpus / "boiler.md", corpus / "trip.md"])
    note_id = add_note(vault, "The boiler manual is in the blue folder on the top shelf.")
    hits = retriever.search("boiler pressure valve", limit=5)
    top = hits[0]
    assert top.kind == "chunk" and Path(top.path).name == "boiler.md"
    assert top.title == "Boiler" and top.location == "Boiler" and "pressure valve" in top.snippet
    assert any(h.kind == "note" and h.id == note_id for h in hits)
    context, used = build_context(hits, budget_chars=400)
    assert used and len(context) <= 400 and "[1] Boiler" in context


def test_forget_removes_from_search_index_and_fts(retriever: Retriever, vault: Vault, corpus: Path) -> None:
    retriever.ingest([corpus])
    before = retriever.index.count()
    [gone] = retriever.forget(str(corpus / "wifi.md"))
    assert gone.removed and retriever.index.count() == before - len(gone.removed)
    assert not set(gone.removed) & retriever.index.ids()
    hits = retriever.search("guest wifi password Lighthouse seagull", limit=10)
    assert all(Path(h.path).name != "wifi.md" for h in hits)
    assert vault.query_one("SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH 'seagull'")[0] == 0
    # Reopened from the seal, the forgotten vectors are still gone.
    retriever.close()
    with Retriever.open(vault, embedder=retriever.embedder) as again:
        assert not set(gone.removed) & again.index.ids()
        assert again.index.count() == before - len(gone.removed)


def test_index_is_sealed_on_close_and_reconciled_when_stale(
        vault: Vault, embedder: MiniLMEmbedder, corpus: Path, home: Path) -> None:
    runtime = Path(__import__("os").environ["HEARTH_RUNTIME_DIR"])
    with Retriever.open(vault, embedder=embedder) as r:
        r.ingest([corpus])
        count = r.index.count()
        assert r.index.generation == chunk_generation(vault)
        assert list(runtime.glob("index-*"))  # the working copy lives in the runtime dir
    assert (home / SEALED_FILE).is_file() and not list(runtime.glob("index-*"))
    with Retriever.open(vault, embedder=embedder) as r:
        assert r.index.count() == count and r.index.generation == chunk_generation(vault)
        # Another process (here: the vault API alone) changes the vault behind the index's back.
    from vault.sources import forget, resolve_sources

    [(source_id, _, _)] = resolve_sources(vault, str(corpus / "piano.md"))
    removed = forget(vault, source_id).removed
    with Retriever.open(vault, embedder=embedder) as r:
        assert r.index.count() == count - len(removed) and not set(removed) & r.index.ids()
    # A damaged seal is not trusted: the index is rebuilt from the vault's vectors.
    data = bytearray((home / SEALED_FILE).read_bytes())
    data[len(data) // 2] ^= 0xFF
    (home / SEALED_FILE).write_bytes(bytes(data))
    with Retriever.open(vault, embedder=embedder) as r:
        assert r.index.count() == count - len(removed)
        assert r.index.ids() == embedded_chunk_ids(vault, model=embedder.model_id)
        assert all(Path(h.path).name != "piano.md" for h in r.search("piano lessons Lindqvist"))


def test_index_closes_with_the_vault_and_memory_mode_works(
        vault: Vault, embedder: MiniLMEmbedder, corpus: Path) -> None:
    with Retriever.open(vault, embedder=embedder, index_mode="memory") as r:
        r.ingest([corpus / "vet.md"])
        assert r.index.mode == "memory" and r.search("rabies vaccine")[0].path.endswith("vet.md")
    again = Retriever.open(vault, embedder=embedder, index_mode="memory")
    assert again.index.count() == 1  # rebuilt from the vault's BLOBs
    vault.lock()
    assert not again.index.is_open
    with pytest.raises(RetrievalError):
        again.index.query(np.zeros(384, dtype=np.float32))


def test_vectors_in_the_vault_match_the_model(vault: Vault, retriever: Retriever, corpus: Path) -> None:
    retriever.ingest([corpus / "gym.txt"])
    blob, model = vault.query_one("SELECT embedding, embed_model FROM chunks")
    assert model == retriever.embedder.model_id
    vector = from_blob(blob)
    assert vector.shape == (384,) and abs(float(np.linalg.norm(vector)) - 1.0) < 1e-4


def test_fts_terms_drop_stop_words_and_quote_everything() -> None:
    assert fts_terms("What is the code of my bike?") == '"code"* OR "bike"*'
    assert fts_terms('"; DROP TABLE x; --') == '"drop"* OR "table"*'
    assert fts_terms("the of and") == ""
    # A past tense searches from its stem ("reserved" finds "Reservations"); "booking" stays
    # "booking" (not every "book"), a short or doubled-e word stays whole.
    assert fts_terms("Which book have I reserved?") == '"book"* OR "reserv"*'
    assert fts_terms("booking agreed") == '"booking"* OR "agreed"*'


def test_wrong_vault_key_cannot_read_the_seal(vault: Vault, embedder: MiniLMEmbedder, corpus: Path,
                                             home: Path, tmp_path: Path) -> None:
    from engine.search.index import SealBroken, read_sealed

    with Retriever.open(vault, embedder=embedder) as r:
        r.ingest([corpus / "loan.md"])
    with pytest.raises(SealBroken):
        read_sealed(home / SEALED_FILE, b"\1" * 32, tmp_path / "x")  # not this vault's subkey
    other = VectorIndex.open(vault, model_id="other-model", dim=8, mode="memory")
    assert other.ids() == set()  # another model's vectors are never mixed in
    other.close()


def test_plan_fts_leaves_common_words_to_the_vectors() -> None:
    freq = {"boiler": 12, "valve": 300, "house": 5000, "zzz": 0}
    assert plan_fts(["house", "valve", "boiler", "zzz"], freq.__getitem__, budget=1000) == (
        '"boiler"* OR "valve"*')
    assert plan_fts(["house"], freq.__getitem__, budget=1000) == ""
    assert plan_fts([], freq.__getitem__) == ""


def test_keyword_search_needs_no_model_for_notes(vault: Vault) -> None:
    note = add_note(vault, "The heron nests by the mill pond every spring.")
    add_note(vault, "Buy more birdseed.")
    hits = keyword_search(vault, "where does the heron nest?")
    assert [(h.kind, h.id) for h in hits] == [("note", note)] and "heron" in hits[0].snippet
