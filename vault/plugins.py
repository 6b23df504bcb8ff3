"""Declared extension points (pluggy): what an installed Python package may add to Hearth.

A package adds to Hearth by naming a module under the ``hearth`` entry-point group
(``[project.entry-points.hearth] myplugin = "my_package.hearth_plugin"``) whose functions are
marked with :data:`hookimpl`. The hooks, each one line, are declared here (the vault's) and in
``engine.plugins`` (the engine's)::

    hearth_register_importers(register)      call register(importer) for each file importer
    hearth_register_model_sources(register)  call register(name, path) for each GGUF it provides

Plugins run in-process with the person's data, so they are code the person installed, not
plugin *apps* (those get only the gateway's API under a grant). Entry points are read once, on
first use; :func:`plugin_manager` is the one manager every package registers its specs with.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import pluggy

PROJECT = "hearth"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)
log = logging.getLogger(__name__)


class VaultSpecs:
    @hookspec
    def hearth_register_importers(self, register: Callable[[Any], None]) -> None:
        """Call ``register(importer)`` for each importer (``vault.importers.Importer``) you add."""


_manager: pluggy.PluginManager | None = None
_lock = threading.Lock()
_loaded = False


def plugin_manager() -> pluggy.PluginManager:
    """The process's one plugin manager (specs added, entry points not yet loaded)."""
    global _manager
    with _lock:
        if _manager is None:
            _manager = pluggy.PluginManager(PROJECT)
            _manager.add_hookspecs(VaultSpecs)
        return _manager


def load_entry_points() -> None:
    """Load the installed packages' ``hearth`` entry points, once per process."""
    global _loaded
    pm = plugin_manager()
    with _lock:
        if _loaded:
            return
        _loaded = True
    pm.load_setuptools_entrypoints(PROJECT)


def register_importers(register: Callable[[Any], None]) -> None:
    """Ask every plugin for its importers and pass each to ``register`` (``vault.importers``
    passes its own ``register``, so this module needs nothing of it)."""
    try:
        load_entry_points()
        plugin_manager().hook.hearth_register_importers(register=register)
    except Exception as exc:  # a broken plugin must not stop Hearth from importing files
        log.warning("an importer plugin failed to load: %s", exc)


__all__ = ["PROJECT", "VaultSpecs", "hookimpl", "hookspec", "load_entry_points", "plugin_manager",
           "register_importers"]
