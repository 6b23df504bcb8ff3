"""API errors as plugins see them: OpenAI-style JSON with a stable ``code``.

``{"error": {"message": …, "type": …, "code": …}}``. Identity errors carry
their own code (:mod:`identity.errors`) and map to a status here. The message
is always plain text Hearth wrote for plugins: errors from the engine, the
vault or a library (whose words may name files, models or internals) are
logged here, at the boundary, and answered with a fixed message for their
code; anything unexpected is a bug, logged with its traceback and answered
``internal_error``.
"""

from __future__ import annotations

import logging
from typing import Any

from engine.errors import EngineError, ModelNotFound
from identity.errors import (
    GrantDenied,
    IdentityError,
    InvalidDid,
    InvalidGrant,
    InvalidKey,
    InvalidProof,
    NoSession,
    NotFound,
    PairingFailed,
    TooManyRequests,
    UnknownScope,
)
from vault import VaultError, VaultLocked

log = logging.getLogger("hearth.gateway")

_TYPES = {400: "invalid_request_error", 401: "authentication_error", 403: "permission_error",
          404: "not_found_error", 405: "invalid_request_error", 408: "invalid_request_error",
          411: "invalid_request_error", 413: "invalid_request_error", 414: "invalid_request_error",
          415: "invalid_request_error", 429: "rate_limit_error", 431: "invalid_request_error",
          500: "server_error", 503: "server_error"}


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
    if isinstance(exc, NoSession | InvalidKey):
        return ApiError(401, exc.code, str(exc))
    if isinstance(exc, TooManyRequests):
        return ApiError(429, exc.code, str(exc))
    if isinstance(exc, GrantDenied | InvalidGrant | PairingFailed):
        return ApiError(403, exc.code, str(exc))
    if isinstance(exc, InvalidProof):  # raised with didkit's words in it: keep those in the log
        log.info("proof refused: %s", exc)
        return ApiError(403, exc.code, "the proof does not verify")
    if isinstance(exc, UnknownScope | InvalidDid):
        return ApiError(400, exc.code, str(exc))
    if isinstance(exc, NotFound):
        return ApiError(404, exc.code, str(exc))
    if isinstance(exc, IdentityError):
        return ApiError(400, exc.code, str(exc))
    if isinstance(exc, ModelNotFound):
        return ApiError(404, "model_not_found", "no such model; see GET /v1/models")
    if isinstance(exc, EngineError):
        log.warning("engine error answering a plugin: %s", exc)
        return ApiError(503, "engine_error", "the model could not answer; try again")
    if isinstance(exc, VaultLocked):
        return ApiError(503, "vault_locked", "Hearth's vault is locked")
    if isinstance(exc, VaultError):
        log.warning("vault error answering a plugin: %s", exc)
        return ApiError(503, "vault_error", "Hearth could not read its vault")
    log.error("gateway bug", exc_info=exc)
    return ApiError(500, "internal_error", "internal error")
