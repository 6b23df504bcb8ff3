"""Who is asking and may they: sessions, app keys, attached grants, the audit trail.

Every API call names a session (``Authorization: Bearer hs_…``) or an app key
(``Bearer hk_…``, :mod:`identity.appkeys`) and is checked against the grants
attached to the session (or one presented in the ``Hearth-Grant`` header), or
the key's own grant, through :func:`identity.grants.check_grant`, which reads
the vault's grants table each time. A key is also limited in requests per
minute (429 past it).

"Only this time" grants: a ``once`` grant opens exactly one request on its
own endpoint and is spent atomically by that request (:meth:`authorise`, via
:func:`identity.grants.consume`). It never flows anywhere else: it does not
add data classes to the personal assistant's context or to search
(:meth:`granted_classes` ignores it), and when a lasting grant also covers a
request, the lasting one is used and the once grant is kept.

Auditing (:mod:`identity.audit`): an access that sends data is recorded by
:meth:`begin` before the first byte and closed by :meth:`finish` with its
outcome. Denials, pairing hellos and consent polls go through :meth:`note`,
which coalesces repeats: the first of a kind (peer, app, scope, decision,
reason and items, so each DID a hello claims is its own kind) in a minute is
written at once, later ones only counted and written as one ``repeated:N``
entry when the minute closes (:meth:`housekeeping`), so a flood of refused
requests costs one or two rows a minute, not one each. The counts still open
are written at the latest before the vault locks and when the gateway stops.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from identity import appkeys, audit, grants
from identity.apps import app_name
from identity.audit import AuditEntry
from identity.didkey import Did
from identity.errors import GrantDenied, IdentityError, NoSession, TooManyRequests
from identity.grants import Grant
from identity.pairing import Pairing, Session
from identity.scopes import Scope, data_classes
from identity.user import user_did
from vault import Vault

MAX_ATTACHED = 16
MAX_NAMES = 1024
COALESCE_WINDOW_S = 60.0
#: Distinct kinds of coalesced event per window; past it, one shared counter per scope.
MAX_COALESCED_KEYS = 256
#: Requests an app key may make per minute (a runaway script is stopped with 429, not the machine).
KEY_REQUESTS_PER_MINUTE = 600


@dataclass(frozen=True)
class Caller:
    """Who a request comes from: a paired session, or an app key (``key`` names it) whose own
    grant is ``grant_tokens``; neither for an anonymous request."""

    session: Session | None
    token: str | None
    grant_tokens: tuple[str, ...] = ()
    key: str = ""

    @property
    def did(self) -> str:
        return self.session.did if self.session else "unknown"


_Key = tuple[str, str, str, str, str, tuple[str, ...]]   # peer, did, scope, decision, reason, items


class _Coalescer:
    """First of a kind per window passes; the rest are counted and summarised when it closes."""

    def __init__(self, window: float, clock: Callable[[], float]) -> None:
        self.window = window
        self._clock = clock
        self._open: dict[_Key, list[float | int]] = {}   # key -> [opened_at, repeats]
        self._lock = threading.Lock()

    def offer(self, key: _Key) -> bool:
        """True when this event should be written now (the first of its kind in the window)."""
        now = self._clock()
        with self._lock:
            entry = self._open.get(key)
            if entry is not None and now - entry[0] < self.window:
                entry[1] = int(entry[1]) + 1
                return False
            if entry is None and len(self._open) >= MAX_COALESCED_KEYS:
                overflow: _Key = ("*", "unknown", key[2], key[3], key[4], ())
                spill = self._open.setdefault(overflow, [now, 0])
                spill[1] = int(spill[1]) + 1
                return False
            self._open[key] = [now, 0]
            return True

    def closed(self, *, everything: bool = False) -> list[tuple[_Key, int]]:
        """Windows that ended (all of them when ``everything``), with their repeat counts."""
        now = self._clock()
        out: list[tuple[_Key, int]] = []
        with self._lock:
            for key, (opened, repeats) in list(self._open.items()):
                if everything or now - opened >= self.window:
                    del self._open[key]
                    if repeats:
                        out.append((key, int(repeats)))
        return out


class Authoriser:
    def __init__(self, vault: Vault, pairing: Pairing, *, coalesce_window: float = COALESCE_WINDOW_S,
                 key_requests_per_minute: int = KEY_REQUESTS_PER_MINUTE,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.vault = vault
        self.pairing = pairing
        self.issuer = user_did(vault)
        self.key_requests_per_minute = key_requests_per_minute
        self._attached: dict[str, list[str]] = {}
        self._names: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()
        self._coalescer = _Coalescer(coalesce_window, clock)
        self._clock = clock
        self._key_windows: dict[str, list[float]] = {}   # key id -> [window start, requests]

    # -- sessions and grants ----------------------------------------------------------------------

    def caller(self, authorization: str | None) -> Caller:
        """The session or app key a request names; NoSession (no session that is live) or
        InvalidKey (a key that opens nothing) otherwise, TooManyRequests past a key's rate."""
        if not authorization or not authorization.startswith("Bearer "):
            raise NoSession("send 'Authorization: Bearer <app key>' (see 'hearth keys create'), "
                            "or pair first and send the session token")
        token = authorization[len("Bearer "):].strip()
        if not appkeys.is_app_key(token):
            return Caller(self.pairing.session(token), token)
        record, grant = appkeys.authenticate(self.vault, token)
        self._count_key_request(record.key_id)
        session = Session(record.app_did, math.inf, "key:" + record.key_id, name=record.name)
        return Caller(session, None, (grant.vc_jwt,), record.name)

    def _count_key_request(self, key_id: str) -> None:
        now = self._clock()
        with self._lock:
            window = self._key_windows.setdefault(key_id, [now, 0])
            if now - window[0] >= 60:
                window[:] = [now, 0]
            window[1] += 1
            over = window[1] > self.key_requests_per_minute
        if over:
            raise TooManyRequests(f"this app key made more than {self.key_requests_per_minute} requests "
                                  "in a minute; wait a little")

    def attach(self, caller: Caller, token: str) -> Grant:
        """Check a grant for this caller and keep it with the session."""
        assert caller.session is not None and caller.token is not None and not caller.key
        grant = grants.check_grant(self.vault, token, presenter=caller.session.did, issuer=self.issuer)
        with self._lock:
            held = self._attached.setdefault(caller.session.token_hash, [])
            if token not in held:
                held.append(token)
                del held[:-MAX_ATTACHED]
        return grant

    def authorise(self, caller: Caller, scope: str, *, presented: str | None = None) -> Grant:
        """The grant that lets this caller use ``scope`` now, counted as used; raises otherwise.

        A lasting grant is preferred to an "only this time" one, which is spent only when it is
        the one that opens the request.
        """
        if caller.session is None:
            raise NoSession("no session")
        tokens = [presented] if presented is not None else self._tokens(caller)
        if not tokens:
            raise GrantDenied(f"scope {scope} is not granted to this app (no grant is attached)")
        best: IdentityError | None = None
        usable: list[Grant] = []
        for token in tokens:
            try:
                usable.append(grants.check_grant(self.vault, token, presenter=caller.session.did,
                                                 issuer=self.issuer, scope=scope))
            except IdentityError as exc:
                # A specific failure (revoked, expired, forged…) says more than "not granted".
                if best is None or best.code == GrantDenied.code:
                    best = exc
        for grant in sorted(usable, key=lambda g: g.mode == "once"):
            try:
                grants.consume(self.vault, grant)
                return grant
            except IdentityError as exc:  # spent meanwhile by a concurrent request
                best = exc
        assert best is not None
        raise best

    def granted_classes(self, caller: Caller) -> frozenset[str]:
        """Data classes this caller's live, lasting grants open (confines personal context and search).

        Once-only grants are left out: each opens one request on its own endpoint, nothing more.
        """
        return data_classes(list(self.lasting_scopes(caller)))

    def lasting_scopes(self, caller: Caller, *, presented: str | None = None) -> frozenset[Scope]:
        """The scopes of this caller's live, lasting grants (or of the one it presented), without
        spending any: what a listing may show it. Once-only grants are left out, as above."""
        if caller.session is None:
            return frozenset()
        scopes: list[Scope] = []
        for token in [presented] if presented is not None else self._tokens(caller):
            try:
                grant = grants.check_grant(self.vault, token, presenter=caller.session.did,
                                           issuer=self.issuer)
            except IdentityError:
                continue
            if grant.mode != "once":
                scopes += grant.scopes
        return frozenset(scopes)

    def _tokens(self, caller: Caller) -> list[str]:
        if caller.key:
            return list(caller.grant_tokens)
        if caller.session is None:
            return []
        with self._lock:
            return list(self._attached.get(caller.session.token_hash, ()))

    # -- names ------------------------------------------------------------------------------------

    def name_of(self, did: str) -> str:
        if not did.startswith("did:key:"):
            return ""
        with self._lock:
            name = self._names.get(did)
            if name is not None:
                self._names.move_to_end(did)
                return name
        name = app_name(self.vault, Did(did))
        with self._lock:
            self._names[did] = name
            while len(self._names) > MAX_NAMES:
                self._names.popitem(last=False)
        return name

    def forget_name(self, did: str) -> None:
        with self._lock:
            self._names.pop(did, None)

    # -- the audit log ----------------------------------------------------------------------------

    def record(self, did: str, *, scope: str, decision: str, reason: str,
               items: Sequence[str] = ()) -> AuditEntry:
        return audit.append(self.vault, app_did=did, app_name=self.name_of(did), scope=scope,
                            decision=decision, reason=reason, items=items)

    def begin(self, caller: Caller, scope: str, grant: Grant, items: Sequence[str] = ()) -> AuditEntry:
        """The access entry for data about to be sent (written before the first byte)."""
        return self.record(caller.did, scope=scope, decision="allow", reason="ok",
                           items=[f"grant:{grant.id}", *items])

    def finish(self, access: AuditEntry, outcome: str, *, code: str = "") -> None:
        audit.append_outcome(self.vault, access, outcome, code=code)

    def note(self, peer: str, did: str, *, scope: str, decision: str, reason: str,
             items: Sequence[str] = ()) -> None:
        """Record an event that may repeat (a denial, a hello, a poll), coalesced per peer."""
        if self._coalescer.offer((peer, did, scope, decision, reason, tuple(items))):
            self.record(did, scope=scope, decision=decision, reason=reason, items=[f"peer:{peer}", *items])

    def housekeeping(self, *, final: bool = False) -> None:
        """Write the counts of closed coalescing windows; prune sessions and what hangs off them."""
        for (peer, did, scope, decision, reason, items), repeats in self._coalescer.closed(everything=final):
            self.record(did, scope=scope, decision=decision, reason=reason,
                        items=[f"peer:{peer}", *items, f"repeated:{repeats}"])
        live = self.pairing.prune()
        now = self._clock()
        with self._lock:
            for token_hash in [h for h in self._attached if h not in live]:
                del self._attached[token_hash]
            for key_id in [k for k, (start, _) in self._key_windows.items() if now - start >= 60]:
                del self._key_windows[key_id]

    def attached_count(self) -> int:
        with self._lock:
            return len(self._attached)
