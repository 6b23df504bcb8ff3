"""Desktop entry point (the full desktop app arrives with its own module set)."""

from __future__ import annotations

import sys


def run_gui() -> int:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    window = QMainWindow()
    window.setWindowTitle("Hearth")
    label = QLabel("Hearth is starting. Use the 'hearth' command in a terminal for now.")
    label.setMargin(24)
    window.setCentralWidget(label)
    window.resize(640, 400)
    window.show()
    return int(app.exec())
