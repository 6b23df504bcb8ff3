"""A model too big for this computer, run across two devices from the window: real Qt, TLS, RPC.

"desk" and "srv" are ``hearth link serve`` processes on 127.0.0.12 and .13 that allowed "lap" to
split models across them, each lending 200 MiB (``HEARTH_SPLIT_LEND_MB``): the bundled SmolLM2
fits neither alone but both together. lap is a real window on its own vault; its Models view
is told this computer has 64 MiB free, so the model is "Too big for this computer". The test
takes the offer, watches the weights' progress, asks the chat, kills desk, and checks that the
window names desk at once and the chat answers on this computer again.
"""

from __future__ import annotations

import json
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from keyring.backends import fail

from app.gui.desktop import Desktop
from engine.models.fit import Machine
from engine.split import rpc
from tests.gui_support import WAIT_MS, close_desktop, unlock
from tests.link_support import Device, make_device
from vault import Keychain

pytestmark = pytest.mark.skipif(not rpc.supported(),
                                reason="llama-cpp-python was built without -DGGML_RPC=ON")
QUESTION = "What is the capital of France? Answer in one word."


@pytest.fixture
def devices(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Device, Device, Device]]:
    monkeypatch.setenv("HEARTH_SPLIT_THREADS", "1")
    monkeypatch.setenv("HEARTH_SPLIT_LEND_MB", "200")
    desk, srv, lap = (make_device(tmp_path, n) for n in ("desk", "srv", "lap"))
    desk.serve("--accept-pairing", host="127.0.0.12")
    srv.serve("--accept-pairing", host="127.0.0.13")
    try:
        for worker in (desk, srv):
            code = worker.cli("link", "code").stdout.strip()
            paired = lap.cli("link", "pair", code, "--name", worker.name, "--as", "lap")
            assert paired.returncode == 0, paired.stderr
            allowed = worker.cli("split", "allow", "lap")
            assert allowed.returncode == 0, allowed.stderr
        yield desk, srv, lap
    finally:
        desk.stop()
        srv.stop()


def _window(qtbot: Any, lap: Device) -> Desktop:
    d = Desktop(keychain=Keychain(backend=fail.Keyring()), home=lap.home, tray_available=False,
                load_model=False)
    qtbot.addWidget(d.window)
    qtbot.addWidget(d.quick)
    d.start()
    unlock(qtbot, d)
    qtbot.waitUntil(lambda: not d.runner.busy(), timeout=WAIT_MS)
    d.host.max_tokens = 16
    return d


def test_a_model_too_big_here_runs_across_two_devices_from_the_window(
        qtbot: Any, devices: tuple[Device, Device, Device]) -> None:
    desk, srv, lap = devices
    d = _window(qtbot, lap)
    try:
        models = d.models
        # This computer has 64 MiB free: the bundled model does not fit here.
        models.catalog.machine = Machine(ram_available=64 << 20, ram_total=64 << 20, gpu_free=0,
                                         gpu_name="", offload=False, bandwidth=10e9,
                                         bandwidth_measured=True)
        row = next(i for i in range(models.list.count())
                   if models.list.item(i).data(0x0100) == "default")
        models.list.setCurrentRow(-1)
        models.list.setCurrentRow(row)
        panel = models.split
        qtbot.waitUntil(lambda: models.fields["fit"].text() == "Too big for this computer", timeout=WAIT_MS)
        qtbot.waitUntil(lambda: not panel.run_button.isHidden() or "cannot" in panel.status.text(),
                        timeout=WAIT_MS)
        assert not panel.run_button.isHidden(), panel.status.text()
        assert panel.offer_text.text() == "Too big for this computer: run it across desk and srv?"
        assert panel.run_button.text() == "Run it across desk and srv"

        seen: list[int] = []
        panel.progress.valueChanged.connect(seen.append)
        panel.run_button.click()
        assert not panel.progress.isHidden() and panel.run_button.isHidden()
        qtbot.waitUntil(lambda: panel.choice is not None, timeout=WAIT_MS * 2)
        run = panel.choice.run
        # Too big for either device alone: each holds its part, the layers as the plan cut them.
        assert run.plan.alone == (False, False)
        assert [(p.device, p.first, p.last) for p in run.plan.parts] == [("desk", 0, 15), ("srv", 16, 29)]
        assert run.engine.weights_placed() > 80_000_000
        assert len(seen) >= 2 and seen[-1] == panel.progress.maximum() and min(seen) < seen[-1]
        name = "across desk and srv"
        assert panel.choice.name == name and d.host.current == name, (panel.choice.name, d.host.current)
        assert panel.status.text().startswith("The chat now answers with SmolLM2 135M (built in) across "
                                              "desk and srv (desk: layers 0-15;"), panel.status.text()

        # The chat answers with it.
        d.chat.use_data.setChecked(False)
        d.chat.model_picker.fill()
        assert d.chat.model_picker.findData(name) >= 0
        with qtbot.waitSignal(d.chat.answer_finished, timeout=WAIT_MS * 2) as blocker:
            assert d.chat.send(QUESTION) is not None
        assert "paris" in str(blocker.args[0]).lower(), blocker.args[0]
        assert d.chat.history[-1].meta.model == name, d.chat.history[-1].meta
        assert sum(f.counts.b_to_a for f in run.engine.forwarders) > 0   # activations came back
        assert srv.stats()["split"]["sessions"] >= 1

        # desk goes away: the window names it within seconds and answers here again.
        assert desk.proc is not None
        desk.proc.send_signal(signal.SIGKILL)
        killed = time.monotonic()
        qtbot.waitUntil(lambda: "went away" in panel.status.text(), timeout=WAIT_MS)
        assert time.monotonic() - killed < 5.0
        assert panel.status.text().startswith("Desk went away"), panel.status.text()
        assert "The chat answers with SmolLM2 135M (built in) on this computer" in panel.status.text()
        said = panel.status.text()
        assert name not in d.host.devices and panel.choice is None
        qtbot.waitUntil(lambda: d.host.model is not None and d.host.current == "default", timeout=WAIT_MS)
        with qtbot.waitSignal(d.chat.answer_finished, timeout=WAIT_MS * 2) as blocker:
            assert d.chat.send(QUESTION) is not None
        assert d.chat.history[-1].meta.model != name
        assert "paris" in str(blocker.args[0]).lower(), blocker.args[0]
        assert panel.status.text() == said   # what happened stays said (the model is not offered again)
        # One network-log row per device, with the weights and tensors it exchanged.
        qtbot.waitUntil(lambda: not d.runner.busy(), timeout=WAIT_MS)
        log = json.loads(lap.cli("network", "log", "--json").stdout)["entries"]
        rows = {e["detail"].split(":")[0]: e for e in log if e["path"] == "/split/ggml-rpc"}
        assert set(rows) == {"device desk", "device srv"}, rows
        asked = [e for e in log if e["path"] == "/split/memory"]   # the offer asked each device
        assert sorted(e["detail"].split(":")[0] for e in asked) == ["device desk", "device srv"]
        assert all(e["status"] == "ok" and e["started_by"] == "window: models" for e in asked)
        assert rows["device srv"]["bytes_out"] > 30_000_000 or run.engine.forwarders[1].weights_held
        assert all(e["started_by"] == "window: models" and e["status"].startswith("failed: desk went away")
                   for e in rows.values())
    finally:
        if d.models.split.choice is not None:
            d.models.split.choice.run.engine.close()
        close_desktop(d)
