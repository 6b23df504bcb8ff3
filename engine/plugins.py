"""The engine's extension points (see ``vault.plugins`` for how a package adds to Hearth).

``hearth_register_model_sources(register)``: a plugin calls ``register(name, path)`` for each
GGUF file it provides (a model shipped in a package, a model folder it manages); the models
appear in ``ModelRegistry.list()`` beside the built-in and added ones, checked like any other
file when they load.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from vault.plugins import hookspec, load_entry_points, plugin_manager

log = logging.getLogger(__name__)


class EngineSpecs:
    @hookspec
    def hearth_register_model_sources(self, register: Callable[[str, Path], None]) -> None:
        """Call ``register(name, path)`` for each GGUF model file you provide."""


_specs_added = False


def plugin_models() -> list[tuple[str, Path]]:
    """(name, path) of every model the installed plugins provide."""
    global _specs_added
    pm = plugin_manager()
    if not _specs_added:
        pm.add_hookspecs(EngineSpecs)
        _specs_added = True
    found: list[tuple[str, Path]] = []
    try:
        load_entry_points()
        pm.hook.hearth_register_model_sources(register=lambda name, path: found.append(
            (str(name), Path(path))))
    except Exception as exc:  # a broken plugin must not hide the person's own models
        log.warning("a model-source plugin failed: %s", exc)
    return found


__all__ = ["EngineSpecs", "plugin_models"]
