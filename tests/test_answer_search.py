"""Search by meaning right after `hearth add`: a small import is embedded before `add` returns;
while passages still wait for vectors, the answer says meaning search is not complete. The real
CLI in a child process, a real vault, the real embedding model and the bundled model."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import PASSPHRASE, run_cli
from tests.retrieval_fixtures import vault_fixture  # noqa: F401 - fixture
from vault import Keychain, Vault

ENV = {"HEARTH_PASSPHRASE": PASSPHRASE}
DOG = ("# Biscuit\n\nBiscuit gets two walks a day. He is allergic to chicken, so no chicken treats "
       "and no leftovers from the roast.\n")


def test_a_small_import_is_searchable_by_meaning_when_add_returns(vault: Vault, tmp_path: Path,
                                                                   no_keychain: Keychain) -> None:
    from engine.search.embeddings import MODEL_ID
    from vault.sources import count_missing_embedding

    vault.lock()
    (tmp_path / "dog.md").write_text(DOG)
    added = run_cli("add", str(tmp_path / "dog.md"), env=ENV)
    assert added.returncode == 0, added.stderr
    assert "Imported 1 new" in added.stdout and "still need embeddings" not in added.stdout
    with Vault.unlock(passphrase=PASSPHRASE, keychain=no_keychain) as v:
        assert count_missing_embedding(v, model=MODEL_ID, other_models=False) == 0
    # No word of the question is in the file: only meaning finds it.
    asked = run_cli("ask", "What can't my pup eat?", "--json", env=ENV)
    assert asked.returncode == 0, asked.stderr
    assert "search by meaning is not complete" not in asked.stderr
    assert "nothing in your files" not in asked.stdout and "allergic to chicken" in asked.stdout


def test_an_answer_says_when_meaning_search_is_not_complete(vault: Vault, tmp_path: Path) -> None:
    from app.services import Hearth
    from engine.search.retrieval import retriever_for

    (tmp_path / "dog.md").write_text(DOG)
    retriever_for(vault).ingest([tmp_path / "dog.md"], embed_now=False)  # vectors still to come
    with Hearth(vault) as hearth:
        reply = hearth.ask("Is Biscuit allergic to anything?", temperature=0.0, max_tokens=30).result()
    assert any("search by meaning is not complete yet: 1 passage(s)" in n for n in reply.notes), reply.notes
