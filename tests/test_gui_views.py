"""The Library, the first-run welcome and the status bar as a new person meets them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.gui.desktop import Desktop
from tests.gui_support import WAIT_MS, write_notes

pytest_plugins = ["tests.gui_fixtures"]


def test_library_empty_state_then_rows_that_open(open_desktop: Desktop, qtbot: Any,
                                                 tmp_path: Path) -> None:
    view = open_desktop.library
    view.refresh()
    qtbot.waitUntil(lambda: not view.empty.isHidden(), timeout=WAIT_MS)
    assert view.table.isHidden() and "Add files" in view.empty.text()
    paths = write_notes(tmp_path / "docs")
    with qtbot.waitSignal(view.import_finished, timeout=WAIT_MS):
        view.import_paths([tmp_path / "docs"])
    qtbot.waitUntil(lambda: view.table.rowCount() == 3, timeout=WAIT_MS)
    assert view.empty.isHidden() and not view.table.isHidden()
    sizes = {view.table.item(r, 2).text() for r in range(3)}
    assert all(s.endswith(" B") or "KiB" in s for s in sizes), sizes   # as the terminal says
    assert all("\n" not in view.table.item(r, 3).text() for r in range(3))
    opened: list[str] = []
    view.opener = lambda p: opened.append(p) or True
    row = next(r for r in range(3) if view.table.item(r, 0).toolTip().endswith("boat.md"))
    view.table.cellDoubleClicked.emit(row, 0)
    assert opened == [str(next(p for p in paths if p.name == "boat.md"))]
    (tmp_path / "docs" / "boat.md").unlink()
    assert view.open_row(row) is False and "no longer" in view.banner.text()


def test_first_run_welcome_offers_first_steps(open_desktop: Desktop, qtbot: Any,
                                              monkeypatch: Any) -> None:
    d = open_desktop
    chat = d.chat
    assert d.window.current_view() == "chat"
    assert not chat.welcome.isHidden() and chat.welcome.title.text() == "Welcome to Hearth"
    assert all(not b.isHidden() for b in chat.welcome.steps)
    assert not chat.no_chats.isHidden() and chat.conv_list.isHidden()   # an empty list says so
    picked: list[bool] = []
    monkeypatch.setattr(d.library, "pick_files", lambda: picked.append(True))
    chat.welcome.add_files.click()
    assert d.window.current_view() == "library" and picked == [True]
    d.window.show_view("chat")
    chat.welcome.better_model.click()
    assert d.window.current_view() == "models"
    d.window.show_view("chat")
    chat.welcome.try_question.click()
    assert chat.input.toPlainText() == "What can you do with my files?"
    # No path of a socket (or anything else internal) in the status bar.
    assert "/" not in d.window.statusBar().currentMessage()
    assert "sock" not in d.window.vault_label.text() + d.window.model_label.text()
