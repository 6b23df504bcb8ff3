"""Plugin apps Hearth has met: their did:key, their name, and the program they run as.

An app is recorded only once it has proved that it holds its did:key
(:func:`record_pairing`, called after the pairing proof verifies): a program
that merely claims a DID can neither add nor rename an app. ``exe_path`` is
the executable Hearth itself saw (``/proc/PID/exe`` of the connected peer);
the path the app *says* it runs from is kept apart as ``claimed_exe_path`` and
shown only as a claim. When a proven app changes its name, the previous name
is kept so the Privacy view can say "renamed from …". These extra facts live
in the vault's ``settings`` table under ``app_meta:<did>`` (no schema change).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from identity.didkey import Did, require_key_did
from vault import Vault

MAX_NAME = 80
MAX_PATH = 1024
_META = "app_meta:"


@dataclass(frozen=True)
class App:
    did: Did
    name: str
    exe_path: str
    first_seen: float
    last_seen: float
    claimed_exe_path: str = ""
    previous_name: str = ""
    renamed_at: float | None = None


def clean(text: object, limit: int) -> str:
    """Text fit to show a person: printable characters only (no forged lines), bounded."""
    if not isinstance(text, str):
        return ""
    return "".join(c for c in text if c.isprintable())[:limit].strip()


def _meta(row: Any) -> dict[str, Any]:
    if row is None:
        return {}
    try:
        value = json.loads(row[0])
    except (ValueError, TypeError):
        return {}
    return value if isinstance(value, dict) else {}


def record_pairing(vault: Vault, did: str, *, name: object, exe_path: object = "",
                   claimed_exe_path: object = "") -> tuple[App, str | None]:
    """Record (or refresh) an app that has just proved its DID; returns it and its old name if renamed.

    Call only after the proof verified: the name and paths are what the person sees.
    """
    did = require_key_did(did)
    clean_name = clean(name, MAX_NAME) or "unnamed app"
    clean_path = clean(exe_path, MAX_PATH)
    claim = clean(claimed_exe_path, MAX_PATH)
    now = time.time()
    renamed_from: str | None = None
    with vault.transaction() as conn:
        old = conn.execute("SELECT name FROM apps WHERE did = ?", (did,)).fetchone()
        meta = _meta(conn.execute("SELECT value FROM settings WHERE key = ?", (_META + did,)).fetchone())
        if old is not None and old[0] != clean_name:
            renamed_from = str(old[0])
            meta.update(previous_name=renamed_from, renamed_at=now)
        meta["claimed_exe_path"] = claim
        conn.execute(
            "INSERT INTO apps(did, name, exe_path, first_seen, last_seen) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(did) DO UPDATE SET name = excluded.name, exe_path = excluded.exe_path, "
            "last_seen = excluded.last_seen", (did, clean_name, clean_path, now, now))
        conn.execute("INSERT INTO settings(key, value) VALUES (?, ?) "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (_META + did, json.dumps(meta)))
    app = get_app(vault, did)
    assert app is not None
    return app, renamed_from


def register_app(vault: Vault, did: str, *, name: object, exe_path: object = "",
                 claimed_exe_path: object = "") -> App:
    """:func:`record_pairing` without the rename report (for callers that proved the DID)."""
    return record_pairing(vault, did, name=name, exe_path=exe_path, claimed_exe_path=claimed_exe_path)[0]


def saw_program(vault: Vault, did: str, exe_path: str) -> None:
    """Note the executable a proven app is running as now (its later requests may come from another)."""
    vault.execute("UPDATE apps SET exe_path = ?, last_seen = ? WHERE did = ?",
                  (clean(exe_path, MAX_PATH), time.time(), did))


def _row_app(vault: Vault, row: Any) -> App:
    meta = _meta(vault.query_one("SELECT value FROM settings WHERE key = ?", (_META + row["did"],)))
    renamed_at = meta.get("renamed_at")
    return App(Did(row["did"]), row["name"], row["exe_path"], row["first_seen"], row["last_seen"],
               claimed_exe_path=str(meta.get("claimed_exe_path") or ""),
               previous_name=str(meta.get("previous_name") or ""),
               renamed_at=float(renamed_at) if isinstance(renamed_at, int | float) else None)


def get_app(vault: Vault, did: str) -> App | None:
    row = vault.query_one("SELECT did, name, exe_path, first_seen, last_seen FROM apps WHERE did = ?",
                          (did,))
    return None if row is None else _row_app(vault, row)


def list_apps(vault: Vault) -> list[App]:
    """Every app that paired, most recently seen first."""
    rows = vault.query("SELECT did, name, exe_path, first_seen, last_seen FROM apps ORDER BY last_seen DESC")
    return [_row_app(vault, r) for r in rows]


def app_name(vault: Vault, did: str) -> str:
    row = vault.query_one("SELECT name FROM apps WHERE did = ?", (did,))
    return str(row[0]) if row else ""
