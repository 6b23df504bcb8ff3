"""Evaluations in the window, on real widgets with the bundled model: run, cancel, tune, route."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.gui.desktop import Desktop
from tests.gui_support import WAIT_MS

pytest_plugins = ["tests.gui_fixtures"]

ITEMS = [("What is the capital of France?", "Paris", "fact"),
         ("Who wrote Hamlet?", "Shakespeare", "fact"),
         ("What is 2 plus 2?", "4", "math"),
         ("What is 10 times 3?", "30", "math")]


def eval_file(tmp_path: Path) -> Path:
    path = tmp_path / "mine.jsonl"
    path.write_text("".join(json.dumps({"input": q, "expected": a, "task": label}) + "\n"
                            for q, a, label in ITEMS))
    return path


def test_run_an_eval_set_then_apply_tuned_routing(loaded: Desktop, qtbot: Any, tmp_path: Path) -> None:
    from app.routing import build_router, load_policy

    panel = loaded.models.evals
    panel.refresh()
    assert "default" in panel.chosen()
    assert panel.choose(eval_file(tmp_path))
    assert "labels: fact, math" in panel.set_label.text()
    seen: list[Any] = []
    with qtbot.waitSignal(panel.results_changed, timeout=WAIT_MS * 3):
        task = panel.run()
        assert task is not None
        task.progressed.connect(seen.append)
    assert seen[-1][:2] == (len(panel.chosen()) * len(ITEMS), len(panel.chosen()) * len(ITEMS))
    qtbot.waitUntil(lambda: panel.table.rowCount() >= 2, timeout=WAIT_MS)
    labels = {panel.table.item(r, 1).text() for r in range(panel.table.rowCount())}
    assert labels == {"fact", "math"}
    panel.bar.setValue(0.01)
    with qtbot.waitSignal(panel.applied, timeout=WAIT_MS) as applied:
        panel.apply_button.click()
    assert set(applied.args[0].choices) == {"fact", "math"}
    assert "fact \u2192" in panel.status.text()
    vault = loaded.session.require_vault()
    assert set(load_policy(vault).choices) == {"fact", "math"}
    # The router now reads the person's labels from the stored inputs.
    route = build_router(vault).route([{"role": "user", "content": "What is 7 times 6?"}])
    assert route.task == "math" and route.example in {q for q, _, _ in ITEMS}


def test_cancel_stores_nothing(loaded: Desktop, qtbot: Any, tmp_path: Path) -> None:
    from engine.routing.evals import latest_results

    panel = loaded.models.evals
    panel.refresh()
    assert panel.choose(eval_file(tmp_path))
    task = panel.run()
    assert task is not None
    task.progressed.connect(lambda _v: panel.cancel_button.click())
    qtbot.waitUntil(lambda: panel.task is None and panel.run_button.isEnabled(), timeout=WAIT_MS * 2)
    assert "Cancelled" in panel.status.text()
    assert latest_results(loaded.session.require_vault()) == []


def test_a_bad_eval_set_is_named(open_desktop: Desktop, tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"input": "x", "expected": "y", "task": ""}\n')
    panel = open_desktop.models.evals
    assert not panel.choose(path)
    assert "line 1" in panel.set_label.text() and "task label" in panel.set_label.text()
    assert panel.run() is None and "Choose an eval set" in panel.status.text()


def test_results_stored_by_another_process_appear_when_shown(open_desktop: Desktop, qtbot: Any,
                                                              tmp_path: Path) -> None:
    from tests.conftest import PASSPHRASE, run_cli

    d = open_desktop
    panel = d.models.evals
    d.window.show()
    d.window.show_view("chat")
    qtbot.waitUntil(lambda: not d.runner.busy(), timeout=WAIT_MS)
    assert panel.table.rowCount() == 0
    out = run_cli("eval", "run", str(eval_file(tmp_path)), "--models", "default", "--max-tokens", "4",
                  env={"HEARTH_PASSPHRASE": PASSPHRASE}, timeout=300)
    assert out.returncode == 0, out.stderr
    d.window.show_view("models")
    panel.fold.open()
    qtbot.waitUntil(lambda: panel.table.rowCount() == 2, timeout=WAIT_MS)
