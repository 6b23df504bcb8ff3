"""API errors as plugins see them: OpenAI-style JSON with a stable ``code``.

``{"error": {"message": …, "type": …, "code": …}}``. Identity errors carry
their own code (:mod:`identity.errors`) and map to a status here.
"""

from __future__ import annotations

from typing import Any

from engine.errors import EngineError, ModelNotFound
from identity.errors import (
    GrantDenied,
    IdentityError,
    InvalidDid,
    InvalidProof,
    NoSession,
    NotFound,
    UnknownScope,
)
from vault import VaultError, VaultLocked

_TYPES = {400: "invalid_request_error", 401: "authentication_error", 403: "permission_error",
          404: "not_found_error", 405: "invalid_request_error", 411: "invalid_request_error",
          413: "invalid_request_error", 415: "invalid_request_error", 429: "rate_limit_error",
          431: "invalid_request_error", 500: "server_error", 503: "server_error"}


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def body(self) -> dict[str, Any]:
        return {"error": {"message": self.message, "type": _TYPES.get(self.status, "invalid_request_error"),
                          "code": self.code}}


def api_error(exc: BaseException) -> ApiError:
    """Our core errors as API errors; anything else is a bug, reported without details."""
    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, NoSession):
        return ApiError(401, exc.code, str(exc))
    if isinstance(exc, GrantDenied | InvalidProof):
        return ApiError(403, exc.code, str(exc))
    if isinstance(exc, UnknownScope | InvalidDid):
        return ApiError(400, exc.code, str(exc))
    if isinstance(exc, NotFound):
        return ApiError(404, exc.code, str(exc))
    if isinstance(exc, IdentityError):
        return ApiError(400, exc.code, str(exc))
    if isinstance(exc, ModelNotFound):
        return ApiError(404, "model_not_found", str(exc))
    if isinstance(exc, EngineError):
        return ApiError(503, "engine_error", str(exc))
    if isinstance(exc, VaultLocked):
        return ApiError(503, "vault_locked", "Hearth's vault is locked")
    if isinstance(exc, VaultError):
        return ApiError(503, "vault_error", "Hearth could not read its vault")
    return ApiError(500, "internal_error", "internal error")
