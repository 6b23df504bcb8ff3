"""App keys: an API key for a tool that cannot pair, inside the same grant model.

Tools people already use (the ``openai`` SDK, ``llm``, editors, chat front ends) take a base
URL and an API key, and nothing else. :func:`create_app_key` makes such a tool an app of its
own: Hearth generates a did:key for it (the secret half stays in the vault; the tool never
needs it), records the app under the name the person gave, and issues a grant to that DID with
exactly the scopes the person chose, as approving a consent request would. The key the person
copies is ``hk_<key id>_<secret>``: the id finds the record, and the secret is kept only as an
HMAC under a key derived from the vault's, compared in constant time (:func:`authenticate`).

The grant is the authority, as for paired apps: a key works while its grant is active, so
revoking it (:func:`revoke_app_key`, or the grant itself in the Privacy view or with
``hearth grants revoke``) refuses the very next request, and expiry and idle expiry apply.

A key is a weaker proof than pairing: whoever reads it can use it, from any program
(:data:`WEAKER_THAN_PAIRING` says so in words for the person). So keys last 30 days unless the
person says otherwise, carry a personal scope only when the person names it, and the gateway
takes them only on its private socket and on loopback.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass

from identity import grants, store
from identity.apps import MAX_NAME, clean, register_app
from identity.didkey import Did
from identity.errors import GrantDenied, InvalidKey, KeyExpired, KeyRevoked, NotFound
from identity.grants import DEFAULT_DAYS, MAX_DAYS, Grant
from identity.keys import Keypair
from identity.scopes import Scope, require_scopes
from identity.store import StoredAppKey
from vault import Vault

KEY_PREFIX = "hk_"
#: What every key may do: use the models on questions that carry none of the person's data.
BASE_SCOPES = ("assistant.general", "embeddings")
PERSONAL_SCOPE = "assistant.personal"
MAX_KEYS = 64
WEAKER_THAN_PAIRING = ("An app key is a weaker proof than pairing: anyone who reads it can use it, "
                       "from any program on this computer, until it expires or you revoke it. "
                       "Keep it in the app's settings only.")
_KEY_RE = re.compile(r"hk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})")
_HASH_PURPOSE = b"hearth app keys v1"

__all__ = ["BASE_SCOPES", "KEY_PREFIX", "WEAKER_THAN_PAIRING", "AppKey", "NewAppKey", "authenticate",
           "create_app_key", "is_app_key", "list_app_keys", "revoke_app_key"]


@dataclass(frozen=True)
class AppKey:
    """An app key as listed: what it may do and until when; never the key itself."""

    name: str
    key_id: str
    app_did: Did
    grant_id: str
    scopes: tuple[Scope, ...]
    status: str            # the grant's: active, revoked, expired, unused
    created_at: float
    expires_at: float
    last_used_at: float | None


@dataclass(frozen=True)
class NewAppKey:
    """A key just made: ``key`` is shown to the person once and kept nowhere."""

    key: str
    app_key: AppKey


def is_app_key(token: object) -> bool:
    """Whether a bearer token is meant as an app key (rather than a pairing session)."""
    return isinstance(token, str) and token.startswith(KEY_PREFIX)


def _digest(vault: Vault, secret: str) -> str:
    return hmac.new(vault.subkey(_HASH_PURPOSE), secret.encode(), hashlib.sha256).hexdigest()


def _listed(vault: Vault, key: StoredAppKey, idle: float) -> AppKey:
    grant = store.load_grant(vault, key.grant_id)
    if grant is None:   # cannot happen through this module; listed as dead rather than hidden
        return AppKey(key.name, key.key_id, key.app_did, key.grant_id, (), "revoked", key.created_at,
                      key.created_at, None)
    return AppKey(key.name, key.key_id, key.app_did, key.grant_id, grant.scopes,
                  grant.status(idle_days=idle), key.created_at, grant.expires_at, grant.last_used_at)


def key_scopes(scopes: object, *, personal: bool | None = None) -> tuple[Scope, ...]:
    """The scopes a key gets: those named, the model-only base, and ``assistant.personal`` only
    when asked for (``personal=True``, or named). Naming it while saying ``personal=False`` is
    refused rather than guessed."""
    if not isinstance(scopes, list | tuple):
        raise GrantDenied("scopes must be a list of scope names")
    named = list(scopes)
    if personal is False and PERSONAL_SCOPE in named:
        raise GrantDenied(f"{PERSONAL_SCOPE} was named but personal answers were refused; choose one")
    return require_scopes(named + list(BASE_SCOPES) + ([PERSONAL_SCOPE] if personal else []))


def create_app_key(vault: Vault, *, name: object, scopes: object, days: float = DEFAULT_DAYS,
                   personal: bool | None = None) -> NewAppKey:
    """Make an app (its own did:key), grant it ``scopes`` for ``days`` and return its key, once.

    ``scopes`` are exact registry names (the data it may read: ``notes.read``,
    ``documents.search``…); :data:`BASE_SCOPES` are added. GrantDenied for a name already used
    by a live key, an empty name, or a contradiction; UnknownScope for a scope not in the registry.
    """
    shown = clean(name, MAX_NAME)
    if not shown:
        raise GrantDenied("give the app a name (printable, up to 80 characters)")
    exact = key_scopes(scopes, personal=personal)
    if not 0 < days <= MAX_DAYS:
        raise GrantDenied(f"a key lasts from 1 to {MAX_DAYS} days")
    pair = Keypair.generate()
    register_app(vault, pair.did, name=shown)
    grant = grants.issue_grant(vault, app_did=pair.did, scopes=list(exact),
                               purpose=f"app key for {shown}", days=days)
    key_id, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    stored = StoredAppKey(key_id, shown, pair.did, grant.id, _digest(vault, secret), pair.jwk, time.time())
    idle = grants.idle_days(vault)

    def unique(existing: list[StoredAppKey]) -> None:
        live = [k for k in existing if _listed(vault, k, idle).status == "active"]
        if any(k.name.casefold() == shown.casefold() for k in live):
            raise GrantDenied(f"a key named {shown!r} already works; revoke it first or choose another name")
        if len(live) >= MAX_KEYS:
            raise GrantDenied(f"there are already {MAX_KEYS} working keys; revoke some first")

    try:
        store.insert_app_key(vault, stored, check=unique)
    except BaseException:
        grants.revoke_grant(vault, grant.id)   # issued for a key that was never made
        raise
    return NewAppKey(f"{KEY_PREFIX}{key_id}_{secret}", _listed(vault, stored, idle))


def list_app_keys(vault: Vault) -> list[AppKey]:
    """Every app key, oldest first, with its grant's scopes, status, expiry and last use."""
    idle = grants.idle_days(vault)
    return [_listed(vault, k, idle) for k in store.load_app_keys(vault)]


