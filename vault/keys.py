"""Key slot and keychain: how the vault's data key is kept.

The data key is 32 random bytes used as the raw SQLCipher key. It is never
written in the clear. It is always wrapped by the user's passphrase in the key
slot file (scrypt, then AES-256-GCM; the vault id is authenticated data), and,
when the user asks Hearth to remember it on this device and an OS keychain
works, also stored in that keychain through ``keyring``.

A key slot that does not unwrap means a wrong passphrase; a key slot that does
not parse means a damaged or foreign file.
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from vault.errors import KeychainUnavailable, VaultCorrupt, WrongPassphrase
from vault.fsutil import atomic_write

KEY_BYTES = 32
SLOT_VERSION = 1
#: scrypt cost: n=2**17, r=8 is ~0.5 s and 128 MiB on a laptop core.
DEFAULT_SCRYPT_LOG2_N = 17
MIN_SCRYPT_LOG2_N = 10
KEYCHAIN_SERVICE = "Hearth vault"


def new_data_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


@dataclass(frozen=True)
class KeySlot:
    """A data key wrapped by a passphrase, as stored in ``keyslot.json``."""

    vault_id: str
    salt: bytes
    log2_n: int
    r: int
    p: int
    nonce: bytes
    wrapped: bytes

    @classmethod
    def wrap(cls, data_key: bytes, passphrase: str, *, vault_id: str,
             log2_n: int = DEFAULT_SCRYPT_LOG2_N) -> KeySlot:
        salt = secrets.token_bytes(16)
        nonce = secrets.token_bytes(12)
        kek = _derive(passphrase, salt, log2_n, 8, 1)
        wrapped = AESGCM(kek).encrypt(nonce, data_key, vault_id.encode())
        return cls(vault_id, salt, log2_n, 8, 1, nonce, wrapped)

    def unwrap(self, passphrase: str) -> bytes:
        kek = _derive(passphrase, self.salt, self.log2_n, self.r, self.p)
        try:
            key = AESGCM(kek).decrypt(self.nonce, self.wrapped, self.vault_id.encode())
        except InvalidTag:
            raise WrongPassphrase("wrong passphrase") from None
        if len(key) != KEY_BYTES:
            raise VaultCorrupt("the key slot holds a key of the wrong size")
        return key

    def to_bytes(self) -> bytes:
        doc = {
            "format": "hearth-keyslot",
            "version": SLOT_VERSION,
            "vault_id": self.vault_id,
            "kdf": {"name": "scrypt", "log2_n": self.log2_n, "r": self.r, "p": self.p,
                    "salt": _b64(self.salt)},
            "cipher": "aes-256-gcm",
            "nonce": _b64(self.nonce),
            "wrapped_key": _b64(self.wrapped),
        }
        return json.dumps(doc, indent=2).encode()

    @classmethod
    def from_bytes(cls, raw: bytes) -> KeySlot:
        try:
            doc = json.loads(raw.decode("utf-8"))
            if doc.get("format") != "hearth-keyslot" or doc.get("version") != SLOT_VERSION:
                raise ValueError("unknown key slot format")
            kdf = doc["kdf"]
            if kdf["name"] != "scrypt" or doc["cipher"] != "aes-256-gcm":
                raise ValueError("unknown key derivation or cipher")
            log2_n, r, p = int(kdf["log2_n"]), int(kdf["r"]), int(kdf["p"])
            if not (MIN_SCRYPT_LOG2_N <= log2_n <= 22 and 1 <= r <= 32 and 1 <= p <= 16):
                raise ValueError("key derivation parameters out of range")
            return cls(str(doc["vault_id"]), _unb64(kdf["salt"]), log2_n, r, p,
                       _unb64(doc["nonce"]), _unb64(doc["wrapped_key"]))
        except (ValueError, KeyError, TypeError, UnicodeDecodeError, AttributeError) as exc:
            raise VaultCorrupt(f"the key slot file is damaged or not Hearth's ({exc})") from None

    @classmethod
    def load(cls, path: Path) -> KeySlot:
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise VaultCorrupt(f"the key slot file {path.name} is missing") from None
        return cls.from_bytes(raw)

    def save(self, path: Path) -> None:
        atomic_write(path, self.to_bytes())


def _derive(passphrase: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    if not passphrase:
        raise WrongPassphrase("the passphrase is empty")
    kdf = Scrypt(salt=salt, length=32, n=1 << log2_n, r=r, p=p)
    return kdf.derive(passphrase.encode("utf-8"))


class Keychain:
    """The OS keychain through ``keyring``; injectable so tests and apps choose the backend.

    ``backend`` is a keyring backend instance; by default the one keyring picks
    for this session. Keys are stored hex-encoded under the vault id.
    """

    def __init__(self, backend: Any | None = None) -> None:
        self._backend = backend

    def _kr(self) -> Any:
        if self._backend is not None:
            return self._backend
        import keyring

        return keyring.get_keyring()

    def available(self) -> bool:
        """True when a real (encrypting) keychain backend answers."""
        try:
            backend = self._kr()
            from keyring.backends import fail

            if isinstance(backend, fail.Keyring) or float(getattr(backend, "priority", 1)) <= 0:
                return False
            backend.get_password(KEYCHAIN_SERVICE, "probe")
            return True
        except Exception:  # any backend failure means "no usable keychain"
            return False

    def store(self, vault_id: str, key: bytes) -> None:
        try:
            self._kr().set_password(KEYCHAIN_SERVICE, vault_id, key.hex())
        except Exception as exc:
            raise KeychainUnavailable(f"the OS keychain refused the key: {exc}") from None

    def fetch(self, vault_id: str) -> bytes | None:
        try:
            value = self._kr().get_password(KEYCHAIN_SERVICE, vault_id)
        except Exception:
            return None
        if not value:
            return None
        try:
            key = bytes.fromhex(value)
        except ValueError:
            return None
        return key if len(key) == KEY_BYTES else None

    def forget(self, vault_id: str) -> None:
        """Drop the key from the keychain; afterwards it is not there, or this raises.

        "Not there to begin with" is success; any other refusal is checked by reading the key
        back, so that "not remembered" is never said while the keychain still holds it."""
        try:
            self._kr().delete_password(KEYCHAIN_SERVICE, vault_id)
        except Exception as exc:
            if self.fetch(vault_id) is not None:
                raise KeychainUnavailable(
                    f"the OS keychain kept the key ({type(exc).__name__}: {exc}); unlock the "
                    "keychain and try again, or remove the 'Hearth' entry with your keychain app"
                ) from None


def new_vault_id() -> str:
    return secrets.token_hex(16)


def wipe(buf: bytearray) -> None:
    """Overwrite a key buffer in place (best effort in a garbage-collected runtime)."""
    for i in range(len(buf)):
        buf[i] = 0


