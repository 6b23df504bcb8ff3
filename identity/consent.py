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

import secrets
import time
from dataclasses import dataclass

from identity import audit, store
from identity.apps import App, get_app, saw_program
from identity.didkey import Did, require_key_did
from identity.errors import ConsentDenied, GrantDenied, NotFound, TooManyRequests, UnknownScope
from identity.grants import DEFAULT_DAYS, MAX_DAYS, MODES, Grant, get_grant, issue_grant
from identity.scopes import require_scopes
from identity.store import RequestCounts, RequestId, StoredRequest
from vault import Vault

REQUEST_TTL_S = 86400.0
MAX_PENDING_PER_APP = 8
MAX_PENDING_PER_PROGRAM = 8
MAX_PER_PROGRAM_PER_HOUR = 30
MAX_PENDING = 32
MAX_PURPOSE = 500

__all__ = ["MAX_PENDING", "MAX_PENDING_PER_APP", "MAX_PENDING_PER_PROGRAM", "MAX_PER_PROGRAM_PER_HOUR",
           "MAX_PURPOSE", "REQUEST_TTL_S", "ConsentRequest", "RequestId", "approve", "create_request",
           "deny", "get_request", "granted", "pending_requests"]


@dataclass(frozen=True)
class ConsentRequest(StoredRequest):
    """A consent request as shown: a stale ``pending`` reads ``expired``, with its app."""

    app: App | None = None


def _request(vault: Vault, stored: StoredRequest) -> ConsentRequest:
    status = stored.status
    if status == "pending" and time.time() - stored.created_at > REQUEST_TTL_S:
        status = "expired"
    return ConsentRequest(**{**vars(stored), "status": status}, app=get_app(vault, stored.app_did))


def _within_caps(counts: RequestCounts) -> None:
    if counts.app_pending >= MAX_PENDING_PER_APP:
        raise TooManyRequests("this app already has too many requests waiting for an answer")
    if counts.pending >= MAX_PENDING:
        raise TooManyRequests("too many requests are waiting for an answer; try again later")
    # Prompts the person did not welcome: still waiting, or denied, in the last hour.
    if (counts.program_pending or 0) >= MAX_PENDING_PER_PROGRAM \
            or (counts.program_recent or 0) >= MAX_PER_PROGRAM_PER_HOUR:
        raise TooManyRequests("this program has asked for access too often; try again later")


def create_request(vault: Vault, *, app_did: Did, scopes: object, purpose: object,
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
    store.insert_request(vault, StoredRequest(request_id, did, exact, clean, str(mode), days, "pending", None,
                                              now, None),
                         pending_since=now - REQUEST_TTL_S, recent_since=now - 3600, check=_within_caps)
    return get_request(vault, request_id)


def get_request(vault: Vault, request_id: RequestId) -> ConsentRequest:
    stored = store.load_request(vault, request_id)
    if stored is None:
        raise NotFound(f"no consent request {request_id!r}")
    return _request(vault, stored)


def pending_requests(vault: Vault) -> list[ConsentRequest]:
    return [r for r in (_request(vault, s) for s in store.load_pending_requests(vault))
            if r.status == "pending"]


def _open(vault: Vault, request_id: RequestId) -> ConsentRequest:
    request = get_request(vault, request_id)
    if request.status != "pending":
        raise GrantDenied(f"request {request_id} is already {request.status}")
    return request


def approve(vault: Vault, request_id: RequestId, *, scopes: object = None, once: bool | None = None,
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
    if not store.approve_request(vault, request.id, grant.id, now=time.time()):
        raise GrantDenied(f"request {request_id} was answered meanwhile")
    return grant


def deny(vault: Vault, request_id: RequestId) -> ConsentRequest:
    """Refuse the request (NotFound for an unknown id); the refusal goes into the audit log."""
    request = _open(vault, request_id)
    store.deny_request(vault, request.id, now=time.time())
    audit.append(vault, app_did=request.app_did, app_name=request.app.name if request.app else "",
                 scope=",".join(request.scopes)[:64], decision="deny", reason=ConsentDenied.code,
                 items=[f"request:{request_id}"])
    return get_request(vault, request.id)


def granted(vault: Vault, request: ConsentRequest) -> Grant:
    """The grant an approved request produced; ConsentDenied if the user said no."""
    if request.status == "denied":
        raise ConsentDenied("the user denied this request")
    if request.status != "approved" or request.grant_id is None:
        raise GrantDenied(f"request {request.id} is {request.status}")
    return get_grant(vault, request.grant_id)
