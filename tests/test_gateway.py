"""The plugin gateway over its real Unix socket: pairing, consent, the OpenAI SDK, data, load."""

from __future__ import annotations

import json
import os
import stat
import threading
import time

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from identity import audit, consent, grants
from tests.identity_fixtures import PluginClient, error_code, gateway, granted_plugin, plugin, vault
from vault.notes import add_note

__all__ = ["gateway", "plugin", "vault"]


def test_socket_is_private(gateway):
    mode = os.stat(gateway.socket_path).st_mode
    assert stat.S_ISSOCK(mode) and stat.S_IMODE(mode) == 0o600
    assert stat.S_IMODE(os.stat(gateway.socket_path.parent).st_mode) == 0o700


def test_pair_request_approve_read_revoke(gateway, vault):
    add_note(vault, "buy oat milk")
    add_note(vault, "call the dentist on Tuesday")
    client = PluginClient(gateway.socket_path, name="Notes helper")
    client.pair()
    request_id = client.request(["notes.read"], purpose="summarise my notes")
    pending = client.poll(request_id)
    assert pending.json()["status"] == "pending"
    assert error_code(client.get("/v1/hearth/notes")) == "scope_not_granted"

    consent.approve(vault, request_id)
    approved = client.poll(request_id).json()
    assert approved["status"] == "approved" and approved["scopes"] == ["notes.read"]

    notes = client.get("/v1/hearth/notes", params={"limit": 10})
    assert notes.status_code == 200, notes.text
    assert {n["text"] for n in notes.json()["data"]} == {"buy oat milk", "call the dentist on Tuesday"}
    found = client.get("/v1/hearth/notes", params={"q": "dentist"}).json()["data"]
    assert [n["text"] for n in found] == ["call the dentist on Tuesday"]

    grants.revoke_grant(vault, approved["grant_id"])
    refused = client.get("/v1/hearth/notes")
    assert refused.status_code == 403 and error_code(refused) == "grant_revoked"

    log = audit.entries(vault, app_did=client.key.did)
    decisions = [(e.scope, e.decision, e.reason) for e in log]
    assert ("notes.read", "deny", "scope_not_granted") in decisions
    assert ("notes.read", "allow", "ok") in decisions
    assert decisions[-1] == ("notes.read", "deny", "grant_revoked")
    allowed = next(e for e in log if e.scope == "notes.read" and e.decision == "allow")
    assert any(i.startswith("note:") for i in allowed.items)
    dump = json.dumps([e.as_dict() for e in log])
    assert "oat milk" not in dump and client.token not in dump  # never contents or tokens
    assert audit.verify(vault) == len(audit.entries(vault))
    client.close()


def test_denied_consent_is_reported_and_audited(gateway, vault):
    client = PluginClient(gateway.socket_path)
    client.pair()
    request_id = client.request(["contacts.read"])
    consent.deny(vault, request_id)
    r = client.poll(request_id)
    assert r.status_code == 403 and error_code(r) == "consent_denied"
    assert audit.entries(vault)[-1].reason == "consent_denied"


def test_grant_can_be_reattached_in_a_new_session(gateway, vault):
    client, grant = granted_plugin(gateway, ["notes.read"])
    client.pair()  # a new session starts with no grants
    assert error_code(client.get("/v1/hearth/notes")) == "scope_not_granted"
    attached = client.post("/session/grant", json={"grant": grant})
    assert attached.status_code == 200, attached.text
    assert client.get("/v1/hearth/notes").status_code == 200
    # Presented per request instead of attached:
    fresh = PluginClient(gateway.socket_path, key=client.key)
    fresh.pair()
    assert fresh.get("/v1/hearth/notes", headers={"Hearth-Grant": grant}).status_code == 200


def test_search_calendar_contacts_endpoints(gateway, vault):
    add_note(vault, "the boiler code is in the blue folder")
    # documents.search opens documents only: the note needs notes.read as well.
    docs_only, _ = granted_plugin(gateway, ["documents.search"])
    hits = docs_only.post("/v1/hearth/search", json={"query": "boiler", "limit": 5})
    assert hits.status_code == 200 and hits.json()["data"] == [], hits.text
    client, _ = granted_plugin(gateway, ["documents.search", "notes.read", "calendar.read",
                                         "contacts.read"])
    hits = client.post("/v1/hearth/search", json={"query": "boiler", "limit": 5})
    assert hits.status_code == 200, hits.text
    assert [h["id"] for h in hits.json()["data"]][:1] and "boiler" in hits.json()["data"][0]["text"]
    for path in ("/v1/hearth/calendar", "/v1/hearth/contacts"):
        r = client.get(path)
        assert r.status_code == 200 and r.json()["data"] == []
    assert error_code(docs_only.get("/v1/hearth/notes")) == "scope_not_granted"


def test_calendar_and_contacts_return_their_own_kind_only(gateway, vault, tmp_path):
    # One file of every personal kind, each with its class's canary, through the real importers.
    from tests.gateway_attack_support import write_sample_files
    from vault.sources import import_paths

    report = import_paths(vault, [write_sample_files(tmp_path / "files")])
    assert report.count("added") == 6, report
    client, _ = granted_plugin(gateway, ["calendar.read", "contacts.read"])
    calendar, contacts = (client.get(p) for p in ("/v1/hearth/calendar", "/v1/hearth/contacts"))
    assert calendar.status_code == 200 and contacts.status_code == 200
    events, people = calendar.text, contacts.text
    assert len(calendar.json()["data"]) == 1 and "quokkaevent" in events
    assert len(contacts.json()["data"]) == 1 and "quokkacontact" in people
    assert "quokkacontact" not in events and "quokkaevent" not in people
    for other in ("quokkamail", "quokkadoc", "quokkanote"):
        assert other not in events and other not in people


