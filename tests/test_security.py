"""Attacks on the gateway, over its real socket with real didkit: each is refused with a
specific code, and the refusal is in the audit log."""

from __future__ import annotations

import contextlib
import os
import socket
import time

import httpx
import pytest

from identity import audit, grants, proofs
from identity.holder import present
from identity.keys import Keypair
from tests.identity_fixtures import (
    PluginClient,
    edit_payload,
    error_code,
    forge_jws,
    gateway,
    granted_plugin,
    jwt_parts,
    make_vault,
    plugin,
    vault,
)
from vault.notes import add_note

__all__ = ["gateway", "plugin", "vault"]


def denied(response, code, vault, status=None):
    assert error_code(response) == code, response.text
    if status is not None:
        assert response.status_code == status
    last = audit.entries(vault, limit=1)[-1]
    assert (last.decision, last.reason) == ("deny", code)
    return last


def test_no_session(gateway, vault):
    client = PluginClient(gateway.socket_path)
    denied(client.get("/v1/hearth/notes"), "no_session", vault, 401)
    client.token = "hs_" + "x" * 43
    denied(client.get("/v1/hearth/notes"), "no_session", vault, 401)
    denied(client.http.get("/v1/models", headers={"Authorization": "Basic Zm9vOmJhcg=="}),
           "no_session", vault, 401)


def test_scope_escalation(gateway, vault):
    client, _ = granted_plugin(gateway, ["notes.read"])
    entry = denied(client.get("/v1/hearth/contacts"), "scope_not_granted", vault, 403)
    assert entry.app_did == client.key.did and entry.scope == "contacts.read"
    denied(client.post("/grants/request", json={"scopes": ["*"], "purpose": "all"}),
           "unknown_scope", vault, 400)
    denied(client.post("/grants/request", json={"scopes": ["notes.write"], "purpose": "x"}),
           "unknown_scope", vault, 400)


def test_edited_grant(gateway, vault):
    client, grant = granted_plugin(gateway, ["notes.read"])
    _, payload = jwt_parts(grant)
    payload["vc"]["credentialSubject"]["scopes"] = ["notes.read", "contacts.read"]
    edited = edit_payload(grant, vc=payload["vc"])
    denied(client.get("/v1/hearth/contacts", headers={"Hearth-Grant": edited}), "invalid_grant", vault, 403)
    denied(client.post("/session/grant", json={"grant": edited}), "invalid_grant", vault, 403)


def test_forged_grant_with_the_users_kid(gateway, vault):
    client, grant = granted_plugin(gateway, ["notes.read"])
    header, payload = jwt_parts(grant)
    forged = forge_jws(header, payload, Keypair.generate())
    denied(client.get("/v1/hearth/notes", headers={"Hearth-Grant": forged}), "invalid_grant", vault, 403)
    none = forge_jws({**header, "alg": "none"}, payload, None)
    denied(client.get("/v1/hearth/notes", headers={"Hearth-Grant": none}), "invalid_grant", vault, 403)


def test_self_issued_grant(gateway, vault):
    client = PluginClient(gateway.socket_path)
    client.pair()
    cred = {"@context": ["https://www.w3.org/2018/credentials/v1"], "id": "urn:hearth:grant:0011",
            "type": ["VerifiableCredential"], "issuer": client.key.did,
            "issuanceDate": "2024-01-01T00:00:00Z", "expirationDate": "2090-01-01T00:00:00Z",
            "credentialSubject": {"id": client.key.did, "scopes": ["notes.read"]}}
    token = proofs.issue_vc_jwt(cred, client.key.jwk, method=client.key.key_id)
    denied(client.post("/session/grant", json={"grant": token}), "invalid_grant", vault, 403)


