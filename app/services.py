"""Operations that span the core packages, composed for the CLI and the GUI alike."""

from __future__ import annotations

from pathlib import Path

from engine.errors import EngineError
from identity.errors import IdentityError
from identity.user import create_identity
from vault import Keychain, Vault, VaultError

#: Errors the user can act on: shown as a message, never as a traceback.
USER_ERRORS: tuple[type[BaseException], ...] = (VaultError, EngineError, IdentityError)


def create_vault(passphrase: str, *, remember: bool = False, keychain: Keychain | None = None,
                 home: Path | None = None) -> Vault:
    """Create the vault and everything a new vault starts with (the user's did:key among them)."""
    vault = Vault.create(passphrase, home=home, remember=remember, keychain=keychain)
    try:
        create_identity(vault)
    except BaseException:
        vault.lock()
        raise
    return vault
