"""The user's own identity: one Ed25519 did:key per vault.

Created with the vault; the secret JWK lives only in the vault's ``identity``
table (so only inside SQLCipher). Signing always uses the key rebuilt from
its seed (:class:`identity.keys.Keypair`).
"""

from __future__ import annotations

import time

from identity.didkey import Did, require_key_did
from identity.errors import NoIdentity
from identity.keys import Keypair
from vault import Vault


def create_identity(vault: Vault) -> Did:
    """Give the vault its user DID; returns the existing one if it already has one."""
    with vault.transaction() as conn:
        row = conn.execute("SELECT did FROM identity WHERE id = 1").fetchone()
        if row is not None:
            return require_key_did(row["did"])
        pair = Keypair.generate()
        conn.execute("INSERT INTO identity(id, did, secret_jwk, created_at) VALUES (1, ?, ?, ?)",
                     (pair.did, pair.jwk, time.time()))
        return pair.did


def load_identity(vault: Vault) -> Keypair:
    """The user's key pair; NoIdentity when the vault has none yet."""
    row = vault.query_one("SELECT did, secret_jwk FROM identity WHERE id = 1")
    if row is None:
        raise NoIdentity("this vault has no identity yet; run 'hearth id --create'")
    pair = Keypair.from_jwk(row["secret_jwk"])
    if pair.did != row["did"]:
        raise NoIdentity("the stored identity does not match its key")
    return pair


def user_did(vault: Vault) -> Did:
    row = vault.query_one("SELECT did FROM identity WHERE id = 1")
    if row is None:
        raise NoIdentity("this vault has no identity yet; run 'hearth id --create'")
    return require_key_did(row["did"])


def hearth_domain(vault: Vault) -> str:
    """The audience plugins must name in their pairing presentation."""
    return f"hearth:{vault.vault_id}"
