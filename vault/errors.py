"""Errors raised by the vault.

Everything the vault raises derives from :class:`VaultError`; SQLCipher,
keyring and OS errors are translated at the boundary (``vault.db``) and never
escape raw::

    VaultError
    ├── VaultNotFound      no vault in this data directory yet
    ├── VaultExists        refusing to create over an existing vault
    ├── VaultLocked        the vault is closed or auto-locked; unlock first
    ├── WrongPassphrase    the passphrase does not unwrap the key slot
    ├── VaultCorrupt       damaged, truncated or foreign file
    ├── DiskFull           the disk is full; the last write was rolled back
    ├── KeychainUnavailable  no working OS keychain on this system
    └── NotFound           a row asked for by id does not exist
"""

from __future__ import annotations


class VaultError(Exception):
    """Root of every error the vault raises."""


class VaultNotFound(VaultError):
    pass


class VaultExists(VaultError):
    pass


class VaultLocked(VaultError):
    pass


class WrongPassphrase(VaultError):
    pass


class VaultCorrupt(VaultError):
    pass


class DiskFull(VaultError):
    pass


class KeychainUnavailable(VaultError):
    pass


class NotFound(VaultError):
    pass
