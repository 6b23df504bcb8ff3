"""Who is asking and may they: sessions, attached grants, the audit trail.

Every API call names a session (``Authorization: Bearer hs_…``) and is
checked against the grants attached to it (or one presented in the
``Hearth-Grant`` header) through :func:`identity.grants.check_grant`, which
reads the vault's grants table each time. Every decision, allowed or denied,
is appended to the audit log by :meth:`Authoriser.record`.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

from identity import audit, grants
from identity.apps import app_name
from identity.errors import GrantDenied, IdentityError, NoSession
from identity.grants import Grant
from identity.pairing import Pairing, Session
from identity.scopes import data_classes
from identity.user import user_did
from vault import Vault

MAX_ATTACHED = 16


@dataclass(frozen=True)
class Caller:
    session: Session | None
    token: str | None

    @property
    def did(self) -> str:
        return self.session.did if self.session else "unknown"


class Authoriser:
    def __init__(self, vault: Vault, pairing: Pairing) -> None:
        self.vault = vault
        self.pairing = pairing
        self.issuer = user_did(vault)
        self._attached: dict[str, list[str]] = {}
        self._names: dict[str, str] = {}
        self._lock = threading.Lock()

    def caller(self, authorization: str | None) -> Caller:
        """The session a request names; NoSession when it names none that is live."""
        if not authorization or not authorization.startswith("Bearer "):
            raise NoSession("pair first: send 'Authorization: Bearer <session token>'")
        token = authorization[len("Bearer "):].strip()
        return Caller(self.pairing.session(token), token)

    def attach(self, caller: Caller, token: str) -> Grant:
        """Check a grant for this caller and keep it with the session."""
        assert caller.session is not None and caller.token is not None
        grant = grants.check_grant(self.vault, token, presenter=caller.session.did, issuer=self.issuer)
        with self._lock:
            held = self._attached.setdefault(caller.session.token_hash, [])
            if token not in held:
                held.append(token)
                del held[:-MAX_ATTACHED]
        return grant

    def authorise(self, caller: Caller, scope: str, *, presented: str | None = None) -> Grant:
        """The grant that lets this caller use ``scope`` now, counted as used; raises otherwise."""
        if caller.session is None:
            raise NoSession("no session")
        tokens = [presented] if presented is not None else self._tokens(caller)
        if not tokens:
            raise GrantDenied(f"scope {scope} is not granted to this app (no grant is attached)")
        best: IdentityError | None = None
        for token in tokens:
            try:
                grant = grants.check_grant(self.vault, token, presenter=caller.session.did,
                                           issuer=self.issuer, scope=scope)
                grants.consume(self.vault, grant)
                return grant
            except IdentityError as exc:
                # A specific failure (revoked, expired, forged…) says more than "not granted".
                if best is None or best.code == GrantDenied.code:
                    best = exc
        assert best is not None
        raise best

    def granted_classes(self, caller: Caller) -> frozenset[str]:
        """Data classes this caller's live grants open (limits personal-context retrieval)."""
        scopes: list[str] = []
        for token in self._tokens(caller):
            try:
                assert caller.session is not None
                scopes += grants.check_grant(self.vault, token, presenter=caller.session.did,
                                             issuer=self.issuer).scopes
            except IdentityError:
                continue
        return data_classes(scopes)

    def _tokens(self, caller: Caller) -> list[str]:
        if caller.session is None:
            return []
        with self._lock:
            return list(self._attached.get(caller.session.token_hash, ()))

    def name_of(self, did: str) -> str:
        name = self._names.get(did)
        if name is None:
            name = app_name(self.vault, did) if did.startswith("did:key:") else ""
            self._names[did] = name
        return name

    def forget_name(self, did: str) -> None:
        self._names.pop(did, None)

    def record(self, did: str, *, scope: str, decision: str, reason: str,
               items: Sequence[str] = ()) -> None:
        audit.append(self.vault, app_did=did, app_name=self.name_of(did), scope=scope,
                     decision=decision, reason=reason, items=items)
