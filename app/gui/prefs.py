"""Desktop preferences that are not personal: last model, GPU layers per model.

They live in ``desktop.json`` in the data directory (next to ``models.json``),
readable before the vault is unlocked so the model can load in the
background at start. Nothing typed by the user or derived from their data is
ever stored here; personal settings stay in the vault.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from vault.fsutil import atomic_write

FILE = "desktop.json"


def _path() -> Path:
    from vault.paths import data_dir

    return data_dir() / FILE


def load() -> dict[str, Any]:
    try:
        raw = json.loads(_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return raw if isinstance(raw, dict) else {}


def get(key: str, default: Any = None) -> Any:
    return load().get(key, default)


def put(key: str, value: Any) -> None:
    data = load()
    data[key] = value
    atomic_write(_path(), json.dumps(data, indent=2).encode("utf-8"))


def gpu_layers(model: str) -> int | None:
    """The user's GPU layer count for ``model``; None means fit automatically."""
    value = load().get("gpu_layers", {}).get(model)
    return int(value) if isinstance(value, int) else None


def set_gpu_layers(model: str, layers: int | None) -> None:
    table = dict(load().get("gpu_layers", {}))
    if layers is None:
        table.pop(model, None)
    else:
        table[model] = int(layers)
    put("gpu_layers", table)
