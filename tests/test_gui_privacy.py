"""Privacy: a paired app asks through the real gateway, the consent dialog answers, revoke blocks it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from app.gui.desktop import Desktop
from app.gui.dialogs import ConsentDialog
from app.gui.privacy_view import REVOKE_COLUMN
from identity import audit, grants
from identity.scopes import label
from tests.gui_support import WAIT_MS
from tests.identity_fixtures import PluginClient, error_code
from vault.notes import add_note

pytest_plugins = ["tests.gui_fixtures"]


def _gateway_up(qtbot: Any, d: Desktop) -> Any:
    qtbot.waitUntil(lambda: d.gateway is not None, timeout=WAIT_MS)
    return d.gateway


def test_consent_then_revoke_from_the_privacy_view(open_desktop: Desktop, qtbot: Any) -> None:
    d = open_desktop
    vault = d.session.require_vault()
    add_note(vault, "pick up the bread at six")
    gateway = _gateway_up(qtbot, d)
    client = PluginClient(gateway.socket_path, name="Notes helper")
    try:
        client.pair()
        request_id = client.request(["notes.read"], purpose="summarise my notes")
        asked: list[Any] = []

        def decide(request: Any) -> dict[str, Any]:
            asked.append(request)
            return {"scopes": list(request.scopes), "once": False, "days": 7}

        d.consent.decide = decide
        with qtbot.waitSignal(d.consent.answered, timeout=WAIT_MS) as blocker:
            d.consent.poll()
        assert blocker.args == [request_id, True]
        assert asked[0].app is not None and asked[0].app.name == "Notes helper"
        approved = client.poll(request_id).json()
        assert approved["status"] == "approved"
        assert client.get("/v1/hearth/notes").status_code == 200

        view = d.privacy
        d.window.resize(800, 600)
        d.window.show()
        d.window.show_view("privacy")
        view.refresh()
        qtbot.waitUntil(lambda: view.grants.rowCount() == 1 and view.timeline.rowCount() >= 1,
                        timeout=WAIT_MS)
        assert view.apps.item(0).text() == "Notes helper"
        assert "notes" in view.grants.item(0, 1).text().lower()
        assert view.grants.item(0, 3).text() == "Allowed" and view.grants.item(0, 6).text() == "1 time"
        # Plain words, one row per access (its outcome folded in), no raw codes.
        timeline = [(view.timeline.item(r, 1).text(), view.timeline.item(r, 2).text())
                    for r in range(view.timeline.rowCount())]
        notes = [t for t in timeline if "notes" in t[0].lower()]
        assert notes == [(label("notes.read"), "Allowed, done")], timeline
        assert not any("_" in what for _scope, what in timeline), timeline
        # Revoke is in view at 800x600, without scrolling sideways.
        button = view.grants.cellWidget(0, REVOKE_COLUMN)
        assert isinstance(button, QPushButton) and button.isEnabled()
        assert button.visibleRegion().boundingRect().width() == button.width()
        with qtbot.waitSignal(view.revoked, timeout=WAIT_MS):
            button.click()
        qtbot.waitUntil(lambda: view.grants.item(0, 3).text() == "Revoked", timeout=WAIT_MS)
        rows = view.timeline.rowCount()
        refused = client.get("/v1/hearth/notes")
        assert refused.status_code == 403 and error_code(refused) == "grant_revoked"
        # The refusal shows up by itself (no refresh, no lock and unlock).
        qtbot.waitUntil(lambda: view.timeline.rowCount() == rows + 1, timeout=WAIT_MS)
        assert view.timeline.item(0, 2).text() == "Refused: you revoked this access"
        assert grants.list_grants(vault)[0].revoked_at is not None
        assert audit.entries(vault)[-1].reason == "grant_revoked"
    finally:
        client.close()


def test_denying_consent_refuses_the_app(open_desktop: Desktop, qtbot: Any) -> None:
    d = open_desktop
    gateway = _gateway_up(qtbot, d)
    client = PluginClient(gateway.socket_path)
    try:
        client.pair()
        request_id = client.request(["contacts.read"], purpose="find a phone number")
        d.consent.decide = lambda _request: None
        with qtbot.waitSignal(d.consent.answered, timeout=WAIT_MS) as blocker:
            d.consent.poll()
        assert blocker.args == [request_id, False]
        r = client.poll(request_id)
        assert r.status_code == 403 and error_code(r) == "consent_denied"
    finally:
        client.close()


def test_consent_dialog_can_narrow_and_limit(qtbot: Any) -> None:
    dialog = ConsentDialog(app_name="Calendar sync", did="did:key:z6MkExample12345678",
                           exe_path="/usr/bin/calsync",
                           scopes=[("calendar.read", "Read your calendar"),
                                   ("contacts.read", "Read your contacts")],
                           purpose="show your week", days=30)
    qtbot.addWidget(dialog)
    assert dialog.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    dialog.scope_list.item(1).setCheckState(Qt.CheckState.Unchecked)
    dialog.expiry.setCurrentIndex(dialog.expiry.findData(7))
    dialog.once_button.click()
    assert dialog.decision() == {"scopes": ["calendar.read"], "once": True, "days": 7}
    denied = ConsentDialog(app_name="x", did="did:key:z6Mk1", exe_path="", scopes=[("notes.read", "n")],
                           purpose="", days=1)
    qtbot.addWidget(denied)
    denied.deny_button.click()
    assert denied.decision() is None


def test_gateway_stops_when_the_vault_locks(open_desktop: Desktop, qtbot: Any) -> None:
    d = open_desktop
    gateway = _gateway_up(qtbot, d)
    path = gateway.socket_path
    assert path.exists()
    d.lock()
    assert d.gateway is None
    qtbot.waitUntil(lambda: not path.exists(), timeout=WAIT_MS)


def test_privacy_and_network_log_times_read_in_the_persons_locale_and_zone(
        open_desktop: Desktop, qtbot: Any, monkeypatch: Any) -> None:
    import re
    import time

    from PySide6.QtCore import QLocale

    from identity.apps import register_app
    from tests.identity_fixtures import Keypair
    from vault.netlog import NetEntry, record

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    before = QLocale()
    QLocale.setDefault(QLocale("en_US"))
    try:
        d = open_desktop
        vault = d.session.require_vault()
        # 4 December 2026, 17:00:03 UTC: noon in New York.
        record(vault, NetEntry(kind="hub_api", host="huggingface.co", path="/api/models",
                               status="ok", started_at=1796403603.0, ended_at=1796403604.0))
        did = Keypair.generate().did
        register_app(vault, did, name="Notes helper", exe_path="/usr/bin/notes")
        grants.issue_grant(vault, app_did=did, scopes=["notes.read"], days=7)
        audit.append(vault, app_did=did, app_name="Notes helper", scope="notes.read",
                     decision="allow", items=["note:1"])
        view = d.privacy
        d.window.show()
        d.window.show_view("privacy")
        view.refresh()
        qtbot.waitUntil(lambda: view.timeline.rowCount() == 1 and view.network.table.rowCount() == 1,
                        timeout=WAIT_MS)
        network = view.network.table
        # (CLDR puts a narrow no-break space before AM/PM.)
        assert network.item(0, 0).text().replace("\u202f", " ") == "12/4/26 12:00:03 PM"
        assert network.item(0, 0).toolTip().replace("\u202f", " ") == \
            "Friday, December 4, 2026, 12:00 PM"
        us = re.compile(r"\d{1,2}/\d{1,2}/\d{2} \d{1,2}:\d{2} [AP]M")
        cells = [view.timeline.item(0, 0).text(), view.grants.item(0, 4).text()]
        cells = [c.replace("\u202f", " ") for c in cells]
        assert view.grants.item(0, 5).text() == "never"
        assert all(us.fullmatch(c) for c in cells), cells
        assert "Last seen: " in view.app_label.text()
        assert not re.search(r"\d{4}-\d{2}-\d{2}", view.app_label.text()), view.app_label.text()
    finally:
        QLocale.setDefault(before)
        monkeypatch.delenv("TZ")
        time.tzset()
