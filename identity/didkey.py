"""Ed25519 ``did:key`` identifiers: the only DIDs Hearth accepts anywhere.

A DID is checked here, by its text alone, before didkit ever sees it:
``did:key:z`` + base58btc(multicodec ``0xed 0x01`` + 32-byte Ed25519 public
key). Anything else (``did:web``, ``did:ion``, another key type, a malformed
string) raises :class:`InvalidDid`, so verifying never resolves a DID over
the network.
"""

from __future__ import annotations

import hashlib
from typing import NewType

from identity.errors import InvalidDid

Did = NewType("Did", str)

_PREFIX = "did:key:z"
_ED25519_MULTICODEC = b"\xed\x01"
_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_INDEX = {c: i for i, c in enumerate(_ALPHABET)}
_MAX_LEN = 64


def _b58decode(text: str) -> bytes:
    value = 0
    for char in text:
        digit = _INDEX.get(char)
        if digit is None:
            raise InvalidDid("a did:key must be base58btc encoded")
        value = value * 58 + digit
    body = value.to_bytes((value.bit_length() + 7) // 8, "big") if value else b""
    leading = len(text) - len(text.lstrip("1"))
    return b"\x00" * leading + body


def _b58encode(data: bytes) -> str:
    value = int.from_bytes(data, "big")
    out = ""
    while value:
        value, rem = divmod(value, 58)
        out = _ALPHABET[rem] + out
    leading = len(data) - len(data.lstrip(b"\x00"))
    return "1" * leading + out


def public_key_bytes(did: str) -> bytes:
    """The 32-byte Ed25519 public key a did:key names; InvalidDid for anything else."""
    if not isinstance(did, str) or len(did) > _MAX_LEN or not did.startswith(_PREFIX):
        raise InvalidDid("only Ed25519 did:key identifiers (did:key:z6Mk…) are accepted")
    raw = _b58decode(did[len(_PREFIX):])
    if len(raw) != 34 or not raw.startswith(_ED25519_MULTICODEC):
        raise InvalidDid("only Ed25519 did:key identifiers (did:key:z6Mk…) are accepted")
    return raw[2:]


def require_key_did(value: object) -> Did:
    """``value`` as a :data:`Did` when it is an Ed25519 did:key; InvalidDid otherwise."""
    if not isinstance(value, str):
        raise InvalidDid("a DID must be a string")
    public_key_bytes(value)
    return Did(value)


def did_from_public_key(public_key: bytes) -> Did:
    if len(public_key) != 32:
        raise InvalidDid("an Ed25519 public key is 32 bytes")
    return Did(_PREFIX + _b58encode(_ED25519_MULTICODEC + public_key))


def key_id(did: Did) -> str:
    """The verification method id didkit puts in a JWT's ``kid`` for this did:key."""
    return f"{did}#{did[len('did:key:'):]}"


def fingerprint(did: str) -> str:
    """A short, stable fingerprint a person can compare (four groups of four hex digits)."""
    digest = hashlib.sha256(did.encode()).hexdigest()[:16].upper()
    return " ".join(digest[i:i + 4] for i in range(0, 16, 4))
