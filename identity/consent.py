"""Consent requests: what a plugin asked for, waiting for the user's answer.

Requests live in the vault (``grant_requests``) because the gateway that
receives them and the CLI or GUI that answers them are different processes.
The user may allow (for N days or only this time), narrow the scopes, or deny;
an approval issues the grant (:func:`identity.grants.issue_grant`). A request
left unanswered for a day expires.

Each request is a prompt in front of the person, so prompts are capped
(:class:`~identity.errors.TooManyRequests`): per app, per program (the
executable the gateway saw, so fresh DIDs from one program share its cap), per
program per hour (prompts still waiting or denied), and overall.
"""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass
from typing import Any, NewType

from identity import audit
from identity.apps import App, get_app, saw_program
from identity.didkey import Did, require_key_did
from identity.errors import ConsentDenied, GrantDenied, NotFound, TooManyRequests, UnknownScope
from identity.grants import DEFAULT_DAYS, MAX_DAYS, MODES, Grant, get_grant, issue_grant
from identity.scopes import Scope, require_scopes
from vault import Vault

RequestId = NewType("RequestId", str)

REQUEST_TTL_S = 86400.0
MAX_PENDING_PER_APP = 8
MAX_PENDING_PER_PROGRAM = 8
MAX_PER_PROGRAM_PER_HOUR = 30
MAX_PENDING = 32
MAX_PURPOSE = 500


@dataclass(frozen=True)
class ConsentRequest:
    id: RequestId
    app_did: Did
    scopes: tuple[Scope, ...]
    purpose: str
    mode: str
    days: int
    status: str
    grant_id: str | None
    created_at: float
    decided_at: float | None
    app: App | None


def _row_request(vault: Vault, row: Any) -> ConsentRequest:
    status = row["status"]
    if status == "pending" and time.time() - float(row["created_at"]) > REQUEST_TTL_S:
        status = "expired"
    return ConsentRequest(RequestId(row["id"]), Did(row["app_did"]), tuple(json.loads(row["scopes"])),
                          row["purpose"], row["mode"], int(row["days"]), status, row["grant_id"],
                          float(row["created_at"]), row["decided_at"], get_app(vault, row["app_did"]))


def create_request(vault: Vault, *, app_did: str, scopes: object, purpose: object,
                   mode: object = "until_expiry", days: object = None,
                   exe_path: str | None = None) -> ConsentRequest:
    """Record a pending request; UnknownScope for anything outside the registry.

    ``exe_path`` is the program the request came from, as the gateway saw it; it is what the
    consent dialog shows, and prompts are capped per program. TooManyRequests past a cap.
    """
    did = require_key_did(app_did)
    exact = require_scopes(scopes)
    if not isinstance(purpose, str) or not purpose.strip():
        raise GrantDenied("say what the access is for (purpose)")
    if mode not in MODES:
        raise GrantDenied(f"mode must be one of {', '.join(MODES)}")
    if days is None:
        days = 1 if mode == "once" else DEFAULT_DAYS
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise GrantDenied(f"days must be a whole number from 1 to {MAX_DAYS}")
    clean = "".join(c for c in purpose if c.isprintable())[:MAX_PURPOSE].strip()
    request_id = RequestId(secrets.token_hex(8))
    now = time.time()
    if exe_path is not None:
        saw_program(vault, did, exe_path)
    with vault.transaction() as conn:
        live = "status = 'pending' AND created_at > ?"
        pending = conn.execute(f"SELECT count(*) FROM grant_requests WHERE app_did = ? AND {live}",
                               (did, now - REQUEST_TTL_S)).fetchone()[0]
        if pending >= MAX_PENDING_PER_APP:
            raise TooManyRequests("this app already has too many requests waiting for an answer")
        if conn.execute(f"SELECT count(*) FROM grant_requests WHERE {live}",
                        (now - REQUEST_TTL_S,)).fetchone()[0] >= MAX_PENDING:
            raise TooManyRequests("too many requests are waiting for an answer; try again later")
        program = conn.execute("SELECT exe_path FROM apps WHERE did = ?", (did,)).fetchone()
        if program is not None:
            same = ("FROM grant_requests r JOIN apps a ON a.did = r.app_did WHERE a.exe_path = ? "
                    "AND r.created_at > ?")
            waiting = conn.execute(f"SELECT count(*) {same} AND r.status = 'pending'",
                                   (program[0], now - REQUEST_TTL_S)).fetchone()[0]
            # Prompts the person did not welcome: still waiting, or denied, in the last hour.
            recent = conn.execute(f"SELECT count(*) {same} AND r.status IN ('pending', 'denied')",
                                  (program[0], now - 3600)).fetchone()[0]
            if waiting >= MAX_PENDING_PER_PROGRAM or recent >= MAX_PER_PROGRAM_PER_HOUR:
                raise TooManyRequests("this program has asked for access too often; try again later")
        conn.execute("INSERT INTO grant_requests(id, app_did, scopes, purpose, mode, days, status, "
                     "created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)",
                     (request_id, did, json.dumps(list(exact)), clean, mode, days, now))
    return get_request(vault, request_id)


