"""Grants: VC-JWTs issued by the user's DID to a plugin's DID, checked on every use.

A grant names exact scopes from :mod:`identity.scopes`, a purpose, a mode
(``until_expiry`` or ``once``) and an expiry. An "only this time" (``once``)
grant opens exactly one request on its own endpoint and is spent atomically
by it (:func:`consume`); it never widens anything else, such as the data
classes the personal assistant may draw on. The ``grants`` table is the
authority: :func:`check_grant` reads the row on every request, so a revoke
takes effect on the very next one, and a grant unused for ``grant_idle_days``
(a vault setting, 30 by default) expires on its own. The presented JWT is also
verified: structure, issuer (this user), subject (the presenting app), the
exact bytes Hearth issued, and the signature through didkit. Signature checks
are cached per process by the token's hash: the same bytes always verify the
same way, and every other condition is re-checked each time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from datetime import UTC, datetime

from identity import jwt, proofs, store
from identity.didkey import Did, require_key_did
from identity.errors import (
    GrantDenied,
    GrantExpired,
    GrantRevoked,
    GrantSubjectMismatch,
    GrantUsed,
    InvalidGrant,
    NotFound,
)
from identity.scopes import require_scopes
from identity.store import DEFAULT_IDLE_DAYS, Grant, GrantId
from identity.user import hearth_domain, load_identity
from vault import Vault
from vault.settings import get_setting

MODES = ("until_expiry", "once")
DEFAULT_DAYS = 30
MAX_DAYS = 365
_URN = "urn:hearth:grant:"
# Coarse last-use stamps are enough for idle expiry, and spare a write per request.
_TOUCH_EVERY_S = 60.0

_verified: dict[str, None] = {}
_verified_lock = threading.Lock()

__all__ = ["DEFAULT_DAYS", "DEFAULT_IDLE_DAYS", "MAX_DAYS", "MODES", "Grant", "GrantId", "check_grant",
           "consume", "get_grant", "idle_days", "issue_grant", "list_grants", "revoke_all",
           "revoke_grant", "still_live"]


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(int(ts), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def issue_grant(vault: Vault, *, app_did: Did, scopes: object, purpose: str = "",
                mode: str = "until_expiry", days: float | None = None) -> Grant:
    """Sign a grant with the user's key and record it (the record is what authorises)."""
    subject = require_key_did(app_did)
    exact = require_scopes(scopes)
    if mode not in MODES:
        raise GrantDenied(f"unknown grant mode {mode!r}")
    days = (1 if mode == "once" else DEFAULT_DAYS) if days is None else days
    if not 0 < days <= MAX_DAYS:
        raise GrantDenied(f"a grant lasts between a moment and {MAX_DAYS} days")
    user = load_identity(vault)
    grant_id = GrantId(secrets.token_hex(12))
    issued = float(int(time.time()))
    expires = float(int(issued + days * 86400))
    credential = {
        "@context": ["https://www.w3.org/2018/credentials/v1"],
        "id": _URN + grant_id,
        "type": ["VerifiableCredential"],
        "issuer": user.did,
        "issuanceDate": _iso(issued),
        "expirationDate": _iso(expires),
        "credentialSubject": {"id": subject, "scopes": list(exact), "purpose": purpose[:500],
                              "mode": mode, "audience": hearth_domain(vault)},
    }
    token = proofs.issue_vc_jwt(credential, user.jwk, method=user.key_id)
    store.insert_grant(vault, Grant(grant_id, subject, exact, purpose[:500], mode, token, issued, expires,
                                    None, None, 0))
    return get_grant(vault, grant_id)


def get_grant(vault: Vault, grant_id: GrantId) -> Grant:
    grant = store.load_grant(vault, grant_id)
    if grant is None:
        raise NotFound(f"no grant {grant_id!r}")
    return grant


def list_grants(vault: Vault, *, app_did: Did | None = None) -> list[Grant]:
    """Every grant (of one app, when given), whatever its status."""
    return store.load_grants(vault, app_did=app_did)


def revoke_grant(vault: Vault, grant_id: GrantId) -> Grant:
    """Revoke one grant now; NotFound for an id Hearth never issued."""
    if not store.revoke_grant(vault, grant_id, now=time.time()):
        raise NotFound(f"no grant {grant_id!r}")
    return get_grant(vault, grant_id)


def revoke_all(vault: Vault, *, app_did: Did | None = None) -> int:
    """Revoke every live grant (of one app, when given); returns how many."""
    return store.revoke_grants(vault, app_did=app_did, now=time.time())


