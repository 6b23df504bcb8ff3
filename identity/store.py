"""Identity's tables: every SQL statement of the identity layer, as typed functions.

The layer owns the vault's ``identity``, ``apps``, ``grants``, ``grant_requests`` and
``audit`` tables, and three kinds of rows in its ``settings``: each app's extra facts
(``app_meta:<did>``), the audit log's sealed head (``audit_head``) and app keys
(``app_key:<key id>``). Only this module
speaks SQL to them (``scripts/check-boundaries`` holds it to that); the other identity
modules keep the rules and call these functions. What comes back is a frozen dataclass or a
plain value, never a database row. Where a rule must see the tables and change them in one
step (a cap and the insert it guards, the audit chain's last link and the next), the step is
one transaction here and the rule is the caller's callback, run inside it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NewType

from identity.didkey import Did
from identity.scopes import Scope
from vault import Vault
from vault.db import Connection

GrantId = NewType("GrantId", str)
RequestId = NewType("RequestId", str)

DEFAULT_IDLE_DAYS = 30
AUDIT_HEAD_KEY = "audit_head"
#: The audit fields an entry's hash covers (``prev_hash`` is chained in, ``hash`` is the result).
AUDIT_FIELDS = ("seq", "ts", "app_did", "app_name", "scope", "items", "decision", "reason")
_APP_META = "app_meta:"
_APP_KEY = "app_key:"
_SET_SETTING = ("INSERT INTO settings(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value")


# == The user's key ===============================================================================

@dataclass(frozen=True)
class StoredKey:
    """The user's one identity row: the DID and the secret JWK it was made from."""

    did: str
    secret_jwk: str


def load_user_key(vault: Vault) -> StoredKey | None:
    row = vault.query_one("SELECT did, secret_jwk FROM identity WHERE id = 1")
    return None if row is None else StoredKey(str(row["did"]), str(row["secret_jwk"]))


def load_user_did(vault: Vault) -> str | None:
    row = vault.query_one("SELECT did FROM identity WHERE id = 1")
    return None if row is None else str(row["did"])


def add_user_key(vault: Vault, make: Callable[[], StoredKey]) -> str:
    """The stored user DID; when there is none yet, ``make()``'s key is stored first (one transaction)."""
    with vault.transaction() as conn:
        row = conn.execute("SELECT did FROM identity WHERE id = 1").fetchone()
        if row is not None:
            return str(row["did"])
        key = make()
        conn.execute("INSERT INTO identity(id, did, secret_jwk, created_at) VALUES (1, ?, ?, ?)",
                     (key.did, key.secret_jwk, time.time()))
        return key.did


# == Apps =========================================================================================

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


def _meta(row: Any) -> dict[str, Any]:
    if row is None:
        return {}
    try:
        value = json.loads(row[0])
    except (ValueError, TypeError):
        return {}
    return value if isinstance(value, dict) else {}


def save_app(vault: Vault, did: Did, *, name: str, exe_path: str, claimed_exe_path: str,
             now: float) -> str | None:
    """Insert or refresh an app (and its extra facts); returns its previous name if it changed."""
    renamed_from: str | None = None
    with vault.transaction() as conn:
        old = conn.execute("SELECT name FROM apps WHERE did = ?", (did,)).fetchone()
        meta = _meta(conn.execute("SELECT value FROM settings WHERE key = ?", (_APP_META + did,)).fetchone())
        if old is not None and old[0] != name:
            renamed_from = str(old[0])
            meta.update(previous_name=renamed_from, renamed_at=now)
        meta["claimed_exe_path"] = claimed_exe_path
        conn.execute(
            "INSERT INTO apps(did, name, exe_path, first_seen, last_seen) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(did) DO UPDATE SET name = excluded.name, exe_path = excluded.exe_path, "
            "last_seen = excluded.last_seen", (did, name, exe_path, now, now))
        conn.execute(_SET_SETTING, (_APP_META + did, json.dumps(meta)))
    return renamed_from


def set_app_program(vault: Vault, did: Did, exe_path: str, *, now: float) -> None:
    vault.execute("UPDATE apps SET exe_path = ?, last_seen = ? WHERE did = ?", (exe_path, now, did))


def _app(vault: Vault, row: Any) -> App:
    meta = _meta(vault.query_one("SELECT value FROM settings WHERE key = ?", (_APP_META + row["did"],)))
    renamed_at = meta.get("renamed_at")
    return App(Did(row["did"]), row["name"], row["exe_path"], row["first_seen"], row["last_seen"],
               claimed_exe_path=str(meta.get("claimed_exe_path") or ""),
               previous_name=str(meta.get("previous_name") or ""),
               renamed_at=float(renamed_at) if isinstance(renamed_at, int | float) else None)