def get_request(vault: Vault, request_id: str) -> ConsentRequest:
    row = vault.query_one("SELECT * FROM grant_requests WHERE id = ?", (request_id,))
    if row is None:
        raise NotFound(f"no consent request {request_id!r}")
    return _row_request(vault, row)


def pending_requests(vault: Vault) -> list[ConsentRequest]:
    rows = vault.query("SELECT * FROM grant_requests WHERE status = 'pending' ORDER BY created_at")
    return [r for r in (_row_request(vault, row) for row in rows) if r.status == "pending"]


def _open(vault: Vault, request_id: str) -> ConsentRequest:
    request = get_request(vault, request_id)
    if request.status != "pending":
        raise GrantDenied(f"request {request_id} is already {request.status}")
    return request


def approve(vault: Vault, request_id: str, *, scopes: object = None, once: bool | None = None,
            days: int | None = None) -> Grant:
    """Grant the request, optionally narrowed to fewer scopes, only once, or for fewer days."""
    request = _open(vault, request_id)
    chosen = request.scopes if scopes is None else require_scopes(scopes)
    if not set(chosen) <= set(request.scopes):
        extra = ", ".join(sorted(set(chosen) - set(request.scopes)))
        raise UnknownScope(f"an approval can only narrow the request; not requested: {extra}")
    mode = "once" if once else ("until_expiry" if once is False else request.mode)
    grant = issue_grant(vault, app_did=request.app_did, scopes=list(chosen), purpose=request.purpose,
                        mode=mode, days=days if days is not None else request.days)
    with vault.transaction() as conn:
        cur = conn.execute("UPDATE grant_requests SET status = 'approved', grant_id = ?, decided_at = ? "
                           "WHERE id = ? AND status = 'pending'", (grant.id, time.time(), request_id))
        if cur.rowcount == 0:
            conn.execute("UPDATE grants SET revoked_at = ? WHERE id = ?", (time.time(), grant.id))
            raise GrantDenied(f"request {request_id} was answered meanwhile")
    return grant


def deny(vault: Vault, request_id: str) -> ConsentRequest:
    request = _open(vault, request_id)
    vault.execute("UPDATE grant_requests SET status = 'denied', decided_at = ? WHERE id = ?",
                  (time.time(), request_id))
    audit.append(vault, app_did=request.app_did, app_name=request.app.name if request.app else "",
                 scope=",".join(request.scopes)[:64], decision="deny", reason=ConsentDenied.code,
                 items=[f"request:{request_id}"])
    return get_request(vault, request_id)


def granted(vault: Vault, request: ConsentRequest) -> Grant:
    """The grant an approved request produced; ConsentDenied if the user said no."""
    if request.status == "denied":
        raise ConsentDenied("the user denied this request")
    if request.status != "approved" or request.grant_id is None:
        raise GrantDenied(f"request {request.id} is {request.status}")
    return get_grant(vault, request.grant_id)
