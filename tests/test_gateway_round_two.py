"""What the second security round left to the gateway: a revoke that ends a stream at once, a second
Content-Length in disguise, refusals and pairing steps in the audit log, the counts kept at lock,
and another OS account on the loopback port. Real gateway, real vault, real sockets."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from identity import audit, grants
from identity.holder import present
from identity.keys import Keypair
from tests.conftest import PASSPHRASE
from tests.gateway_attack_support import one, request, sse_events
from tests.identity_fixtures import gateway, granted_plugin, jwt_parts, vault

__all__ = ["gateway", "vault"]


def _story(max_tokens: int = 300) -> dict[str, object]:
    return {"model": "default", "max_tokens": max_tokens, "stream": True,
            "messages": [{"role": "user", "content": "Write a long story about a lighthouse keeper."}]}


def test_revoke_ends_an_open_stream_where_the_client_is_reading(gateway, vault):
    client, grant = granted_plugin(gateway, ["assistant.general"])
    grant_id = grants.GrantId(jwt_parts(grant)[1]["jti"].rsplit(":", 1)[1])
    events: list[str] = []
    revoked_at = 0
    with client.http.stream("POST", "/v1/chat/completions", json=_story(), headers=client.headers()) as r:
        for event in sse_events(r.iter_lines()):
            events.append(event)
            if len(events) == 3:
                time.sleep(1.5)   # the app is busy elsewhere and reads nothing for a while...
                grants.revoke_grant(vault, grant_id)   # ...when the person revokes it
                revoked_at = len(events)
    assert '"grant_revoked"' in events[-1]
    # At most the one event already in flight, then the error: nothing queued up meanwhile.
    assert len(events) - revoked_at <= 2, events[revoked_at:]


def test_a_second_content_length_in_disguise_is_refused_before_the_body(gateway):
    for disguise in ("Content-Length : 9", "Content-Length\t: 9", " Content-Length: 9"):
        head = ("POST /pair/hello HTTP/1.1\r\nHost: hearth\r\nContent-Length: 2\r\n" + disguise
                + "\r\n\r\n").encode()
        started = time.monotonic()
        # No body follows: a gateway that read one would wait for it and time out (408).
        answer = one(gateway.socket_path, head, timeout=8)
        assert (answer.status, answer.code) == (400, "invalid_header"), disguise
        assert time.monotonic() - started < 2
    twice = request("POST", "/pair/hello", headers=[("Content-Length", "2"), ("Content-Length", "7")])
    answer = one(gateway.socket_path, twice, timeout=8)
    assert (answer.status, answer.code) == (400, "duplicate_length")


def test_refusals_and_every_pairing_step_leave_an_audit_entry(gateway, vault):
    # The gateway's default coalescing (a minute) is on here.
    http = httpx.Client(transport=httpx.HTTPTransport(uds=str(gateway.socket_path)), base_url="http://hearth")
    first, second = Keypair.generate(), Keypair.generate()
    hello = http.post("/pair/hello", json={"did": first.did, "name": "First"}).json()
    http.post("/pair/hello", json={"did": second.did, "name": "Second"})
    forged = present(Keypair.generate(), challenge=hello["challenge"], domain=hello["domain"])
    assert http.post("/pair/prove", json={"presentation": forged}).status_code == 403
    one(gateway.socket_path, b"NONSENSE\r\n\r\n")
    one(gateway.socket_path, request("GET", "/v1/models", headers=[("Content Length", "0")]))
    http.close()
    rows = [(e.scope, e.decision, e.reason, e.items) for e in audit.entries(vault)]
    hellos = [items for scope, _, reason, items in rows if (scope, reason) == ("pair", "challenge_issued")]
    assert [h[-1] for h in hellos] == [f"claims:{first.did}", f"claims:{second.did}"]
    assert ("pair", "deny", "pairing_failed") in [r[:3] for r in rows]
    assert ("request", "deny", "bad_request") in [r[:3] for r in rows]
    assert ("request", "deny", "invalid_header") in [r[:3] for r in rows]
    assert all(e.app_name == "" and e.app_did == "unknown" for e in audit.entries(vault) if e.scope == "pair")


def test_grouped_refusals_are_written_before_the_vault_locks(home, no_keychain, caplog):
    from app.gateway import Gateway
    from tests.identity_fixtures import make_vault
    from vault import Vault

    vault = make_vault(home, no_keychain)
    gw = Gateway(vault, coalesce_window=600).start()
    try:
        for _ in range(5):
            one(gw.socket_path, request("GET", "/v1/hearth/notes"))
        assert [e.reason for e in audit.entries(vault)] == ["no_session"]   # the other four: counted
        with caplog.at_level(logging.INFO):
            vault.lock()          # what the window's Lock does: the vault goes first...
            gw.stop()             # ...then the gateway, on a worker
    finally:
        gw.stop()
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], caplog.text
    reopened = Vault.unlock(home=home, passphrase=PASSPHRASE, keychain=no_keychain)
    try:
        rows = [(e.reason, e.items[-1]) for e in audit.entries(reopened)]
        assert rows == [("no_session", f"peer:pid:{os.getpid()}"), ("no_session", "repeated:4")]
        assert audit.verify(reopened) == 2
    finally:
        reopened.lock()


_OTHER_ACCOUNT = 65534   # nobody


@pytest.mark.skipif(os.geteuid() != 0 or not Path("/proc/net/tcp").exists(),
                    reason="making a second OS account's process needs root, on Linux")
def test_another_account_is_refused_on_the_loopback_port(vault, tmp_path):
    from app.gateway import Gateway

    script = ("import json,socket,sys\ns=socket.create_connection(('127.0.0.1',int(sys.argv[1])))\n"
              "body=json.dumps({'did':sys.argv[2],'name':'Other account'}).encode()\n"
              "s.sendall(b'POST /pair/hello HTTP/1.1\\r\\nHost: 127.0.0.1:'+sys.argv[1].encode()+"
              "b'\\r\\nContent-Length: '+str(len(body)).encode()+b'\\r\\n\\r\\n'+body)\n"
              "s.settimeout(10);data=b''\nwhile True:\n    c=s.recv(65536)\n    if not c: break\n"
              "    data+=c\n    if b'\\r\\n\\r\\n' in data and data.rstrip().endswith(b'}'): break\n"
              "print(data.decode())\n")
    python = "/usr/bin/python3" if Path("/usr/bin/python3").exists() else None
    if python is None:
        pytest.skip("no system Python for the other account")
    did = Keypair.generate().did
    with Gateway(vault, socket_path=tmp_path / "tcp.sock", tcp_port=0, coalesce_window=0.0) as gw:
        port = str(gw.tcp_port)
        other = subprocess.run([python, "-c", script, port, did], capture_output=True, text=True, timeout=30,
                               user=_OTHER_ACCOUNT, cwd="/")
        assert other.returncode == 0, other.stderr
        status, body = int(other.stdout.split(" ", 2)[1]), json.loads(other.stdout.strip().splitlines()[-1])
        assert (status, body["error"]["code"]) == (403, "peer_refused"), other.stdout
        # The person's own programs still pair over the port.
        mine = httpx.post(f"http://127.0.0.1:{port}/pair/hello", json={"did": did, "name": "Mine"})
        assert mine.status_code == 200, mine.text
    refused = [e for e in audit.entries(vault) if e.reason == "peer_refused"]
    assert refused and refused[0].app_did == f"uid:{_OTHER_ACCOUNT}" and refused[0].scope == "connect"
