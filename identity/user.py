"""The user's own identity: one Ed25519 did:key per vault.

Created with the vault; the secret JWK lives only in the vault's ``identity``
table (so only inside SQLCipher). Signing always uses the key rebuilt from
its seed (:class:`identity.keys.Keypair`).
"""

from __future__ import annotations

from identity import store
from identity.didkey import Did, require_key_did
from identity.errors import NoIdentity
from identity.keys import Keypair
from vault import Vault

_MISSING = "this vault has no identity yet; run 'hearth id --create'"


def create_identity(vault: Vault) -> Did:
    """Give the vault its user DID; returns the existing one if it already has one."""
    def generate() -> store.StoredKey:
        pair = Keypair.generate()
        return store.StoredKey(pair.did, pair.jwk)

    return require_key_did(store.add_user_key(vault, generate))


def load_identity(vault: Vault) -> Keypair:
    """The user's key pair; NoIdentity when the vault has none yet."""
    stored = store.load_user_key(vault)
    if stored is None:
        raise NoIdentity(_MISSING)
    pair = Keypair.from_jwk(stored.secret_jwk)
    if pair.did != stored.did:
        raise NoIdentity("the stored identity does not match its key")
    return pair


def user_did(vault: Vault) -> Did:
    did = store.load_user_did(vault)
    if did is None:
        raise NoIdentity(_MISSING)
    return require_key_did(did)


def hearth_domain(vault: Vault) -> str:
    """The audience plugins must name in their pairing presentation."""
    return f"hearth:{vault.vault_id}"
