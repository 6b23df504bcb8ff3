"""Watched folders: changes are imported or forgotten while Hearth runs, and on next start."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import PASSPHRASE, run_cli
from tests.retrieval_fixtures import embedder_fixture, vault_fixture  # noqa: F401 - fixtures
from vault import Vault
from vault.watch import unwatch_folder, watch_folder, watched_folders

pytest_plugins = ["tests.gui_fixtures"]


def wait_for(check: Callable[[], bool], *, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError("the watcher did not catch up in time")


def sources(v: Vault) -> dict[str, int]:
    return {Path(r["uri"]).name: int(r["id"]) for r in v.query("SELECT id, uri FROM sources")}


def finds(v: Vault, word: str) -> bool:
    return bool(v.query_one("SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?", (f'"{word}"',))[0])


def test_changes_while_running_are_imported_moved_and_forgotten(vault: Vault, tmp_path: Path,
                                                                embedder: Any) -> None:
    from engine.search.retrieval import Retriever
    from engine.search.watcher import FolderWatcher

    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "a.md").write_text("# Alpha\n\nThe gate code is wisteria.")
    watch_folder(vault, folder)
    changed: list[str] = []
    with Retriever.open(vault, embedder=embedder) as retriever:
        watcher = FolderWatcher(retriever, on_change=changed.append, settle_seconds=1.0).start()
        try:
            wait_for(lambda: "a.md" in sources(vault))  # the start-up rescan
            (folder / "b.md").write_text("# Bravo\n\nThe kayak is stored at pier nine.")
            wait_for(lambda: "b.md" in sources(vault))
            (folder / "a.md").write_text("# Alpha\n\nThe gate code is now hollyhock.")
            wait_for(lambda: finds(vault, "hollyhock") and not finds(vault, "wisteria"))
            b_id = sources(vault)["b.md"]
            (folder / "sub").mkdir()
            os.rename(folder / "b.md", folder / "sub" / "c.md")
            wait_for(lambda: "c.md" in sources(vault) and "b.md" not in sources(vault))
            assert sources(vault)["c.md"] == b_id  # moved: the same source, its passages kept
            (folder / "a.md").unlink()
            wait_for(lambda: "a.md" not in sources(vault))
            (folder / ".hidden.md").write_text("# Hidden\n\nnot for import")
            (folder / "photo.png").write_bytes(b"\x89PNG")
            time.sleep(0.6)
            wait_for(watcher.idle)
            assert set(sources(vault)) == {"c.md"} and watcher.errors == []
            assert changed and watched_folders(vault)[0].scanned_at > 0
        finally:
            watcher.stop()


def test_changes_made_while_closed_are_caught_up_at_start(vault: Vault, tmp_path: Path,
                                                          embedder: Any) -> None:
    from engine.search.retrieval import Retriever
    from engine.search.watcher import FolderWatcher

    folder = tmp_path / "docs"
    (folder / "old").mkdir(parents=True)
    (folder / "keep.md").write_text("# Keep\n\nUnchanged text about the orchard.")
    (folder / "edit.txt").write_text("The boat license renews in May.")
    (folder / "gone.txt").write_text("The spare key is under the flowerpot.")
    (folder / "old" / "moved.txt").write_text("Grandma's recipe uses cardamom and rye.")
    watch_folder(vault, folder)
    with Retriever.open(vault, embedder=embedder) as retriever:
        retriever.ingest([folder], embed_now=False)
        before = sources(vault)
        # Hearth is closed: the person edits, deletes, moves and adds files.
        (folder / "edit.txt").write_text("The boat license renews in September.")
        os.utime(folder / "edit.txt", (time.time() + 5, time.time() + 5))
        (folder / "gone.txt").unlink()
        os.rename(folder / "old" / "moved.txt", folder / "moved-here.txt")
        (folder / "new.md").write_text("# New\n\nThe choir meets on Thursdays.")
        watcher = FolderWatcher(retriever, settle_seconds=1.0).start()
        try:
            wait_for(lambda: "new.md" in sources(vault) and "gone.txt" not in sources(vault))
            wait_for(watcher.idle)
        finally:
            watcher.stop()
        after = sources(vault)
        assert set(after) == {"keep.md", "edit.txt", "moved-here.txt", "new.md"}
        assert after["keep.md"] == before["keep.md"]
        assert after["moved-here.txt"] == before["moved.txt"]  # re-pointed, not imported again
        assert finds(vault, "september") and not finds(vault, "may")
        assert not finds(vault, "flowerpot") and finds(vault, "cardamom")


def test_cli_watch_list_and_unwatch(tmp_path: Path, home: Path) -> None:
    env = {"HEARTH_PASSPHRASE": PASSPHRASE}
    assert run_cli("vault", "init", env=env).returncode == 0
    folder = tmp_path / "journal"
    folder.mkdir()
    (folder / "day.md").write_text("# Monday\n\nPlanted garlic by the fence.")
    refused = run_cli("add", "--watch", str(folder / "day.md"), env=env)
    assert refused.returncode != 0 and "only folders can be watched" in refused.stderr
    added = run_cli("add", "--watch", str(folder), env=env, timeout=300)
    assert added.returncode == 0, added.stderr
    assert "Watching" in added.stdout
    listed = run_cli("watched", env=env)
    assert str(folder.resolve()) in listed.stdout
    assert run_cli("unwatch", str(folder), env=env).returncode == 0
    assert "No folder is watched" in run_cli("watched", env=env).stdout
    with Vault.unlock(passphrase=PASSPHRASE, home=home) as v:
        assert "day.md" in sources(v)  # what was imported stays
        assert watched_folders(v) == [] and not unwatch_folder(v, folder)


def test_library_switch_watches_added_folders_and_shows_changes(
        open_desktop: Any, qtbot: Any, tmp_path: Path) -> None:
    from tests.gui_support import WAIT_MS, write_notes

    view = open_desktop.library
    qtbot.waitUntil(lambda: not open_desktop.runner.busy(), timeout=WAIT_MS)
    view.watch_switch.setChecked(True)
    folder = tmp_path / "synced"
    write_notes(folder)
    with qtbot.waitSignal(view.import_finished, timeout=WAIT_MS):
        view.import_paths([folder])
    qtbot.waitUntil(lambda: view.table.rowCount() == 3, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "Keeping 1 folder(s) in sync" in view.status_label.text(), timeout=WAIT_MS)
    vault = open_desktop.session.require_vault()
    assert [w.path for w in watched_folders(vault)] == [str(folder.resolve())]
    (folder / "later.md").write_text("# Later\n\nThe bike lock code is 4471.")
    qtbot.waitUntil(lambda: view.table.rowCount() == 4, timeout=WAIT_MS)  # no click needed
    # Vectors follow in the background: the status line counts down to nothing left.
    qtbot.waitUntil(lambda: "by meaning" not in view.status_label.text(), timeout=WAIT_MS)
    from vault.sources import count_missing_embedding

    assert count_missing_embedding(vault, model="all-MiniLM-L6-v2-int8") == 0
    view.watch_switch.setChecked(False)
    qtbot.waitUntil(lambda: watched_folders(vault) == [], timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "in sync" not in view.status_label.text(), timeout=WAIT_MS)
