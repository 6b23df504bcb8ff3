"""Only Hearth's errors come out of Hearth's boundaries, whatever the libraries underneath raise.

Each case feeds a boundary a real failure of the library or OS behind it (a missing folder,
a damaged JSON value, a garbage JWT for didkit, a busy socket, an unwritable PNG path) and
asserts that what comes out is one of Hearth's error classes, with a stable ``code`` and a
message a person can act on (httpx keeps the same kind of test for its transport errors).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.services import USER_ERRORS
from tests.identity_fixtures import vault as vault
from vault import Vault


def _hearth_error(fn: Callable[[], Any]) -> BaseException:
    try:
        fn()
    except USER_ERRORS as exc:
        assert str(exc) and getattr(exc, "code", "")
        assert "Traceback" not in str(exc)
        return exc
    except BaseException as exc:  # a library's error got out
        pytest.fail(f"{type(exc).__module__}.{type(exc).__name__} escaped: {exc}")
    pytest.fail("no error at all")


def test_vault_boundary(vault: Vault, tmp_path: Path) -> None:
    from vault.backup import backup
    from vault.memory import add_memory
    from vault.notes import add_note

    assert _hearth_error(lambda: add_note(vault, "   ")).code == "invalid_input"
    assert _hearth_error(lambda: add_memory(vault, "")).code == "invalid_input"
    assert _hearth_error(lambda: add_memory(vault, "x y z", kind="nonsense")).code == "invalid_input"
    err = _hearth_error(lambda: backup(vault, Path("/proc/no-such-dir/backup.hearth")))
    assert "cannot write the backup" in str(err)


def test_engine_boundary(tmp_path: Path, qapp: Any) -> None:
    # (qapp: charts render with Qt; the test session's one QApplication must be a widgets one)
    from app.charts import svg_to_png
    from engine.models.registry import ModelRegistry
    from engine.routing.evals import load_eval_set
    from engine.routing.router import Policy

    bad = tmp_path / "set.jsonl"
    for threshold in ("high", None, True, 7):
        bad.write_text(json.dumps({"input": "x", "expected": "y", "score": "similarity",
                                   "threshold": threshold}) + "\n")
        assert "threshold" in str(_hearth_error(lambda: load_eval_set(bad)))
    for damaged in ('{"rules": [1]}', "{not json", '{"bar": "high"}', "[]"):
        assert "router policy is damaged" in str(_hearth_error(lambda d=damaged: Policy.from_json(d)))
    junk = tmp_path / "junk.gguf"
    junk.write_bytes(b"GGUF" + b"\xff" * 64)
    _hearth_error(lambda: ModelRegistry().add(str(junk)))
    svg = "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>"
    assert "chart" in str(_hearth_error(lambda: svg_to_png(svg, Path("/proc/no-such-dir/c.png"))))


def test_identity_and_gateway_boundary(vault: Vault) -> None:
    from app.gateway import Gateway
    from identity.grants import check_grant

    for token in ("a.b.c", "eyJhbGciOiJub25lIn0.eyJ4IjoxfQ.", "", "x" * 5000):
        _hearth_error(lambda t=token: check_grant(vault, t, presenter="did:key:z6Mkx",
                                                  issuer="did:key:z6Mky"))
    running = Gateway(vault).start()
    try:
        err = _hearth_error(lambda: Gateway(vault).start())  # the socket is taken
        assert "gateway" in str(err).lower() or "socket" in str(err).lower()
    finally:
        running.stop()


def test_a_damaged_policy_does_not_stop_answers(vault: Vault) -> None:
    from app.routing import load_policy
    from vault.settings import set_setting

    set_setting(vault, "router_policy", '{"preference": 5, "rules": [1]}')
    assert load_policy(vault).preference == "auto"
