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

import time

from identity import store
from identity.didkey import Did, require_key_did
from identity.store import App
from vault import Vault

MAX_NAME = 80
MAX_PATH = 1024

__all__ = ["MAX_NAME", "MAX_PATH", "App", "app_name", "clean", "get_app", "list_apps", "record_pairing",
           "register_app", "saw_program"]


def clean(text: object, limit: int) -> str:
    """Text fit to show a person: printable characters only (no forged lines), bounded."""
    if not isinstance(text, str):
        return ""
    return "".join(c for c in text if c.isprintable())[:limit].strip()


def record_pairing(vault: Vault, did: Did, *, name: object, exe_path: object = "",
                   claimed_exe_path: object = "") -> tuple[App, str | None]:
    """Record (or refresh) an app that has just proved its DID; returns it and its old name if renamed.

    Call only after the proof verified: the name and paths are what the person sees.
    """
    did = require_key_did(did)
    renamed_from = store.save_app(vault, did, name=clean(name, MAX_NAME) or "unnamed app",
                                  exe_path=clean(exe_path, MAX_PATH),
                                  claimed_exe_path=clean(claimed_exe_path, MAX_PATH), now=time.time())
    app = get_app(vault, did)
    assert app is not None
    return app, renamed_from


def register_app(vault: Vault, did: Did, *, name: object, exe_path: object = "",
                 claimed_exe_path: object = "") -> App:
    """:func:`record_pairing` without the rename report (for callers that proved the DID)."""
    return record_pairing(vault, did, name=name, exe_path=exe_path, claimed_exe_path=claimed_exe_path)[0]


def saw_program(vault: Vault, did: Did, exe_path: str) -> None:
    """Note the executable a proven app is running as now (its later requests may come from another)."""
    store.set_app_program(vault, did, clean(exe_path, MAX_PATH), now=time.time())


def get_app(vault: Vault, did: Did) -> App | None:
    return store.load_app(vault, did)


def list_apps(vault: Vault) -> list[App]:
    """Every app that paired, most recently seen first."""
    return store.load_apps(vault)


def app_name(vault: Vault, did: Did) -> str:
    return store.load_app_name(vault, did) or ""
