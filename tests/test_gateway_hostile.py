"""A hostile plugin app against a real gateway: every item of issue 13 and the next class of hole.

One vault (a real SQLCipher file) holds a note, documents, mail (.eml and mbox), a calendar (.ics)
and a contact card (.vcf), imported through the real importer path, each carrying one canary
word of its class. Each attack expects one precise answer (status and error code); confinement
checks look at what came back and at the audit items in both directions; after every test the
audit chain must verify. The ledger's totals are printed at the end of the module.
"""

from __future__ import annotations

import json
import os
import select
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from identity import audit, consent, grants
from identity.apps import get_app
from identity.holder import present
from identity.keys import Keypair
from tests.gateway_attack_support import (
    ALL_CANARIES,
    CANARY,
    SCOPE_OF,
    Ledger,
    access_entries,
    class_of_item,
    exchange,
    one,
    outcome_of,
    read_response,
    request,
    sse_events,
    wait_for,
    write_sample_files,
)
from tests.identity_fixtures import PluginClient, granted_plugin, jwt_parts, make_vault

LEDGER = Ledger()


class World:
    def __init__(self, vault: Any, gateway: Any, folder: Path) -> None:
        self.vault = vault
        self.gw = gateway
        self.sock = gateway.socket_path
        self.folder = folder

        self.clients: list[PluginClient] = []

    def plugin(self, scopes: list[str], **request: Any) -> tuple[PluginClient, str]:
        client, grant = granted_plugin(self.gw, scopes, **request)
        self.clients.append(client)
        return client, grant

    def paired(self, name: str = "Hostile plugin") -> PluginClient:
        client = PluginClient(self.sock, name=name)
        client.pair()
        self.clients.append(client)
        return client

    def close_clients(self) -> None:
        """Close every pooled connection this test process holds (they count against its cap)."""
        for client in self.clients:
            client.close()
        self.clients.clear()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    from keyring.backends import fail

    from app.gateway import Gateway
    from engine.search.retrieval import retriever_for
    from vault import Keychain
    from vault.notes import add_note

    base = tmp_path_factory.mktemp("hostile")
    home, run = base / "home", base / "run"
    for d in (home, run):
        d.mkdir(mode=0o700)
    env = pytest.MonkeyPatch()
    env.setenv("HEARTH_HOME", str(home))
    env.setenv("HEARTH_RUNTIME_DIR", str(run))
    vault = make_vault(home, Keychain(backend=fail.Keyring()))
    folder = write_sample_files(base / "files")
    report = retriever_for(vault).ingest([folder])
    assert {r.status for r in report.results} == {"added"}, report
    add_note(vault, "quokkanote: my locker combination is 4512")
    # No coalescing here, so each attack's own audit entry can be checked.
    gw = Gateway(vault, socket_path=run / "gateway.sock", idle_timeout=5.0, request_timeout=3.0,
                 coalesce_window=0.0).start()
    try:
        yield World(vault, gw, folder)
    finally:
        gw.stop()
        vault.lock()
        env.undo()


