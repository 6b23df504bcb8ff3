"""Hybrid routing against a real OpenAI-compatible server (llama.cpp's) behind a recording proxy."""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE, run_cli
from tests.remote_fixtures import RecordingProxy, llama_server, proxy  # noqa: F401

ENV = {"HEARTH_PASSPHRASE": PASSPHRASE}
FAST = ["--temperature", "0", "--max-tokens", "8", "--json"]


@pytest.fixture
def canary(home: Path) -> str:
    """A vault holding a personal note with a canary in it."""
    word = "canary" + secrets.token_hex(6)
    assert run_cli("vault", "init", env=ENV).returncode == 0
    out = run_cli("note", f"My dentist appointment is on Friday; the door code is {word}.", env=ENV)
    assert out.returncode == 0, out.stderr
    return word


def add_remote(proxy: RecordingProxy, *extra: str) -> None:  # noqa: F811
    out = run_cli("models", "add-remote", "big", proxy.url, "--model", "smollm2", *extra, env=ENV)
    assert out.returncode == 0, out.stderr


def ask(*args: str) -> tuple[int, dict | None, str]:  # type: ignore[type-arg]
    out = run_cli("ask", *FAST, *args, env=ENV)
    data = json.loads(out.stdout) if out.returncode == 0 and out.stdout.strip() else None
    return out.returncode, data, out.stderr


def audit_entries() -> list[dict]:  # type: ignore[type-arg]
    out = run_cli("audit", "--json", env=ENV)
    assert out.returncode == 0, out.stderr
    return [e for e in json.loads(out.stdout)["entries"] if e.get("scope") == "remote.call"]


def test_disabled_endpoint_gets_no_connection(canary: str, proxy: RecordingProxy) -> None:  # noqa: F811
    add_remote(proxy)
    code, _, err = ask("--model", "big", "What is the capital of France?")
    assert code == 1 and "disabled" in err and err.count("\n") == 1
    code, data, _ = ask("--prefer", "best", "What is the capital of France?")
    assert code == 0 and data is not None and data["model"] == "default"
    assert proxy.bodies == []


def test_plain_request_goes_out_and_is_audited(canary: str, proxy: RecordingProxy) -> None:  # noqa: F811
    add_remote(proxy, "--enable")
    code, data, err = ask("--model", "big", "What is the capital of France?")
    assert code == 0, err
    assert data is not None and data["model"] == "big" and data["text"]
    assert data["route"]["remote"] is True and data["route"]["personal"] is False
    assert len(proxy.bodies) == 1
    sent = json.loads(proxy.bodies[0])
    assert sent["messages"][-1]["content"] == "What is the capital of France?"
    assert canary.encode() not in proxy.bodies[0]
    entry = audit_entries()[-1]
    assert entry["decision"] == "allow"
    assert f"sha256:{hashlib.sha256(proxy.bodies[0]).hexdigest()}" in entry["items"]
    assert f"bytes:{len(proxy.bodies[0])}" in entry["items"]


def test_personal_request_needs_consent(canary: str, proxy: RecordingProxy) -> None:  # noqa: F811
    add_remote(proxy, "--enable")
    # Personal context from the vault: the remote model is refused, nothing is sent.
    code, _, err = ask("--model", "big", "When is my dentist appointment?")
    assert code == 1 and "consent" in err and "Traceback" not in err
    # Personal details in the prompt itself, routed automatically: answered locally.
    code, data, err = ask("--prefer", "best", "Write to anna@example.org about the door code")
    assert code == 0, err
    assert data is not None and data["model"] == "default" and data["route"]["blocked"]
    assert proxy.bodies == []
    # Consent without --yes and no terminal: a clear refusal, still nothing sent.
    out = run_cli("ask", *FAST, "--model", "big", "--allow-remote",
                  "Write to anna@example.org about the door code", env=ENV)
    assert out.returncode == 2 and "--yes" in out.stderr
    assert proxy.bodies == []


def test_consented_request_is_exactly_the_preview(canary: str, proxy: RecordingProxy) -> None:  # noqa: F811
    add_remote(proxy, "--enable")
    out = run_cli("ask", *FAST, "--model", "big", "--allow-remote", "--yes",
                  "Write to anna@example.org about lunch", env=ENV)
    assert out.returncode == 0, out.stderr
    preview = re.search(r"sha256 ([0-9a-f]{64}), (\d+) bytes", out.stderr)
    assert preview is not None
    assert len(proxy.bodies) == 1
    body = proxy.bodies[0]
    assert hashlib.sha256(body).hexdigest() == preview.group(1)
    assert len(body) == int(preview.group(2))
    shown = out.stderr[out.stderr.index("{"): out.stderr.index("sha256 ")]
    assert json.loads(shown) == json.loads(body)
    assert audit_entries()[-1]["decision"] == "allow"


def test_redacted_request_carries_no_personal_details(canary: str, proxy: RecordingProxy) -> None:  # noqa: F811
    add_remote(proxy, "--enable")
    out = run_cli("ask", *FAST, "--model", "big", "--allow-remote", "--yes", "--redact", "--no-context",
                  "Write to anna@example.org or call +44 20 7946 0958", env=ENV)
    assert out.returncode == 0, out.stderr
    body = proxy.bodies[0].decode()
    assert "anna@example.org" not in body and "7946" not in body
    assert "[EMAIL_1]" in body and "[PHONE_1]" in body
    items = audit_entries()[-1]["items"]
    assert "redacted:email=1" in items and "redacted:phone=1" in items


@pytest.mark.parametrize("mode", ["down", "slow"])
def test_failing_endpoint_falls_back_to_local(canary: str, proxy: RecordingProxy, mode: str) -> None:  # noqa: F811
    add_remote(proxy, "--enable", "--timeout", "1.5")
    proxy.mode = mode
    proxy.slow_s = 4.0
    code, data, err = ask("--model", "big", "--no-context", "What is the capital of France?")
    assert code == 0, err
    assert data is not None and data["model"] == "default" and data["text"]
    assert data["notes"] and data["notes"][0].startswith("big failed")
    reason = "503" if mode == "down" else "did not answer within"
    assert reason in data["notes"][0]
    assert len(proxy.bodies) == 1 and canary.encode() not in proxy.bodies[0]
