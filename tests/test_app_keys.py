"""App keys with the tools people already use: the official ``openai`` SDK, simonw's ``llm`` CLI
and LangChain's ``ChatOpenAI``, against a real gateway (loopback TCP and the private socket).

One vault (a real SQLCipher file) holds a note (the bike lock code) and an imported document (the
boiler service code). Each client, holding a key for notes and personal answers only, answers the
note's fact from the note, does not answer the document's (documents were not granted), and stops
working the moment its key is revoked. The bundled model answers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest

from identity import appkeys, audit, grants
from identity.errors import GrantDenied
from tests.conftest import PASSPHRASE, run_cli
from tests.identity_fixtures import error_code, make_vault

NOTE_FACT = "4471"
DOC_FACT = "7731"
BIKE = "What is my bike lock code?"
BOILER = "What is the boiler service code?"


class World:
    def __init__(self, vault: Any, gateway: Any) -> None:
        self.vault = vault
        self.gw = gateway
        self.base_url = f"http://127.0.0.1:{gateway.tcp_port}/v1"

    def key(self, name: str, scopes: list[str], **kw: Any) -> str:
        return appkeys.create_app_key(self.vault, name=name, scopes=scopes, **kw).key

    def client(self, key: str, *, socket: bool = False) -> openai.OpenAI:
        if socket:
            http = httpx.Client(transport=httpx.HTTPTransport(uds=str(self.gw.socket_path)))
            return openai.OpenAI(base_url="http://hearth/v1", api_key=key, http_client=http, max_retries=0)
        return openai.OpenAI(base_url=self.base_url, api_key=key, max_retries=0)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    from keyring.backends import fail

    from app.gateway import Gateway
    from engine.search.retrieval import retriever_for
    from vault import Keychain
    from vault.notes import add_note

    base = tmp_path_factory.mktemp("keys")
    home, run, files = base / "home", base / "run", base / "files"
    for d in (home, run, files):
        d.mkdir(mode=0o700)
    env = pytest.MonkeyPatch()
    env.setenv("HEARTH_HOME", str(home))
    env.setenv("HEARTH_RUNTIME_DIR", str(run))
    vault = make_vault(home, Keychain(backend=fail.Keyring()))
    (files / "boiler.md").write_text("# Boiler\n\nThe boiler service code is 7731. "
                                     "The engineer comes in May.\n")
    report = retriever_for(vault).ingest([files])
    assert {r.status for r in report.results} == {"added"}, report
    add_note(vault, "My bike lock code is 4471.")
    gw = Gateway(vault, socket_path=run / "gateway.sock", tcp_port=0, coalesce_window=0.0).start()
    try:
        yield World(vault, gw)
    finally:
        gw.stop()
        vault.lock()
        env.undo()


def _items(vault: Any, name: str) -> list[str]:
    return [i for e in audit.entries(vault) if e.app_name == name for i in e.items]


def test_openai_sdk_answers_from_the_granted_kind_only_then_stops_at_revoke(world):
    key = world.key("Script", ["notes.read"], personal=True)
    for client in (world.client(key), world.client(key, socket=True)):
        assert {"default", "default+personal"} <= {m.id for m in client.models.list().data}
        answer = client.chat.completions.create(model="default+personal", max_tokens=40,
                                                messages=[{"role": "user", "content": BIKE}])
        assert NOTE_FACT in answer.choices[0].message.content
        extension = answer.model_extra["hearth"]
        assert extension["grounding"] == "personal"
        assert any(NOTE_FACT in q["text"] for q in extension["quotes"])
    # Documents were not granted: the answer does not draw on the boiler document.
    boiler = world.client(key).chat.completions.create(model="default+personal", max_tokens=40,
                                                       messages=[{"role": "user", "content": BOILER}])
    assert DOC_FACT not in boiler.choices[0].message.content
    assert DOC_FACT not in json.dumps(boiler.model_extra["hearth"])
    assert not any(i.startswith("chunk:") for i in _items(world.vault, "Script"))
    assert any(i.startswith("note:") for i in _items(world.vault, "Script"))
    with pytest.raises(openai.PermissionDeniedError) as refused:
        world.client(key).post("/hearth/search", body={"query": "boiler"}, cast_to=object)
    assert refused.value.code == "scope_not_granted"

    appkeys.revoke_app_key(world.vault, "Script")
    for client in (world.client(key), world.client(key, socket=True)):
        with pytest.raises(openai.AuthenticationError) as gone:
            client.chat.completions.create(model="default+personal", max_tokens=8,
                                           messages=[{"role": "user", "content": BIKE}])
        assert gone.value.code == "key_revoked"
    reasons = [(e.scope, e.decision, e.reason) for e in audit.entries(world.vault) if e.app_name == "Script"]
    assert ("assistant.personal", "allow", "ok") in reasons and reasons[-1][1:] == ("deny", "key_revoked")


def test_the_same_question_with_documents_granted_finds_the_document(world):
    # The control for the test above: the fact is there for a key that may read documents.
    key = world.key("Docs script", ["documents.search"], personal=True)
    answer = world.client(key).chat.completions.create(model="default+personal", max_tokens=40,
                                                       messages=[{"role": "user", "content": BOILER}])
    assert DOC_FACT in answer.choices[0].message.content + json.dumps(answer.model_extra["hearth"]["quotes"])


def test_revoking_a_key_ends_its_open_stream_at_once(world):
    key = world.key("Streamer", [])
    stream = world.client(key).chat.completions.create(
        model="default", max_tokens=300, stream=True,
        messages=[{"role": "user", "content": "Write a long story about a lighthouse keeper."}])
    after = 0
    with pytest.raises(openai.APIError) as ended:
        for n, _chunk in enumerate(stream):
            if n == 3:
                # The person revokes from a terminal; this client reads nothing meanwhile (a second
                # or two), as a client busy elsewhere would.
                revoked = run_cli("keys", "revoke", "Streamer",
                                  env={"HEARTH_HOME": str(world.vault.home), "HEARTH_PASSPHRASE": PASSPHRASE})
                assert revoked.returncode == 0, revoked.stderr
            elif n > 3:
                after += 1
    assert "revoked" in str(ended.value)
    assert after <= 1, f"{after} chunks arrived after the revoke"


def test_llm_cli_with_an_openai_compatible_model(world, tmp_path):
    key = world.key("llm", ["notes.read"], personal=True)
    user = tmp_path / "llm"
    user.mkdir()
    (user / "extra-openai-models.yaml").write_text(
        f"- model_id: hearth\n  model_name: default+personal\n  api_base: \"{world.base_url}\"\n"
        "  api_key_name: hearth\n")
    env = dict(os.environ, LLM_USER_PATH=str(user))
    llm = [str(Path(sys.executable).with_name("llm"))]
    stored = subprocess.run([*llm, "keys", "set", "hearth", "--value", key], env=env, timeout=60)
    assert stored.returncode == 0

    def ask(question: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*llm, "-m", "hearth", "-o", "max_tokens", "40", question], env=env,
                              capture_output=True, text=True, timeout=180)

    bike = ask(BIKE)
    assert bike.returncode == 0 and NOTE_FACT in bike.stdout, bike.stderr
    boiler = ask(BOILER)
    assert boiler.returncode == 0 and DOC_FACT not in boiler.stdout, boiler.stdout
    appkeys.revoke_app_key(world.vault, "llm")
    refused = ask(BIKE)
    assert refused.returncode != 0 and NOTE_FACT not in refused.stdout
    assert "revoked" in refused.stderr, refused.stderr


def test_langchain_chat_openai(world, monkeypatch):
    monkeypatch.setenv("LANGCHAIN_TRACING_V2", "false")
    monkeypatch.setenv("LANGSMITH_TRACING", "false")
    from langchain_openai import ChatOpenAI

    key = world.key("LangChain app", ["notes.read"], personal=True)
    chat = ChatOpenAI(base_url=world.base_url, api_key=key, model="default+personal", max_tokens=40,
                      max_retries=0, timeout=120)
    assert NOTE_FACT in str(chat.invoke(BIKE).content)
    assert DOC_FACT not in str(chat.invoke(BOILER).content)
    streamed = "".join(str(piece.content) for piece in chat.stream(BIKE))
    assert NOTE_FACT in streamed
    appkeys.revoke_app_key(world.vault, "LangChain app")
    with pytest.raises(openai.AuthenticationError):
        chat.invoke(BIKE)


def test_error_bodies_an_openai_client_understands(world):
    unknown = "hk_000000000000_" + "A" * 43
    raw = httpx.get(world.base_url + "/models", headers={"Authorization": f"Bearer {unknown}"})
    assert raw.status_code == 401 and error_code(raw) == "invalid_api_key"
    assert raw.json()["error"]["type"] == "authentication_error"
    for bad in ("sk-not-hearth", "hk_short"):
        r = httpx.get(world.base_url + "/models", headers={"Authorization": f"Bearer {bad}"})
        assert r.status_code == 401
    general = world.key("General only", [])
    with pytest.raises(openai.PermissionDeniedError) as refused:
        world.client(general).chat.completions.create(model="default+personal", max_tokens=4,
                                                      messages=[{"role": "user", "content": BIKE}])
    assert refused.value.code == "scope_not_granted"
    vectors = world.client(general).embeddings.create(model="default", input=["bike", "boiler"])
    assert len(vectors.data) == 2 and len(vectors.data[0].embedding) == 384
    asked = httpx.post(world.base_url.removesuffix("/v1") + "/grants/request",
                       json={"scopes": ["notes.read"], "purpose": "more"},
                       headers={"Authorization": f"Bearer {general}"})
    assert asked.status_code == 403 and error_code(asked) == "not_for_app_keys"


def test_a_key_past_its_rate_is_told_to_wait(world):
    from app.gateway import Gateway

    key = world.key("Busy script", [])
    with Gateway(world.vault, socket_path=world.gw.socket_path.with_name("limited.sock"),
                 key_requests_per_minute=2) as gw:
        http = httpx.Client(transport=httpx.HTTPTransport(uds=str(gw.socket_path)))
        client = openai.OpenAI(base_url="http://hearth/v1", api_key=key, http_client=http, max_retries=0)
        client.models.list()
        client.models.list()
        with pytest.raises(openai.RateLimitError) as limited:
            client.models.list()
        assert limited.value.code == "too_many_requests"


def test_keys_are_kept_as_hashes_and_listed_with_their_grant(world):
    made = appkeys.create_app_key(world.vault, name="Hash check", scopes=["calendar.read"], days=3)
    secret = made.key[len("hk_") + 13:]
    stored = world.vault.query("SELECT value FROM settings WHERE key GLOB 'app_key:*'")
    assert stored and len(secret) == 43 and not any(secret in row[0] for row in stored)
    listed = {k.name: k for k in appkeys.list_app_keys(world.vault)}["Hash check"]
    assert listed.scopes == ("calendar.read", "assistant.general", "embeddings")
    assert listed.status == "active" and 2.9 * 86400 < listed.expires_at - time.time() <= 3 * 86400
    # The key is a grant like any other: revoking the grant (the Privacy view's Revoke) ends the key.
    grants.revoke_grant(world.vault, grants.GrantId(listed.grant_id))
    with pytest.raises(openai.AuthenticationError):
        world.client(made.key).models.list()
    # A name in use by a working key is refused; a personal scope is never added unasked.
    world.key("Twice", [])
    with pytest.raises(GrantDenied):
        world.key("twice", [])
    with pytest.raises(GrantDenied):
        world.key("Contradiction", ["assistant.personal"], personal=False)
    assert "assistant.personal" not in {s for k in appkeys.list_app_keys(world.vault) if k.name == "Twice"
                                        for s in k.scopes}


def test_keys_by_cli(home):
    env = {"HEARTH_PASSPHRASE": PASSPHRASE}
    assert run_cli("vault", "init", env=env).returncode == 0
    made = run_cli("keys", "create", "Editor", "--scopes", "notes.read,documents.search", "--personal", "yes",
                   env=env)
    assert made.returncode == 0, made.stderr
    lines = made.stdout.splitlines()
    key_lines = [line for line in lines if line.startswith("hk_")]
    assert len(key_lines) == 1 and key_lines[0].strip() == key_lines[0] and len(key_lines[0]) == 59
    assert "weaker proof than pairing" in made.stdout and "Read your notes" in made.stdout
    assert key_lines[0] not in run_cli("keys", "list", env=env).stdout
    listed = json.loads(run_cli("keys", "list", "--json", env=env).stdout)
    assert [(k["name"], k["status"]) for k in listed] == [("Editor", "active")]
    assert set(listed[0]["scopes"]) == {"notes.read", "documents.search", "assistant.personal",
                                        "assistant.general", "embeddings"}
    assert listed[0]["expires_at"] - time.time() > 29 * 86400 and listed[0]["last_used_at"] is None
    plain = json.loads(run_cli("keys", "create", "Plain", "--scopes", "notes.read", "--json", env=env).stdout)
    assert "assistant.personal" not in plain["scopes"] and plain["key"].startswith("hk_")
    unknown = run_cli("keys", "create", "X", "--scopes", "notes.*", env=env)
    assert unknown.returncode == 2 and unknown.stderr.startswith("hearth: unknown scope")
    clash = run_cli("keys", "create", "Y", "--scopes", "assistant.personal", "--personal", "no", env=env)
    assert clash.returncode == 1 and clash.stderr.count("\n") == 1
    revoked = run_cli("keys", "revoke", "Editor", env=env)
    assert revoked.returncode == 0 and "Revoked the app key Editor" in revoked.stdout
    again = run_cli("keys", "revoke", "Editor", env=env)
    assert again.returncode == 1 and "no working app key" in again.stderr
    statuses = {k["name"]: k["status"] for k in json.loads(run_cli("keys", "list", "--json", env=env).stdout)}
    assert statuses == {"Editor": "revoked", "Plain": "active"}


def test_a_key_against_hearth_serve_by_cli_alone(home):
    import signal

    env = {"HEARTH_PASSPHRASE": PASSPHRASE}
    assert run_cli("vault", "init", env=env).returncode == 0
    key = json.loads(run_cli("keys", "create", "Shell script", "--json", env=env).stdout)["key"]
    server = subprocess.Popen([sys.executable, "-m", "app", "serve", "--tcp", "0"],
                              env=dict(os.environ, **env), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
    try:
        lines = [server.stdout.readline() for _ in range(3)]
        assert lines[1].startswith("also on http://127.0.0.1:"), lines
        base_url = lines[2].split("base URL ", 1)[1].strip()
        client = openai.OpenAI(base_url=base_url, api_key=key, max_retries=0)
        assert "default" in {m.id for m in client.models.list().data}
        assert run_cli("keys", "revoke", "Shell script", env=env).returncode == 0
        with pytest.raises(openai.AuthenticationError):
            client.models.list()
        used = json.loads(run_cli("keys", "list", "--json", env=env).stdout)[0]
        assert used["status"] == "revoked"
    finally:
        server.send_signal(signal.SIGINT)
        _, err = server.communicate(timeout=30)
    assert server.returncode == 0, err
    log = json.loads(run_cli("audit", "--json", env=env).stdout)["entries"]
    assert [(e["app_name"], e["scope"], e["reason"]) for e in log][-2:] == [
        ("Shell script", "models", "ok"), ("Shell script", "models", "key_revoked")]
