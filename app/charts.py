"""Drawing the engine's SVG charts with Qt: into an image for the window, or to a PNG file.

Both go through :func:`render_svg`, so a chart looks the same in the Models view and in
the file ``hearth eval report --chart x.png`` writes. No window is needed: without a
running Qt application one is started on the offscreen platform.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

#: The Qt application started here when there was none (it must outlive what it draws).
_app: object = None


def render_svg(svg: str, *, scale: float = 1.0) -> QImage:
    """``svg`` drawn on white at ``scale`` times its own size."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QByteArray
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    if QGuiApplication.instance() is None:
        global _app
        _app = QGuiApplication([])
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    size = renderer.defaultSize()
    image = QImage(int(size.width() * scale), int(size.height() * scale), QImage.Format.Format_ARGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image


def svg_to_png(svg: str, target: Path, *, scale: float = 2.0) -> None:
    if not render_svg(svg, scale=scale).save(str(target)):  # the format follows the .png suffix
        from engine.errors import EngineError

        raise EngineError(f"cannot write the chart to {target}: check the folder exists and is writable")