def revoke_app_key(vault: Vault, name: str) -> list[AppKey]:
    """Revoke the working key(s) named ``name`` (their grants); NotFound when none works."""
    idle = grants.idle_days(vault)
    live = [k for k in store.load_app_keys(vault)
            if k.name.casefold() == name.strip().casefold() and _listed(vault, k, idle).status == "active"]
    if not live:
        raise NotFound(f"no working app key is named {name[:80]!r} (see 'hearth keys list')")
    for key in live:
        grants.revoke_all(vault, app_did=key.app_did)
    return [_listed(vault, k, idle) for k in live]


def authenticate(vault: Vault, presented: object) -> tuple[StoredAppKey, Grant]:
    """The key record and its active grant for a presented key; InvalidKey (or KeyRevoked,
    KeyExpired) otherwise. The secret is compared in constant time against its HMAC."""
    match = _KEY_RE.fullmatch(presented) if isinstance(presented, str) else None
    if match is None:
        raise InvalidKey("that is not a Hearth app key; create one with 'hearth keys create'")
    key_id, secret = match.groups()
    record = store.load_app_key(vault, key_id)
    expected = record.secret_hash if record is not None else "0" * 64
    if not hmac.compare_digest(_digest(vault, secret), expected) or record is None:
        raise InvalidKey("this app key is not valid for this Hearth")
    grant = store.load_grant(vault, record.grant_id)
    status = grant.status(idle_days=grants.idle_days(vault)) if grant is not None else "revoked"
    if status == "revoked" or grant is None:
        raise KeyRevoked(f"the app key {record.name!r} was revoked", app_did=record.app_did)
    if status != "active":
        raise KeyExpired(f"the app key {record.name!r} has expired; create a new one", app_did=record.app_did)
    return record, grant
