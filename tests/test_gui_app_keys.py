"""App keys in the window: Privacy's "Connect another app…" makes a key that works through the real
gateway and stops at Revoke; Settings serves tools over 127.0.0.1 on the port shown, or not at all.

The whole desktop on a real vault (offscreen Qt), the real gateway on its socket and loopback, the
official ``openai`` SDK as the tool.
"""

from __future__ import annotations

import socket
from typing import Any

import httpx
import openai
import pytest
import shiboken6
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton

from app.gui.app_keys_dialog import CHOICES, AppKeyDialog
from app.gui.desktop import Desktop
from app.gui.privacy_view import REVOKE_COLUMN
from identity import appkeys
from identity.scopes import SCOPES
from tests.gui_support import WAIT_MS
from vault.settings import get_setting

pytest_plugins = ["tests.gui_fixtures"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _gateway(qtbot: Any, d: Desktop, port: int | None) -> Any:
    qtbot.waitUntil(lambda: d.gateway is not None and d.gateway.tcp_port == port, timeout=WAIT_MS)
    return d.gateway


def _sdk(gateway: Any, key: str) -> openai.OpenAI:
    http = httpx.Client(transport=httpx.HTTPTransport(uds=str(gateway.socket_path)))
    return openai.OpenAI(base_url="http://hearth/v1", api_key=key, http_client=http, max_retries=0)


def test_connect_another_app_then_revoke_it(open_desktop: Desktop, qtbot: Any) -> None:
    d = open_desktop
    vault = d.session.require_vault()
    gateway = _gateway(qtbot, d, None)
    view = d.privacy
    d.window.resize(900, 700)
    d.window.show()
    d.window.show_view("privacy")
    dialog = view.connect_app()
    assert isinstance(dialog, AppKeyDialog) and dialog.isVisible()
    # The consent dialog's words, nothing ticked, personal answers among them but not chosen.
    assert [b.text() for b in dialog.scopes.values()] == [SCOPES[s].label for s in CHOICES]
    assert "assistant.personal" in dialog.scopes and "notes.read" in dialog.scopes
    assert not any(b.isChecked() for b in dialog.scopes.values())
    assert not set(appkeys.BASE_SCOPES) & set(dialog.scopes)
    assert dialog.days.value() == 30
    assert dialog.warning.text() == appkeys.WEAKER_THAN_PAIRING and dialog.warning.isVisible()

    # No name: said plainly, nothing made.
    dialog.create_button.click()
    assert "name" in dialog.banner.text() and dialog.banner.isVisible()
    assert appkeys.list_app_keys(vault) == []

    dialog.name.setText("Editor")
    dialog.scopes["notes.read"].setChecked(True)
    dialog.days.setValue(7)
    with qtbot.waitSignal(dialog.created, timeout=WAIT_MS):
        dialog.create_button.click()
    key = dialog.key.text()
    assert key.startswith("hk_") and dialog.key.isReadOnly() and dialog.key.isVisible()
    shown = dialog.where.text()
    assert str(gateway.socket_path) in shown and "Settings" in shown   # TCP is off
    assert "You will not see this key again." in dialog.once.text() and dialog.once.isVisible()
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == key
    (made,) = appkeys.list_app_keys(vault)
    assert made.name == "Editor" and made.status == "active"
    assert set(made.scopes) == {"notes.read", *appkeys.BASE_SCOPES}   # no personal answers: not ticked
    assert 6.9 * 86400 < made.expires_at - made.created_at < 7.1 * 86400
    dialog.done_button.click()
    assert dialog.key.text() == ""   # the key stays nowhere once the dialog closes

    # The tool works through the real gateway, and reads notes only.
    client = _sdk(gateway, key)
    assert "default" in {m.id for m in client.models.list().data}
    with pytest.raises(openai.PermissionDeniedError):
        client.post("/hearth/search", body={"query": "boiler"}, cast_to=object)

    # Listed in Privacy like a paired app; Revoke there refuses its next request.
    qtbot.waitUntil(lambda: any(view.apps.item(i).text() == "Editor" for i in range(view.apps.count())),
                    timeout=WAIT_MS)
    qtbot.waitUntil(lambda: view.current_did == made.app_did and view.grants.rowCount() == 1,
                    timeout=WAIT_MS)
    assert "notes" in view.grants.item(0, 1).text().lower()
    assert "Program: any program that has its app key" in view.app_label.text()
    button = view.grants.cellWidget(0, REVOKE_COLUMN)
    assert isinstance(button, QPushButton) and button.isEnabled()
    with qtbot.waitSignal(view.revoked, timeout=WAIT_MS):
        button.click()
    with pytest.raises(openai.AuthenticationError) as refused:
        client.models.list()
    assert refused.value.status_code == 401
    assert appkeys.list_app_keys(vault)[0].status == "revoked"


def test_personal_answers_only_when_ticked_and_the_loopback_url_shown(open_desktop: Desktop,
                                                                      qtbot: Any) -> None:
    d = open_desktop
    port = _free_port()
    d.settings.tcp_port.setValue(port)
    d.settings.tcp.setChecked(True)
    _gateway(qtbot, d, port)
    dialog = d.privacy.connect_app()
    dialog.name.setText("llm")
    dialog.scopes["assistant.personal"].setChecked(True)
    dialog.scopes["calendar.read"].setChecked(True)
    with qtbot.waitSignal(dialog.created, timeout=WAIT_MS):
        dialog.create_button.click()
    assert f"http://127.0.0.1:{port}/v1" in dialog.where.text()
    (made,) = appkeys.list_app_keys(d.session.require_vault())
    assert set(made.scopes) == {"assistant.personal", "calendar.read", *appkeys.BASE_SCOPES}
    tool = openai.OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key=dialog.key.text(), max_retries=0)
    assert "default+personal" in {m.id for m in tool.models.list().data}
    # A second working key under the same name is refused in words, and nothing is made.
    again = d.privacy.connect_app()
    again.name.setText("LLM")
    again.create_button.click()
    qtbot.waitUntil(lambda: again.banner.isVisible(), timeout=WAIT_MS)
    assert "already works" in again.banner.text() and again.key.text() == ""
    assert len(appkeys.list_app_keys(d.session.require_vault())) == 1
    # A key on screen does not stay there when Hearth locks.
    again.name.setText("Script")
    with qtbot.waitSignal(again.created, timeout=WAIT_MS):
        again.create_button.click()
    assert again.key.text().startswith("hk_") and again.isVisible()
    with qtbot.waitSignal(d.session.locked, timeout=WAIT_MS):
        d.lock()
    assert d.privacy.key_dialog is None
    qtbot.waitUntil(lambda: not shiboken6.isValid(again), timeout=WAIT_MS)


