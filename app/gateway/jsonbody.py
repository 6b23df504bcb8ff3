"""Strict JSON request bodies and a small field checker.

Rejected with a specific code: invalid UTF-8 (``invalid_utf8``), nesting past
:data:`MAX_DEPTH` (``too_deep``), duplicate keys (``duplicate_key``), NaN or
Infinity (spelled out, or a number too large for a float) and any other
malformed JSON (``invalid_json``), a string holding an unpaired UTF-16
surrogate such as ``"\\ud800"`` (``invalid_string``: valid JSON syntax, but no
text, and nothing downstream can encode it), a top level that is not an object
(``invalid_json``), fields a route does not know (``unknown_field``), and
fields of the wrong type or range (``invalid_field``).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any

from app.gateway.errors import ApiError

MAX_DEPTH = 16


def _depth_ok(text: str) -> bool:
    depth, in_string, escaped = 0, False, False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return False
        elif char in "]}":
            depth -= 1
    return True


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ApiError(400, "duplicate_key", f"the key {key[:40]!r} appears twice")
        out[key] = value
    return out


def _no_constants(name: str) -> Any:
    raise ApiError(400, "invalid_json", f"{name} is not valid JSON")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ApiError(400, "invalid_json", "a number is too large")
    return value


def _has_surrogate(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def parse_object(raw: bytes) -> dict[str, Any]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "invalid_utf8", "the body is not valid UTF-8") from None
    if not _depth_ok(text):
        raise ApiError(400, "too_deep", f"the JSON is nested deeper than {MAX_DEPTH} levels")
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants,
                           parse_float=_finite)
    except ApiError:
        raise
    except (ValueError, RecursionError):
        raise ApiError(400, "invalid_json", "the body is not valid JSON") from None
    if not isinstance(value, dict):
        raise ApiError(400, "invalid_json", "the body must be a JSON object")
    if _has_surrogate(value):
        raise ApiError(400, "invalid_string", "a string holds an unpaired surrogate (\\ud800-\\udfff)")
    return value


def ascii_int(text: str, *, digits: int) -> int | None:
    """``text`` as a number when it is 1 to ``digits`` ASCII digits; None otherwise.

    ``str.isdigit`` and ``int`` accept far more (``²``, Arabic-Indic digits, ``1_0``, spaces).
    """
    if len(text) > digits or not re.fullmatch(r"[0-9]+", text, flags=re.ASCII):
        return None
    return int(text)


Check = Callable[[Any], bool]


def is_str(limit: int) -> Check:
    return lambda v: isinstance(v, str) and len(v) <= limit


def is_int(lo: int, hi: int) -> Check:
    return lambda v: isinstance(v, int) and not isinstance(v, bool) and lo <= v <= hi


def is_num(lo: float, hi: float) -> Check:
    return lambda v: isinstance(v, int | float) and not isinstance(v, bool) and lo <= v <= hi


def is_bool(v: Any) -> bool:
    return isinstance(v, bool)


def is_str_list(max_items: int, limit: int) -> Check:
    return lambda v: (isinstance(v, list) and 0 < len(v) <= max_items
                      and all(isinstance(s, str) and len(s) <= limit for s in v))


def fields(body: dict[str, Any], spec: dict[str, Check], *, required: tuple[str, ...] = ()) -> dict[str, Any]:
    """``body`` checked against ``spec`` (field → predicate); unknown or bad fields are refused."""
    for key in body:
        if key not in spec:
            raise ApiError(400, "unknown_field", f"unknown field {key[:40]!r}")
    for key in required:
        if key not in body:
            raise ApiError(400, "missing_field", f"the field {key!r} is required")
    for key, value in body.items():
        if not spec[key](value):
            raise ApiError(400, "invalid_field", f"the field {key!r} has the wrong type or size")
    return body
