"""The Privacy view shows a proven app's rename and never reads an app's name as markup."""

from __future__ import annotations

from typing import Any

from app.gui.desktop import Desktop
from tests.gui_support import WAIT_MS
from tests.identity_fixtures import PluginClient

pytest_plugins = ["tests.gui_fixtures"]


def test_privacy_view_shows_a_rename_escaped(open_desktop: Desktop, qtbot: Any) -> None:
    d = open_desktop
    qtbot.waitUntil(lambda: d.gateway is not None, timeout=WAIT_MS)
    client = PluginClient(d.gateway.socket_path, name="Notes helper")
    try:
        client.pair()
        PluginClient(d.gateway.socket_path, key=client.key, name="<img src=x>Bank").pair()
    finally:
        client.close()
    view = d.privacy
    d.window.show_view("privacy")
    view.refresh()
    qtbot.waitUntil(lambda: "renamed from" in view.app_label.text(), timeout=WAIT_MS)
    label = view.app_label.text()
    assert "&lt;img src=x&gt;Bank" in label and "<img" not in label
    assert "renamed from Notes helper" in label