def test_grant_from_another_hearth(gateway, vault, tmp_path, no_keychain):
    client = PluginClient(gateway.socket_path)
    client.pair()
    (tmp_path / "other").mkdir(mode=0o700)
    other = make_vault(tmp_path / "other", no_keychain)
    try:
        foreign = grants.issue_grant(other, app_did=client.key.did, scopes=["notes.read"], purpose="x")
    finally:
        other.lock()
    denied(client.post("/session/grant", json={"grant": foreign.vc_jwt}), "invalid_grant", vault, 403)


def test_grant_presented_by_another_plugin(gateway, vault):
    _, grant = granted_plugin(gateway, ["notes.read"])
    thief = PluginClient(gateway.socket_path, name="Thief")
    thief.pair()
    denied(thief.get("/v1/hearth/notes", headers={"Hearth-Grant": grant}),
           "grant_subject_mismatch", vault, 403)
    denied(thief.post("/session/grant", json={"grant": grant}), "grant_subject_mismatch", vault, 403)


def test_expired_grant(gateway, vault):
    client, grant = granted_plugin(gateway, ["notes.read"])
    assert client.get("/v1/hearth/notes").status_code == 200
    grant_id = jwt_parts(grant)[1]["jti"].rsplit(":", 1)[1]
    vault.execute("UPDATE grants SET expires_at = ? WHERE id = ?", (time.time() - 1, grant_id))
    denied(client.get("/v1/hearth/notes"), "grant_expired", vault, 403)


def test_once_only_grant_is_not_reusable(gateway, vault):
    client, _ = granted_plugin(gateway, ["notes.read"], mode="once")
    assert client.get("/v1/hearth/notes").status_code == 200
    denied(client.get("/v1/hearth/notes"), "grant_used", vault, 403)


def test_revoke_ends_a_live_stream(gateway, vault):
    client, grant = granted_plugin(gateway, ["assistant.general"])
    grant_id = jwt_parts(grant)[1]["jti"].rsplit(":", 1)[1]
    body = {"model": "default", "max_tokens": 200, "temperature": 0, "stream": True,
            "messages": [{"role": "user", "content": "Write a long story about a lighthouse keeper."}]}
    events = []
    with client.http.stream("POST", "/v1/chat/completions", json=body, headers=client.headers()) as r:
        assert r.status_code == 200
        for line in r.iter_lines():
            if not line.startswith("data: "):
                continue
            events.append(line[6:])
            if len(events) == 2:
                grants.revoke_grant(vault, grant_id)
    assert events[-1] != "[DONE]"
    assert '"code":"grant_revoked"' in events[-1]
    assert len(events) < 200
    access, outcome = _access_and_outcome(vault, client.key.did)
    assert (access.scope, access.decision, access.reason) == ("assistant.general", "allow", "ok")
    assert (outcome.scope, outcome.decision, outcome.reason) == ("assistant.general", "deny", "revoked")
    assert outcome.items == [f"outcome_of:{access.seq}", "code:grant_revoked"]
    denied(client.post("/v1/chat/completions", json={**body, "stream": False, "max_tokens": 2}),
           "grant_revoked", vault, 403)


def _access_and_outcome(vault, did):
    """The app's last access entry and its outcome (written as soon as the answer has ended)."""
    deadline = time.monotonic() + 10
    while True:
        log = audit.entries(vault, app_did=did)
        access = [e for e in log if e.reason == "ok"][-1]
        outcomes = [e for e in log if e.items[:1] == [f"outcome_of:{access.seq}"]]
        if outcomes or time.monotonic() > deadline:
            return access, (outcomes or [None])[0]
        time.sleep(0.02)


