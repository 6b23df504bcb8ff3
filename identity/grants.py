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
import json
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NewType

from identity import jwt, proofs
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
from identity.scopes import Scope, require_scopes
from identity.user import hearth_domain, load_identity
from vault import Vault
from vault.settings import get_setting

GrantId = NewType("GrantId", str)

MODES = ("until_expiry", "once")
DEFAULT_DAYS = 30
MAX_DAYS = 365
DEFAULT_IDLE_DAYS = 30
_URN = "urn:hearth:grant:"
# Coarse last-use stamps are enough for idle expiry, and spare a write per request.
_TOUCH_EVERY_S = 60.0

_verified: dict[str, None] = {}
_verified_lock = threading.Lock()


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


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(int(ts), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _row_grant(row: Any) -> Grant:
    return Grant(GrantId(row["id"]), Did(row["app_did"]), tuple(json.loads(row["scopes"])),
                 row["purpose"], row["mode"], row["vc_jwt"], float(row["issued_at"]),
                 float(row["expires_at"]), row["revoked_at"], row["last_used_at"], int(row["use_count"]))


def issue_grant(vault: Vault, *, app_did: str, scopes: object, purpose: str = "",
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
    vault.execute("INSERT INTO grants(id, app_did, scopes, purpose, mode, vc_jwt, issued_at, expires_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                  (grant_id, subject, json.dumps(list(exact)), purpose[:500], mode, token, issued, expires))
    return get_grant(vault, grant_id)


def get_grant(vault: Vault, grant_id: str) -> Grant:
    row = vault.query_one("SELECT * FROM grants WHERE id = ?", (grant_id,))
    if row is None:
        raise NotFound(f"no grant {grant_id!r}")
    return _row_grant(row)


def list_grants(vault: Vault, *, app_did: str | None = None) -> list[Grant]:
    if app_did:
        rows = vault.query("SELECT * FROM grants WHERE app_did = ? ORDER BY issued_at DESC", (app_did,))
    else:
        rows = vault.query("SELECT * FROM grants ORDER BY issued_at DESC")
    return [_row_grant(r) for r in rows]


def revoke_grant(vault: Vault, grant_id: str) -> Grant:
    with vault.transaction() as conn:
        cur = conn.execute("UPDATE grants SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                           (time.time(), grant_id))
        if cur.rowcount == 0 and conn.execute("SELECT 1 FROM grants WHERE id = ?",
                                              (grant_id,)).fetchone() is None:
            raise NotFound(f"no grant {grant_id!r}")
    return get_grant(vault, grant_id)


def revoke_all(vault: Vault, *, app_did: str | None = None) -> int:
    """Revoke every live grant (of one app, when given); returns how many."""
    with vault.transaction() as conn:
        if app_did:
            cur = conn.execute("UPDATE grants SET revoked_at = ? WHERE revoked_at IS NULL AND app_did = ?",
                               (time.time(), app_did))
        else:
            cur = conn.execute("UPDATE grants SET revoked_at = ? WHERE revoked_at IS NULL", (time.time(),))
        return int(cur.rowcount)


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


def check_grant(vault: Vault, token: object, *, presenter: str, issuer: str,
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
    row = vault.query_one("SELECT * FROM grants WHERE id = ?", (jti[len(_URN):],))
    if row is None:
        raise InvalidGrant("this Hearth never issued that grant")
    grant = _row_grant(row)
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
    with vault.transaction() as conn:
        cur = conn.execute(
            "UPDATE grants SET use_count = use_count + 1, last_used_at = ? WHERE id = ? "
            "AND revoked_at IS NULL AND expires_at > ? AND (mode = 'until_expiry' OR use_count = 0)",
            (now, grant.id, now))
        changed = cur.rowcount
    if changed == 0:
        fresh = get_grant(vault, grant.id)
        _raise_for_status(fresh, fresh.status(now=now, idle_days=idle_days(vault)))
        raise GrantUsed(f"grant {grant.id} can no longer be used")


def still_live(vault: Vault, grant_id: str, *, now: float | None = None) -> None:
    """Raise GrantRevoked/GrantExpired if the grant stopped being valid (for open streams).

    A once-only grant already counted for this stream stays live until it ends.
    """
    now = time.time() if now is None else now
    grant = get_grant(vault, grant_id)
    status = grant.status(now=now, idle_days=idle_days(vault))
    if status not in ("active", "used"):
        _raise_for_status(grant, status)
