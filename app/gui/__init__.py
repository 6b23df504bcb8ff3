"""The Hearth desktop app (PySide6): ``run_gui()`` starts it and returns the exit status.

``hearth`` with no command calls :func:`run_gui`. ``--quick`` (from
``sys.argv`` or the ``quick`` argument) opens only the quick-ask box; if
Hearth is already running, the request goes to that instance and this process
exits at once. Heavy modules (llama.cpp, chromadb, onnxruntime, didkit) are
imported only after the window is on screen.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any


def build(argv: Sequence[str] | None = None, *, keychain: Any = None,
          tray_available: bool | None = None) -> tuple[Any, Any]:
    """The QApplication and the Desktop controller, not yet started."""
    from PySide6.QtWidgets import QApplication

    from app.gui.desktop import ActivityFilter, Desktop
    from app.gui.icons import app_icon

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv or sys.argv[:1]))
    app.setApplicationName("Hearth")
    app.setApplicationDisplayName("Hearth")
    app.setDesktopFileName("hearth")
    app.setWindowIcon(app_icon())
    desktop = Desktop(keychain=keychain, tray_available=tray_available)
    activity = ActivityFilter(desktop.session, parent=desktop)
    app.installEventFilter(activity)
    return app, desktop


def run_gui(argv: Sequence[str] | None = None, *, quick: bool | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if quick is None:
        quick = "--quick" in args
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    from app.gui.instance import InstanceServer, hand_over

    if hand_over("quick" if quick else "show"):
        return 0
    _, desktop = build()
    server = InstanceServer(lambda cmd: desktop.quick.popup() if cmd == "quick" else desktop.show_window(),
                            parent=desktop)
    desktop.start(quick=quick)
    try:
        return int(app.exec())
    finally:
        server.close()
        desktop.quit()


__all__ = ["build", "run_gui"]