def test_replayed_and_stale_challenges(vault):
    from app.gateway import Gateway

    with Gateway(vault, challenge_ttl=0.2) as gw:
        client = PluginClient(gw.socket_path)
        hello = client.http.post("/pair/hello", json={"did": client.key.did, "name": "x"}).json()
        vp = present(client.key, challenge=hello["challenge"], domain=hello["domain"])
        assert client.http.post("/pair/prove", json={"presentation": vp}).status_code == 200
        denied(client.http.post("/pair/prove", json={"presentation": vp}), "pairing_failed", vault, 403)
        hello = client.http.post("/pair/hello", json={"did": client.key.did, "name": "x"}).json()
        time.sleep(0.3)  # waits out the short challenge lifetime; not a timing assertion
        vp = present(client.key, challenge=hello["challenge"], domain=hello["domain"])
        denied(client.http.post("/pair/prove", json={"presentation": vp}), "pairing_failed", vault, 403)


def test_wrong_audience_and_alg_none(gateway, vault):
    client = PluginClient(gateway.socket_path)
    hello = client.http.post("/pair/hello", json={"did": client.key.did, "name": "x"}).json()
    vp = present(client.key, challenge=hello["challenge"], domain="hearth:someone-else")
    denied(client.http.post("/pair/prove", json={"presentation": vp}), "pairing_failed", vault, 403)
    hello = client.http.post("/pair/hello", json={"did": client.key.did, "name": "x"}).json()
    header, payload = jwt_parts(present(client.key, challenge=hello["challenge"], domain=hello["domain"]))
    unsigned = forge_jws({**header, "alg": "none"}, payload, client.key)
    denied(client.http.post("/pair/prove", json={"presentation": unsigned}), "pairing_failed", vault, 403)


@pytest.mark.parametrize("did", ["did:web:attacker.example", "did:ethr:0x1234", "did:key:zQ3shokFTS3brHcD"])
def test_non_key_dids_are_refused(gateway, vault, did):
    client = PluginClient(gateway.socket_path)
    denied(client.http.post("/pair/hello", json={"did": did, "name": "x"}), "invalid_did", vault, 400)


def test_oversized_body(vault):
    from app.gateway import Gateway

    with Gateway(vault, max_body=1024) as gw:
        client, _ = granted_plugin(gw, ["documents.search"])
        r = client.post("/v1/hearth/search", content=b'{"query": "' + b"a" * 2000 + b'"}')
        denied(r, "body_too_large", vault, 413)
        r = client.http.post("/pair/hello", content=b"x" * 5000)
        denied(r, "body_too_large", vault, 413)


@pytest.mark.parametrize(("raw", "code"), [
    (b'{"query": ', "invalid_json"),
    (b'{"query": "a", "query": "b"}', "duplicate_key"),
    (b'{"query": ' + b"[" * 100 + b"]" * 100 + b"}", "too_deep"),
    (b'{"query": "\xff\xfe"}', "invalid_utf8"),
    (b'{"query": NaN}', "invalid_json"),
    (b'{"query": Infinity}', "invalid_json"),
    (b'["query"]', "invalid_json"),
    (b'{"query": "a", "admin": true}', "unknown_field"),
    (b'{"query": 5}', "invalid_field"),
    (b'{}', "missing_field"),
])
def test_malformed_bodies(gateway, vault, raw, code):
    client, _ = granted_plugin(gateway, ["documents.search"])
    denied(client.post("/v1/hearth/search", content=raw, headers={"Content-Type": "application/json"}),
           code, vault, 400)
    assert client.post("/v1/hearth/search", json={"query": "ok"}).status_code == 200  # still usable


def test_idle_connection_is_closed(vault):
    from app.gateway import Gateway

    with Gateway(vault, idle_timeout=0.3) as gw:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.connect(str(gw.socket_path))
        sock.settimeout(10)
        assert sock.recv(1024) == b""  # nothing sent: the server hangs up on its own, silently
        sock.close()
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.connect(str(gw.socket_path))
        sock.sendall(b"GET /v1/models HTTP/1.1\r\n")  # half a request, and then nothing more
        sock.settimeout(10)
        reply = b""
        while chunk := sock.recv(4096):
            reply += chunk
        assert reply.startswith(b"HTTP/1.1 408 ") and b'"request_timeout"' in reply, reply
        sock.close()


