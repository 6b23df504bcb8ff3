"""Plugin apps Hearth has met: their did:key, the name they gave and their executable."""

from __future__ import annotations

import time
from dataclasses import dataclass

from identity.didkey import Did, require_key_did
from vault import Vault

MAX_NAME = 80
MAX_PATH = 1024


@dataclass(frozen=True)
class App:
    did: Did
    name: str
    exe_path: str
    first_seen: float
    last_seen: float


def _clean(text: object, limit: int) -> str:
    if not isinstance(text, str):
        return ""
    # Control characters could forge lines in the consent prompt.
    return "".join(c for c in text if c.isprintable())[:limit].strip()


def register_app(vault: Vault, did: str, *, name: object, exe_path: object = "") -> App:
    """Record (or refresh) an app; its name and path are shown to the user, never trusted."""
    did = require_key_did(did)
    clean_name = _clean(name, MAX_NAME) or "unnamed app"
    clean_path = _clean(exe_path, MAX_PATH)
    now = time.time()
    with vault.transaction() as conn:
        conn.execute(
            "INSERT INTO apps(did, name, exe_path, first_seen, last_seen) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(did) DO UPDATE SET name = excluded.name, exe_path = excluded.exe_path, "
            "last_seen = excluded.last_seen", (did, clean_name, clean_path, now, now))
    app = get_app(vault, did)
    assert app is not None
    return app


def get_app(vault: Vault, did: str) -> App | None:
    row = vault.query_one("SELECT did, name, exe_path, first_seen, last_seen FROM apps WHERE did = ?",
                          (did,))
    if row is None:
        return None
    return App(Did(row["did"]), row["name"], row["exe_path"], row["first_seen"], row["last_seen"])


def app_name(vault: Vault, did: str) -> str:
    app = get_app(vault, did)
    return app.name if app else ""
