"""Screenshots of every view of the real app, at three window sizes, light and dark.

Run by ``scripts/screenshots`` under Xvfb (a real X server, ``QT_QPA_PLATFORM=xcb``) in a
throwaway Hearth home that already holds a vault with a few documents. It unlocks through
the unlock form, asks a real question of the bundled model, opens the source viewer, and
saves ``OUT/<view>-<width>x<height>-<theme>.png`` for the unlock form, the first-run welcome,
the chat, the source viewer, the chat after its question was edited and asked again (‹ 2/2 ›
on the question), the chat after a question whose answer Hearth is not sure of ("I'm not sure;
this may be it:" and the closest passages), Library, Models (and its model cards, scrolled to
them), Privacy and Settings.

Usage: python scripts/screenshot_views.py OUT PASSPHRASE QUESTION UNSURE_QUESTION
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SIZES = ((800, 600), (1366, 768), (1920, 1080))
THEMES = ("light", "dark")
VIEWS = ("chat", "library", "models", "privacy", "settings")


def pump(app: Any, seconds: float) -> None:
    """Run ``app``'s event loop for ``seconds`` (the screenshot scripts share it)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def pump_until(app: Any, ok: Callable[[], bool], seconds: float = 120) -> None:
    """Run ``app``'s event loop until ``ok()``; give up after ``seconds``."""
    end = time.monotonic() + seconds
    while not ok() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)
    if not ok():
        raise SystemExit("gave up waiting")


def main() -> int:
    out, passphrase, question, unsure = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    out.mkdir(parents=True, exist_ok=True)
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

    from app.gui import build, theme

    app, desktop = build(["hearth"])
    assert isinstance(app, QApplication)
    window = desktop.window

    def wait(seconds: float) -> None:
        pump(app, seconds)

    def wait_until(ok: Callable[[], bool], seconds: float = 120) -> None:
        pump_until(app, ok, seconds)

    def shoot(name: str, widget: object = None, then: Callable[[], None] | None = None) -> None:
        for mode in THEMES:
            theme.apply(mode, theme.DEFAULT_SIZE)
            for w, h in SIZES:
                window.resize(w, h)
                wait(0.6)
                if then is not None:
                    then()
                    wait(0.3)
                target = widget if widget is not None else window
                target.grab().save(str(out / f"{name}-{w}x{h}-{mode}.png"))  # type: ignore[attr-defined]

    def scroll_to(widget: QWidget) -> None:
        area = widget.parent()
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parent()
        inner = area.widget() if isinstance(area, QScrollArea) else None
        if isinstance(area, QScrollArea) and inner is not None:
            area.verticalScrollBar().setValue(widget.mapTo(inner, QPoint(0, 0)).y())

    desktop.start()
    wait_until(lambda: window.isVisible())
    wait(1.5)
    shoot("unlock")
    window.unlock_panel.passphrase.setText(passphrase)
    window.unlock_panel.unlock_button.click()
    wait_until(lambda: desktop.session.is_open)
    wait_until(lambda: desktop.host.model is not None and not desktop.runner.busy())
    desktop.chat.new_chat()
    shoot("welcome")
    done: list[str] = []
    desktop.chat.answer_finished.connect(done.append)
    desktop.chat.send(question)
    wait_until(lambda: bool(done), 300)
    wait_until(lambda: not desktop.runner.busy())
    shoot("chat")
    block = desktop.chat.transcript.blocks[-1]
    if block.source_buttons:
        block.source_buttons[0].click()
        wait_until(lambda: desktop.chat.viewer is not None)
        viewer = desktop.chat.viewer
        for mode in THEMES:
            theme.apply(mode, theme.DEFAULT_SIZE)
            wait(0.5)
            viewer.grab().save(str(out / f"source-viewer-{mode}.png"))
        viewer.close()
    # Edit and resend: the first question and its answer stay as version 1 of 2.
    desktop.chat.transcript.blocks[0].edit_button.click()
    desktop.chat.input.setPlainText("When does our flight to Lisbon leave?")
    done.clear()
    desktop.chat.send()
    wait_until(lambda: bool(done), 300)
    wait_until(lambda: not desktop.runner.busy())
    shoot("chat-versions")
    desktop.chat.new_chat()
    done.clear()
    desktop.chat.send(unsure)
    wait_until(lambda: bool(done), 300)
    wait_until(lambda: not desktop.runner.busy())
    shoot("chat-unsure")
    for name in VIEWS[1:]:
        window.show_view(name)
        wait(1.0)
        if name == "models":
            wait_until(lambda: desktop.models.catalog.machine is not None, 120)
        shoot(name)
        if name == "models":
            shoot("models-catalog", then=lambda: scroll_to(desktop.models.catalog))
    theme.apply("light", theme.DEFAULT_SIZE)
    desktop.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
