"""Nothing clipped: at 800x600 and 1366x768 every visible label's and button's text fits its widget,
on every view, in the real window with real content (a chat, a file, the catalog)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from app.gui.desktop import Desktop
from engine.answering.chat import QuoteRef, SourceRef, Turn, TurnMeta
from tests.gui_support import WAIT_MS, write_notes

pytest_plugins = ["tests.gui_fixtures"]

VIEWS = ("chat", "library", "models", "privacy", "settings")


def _plain(label: QLabel) -> str:
    text = label.text()
    if label.textFormat() == Qt.TextFormat.RichText or (
            label.textFormat() == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text)):
        doc = QTextDocument()
        doc.setHtml(text)
        return doc.toPlainText()
    return text


def cut_sideways(w: QWidget) -> bool:
    """Whether a parent (a scroll area's viewport, a splitter) hides part of ``w``'s width."""
    seen = w.visibleRegion().boundingRect()
    return not seen.isEmpty() and seen.width() < w.width() - 1


def clipped(root: QWidget) -> list[str]:
    """Every visible label or button under ``root`` whose text does not fit, in words."""
    out = [f"{type(w).__name__} {(w.text() or '')[:40]!r} is cut off at the side"
           for w in [*root.findChildren(QLabel), *root.findChildren(QPushButton)]
           if w.isVisible() and w.text() and cut_sideways(w)]
    for w in root.findChildren(QLabel):
        if not w.isVisible() or not w.text() or (w.pixmap() is not None and not w.pixmap().isNull()):
            continue
        rect = w.contentsRect()
        fm = w.fontMetrics()
        text = _plain(w)
        if w.wordWrap():
            need = w.heightForWidth(w.width())
            if need > w.height() + 1:
                out.append(f"{type(w.window()).__name__}: label {text[:50]!r} needs {need} px high, has "
                           f"{w.height()}")
            continue
        widest = max((fm.horizontalAdvance(line) for line in text.split("\n")), default=0)
        if widest > rect.width() + 1:
            out.append(f"label {text[:50]!r} needs {widest} px, has {rect.width()}")
    for b in root.findChildren(QPushButton):
        if not b.isVisible() or not b.text():
            continue
        text = b.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        icon = b.iconSize().width() if not b.icon().isNull() else 0
        need = b.fontMetrics().horizontalAdvance(text) + icon
        if need > b.contentsRect().width() - 4:
            out.append(f"button {text[:50]!r} needs {need} px, has {b.contentsRect().width()}")
    return out


def _content(qtbot: Any, d: Desktop, folder: Path) -> None:
    write_notes(folder)
    with qtbot.waitSignal(d.library.import_finished, timeout=WAIT_MS):
        d.library.import_paths([folder])
    src = SourceRef.from_dict({"n": 1, "kind": "chunk", "title": "The boat", "path": str(folder / "boat.md")})
    meta = TurnMeta(sources=(src,), quotes=(QuoteRef("Our sailing boat is named Marigold and is moored "
                                                     "at pier 7.", 1, str(folder / "boat.md"), "The boat"),),
                    headline="quote", model="default", stopped="cancelled")
    d.chat.history = [Turn("user", "What is our boat called, and where is it moored?"),
                      Turn("assistant", "It is called Marigold and is moored at pier 7 [1].", meta)]
    d.chat._render()


@pytest.mark.parametrize("size", [(800, 600), (1366, 768)])
def test_every_label_and_button_fits_at(open_desktop: Desktop, qtbot: Any, tmp_path: Path,
                                        size: tuple[int, int]) -> None:
    d = open_desktop
    _content(qtbot, d, tmp_path / "docs")
    d.window.resize(*size)
    d.window.show()
    qtbot.waitExposed(d.window)
    d.models.load_catalog()
    qtbot.waitUntil(lambda: len(d.models.catalog.cards) > 0, timeout=WAIT_MS)
    problems = []
    for name in VIEWS:
        d.window.show_view(name)
        qtbot.wait(150)
        QApplication.processEvents()
        assert d.window.width() <= size[0] and d.window.height() <= size[1], \
            f"{name} holds the window at {d.window.width()}x{d.window.height()}"
        problems += [f"{name}: {p}" for p in clipped(d.window)]
    # The first-run welcome with its three first steps.
    d.chat.new_chat()
    d.chat.welcome.set_has_chats(False)
    d.window.show_view("chat")
    qtbot.wait(150)
    assert not d.chat.welcome.add_files.isHidden()
    problems += [f"welcome: {p}" for p in clipped(d.window)]
    assert problems == []


def test_the_model_cards_reflow_with_the_window(open_desktop: Desktop, qtbot: Any) -> None:
    d = open_desktop
    d.window.resize(800, 600)
    d.window.show()
    qtbot.waitExposed(d.window)
    d.models.load_catalog()
    qtbot.waitUntil(lambda: len(d.models.catalog.cards) > 0, timeout=WAIT_MS)
    d.window.show_view("models")
    qtbot.wait(150)
    grid = d.models.catalog.grid
    narrow = grid.columns
    assert narrow == grid.columns_for(grid.width()) < 3
    assert all(c.x() >= 0 and c.geometry().right() <= grid.width() for c in grid.cards)
    # Every card tells how the model runs here in the four words, and offers its own Download.
    words = {"Good here", "Slow here", "Too slow to use", "Too big for this computer", "Fits here"}
    assert {c.fit.text().split(" (")[0] for c in grid.cards} <= words
    assert all(c.download_button.text() == "Download" and c.download_button.isVisible()
               for c in grid.cards)
    d.window.resize(1920, 1080)
    qtbot.waitUntil(lambda: grid.columns > narrow, timeout=WAIT_MS)
    qtbot.wait(150)
    QApplication.processEvents()
    cols = {grid.grid.getItemPosition(grid.grid.indexOf(c))[1] for c in grid.cards}
    assert cols == set(range(grid.columns)) and clipped(d.window) == []
    # However wide the window, a card stays a card's width: more columns, not wider cards.
    from app.gui.model_cards import CARD_WIDTH, WIDEST_CARD

    assert all(CARD_WIDTH <= c.width() <= WIDEST_CARD for c in grid.cards), [c.width() for c in grid.cards]
    for width in (600, 1700, 3600):
        n = grid.columns_for(width)
        assert CARD_WIDTH <= (width - (n - 1) * 10) / n <= WIDEST_CARD or n == 1, (width, n)


@pytest.mark.parametrize("size", [(800, 600), (1366, 768)])
def test_the_network_log_fits_the_window_with_every_cell_whole(open_desktop: Desktop, qtbot: Any,
                                                               size: tuple[int, int]) -> None:
    import time

    from PySide6.QtCore import QRect

    from vault.netlog import NetEntry, record

    d = open_desktop
    path = "/bartowski/Llama-3.2-3B-Instruct-GGUF/resolve/main/Llama-3.2-3B-Instruct-Q4_K_M.gguf"
    now = time.time()
    vault = d.session.require_vault()
    record(vault, NetEntry(
        kind="download", host="huggingface.co", path=path, status="ok", started_at=now - 60,
        ended_at=now, bytes_in=2_019_377_376, sha256="6c1a2b41" * 8, started_by="window: Models view"))
    record(vault, NetEntry(
        kind="hub_api", host="huggingface.co", path="/api/models?search=qwen3&sort=downloads&limit=20",
        status="failed: the connection was refused", started_at=now - 30, ended_at=now - 29,
        bytes_out=312, bytes_in=0, started_by="cli: hearth models search"))
    record(vault, NetEntry(
        kind="model_call", host="inference.models-of-a-very-long-name.example.org",
        path="/v1/chat/completions", method="POST", status="200", started_at=now - 10,
        ended_at=now - 8, bytes_out=48_211, bytes_in=3_907, personal=True,
        consent="this question only", detail="llama-3.3-70b", started_by="window: chat"))
    d.window.resize(*size)
    d.window.show()
    qtbot.waitExposed(d.window)
    d.window.show_view("privacy")
    log = d.privacy.network
    task = log.refresh()
    assert task is not None
    qtbot.waitUntil(lambda: task.done and log.table.rowCount() == 3, timeout=WAIT_MS)
    qtbot.wait(100)
    QApplication.processEvents()
    table = log.table
    assert [table.horizontalHeaderItem(c).text() for c in range(4)] == ["When", "What", "Personal",
                                                                       "Status"]
    shown = [table.item(r, 5).text().replace("\u200b", "") for r in range(3)]
    assert f"GET {path}" in shown
    # The whole row is in view: nothing to scroll sideways to, every column inside the table.
    assert table.horizontalScrollBar().maximum() == 0
    assert sum(table.columnWidth(c) for c in range(table.columnCount())) <= table.viewport().width()
    # No column is narrower than its heading's words.
    header = table.horizontalHeader()
    for c in range(table.columnCount()):
        words = table.horizontalHeaderItem(c).text()
        assert table.columnWidth(c) >= header.fontMetrics().horizontalAdvance(words) + 8, \
            (words, table.columnWidth(c))
    # Every cell's words fit its cell: long ones on as many lines as they need, nothing elided.
    for r in range(table.rowCount()):
        for c in range(table.columnCount()):
            cell = table.item(r, c)
            rect = table.visualRect(table.model().index(r, c))
            need = table.fontMetrics().boundingRect(QRect(0, 0, rect.width() - 6, 10_000),
                                                   int(Qt.TextFlag.TextWordWrap), cell.text())
            assert need.width() <= rect.width() - 6 and need.height() <= rect.height(), \
                (cell.text(), need, rect)


def test_banners_coming_and_going_leave_the_window_as_it_was(open_desktop: Desktop, qtbot: Any) -> None:
    d = open_desktop
    d.window.resize(800, 600)
    d.window.show()
    qtbot.waitExposed(d.window)
    words = ("Hearth could not read “a very long file name that goes on and on and on.pdf”: the "
             "file is damaged or not a PDF at all; nothing was added and nothing else changed.")
    offer = d.models.model_offer
    for name, view in (("chat", d.chat), ("library", d.library), ("models", d.models),
                       ("privacy", d.privacy), ("settings", d.settings)):
        d.window.show_view(name)
        banner = view.banner
        for show in (lambda b=banner: b.show_error(words), lambda b=banner: b.show_info(words),
                     offer.show, banner.clear, offer.hide):
            show()
            qtbot.wait(30)
            QApplication.processEvents()
            assert d.window.size().toTuple() == (800, 600), (name, d.window.size())


def test_the_network_log_keeps_its_heading_filters_and_rows_together(open_desktop: Desktop,
                                                                       qtbot: Any) -> None:
    d = open_desktop
    d.window.resize(1920, 1080)
    d.window.show()
    qtbot.waitExposed(d.window)
    d.window.show_view("privacy")
    log = d.privacy.network
    task = log.refresh()
    assert task is not None
    qtbot.waitUntil(lambda: task.done, timeout=WAIT_MS)
    qtbot.wait(100)
    QApplication.processEvents()
    # Empty or not, the page's spare height goes below the rows, not between heading and filters.
    under = log.table if log.table.isVisible() else log.empty
    bar = log.kind_filter.geometry()
    assert bar.top() < 120, bar
    assert under.geometry().top() - bar.bottom() < 24, (under.geometry(), bar)
