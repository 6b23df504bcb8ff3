"""Remote model calls in the network log, against a real llama.cpp server behind a recording proxy.

The proxy records every request it receives: the log must list exactly those (by SHA-256 and
size), with what came back, whether it was personal, the redactions and the consent; a call
held back is logged as not sent, and nothing reached the proxy for it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from tests.conftest import PASSPHRASE, run_cli
from tests.remote_fixtures import RecordingProxy, llama_server, proxy  # noqa: F401

ENV = {"HEARTH_PASSPHRASE": PASSPHRASE}
FAST = ["--temperature", "0", "--max-tokens", "8", "--json", "--no-context"]


def calls() -> list[dict]:  # type: ignore[type-arg]
    out = run_cli("network", "log", "--json", "--kind", "model_call", env=ENV)
    assert out.returncode == 0, out.stderr
    return list(reversed(json.loads(out.stdout)["entries"]))  # oldest first


def test_network_log_lists_exactly_the_connections_made(home: Path, proxy: RecordingProxy) -> None:  # noqa: F811
    assert run_cli("vault", "init", env=ENV).returncode == 0
    out = run_cli("network", "log", env=ENV)
    assert out.returncode == 0 and "Nothing has left this machine" in out.stdout
    out = run_cli("models", "add-remote", "big", proxy.url, "--model", "smollm2", "--enable",
                  "--timeout", "60", env=ENV)
    assert out.returncode == 0, out.stderr
    port = proxy.url.split(":")[2].split("/")[0]

    # 1. Nothing personal: sent without a question, logged with what came back.
    out = run_cli("ask", *FAST, "--model", "big", "What is the capital of France?", env=ENV)
    assert out.returncode == 0, out.stderr
    # 2. Personal, consented, redacted.
    out = run_cli("ask", *FAST, "--model", "big", "--allow-remote", "--yes", "--redact",
                  "Write to anna@example.org about lunch", env=ENV)
    assert out.returncode == 0, out.stderr
    # 3. The endpoint fails: logged as failed, the local model answers.
    proxy.mode = "down"
    out = run_cli("ask", *FAST, "--model", "big", "What is the capital of Spain?", env=ENV)
    assert out.returncode == 0, out.stderr

    entries = calls()
    assert len(entries) == len(proxy.bodies) == 3
    for entry, body in zip(entries, proxy.bodies, strict=True):
        assert entry["sha256"] == hashlib.sha256(body).hexdigest()
        assert entry["bytes_out"] == len(body)
        assert entry["host"] == f"127.0.0.1:{port}"
        assert entry["method"] == "POST" and entry["path"] == "/v1/chat/completions"
    plain, personal, failed = entries
    assert plain["status"] == "ok" and plain["bytes_in"] > 100 and not plain["personal"]
    assert plain["consent"].startswith("not needed")
    assert personal["status"] == "ok" and personal["personal"]
    assert personal["consent"] == "you approved this exact body"
    assert "redacted email=1" in personal["detail"]
    assert b"anna@example.org" not in proxy.bodies[1]
    assert failed["status"].startswith("failed") and "503" in failed["status"]
    # The plain text view says the same.
    text = run_cli("network", "log", env=ENV).stdout
    assert text.count("model_call") == 3 and plain["sha256"] in text
