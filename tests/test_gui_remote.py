"""Consent in the window, on real widgets, with a real llama.cpp server on loopback as the remote.

The recording proxy in front of the server keeps every body it receives: what the consent
dialog showed (its exact bytes and SHA-256) must be exactly what arrived, byte for byte;
"Answer locally" and "Cancel" send nothing; the redaction switch changes the bytes shown and
the bytes sent alike; the network log lists exactly the requests the proxy received.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from PySide6.QtCore import QTimer

from app.gui.desktop import Desktop
from app.gui.model_host import AUTO
from app.gui.remote_consent import RemoteConsentDialog, gate_for
from tests.gui_support import WAIT_MS
from tests.remote_fixtures import RecordingProxy, llama_server, proxy  # noqa: F401

pytest_plugins = ["tests.gui_fixtures"]

PERSONAL = "Write one line to anna@example.org about lunch on Friday"


@pytest.fixture
def hybrid(loaded: Desktop, proxy: RecordingProxy, qtbot: Any) -> Desktop:  # noqa: F811
    """The loaded window on "auto", with an enabled remote that a rule sends every request to."""
    from app.routing import save_policy
    from engine.routing.remote import RemoteRegistry
    from engine.routing.router import Policy, Rule

    remotes = RemoteRegistry()
    remotes.add("big", proxy.url, model="smollm2", timeout_s=120)
    remotes.set_enabled("big", True)
    save_policy(loaded.session.require_vault(), Policy(rules=[Rule("big", reason="test: remote first")]))
    with qtbot.waitSignal(loaded.host.loaded, timeout=WAIT_MS):
        loaded.host.load(AUTO)
    loaded.host.max_tokens = 8
    loaded.chat.use_data.setChecked(False)
    return loaded


def answer_with(qtbot: Any, d: Desktop, act: Any, *, quick: bool = False) -> list[RemoteConsentDialog]:
    """Ask PERSONAL; when the consent dialog shows, ``act(dialog)``; wait for the answer."""
    shown: list[RemoteConsentDialog] = []

    def on_shown(dialog: RemoteConsentDialog) -> None:
        shown.append(dialog)
        QTimer.singleShot(0, lambda: act(dialog))

    gate = gate_for(d.host)
    gate.shown.connect(on_shown)
    try:
        signal = d.quick.answer_finished if quick else d.chat.answer_finished
        with qtbot.waitSignal(signal, timeout=WAIT_MS):
            if quick:
                d.quick.use_data.setChecked(False)
                d.quick.ask(PERSONAL)
            else:
                d.chat.send(PERSONAL)
    finally:
        gate.shown.disconnect(on_shown)
    return shown


def test_dialog_shows_the_exact_bytes_and_send_sends_exactly_them(
        hybrid: Desktop, proxy: RecordingProxy, qtbot: Any) -> None:  # noqa: F811
    seen: dict[str, Any] = {}

    def send(dialog: RemoteConsentDialog) -> None:
        seen.update(text=dialog.exact_text(), facts=dialog.facts.text(),
                    readable=dialog.readable.toHtml(), sha=dialog.plan.sha256)
        assert proxy.bodies == [], "nothing leaves while the dialog is open"
        dialog.send_button.click()

    shown = answer_with(qtbot, hybrid, send)
    assert len(shown) == 1 and len(proxy.bodies) == 1
    body = proxy.bodies[0]
    assert seen["text"].encode("utf-8") == body
    digest = hashlib.sha256(body).hexdigest()
    assert seen["sha"] == digest and digest in seen["facts"] and f"{len(body)} bytes" in seen["facts"]
    assert "anna@example.org" in seen["readable"] and "#ffe066" in seen["readable"]  # highlighted
    assert hybrid.chat.history[-1].meta.route.startswith("big (remote")
    # The network log has exactly this one call, by hash and size, with the consent.
    from vault.netlog import entries

    qtbot.waitUntil(lambda: not hybrid.runner.busy(), timeout=WAIT_MS)
    calls = entries(hybrid.session.require_vault(), kind="model_call")
    assert [(c.sha256, c.bytes_out, c.status) for c in calls] == [(digest, len(body), "ok")]
    assert calls[0].personal and calls[0].consent == "you approved this exact body"
    assert calls[0].bytes_in > 0


def test_answer_locally_sends_nothing(hybrid: Desktop, proxy: RecordingProxy, qtbot: Any) -> None:  # noqa: F811
    shown = answer_with(qtbot, hybrid, lambda dialog: dialog.local_button.click())
    assert len(shown) == 1 and proxy.bodies == []
    last = hybrid.chat.history[-1]
    assert last.content.strip() and last.meta.route.startswith("default (local")
    from vault.netlog import entries

    assert [c for c in entries(hybrid.session.require_vault(), kind="model_call")
            if c.bytes_out] == []


def test_cancel_sends_nothing_and_answers_nothing(
        hybrid: Desktop, qtbot: Any, proxy: RecordingProxy) -> None:  # noqa: F811
    shown = answer_with(qtbot, hybrid, lambda dialog: dialog.cancel_button.click())
    assert len(shown) == 1 and proxy.bodies == []
    assert not hybrid.chat.history[-1].content.strip()


def test_redaction_switch_changes_the_bytes_shown_and_sent(
        hybrid: Desktop, qtbot: Any, proxy: RecordingProxy) -> None:  # noqa: F811
    seen: dict[str, Any] = {}

    def redact_then_send(dialog: RemoteConsentDialog) -> None:
        seen["before"] = dialog.exact_text()
        dialog.redact.setChecked(True)
        seen["after"], seen["sha"] = dialog.exact_text(), dialog.plan.sha256
        seen["facts"] = dialog.facts.text()
        dialog.send_button.click()

    shown = answer_with(qtbot, hybrid, redact_then_send)
    assert len(shown) == 1, "the approved redacted body goes without asking twice"
    assert "anna@example.org" in seen["before"] and "anna@example.org" not in seen["after"]
    assert "[EMAIL_1]" in seen["after"] and "Replaced: 1 email" in seen["facts"]
    assert len(proxy.bodies) == 1
    assert proxy.bodies[0] == seen["after"].encode("utf-8")
    assert hashlib.sha256(proxy.bodies[0]).hexdigest() == seen["sha"] != hashlib.sha256(
        seen["before"].encode()).hexdigest()


def test_quick_ask_uses_the_compact_dialog(hybrid: Desktop, proxy: RecordingProxy, qtbot: Any) -> None:  # noqa: F811
    seen: dict[str, str] = {}

    def send(dialog: RemoteConsentDialog) -> None:
        seen.update(intro=dialog.intro.text(), text=dialog.exact_text())
        dialog.send_button.click()

    shown = answer_with(qtbot, hybrid, send, quick=True)
    assert len(shown) == 1 and seen["intro"].startswith("Send this to")
    assert proxy.bodies == [seen["text"].encode("utf-8")]
    assert hybrid.quick.text.strip()


def test_lock_while_asking_cancels_and_sends_nothing(
        hybrid: Desktop, qtbot: Any, proxy: RecordingProxy) -> None:  # noqa: F811
    gate = gate_for(hybrid.host)
    with qtbot.waitSignal(gate.shown, timeout=WAIT_MS):
        hybrid.chat.send(PERSONAL)
    assert gate.pending()
    hybrid.session.lock()
    qtbot.waitUntil(lambda: not gate.pending() and not hybrid.runner.busy(), timeout=WAIT_MS)
    assert proxy.bodies == []


def test_models_view_adds_tests_enables_and_removes_a_remote(
        open_desktop: Desktop, qtbot: Any, llama_server: str) -> None:  # noqa: F811
    from engine.routing.remote import KEY_SETTING, RemoteRegistry
    from vault.netlog import entries
    from vault.settings import get_setting

    panel = open_desktop.models.remotes
    assert panel.empty.isVisible() or not panel.list.count()
    panel.name.setText("GPU box")
    panel.url.setText(llama_server)
    panel.model.setText("smollm2")
    panel.api_key.setText("sk-test-key-123")
    with qtbot.waitSignal(panel.changed, timeout=WAIT_MS):
        panel.add_button.click()
    (endpoint,) = RemoteRegistry().list()
    assert (endpoint.name, endpoint.url, endpoint.enabled) == ("gpu-box", llama_server + "/v1", False)
    assert "sk-test-key-123" not in RemoteRegistry().file.read_text()
    vault = open_desktop.session.require_vault()
    assert get_setting(vault, KEY_SETTING + "gpu-box") == "sk-test-key-123"
    assert panel.list.count() == 1 and "disabled" in panel.list.item(0).text()
    assert panel.api_key.text() == ""

    with qtbot.waitSignal(panel.tested, timeout=WAIT_MS) as tested:
        panel.test_button.click()
    assert tested.args[0].models == ("smollm2",)
    assert "smollm2" in panel.status.text()
    (logged,) = entries(vault, kind="model_call")
    assert logged.path == "/v1/models" and logged.status == "ok" and logged.bytes_in > 0
    assert logged.bytes_out == 0 and not logged.personal

    with qtbot.waitSignal(panel.changed, timeout=WAIT_MS):
        panel.enable_button.click()
    assert RemoteRegistry().get("gpu-box").enabled and panel.enable_button.text() == "Disable"
    with qtbot.waitSignal(panel.changed, timeout=WAIT_MS):
        panel.enable_button.click()
    assert not RemoteRegistry().get("gpu-box").enabled

    with qtbot.waitSignal(panel.changed, timeout=WAIT_MS):
        panel.remove_button.click()
    qtbot.waitUntil(lambda: not open_desktop.runner.busy(), timeout=WAIT_MS)
    assert RemoteRegistry().list() == [] and panel.list.count() == 0
    assert not get_setting(vault, KEY_SETTING + "gpu-box")


def test_a_server_that_is_not_there_fails_the_test_in_words(open_desktop: Desktop, qtbot: Any) -> None:
    from engine.routing.remote import RemoteRegistry
    from tests.remote_fixtures import free_port

    RemoteRegistry().add("nowhere", f"http://127.0.0.1:{free_port()}")
    panel = open_desktop.models.remotes
    panel.refresh()
    with qtbot.waitSignal(panel.tested, timeout=WAIT_MS):
        panel.test_button.click()
    assert "nowhere failed the test" in panel.status.text() and "could not be reached" in panel.status.text()
