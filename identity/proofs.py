"""Signing and verifying VC-JWTs and VP-JWTs through didkit, on one loop thread.

didkit's async functions need a running asyncio loop, and the interpreter
tends to crash at exit after they ran on short-lived loops. So one daemon
thread owns one loop for the whole process and every didkit call is made
from a coroutine on it (:func:`_call`). didkit's failures, raised or returned
as an ``errors`` list, become :class:`InvalidProof` here and nowhere else;
a result is a pass only when ``errors == []``.

Callers hand in DIDs already checked by :mod:`identity.didkey` and keys built
from a stored seed (:mod:`identity.keys`): didkit would otherwise resolve a
foreign DID over the network, or sign with a mismatched public half.
"""

from __future__ import annotations

import asyncio
import atexit
import json
import threading
import time
from collections.abc import Callable, Coroutine
from typing import Any

import didkit

from identity.errors import IdentityError, InvalidProof

_TIMEOUT_S = 30.0
# didkit's runtime threads still touch Python objects shortly after a call has
# returned; an interpreter finalizing meanwhile aborts. Exiting waits this long
# after the last call (measured: 0.2 s avoided every crash).
_SETTLE_S = 0.3
_loop: asyncio.AbstractEventLoop | None = None
_loop_lock = threading.Lock()
_last_call = 0.0


def _settle_at_exit() -> None:
    remaining = _SETTLE_S - (time.monotonic() - _last_call)
    if _loop is not None and remaining > 0:
        time.sleep(remaining)


def _running_loop() -> asyncio.AbstractEventLoop:
    global _loop
    with _loop_lock:
        if _loop is None:
            loop = asyncio.new_event_loop()
            ready = threading.Event()

            def run() -> None:
                asyncio.set_event_loop(loop)
                loop.call_soon(ready.set)
                loop.run_forever()

            threading.Thread(target=run, name="hearth-didkit", daemon=True).start()
            ready.wait()
            _loop = loop
            atexit.register(_settle_at_exit)
        return _loop


def _call(fn: Callable[..., Any], *args: str) -> str:
    """Await ``fn(*args)`` on the didkit loop thread and return its string result."""
    global _last_call

    async def invoke() -> Any:
        return await fn(*args)

    coro: Coroutine[Any, Any, Any] = invoke()
    future = asyncio.run_coroutine_threadsafe(coro, _running_loop())
    try:
        result = future.result(timeout=_TIMEOUT_S)
        _last_call = time.monotonic()
    except IdentityError:
        raise
    except Exception as exc:  # didkit.DIDKitException, ValueError from its JSON parsing
        _last_call = time.monotonic()
        raise InvalidProof(f"the proof could not be processed ({_short(exc)})") from None
    if not isinstance(result, str):
        raise InvalidProof("didkit returned something that is not text")
    return result


def _short(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:160]


def _check_result(result: str, what: str) -> None:
    try:
        parsed = json.loads(result)
    except ValueError:
        raise InvalidProof(f"{what}: unreadable verification result") from None
    errors = parsed.get("errors") if isinstance(parsed, dict) else None
    if errors != []:
        detail = "; ".join(str(e) for e in errors)[:200] if isinstance(errors, list) else "no result"
        raise InvalidProof(f"{what} does not verify ({detail})")


def verification_method(jwk: str) -> str:
    return _call(didkit.key_to_verification_method, "key", jwk)


def issue_vc_jwt(credential: dict[str, Any], jwk: str, *, method: str) -> str:
    options = {"proofFormat": "jwt", "proofPurpose": "assertionMethod", "verificationMethod": method}
    return _call(didkit.issue_credential, json.dumps(credential), json.dumps(options), jwk)


def verify_vc_jwt(token: str) -> None:
    """Raises InvalidProof unless didkit verifies the VC-JWT's signature and dates."""
    _check_result(_call(didkit.verify_credential, token, json.dumps({"proofFormat": "jwt"})),
                  "the credential")


def issue_vp_jwt(presentation: dict[str, Any], jwk: str, *, method: str, challenge: str,
                 domain: str) -> str:
    options = {"proofFormat": "jwt", "proofPurpose": "authentication", "verificationMethod": method,
               "challenge": challenge, "domain": domain}
    return _call(didkit.issue_presentation, json.dumps(presentation), json.dumps(options), jwk)


def verify_vp_jwt(token: str, *, challenge: str, domain: str) -> None:
    """Raises InvalidProof unless the VP-JWT verifies for exactly this challenge and domain."""
    options = {"proofFormat": "jwt", "proofPurpose": "authentication", "challenge": challenge,
               "domain": domain}
    _check_result(_call(didkit.verify_presentation, token, json.dumps(options)), "the presentation")
