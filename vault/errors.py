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
    ├── FileCorrupt        a small JSON file of Hearth's (models.json…) is not what it should be
    ├── DiskFull           the disk is full; the last write was rolled back
    ├── KeychainUnavailable  no working OS keychain on this system
    ├── NotFound           a row asked for by id does not exist
    ├── InvalidInput       a value the vault will not store (an empty note, an unknown kind)
    └── UnsafeFolder       a folder another account owns or can write to (a runtime folder)

Each class has a stable ``code`` (``vault_locked``…) for JSON output and plugin apps: messages
are for people and may change; codes do not.
"""

from __future__ import annotations


class VaultError(Exception):
    """Root of every error the vault raises."""

    code = "vault_error"


class VaultNotFound(VaultError):
    code = "vault_not_found"


class VaultExists(VaultError):
    code = "vault_exists"


class VaultLocked(VaultError):
    code = "vault_locked"


class WrongPassphrase(VaultError):
    code = "wrong_passphrase"


class VaultCorrupt(VaultError):
    code = "vault_corrupt"


class FileCorrupt(VaultError):
    """Not VaultCorrupt: the vault itself is fine; a list kept beside it cannot be read."""

    code = "file_corrupt"


class DiskFull(VaultError):
    code = "disk_full"


class KeychainUnavailable(VaultError):
    code = "keychain_unavailable"


class NotFound(VaultError):
    code = "not_found"


class InvalidInput(VaultError):
    code = "invalid_input"


class UnsafeFolder(VaultError):
    """A folder Hearth would keep sockets or working copies in is a link, another account's,
    or writable by others."""

    code = "unsafe_folder"