def load_app(vault: Vault, did: Did) -> App | None:
    row = vault.query_one("SELECT did, name, exe_path, first_seen, last_seen FROM apps WHERE did = ?",
                          (did,))
    return None if row is None else _app(vault, row)


def load_apps(vault: Vault) -> list[App]:
    """Every app, most recently seen first."""
    rows = vault.query("SELECT did, name, exe_path, first_seen, last_seen FROM apps ORDER BY last_seen DESC")
    return [_app(vault, r) for r in rows]


def load_app_name(vault: Vault, did: Did) -> str | None:
    row = vault.query_one("SELECT name FROM apps WHERE did = ?", (did,))
    return None if row is None else str(row[0])


# == Grants =======================================================================================

@dataclass(frozen=True)
class Grant:
    id: GrantId
    app_did: Did
    scopes: tuple[Scope, ...]
    purpose: str
    mode: str
    vc_jwt: str
    issued_at: float
    expires_at: float
    revoked_at: float | None
    last_used_at: float | None
    use_count: int

    def status(self, *, now: float | None = None, idle_days: float = DEFAULT_IDLE_DAYS) -> str:
        """``active``, ``revoked``, ``expired``, ``unused`` (idle too long) or ``used`` (once)."""
        now = time.time() if now is None else now
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= now:
            return "expired"
        if (self.last_used_at or self.issued_at) + idle_days * 86400 <= now:
            return "unused"
        if self.mode == "once" and self.use_count > 0:
            return "used"
        return "active"


def _grant(row: Any) -> Grant:
    return Grant(GrantId(row["id"]), Did(row["app_did"]), tuple(json.loads(row["scopes"])),
                 row["purpose"], row["mode"], row["vc_jwt"], float(row["issued_at"]),
                 float(row["expires_at"]), row["revoked_at"], row["last_used_at"], int(row["use_count"]))


def insert_grant(vault: Vault, grant: Grant) -> None:
    """Record a freshly issued grant (never used, never revoked)."""
    vault.execute("INSERT INTO grants(id, app_did, scopes, purpose, mode, vc_jwt, issued_at, expires_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                  (grant.id, grant.app_did, json.dumps(list(grant.scopes)), grant.purpose, grant.mode,
                   grant.vc_jwt, grant.issued_at, grant.expires_at))


def load_grant(vault: Vault, grant_id: GrantId) -> Grant | None:
    row = vault.query_one("SELECT * FROM grants WHERE id = ?", (grant_id,))
    return None if row is None else _grant(row)


def load_grants(vault: Vault, *, app_did: Did | None = None) -> list[Grant]:
    """Grants (of one app, when given), newest first."""
    if app_did:
        rows = vault.query("SELECT * FROM grants WHERE app_did = ? ORDER BY issued_at DESC", (app_did,))
    else:
        rows = vault.query("SELECT * FROM grants ORDER BY issued_at DESC")
    return [_grant(r) for r in rows]


