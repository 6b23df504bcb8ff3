"""The tray under a real X server (Xvfb) with a real tray host (trayer), and without one.

Each test starts its own Xvfb; the app runs in a child process on the xcb
platform (the offscreen platform has no tray), reports what it sees as JSON,
and quits.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHILD = r"""
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QSystemTrayIcon
from keyring.backends import fail
from app.gui import build
from vault import Keychain

app, d = build(keychain=Keychain(backend=fail.Keyring()))
d.load_model = False
d.start()
out = {}

def report():
    out["available"] = QSystemTrayIcon.isSystemTrayAvailable()
    out["icon"] = d.tray.icon is not None and d.tray.icon.isVisible()
    out["geometry"] = d.tray.icon.geometry().getRect() if d.tray.icon is not None else None
    out["menu"] = [a.text() for a in d.tray.menu.actions() if a.text()]
    out["keep_in_tray"] = d.window.keep_in_tray
    if d.window.keep_in_tray:
        d.window.close()
    QTimer.singleShot(300, after_close)

def after_close():
    out["window_visible_after_close"] = d.window.isVisible()
    d.tray.quick_ask.emit()
    QTimer.singleShot(300, after_quick)

def after_quick():
    out["quick_visible"] = d.quick.isVisible()
    out["status"] = d.window.statusBar().currentMessage()
    print(json.dumps(out), flush=True)
    if d.window.keep_in_tray:
        d.tray.quit.emit()
    else:
        d.window.close()  # with no tray, closing the window is how Hearth quits

QTimer.singleShot(1500, report)
sys.exit(app.exec())
"""


def _need(*tools: str) -> None:
    for tool in tools:
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing: scripts/ensure-system-packages test installs it")


@pytest.fixture
def xserver(tmp_path: Path) -> Iterator[dict[str, str]]:
    _need("Xvfb")
    read, write = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24",
                             "-nolisten", "tcp"], pass_fds=(write,), stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as fh:
        display = fh.readline().strip()
    env = dict(os.environ, DISPLAY=f":{display}", QT_QPA_PLATFORM="xcb")
    env.pop("WAYLAND_DISPLAY", None)
    try:
        yield env
    finally:
        xvfb.terminate()
        xvfb.wait(10)


def _run_child(env: dict[str, str]) -> dict[str, object]:
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", CHILD], env=env, cwd=root, capture_output=True,
                          text=True, timeout=120)
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
    assert done.returncode == 0 and lines, f"the app failed:\n{done.stdout}\n{done.stderr[-3000:]}"
    return json.loads(lines[-1])


def test_tray_icon_and_menu_with_a_tray_host(xserver: dict[str, str]) -> None:
    _need("trayer")
    trayer = subprocess.Popen(["trayer", "--edge", "top", "--align", "right", "--widthtype", "request",
                               "--height", "24", "--transparent", "false"], env=xserver,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.0)  # trayer must own the tray selection before Hearth asks for it
        seen = _run_child(xserver)
    finally:
        trayer.terminate()
        trayer.wait(10)
    assert seen["available"] is True
    assert seen["icon"] is True
    geometry = seen["geometry"]
    assert isinstance(geometry, list) and geometry[2] > 0 and geometry[3] > 0
    assert seen["menu"] == ["Quick ask", "Open Hearth", "Lock", "Quit"]
    # Closing the window keeps Hearth running in the tray; the tray opens quick ask.
    assert seen["keep_in_tray"] is True
    assert seen["window_visible_after_close"] is False
    assert seen["quick_visible"] is True


def test_without_a_tray_host_hearth_works_and_says_so(xserver: dict[str, str]) -> None:
    seen = _run_child(xserver)
    assert seen["available"] is False
    assert seen["icon"] is False
    assert seen["keep_in_tray"] is False
    assert seen["window_visible_after_close"] is True
    assert "tray" in str(seen["status"]).lower()
    assert seen["quick_visible"] is True
