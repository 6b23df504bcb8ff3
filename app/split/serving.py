"""The worker side of a split model, composed: who may send this computer's RPC server work.

:func:`install_split` gives the link server two requests: ``rpc`` (the door admits it only with
a live ``engine.split`` grant; :class:`engine.split.worker.SplitWorker` then starts a private RPC
server for that session and relays to it) and ``split_grant`` (admitted with the device's chat
grant: it hands the device the ``engine.split`` grant the person gave it here, if any).

``engine.split`` is never part of a pairing: the person gives it per device, on this computer,
with :func:`allow_split` (``hearth split allow NAME``), because a worker sees every activation of
its layers (the prompt, in effect); :func:`stop_split` revokes it. Both go to the audit log; each
session served is said in one line and audited with its byte counts, never its content. The
weight pieces devices sent are kept in this Hearth's private data folder, encrypted with a key
that lives in this vault (:func:`cache_key`, made on first use), so a reload sends no weights.
"""

from __future__ import annotations

import secrets
import ssl
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from engine.link.server import Authorised, LinkServer
from engine.link.wire import LineReader, send_line
from engine.split.worker import SplitEvent, SplitWorker
from identity import devices
from identity.audit import append as audit
from identity.didkey import Did
from identity.errors import IdentityError
from vault import Vault
from vault.paths import data_dir
from vault.settings import get_setting, set_setting

GRANT_PREFIX = "split_grant:"
CACHE_KEY = "split_cache_key"
DEFAULT_DAYS = 90.0


def cache_dir() -> Path:
    return data_dir() / "split-cache"


def cache_key(vault: Vault) -> bytes:
    """The key of the weight cache, kept in the vault (made the first time it is asked for)."""
    held = get_setting(vault, CACHE_KEY, "")
    if isinstance(held, str) and len(held) == 64:
        return bytes.fromhex(held)
    key = secrets.token_bytes(32)
    set_setting(vault, CACHE_KEY, key.hex())
    return key


def install_split(server: LinkServer, vault: Vault, *, say: Callable[[str], None]) -> SplitWorker:
    def report(event: SplitEvent) -> None:
        say(f"split session for {event.peer}: {event.bytes_in} bytes in, {event.bytes_out} bytes out, "
            f"{event.outcome}")
        audit(vault, app_did=event.did, app_name=f"device {event.peer}", scope=devices.SPLIT,
              decision="allow", reason="split session" if event.outcome == "ok" else event.outcome[:60],
              items=[f"bytes_in:{event.bytes_in}", f"bytes_out:{event.bytes_out}"])

    worker = SplitWorker(cache_dir(), report=report, key=cache_key(vault))

    def hand_grant(tls: ssl.SSLSocket, reader: LineReader, who: Authorised, request: dict[str, Any]) -> None:
        held = get_setting(vault, GRANT_PREFIX + who.did, {})
        token = held.get("token") if isinstance(held, dict) else None
        send_line(tls, {"grant": token} if token else {
            "grant": None, "error": f"this computer has not allowed {who.name} to run models across "
                                    f"it; run 'hearth split allow {who.name}' here"})

    server.handlers["rpc"] = worker.handle
    server.handlers["split_grant"] = hand_grant
    return worker


def allow_split(vault: Vault, name: str, *, days: float = DEFAULT_DAYS) -> devices.ClientDevice:
    """Give the paired device ``name`` an ``engine.split`` grant here (replacing an earlier one)."""
    client = devices.find_client(vault, name)
    stop_split(vault, name, quiet=True)
    grant = devices.issue_device_grant(vault, device_did=Did(client.did), pin=client.pin, name=client.name,
                                       scopes=(devices.SPLIT,), days=days)
    set_setting(vault, GRANT_PREFIX + client.did, {"token": grant.vc_jwt, "grant_id": grant.id,
                                                   "at": time.time()})
    audit(vault, app_did=client.did, app_name=f"device {client.name}", scope=devices.SPLIT,
          decision="allow", reason="allowed to split models here", items=[f"grant:{grant.id}"])
    return client


def stop_split(vault: Vault, name: str, *, quiet: bool = False) -> bool:
    """Revoke the device's ``engine.split`` grant here; True when there was one."""
    from identity import grants

    client = devices.find_client(vault, name)
    held = get_setting(vault, GRANT_PREFIX + client.did, {})
    if not isinstance(held, dict) or not held.get("grant_id"):
        return False
    try:
        grants.revoke_grant(vault, held["grant_id"])
    except IdentityError:
        pass
    set_setting(vault, GRANT_PREFIX + client.did, {})
    if not quiet:
        audit(vault, app_did=client.did, app_name=f"device {client.name}", scope=devices.SPLIT,
              decision="deny", reason="split revoked", items=[f"grant:{held['grant_id']}"])
    return True
