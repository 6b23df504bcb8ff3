"""Rendering the engine's SVG charts to PNG with Qt (offscreen, no window needed)."""

from __future__ import annotations

import os
from pathlib import Path


def svg_to_png(svg: str, target: Path, *, scale: float = 2.0) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QByteArray
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    size = renderer.defaultSize()
    image = QImage(int(size.width() * scale), int(size.height() * scale), QImage.Format.Format_ARGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    if not image.save(str(target)):  # the format follows the .png suffix
        from engine.errors import EngineError

        raise EngineError(f"cannot write the chart to {target}: check the folder exists and is writable")
