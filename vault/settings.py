"""Settings kept inside the vault, as JSON values under string keys."""

from __future__ import annotations

import json
from typing import Any

from vault.store import Vault

DEFAULTS: dict[str, Any] = {
    "autolock_minutes": 15,
    "close_to_tray": True,
    "gateway_enabled": True,
    "gateway_tcp_port": 0,
}


def get_setting(vault: Vault, key: str, default: Any = None) -> Any:
    row = vault.query_one("SELECT value FROM settings WHERE key = ?", (key,))
    if row is None:
        return DEFAULTS.get(key, default) if default is None else default
    return json.loads(row[0])


def set_setting(vault: Vault, key: str, value: Any) -> None:
    vault.execute("INSERT INTO settings(key, value) VALUES (?, ?) "
                  "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, json.dumps(value)))


def all_settings(vault: Vault) -> dict[str, Any]:
    out = dict(DEFAULTS)
    out.update({r[0]: json.loads(r[1]) for r in vault.query("SELECT key, value FROM settings")})
    return out
