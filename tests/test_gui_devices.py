"""The person's own devices in the window: real widgets, real vaults, real TLS, the bundled model.

Two Hearth homes. In the first test both are windows in this process: "desk" serves through the
Settings switch, "lap" pairs from its Models view; the test drives both pairing dialogs, uses desk
from lap's chat, then unpairs lap in desk's Privacy view. In the second, desk is ``hearth link
serve`` in a child process (as in tests/test_link*.py) and lap's window pairs with it, lists it and
unpairs it from its side.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from keyring.backends import fail

from app.gui.desktop import Desktop
from app.gui.pairing_dialog import AskPairingDialog, ServePairingDialog
from engine.link.wire import split_address
from tests.gui_support import WAIT_MS, close_desktop, make_vault, unlock
from tests.link_support import make_device
from vault import Keychain

BOAT = "Our sailing boat Marigold is moored at pier 7 in Harbour Bay."
QUESTION = "Where is our boat Marigold moored?"


def _window(qtbot: Any, home: Path, *, listen: str = "") -> Desktop:
    keychain = Keychain(backend=fail.Keyring())
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    make_vault(home, keychain)
    if listen:
        from tests.conftest import PASSPHRASE
        from vault import Vault
        from vault.settings import set_setting

        vault = Vault.unlock(home=home, passphrase=PASSPHRASE, keychain=keychain)
        set_setting(vault, "link_listen", listen)
        vault.lock()
    d = Desktop(keychain=keychain, home=home, tray_available=False, load_model=False)
    qtbot.addWidget(d.window)
    qtbot.addWidget(d.quick)
    d.start()
    unlock(qtbot, d)
    qtbot.waitUntil(lambda: not d.runner.busy(), timeout=WAIT_MS)
    d.host.max_tokens = 48
    return d


def _reachable(address: str) -> bool:
    host, port = split_address(address)
    try:
        socket.create_connection((host, port), timeout=2).close()
    except OSError:
        return False
    return True


@pytest.fixture
def desk_lap(qtbot: Any, tmp_path: Path) -> Iterator[tuple[Desktop, Desktop]]:
    desk = _window(qtbot, tmp_path / "desk", listen="127.0.0.5:0")
    lap = _window(qtbot, tmp_path / "lap")
    try:
        yield desk, lap
    finally:
        for d in (lap, desk):
            close_desktop(d)


def _pair(qtbot: Any, desk: Desktop, lap: Desktop, *, personal: bool) -> tuple[ServePairingDialog,
                                                                              AskPairingDialog]:
    serving = desk.models.devices.open_code()
    qtbot.waitUntil(lambda: serving.code_text.startswith("hearth-link:"), timeout=WAIT_MS)
    assert serving.code.toPlainText() == serving.code_text and serving.copy_button.isEnabled()
    asking = lap.models.devices.open_pairing()
    asking.code.setPlainText(serving.code_text)
    qtbot.waitUntil(lambda: asking.pair_button.isEnabled(), timeout=WAIT_MS)
    assert asking.digits.isVisible() and len(asking.expected) == 6
    asking.name.setText("desk")
    (asking.personal_yes if personal else asking.personal_no).setChecked(True)
    asking.pair_button.click()
    qtbot.waitUntil(lambda: serving.confirm_button.isVisible(), timeout=WAIT_MS)
    # Both screens show the same 6 digits, derived from both keys.
    assert serving.digits.text() == asking.expected == asking.digits.text()
    # lap goes by this computer's host name on desk (both are this machine here).
    from app.link.serving import this_computer

    assert serving.request == (this_computer(), asking.expected)
    assert serving.asks.text().startswith(f"{this_computer()} asks to use this computer's models")
    serving.confirm_button.click()
    qtbot.waitUntil(lambda: asking.peer is not None, timeout=WAIT_MS)
    assert asking.shown == asking.expected
    assert serving.status.text().startswith("Paired:"), serving.status.text()
    assert asking.status.text().startswith("Paired with desk"), asking.status.text()
    return serving, asking


def test_pair_in_the_window_use_the_desk_from_the_chat_and_unpair_it(
        qtbot: Any, desk_lap: tuple[Desktop, Desktop]) -> None:
    desk, lap = desk_lap
    # The switch in Settings starts serving (off until the person turns it on).
    assert not desk.link.serving and not desk.settings.link_serve.isChecked()
    desk.settings.link_serve.setChecked(True)
    qtbot.waitUntil(lambda: desk.link.serving, timeout=WAIT_MS)
    address = desk.link.address
    assert address.startswith("127.0.0.5:") and _reachable(address)
    assert "Serving on 127.0.0.5" in desk.models.devices.serving.text()

    # A wrong code is one plain line, and nothing is paired.
    wrong = AskPairingDialog(lap.link)
    qtbot.addWidget(wrong)
    wrong.code.setPlainText("hearth-link:not-a-code")
    qtbot.waitUntil(lambda: bool(wrong.status.text()), timeout=WAIT_MS)
    assert wrong.status.text() == "the pairing code is damaged; copy it again"
    assert not wrong.pair_button.isEnabled()

    # Cancel on desk: lap is told in one line, and nothing is stored on either side.
    serving = desk.models.devices.open_code()
    qtbot.waitUntil(lambda: serving.code_text.startswith("hearth-link:"), timeout=WAIT_MS)
    asking = lap.models.devices.open_pairing()
    asking.code.setPlainText(serving.code_text)
    qtbot.waitUntil(lambda: asking.pair_button.isEnabled(), timeout=WAIT_MS)
    task = asking.pair()
    qtbot.waitUntil(lambda: serving.cancel_button.isVisible(), timeout=WAIT_MS)
    serving.cancel_button.click()
    qtbot.waitUntil(lambda: task.done, timeout=WAIT_MS)
    assert serving.status.text().endswith("was not paired and nothing was stored."), serving.status.text()
    assert asking.status.text().endswith("the pairing was cancelled on the other computer; nothing "
                                         "was stored"), asking.status.text()
    assert asking.peer is None
    serving.close()
    asking.close()

    serving, asking = _pair(qtbot, desk, lap, personal=True)
    serving.close()
    asking.close()
    # The code was for one use: taken again, it is refused in one line.
    again = _try_code(qtbot, lap, serving.code_text)
    assert again.endswith("this pairing code was already used; ask for a new one"), again

    # lap's Models view: desk, online, with the models it serves.
    panel = lap.models.devices
    qtbot.waitUntil(lambda: bool(panel.rows) and not panel._loading, timeout=WAIT_MS)
    assert [(r["name"], r["online"], r["personal"]) for r in panel.rows] == [("desk", True, True)]
    assert "default" in panel.rows[0]["models"]
    assert panel.table.item(0, 1).text() == "online"
    assert panel.table.item(0, 3).text() == "may answer from it"
    picker = panel.pickers["desk"]
    assert picker.findText("default") >= 0
    picker.setCurrentIndex(picker.findText("default"))
    panel.use_buttons["desk"].click()
    qtbot.waitUntil(lambda: lap.host.current == "desk", timeout=WAIT_MS)
    # The chat's list of models offers it too.
    lap.chat.model_picker.fill()
    assert lap.chat.model_picker.findData("desk") >= 0

    # A personal question on lap, answered by desk's model from lap's note.
    from vault.notes import add_note

    add_note(lap.session.require_vault(), BOAT)
    before = desk.link.service.server.stats.engine_requests
    lap.chat.use_data.setChecked(True)
    with qtbot.waitSignal(lap.chat.answer_finished, timeout=WAIT_MS * 3) as blocker:
        assert lap.chat.send(QUESTION) is not None
    answer = str(blocker.args[0])
    meta = lap.chat.history[-1].meta
    assert meta.model == "desk", (meta.model, meta.route, answer)
    assert "pier 7" in answer.lower(), answer
    assert desk.link.service.server.stats.engine_requests == before + 1
    # Its speed, measured on this first use, is in "Your devices".
    qtbot.waitUntil(lambda: "tokens/s" in panel.table.item(0, 1).text(), timeout=WAIT_MS)
    assert panel.table.item(0, 1).text() == f"online \u00b7 {lap.host.device_speeds['desk']}"
    assert lap.host.device_speeds["desk"] in lap.chat.transcript.blocks[-1].footer.text()  # as the chat says
    # The footer names the person's own computer, not an "online model".
    footer = lap.chat.transcript.blocks[-1].footer.text()
    assert footer.startswith("On your device desk") and "online model" not in footer, footer
    # No dialog asked: lap said once, at pairing, that desk may answer from its data.
    from app.gui.remote_consent import gate_for

    assert gate_for(lap.host).pending() == []
    entries = _netlog(lap)
    sent = [e for e in entries if e["host"] == address and e["path"].endswith("/chat/completions")]
    assert sent and sent[0]["status"] == "ok" and sent[0]["personal"]   # newest first
    assert "device desk" in sent[0]["detail"] and sent[0]["started_by"] == "window: chat"

    # Routed there by the person's rule (the model picker on "auto"), desk answers as well, and
    # the footer names it the same way: it is the person's own computer, not an online model.
    from app.gui.model_host import AUTO
    from app.routing import save_policy
    from engine.routing.router import Policy, Rule

    save_policy(lap.session.require_vault(), Policy(rules=[Rule("desk/default", reason="desk")]))
    with qtbot.waitSignal(lap.host.loaded, timeout=WAIT_MS):
        lap.host.load(AUTO)
    served = desk.link.service.server.stats.engine_requests
    with qtbot.waitSignal(lap.chat.answer_finished, timeout=WAIT_MS * 3):
        assert lap.chat.send(QUESTION) is not None
    routed = lap.chat.history[-1].meta
    assert routed.model == "desk/default", (routed.model, routed.route)
    assert desk.link.service.server.stats.engine_requests == served + 1
    footer = lap.chat.transcript.blocks[-1].footer.text()
    assert footer.startswith("On your device desk") and "online model" not in footer, footer
    save_policy(lap.session.require_vault(), Policy())
    lap.host.use_device("desk")

    # desk's Privacy view: lap, with Unpair. After it, lap's next request is refused.
    privacy = desk.privacy.devices
    privacy.refresh()
    lap_name = serving.request[0] if serving.request else ""
    qtbot.waitUntil(lambda: lap_name in privacy.unpair_buttons, timeout=WAIT_MS)
    assert privacy.table.item(0, 1).text() == "it uses this computer's models"
    privacy.unpair_buttons[lap_name].click()
    qtbot.waitUntil(lambda: privacy.status.text().startswith(f"Unpaired {lap_name}"), timeout=WAIT_MS)
    stats = desk.link.service.server.stats
    served, refused = stats.engine_requests, sum(stats.refused.values())
    with qtbot.waitSignal(lap.chat.answer_finished, timeout=WAIT_MS * 3):
        assert lap.chat.send("What is the capital of France? Answer in one word.") is not None
    assert lap.chat.history[-1].meta.model != "desk"
    assert stats.engine_requests == served and sum(stats.refused.values()) > refused, stats.as_dict()
    # The chat says so in one line, naming the device.
    qtbot.waitUntil(lambda: "This computer answered, not desk" in lap.chat.banner.text(),
                    timeout=WAIT_MS)
    assert "desk" in lap.chat.banner.text().split(":", 1)[1], lap.chat.banner.text()
    # Pairing and listing crossed the network too: both in lap's network log, said as the window's.
    entries = _netlog(lap)
    pairs = [e for e in entries if e["host"] == address and e["path"] == "/link/pair"]
    assert [e["status"] for e in pairs] == ["refused: code_used", "ok", "refused: declined"]  # newest first
    listed = [e for e in entries if e["host"] == address and e["path"] == "/link/models"]
    assert listed and listed[0]["status"] == "ok" and listed[0]["bytes_in"] > 0
    assert {e["started_by"] for e in pairs + listed} == {"window: your devices"}

    # The switch off stops serving.
    desk.settings.link_serve.setChecked(False)
    qtbot.waitUntil(lambda: not desk.link.serving, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not _reachable(address), timeout=WAIT_MS)
    # Locking stops serving too.
    desk.settings.link_serve.setChecked(True)
    qtbot.waitUntil(lambda: desk.link.serving, timeout=WAIT_MS)
    second = desk.link.address
    assert _reachable(second)
    desk.lock()
    assert not desk.link.serving
    qtbot.waitUntil(lambda: not _reachable(second), timeout=WAIT_MS)
    off = _try_code(qtbot, lap, serving.code_text)
    assert off.startswith(f"the device that showed the code could not be reached at {address}"), off


def _try_code(qtbot: Any, lap: Desktop, code: str) -> str:
    """Pair with ``code`` in a fresh asking dialog; what its status line says in the end."""
    dialog = AskPairingDialog(lap.link)
    qtbot.addWidget(dialog)
    dialog.code.setPlainText(code)
    qtbot.waitUntil(lambda: dialog.pair_button.isEnabled(), timeout=WAIT_MS)
    task = dialog.pair()
    qtbot.waitUntil(lambda: task.done, timeout=WAIT_MS)
    assert dialog.peer is None
    return str(dialog.status.text())


def _netlog(d: Desktop) -> list[dict[str, Any]]:
    from dataclasses import asdict

    from vault.netlog import entries

    return [asdict(e) for e in entries(d.session.require_vault())]


def test_the_window_pairs_with_hearth_link_serve_and_unpairs_from_its_side(
        qtbot: Any, tmp_path: Path) -> None:
    desk = make_device(tmp_path / "people", "desk")
    desk.serve(host="127.0.0.6")
    lap = _window(qtbot, tmp_path / "lap")
    try:
        code = desk.cli("link", "code")
        assert code.returncode == 0, code.stderr
        asking = lap.models.devices.open_pairing()
        asking.code.setPlainText(code.stdout.strip())
        qtbot.waitUntil(lambda: asking.pair_button.isEnabled(), timeout=WAIT_MS)
        asking.name.setText("Desk")
        asking.pair_button.click()
        shown = desk.wait_line("pairing request from ", timeout=60)
        assert f"confirmation {asking.expected}" in shown   # desk's screen: the same 6 digits
        confirmed = desk.cli("link", "confirm", asking.expected)
        assert confirmed.returncode == 0, confirmed.stderr
        qtbot.waitUntil(lambda: asking.peer is not None, timeout=WAIT_MS)
        assert asking.status.text().startswith("Paired with desk: it answers general questions only")
        asking.close()
        panel = lap.models.devices
        qtbot.waitUntil(lambda: bool(panel.rows) and not panel._loading, timeout=WAIT_MS)
        assert [(r["name"], r["online"], r["personal"]) for r in panel.rows] == [("desk", True, False)]
        assert panel.table.item(0, 3).text() == "general questions only"
        panel.use("desk")
        qtbot.waitUntil(lambda: lap.host.current == "desk", timeout=WAIT_MS)
        lap.host.max_tokens = 24
        # Paired for general questions only: a question about lap's files is answered on lap.
        from vault.notes import add_note

        add_note(lap.session.require_vault(), BOAT)
        before = desk.stats()["engine_requests"]
        lap.chat.use_data.setChecked(True)
        with qtbot.waitSignal(lap.chat.answer_finished, timeout=WAIT_MS * 3):
            assert lap.chat.send(QUESTION) is not None
        assert lap.chat.history[-1].meta.model != "desk"
        assert desk.stats()["engine_requests"] == before
        qtbot.waitUntil(lambda: "may not answer from your data" in lap.chat.banner.text(),
                        timeout=WAIT_MS)
        # A general question goes to desk, whose model answers it.
        lap.chat.use_data.setChecked(False)
        with qtbot.waitSignal(lap.chat.answer_finished, timeout=WAIT_MS * 3) as blocker:
            assert lap.chat.send("What is the capital of France? Answer in one word.") is not None
        assert lap.chat.history[-1].meta.model == "desk"
        assert "paris" in str(blocker.args[0]).lower(), blocker.args[0]
        assert desk.stats()["engine_requests"] == before + 1
        served = desk.wait_line("hearth link: answered ")
        assert "France" not in served and "Paris" not in served   # desk keeps no content
        # Unpaired from lap's Privacy view: desk revokes lap too, and refuses it from then on.
        privacy = lap.privacy.devices
        privacy.refresh()
        qtbot.waitUntil(lambda: "desk" in privacy.unpair_buttons, timeout=WAIT_MS)
        privacy.unpair_buttons["desk"].click()
        qtbot.waitUntil(lambda: privacy.status.text().startswith("Unpaired desk"), timeout=WAIT_MS)
        assert "desk revoked this device's grant too" in privacy.status.text()
        assert json.loads(desk.cli("link", "list", "--json").stdout) == []
    finally:
        close_desktop(lap)
        desk.stop()


def test_a_port_already_taken_is_said_in_one_line(qtbot: Any, tmp_path: Path) -> None:
    taken = socket.create_server(("127.0.0.8", 0))
    port = taken.getsockname()[1]
    desk = _window(qtbot, tmp_path / "desk", listen=f"127.0.0.8:{port}")
    try:
        desk.settings.link_serve.setChecked(True)
        qtbot.waitUntil(lambda: desk.link.state.startswith("Not serving"), timeout=WAIT_MS)
        assert not desk.link.serving
        assert desk.link.state.startswith(f"Not serving: cannot listen on 127.0.0.8:{port}"), \
            desk.link.state
        assert desk.window.statusBar().currentMessage() == f"Your devices: {desk.link.state}"
        assert not desk.models.devices.code_button.isEnabled()
    finally:
        close_desktop(desk)
        taken.close()


def test_cancel_on_the_asking_side_ends_the_wait_on_both_computers(qtbot: Any, tmp_path: Path) -> None:
    import time

    from engine.link.client import PairingCancelled
    from identity import devices

    desk = make_device(tmp_path / "people", "desk")
    desk.serve(host="127.0.0.7")
    lap = _window(qtbot, tmp_path / "lap")
    try:
        code = desk.cli("link", "code")
        assert code.returncode == 0, code.stderr
        asking = lap.models.devices.open_pairing()
        asking.code.setPlainText(code.stdout.strip())
        qtbot.waitUntil(lambda: asking.pair_button.isEnabled(), timeout=WAIT_MS)
        assert not asking.cancel_button.isVisible() and asking.close_button.isVisible()
        asking.pair_button.click()
        desk.wait_line("pairing request from ", timeout=60)
        qtbot.waitUntil(lambda: asking.status.text().startswith("Waiting: confirm"), timeout=WAIT_MS)
        # While it waits, Cancel is offered in place of Close.
        assert asking.cancel_button.isVisible() and not asking.close_button.isVisible()
        task = asking.task
        assert task is not None and not task.done
        closed: list[int] = []
        asking.finished.connect(closed.append)
        started = time.monotonic()
        asking.cancel_button.click()
        qtbot.waitUntil(lambda: bool(closed) and task.done, timeout=2000)
        assert time.monotonic() - started < 2.0
        assert closed == [AskPairingDialog.DialogCode.Rejected.value]
        assert isinstance(task.error, PairingCancelled), task.error
        # desk's side ends its wait at once: it says so, and has nothing left to confirm.
        ended = desk.wait_line("cancelled the pairing", timeout=5)
        assert "nothing was stored" in ended, ended
        late = desk.cli("link", "confirm", asking.expected)
        assert late.returncode != 0 and "no pairing request is waiting" in late.stderr + late.stdout
        # Nothing is paired on either side.
        assert json.loads(desk.cli("link", "list", "--json").stdout) == []
        assert devices.list_peers(lap.session.require_vault()) == []
        assert "desk" not in lap.models.devices.pickers
        pairs = [e for e in _netlog(lap) if e["path"] == "/link/pair"]
        assert [e["status"] for e in pairs] == ["cancelled"], pairs
    finally:
        close_desktop(lap)
        desk.stop()


def test_desks_dialog_says_the_pairing_ended_when_lap_cancels(
        qtbot: Any, desk_lap: tuple[Desktop, Desktop]) -> None:
    desk, lap = desk_lap
    desk.settings.link_serve.setChecked(True)
    qtbot.waitUntil(lambda: desk.link.serving, timeout=WAIT_MS)
    serving = desk.models.devices.open_code()
    qtbot.waitUntil(lambda: serving.code_text.startswith("hearth-link:"), timeout=WAIT_MS)
    asking = lap.models.devices.open_pairing()
    asking.code.setPlainText(serving.code_text)
    qtbot.waitUntil(lambda: asking.pair_button.isEnabled(), timeout=WAIT_MS)
    asking.pair_button.click()
    qtbot.waitUntil(lambda: serving.confirm_button.isVisible(), timeout=WAIT_MS)
    task = asking.task
    asking.reject()   # closing the dialog (Esc, the window's X) while it waits cancels too
    qtbot.waitUntil(lambda: task.done, timeout=2000)
    qtbot.waitUntil(lambda: not serving.confirm_button.isVisible(), timeout=2000)
    assert serving.status.text().endswith("is no longer waiting: the pairing ended and nothing was "
                                          "stored."), serving.status.text()
    assert desk.link.waiting() is None
    from identity import devices

    assert devices.list_clients(desk.session.require_vault()) == []
    assert devices.list_peers(lap.session.require_vault()) == []
    serving.close()