def test_settings_serve_tools_over_loopback_on_the_port_shown(open_desktop: Desktop, qtbot: Any) -> None:
    d = open_desktop
    view = d.settings
    vault = d.session.require_vault()
    _gateway(qtbot, d, None)
    assert not view.tcp.isChecked() and view.tcp_port.value() == 8765
    assert view.tcp_url.text() == "Off"
    port = _free_port()
    view.tcp_port.setValue(port)      # off: a port alone serves nothing
    view.tcp.setChecked(True)
    gateway = _gateway(qtbot, d, port)
    assert view.tcp_url.text() == f"Tools use http://127.0.0.1:{port}/v1"
    assert f"tools connect at http://127.0.0.1:{port}/v1" in d.window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: get_setting(vault, "gateway_tcp_port") == port, timeout=WAIT_MS)
    answer = httpx.get(f"http://127.0.0.1:{port}/v1/models", timeout=10)
    assert answer.status_code == 401 and answer.json()["error"]["code"] == "no_session"   # an HTTP answer
    assert gateway.socket_path.exists()   # the private socket stays

    # Another port: the gateway restarts there at once; the old one is closed.
    other = _free_port()
    view.tcp_port.setValue(other)
    _gateway(qtbot, d, other)
    assert httpx.get(f"http://127.0.0.1:{other}/v1/models", timeout=10).status_code == 401
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/v1/models", timeout=10)

    view.tcp.setChecked(False)
    _gateway(qtbot, d, None)
    assert get_setting(vault, "gateway_tcp_port") == 0
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{other}/v1/models", timeout=10)


def test_a_port_in_use_keeps_the_socket_and_says_so(open_desktop: Desktop, qtbot: Any) -> None:
    d = open_desktop
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = int(taken.getsockname()[1])
        d.settings.tcp_port.setValue(port)
        d.settings.tcp.setChecked(True)
        qtbot.waitUntil(lambda: "another program uses that port" in d.window.statusBar().currentMessage(),
                        timeout=WAIT_MS)
        gateway = _gateway(qtbot, d, None)
        assert gateway.socket_path.exists()
        with pytest.raises(openai.AuthenticationError):   # answered on the socket: a bad key
            _sdk(gateway, "hk_nonsense").models.list()