@pytest.fixture(autouse=True)
def audit_still_verifies(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "world" in request.fixturenames:
        world = request.getfixturevalue("world")
        world.close_clients()
        assert audit.verify(world.vault) > 0   # raises AuditBroken if any entry was lost or changed


@pytest.fixture(scope="module", autouse=True)
def report_totals(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    totals = LEDGER.totals()
    line = ("hostile plugin suite: {attacks} attacks, {as_expected} answered as expected, "
            "{breaches} breaches, {unexpected_5xx} unexpected gateway 5xx").format(**totals)
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(line)
    out = os.environ.get("HEARTH_HOSTILE_REPORT")
    if out:
        Path(out).write_text(json.dumps({**totals, "ledger": [a.__dict__ for a in LEDGER.attacks]}, indent=1))


def _last(vault: Any) -> Any:
    return audit.entries(vault, limit=1)[-1]


def _chat(model: str = "default", **extra: Any) -> dict[str, Any]:
    return {"model": model, "max_tokens": 2, "temperature": 0,
            "messages": [{"role": "user", "content": extra.pop("content", "Say hi")}], **extra}


# == Item 1: data confinement, both directions, every data scope ================================

def _leaks(world: World, texts: list[str], allowed: set[str]) -> list[str]:
    return [f"{cls} ({word})" for cls, word in CANARY.items() if cls not in allowed
            and any(word in t for t in texts)]


@pytest.mark.parametrize("data_class", ["notes", "calendar", "contacts"])
def test_each_read_scope_sees_its_class_and_nothing_else(world, data_class):
    path = {"notes": "/v1/hearth/notes", "calendar": "/v1/hearth/calendar",
            "contacts": "/v1/hearth/contacts"}[data_class]
    client, _ = world.plugin([SCOPE_OF[data_class]])
    got = client.get(path)
    assert got.status_code == 200, got.text
    texts = [json.dumps(item) for item in got.json()["data"]]
    shown = any(CANARY[data_class] in t for t in texts)
    classes = {class_of_item(world.vault, item["id"]) for item in got.json()["data"]}
    LEDGER.confined(f"{SCOPE_OF[data_class]} reads only {data_class}",
                    _leaks(world, texts, {data_class}) + sorted(classes - {data_class}), shown=shown)
    # ...and every other data endpoint stays shut to it.
    for other, other_path in (("notes", "/v1/hearth/notes"), ("calendar", "/v1/hearth/calendar"),
                              ("contacts", "/v1/hearth/contacts")):
        if other != data_class:
            LEDGER.expect(f"{SCOPE_OF[data_class]} app reads {other}", client.get(other_path), 403,
                          "scope_not_granted")


@pytest.mark.parametrize("extra", [[], ["notes.read"], ["mail.search"], ["calendar.read"],
                                   ["contacts.read"], ["mail.search", "contacts.read"]])
def test_search_covers_exactly_the_granted_classes(world, extra):
    client, _ = world.plugin(["documents.search", *extra])
    allowed = {"documents"} | {c for c, s in SCOPE_OF.items() if s in extra}
    got = client.post("/v1/hearth/search", json={"query": ALL_CANARIES, "limit": 50})
    assert got.status_code == 200, got.text
    hits = got.json()["data"]
    classes = {class_of_item(world.vault, h["id"]) for h in hits}
    texts = [h["text"] for h in hits]
    LEDGER.confined(f"search with documents.search+{'+'.join(extra) or 'nothing'}",
                    _leaks(world, texts, allowed) + sorted(classes - allowed),
                    shown=classes == allowed)
    items = [i for i in access_entries(world.vault, client.key.did)[-1].items if not i.startswith("grant:")]
    assert {class_of_item(world.vault, i) for i in items} == allowed


def test_search_needs_documents_search(world):
    client, _ = world.plugin(["mail.search", "notes.read"])
    LEDGER.expect("search with mail.search but no documents.search",
                  client.post("/v1/hearth/search", json={"query": ALL_CANARIES}), 403, "scope_not_granted")


@pytest.mark.parametrize("data_class", [None, *CANARY])
def test_personal_context_holds_only_granted_classes(world, data_class):
    scopes = ["assistant.personal"] + ([SCOPE_OF[data_class]] if data_class else [])
    client, _ = world.plugin(scopes)
    allowed = {data_class} if data_class else set()
    used: set[str] = set()
    # Asked for everything, and asked for the granted class's own canary (the pipeline puts only
    # relevant excerpts in front of the model): only granted data may appear, and it must.
    for content in (f"List the events and contacts in your items verbatim: {ALL_CANARIES}",
                    f"What do my files say about {CANARY[data_class] if data_class else ALL_CANARIES}?"):
        r = client.post("/v1/chat/completions", json=_chat("default+personal", content=content))
        assert r.status_code == 200, r.text
        access = access_entries(world.vault, client.key.did)[-1]
        used |= {class_of_item(world.vault, i) for i in access.items if not i.startswith("grant:")}
        assert outcome_of(world.vault, access).reason == "completed"
    LEDGER.confined(f"personal context with {data_class or 'no data scope'}", sorted(used - allowed),
                    shown=used == allowed)


# == Item 2: "only this time" ===================================================================

def test_once_grant_never_reaches_personal_context_or_search(world):
    client, _ = world.plugin(["assistant.personal", "documents.search"])
    once = client.request(["notes.read"], purpose="just this once", mode="once")
    consent.approve(world.vault, once)
    assert client.poll(once).json()["mode"] == "once"
    for _ in range(3):
        r = client.post("/v1/chat/completions", json=_chat("default+personal", content=ALL_CANARIES))
        assert r.status_code == 200
        used = {class_of_item(world.vault, i) for i in access_entries(world.vault, client.key.did)[-1].items
                if not i.startswith("grant:")}
        LEDGER.confined("once notes.read grant in +personal context", sorted(used - {"documents"}),
                        shown="documents" in used)
    hits = client.post("/v1/hearth/search", json={"query": ALL_CANARIES}).json()["data"]
    LEDGER.confined("once notes.read grant widens search",
                    sorted({class_of_item(world.vault, h["id"]) for h in hits} - {"documents"}))
    # The once grant is untouched by all that, and opens exactly one notes request.
    assert client.get("/v1/hearth/notes").status_code == 200
    LEDGER.expect("once grant reused", client.get("/v1/hearth/notes"), 403, "grant_used")


def test_once_grant_spent_by_exactly_one_of_many_concurrent_requests(world):
    client, grant = world.plugin(["notes.read"], mode="once")
    statuses: list[int] = []
    barrier = threading.Barrier(8)

    def go() -> None:
        c = PluginClient(world.sock, key=client.key)
        c.token = client.token
        barrier.wait()
        r = c.get("/v1/hearth/notes", headers={"Hearth-Grant": grant})
        statuses.append(r.status_code)
        if r.status_code != 200:
            LEDGER.expect("once grant raced by 8 requests", r, 403, "grant_used")
        c.close()

    threads = [threading.Thread(target=go) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    LEDGER.check("once grant serves exactly one of 8 racing requests", statuses.count(200) == 1,
                 str(statuses), breach=statuses.count(200) > 1)


def test_once_personal_grant_opens_one_chat(world):
    client, _ = world.plugin(["assistant.personal"], mode="once")
    assert client.post("/v1/chat/completions", json=_chat("default+personal")).status_code == 200
    LEDGER.expect("once assistant.personal reused",
                  client.post("/v1/chat/completions", json=_chat("default+personal")), 403, "grant_used")


def test_lasting_grant_is_used_before_a_once_grant(world):
    client, _ = world.plugin(["notes.read"])
    once = client.request(["notes.read"], mode="once")
    consent.approve(world.vault, once)
    once_id = client.poll(once).json()["grant_id"]
    for _ in range(3):
        assert client.get("/v1/hearth/notes").status_code == 200
    assert grants.get_grant(world.vault, once_id).use_count == 0


# == Item 3: the audit cannot be dodged =========================================================

def test_hanging_up_mid_stream_is_still_audited(world):
    client, _ = world.plugin(["assistant.personal", "notes.read"])
    body = _chat("default+personal", content=f"Tell me a long story about {CANARY['notes']}",
                 max_tokens=64, stream=True)
    with client.http.stream("POST", "/v1/chat/completions", json=body, headers=client.headers()) as r:
        assert r.status_code == 200
        access = access_entries(world.vault, client.key.did)[-1]  # on record before the first byte
        for seen, _event in enumerate(sse_events(r.iter_lines()), start=1):
            if seen == 3:
                break
    assert any(i.startswith("note:") for i in access.items) and access.items[0].startswith("grant:")
    outcome = outcome_of(world.vault, access)
    LEDGER.check("hang up after 3 events: access and outcome audited",
                 outcome is not None and outcome.reason == "client_closed", repr(outcome))


def test_hanging_up_before_a_plain_answer_is_audited(world):
    client, _ = world.plugin(["assistant.personal", "notes.read"])
    payload = json.dumps(_chat("default+personal", content=CANARY["notes"], max_tokens=8)).encode()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.connect(str(world.sock))
        s.sendall(request("POST", "/v1/chat/completions", token=client.token, body=payload))
    access = wait_for(lambda: access_entries(world.vault, client.key.did))[-1]
    # The outcome is written when the model finishes the answer nobody waits for any more.
    outcome = wait_for(lambda: outcome_of(world.vault, access))
    LEDGER.check("hang up before a JSON answer: outcome audited",
                 outcome is not None and outcome.reason == "client_closed", repr(outcome))


def test_engine_error_mid_stream_ends_the_stream_and_is_audited(world):
    client, _ = world.plugin(["assistant.general"])
    huge = [{"role": "user", "content": "word " * 6000} for _ in range(30)]   # past the context window
    body = {"model": "default", "max_tokens": 4, "stream": True, "messages": huge}
    with client.http.stream("POST", "/v1/chat/completions", json=body, headers=client.headers()) as r:
        assert r.status_code == 200
        events = list(sse_events(r.iter_lines()))
    last = json.loads(events[-1])
    LEDGER.check("engine error mid-stream ends with an error event",
                 last.get("error", {}).get("code") == "engine_error", events[-1])
    assert "context" not in last["error"]["message"] and "token" not in last["error"]["message"]
    outcome = outcome_of(world.vault, access_entries(world.vault, client.key.did)[-1])
    assert (outcome.reason, outcome.items[1]) == ("error", "code:engine_error")
    plain = client.post("/v1/chat/completions", json={**body, "stream": False})
    LEDGER.expect("engine error answers a plain message", plain, 503, "engine_error")
    assert plain.json()["error"]["message"] == "the model could not answer; try again"


def test_revoke_mid_stream_and_reconnect(world):
    client, grant = world.plugin(["assistant.general"])
    grant_id = jwt_parts(grant)[1]["jti"].rsplit(":", 1)[1]
    body = _chat(max_tokens=200, stream=True, content="Write a long story about a lighthouse.")
    with client.http.stream("POST", "/v1/chat/completions", json=body, headers=client.headers()) as r:
        events = []
        for event in sse_events(r.iter_lines()):
            events.append(event)
            if len(events) == 2:
                grants.revoke_grant(world.vault, grant_id)
    LEDGER.check("revoke ends a live stream with an error event",
                 '"grant_revoked"' in events[-1] and len(events) < 200, events[-1])
    outcome = outcome_of(world.vault, access_entries(world.vault, client.key.did)[-1])
    assert (outcome.decision, outcome.reason) == ("deny", "revoked")
    LEDGER.expect("SSE reconnect after revoke", client.post("/v1/chat/completions", json=body), 403,
                  "grant_revoked")


# == Item 4: renaming and registering before proof ==============================================

def test_hello_with_a_victims_did_changes_nothing(world):
    victim = world.paired("Password manager")
    before = get_app(world.vault, victim.key.did)
    entries_before = len(audit.entries(world.vault, app_did=victim.key.did))
    attacker = httpx.Client(transport=httpx.HTTPTransport(uds=str(world.sock)), base_url="http://hearth")
    hello = attacker.post("/pair/hello", json={"did": victim.key.did, "name": "Bank (trusted)",
                                               "exe_path": "/usr/bin/bank"})
    assert hello.status_code == 200
    after = get_app(world.vault, victim.key.did)
    LEDGER.check("hello with a victim's DID renames it", after == before, f"{before} -> {after}")
    assert len(audit.entries(world.vault, app_did=victim.key.did)) == entries_before
    # Without the victim's key the hello leads nowhere.
    forged = present(Keypair.generate(), challenge=hello.json()["challenge"], domain=hello.json()["domain"])
    LEDGER.expect("prove a victim's challenge with another key",
                  attacker.post("/pair/prove", json={"presentation": forged}), 403, "pairing_failed")
    assert get_app(world.vault, victim.key.did) == before
    attacker.close()


def test_unproven_did_is_never_registered(world):
    stranger = Keypair.generate()
    c = httpx.Client(transport=httpx.HTTPTransport(uds=str(world.sock)), base_url="http://hearth")
    assert c.post("/pair/hello", json={"did": stranger.did, "name": "Ghost"}).status_code == 200
    LEDGER.check("hello alone registers an app", get_app(world.vault, stranger.did) is None)
    c.close()


def test_a_proven_rename_is_kept_and_audited(world):
    client = world.paired("Notes helper")
    renamed = PluginClient(world.sock, key=client.key, name="Notes <b>helper</b>\x1b[2J pro")
    renamed.pair()
    app = get_app(world.vault, client.key.did)
    assert (app.name, app.previous_name) == ("Notes <b>helper</b>[2J pro", "Notes helper")
    rename = [e for e in audit.entries(world.vault, app_did=client.key.did) if e.reason == "renamed"]
    assert rename and rename[-1].items == ["from:Notes helper"]
    assert app.exe_path == os.path.realpath(sys.executable) and app.claimed_exe_path == "/usr/bin/test-plugin"


def test_prove_from_another_program_than_hello(world):
    key = Keypair.generate()
    c = httpx.Client(transport=httpx.HTTPTransport(uds=str(world.sock)), base_url="http://hearth")
    hello = c.post("/pair/hello", json={"did": key.did, "name": "x"}).json()
    vp = present(key, challenge=hello["challenge"], domain=hello["domain"])
    raw = request("POST", "/pair/prove", body=json.dumps({"presentation": vp}).encode())
    # The other program reads the whole answer (head, then Content-Length bytes of body).
    script = ("import socket,sys\ns=socket.socket(socket.AF_UNIX);s.connect(sys.argv[1])\n"
              "s.sendall(sys.stdin.buffer.read());s.settimeout(10);buf=b''\n"
              "while True:\n"
              "    data=s.recv(65536)\n"
              "    buf+=data\n"
              "    head,_,body=buf.partition(b'\\r\\n\\r\\n')\n"
              "    n=[int(l.split(b':')[1]) for l in head.split(b'\\r\\n')\n"
              "       if l.lower().startswith(b'content-length:')]\n"
              "    if not data or (n and len(body)>=n[0]): break\n"
              "print(buf.decode())")
    out = subprocess.run([sys.executable, "-c", script, str(world.sock)], input=raw, capture_output=True,
                         timeout=30).stdout.decode()
    status, code = int(out.split(" ", 2)[1]), json.loads(out.split("\r\n\r\n", 1)[1])["error"]["code"]
    LEDGER.expect("answer a challenge from another process", _Raw(status, code), 403, "pairing_failed")
    c.close()


class _Raw:
    def __init__(self, status: int, code: str) -> None:
        self.status_code = status
        self._code = code

    def json(self) -> dict[str, Any]:
        return {"error": {"code": self._code}}

    text = ""


# == Items 5–6: numbers and strings =============================================================

@pytest.mark.parametrize(("name", "length"), [
    ("superscript two", "²"), ("arabic-indic digits", "١٢"), ("underscore", "1_0"), ("plus sign", "+5"),
    ("negative", "-1"), ("5000 digits", "9" * 5000), ("hex", "0x10"), ("fullwidth", "１２"),
])
def test_content_length_must_be_ascii_digits(world, name, length):
    client, _ = world.plugin(["documents.search"])
    raw = (f"POST /v1/hearth/search HTTP/1.1\r\nHost: hearth\r\nAuthorization: Bearer {client.token}\r\n"
           f"Content-Length: {length}\r\n\r\n{{}}").encode()
    LEDGER.expect(f"Content-Length {name}", one(world.sock, raw), 400, "invalid_length")


@pytest.mark.parametrize("limit", ["²", "9" * 5000, "%D9%A1", "0", "201", "-3", "1e2", "%205", "%C2%B2",
                                   "%EF%BC%91"])
def test_limit_must_be_bounded_ascii(world, limit):
    client, _ = world.plugin(["notes.read"])
    r = one(world.sock, request("GET", f"/v1/hearth/notes?limit={limit}", token=client.token))
    LEDGER.expect(f"?limit={limit[:12]}", r, 400, "invalid_field")


@pytest.mark.parametrize("stream", [False, True])
def test_lone_surrogate_is_refused_while_parsing(world, stream):
    client, _ = world.plugin(["assistant.general"])
    raw = (b'{"model":"default","max_tokens":2,"stream":' + (b"true" if stream else b"false")
           + b',"messages":[{"role":"user","content":"hi \\ud800 there"}]}')
    r = client.post("/v1/chat/completions", content=raw, headers={"Content-Type": "application/json"})
    LEDGER.expect(f"lone surrogate ({'stream' if stream else 'plain'})", r, 400, "invalid_string")
    assert "surrogate" in r.json()["error"]["message"]
    last = _last(world.vault)
    assert (last.app_did, last.decision, last.reason) == (client.key.did, "deny", "invalid_string")
    # A proper pair of surrogates is a real character and passes.
    ok = client.post("/v1/chat/completions", content=raw.replace(b"\\ud800", b"\\ud83d\\ude00"),
                     headers={"Content-Type": "application/json"})
    assert ok.status_code == 200


def test_every_stream_ends_with_done(world):
    client, _ = world.plugin(["assistant.general"])
    with client.http.stream("POST", "/v1/chat/completions", json=_chat(stream=True, max_tokens=3),
                            headers=client.headers()) as r:
        events = list(sse_events(r.iter_lines()))
    assert events[-1] == "[DONE]"
    outcome = outcome_of(world.vault, access_entries(world.vault, client.key.did)[-1])
    assert outcome.reason == "completed"


# == Items 7–9: connections =====================================================================

def test_sixteen_simultaneous_connects_are_all_served(world):
    client, _ = world.plugin(["notes.read"])
    barrier = threading.Barrier(16)
    got: list[int] = []

    def go() -> None:
        barrier.wait()
        got.append(one(world.sock, request("GET", "/v1/hearth/notes", token=client.token)).status)

    threads = [threading.Thread(target=go) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    LEDGER.check("16 simultaneous connects (one client's pool)", got == [200] * 16, str(got),
                 breach=False)
    assert world.gw._servers[0].request_queue_size >= 128


def test_half_sent_body_then_silence_is_408(world):
    client, _ = world.plugin(["documents.search"])
    raw = (f"POST /v1/hearth/search HTTP/1.1\r\nHost: hearth\r\nAuthorization: Bearer {client.token}\r\n"
           f"Content-Length: 100\r\n\r\n{{\"query\": ").encode()
    LEDGER.expect("half a body, then silence", one(world.sock, raw), 408, "request_timeout")


@pytest.mark.parametrize("how", ["head", "body"])
def test_slowloris_hits_the_request_deadline(world, how):
    """One byte at a time, each well inside the idle timeout: the request deadline still ends it."""
    raw = request("POST", "/pair/hello", body=b'{"did": "did:key:z6Mk", "name": "slow"}')
    split = raw.index(b"\r\n\r\n") + 4
    drip = raw[:split - 10] if how == "head" else raw[split:]
    start = time.monotonic()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.connect(str(world.sock))
        s.settimeout(15)
        if how == "body":
            s.sendall(raw[:split])
        try:
            for byte in drip:
                if select.select([s], [], [], 0.25)[0]:
                    break   # the gateway has answered
                s.sendall(bytes([byte]))
        except OSError:
            pass
        with s.makefile("rb") as f:
            answer = read_response(f)
    assert answer is not None
    LEDGER.expect(f"slowloris ({how})", answer, 408, "request_timeout")
    assert time.monotonic() - start < world.gw.request_timeout + 4


def _hold(world: World, n: int) -> list[socket.socket]:
    held = []
    for _ in range(n):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(str(world.sock))
        held.append(s)
    wait_for(lambda: world.gw.open_connections().get(f"pid:{os.getpid()}", 0) >= n)
    return held


def test_one_program_cannot_hold_every_slot(world):
    client, _ = world.plugin(["notes.read"])
    world.close_clients()
    assert wait_for(lambda: f"pid:{os.getpid()}" not in world.gw.open_connections())
    cap = world.gw.max_connections_per_peer
    held = _hold(world, cap)
    try:
        refused = one(world.sock, request("GET", "/v1/hearth/notes", token=client.token))
        LEDGER.expect("connection past the per-program cap", refused, 429, "too_many_connections")
        # Refused with a status an HTTP client can read, not a reset:
        with httpx.Client(transport=httpx.HTTPTransport(uds=str(world.sock)), base_url="http://hearth") as h:
            LEDGER.expect("per-program cap seen by an HTTP client",
                          h.get("/v1/hearth/notes", headers=client.headers()), 429, "too_many_connections")
        # Another program is served meanwhile.
        script = ("import httpx,sys;c=httpx.Client(transport=httpx.HTTPTransport(uds=sys.argv[1]),"
                  "base_url='http://hearth');print(c.get('/v1/hearth/notes',"
                  "headers={'Authorization':'Bearer '+sys.argv[2]}).status_code)")
        other = subprocess.run([sys.executable, "-c", script, str(world.sock), client.token],
                               capture_output=True, text=True, timeout=60)
        LEDGER.check("another program is served while one holds its cap", other.stdout.strip() == "200",
                     other.stdout + other.stderr, breach=False)
        for _ in range(10):  # refusals take no slot and free none
            one(world.sock, request("GET", "/v1/models"))
        assert world.gw.open_connections()[f"pid:{os.getpid()}"] == cap
    finally:
        for s in held:
            s.close()
    assert wait_for(lambda: f"pid:{os.getpid()}" not in world.gw.open_connections())
    held = _hold(world, cap)   # exact accounting: the cap is the cap again, not cap + refusals
    try:
        LEDGER.expect("per-program cap after refusals were closed",
                      one(world.sock, request("GET", "/v1/models")), 429, "too_many_connections")
    finally:
        for s in held:
            s.close()


def test_overall_connection_cap_answers_503_and_recovers(world):
    from app.gateway import Gateway

    with Gateway(world.vault, socket_path=world.sock.parent / "small.sock", max_connections=4,
                 max_connections_per_peer=4) as gw:
        held = []
        for _ in range(4):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(str(gw.socket_path))
            held.append(s)
        assert wait_for(lambda: sum(gw.open_connections().values()) == 4)
        LEDGER.expect("connection past the overall cap", one(gw.socket_path, request("GET", "/v1/models")),
                      503, "server_busy")
        for s in held:
            s.close()
        assert wait_for(lambda: not gw.open_connections())
        assert one(gw.socket_path, request("GET", "/v1/models")).code == "no_session"


# == Hardening ==================================================================================

def test_duplicate_content_length(world):
    client, _ = world.plugin(["documents.search"])
    raw = (f"POST /v1/hearth/search HTTP/1.1\r\nHost: hearth\r\nAuthorization: Bearer {client.token}\r\n"
           "Content-Length: 17\r\nContent-Length: 2\r\n\r\n{\"query\": \"tom\"}").encode()
    LEDGER.expect("duplicate Content-Length", one(world.sock, raw), 400, "duplicate_length")


@pytest.mark.parametrize(("method", "path", "status", "code"), [
    ("HEAD", "/v1/models", 405, "method_not_allowed"),
    ("OPTIONS", "/v1/hearth/notes", 405, "method_not_allowed"),
    ("OPTIONS", "*", 404, "not_found"),
    ("TRACE", "/v1/models", 405, "method_not_allowed"),
    ("CONNECT", "hearth:443", 405, "method_not_allowed"),
    ("DELETE", "/v1/hearth/notes", 405, "method_not_allowed"),
])
def test_odd_methods_are_refused_and_audited(world, method, path, status, code):
    before = len(audit.entries(world.vault))
    r = one(world.sock, request(method, path), head_only=method == "HEAD")
    LEDGER.expect(f"{method} {path}", _Raw(r.status, r.code if method != "HEAD" else code), status, code)
    last = _last(world.vault)
    assert len(audit.entries(world.vault)) == before + 1 and (last.decision, last.reason) == ("deny", code)


@pytest.mark.parametrize(("raw", "status", "code"), [
    (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 40 + b"\r\n\r\n", 400, "bad_request"),
    (b"GET /v1/models\r\n\r\n", 400, "bad_request"),                         # HTTP/0.9
    (b"GET /v1/models HTTP/2.0\r\nHost: hearth\r\n\r\n", 400, "unsupported_version"),
    (b"GET /v1/models HTTP/0.9\r\nHost: hearth\r\n\r\n", 400, "unsupported_version"),  # found by fuzzing
    (b"GET /v1/models HTTP/1.1 extra\r\nHost: hearth\r\n\r\n", 400, "bad_request"),
    (b"GET /v1/models HTTX/1.1\r\n\r\n", 400, "bad_request"),
    (b"\r\n\r\n", 400, "bad_request"),
    (b"GET /v1/" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n", 414, "request_line_too_long"),
    (b"GET /v1/models HTTP/1.1\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(101)) + b"\r\n",
     431, "headers_too_large"),
    (b"GET /v1/models HTTP/1.1\r\nX-Big: " + b"b" * 70000 + b"\r\n\r\n", 431, "headers_too_large"),
    (b"GET /v1/models HTTP/1.1\r\n" + b"".join(b"X-%d: %s\r\n" % (i, b"c" * 1000) for i in range(80))
     + b"\r\n", 431, "headers_too_large"),
])
def test_malformed_requests_are_answered_and_audited(world, raw, status, code):
    before = len(audit.entries(world.vault))
    r = one(world.sock, raw)
    LEDGER.expect(f"malformed request {raw[:24]!r}", r, status, code)
    last = _last(world.vault)
    assert len(audit.entries(world.vault)) == before + 1 and (last.decision, last.reason) == ("deny", code)


def test_hellos_and_polls_are_audited(world):
    key = Keypair.generate()
    c = httpx.Client(transport=httpx.HTTPTransport(uds=str(world.sock)), base_url="http://hearth")
    c.post("/pair/hello", json={"did": key.did, "name": "x"})
    hello = _last(world.vault)
    assert (hello.scope, hello.reason, hello.items[1]) == ("pair", "challenge_issued", f"claims:{key.did}")
    client = world.paired()
    request_id = client.request(["notes.read"])
    assert client.poll(request_id).json()["status"] == "pending"
    poll = _last(world.vault)
    assert (poll.app_did, poll.scope, poll.reason) == (client.key.did, "consent", "polled_pending")
    consent.deny(world.vault, request_id)
    c.close()


def test_hellos_are_capped_per_program(world):
    world.gw.pairing._challenges.clear()  # hellos of earlier tests in this process still count
    c = httpx.Client(transport=httpx.HTTPTransport(uds=str(world.sock)), base_url="http://hearth")
    from identity.pairing import MAX_CHALLENGES_PER_PEER

    for _ in range(MAX_CHALLENGES_PER_PEER):
        assert c.post("/pair/hello", json={"did": Keypair.generate().did, "name": "x"}).status_code == 200
    LEDGER.expect("hello past the per-program cap",
                  c.post("/pair/hello", json={"did": Keypair.generate().did, "name": "x"}), 429,
                  "too_many_requests")
    # Another program can still pair.
    script = ("import json,sys,httpx;from identity.keys import Keypair;from identity.holder import present;"
              "c=httpx.Client(transport=httpx.HTTPTransport(uds=sys.argv[1]),base_url='http://hearth');"
              "k=Keypair.generate();h=c.post('/pair/hello',json={'did':k.did,'name':'y'}).json();"
              "p=c.post('/pair/prove',json={'presentation':present(k,challenge=h['challenge'],"
              "domain=h['domain'])});print(p.status_code)")
    other = subprocess.run([sys.executable, "-c", script, str(world.sock)], capture_output=True, text=True,
                           timeout=60, cwd=Path(__file__).parent.parent)
    LEDGER.check("another program pairs while one is at its hello cap", other.stdout.strip() == "200",
                 other.stdout + other.stderr[-500:], breach=False)
    c.close()
    world.gw.pairing._challenges.clear()  # the world's other tests pair from this process too


def test_error_bodies_carry_no_internals(world):
    client, _ = world.plugin(["assistant.general"])
    r = client.post("/v1/chat/completions", json=_chat("/etc/passwd.gguf"))
    LEDGER.expect("model name as a path", r, 404, "model_not_found")
    assert "passwd" not in r.text
    forged = client.post("/session/grant", json={"grant": "eyJhbGciOiJFZERTQSJ9.e30.AAAA"})
    assert forged.status_code == 403 and "didkit" not in forged.text.lower()


# == Attacks of our own ==========================================================================

def test_grant_of_app_a_on_app_b_session(world):
    _, grant_a = world.plugin(["notes.read"])
    b = world.paired("B")
    LEDGER.expect("A's grant presented on B's session",
                  b.get("/v1/hearth/notes", headers={"Hearth-Grant": grant_a}),
                  403, "grant_subject_mismatch")
    LEDGER.expect("A's grant attached to B's session", b.post("/session/grant", json={"grant": grant_a}),
                  403, "grant_subject_mismatch")
    _, once_a = world.plugin(["contacts.read"], mode="once")
    LEDGER.expect("A's once grant on B's session",
                  b.get("/v1/hearth/contacts", headers={"Hearth-Grant": once_a}), 403,
                  "grant_subject_mismatch")


def test_presented_grant_cannot_borrow_scopes_from_attached_ones(world):
    client, notes_grant = world.plugin(["notes.read", "contacts.read"])
    LEDGER.expect("calendar via a presented notes grant",
                  client.get("/v1/hearth/calendar", headers={"Hearth-Grant": notes_grant}), 403,
                  "scope_not_granted")


@pytest.mark.parametrize(("name", "path", "body", "code"), [
    ("scopes in a search body", "/v1/hearth/search", {"query": "x", "scopes": ["contacts.read"]},
     "unknown_field"),
    ("classes in a search body", "/v1/hearth/search", {"query": "x", "classes": ["mail"]}, "unknown_field"),
    ("kinds in a chat body", "/v1/chat/completions", {**_chat(), "kinds": ["contact"]}, "unknown_field"),
    ("tool role in a chat", "/v1/chat/completions",
     {"model": "default", "messages": [{"role": "tool", "content": "x"}]}, "invalid_field"),
    ("n=2 chat", "/v1/chat/completions", {**_chat(), "n": 2}, "invalid_field"),
    ("stream_options escalation", "/v1/chat/completions",
     {**_chat(), "stream": True, "stream_options": {"include_context": True}}, "invalid_field"),
    ("grant id in a request body", "/v1/hearth/search", {"query": "x", "grant_id": "abc"}, "unknown_field"),
    ("65 embedding inputs", "/v1/embeddings", {"model": "m", "input": ["x"] * 65}, "invalid_field"),
])
def test_escalation_through_the_body(world, name, path, body, code):
    client, _ = world.plugin(["documents.search", "assistant.general", "embeddings"])
    LEDGER.expect(name, client.post(path, json=body), 400, code)


@pytest.mark.parametrize(("name", "target", "status", "code"), [
    ("dot-dot segment", "/v1/hearth/../hearth/contacts", 404, "not_found"),
    ("percent-encoded path", "/v1/hearth/%63ontacts", 404, "not_found"),
    ("upper-case path", "/V1/HEARTH/CONTACTS", 404, "not_found"),
    ("absolute-form target", "http://hearth/v1/hearth/contacts", 404, "not_found"),
    ("NUL in the path", "/v1/hearth/contacts%00", 404, "not_found"),
    ("semicolon parameter", "/v1/hearth/contacts;x=1", 404, "not_found"),
    ("double slash (same endpoint, still authorised)", "//v1/hearth/contacts", 403, "scope_not_granted"),
    ("trailing slash (same endpoint, still authorised)", "/v1/hearth/contacts/", 403, "scope_not_granted"),
    ("backslash", "/v1\\hearth\\contacts", 404, "not_found"),
    ("duplicate query parameter", "/v1/hearth/notes?limit=1&limit=200", 400, "duplicate_key"),
    ("unknown query parameter", "/v1/hearth/notes?all=1", 400, "unknown_field"),
    ("consent id traversal", "/grants/request/..%2F..%2Fgrants", 404, "not_found"),
])
def test_path_tricks(world, name, target, status, code):
    client, _ = world.plugin(["notes.read"])
    LEDGER.expect(name, one(world.sock, request("GET", target, token=client.token)), status, code)


@pytest.mark.parametrize(("name", "headers", "status", "code"), [
    # Folding (obs-fold) is refused outright, as RFC 9110 allows, rather than read as one value.
    ("folded Authorization header", [("Authorization", "Bearer hs_x\r\n Hearth-Grant: y")], 400,
     "invalid_header"),
    ("token in a cookie", [("Cookie", "session=hs_abc")], 401, "no_session"),
    ("oversized bearer token", [("Authorization", "Bearer hs_" + "a" * 5000)], 401, "no_session"),
    ("Basic auth", [("Authorization", "Basic aGVhcnRoOmhlYXJ0aA==")], 401, "no_session"),
    ("forged session token", [("Authorization", "Bearer hs_" + "A" * 43)], 401, "no_session"),
    ("Origin header on the Unix socket", [("Origin", "http://evil.example")], 403, "origin_refused"),
])
def test_header_tricks(world, name, headers, status, code):
    LEDGER.expect(name, one(world.sock, request("GET", "/v1/hearth/contacts", headers=headers)), status, code)


def test_two_authorization_headers_are_refused(world):
    victim, _ = world.plugin(["contacts.read"])
    thief = world.paired()
    raw = request("GET", "/v1/hearth/contacts", headers=[("Authorization", f"Bearer {thief.token}"),
                                                          ("Authorization", f"Bearer {victim.token}")])
    LEDGER.expect("two Authorization headers", one(world.sock, raw), 400, "duplicate_header")
    _, grant = world.plugin(["contacts.read"])
    raw = request("GET", "/v1/hearth/contacts", token=thief.token,
                  headers=[("Hearth-Grant", "x"), ("Hearth-Grant", grant)])
    LEDGER.expect("two Hearth-Grant headers", one(world.sock, raw), 400, "duplicate_header")


def test_pipelined_requests_carry_no_authority(world):
    client, _ = world.plugin(["notes.read"])
    raw = request("GET", "/v1/hearth/notes", token=client.token) + request("GET", "/v1/hearth/contacts")
    first, second = exchange(world.sock, raw, count=2)
    assert first.status == 200
    LEDGER.expect("pipelined request without a session", second, 401, "no_session")


def test_body_smuggled_request_carries_no_authority(world):
    client, _ = world.plugin(["documents.search"])
    smuggled = request("GET", "/v1/hearth/contacts")
    body = b'{"query": "tomatoes"}'
    raw = (f"POST /v1/hearth/search HTTP/1.1\r\nHost: hearth\r\nAuthorization: Bearer {client.token}\r\n"
           f"Content-Length: {len(body)}\r\n\r\n").encode() + body + smuggled
    first, second = exchange(world.sock, raw, count=2)
    assert first.status == 200
    LEDGER.expect("request smuggled after a body", second, 401, "no_session")


@pytest.mark.parametrize(("name", "framing", "status", "code"), [
    ("chunked request body", [("Transfer-Encoding", "chunked")], 411, "length_required"),
    ("chunked and Content-Length", [("Transfer-Encoding", "chunked"), ("Content-Length", "5")], 411,
     "length_required"),
    ("Transfer-Encoding identity", [("Transfer-Encoding", "identity")], 411, "length_required"),
    ("no length at all", [], 411, "length_required"),
])
def test_body_framing_tricks(world, name, framing, status, code):
    client, _ = world.plugin(["documents.search"])
    raw = request("POST", "/v1/hearth/search", token=client.token, headers=framing) + \
        b"5\r\n{\"q\":\r\n0\r\n\r\n"
    LEDGER.expect(name, one(world.sock, raw), status, code)


def test_body_shorter_than_announced(world):
    client, _ = world.plugin(["documents.search"])
    raw = (f"POST /v1/hearth/search HTTP/1.1\r\nHost: hearth\r\nAuthorization: Bearer {client.token}\r\n"
           "Content-Length: 50\r\n\r\n{\"query\": \"x\"}").encode()
    LEDGER.expect("body shorter than its Content-Length, then EOF",
                  one(world.sock, raw, half_close=True), 400, "incomplete_body")


def test_expect_continue_with_an_oversized_body(world):
    client, _ = world.plugin(["documents.search"])
    raw = request("POST", "/v1/hearth/search", token=client.token,
                  headers=[("Expect", "100-continue"), ("Content-Length", str(50 << 20))])
    # Refused at once: no "100 Continue" invites the body first.
    LEDGER.expect("Expect: 100-continue with a 50 MB body", one(world.sock, raw), 413, "body_too_large")


@pytest.mark.parametrize(("name", "raw", "code"), [
    ("JSON number past float range", b'{"query": "x", "limit": 1e999}', "invalid_json"),
    ("5000-digit JSON integer", b'{"query": "x", "limit": ' + b"9" * 5000 + b"}", "invalid_json"),
    ("duplicate key inside an object", b'{"query": "x", "query": "contacts"}', "duplicate_key"),
    ("surrogate in a key", b'{"\\udfff": 1, "query": "x"}', "invalid_string"),
    ("deep nesting", b'{"query": ' + b"[" * 40 + b"]" * 40 + b"}", "too_deep"),
    ("top-level array", b'[{"query": "x"}]', "invalid_json"),
    ("UTF-16 body", '{"query": "x"}'.encode("utf-16"), "invalid_utf8"),
    ("NaN", b'{"query": "x", "limit": NaN}', "invalid_json"),
])
def test_json_tricks(world, name, raw, code):
    client, _ = world.plugin(["documents.search"])
    LEDGER.expect(name, client.post("/v1/hearth/search", content=raw), 400, code)


@pytest.mark.parametrize(("name", "body", "status", "code"), [
    ("wildcard scope", {"scopes": ["notes.*"], "purpose": "x"}, 400, "unknown_scope"),
    ("admin scope", {"scopes": ["admin"], "purpose": "x"}, 400, "unknown_scope"),
    ("100 repeated scopes", {"scopes": ["notes.read"] * 100, "purpose": "x"}, 400, "invalid_field"),
    ("unknown grant mode", {"scopes": ["notes.read"], "purpose": "x", "mode": "forever"}, 400,
     "invalid_field"),
    ("a thousand days", {"scopes": ["notes.read"], "purpose": "x", "days": 1000}, 400, "invalid_field"),
    ("auto-approve field", {"scopes": ["notes.read"], "purpose": "x", "approved": True}, 400,
     "unknown_field"),
])
def test_consent_request_tricks(world, name, body, status, code):
    client = world.paired()
    LEDGER.expect(name, client.post("/grants/request", json=body), status, code)


def test_polling_another_apps_request(world):
    victim = world.paired("Victim")
    request_id = victim.request(["notes.read"])
    thief = world.paired("Thief")
    LEDGER.expect("poll another app's consent request", thief.poll(request_id), 404, "not_found")
    consent.approve(world.vault, request_id)
    LEDGER.expect("poll another app's approved request", thief.poll(request_id), 404, "not_found")


def test_sessions_are_bounded_per_app(world):
    from identity.pairing import MAX_SESSIONS_PER_DID

    key = Keypair.generate()
    first = PluginClient(world.sock, key=key)
    first.pair()
    for _ in range(MAX_SESSIONS_PER_DID):
        PluginClient(world.sock, key=key).pair()
    LEDGER.expect("session evicted past the per-app cap", first.get("/v1/models"), 401, "no_session")


@pytest.mark.parametrize(("name", "did", "code"), [
    ("did:web identity", "did:web:attacker.example", "invalid_did"),
    ("secp256k1 did:key", "did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme", "invalid_did"),
    ("DID with a fragment", "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#x", "invalid_did"),
])
def test_foreign_identities(world, name, did, code):
    c = httpx.Client(transport=httpx.HTTPTransport(uds=str(world.sock)), base_url="http://hearth")
    LEDGER.expect(name, c.post("/pair/hello", json={"did": did, "name": "x"}), 400, code)
    c.close()


def test_expired_session(world):
    from app.gateway import Gateway

    now = [1000.0]
    with Gateway(world.vault, socket_path=world.sock.parent / "short.sock", session_ttl=60.0,
                 clock=lambda: now[0]) as gw:
        client, _ = granted_plugin(gw, ["notes.read"])
        now[0] += 61
        LEDGER.expect("expired session", client.get("/v1/hearth/notes"), 401, "no_session")
        gw.auth.housekeeping()
        assert gw.pairing.counts()[1] == 0 and gw.auth.attached_count() == 0


# == Separate vaults: consent caps and coalescing ===============================================

def test_consent_prompts_capped_per_program_and_overall(vault):
    from app.gateway import Gateway
    from identity.consent import MAX_PENDING_PER_PROGRAM

    with Gateway(vault) as gw:
        clients = [PluginClient(gw.socket_path, name=f"Fresh {i}")
                   for i in range(MAX_PENDING_PER_PROGRAM + 1)]
        for c in clients:
            c.pair()
        for c in clients[:-1]:
            c.request(["notes.read"])
        r = clients[-1].post("/grants/request", json={"scopes": ["notes.read"], "purpose": "again"})
        LEDGER.expect("consent prompt from a fresh DID past the per-program cap", r, 429, "too_many_requests")
        assert get_app(vault, clients[-1].key.did).exe_path == os.path.realpath(sys.executable)
        # The person answers; the program may ask again.
        for pending in consent.pending_requests(vault):
            consent.approve(vault, pending.id)
        assert clients[-1].post("/grants/request", json={"scopes": ["notes.read"], "purpose": "x"}
                                ).status_code == 202


def test_repeated_denials_are_coalesced(vault):
    from app.gateway import Gateway

    with Gateway(vault, coalesce_window=60) as gw:
        before = len(audit.entries(vault))
        for _ in range(150):
            one(gw.socket_path, request("GET", "/v1/hearth/notes"))
        during = len(audit.entries(vault)) - before
        LEDGER.check("150 unauthenticated requests write 1 row, not 150", during == 1, str(during),
                     breach=False)
    rows = audit.entries(vault)[before:]
    assert [(e.reason, e.items[-1]) for e in rows] == [("no_session", f"peer:pid:{os.getpid()}"),
                                                      ("no_session", "repeated:149")]
    assert audit.verify(vault) == len(audit.entries(vault))


@pytest.mark.skipif(not Path("/proc/self/exe").exists(), reason="needs /proc")
def test_consent_dialog_shows_the_observed_program(vault, qtbot):
    from app.gateway import Gateway
    from app.gui.dialogs import ConsentDialog

    with Gateway(vault) as gw:
        client = PluginClient(gw.socket_path, name="Calendar sync")
        client.pair()
        request_id = client.request(["calendar.read"])
        app = consent.get_request(vault, request_id).app
    dialog = ConsentDialog(app_name=app.name, did=app.did, exe_path=app.exe_path,
                           claimed_exe_path=app.claimed_exe_path, scopes=[("calendar.read", "Read")],
                           purpose="p")
    qtbot.addWidget(dialog)
    from PySide6.QtWidgets import QLabel

    text = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert os.path.realpath(sys.executable) in text and "It says it is" in text
    assert "/usr/bin/test-plugin" in text


from tests.identity_fixtures import vault  # noqa: E402  (the function-scoped vault for the tests above)

__all__ = ["vault"]