def _sdk(client: PluginClient):
    import openai

    return openai.OpenAI(api_key=client.token, base_url="http://hearth/v1", max_retries=0,
                         http_client=httpx.Client(transport=httpx.HTTPTransport(uds=str(client.socket_path))))


def test_openai_sdk_models_and_chat(gateway):
    client, _ = granted_plugin(gateway, ["assistant.general"])
    sdk = _sdk(client)
    ids = [m.id for m in sdk.models.list()]
    assert "default" in ids and "default+personal" in ids
    done = sdk.chat.completions.create(model="default", max_tokens=4, temperature=0,
                                       messages=[{"role": "user", "content": "Say hi"}])
    assert done.choices[0].message.role == "assistant" and done.choices[0].message.content
    assert done.usage.completion_tokens <= 4
    pieces = [c.choices[0].delta.content or "" for c in sdk.chat.completions.create(
        model="default", max_tokens=4, temperature=0, stream=True,
        messages=[{"role": "user", "content": "Say hi"}]) if c.choices]
    assert "".join(pieces) == done.choices[0].message.content
    import openai

    with pytest.raises(openai.PermissionDeniedError) as err:
        sdk.chat.completions.create(model="default+personal", max_tokens=2,
                                    messages=[{"role": "user", "content": "hi"}])
    assert err.value.code == "scope_not_granted"
    with pytest.raises(openai.NotFoundError):
        sdk.chat.completions.create(model="/etc/passwd.gguf", max_tokens=2,
                                    messages=[{"role": "user", "content": "hi"}])


def test_personal_context_stays_inside_granted_classes(gateway, vault):
    note_id = add_note(vault, "my locker combination is 4512")
    client, _ = granted_plugin(gateway, ["assistant.personal", "notes.read"])
    sdk = _sdk(client)
    sdk.chat.completions.create(model="default+personal", max_tokens=2, temperature=0,
                                messages=[{"role": "user", "content": "what is my locker combination?"}])
    used = _access(vault, client.key.did)
    assert used.scope == "assistant.personal" and f"note:{note_id}" in used.items
    # An app with the personal assistant scope but no data class gets no personal items.
    other, _ = granted_plugin(gateway, ["assistant.personal"])
    _sdk(other).chat.completions.create(model="default+personal", max_tokens=2, temperature=0,
                                        messages=[{"role": "user", "content": "locker combination?"}])
    used = _access(vault, other.key.did)
    assert not any(i.startswith("note:") for i in used.items)


def _access(vault, did):
    """The app's last access entry (not the outcome entry that follows it)."""
    return [e for e in audit.entries(vault, app_did=did) if e.reason == "ok"][-1]


def test_openai_sdk_embeddings(gateway):
    client, _ = granted_plugin(gateway, ["embeddings"])
    out = _sdk(client).embeddings.create(model="minilm", input=["hello world", "goodbye"])
    assert len(out.data) == 2 and len(out.data[0].embedding) == 384
    raw = client.post("/v1/embeddings", json={"model": "m", "input": "x", "encoding_format": "float"})
    assert raw.status_code == 200 and len(raw.json()["data"][0]["embedding"]) == 384


def test_sixteen_concurrent_clients(gateway, vault):
    for i in range(5):
        add_note(vault, f"note {i}")
    clients = [granted_plugin(gateway, ["notes.read"])[0] for _ in range(16)]
    failures: list[str] = []

    def run(client: PluginClient) -> None:
        for _ in range(50):
            r = client.get("/v1/hearth/notes", params={"limit": 3})
            if r.status_code != 200 or len(r.json()["data"]) != 3:
                failures.append(r.text)

    threads = [threading.Thread(target=run, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    accesses = [e for e in audit.entries(vault) if e.scope == "notes.read" and e.reason == "ok"]
    assert len(accesses) == 800
    # Each access's outcome is written once its answer has gone out (a moment after the client has it).
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        outcomes = [e for e in audit.entries(vault) if e.scope == "notes.read" and e.reason == "completed"]
        if len(outcomes) == 800:
            break
        time.sleep(0.05)
    assert {e.items[0] for e in outcomes} == {f"outcome_of:{e.seq}" for e in accesses}
    assert audit.verify(vault) > 1600


_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
_json = st.recursive(_scalars,
                     lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids,
                                                                              max_size=4), max_leaves=12)
_ENDPOINTS = [("POST", "/pair/hello"), ("POST", "/pair/prove"), ("POST", "/grants/request"),
              ("GET", "/grants/request/abc"), ("POST", "/session/grant"), ("GET", "/v1/models"),
              ("POST", "/v1/chat/completions"), ("POST", "/v1/embeddings"), ("GET", "/v1/hearth/notes"),
              ("POST", "/v1/hearth/search"), ("GET", "/v1/hearth/calendar"), ("GET", "/v1/hearth/contacts"),
              ("DELETE", "/v1/models"), ("GET", "/nowhere")]


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(endpoint=st.sampled_from(_ENDPOINTS), body=_json | st.binary(max_size=64),
       query=st.text(max_size=30), with_session=st.booleans())
def test_fuzzed_requests_never_cause_a_server_error(fuzz_client, endpoint, body, query, with_session):
    method, path = endpoint
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = fuzz_client.headers() if with_session else {}
    # Chat bodies that happen to be valid would run the model; cap it.
    r = fuzz_client.http.request(method, path, params={"q": query} if query else None, content=content,
                                 headers=headers)
    assert r.status_code < 500, r.text
    if r.status_code >= 400:
        error_code(r)


@pytest.fixture
def fuzz_client(gateway):
    client, _ = granted_plugin(gateway, ["notes.read", "documents.search", "embeddings"])
    yield client
    client.close()