def revoke_grant(vault: Vault, grant_id: GrantId, *, now: float) -> bool:
    """Revoke one grant if it is live; False when there is no such grant at all."""
    with vault.transaction() as conn:
        cur = conn.execute("UPDATE grants SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                           (now, grant_id))
        if cur.rowcount:
            return True
        return conn.execute("SELECT 1 FROM grants WHERE id = ?", (grant_id,)).fetchone() is not None


def revoke_grants(vault: Vault, *, app_did: Did | None = None, now: float) -> int:
    """Revoke every live grant (of one app, when given); returns how many."""
    with vault.transaction() as conn:
        if app_did:
            cur = conn.execute("UPDATE grants SET revoked_at = ? WHERE revoked_at IS NULL AND app_did = ?",
                               (now, app_did))
        else:
            cur = conn.execute("UPDATE grants SET revoked_at = ? WHERE revoked_at IS NULL", (now,))
        return int(cur.rowcount)


def count_grant_use(vault: Vault, grant_id: GrantId, *, now: float) -> bool:
    """Count one use if the grant is live and not a spent once-only one; False when it was not counted.

    One statement, so two requests racing for a once-only grant cannot both be counted.
    """
    with vault.transaction() as conn:
        cur = conn.execute(
            "UPDATE grants SET use_count = use_count + 1, last_used_at = ? WHERE id = ? "
            "AND revoked_at IS NULL AND expires_at > ? AND (mode = 'until_expiry' OR use_count = 0)",
            (now, grant_id, now))
        return bool(cur.rowcount)


# == App keys =====================================================================================

@dataclass(frozen=True)
class StoredAppKey:
    """One app key as kept: never the key itself, only an HMAC of its secret part."""

    key_id: str
    name: str
    app_did: Did
    grant_id: GrantId
    secret_hash: str
    secret_jwk: str
    created_at: float


def _app_key(key_id: str, raw: Any) -> StoredAppKey | None:
    try:
        value = json.loads(raw)
        return StoredAppKey(key_id, str(value["name"]), Did(value["app_did"]), GrantId(value["grant_id"]),
                            str(value["secret_hash"]), str(value["secret_jwk"]), float(value["created_at"]))
    except (ValueError, KeyError, TypeError):
        return None


def insert_app_key(vault: Vault, key: StoredAppKey, *, check: Callable[[list[StoredAppKey]], None]) -> None:
    """Add an app key unless ``check`` raises on the keys already there (one transaction)."""
    with vault.transaction() as conn:
        rows = conn.execute("SELECT key, value FROM settings WHERE key GLOB ?", (_APP_KEY + "*",)).fetchall()
        check([k for r in rows if (k := _app_key(str(r[0])[len(_APP_KEY):], r[1])) is not None])
        value = {"name": key.name, "app_did": key.app_did, "grant_id": key.grant_id,
                 "secret_hash": key.secret_hash, "secret_jwk": key.secret_jwk, "created_at": key.created_at}
        conn.execute("INSERT INTO settings(key, value) VALUES (?, ?)",
                     (_APP_KEY + key.key_id, json.dumps(value)))


def load_app_key(vault: Vault, key_id: str) -> StoredAppKey | None:
    row = vault.query_one("SELECT value FROM settings WHERE key = ?", (_APP_KEY + key_id,))
    return None if row is None else _app_key(key_id, row[0])


def load_app_keys(vault: Vault) -> list[StoredAppKey]:
    """Every app key, oldest first."""
    rows = vault.query("SELECT key, value FROM settings WHERE key GLOB ?", (_APP_KEY + "*",))
    found = [k for r in rows if (k := _app_key(str(r[0])[len(_APP_KEY):], r[1])) is not None]
    return sorted(found, key=lambda k: k.created_at)


# == Consent requests =============================================================================

@dataclass(frozen=True)
class StoredRequest:
    """A consent request as stored: ``status`` is what was recorded (a stale ``pending`` stays one)."""

    id: RequestId
    app_did: Did
    scopes: tuple[Scope, ...]
    purpose: str
    mode: str
    days: int
    status: str
    grant_id: GrantId | None
    created_at: float
    decided_at: float | None


@dataclass(frozen=True)
class RequestCounts:
    """What the consent caps look at, counted in the transaction that would add a request."""

    app_pending: int            # this app's requests waiting since ``pending_since``
    pending: int                # everyone's requests waiting since ``pending_since``
    program_pending: int | None  # waiting, from apps running this app's program (None: no app row)
    program_recent: int | None   # waiting or denied since ``recent_since``, from this app's program


def _request(row: Any) -> StoredRequest:
    grant_id = row["grant_id"]
    return StoredRequest(RequestId(row["id"]), Did(row["app_did"]), tuple(json.loads(row["scopes"])),
                         row["purpose"], row["mode"], int(row["days"]), row["status"],
                         None if grant_id is None else GrantId(grant_id), float(row["created_at"]),
                         row["decided_at"])


def _count(conn: Connection, sql: str, params: tuple[Any, ...]) -> int:
    return int(conn.execute(sql, params).fetchone()[0])


def insert_request(vault: Vault, request: StoredRequest, *, pending_since: float, recent_since: float,
                   check: Callable[[RequestCounts], None]) -> None:
    """Add a pending request unless ``check`` raises on the counts taken in the same transaction."""
    did = request.app_did
    with vault.transaction() as conn:
        live = "status = 'pending' AND created_at > ?"
        app_pending = _count(conn, f"SELECT count(*) FROM grant_requests WHERE app_did = ? AND {live}",
                             (did, pending_since))
        pending = _count(conn, f"SELECT count(*) FROM grant_requests WHERE {live}", (pending_since,))
        program = conn.execute("SELECT exe_path FROM apps WHERE did = ?", (did,)).fetchone()
        program_pending = program_recent = None
        if program is not None:
            same = ("FROM grant_requests r JOIN apps a ON a.did = r.app_did WHERE a.exe_path = ? "
                    "AND r.created_at > ?")
            program_pending = _count(conn, f"SELECT count(*) {same} AND r.status = 'pending'",
                                     (program[0], pending_since))
            program_recent = _count(conn, f"SELECT count(*) {same} AND r.status IN ('pending', 'denied')",
                                    (program[0], recent_since))
        check(RequestCounts(app_pending, pending, program_pending, program_recent))
        conn.execute("INSERT INTO grant_requests(id, app_did, scopes, purpose, mode, days, status, "
                     "created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)",
                     (request.id, did, json.dumps(list(request.scopes)), request.purpose, request.mode,
                      request.days, request.created_at))


def load_request(vault: Vault, request_id: RequestId) -> StoredRequest | None:
    row = vault.query_one("SELECT * FROM grant_requests WHERE id = ?", (request_id,))
    return None if row is None else _request(row)


def load_pending_requests(vault: Vault) -> list[StoredRequest]:
    """Requests stored as pending (stale ones included), oldest first."""
    rows = vault.query("SELECT * FROM grant_requests WHERE status = 'pending' ORDER BY created_at")
    return [_request(r) for r in rows]


def approve_request(vault: Vault, request_id: RequestId, grant_id: GrantId, *, now: float) -> bool:
    """Mark a pending request approved with its grant. If it was answered meanwhile, the grant
    (just issued for it) is revoked in the same transaction and False returned."""
    with vault.transaction() as conn:
        cur = conn.execute("UPDATE grant_requests SET status = 'approved', grant_id = ?, decided_at = ? "
                           "WHERE id = ? AND status = 'pending'", (grant_id, now, request_id))
        if cur.rowcount == 0:
            conn.execute("UPDATE grants SET revoked_at = ? WHERE id = ?", (now, grant_id))
            return False
    return True


def deny_request(vault: Vault, request_id: RequestId, *, now: float) -> None:
    vault.execute("UPDATE grant_requests SET status = 'denied', decided_at = ? WHERE id = ?",
                  (now, request_id))


# == The audit log ================================================================================

@dataclass(frozen=True)
class AuditEntry:
    seq: int
    ts: float
    app_did: str
    app_name: str
    scope: str
    items: list[str]
    decision: str
    reason: str
    prev_hash: str
    hash: str

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in (*AUDIT_FIELDS, "prev_hash", "hash")}