def idle_days(vault: Vault) -> float:
    value = get_setting(vault, "grant_idle_days", DEFAULT_IDLE_DAYS)
    return float(value) if isinstance(value, int | float) and value > 0 else DEFAULT_IDLE_DAYS


def _raise_for_status(grant: Grant, status: str) -> None:
    if status == "revoked":
        raise GrantRevoked(f"grant {grant.id} was revoked")
    if status == "expired":
        raise GrantExpired(f"grant {grant.id} has expired")
    if status == "unused":
        raise GrantExpired(f"grant {grant.id} expired after going unused")
    if status == "used":
        raise GrantUsed(f"grant {grant.id} was for one use only and has been used")


def _verify_signature(token: str) -> None:
    digest = hashlib.sha256(token.encode()).hexdigest()
    with _verified_lock:
        if digest in _verified:
            return
    try:
        proofs.verify_vc_jwt(token)
    except InvalidGrant:
        raise
    except Exception:  # InvalidProof: reported as the grant's own failure, without didkit's words
        raise InvalidGrant("the grant's signature does not verify") from None
    with _verified_lock:
        if len(_verified) > 4096:
            _verified.clear()
        _verified[digest] = None


def check_grant(vault: Vault, token: object, *, presenter: Did, issuer: Did,
                scope: str | None = None, now: float | None = None) -> Grant:
    """The grant ``token`` names, if it lets ``presenter`` use ``scope`` now; raises otherwise.

    Raises InvalidGrant (forged, edited, self-issued, foreign, unknown),
    GrantSubjectMismatch (another app's grant), GrantRevoked, GrantExpired,
    GrantUsed (a spent once-only grant) or GrantDenied (scope not in it).
    """
    now = time.time() if now is None else now
    jws = jwt.decode(token, error=InvalidGrant)
    assert isinstance(token, str)
    payload = jws.payload
    if jws.issuer != issuer:
        raise InvalidGrant("the grant was not issued by this Hearth's user")
    vc = payload.get("vc")
    subject_claims = vc.get("credentialSubject") if isinstance(vc, dict) else None
    if not isinstance(subject_claims, dict) or subject_claims.get("id") != payload.get("sub"):
        raise InvalidGrant("the grant's subject is malformed")
    if payload.get("sub") != presenter:
        raise GrantSubjectMismatch("this grant was given to another app")
    jti = payload.get("jti")
    if not isinstance(jti, str) or not jti.startswith(_URN):
        raise InvalidGrant("the grant has no Hearth grant id")
    grant = store.load_grant(vault, GrantId(jti[len(_URN):]))
    if grant is None:
        raise InvalidGrant("this Hearth never issued that grant")
    if not hmac.compare_digest(grant.vc_jwt.encode(), token.encode()):
        raise InvalidGrant("the grant differs from the one Hearth issued")
    if grant.app_did != presenter:
        raise GrantSubjectMismatch("this grant was given to another app")
    if tuple(subject_claims.get("scopes") or ()) != grant.scopes:
        raise InvalidGrant("the grant's scopes differ from the ones Hearth recorded")
    _raise_for_status(grant, grant.status(now=now, idle_days=idle_days(vault)))
    _verify_signature(token)
    if scope is not None and scope not in grant.scopes:
        raise GrantDenied(f"scope {scope} is not granted to this app")
    return grant


def consume(vault: Vault, grant: Grant, *, now: float | None = None) -> None:
    """Count one use; atomic, so a once-only grant serves exactly one request."""
    now = time.time() if now is None else now
    if grant.mode == "until_expiry" and grant.last_used_at and now - grant.last_used_at < _TOUCH_EVERY_S:
        return
    if not store.count_grant_use(vault, grant.id, now=now):
        fresh = get_grant(vault, grant.id)
        _raise_for_status(fresh, fresh.status(now=now, idle_days=idle_days(vault)))
        raise GrantUsed(f"grant {grant.id} can no longer be used")


def still_live(vault: Vault, grant_id: GrantId, *, now: float | None = None) -> None:
    """Raise GrantRevoked/GrantExpired if the grant stopped being valid (for open streams).

    A once-only grant already counted for this stream stays live until it ends.
    """
    now = time.time() if now is None else now
    grant = get_grant(vault, grant_id)
    status = grant.status(now=now, idle_days=idle_days(vault))
    if status not in ("active", "used"):
        _raise_for_status(grant, status)
