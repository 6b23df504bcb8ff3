"""The network log: what Hearth sent and received over the network, one row per exchange.

Every model download (and every Hub metadata call made for it) is recorded;
remote model calls will be recorded here too. A row holds where (host, method,
URL path, never a query string or a token), how much (bytes out and in), the
SHA-256 of what came back when known, whether personal data went out and
under which consent, the outcome, what started it, and when.

:func:`record` writes to the vault when one is open. With no open vault (the
CLI on a fresh install) the entry is kept in this process's memory instead,
and :func:`record` returns ``False`` so the caller can say so;
:func:`flush_pending` moves such entries into a vault opened later in the
same process. The table is read and written only through these functions.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, replace
from typing import Literal

from vault.errors import InvalidInput
from vault.store import Vault

Kind = Literal["download", "hub_api", "model_call"]
KINDS: tuple[str, ...] = ("download", "hub_api", "model_call")
_FIELDS = ("kind", "host", "method", "path", "bytes_out", "bytes_in", "sha256", "personal",
           "consent", "status", "detail", "started_by", "started_at", "ended_at")


@dataclass(frozen=True)
class NetEntry:
    kind: str
    host: str
    path: str
    status: str                 # "ok", "cancelled", "failed: …", an HTTP status…
    started_at: float
    ended_at: float
    method: str = "GET"
    bytes_out: int = 0
    bytes_in: int = 0
    sha256: str = ""
    personal: bool = False
    consent: str | None = None
    detail: str = ""
    started_by: str = ""        # "cli: hearth models pull", "window: Models view"…
    id: int | None = None

    @property
    def seconds(self) -> float:
        return max(0.0, self.ended_at - self.started_at)


_pending: list[NetEntry] = []
_pending_lock = threading.Lock()


def record(vault: Vault | None, entry: NetEntry) -> bool:
    """Store ``entry``; True if it went into the vault, False if kept in memory only."""
    if entry.kind not in KINDS:
        raise InvalidInput(f"unknown network log kind {entry.kind!r}")
    if vault is not None and vault.is_open:
        _insert(vault, entry)
        return True
    with _pending_lock:
        _pending.append(entry)
    return False


def _insert(vault: Vault, entry: NetEntry) -> int:
    values = [getattr(entry, f) for f in _FIELDS]
    values[_FIELDS.index("personal")] = int(entry.personal)
    placeholders = ", ".join("?" for _ in _FIELDS)
    with vault.transaction() as conn:
        cur = conn.execute(f"INSERT INTO network_log({', '.join(_FIELDS)}) VALUES ({placeholders})",
                           values)
        return int(cur.lastrowid or 0)


def pending() -> list[NetEntry]:
    """Entries recorded while no vault was open (this process only)."""
    with _pending_lock:
        return list(_pending)


def flush_pending(vault: Vault) -> int:
    """Move in-memory entries into ``vault``; returns how many were written."""
    with _pending_lock:
        moving = list(_pending)
        _pending.clear()
    for entry in moving:
        _insert(vault, entry)
    return len(moving)


def entries(vault: Vault, *, kind: str | None = None, since: float | None = None,
            limit: int = 500) -> list[NetEntry]:
    """The newest entries first, optionally of one kind and after ``since``."""
    where: list[str] = []
    params: list[object] = []
    if kind is not None:
        where.append("kind = ?")
        params.append(kind)
    if since is not None:
        where.append("started_at >= ?")
        params.append(since)
    clause = ("WHERE " + " AND ".join(where)) if where else ""
    rows = vault.query(f"SELECT id, {', '.join(_FIELDS)} FROM network_log {clause} "
                       "ORDER BY started_at DESC, id DESC LIMIT ?", (*params, int(limit)))
    out = []
    for r in rows:
        values = dict(zip(("id", *_FIELDS), tuple(r), strict=True))
        values["personal"] = bool(values["personal"])
        out.append(NetEntry(**values))
    return out


def now_entry(kind: Kind, host: str, path: str, *, started_at: float | None = None,
              **fields: object) -> NetEntry:
    """An entry that ends now (a convenience for callers timing their own exchange)."""
    start = time.time() if started_at is None else started_at
    base = NetEntry(kind=kind, host=host, path=path, status="ok", started_at=start,
                    ended_at=time.time())
    return replace(base, **fields)  # type: ignore[arg-type]
