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

from engine.models import ModelRegistry, bundled_model_path
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
    from engine.answer import Answerer
    from engine.pool import ModelPool

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
