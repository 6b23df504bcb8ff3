"""Screenshots of pairing two Hearths in the window and of the Models view's "Your devices".

Two throwaway Hearth homes in one process, each a real window: "desk" serves on 127.0.0.7
(Settings' switch), "lap" pairs with it through both pairing dialogs. Saves, at 1366x768:
``OUT/devices-pairing-serving.png`` (desk's dialog: the code and the request's 6 digits),
``OUT/devices-pairing-asking.png`` (lap's dialog: the same 6 digits, waiting for desk), and
``OUT/devices-chat-1366x768.png`` (lap's chat, answered by desk's model) and
``OUT/devices-models-1366x768.png`` (lap's Models view scrolled to "Your devices").
Run it under Xvfb (``QT_QPA_PLATFORM=xcb``): ``xvfb-run -s "-screen 0 1920x1080x24"
.venv/bin/python scripts/screenshot_devices.py docs/screenshots``.

Usage: python scripts/screenshot_devices.py OUT
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

PASSPHRASE = "a long and happy hearth"


def main() -> int:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="hearth-devices-"))
    os.environ["HEARTH_RUNTIME_DIR"] = str(work / "run")
    os.environ["HEARTH_HOME"] = str(work / "desk")
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    for d in ("run", "desk", "lap"):
        (work / d).mkdir(mode=0o700)

    from keyring.backends import fail
    from PySide6.QtWidgets import QApplication
    from screenshot_views import pump, pump_until  # scripts/ is this script's folder

    from app.gui.desktop import Desktop
    from app.services import create_vault
    from vault import Keychain
    from vault.settings import set_setting

    app = QApplication(["hearth"])
    keychain = Keychain(backend=fail.Keyring())

    def wait(seconds: float) -> None:
        pump(app, seconds)

    def wait_until(ok: Callable[[], bool], seconds: float = 120) -> None:
        pump_until(app, ok, seconds)

    def window(name: str, listen: str = "") -> Desktop:
        vault = create_vault(PASSPHRASE, keychain=keychain, home=work / name)
        set_setting(vault, "gateway_enabled", False)   # two windows here share one runtime folder
        if listen:
            set_setting(vault, "link_listen", listen)
        vault.lock()
        d = Desktop(keychain=keychain, home=work / name, tray_available=False, load_model=False)
        d.start()
        d.window.resize(1366, 768)
        panel = d.window.unlock_panel
        wait_until(lambda: panel.isVisible())
        panel.passphrase.setText(PASSPHRASE)
        panel.unlock_button.click()
        wait_until(lambda: d.session.is_open)
        wait(1.0)
        return d

    desk = window("desk", listen="127.0.0.7:0")
    lap = window("lap")
    desk.settings.link_serve.setChecked(True)
    wait_until(lambda: desk.link.serving)
    serving = desk.models.devices.open_code()
    wait_until(lambda: bool(serving.code_text))
    asking = lap.models.devices.open_pairing()
    asking.code.setPlainText(serving.code_text)
    wait_until(lambda: asking.pair_button.isEnabled())
    asking.name.setText("desk")
    asking.personal_yes.setChecked(True)
    asking.pair_button.click()
    wait_until(lambda: serving.confirm_button.isVisible() and bool(asking.shown))
    wait(0.5)
    serving.grab().save(str(out / "devices-pairing-serving.png"))
    asking.grab().save(str(out / "devices-pairing-asking.png"))
    serving.confirm_button.click()
    wait_until(lambda: asking.peer is not None)
    wait(0.3)
    asking.close()
    serving.close()
    lap.window.show_view("models")
    panel = lap.models.devices
    panel.refresh()
    wait_until(lambda: bool(panel.rows) and not panel._loading)
    panel.use_buttons["desk"].click()
    wait(1.0)
    # A question on lap, answered by desk's model: the chat, and the speed measured on first use.
    lap.window.show_view("chat")
    lap.chat.use_data.setChecked(False)
    finished: list[str] = []
    lap.chat.answer_finished.connect(finished.append)
    lap.chat.send("Write two sentences about the sea.")
    wait_until(lambda: bool(finished), 300)
    wait(0.6)
    lap.window.grab().save(str(out / "devices-chat-1366x768.png"))
    lap.window.show_view("models")
    panel.refresh()   # too short an answer measures no speed: the row says "online" alone then
    wait_until(lambda: not panel._loading)
    wait(1.0)
    scroll = lap.window.views.currentWidget()
    scroll.ensureWidgetVisible(panel, 0, 40)  # type: ignore[attr-defined]
    wait(0.6)
    lap.window.grab().save(str(out / "devices-models-1366x768.png"))
    for d in (lap, desk):
        d.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
