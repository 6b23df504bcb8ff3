"""Desktop preferences that are not personal: last model, GPU layers per model.

They live in ``desktop.json`` in the data directory (next to ``models.json``),
readable before the vault is unlocked so the model can load in the
background at start. Nothing typed by the user or derived from their data is
ever stored here; personal settings stay in the vault.

Unlike the model list, a damaged (or unreadable) ``desktop.json`` reads as no
preferences, the defaults: nothing in it is worth refusing to start over. It is still not
written over unasked: :func:`put` raises :class:`~vault.errors.FileCorrupt` (the
app's own writes, such as the last model used, then leave it alone), and only a
setting the person changes (:func:`set_gpu_layers`, ``replace_damaged=True``)
moves the damaged file aside, to ``desktop.json.damaged``, before writing a fresh one.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from vault.errors import FileCorrupt, VaultError
from vault.fsutil import read_json, translate_os_error, write_json

FILE = "desktop.json"
WHAT = "the desktop preferences"

log = logging.getLogger(__name__)


def _path() -> Path:
    from vault.paths import data_dir

    return data_dir() / FILE


def load() -> dict[str, Any]:
    """The preferences; none (the defaults) when the file is missing, unreadable or damaged."""
    try:
        return read_json(_path(), what=WHAT)
    except VaultError as exc:   # FileCorrupt, or the file cannot be read at all
        log.warning("%s; using the defaults", exc)
        return {}


def get(key: str, default: Any = None) -> Any:
    return load().get(key, default)


def put(key: str, value: Any, *, replace_damaged: bool = False) -> None:
    """Set one preference; VaultError (DiskFull…) when it cannot be written.

    A damaged file raises FileCorrupt and stays as it is, unless ``replace_damaged`` (the
    person changed this setting): then it is kept as ``desktop.json.damaged``.
    """
    path = _path()
    try:
        data = read_json(path, what=WHAT)
    except FileCorrupt:
        if not replace_damaged:
            raise
        aside = path.with_name(path.name + ".damaged")
        try:
            os.replace(path, aside)
        except OSError as exc:
            raise translate_os_error(exc, f"cannot move {path.name} aside") from None
        log.warning("%s was damaged; kept it as %s and started afresh", path, aside)
        data = {}
    data[key] = value
    write_json(path, data)


def gpu_layers(model: str) -> int | None:
    """The user's GPU layer count for ``model``; None means fit automatically."""
    table = load().get("gpu_layers")
    value = table.get(model) if isinstance(table, dict) else None
    return int(value) if isinstance(value, int) else None


def set_gpu_layers(model: str, layers: int | None) -> None:
    """The person's choice in the Models view: it replaces a damaged file (kept aside)."""
    table = load().get("gpu_layers")
    table = dict(table) if isinstance(table, dict) else {}
    if layers is None:
        table.pop(model, None)
    else:
        table[model] = int(layers)
    put("gpu_layers", table, replace_damaged=True)
