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
The folder's size limit is a setting of this vault (:func:`set_cache_limit`; none set: 8 GiB, or
half the disk's free space when less); the running server reads it again at each session.
"""

from __future__ import annotations

import re
import secrets
import ssl
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.formats import size as shown_size
from engine.link.server import Authorised, LinkServer
from engine.link.wire import LineReader, send_line
from engine.split.cache import default_limit, stored_size
from engine.split.weights import PIECE
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
CACHE_LIMIT = "split_cache_limit"
#: The smallest limit: one weight piece of the largest size, as filed.
SMALLEST_LIMIT = stored_size(PIECE)
_UNITS = {"": 1, "b": 1, "k": 1024, "kib": 1024, "kb": 1000, "m": 1024**2, "mib": 1024**2,
          "mb": 1000**2, "g": 1024**3, "gib": 1024**3, "gb": 1000**3, "t": 1024**4, "tib": 1024**4,
          "tb": 1000**4}
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


def parse_size(text: str) -> int:
    """``4GiB``, ``500 MB``, ``2g``, ``1.5 GiB`` or a number of bytes; a clear ValueError else."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", text)
    factor = _UNITS.get(match.group(2).lower()) if match else None
    if match is None or factor is None:
        raise ValueError(f"{text!r} is not a size: give a number and a unit, like 4GiB or 500MB")
    return int(float(match.group(1)) * factor)


def check_limit(limit: int) -> int:
    """``limit`` if the cache can work under it; else a ValueError that says why in plain words."""
    if limit < SMALLEST_LIMIT:
        raise ValueError(f"a weight cache limit of {shown_size(limit)} is smaller than one weight "
                         f"piece ({shown_size(SMALLEST_LIMIT)}); give at least 5 MiB, or 0 to keep "
                         "no weights")
    return limit


def cache_limit(vault: Vault) -> int | None:
    """The limit the person set, in bytes (0: keep nothing); None: the default."""
    held = get_setting(vault, CACHE_LIMIT, None)
    return held if isinstance(held, int) and not isinstance(held, bool) and held >= 0 else None


def set_cache_limit(vault: Vault, limit: int | None) -> None:
    """Keep ``limit`` (bytes; 0 keeps nothing; None goes back to the default), checked first."""
    if limit:
        check_limit(limit)
    set_setting(vault, CACHE_LIMIT, limit)


def cache_summary(vault: Vault | None) -> tuple[int, int, int, bool]:
    """The weight cache's piece files, their bytes, its limit, and whether the person set it
    (``vault`` None: the default limit is said)."""
    from engine.split.cache import usage

    files, size = usage(cache_dir())
    limit = cache_limit(vault) if vault is not None else None
    return files, size, default_limit(cache_dir()) if limit is None else limit, limit is not None


def clear_cache() -> tuple[int, int]:
    """Remove every weight piece kept (a running server notices at its next session); how many
    and their bytes."""
    from engine.split.cache import clear

    return clear(cache_dir())


def install_split(server: LinkServer, vault: Vault, *, say: Callable[[str], None]) -> SplitWorker:
    def report(event: SplitEvent) -> None:
        say(f"split session for {event.peer}: {event.bytes_in} bytes in, {event.bytes_out} bytes out, "
            f"{event.outcome}")
        audit(vault, app_did=event.did, app_name=f"device {event.peer}", scope=devices.SPLIT,
              decision="allow", reason="split session" if event.outcome == "ok" else event.outcome[:60],
              items=[f"bytes_in:{event.bytes_in}", f"bytes_out:{event.bytes_out}"])

    worker = SplitWorker(cache_dir(), report=report, key=cache_key(vault), cache_limit=cache_limit(vault))

    def rpc(tls: ssl.SSLSocket, reader: LineReader, who: Authorised, request: dict[str, Any]) -> None:
        cache = worker.cache
        if cache is not None:   # a limit set since the server started holds from this session on
            limit = cache_limit(vault)
            worker.cache_limit = limit
            cache.set_limit(default_limit(cache.folder) if limit is None else limit)
        worker.handle(tls, reader, who, request)

    def hand_grant(tls: ssl.SSLSocket, reader: LineReader, who: Authorised, request: dict[str, Any]) -> None:
        held = get_setting(vault, GRANT_PREFIX + who.did, {})
        token = held.get("token") if isinstance(held, dict) else None
        send_line(tls, {"grant": token} if token else {
            "grant": None, "error": f"this computer has not allowed {who.name} to run models across "
                                    f"it; run 'hearth split allow {who.name}' here"})

    server.handlers["rpc"] = rpc
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
