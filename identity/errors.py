"""Errors raised by the identity layer.

Every error carries a stable ``code`` (the gateway sends it to plugins as the
OpenAI-style ``error.code``, and the audit log records it as the reason)::

    IdentityError                 identity_error
    ├── NoIdentity                no_identity       the vault has no user identity yet
    ├── InvalidDid                invalid_did       not an Ed25519 did:key (checked before didkit)
    ├── InvalidProof              invalid_proof     a signature, presentation or credential fails
    │   ├── InvalidGrant          invalid_grant     forged, edited, self-issued or foreign grant
    │   └── PairingFailed         pairing_failed    stale/replayed challenge, wrong audience…
    ├── UnknownScope              unknown_scope     a scope outside the closed registry
    ├── NotFound                  not_found         no grant or consent request with that id
    ├── NoSession                 no_session        missing, unknown or expired session token
    ├── InvalidKey                invalid_api_key   an app key Hearth never issued, or mistyped
    │   ├── KeyRevoked            key_revoked       the app key (its grant) was revoked
    │   └── KeyExpired            key_expired       the app key's grant expired, or went unused
    ├── TooManyRequests           too_many_requests too many pairings or consent prompts at once
    ├── GrantDenied               scope_not_granted no grant covers this request
    │   ├── GrantRevoked          grant_revoked
    │   ├── GrantExpired          grant_expired     past its expiry, or unused for too long
    │   ├── GrantUsed             grant_used        an "only this time" grant already used
    │   ├── GrantSubjectMismatch  grant_subject_mismatch  presented by another plugin
    │   └── ConsentDenied         consent_denied    the user said no
    └── AuditBroken               audit_broken      the audit log's hash chain does not verify
"""

from __future__ import annotations


class IdentityError(Exception):
    """Root of every error the identity layer raises."""

    code = "identity_error"


class NoIdentity(IdentityError):
    code = "no_identity"


class InvalidDid(IdentityError):
    code = "invalid_did"


class InvalidProof(IdentityError):
    code = "invalid_proof"


class InvalidGrant(InvalidProof):
    code = "invalid_grant"


class PairingFailed(InvalidProof):
    code = "pairing_failed"


class UnknownScope(IdentityError):
    code = "unknown_scope"


class NotFound(IdentityError):
    code = "not_found"


class NoSession(IdentityError):
    code = "no_session"


class InvalidKey(IdentityError):
    """An app key (``Authorization: Bearer hk_…``) that does not open anything.

    ``app_did`` names the key's app when the key was Hearth's (revoked or expired), so the
    refusal is audited under that app."""

    code = "invalid_api_key"

    def __init__(self, message: str, *, app_did: str | None = None) -> None:
        super().__init__(message)
        self.app_did = app_did


class KeyRevoked(InvalidKey):
    code = "key_revoked"


class KeyExpired(InvalidKey):
    code = "key_expired"


class TooManyRequests(IdentityError):
    """A cap on pairings, sessions or consent prompts (per program or overall) was reached."""

    code = "too_many_requests"


class GrantDenied(IdentityError):
    code = "scope_not_granted"


class GrantRevoked(GrantDenied):
    code = "grant_revoked"


class GrantExpired(GrantDenied):
    code = "grant_expired"


class GrantUsed(GrantDenied):
    code = "grant_used"


class GrantSubjectMismatch(GrantDenied):
    code = "grant_subject_mismatch"


class ConsentDenied(GrantDenied):
    code = "consent_denied"


class AuditBroken(IdentityError):
    code = "audit_broken"
