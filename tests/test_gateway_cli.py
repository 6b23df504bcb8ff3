"""The whole plugin story by CLI alone: serve, pair, approve, read, revoke, refused, audit."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

from tests.conftest import PASSPHRASE, run_cli
from tests.identity_fixtures import PluginClient, error_code


def test_plugin_lifecycle_by_cli(home, tmp_path):
    env = {"HEARTH_PASSPHRASE": PASSPHRASE}
    assert run_cli("vault", "init", env=env).returncode == 0
    assert run_cli("note", "water the fern", env=env).returncode == 0
    did = json.loads(run_cli("id", "--json", env=env).stdout)["did"]
    assert did.startswith("did:key:z6Mk")

    server = subprocess.Popen([sys.executable, "-m", "app", "serve"], env=dict(os.environ, **env),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = server.stdout.readline()
        assert first.startswith("Hearth gateway on "), first + server.stderr.read()
        socket_path = first.split(" on ", 1)[1].strip()
        client = PluginClient(__import__("pathlib").Path(socket_path), name="Fern watcher")
        client.pair()
        request_id = client.request(["notes.read", "contacts.read"], purpose="remind me about plants")

        pending = run_cli("grants", "pending", env=env)
        assert pending.returncode == 0
        # The executable shown is the one the gateway saw connect (this test's interpreter), not
        # the path the plugin claimed.
        for shown in (request_id, "Fern watcher", os.path.realpath(sys.executable),
                      "remind me about plants", "Read your notes", "Read your contacts"):
            assert shown in pending.stdout
        assert "/usr/bin/test-plugin" not in pending.stdout
        approved = run_cli("grants", "approve", request_id, "--scopes", "notes.read", "--days", "7", env=env)
        assert approved.returncode == 0, approved.stderr

        grant = client.poll(request_id).json()
        assert grant["scopes"] == ["notes.read"]
        notes = client.get("/v1/hearth/notes")
        assert notes.status_code == 200 and notes.json()["data"][0]["text"] == "water the fern"
        assert error_code(client.get("/v1/hearth/contacts")) == "scope_not_granted"

        listed = json.loads(run_cli("grants", "list", "--json", env=env).stdout)
        assert [g["id"] for g in listed] == [grant["grant_id"]] and listed[0]["status"] == "active"
        revoked = run_cli("grants", "revoke", "--all", env=env)
        assert revoked.returncode == 0 and "Revoked 1 grant" in revoked.stdout
        refused = client.get("/v1/hearth/notes")
        assert refused.status_code == 403 and error_code(refused) == "grant_revoked"
        client.close()

        log = run_cli("audit", "--verify", "--json", "--app", client.key.did, env=env)
        assert log.returncode == 0, log.stderr
        entries = json.loads(log.stdout)
        assert entries["verified"] >= 5
        reasons = [(e["scope"], e["decision"], e["reason"]) for e in entries["entries"]]
        assert ("notes.read", "allow", "ok") in reasons
        assert reasons[-1] == ("notes.read", "deny", "grant_revoked")
    finally:
        server.send_signal(signal.SIGINT)
        _, err = server.communicate(timeout=30)
    assert server.returncode == 0, err
    assert not os.path.exists(socket_path)


def test_cli_errors_are_one_line(home):
    env = {"HEARTH_PASSPHRASE": PASSPHRASE}
    assert run_cli("vault", "init", env=env).returncode == 0
    for args in (("grants", "approve", "nope"), ("grants", "revoke", "nope"), ("grants", "deny", "x")):
        r = run_cli(*args, env=env)
        assert r.returncode == 1 and r.stderr.count("\n") == 1 and r.stderr.startswith("hearth: ")
    r = run_cli("grants", "revoke", env=env)
    assert r.returncode == 2
    assert run_cli("grants", "list", env=env).returncode == 0
    assert run_cli("grants", "pending", env=env).returncode == 0