def _connect_as(uid: int, path: str) -> bytes:
    """Connect from a forked child running as ``uid``; returns what the server said (or an error tag)."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        try:
            os.close(read_fd)
            os.setgid(uid)
            os.setuid(uid)
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                s.connect(path)
                s.settimeout(10)
                with contextlib.suppress(BrokenPipeError):  # the server may hang up first
                    s.sendall(b"GET /v1/models HTTP/1.1\r\nHost: hearth\r\n\r\n")
                out = s.recv(4096)
            except PermissionError:
                out = b"EACCES"
            except OSError as exc:
                out = repr(exc).encode()
            os.write(write_fd, out or b"EMPTY")
        finally:
            os._exit(0)
    os.close(write_fd)
    with os.fdopen(read_fd, "rb") as f:
        data = f.read()
    os.waitpid(pid, 0)
    return data


@pytest.mark.skipif(os.getuid() != 0, reason="switching to another user needs root")
def test_another_os_user_is_refused(gateway, vault):
    import shutil
    import tempfile
    from pathlib import Path

    from app.gateway import Gateway

    # The private runtime dir alone keeps them out...
    assert _connect_as(65534, str(gateway.socket_path)) == b"EACCES"
    # ...and were the socket reachable (a mis-set directory), the peer check still refuses them.
    open_dir = Path(tempfile.mkdtemp(dir="/tmp", prefix="hearth-test-"))
    try:
        os.chmod(open_dir, 0o711)
        with Gateway(vault, socket_path=open_dir / "gateway.sock") as exposed:
            os.chmod(exposed.socket_path, 0o666)
            reply = _connect_as(65534, str(exposed.socket_path))
    finally:
        shutil.rmtree(open_dir, ignore_errors=True)
    assert reply.startswith(b"HTTP/1.1 403") and b"peer_refused" in reply, reply
    last = audit.entries(vault, limit=1)[-1]
    assert (last.app_did, last.decision, last.reason) == ("uid:65534", "deny", "peer_refused")


def test_loopback_tcp_refuses_rebinding(vault):
    from app.gateway import Gateway

    add_note(vault, "x")
    with Gateway(vault, tcp_port=0) as gw:
        base = f"http://127.0.0.1:{gw.tcp_port}"
        r = httpx.get(base + "/v1/models", headers={"Host": "evil.example"})
        denied(r, "host_refused", vault, 403)
        r = httpx.get(base + "/v1/models", headers={"Origin": "http://evil.example"})
        denied(r, "origin_refused", vault, 403)
        r = httpx.get(base + "/v1/models")
        denied(r, "no_session", vault, 401)
        bound = {s.server_address[0] for s in gw._servers if hasattr(s, "server_address")
                 and isinstance(s.server_address, tuple)}
        assert bound == {"127.0.0.1"}


def test_edited_audit_log_is_detected_by_the_cli(home, no_keychain):
    from tests.conftest import PASSPHRASE, run_cli

    env = {"HEARTH_PASSPHRASE": PASSPHRASE}
    assert run_cli("vault", "init", env=env).returncode == 0
    from vault import Vault

    with Vault.unlock(home=home, passphrase=PASSPHRASE, keychain=no_keychain) as v:
        for i in range(3):
            audit.append(v, app_did="did:key:z6Mkx", scope="notes.read", decision="deny", reason=f"r{i}")
    ok = run_cli("audit", "--verify", env=env)
    assert ok.returncode == 0 and "intact (3 entries)" in ok.stdout, ok.stderr
    with Vault.unlock(home=home, passphrase=PASSPHRASE, keychain=no_keychain) as v:
        v.execute("UPDATE audit SET decision = 'allow' WHERE seq = 2")
    broken = run_cli("audit", "--verify", env=env)
    assert broken.returncode == 1 and "audit entry 2 was changed" in broken.stderr
