"""Hearth's identity layer: the user's DID, plugin apps, grants, consent and the audit log.

The names below are its public surface, loaded on first use (PEP 562): didkit loads only
when a name that needs it is touched.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS: dict[str, str] = {
    "Grant": "identity.grants", "issue_grant": "identity.grants", "list_grants": "identity.grants",
    "revoke_grant": "identity.grants", "revoke_all": "identity.grants", "check_grant": "identity.grants",
    "SCOPES": "identity.scopes", "Scope": "identity.scopes", "require_scopes": "identity.scopes",
    "data_classes": "identity.scopes", "Pairing": "identity.pairing", "create_identity": "identity.user",
    "user_did": "identity.user",
    "create_app_key": "identity.appkeys", "list_app_keys": "identity.appkeys",
    "revoke_app_key": "identity.appkeys", "InvalidKey": "identity.errors",
    "IdentityError": "identity.errors", "GrantDenied": "identity.errors",
    "GrantRevoked": "identity.errors", "GrantExpired": "identity.errors", "GrantUsed": "identity.errors",
    "ConsentDenied": "identity.errors", "NoSession": "identity.errors", "InvalidProof": "identity.errors",
    "UnknownScope": "identity.errors", "AuditBroken": "identity.errors",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'identity' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
