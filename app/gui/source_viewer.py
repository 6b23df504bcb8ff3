"""The source viewer: the passage an answer used, rendered, with the quoted sentence marked.

A non-modal dialog: the source's name and place, the passage (Markdown rendered with raw
HTML off for Markdown files and notes, plain text otherwise), every quoted sentence found
in it highlighted and scrolled to, and "Open file" to open the original with the desktop's
own program (only for a file that is still there). The passage is data from outside: it is
never rendered as HTML.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.gui.chat_blocks import MARKDOWN
from app.gui.texts import local_times, source_title

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown")
HIGHLIGHT = "#ffe58a"


def _open_local(path: str) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(path))


class SourceViewer(QDialog):
    def __init__(self, src: dict[str, Any], text: str, quotes: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.src = src
        #: How "Open file" opens a path (tests put their own here).
        self.opener: Callable[[str], bool] = _open_local
        self.setWindowTitle("Source")
        self.setModal(False)
        self.resize(640, 520)
        col = QVBoxLayout(self)
        self.title = QLabel(source_title(src))
        self.title.setObjectName("viewerTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        col.addWidget(self.title)
        self.path = str(src.get("path") or "")
        self.where = QLabel(self.path)
        self.where.setObjectName("muted")
        self.where.setTextFormat(Qt.TextFormat.PlainText)
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.where.setVisible(bool(self.path))
        col.addWidget(self.where)
        self.passage = QTextBrowser()
        self.passage.setOpenLinks(False)
        col.addWidget(self.passage, 1)
        if not text:
            self.passage.setPlainText("This passage is no longer in your library.")
        elif self.path.lower().endswith(MARKDOWN_SUFFIXES) or src.get("kind") == "note":
            self.passage.document().setMarkdown(text, MARKDOWN)
        else:
            self.passage.setPlainText(local_times(text))
        self.found = self._highlight(quotes)
        buttons = QDialogButtonBox()
        self.open_button = buttons.addButton("Open file", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.setToolTip(self.path or "This source is not a file")
        self.open_button.setEnabled(bool(self.path) and Path(self.path).is_file())
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.open_button.clicked.connect(self.open_file)
        self.close_button.clicked.connect(self.close)
        col.addWidget(buttons)

    def _highlight(self, quotes: list[str]) -> list[str]:
        """Mark each quote found in the passage; the quotes found (the first is scrolled to)."""
        marks, found = [], []
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(HIGHLIGHT))
        fmt.setForeground(QColor("#1c1b1a"))
        doc = self.passage.document()
        for quote in quotes:
            cursor = self._find(doc, quote.strip())
            if cursor is None:
                continue
            sel = QTextEdit.ExtraSelection()
            sel.cursor, sel.format = cursor, fmt
            marks.append(sel)
            found.append(quote)
            if len(found) == 1:
                self.passage.setTextCursor(QTextCursor(cursor.block()))
                self.passage.ensureCursorVisible()
        self.passage.setExtraSelections(marks)
        return found

    @staticmethod
    def _find(doc: QTextDocument, quote: str) -> QTextCursor | None:
        # A quote is one sentence of the passage; Markdown rendering may have changed its
        # line breaks or emphasis, so its start and end are tried when the whole is not found.
        for needle in (quote, quote[:60]):
            if needle:
                c = doc.find(needle)
                if not c.isNull():
                    if needle != quote:
                        end = doc.find(quote[-30:], c.position())
                        if not end.isNull():
                            c.setPosition(end.position(), QTextCursor.MoveMode.KeepAnchor)
                    return c
        return None

    def open_file(self) -> None:
        if self.path and Path(self.path).is_file():
            self.opener(self.path)
