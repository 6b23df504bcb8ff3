"""Ed25519 key pairs as JWKs, always rebuilt from their 32-byte seed.

didkit signs with whatever public half a JWK claims (the ed25519-dalek 1.x
double-public-key oracle), so a stored JWK is never used as it is: the seed
``d`` is read, the public key recomputed, and a JWK whose ``x`` disagrees is
refused. Only the rebuilt JWK reaches didkit.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field

import didkit
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from identity.didkey import Did, did_from_public_key, key_id
from identity.errors import InvalidProof


def _b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64u(text: object) -> bytes:
    if not isinstance(text, str):
        raise InvalidProof("a key field is not text")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except ValueError:
        raise InvalidProof("a key field is not base64url") from None


@dataclass(frozen=True)
class Keypair:
    """A did:key identity with its secret; ``jwk`` is safe to hand to didkit."""

    did: Did
    jwk: str = field(repr=False)

    @property
    def key_id(self) -> str:
        return key_id(self.did)

    @classmethod
    def generate(cls) -> Keypair:
        return cls.from_jwk(didkit.generate_ed25519_key())

    @classmethod
    def from_seed(cls, seed: bytes) -> Keypair:
        if len(seed) != 32:
            raise InvalidProof("an Ed25519 seed is 32 bytes")
        public = Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        jwk = json.dumps({"kty": "OKP", "crv": "Ed25519", "x": _b64u(public), "d": _b64u(seed)},
                         separators=(",", ":"))
        return cls(did_from_public_key(public), jwk)

    @classmethod
    def from_jwk(cls, text: str) -> Keypair:
        """Rebuild from a stored secret JWK; InvalidProof if its halves disagree."""
        try:
            parsed = json.loads(text)
        except ValueError:
            raise InvalidProof("the stored key is not JSON") from None
        if not isinstance(parsed, dict) or parsed.get("kty") != "OKP" or parsed.get("crv") != "Ed25519":
            raise InvalidProof("the stored key is not an Ed25519 key")
        pair = cls.from_seed(_unb64u(parsed.get("d")))
        if "x" in parsed and _unb64u(parsed["x"]) != _unb64u(json.loads(pair.jwk)["x"]):
            raise InvalidProof("the stored key's public half does not match its secret")
        return pair

    def sign(self, data: bytes) -> bytes:
        """A raw Ed25519 signature (for HMAC-free self-checks; grants go through didkit)."""
        seed = _unb64u(json.loads(self.jwk)["d"])
        return Ed25519PrivateKey.from_private_bytes(seed).sign(data)
