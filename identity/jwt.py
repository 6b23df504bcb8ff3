"""Reading a compact JWS (header and payload) before its signature is checked.

Only the structure is trusted here: three base64url parts, JSON objects,
``alg`` exactly ``EdDSA`` (so ``none`` and HMAC tricks never reach didkit),
and a ``kid`` on the same did:key as ``iss``. Signatures are verified by
:mod:`identity.proofs`.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

from identity.didkey import Did, require_key_did
from identity.errors import InvalidDid, InvalidProof

MAX_TOKEN_LEN = 16_384


@dataclass(frozen=True)
class Jws:
    header: dict[str, Any]
    payload: dict[str, Any]
    issuer: Did


def _part(text: str) -> dict[str, Any]:
    if not text or any(c not in _B64URL for c in text):
        raise InvalidProof("the token is not base64url")
    try:
        value = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (ValueError, UnicodeDecodeError):
        raise InvalidProof("the token is not JSON") from None
    if not isinstance(value, dict):
        raise InvalidProof("the token's parts must be JSON objects")
    return value


_B64URL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def decode(token: object, *, error: type[InvalidProof] = InvalidProof) -> Jws:
    """The header and payload of ``token``; ``error`` (an InvalidProof) when malformed."""
    try:
        if not isinstance(token, str) or len(token) > MAX_TOKEN_LEN or token.count(".") != 2:
            raise InvalidProof("not a compact JWT")
        head, body, signature = token.split(".")
        if not signature:
            raise InvalidProof("the token is unsigned")
        header, payload = _part(head), _part(body)
        if header.get("alg") != "EdDSA":
            raise InvalidProof("only EdDSA-signed tokens are accepted")
        if set(header) - {"alg", "kid", "typ"}:
            raise InvalidProof("the token header has unexpected fields")
        issuer = require_key_did(payload.get("iss"))
        kid = header.get("kid")
        if not isinstance(kid, str) or kid.split("#", 1)[0] != issuer:
            raise InvalidProof("the token's key id is not the issuer's")
        return Jws(header, payload, issuer)
    except InvalidDid as exc:
        raise error(f"the token's issuer is not accepted: {exc}") from None
    except InvalidProof as exc:
        if type(exc) is error:
            raise
        raise error(str(exc)) from None
