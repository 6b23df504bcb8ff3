"""The GUI's worker runner: one ordered worker per resource, results back on the GUI thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from app.gui.runner import Runner, Task
from vault import VaultLocked


@pytest.fixture
def runner(qtbot: Any) -> Iterator[Runner]:
    r = Runner()
    yield r
    r.shutdown(wait=True)


def test_jobs_on_one_resource_run_in_order_off_the_gui_thread(runner: Runner, qtbot: Any) -> None:
    gui = threading.get_ident()
    ran: list[tuple[int, int]] = []

    def job(n: int) -> int:
        time.sleep(0.01 * (5 - n))  # later jobs are quicker: only a queue keeps them in order
        ran.append((n, threading.get_ident()))
        return n

    tasks = [runner.submit("vault", job, n) for n in range(5)]
    results: list[Any] = []
    delivered_on: list[int] = []
    for t in tasks:
        t.succeeded.connect(lambda v: (results.append(v), delivered_on.append(threading.get_ident())))
    qtbot.waitUntil(lambda: len(results) == 5, timeout=10_000)
    assert [n for n, _ in ran] == list(range(5)) == results
    assert len({tid for _, tid in ran}) == 1 and ran[0][1] != gui
    assert set(delivered_on) == {gui}


def test_two_resources_run_side_by_side(runner: Runner, qtbot: Any) -> None:
    gate = threading.Event()
    blocked = runner.submit("model", gate.wait, 10)
    quick = runner.submit("vault", lambda: "done")
    qtbot.waitUntil(lambda: quick.done, timeout=10_000)
    assert quick.result == "done" and not blocked.done
    gate.set()
    qtbot.waitUntil(lambda: blocked.done, timeout=10_000)


def test_errors_arrive_as_failed_signals(runner: Runner, qtbot: Any) -> None:
    def fail() -> None:
        raise VaultLocked("the vault is locked")

    task = runner.submit("vault", fail)
    with qtbot.waitSignal(task.failed, timeout=10_000) as blocker:
        pass
    assert isinstance(blocker.args[0], VaultLocked)
    assert task.done and task.error is blocker.args[0]


def test_stream_delivers_items_and_stops_when_cancelled(runner: Runner, qtbot: Any) -> None:
    closed = threading.Event()

    def numbers() -> Iterator[int]:
        try:
            n = 0
            while True:
                yield n
                n += 1
                time.sleep(0.005)
        finally:
            closed.set()

    seen: list[int] = []
    task = runner.stream("model", numbers)

    def got(n: int) -> None:
        seen.append(n)
        if n == 10:
            task.cancel.set()

    task.progressed.connect(got)
    qtbot.waitUntil(lambda: task.done, timeout=10_000)
    assert closed.is_set(), "the producer must be closed, so it can stop its own work"
    assert seen[:11] == list(range(11)) and len(seen) < 100


def test_a_job_can_report_progress_and_see_its_cancel_event(runner: Runner, qtbot: Any) -> None:
    def work(task: Task) -> int:
        for i in range(3):
            task.report(i)
        return 7 if not task.cancel.is_set() else -1

    values: list[int] = []
    t = runner.submit("import", work)
    t.progressed.connect(values.append)
    with qtbot.waitSignal(t.finished, timeout=10_000):
        pass
    assert values == [0, 1, 2] and t.result == 7


def test_inline_runner_runs_at_once(qtbot: Any) -> None:
    r = Runner(inline=True)
    assert r.submit("vault", lambda: threading.get_ident()).result == threading.get_ident()


def test_after_shutdown_jobs_fail_instead_of_hanging(qtbot: Any) -> None:
    r = Runner()
    r.shutdown()
    task = r.submit("vault", lambda: 1)
    qtbot.waitUntil(lambda: task.done, timeout=10_000)
    assert task.error is not None
