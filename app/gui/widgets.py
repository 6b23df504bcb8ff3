"""Small building blocks the views share, so that every page reflows the same way.

* :func:`heading` — a page's title and a wrapped one-line intro (never a fixed-width label
  that would hold the window wider than the screen).
* :func:`note` — a wrapped label; plain text unless the caller's words are its own markup.
* :func:`fit_rows` — a table as tall as its rows (up to a limit) inside a page that scrolls,
  instead of a table squeezed to its header.
* :func:`scrolling` — a view in a frameless scroll area: a small window scrolls the page
  rather than clip it or grow past the screen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QTableWidget, QVBoxLayout, QWidget


def note(text: str, *, rich: bool = False, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    if name:
        label.setObjectName(name)
    return label


def heading(title: str, intro: str = "") -> QWidget:
    """A page's title, with a line of introduction under it."""
    return _titled(title, intro, style="pageTitle", top=0, bottom=4)


def section(title: str, intro: str = "") -> QWidget:
    """A section's title within a page, with a line of introduction under it."""
    return _titled(title, intro, style="section", top=8, bottom=0)


def _titled(title: str, intro: str, *, style: str, top: int, bottom: int) -> QWidget:
    box = QWidget()
    col = QVBoxLayout(box)
    col.setContentsMargins(0, top, 0, bottom)
    col.setSpacing(2)
    col.addWidget(note(title, name=style))
    if intro:
        col.addWidget(note(intro, name="muted"))
    return box


def fit_rows(table: QTableWidget, *, least: int = 3, most: int = 12) -> None:
    """Make ``table`` tall enough for its rows (between ``least`` and ``most`` of them)."""
    rows = min(max(table.rowCount(), least), most)
    row_height = table.verticalHeader().defaultSectionSize()
    if table.rowCount():
        row_height = max(table.rowHeight(r) for r in range(min(table.rowCount(), most)))
    header = table.horizontalHeader().height() if table.horizontalHeader().isVisible() else 0
    header = header or table.horizontalHeader().sizeHint().height()
    scroll = table.horizontalScrollBar().sizeHint().height()
    table.setMinimumHeight(header + rows * row_height + 2 * table.frameWidth() + scroll)


def scrolling(view: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setObjectName("viewScroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(view)
    return area
