"""Nothing leaves: a whole session in the window with every remote model disabled.

A ``sys.addaudithook`` on ``socket.connect`` and ``socket.getaddrinfo`` in this process sees
every connection Hearth's code makes in it (the window, its workers, the plugin gateway, the
model runtime, the embedding model): unlock, import a folder, chat with "Use my data", quick
ask, and a plugin app pairing, being granted notes and the assistant, reading notes and
asking a question through the gateway. With a remote model registered but disabled (at an
address outside this machine) and one on loopback disabled too, the session makes no
connection outside loopback (Unix sockets and 127.0.0.0/8 only) and looks up no name.
"""

from __future__ import annotations

import ipaddress
import socket
import sys
from pathlib import Path
from typing import Any

from app.gui.desktop import Desktop
from tests.gui_support import WAIT_MS, write_notes
from tests.identity_fixtures import granted_plugin
from tests.remote_fixtures import RecordingProxy, llama_server, proxy  # noqa: F401

pytest_plugins = ["tests.gui_fixtures"]

_seen: dict[str, Any] = {"on": False, "connects": [], "lookups": []}


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if not _seen["on"]:
        return
    if event == "socket.connect":
        sock, address = args
        _seen["connects"].append((sock.family, address))
    elif event == "socket.getaddrinfo":
        _seen["lookups"].append(args[0])


if not getattr(sys, "_hearth_nothing_leaves_hook", False):  # audit hooks cannot be removed: once
    sys.addaudithook(_audit)
    sys._hearth_nothing_leaves_hook = True  # type: ignore[attr-defined]


def _outside(family: int, address: Any) -> bool:
    if family == socket.AF_UNIX:
        return False
    host = address[0] if isinstance(address, tuple) else str(address)
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host != "localhost"


def _is_loopback_name(host: Any) -> bool:
    if host in (None, "localhost", b"localhost"):
        return True
    try:
        return ipaddress.ip_address(host if isinstance(host, str) else host.decode()).is_loopback
    except ValueError:
        return False


def test_a_whole_session_with_remotes_disabled_connects_nowhere(
        open_desktop: Desktop, qtbot: Any, tmp_path: Path, proxy: RecordingProxy) -> None:  # noqa: F811
    from engine.routing.remote import RemoteRegistry

    d = open_desktop
    remotes = RemoteRegistry()
    remotes.add("far", "http://192.0.2.10:8080/v1")          # TEST-NET-1: outside this machine
    remotes.add("near", proxy.url, model="smollm2")           # loopback, but disabled too
    assert not any(e.enabled for e in remotes.list())
    _seen.update(on=True, connects=[], lookups=[])
    try:
        # Unlock happened in the fixture; lock and unlock again inside the watched window.
        d.session.lock()
        from tests.gui_support import unlock

        unlock(qtbot, d)
        qtbot.waitUntil(lambda: not d.runner.busy(), timeout=WAIT_MS)
        with qtbot.waitSignal(d.host.loaded, timeout=WAIT_MS):
            d.host.load("auto")
        d.host.max_tokens = 16
        folder = tmp_path / "docs"
        write_notes(folder)
        with qtbot.waitSignal(d.library.import_finished, timeout=WAIT_MS):
            d.library.import_paths([folder])
        d.chat.use_data.setChecked(True)
        with qtbot.waitSignal(d.chat.answer_finished, timeout=WAIT_MS):
            d.chat.send("What is the name of our sailing boat? Reply to anna@example.org.")
        with qtbot.waitSignal(d.quick.answer_finished, timeout=WAIT_MS):
            d.quick.ask("Where is the boat moored?")
        qtbot.waitUntil(lambda: d.gateway is not None, timeout=WAIT_MS)
        client, _grant = granted_plugin(d.gateway, ["notes.read", "assistant.general"])
        try:
            assert client.get("/v1/hearth/notes").status_code == 200
            asked = client.post("/v1/chat/completions", json={
                "model": "default", "max_tokens": 8,
                "messages": [{"role": "user", "content": "Say hello."}]})
            assert asked.status_code == 200, asked.text
        finally:
            client.close()
        qtbot.waitUntil(lambda: not d.runner.busy(), timeout=WAIT_MS)
    finally:
        _seen["on"] = False
    connects, lookups = list(_seen["connects"]), list(_seen["lookups"])
    assert connects, "the audit hook must have seen the session's own local connections"
    outside = [c for c in connects if _outside(*c)]
    assert outside == [], f"connections outside this machine: {outside}"
    assert [h for h in lookups if not _is_loopback_name(h)] == []
    assert proxy.bodies == []
    from vault.netlog import entries

    assert entries(d.session.require_vault(), kind="model_call") == []


def test_with_a_remote_enabled_the_log_lists_exactly_the_connections_made(
        loaded: Desktop, qtbot: Any, proxy: RecordingProxy) -> None:  # noqa: F811
    """Every connection to the remote is in the network log, and every logged call was made."""
    from app.gui.model_host import AUTO
    from app.gui.remote_consent import gate_for
    from app.routing import save_policy
    from engine.routing.remote import RemoteRegistry
    from engine.routing.router import Policy, Rule
    from vault.netlog import entries

    d = loaded
    remotes = RemoteRegistry()
    remotes.add("big", proxy.url, model="smollm2", timeout_s=120)
    remotes.set_enabled("big", True)
    save_policy(d.session.require_vault(), Policy(rules=[Rule("big", reason="remote first")]))
    with qtbot.waitSignal(d.host.loaded, timeout=WAIT_MS):
        d.host.load(AUTO)
    d.host.max_tokens = 8
    d.chat.use_data.setChecked(False)
    port = int(proxy.url.split(":")[2].split("/")[0])
    gate = gate_for(d.host)
    choices = iter(["send", "local"])

    def decide(dialog: Any) -> None:
        {"send": dialog.send_button, "local": dialog.local_button}[next(choices)].click()

    gate.shown.connect(decide)
    _seen.update(on=True, connects=[], lookups=[])
    try:
        for question in ("What is the capital of France?",            # not personal: no dialog
                         "Write to anna@example.org about lunch",      # personal: Send
                         "Write to bob@example.org about dinner"):     # personal: Answer locally
            with qtbot.waitSignal(d.chat.answer_finished, timeout=WAIT_MS):
                d.chat.send(question)
        qtbot.waitUntil(lambda: not d.runner.busy(), timeout=WAIT_MS)
    finally:
        _seen["on"] = False
        gate.shown.disconnect(decide)
    to_remote = [a for f, a in _seen["connects"] if f != socket.AF_UNIX and a[1] == port]
    logged = entries(d.session.require_vault(), kind="model_call")
    assert len(to_remote) == len(logged) == len(proxy.bodies) == 2
    import hashlib

    assert sorted(e.sha256 for e in logged) == sorted(hashlib.sha256(b).hexdigest() for b in proxy.bodies)
    assert sorted((e.personal, e.consent) for e in logged) == [
        (False, "not needed: no personal data found"), (True, "you approved this exact body")]
    assert not [c for c in _seen["connects"] if _outside(*c)]
