"""Hearth's encrypted vault: SQLCipher storage for everything personal.

Import the pieces from their modules (``vault.store``, ``vault.notes``…);
this package exports the main names for convenience.
"""

from vault.errors import (
    DiskFull,
    FileCorrupt,
    InvalidInput,
    KeychainUnavailable,
    NotFound,
    VaultCorrupt,
    VaultError,
    VaultExists,
    VaultLocked,
    VaultNotFound,
    WrongPassphrase,
)
from vault.keys import Keychain
from vault.store import Vault, VaultStatus, locked_status, vault_exists

__all__ = [
    "DiskFull",
    "FileCorrupt",
    "InvalidInput",
    "Keychain",
    "KeychainUnavailable",
    "NotFound",
    "Vault",
    "VaultCorrupt",
    "VaultError",
    "VaultExists",
    "VaultLocked",
    "VaultNotFound",
    "VaultStatus",
    "WrongPassphrase",
    "locked_status",
    "vault_exists",
]
