"""The Models view's catalog, the first-run offer and the network log, against a stand-in Hub."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.gui.desktop import Desktop
from engine.models.registry import ModelRegistry, bundled_model_path
from tests.gui_support import WAIT_MS, close_desktop, make_vault, unlock
from tests.hub_server import HubServer
from vault import Keychain

REPO = "HearthTest/SmolLM2-135M-Instruct-GGUF"
GATED = "HearthTest/Gated-GGUF"
FILE = "SmolLM2-135M-Instruct-Q4_1.gguf"
MiB = 1 << 20


@pytest.fixture
def stand_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HubServer]:
    gguf = bundled_model_path()
    assert gguf is not None
    catalog = {"version": 1, "note": "test catalog", "models": [
        {"id": "smol-test", "name": "SmolLM2 Test", "family": "llama", "repo": REPO,
         "license": "Apache-2.0", "parameters": 135000000, "context_length": 8192,
         "arch": {"layers": 30, "kv_heads": 3, "head_dim": 64}, "good_for": "Tests.",
         "default_quant": "Q4_1",
         "files": [{"quant": "Q4_1", "file": FILE, "size": gguf.stat().st_size, "sha256": None,
                    "source": "the bundled file"}]},
        {"id": "gated-test", "name": "Gated Test", "family": "llama", "repo": GATED,
         "license": "Gated licence", "parameters": 100000000, "context_length": 8192,
         "arch": {"layers": 30, "kv_heads": 3, "head_dim": 64}, "good_for": "Tests.",
         "default_quant": "Q4_1",
         # A byte bigger than the Smol entry: the recommended pick is Smol however fast this is.
         "files": [{"quant": "Q4_1", "file": FILE, "size": gguf.stat().st_size + 1, "sha256": None,
                    "source": "the bundled file"}]},
        {"id": "giant-test", "name": "Giant Test", "family": "llama", "repo": "HearthTest/Giant",
         "license": "MIT", "parameters": 900000000000, "context_length": 8192,
         "arch": {"layers": 120, "kv_heads": 8, "head_dim": 128}, "good_for": "Nothing here.",
         "default_quant": "Q4_K_M",
         "files": [{"quant": "Q4_K_M", "file": "giant-Q4_K_M.gguf", "size": 900 * 10**9,
                    "sha256": None, "source": "made up"}]}]}
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(catalog))
    monkeypatch.setenv("HEARTH_CATALOG", str(path))
    # Entries other tests left in this process's in-memory network log stay out of these.
    from vault import netlog

    monkeypatch.setattr(netlog, "_pending", [])
    with HubServer() as server:
        server.add_repo(REPO, {FILE: gguf})
        server.add_repo(GATED, {FILE: gguf}, gated=True, token="hf_right")
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        yield server


@pytest.fixture
def app(stand_in: HubServer, qtbot: Any, home: Path, no_keychain: Keychain) -> Iterator[Desktop]:
    d = Desktop(keychain=no_keychain, tray_available=False, load_model=False)
    qtbot.addWidget(d.window)
    qtbot.addWidget(d.quick)
    try:
        yield d
    finally:
        close_desktop(d)


def _catalog_ready(qtbot: Any, desktop: Desktop) -> Any:
    panel = desktop.models.catalog
    desktop.models.load_catalog()
    qtbot.waitUntil(lambda: len(panel.cards) == 3, timeout=WAIT_MS)
    return panel


def _download_selected(panel: Any) -> None:
    """Download on the selected card, as the person clicks it."""
    panel.card(panel.selected().key).download_button.click()


def test_catalog_with_fit_labels_and_a_download_with_progress(
        app: Desktop, qtbot: Any, stand_in: HubServer, home: Path, no_keychain: Keychain) -> None:
    panel = _catalog_ready(qtbot, app)
    rows = {c.name.text(): [c.name.text(), c.facts.text(), c.fit.text(), c.speed.text(), c.good_for.text()]
            for c in panel.cards}
    # Fit labels tell good, slow and too slow apart by the estimated speed.
    from app.gui.texts import GOOD_SPEED, USABLE_SPEED

    fit = panel.fits["smol-test"]
    expected = ("Good here" if fit.tokens_per_s >= GOOD_SPEED else
                "Slow here" if fit.tokens_per_s >= USABLE_SPEED else "Too slow to use")
    assert rows["SmolLM2 Test"][2].startswith(expected)
    assert rows["SmolLM2 Test"][3].endswith("tokens/s")
    assert rows["Giant Test"][2] == "Too big for this computer"
    assert rows["Giant Test"][1] == "900 GB · MIT", rows["Giant Test"]   # its size and licence
    # The recommended card says so, and is the one selected.
    assert [c.name.text() for c in panel.cards if not c.badge.isHidden()] == ["SmolLM2 Test"]
    assert panel.selected_model().id == "smol-test"
    assert [c.property("selected") for c in panel.cards].count(True) == 1
    assert "memory bandwidth" in panel.machine_label.text()
    plans: list[Any] = []
    progress: list[Any] = []
    panel.confirm = lambda plan: plans.append(plan) or True
    panel.progressed.connect(progress.append)
    with qtbot.waitSignal(panel.downloaded, timeout=WAIT_MS) as done:
        _download_selected(panel)
    assert [(p.host, p.repo, p.file) for p in plans] == [("127.0.0.1", REPO, FILE)]
    assert progress and progress[-1].done == progress[-1].total
    assert panel.progress.value() == 1000 and "verified" in panel.status.text()
    result = done.args[0]
    assert result.entry.name == "smol-test"
    qtbot.waitUntil(lambda: "smol-test" in app.host.model_names(), timeout=WAIT_MS)
    names = [app.models.list.item(i).text() for i in range(app.models.list.count())]
    assert any(n.startswith("SmolLM2 Test") for n in names), names
    # "Use it now" loads what just arrived.
    assert not panel.use_button.isHidden() and "SmolLM2 Test" in panel.use_button.text()
    with qtbot.waitSignal(app.host.loaded, timeout=WAIT_MS):
        panel.use_button.click()
    assert app.host.current == "smol-test" and panel.use_button.isHidden()
    assert app.models.model_offer.isHidden()                 # a better model is here now
    # Remove deletes the downloaded file as well as the registration.
    app.models.list.setCurrentRow([n.startswith("SmolLM2 Test") for n in names].index(True))
    qtbot.waitUntil(lambda: app.models.remove_button.isEnabled(), timeout=WAIT_MS)
    with qtbot.waitSignal(app.host.models_changed, timeout=WAIT_MS):
        app.models.remove_selected(confirm=False)
    assert not result.path.exists()
    assert all(e.name != "smol-test" for e in ModelRegistry().list())
    # That download was logged in memory (no vault yet); creating and opening one keeps it.
    make_vault(home, no_keychain)
    app.start()
    unlock(qtbot, app)
    qtbot.waitUntil(lambda: not app.runner.busy(), timeout=WAIT_MS)
    from vault import netlog

    logged = netlog.entries(app.session.require_vault(), kind="download")
    assert any(e.started_by == "window: Models view" and e.status == "ok" for e in logged)


def test_cancel_then_resume_in_the_window(app: Desktop, qtbot: Any, stand_in: HubServer) -> None:
    panel = _catalog_ready(qtbot, app)
    panel.confirm = lambda plan: True
    stand_in.knobs.pause_after = 20 * MiB
    assert panel.cancel_button.isHidden()   # nothing running: nothing to cancel
    _download_selected(panel)
    qtbot.waitUntil(stand_in.knobs.paused.is_set, timeout=WAIT_MS)
    assert panel.cancel_button.isEnabled() and not panel.cancel_button.isHidden()
    with qtbot.waitSignal(panel.stopped, timeout=WAIT_MS) as stopped:
        panel.cancel_button.click()
        stand_in.knobs.resume.set()
    assert "Cancelled" in stopped.args[0]
    assert panel.cancel_button.isHidden()   # nothing to cancel: no button for it
    button = panel.card(panel.selected().key).download_button
    assert button.text() == "Resume download"
    assert all(c.download_button.text() == "Download" for c in panel.cards if c.download_button is not button)
    stand_in.knobs.pause_after = None
    with qtbot.waitSignal(panel.downloaded, timeout=WAIT_MS) as done:
        button.click()
    assert 0 < done.args[0].resumed_from <= 20 * MiB
    assert button.text() == "Download"


def test_first_run_offer_downloads_on_one_click_and_the_network_log_shows_it(
        app: Desktop, qtbot: Any, home: Path, no_keychain: Keychain, stand_in: HubServer,
        tmp_path: Path) -> None:
    make_vault(home, no_keychain)
    app.start()
    unlock(qtbot, app)
    _catalog_ready(qtbot, app)
    offer = app.models.model_offer
    qtbot.waitUntil(lambda: not offer.isHidden(), timeout=WAIT_MS)
    assert offer.parent() is not None and offer.isVisible()   # above the views, chat included
    sentence = offer.text.text()
    # The size reads as the network log below writes it (app.formats.size, decimal units).
    assert "SmolLM2 Test" in sentence and "(98.4 MB from" in sentence and f"127.0.0.1/{REPO}" in sentence
    assert FILE not in stand_in.served                         # nothing before the click
    # The offer asks the same one question as every download path: declined, nothing comes.
    asked: list[Any] = []
    app.models.catalog.confirm = lambda plan: asked.append(plan) and False
    with qtbot.waitSignal(app.models.catalog.stopped, timeout=WAIT_MS):
        offer.button.click()
    assert len(asked) == 1 and FILE not in stand_in.served and offer.button.isEnabled()
    app.models.catalog.confirm = lambda plan: asked.append(plan) or True
    with qtbot.waitSignal(app.host.loaded, timeout=WAIT_MS):
        offer.button.click()
    assert [p.file for p in asked] == [FILE, FILE]
    assert "now in use" in offer.text.text()
    assert app.host.current == "smol-test"
    network = app.privacy.network
    task = network.refresh()
    assert task is not None
    qtbot.waitUntil(lambda: task.done, timeout=WAIT_MS)
    # (Without the invisible break opportunities long cells get, after a path's punctuation.)
    table = network.table
    cells = [[table.item(r, c).text().replace("\u200b", "") for c in range(table.columnCount())]
             for r in range(table.rowCount())]
    downloads = [c for c in cells if c[1] == "model download"]
    assert len(downloads) == 1
    assert downloads[0][4] == "127.0.0.1" and FILE in downloads[0][5] and downloads[0][3] == "ok"
    assert downloads[0][9] == "window: Models view" and downloads[0][7] == "98.4 MB"
    assert downloads[0][2] == "no"
    assert any(c[1] == "Hub lookup" for c in cells)
    # Filters: downloads only, then only what carried personal data (nothing here did).
    network.kind_filter.setCurrentIndex(network.kind_filter.findData("download"))
    assert network.table.rowCount() == 1 and network.table.item(0, 1).text() == "model download"
    network.personal_only.setChecked(True)
    assert network.table.rowCount() == 0 and network.shown() == []
    network.personal_only.setChecked(False)
    out = tmp_path / "log.json"
    network.export(str(out))
    exported = json.loads(out.read_text())
    assert [e["kind"] for e in exported] == ["download"] and exported[0]["host"] == "127.0.0.1"
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    app.lock()
    assert network.table.rowCount() == 0


def test_a_gated_model_asks_for_a_token_and_keeps_it_in_the_vault(
        app: Desktop, qtbot: Any, home: Path, no_keychain: Keychain, stand_in: HubServer) -> None:
    make_vault(home, no_keychain)
    app.start()
    unlock(qtbot, app)
    panel = _catalog_ready(qtbot, app)
    card = next(c for c in panel.cards if c.name.text() == "Gated Test")
    asked: list[str] = []
    panel.confirm = lambda plan: True
    panel.ask_token = lambda choice: asked.append(choice.key) or "hf_right"
    with qtbot.waitSignal(panel.downloaded, timeout=WAIT_MS):
        card.download_button.click()       # its own Download: that card, not the selected one
    assert panel.selected().key == "gated-test" and card.property("selected")
    assert asked == ["gated-test"]
    from vault.settings import get_setting

    assert get_setting(app.session.require_vault(), "hf_token") == "hf_right"
    fetches = [r["auth"] for r in stand_in.requests if "/resolve/" in r["path"]]
    assert fetches == [False, True]


def test_hub_search_in_the_window_lists_files_with_fit_labels(app: Desktop, qtbot: Any,
                                                             stand_in: HubServer) -> None:
    panel = _catalog_ready(qtbot, app)
    panel.query.setText("smollm2")
    with qtbot.waitSignal(panel.searched, timeout=WAIT_MS):
        panel.search_button.click()
    rows = [[c.name.text(), c.facts.text(), c.fit.text(), c.speed.text(), c.good_for.text()]
            for c in panel.cards]
    assert [r[0] for r in rows] == [f"{REPO} · Q4_1"]
    assert rows[0][2].endswith("here") or rows[0][2] == "Too slow to use"
    assert rows[0][3].endswith("tokens/s") and rows[0][4] == "From the Hub (0 downloads)", rows[0]
    assert panel.selected() is None                        # nothing chosen for the person
    panel.confirm = lambda plan: True
    with qtbot.waitSignal(panel.downloaded, timeout=WAIT_MS) as done:
        panel.cards[0].download_button.click()
    assert done.args[0].entry.name == "smollm2-135m-instruct-q4_1"
    panel.catalog_button.click()
    assert len(panel.cards) == 3 and panel.catalog_button.isHidden()
