"""The engine's extension points (see ``vault.plugins`` for how a package adds to Hearth).

* ``hearth_register_model_sources(register)``: a plugin calls ``register(name, path)`` for each
  GGUF file it provides (a model shipped in a package, a model folder it manages); the models
  appear in ``ModelRegistry.list()`` beside the built-in and added ones, checked like any other
  file when they load.
* ``hearth_register_embedders(register)``: a plugin calls ``register(name, factory)`` for each
  embedding model it provides; ``factory()`` returns an ``engine.search.embeddings.Embedder``.
  ``HEARTH_EMBEDDER=name`` makes it the one imports and searches use.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from vault.plugins import hookspec, load_entry_points, plugin_manager

log = logging.getLogger(__name__)


class EngineSpecs:
    @hookspec
    def hearth_register_model_sources(self, register: Callable[[str, Path], None]) -> None:
        """Call ``register(name, path)`` for each GGUF model file you provide."""

    @hookspec
    def hearth_register_embedders(self, register: Callable[[str, Callable[[], Any]], None]) -> None:
        """Call ``register(name, factory)`` for each embedding model you provide."""


_specs_added = False


def _manager() -> Any:
    global _specs_added
    pm = plugin_manager()
    if not _specs_added:
        pm.add_hookspecs(EngineSpecs)
        _specs_added = True
    return pm


def plugin_embedders() -> dict[str, Callable[[], Any]]:
    """name -> factory of every embedder the installed plugins provide (names in lower case)."""
    found: dict[str, Callable[[], Any]] = {}

    def register(name: str, factory: Callable[[], Any]) -> None:
        if str(name).strip() and callable(factory):
            found.setdefault(str(name).strip().lower(), factory)

    try:
        load_entry_points()
        _manager().hook.hearth_register_embedders(register=register)
    except Exception as exc:  # a broken plugin must not stop search
        log.warning("an embedder plugin failed: %s", exc)
    return found


def plugin_models() -> list[tuple[str, Path]]:
    """(name, path) of every model the installed plugins provide."""
    pm = _manager()
    found: list[tuple[str, Path]] = []
    try:
        load_entry_points()
        pm.hook.hearth_register_model_sources(register=lambda name, path: found.append(
            (str(name), Path(path))))
    except Exception as exc:  # a broken plugin must not hide the person's own models
        log.warning("a model-source plugin failed: %s", exc)
    return found


__all__ = ["EngineSpecs", "plugin_embedders", "plugin_models"]
