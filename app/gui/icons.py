"""The app icon, from ``assets/icons`` (SVG plus pre-rendered PNGs).

A source checkout and an installed tree both keep ``assets/`` beside the
packages; when it is missing (an unusual install), a painted stand-in is used
so that the tray always has an icon to show.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPixmap

ICON_DIR = Path(__file__).resolve().parents[2] / "assets" / "icons"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


@cache
def app_icon() -> QIcon:
    icon = QIcon()
    for size in SIZES:
        png = ICON_DIR / f"hearth-{size}.png"
        if png.exists():
            icon.addFile(str(png))
    if icon.isNull():
        icon.addPixmap(_painted(64))
    return icon


def _painted(size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor("#4a2416"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(0, 0, size, size, size * 0.2, size * 0.2)
    s = size / 256
    flame = QPainterPath(QPointF(128 * s, 70 * s))
    flame.cubicTo(154 * s, 104 * s, 184 * s, 126 * s, 178 * s, 166 * s)
    flame.cubicTo(174 * s, 194 * s, 154 * s, 210 * s, 128 * s, 210 * s)
    flame.cubicTo(102 * s, 210 * s, 82 * s, 194 * s, 78 * s, 166 * s)
    flame.cubicTo(74 * s, 140 * s, 92 * s, 124 * s, 128 * s, 70 * s)
    painter.setBrush(QColor("#f7802a"))
    painter.drawPath(flame)
    painter.end()
    return pixmap