def _entry(row: Any) -> AuditEntry:
    try:
        items = json.loads(row["items"])
    except ValueError:
        items = ["(unreadable)"]
    return AuditEntry(int(row["seq"]), float(row["ts"]), row["app_did"], row["app_name"], row["scope"],
                      items, row["decision"], row["reason"], row["prev_hash"], row["hash"])


def append_entry(vault: Vault, build: Callable[[int, str | None], tuple[AuditEntry, str]]) -> AuditEntry:
    """Append ``build(next seq, last hash)``'s entry and store its sealed head, in one transaction.

    The last hash is None for the first entry. ``build`` returns the entry and the head's text
    (:mod:`identity.audit` seals it).
    """
    with vault.transaction() as conn:
        last = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        entry, head = build(int(last["seq"]) + 1 if last else 1, str(last["hash"]) if last else None)
        conn.execute(
            "INSERT INTO audit(seq, ts, app_did, app_name, scope, items, decision, reason, prev_hash, "
            "hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (entry.seq, entry.ts, entry.app_did, entry.app_name, entry.scope, json.dumps(entry.items),
             entry.decision, entry.reason, entry.prev_hash, entry.hash))
        conn.execute(_SET_SETTING, (AUDIT_HEAD_KEY, head))
    return entry


def load_entries(vault: Vault, *, app_did: str | None = None, limit: int | None = None) -> list[AuditEntry]:
    """Entries oldest first (of one app, when given; the newest ``limit``, when given)."""
    sql = "SELECT * FROM audit"
    params: list[Any] = []
    if app_did:
        sql += " WHERE app_did = ?"
        params.append(app_did)
    sql += " ORDER BY seq DESC"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [_entry(r) for r in reversed(vault.query(sql, params))]


def load_chain(vault: Vault) -> tuple[list[AuditEntry], str | None]:
    """Every entry in order, and the sealed head's text (None when there is none), read together."""
    with vault.connection() as conn:
        rows = conn.execute("SELECT * FROM audit ORDER BY seq").fetchall()
        head = conn.execute("SELECT value FROM settings WHERE key = ?", (AUDIT_HEAD_KEY,)).fetchone()
    return [_entry(r) for r in rows], None if head is None else str(head["value"])
