"""Extension points through the real plugin manager (pluggy): a fake importer and a model source.

The plugin here is a real module registered with ``vault.plugins.plugin_manager()``, exactly
what an installed package's ``hearth`` entry point gets; its importer then imports a real
file into a real vault, and its model is listed and answers through the real engine.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from engine.models.registry import ModelRegistry, bundled_model_path
from tests.retrieval_fixtures import vault_fixture  # noqa: F401 - fixture
from vault import Vault
from vault.importers import importer_for, supported_extensions
from vault.importers.base import ParsedFile, chunk_text, document
from vault.plugins import hookimpl, plugin_manager


class RecipeCardImporter:
    """A made-up format: ``.recipe`` files, one recipe per file."""

    kind = "markdown"  # a classified kind: recipes are documents
    extensions = (".recipe",)

    def parse(self, path: Path, data: bytes) -> ParsedFile:
        text = data.decode("utf-8")
        title = text.splitlines()[0].removeprefix("TITLE ").strip()
        return ParsedFile(self.kind, title, (document(self.kind, title, chunk_text(text)),))


@pytest.fixture
def plugin() -> Iterator[Any]:
    module = types.ModuleType("hearth_test_plugin")

    @hookimpl
    def hearth_register_importers(register: Any) -> None:
        register(RecipeCardImporter())

    @hookimpl
    def hearth_register_model_sources(register: Any) -> None:
        path = bundled_model_path()
        assert path is not None
        register("Pocket-Model", path)

    module.hearth_register_importers = hearth_register_importers  # type: ignore[attr-defined]
    module.hearth_register_model_sources = hearth_register_model_sources  # type: ignore[attr-defined]
    sys.modules[module.__name__] = module
    pm = plugin_manager()
    pm.register(module)
    import vault.importers as importers

    importers._plugins_asked = False  # the next lookup asks the plugins again
    try:
        yield module
    finally:
        pm.unregister(module)
        importers._REGISTRY.pop(".recipe", None)
        del sys.modules[module.__name__]


def test_a_plugin_importer_imports_a_real_file(plugin: Any, vault: Vault, tmp_path: Path) -> None:
    from vault.sources import import_paths, list_sources

    card = tmp_path / "soup.recipe"
    card.write_text("TITLE Lentil soup\n\nSimmer 250 g red lentils for 20 minutes with cumin.\n")
    assert ".recipe" in supported_extensions() and isinstance(importer_for(card), RecipeCardImporter)
    report = import_paths(vault, [card])
    assert report.count("added") == 1, report
    [source] = list_sources(vault)
    assert source.title == "Lentil soup" and source.chunks == 1


def test_a_plugin_model_is_listed_and_answers(plugin: Any) -> None:
    from engine.answering.answer import Answerer
    from engine.running.pool import ModelPool

    registry = ModelRegistry()
    entry = registry.resolve("pocket-model")
    assert entry.name == "pocket-model" and not entry.builtin
    assert "pocket-model" in [e.name for e in registry.list()]
    with ModelPool(registry) as pool:
        reply = Answerer(pool).ask("What is the capital of France?", model="pocket-model",
                                   temperature=0, max_tokens=12).result()
    assert reply.model == "pocket-model" and "Paris" in reply.text


def test_a_broken_plugin_does_not_stop_imports(vault: Vault, tmp_path: Path) -> None:
    from vault.sources import import_paths

    module = types.ModuleType("hearth_broken_plugin")

    @hookimpl
    def hearth_register_importers(register: Any) -> None:
        raise RuntimeError("this plugin is broken")

    module.hearth_register_importers = hearth_register_importers  # type: ignore[attr-defined]
    pm = plugin_manager()
    pm.register(module)
    import vault.importers as importers

    importers._plugins_asked = False
    try:
        note = tmp_path / "note.md"
        note.write_text("# Plain\n\nStill imported.\n")
        assert import_paths(vault, [note]).count("added") == 1
    finally:
        pm.unregister(module)


class HashingEmbedder:
    """A made-up embedding model: hashed word counts, normalised (real vectors, no ONNX)."""

    model_id = "hashing-64"
    dim = 64

    def embed(self, texts: Any) -> Any:
        import hashlib

        import numpy as np

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in str(text).lower().split():
                out[row, hashlib.sha256(word.strip(".,?").encode()).digest()[0] % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1.0, norms)


def test_a_plugin_embedder_is_chosen_by_name_and_used_for_search(
        vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import engine.search.embeddings as embeddings
    from engine.errors import RetrievalError
    from engine.search.retrieval import Retriever

    module = types.ModuleType("hearth_embedder_plugin")

    @hookimpl
    def hearth_register_embedders(register: Any) -> None:
        register("Hashing-64", HashingEmbedder)

    module.hearth_register_embedders = hearth_register_embedders  # type: ignore[attr-defined]
    pm = plugin_manager()
    pm.register(module)
    try:
        assert embeddings.embedder_names() == ["minilm", "hashing-64"]
        monkeypatch.setenv("HEARTH_EMBEDDER", "hashing-64")
        chosen = embeddings.default_embedder()
        assert isinstance(chosen, HashingEmbedder) and embeddings.embedder_named("HASHING-64") is chosen
        docs = tmp_path / "docs"
        docs.mkdir()
        (docs / "kayak.md").write_text("# Kayak\n\nThe kayak paddles hang in the garden shed.\n")
        (docs / "bread.md").write_text("# Bread\n\nBake the sourdough at 230 degrees for forty minutes.\n")
        retriever = Retriever.open(vault)
        try:
            assert retriever.embedder is chosen
            retriever.ingest([docs])
            assert retriever.index.count() == 2  # vectors made by the plugin's model
            assert retriever.search("where do the kayak paddles hang", limit=1)[0].path.endswith("kayak.md")
        finally:
            retriever.close()
        monkeypatch.setenv("HEARTH_EMBEDDER", "no-such-model")
        with pytest.raises(RetrievalError, match="no embedder named 'no-such-model'"):
            embeddings.default_embedder()
    finally:
        pm.unregister(module)
        embeddings._SHARED.pop("hashing-64", None)
